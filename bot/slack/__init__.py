"""The Slack shell: Bolt listeners, delivery dedupe, the work pool and replies."""
