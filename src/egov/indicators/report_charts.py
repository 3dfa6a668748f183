"""Charts of the printed report as PNG images, drawn with Pillow from the indicators'
figures: a DOCX can only embed raster images, and the PDF shows the same picture. Nothing
is downloaded: the fonts are the document's own (egov.printing.fonts)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from egov.indicators.base import Number
from egov.printing import fonts
from egov.printing import vietnamese as vn

# Drawn at 200 dpi for a 16 cm wide picture.
WIDTH, HEIGHT = 1260, 560
BAR = (29, 95, 168)
SECOND = (230, 140, 40)
GRID = (204, 204, 204)
TEXT = (34, 34, 34)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Number, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart: one label per group of bars, one series per colour."""

    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    percent: bool = False

    def png(self) -> bytes:
        return bar_chart_png(self)


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    family = fonts.serif_family()
    wanted = "bold" if bold else "normal"
    face = next((f for f in family.faces if f.weight == wanted and f.style == "normal"),
                family.faces[0])
    return ImageFont.truetype(str(face.path), size)


def _nice_top(value: float) -> float:
    """Four equal steps of 1, 2, 2.5 or 5 times a power of ten reaching ``value``."""
    if value <= 0:
        return 4
    step = value / 4
    power = 10 ** math.floor(math.log10(step))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= step:
            return factor * power * 4
    return 40 * power


def number_text(value: Number, percent: bool = False) -> str:
    """A figure as the report prints it: 15.068, 93,5 %, — for nothing."""
    if value is None:
        return "—"
    if percent:
        text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{text} %"
    return vn.group_digits(round(value))


def _label(value: float, percent: bool) -> str:
    return number_text(value, percent)


def bar_chart_png(chart: Chart) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = 130, 30, 70, 90
    plot_w, plot_h = WIDTH - left - right, HEIGHT - top - bottom
    draw.text((WIDTH / 2, 12), chart.title, font=_font(30, bold=True), fill=TEXT, anchor="mt")
    values = [v or 0 for s in chart.series for v in s.values]
    top_value = _nice_top(max([*values, 0]))
    for step in range(5):
        y = top + plot_h - plot_h * step / 4
        draw.line([(left, y), (left + plot_w, y)], fill=GRID, width=2)
        draw.text((left - 12, y), _label(top_value * step / 4, chart.percent),
                  font=_font(22), fill=TEXT, anchor="rm")
    groups = max(len(chart.labels), 1)
    slot = plot_w / groups
    bar_w = slot * 0.7 / max(len(chart.series), 1)
    colours = (BAR, SECOND)
    for index, label in enumerate(chart.labels):
        x0 = left + index * slot + slot * 0.15
        for number, series in enumerate(chart.series):
            value = series.values[index] or 0
            height = plot_h * value / top_value
            x = x0 + number * bar_w
            if height > 0:
                draw.rectangle([(x, top + plot_h - height), (x + bar_w - 2, top + plot_h)],
                               fill=colours[number % len(colours)])
        draw.text((left + index * slot + slot / 2, top + plot_h + 10), label,
                  font=_font(22), fill=TEXT, anchor="mt")
    if len(chart.series) > 1:
        x = left
        for number, series in enumerate(chart.series):
            draw.rectangle([(x, HEIGHT - 34), (x + 24, HEIGHT - 12)],
                           fill=colours[number % len(colours)])
            draw.text((x + 32, HEIGHT - 23), series.name, font=_font(22), fill=TEXT,
                      anchor="lm")
            x += 60 + draw.textlength(series.name, font=_font(22))
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(200, 200))
    return out.getvalue()


def monthly(title: str, months: Sequence[str], series: Sequence[Series],
            percent: bool = False) -> Chart:
    return Chart(title=title, labels=tuple(months), series=tuple(series), percent=percent)
