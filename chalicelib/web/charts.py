"""Server-rendered SVG charts for the statistics pages: no script, no CDN, readable at 360 px.

Each chart is an <svg role="img"> named by its <title> and described by <desc>, scales with its
viewBox, and the page shows the same numbers in a table, so nothing depends on seeing colours.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Colours with at least 3:1 contrast against white (WCAG non-text contrast).
# Text sizes in viewBox units: the 360-unit chart shrinks to ~300 px on a phone, where 14 units
# still read as ~12 px (10 units were ~8 px).
AXIS_FONT = 14
LEGEND_FONT = 14


def _text_width(text: str, size: int) -> float:
    """A generous estimate of a label's width, to thin labels that would overlap."""
    return 0.62 * size * len(text)
PALETTE = ("#1d4f91", "#b35c00", "#00703c", "#6f3c91")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    colour: str


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000):
        if value <= step * 4:
            return step * 4
    return value


def bar_chart(chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series],
              stacked: bool = False, width: int = 360, height: int = 240) -> Markup:
    """Grouped (or stacked) vertical bars, one group per label, with a legend and a y axis."""
    left, right, top = 44, 6, 10
    bottom = 30 + (LEGEND_FONT + 6) * max(1, len(series))
    height = max(height, 150 + bottom)
    plot_w, plot_h = width - left - right, height - top - bottom
    columns = max(1, len(labels))
    if stacked:
        peak = max((sum(s.values[i] for s in series) for i in range(len(labels))), default=0)
    else:
        peak = max((v for s in series for v in s.values), default=0)
    top_value = _nice_max(peak)
    slot = plot_w / columns
    bar_w = slot * 0.7 / (1 if stacked else max(1, len(series)))
    parts = [f'<svg id="{escape(chart_id)}" class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
             f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>']
    tick_font = AXIS_FONT - 1
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="{tick_font}" fill="#0b0c0c">'
                     f'{int(value) if value == int(value) else round(value, 1)}</text>')
    for i, label in enumerate(labels):
        x0 = left + slot * i + slot * 0.15
        base: float = top + plot_h
        for k, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else 0
            h = plot_h * value / top_value
            x = x0 if stacked else x0 + bar_w * k
            y = base - h
            if value:
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{s.colour}">'
                             f'<title>{escape(label)}: {escape(s.name)} {value:g}</title></rect>')
            if stacked:
                base = y
        widest = max((_text_width(str(text), AXIS_FONT) for text in labels), default=0) + 6
        every = max(1, int(widest // slot) + (1 if widest % slot else 0))  # thin labels so they never overlap
        if i % every == 0:
            parts.append(f'<text x="{left + slot * (i + 0.5):.1f}" y="{top + plot_h + AXIS_FONT + 4}" '
                         f'text-anchor="middle" font-size="{AXIS_FONT}" fill="#0b0c0c">{escape(label)}</text>')
    legend_y = top + plot_h + AXIS_FONT + 26
    for k, s in enumerate(series):  # one legend line per series: long names stay readable
        y = legend_y + (LEGEND_FONT + 6) * k
        parts.append(f'<rect x="{4}" y="{y - 11}" width="12" height="12" fill="{s.colour}"/>')
        parts.append(f'<text x="{20}" y="{y}" font-size="{LEGEND_FONT}" fill="#0b0c0c">{escape(s.name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def share_bar(chart_id: str, title: str, parts_: Sequence[tuple[str, float, str]], width: int = 640) -> Markup:
    """One horizontal bar split into shares (e.g. confirmed vs timed-out closures)."""
    total = sum(value for _, value, _ in parts_) or 1
    height = 56
    out = [f'<svg id="{escape(chart_id)}" class="chart" viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="{escape(chart_id)}-title" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{escape(chart_id)}-title">{escape(title)}</title>']
    x = 0.0
    for name, value, colour in parts_:
        w = width * value / total
        if w > 0:
            out.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="28" fill="{colour}"><title>'
                       f'{escape(name)}: {value:g}</title></rect>')
        x += w
    x = 0
    for name, value, colour in parts_:
        out.append(f'<rect x="{x}" y="36" width="12" height="12" fill="{colour}"/>')
        label = f"{name}: {value:g}"
        out.append(f'<text x="{x + 16}" y="47" font-size="12" fill="#0b0c0c">{escape(label)}</text>')
        x += 28 + 7 * len(label)
    out.append("</svg>")
    return Markup("".join(out))
