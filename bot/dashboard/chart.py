"""The dashboard's chart: source kinds per week as stacked bars, a PNG small enough to post in a thread."""

from __future__ import annotations

import io

from bot.dashboard.stats import Dashboard

WIDTH, HEIGHT = 640, 320
_MARGIN_LEFT, _MARGIN_BOTTOM, _MARGIN_TOP = 48, 40, 40
COLOURS: dict[str, tuple[int, int, int]] = {  # colour-blind-safe (Okabe–Ito)
    "person": (0, 114, 178), "organisation": (0, 158, 115), "anonymous": (213, 94, 0),
    "outlet": (204, 121, 167), "document": (230, 159, 0),
}
LABELS = {"person": "named person", "organisation": "organisation", "anonymous": "anonymous",
          "outlet": "other outlet", "document": "document"}


def source_kinds_png(board: Dashboard) -> bytes:
    """Stacked bars, one a week, with a legend; Pillow is imported here, only when a chart is asked for."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    weeks = board.weekly_kinds
    tallest = max((sum(counts.values()) for _, counts in weeks), default=0) or 1
    plot_height = HEIGHT - _MARGIN_BOTTOM - _MARGIN_TOP
    slot = (WIDTH - _MARGIN_LEFT - 16) / max(len(weeks), 1)
    draw.text((_MARGIN_LEFT, 8), "Sources by kind, per week", fill=(0, 0, 0))
    draw.line([(_MARGIN_LEFT, HEIGHT - _MARGIN_BOTTOM), (WIDTH - 16, HEIGHT - _MARGIN_BOTTOM)], fill=(0, 0, 0))
    draw.text((8, _MARGIN_TOP - 4), str(tallest), fill=(0, 0, 0))
    for index, (week, counts) in enumerate(weeks):
        left = _MARGIN_LEFT + index * slot + slot * 0.15
        right = left + slot * 0.7
        bottom = HEIGHT - _MARGIN_BOTTOM
        for kind, colour in COLOURS.items():
            height = counts.get(kind, 0) / tallest * plot_height
            if height:
                draw.rectangle([left, bottom - height, right, bottom], fill=colour)
                bottom -= height
        draw.text((left, HEIGHT - _MARGIN_BOTTOM + 6), week[5:], fill=(0, 0, 0))
    x = _MARGIN_LEFT
    for kind, colour in COLOURS.items():
        draw.rectangle([x, HEIGHT - 14, x + 10, HEIGHT - 4], fill=colour)
        draw.text((x + 14, HEIGHT - 16), LABELS[kind], fill=(0, 0, 0))
        x += 14 + int(draw.textlength(LABELS[kind])) + 16
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
