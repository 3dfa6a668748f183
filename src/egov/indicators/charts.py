"""Charts drawn on the server as inline SVG: nothing to download, nothing from a CDN,
readable without JavaScript, and every bar a link to the records behind it. Each chart
goes with a table of the same figures for screen readers and for copying."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from egov.indicators.base import Number

BAR_COLOUR = "#1d5fa8"
TEXT_COLOUR = "#222"
GRID_COLOUR = "#ccc"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Number
    href: str | None = None
    title: str = ""


def _nice_max(value: float, whole: bool) -> float:
    """The top of the scale: four equal steps of 1, 2, 2.5 or 5 times a power of ten
    (never a fraction of a unit for whole numbers), reaching ``value``."""
    if value <= 0:
        return 4 if whole else 1
    step_needed = value / 4
    power = 10 ** math.floor(math.log10(step_needed))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if whole and (step < 1 or not float(step).is_integer()):
            continue
        if step >= step_needed:
            return step * 4
    return 40 * power


def _fmt(value: Number, percent: bool) -> str:
    if value is None:
        return "—"
    text = number_format(value, 2 if percent else None, force_grouping=True)
    return f"{text} %" if percent else text


def _bar(x: float, y: float, width: float, height: float, bar: Bar, percent: bool) -> str:
    tooltip = f"{bar.title or bar.label}: {_fmt(bar.value, percent)}"
    rect = format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        f"{x:.1f}", f"{y:.1f}", f"{width:.1f}", f"{max(height, 0):.1f}", BAR_COLOUR, tooltip,
    )
    if bar.href:
        return format_html('<a href="{}" aria-label="{}">{}</a>', bar.href, tooltip, rect)
    return rect


def columns(bars: Sequence[Bar], *, title: str, percent: bool = False,
            width: int = 720, height: int = 260) -> SafeString:
    """Vertical bars (a time series by month)."""
    left, right, top, bottom = 56, 12, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max([b.value or 0 for b in bars] + [0]), whole=not percent)
    parts = [_svg_open(width, height, title)]
    parts += _grid(left, top, plot_w, plot_h, top_value, percent)
    slot = plot_w / max(len(bars), 1)
    bar_w = slot * 0.7
    for index, bar in enumerate(bars):
        h = plot_h * (bar.value or 0) / top_value
        x = left + index * slot + (slot - bar_w) / 2
        parts.append(_bar(x, top + plot_h - h, bar_w, h, bar, percent))
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
            f"{left + index * slot + slot / 2:.1f}", height - bottom + 16, TEXT_COLOUR,
            bar.label))
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))


def rows(bars: Sequence[Bar], *, title: str, percent: bool = False,
         width: int = 720) -> SafeString:
    """Horizontal bars (agency by agency), one row per bar with its label and value."""
    row_h, label_w, value_w, top = 22, 260, 80, 8
    height = top * 2 + row_h * max(len(bars), 1)
    plot_w = width - label_w - value_w
    top_value = _nice_max(max([b.value or 0 for b in bars] + [0]), whole=not percent)
    parts = [_svg_open(width, height, title)]
    for index, bar in enumerate(bars):
        y = top + index * row_h
        label = bar.label if len(bar.label) <= 40 else bar.label[:39] + "…"
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
            label_w - 6, y + 15, TEXT_COLOUR, label))
        w = plot_w * (bar.value or 0) / top_value
        parts.append(_bar(label_w, y + 3, w, row_h - 6, bar, percent))
        parts.append(format_html(
            '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
            f"{label_w + w + 4:.1f}", y + 15, TEXT_COLOUR, _fmt(bar.value, percent)))
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))


def _svg_open(width: int, height: int, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-label="{escape(title)}" class="chart" '
            f'font-family="DejaVu Sans, sans-serif"><title>{escape(title)}</title>')


def _grid(left: int, top: int, plot_w: int, plot_h: int, top_value: float,
          percent: bool) -> list[str]:
    lines = []
    for step in range(5):
        value = top_value * step / 4
        y = top + plot_h - plot_h * step / 4
        lines.append(format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            left, f"{y:.1f}", left + plot_w, f"{y:.1f}", GRID_COLOUR))
        shown = value if not float(value).is_integer() else int(value)
        lines.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
            left - 6, f"{y + 4:.1f}", TEXT_COLOUR, _fmt(shown, percent)))
    return lines
