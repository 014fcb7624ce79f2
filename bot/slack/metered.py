"""The Bolt app, counting what Slack sends and what it is answered (for /metrics, issue 21 item 5).

`dispatch` is where both HTTP mode (Bolt's WSGI adapter) and Socket Mode hand over each request and get
the response Slack will see, so it is the one place that knows whether a request was acked.
"""

from __future__ import annotations

from slack_bolt import App, BoltRequest, BoltResponse

from bot.observability import metrics


class MeteredApp(App):
    def dispatch(self, req: BoltRequest) -> BoltResponse:
        kind = metrics.event_type(req.body)
        metrics.count(lambda m: m.events_received, kind)
        response = super().dispatch(req)
        if 200 <= response.status < 300:
            metrics.count(lambda m: m.events_acked, kind)
        return response
