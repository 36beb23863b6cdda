"""SVG charts drawn at build time: horizontal bars and lines, with Vietnamese number format.

Every chart is an <svg role="img"> named by its own <title> and <desc>; the page puts the same
figures in a table next to it. Series differ by marker shape and dash pattern as well as by colour,
and every bar carries its value as text, so nothing is told by colour alone. The drawing scales with
its viewBox (CSS sets the width) and prints in black and white.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

NO_DATA = "chưa có dữ liệu"
# Dark enough for text and lines on white (≥ 4.5:1), and told apart by shape and dash too.
COLOURS = ("#0b2a4a", "#8b1a1a", "#0f5a2e", "#5b2a86")
DASHES = ("", "7 4", "2 3", "9 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")
CHAR_WIDTH = 6.8  # average advance of a 12-unit Be Vietnam Pro glyph, for laying out labels


def number(value: float | None, digits: int = 2) -> str:
    """88.37 → "88,37"; 1234.5 → "1.234,50" (Vietnamese separators); None → ""."""
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def signed(value: float | None, digits: int = 2) -> str:
    """4.3 → "+4,30", -1.6 → "-1,60", 0 → "0,00"."""
    if value is None:
        return ""
    return ("+" if value > 0 else "") + number(value, digits)


def _fmt(value: float) -> str:
    """A coordinate: short, no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_open(chart_id: str, width: float, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {_fmt(width)} {_fmt(height)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def _text(x: float, y: float, text: str, *, anchor: str = "start", cls: str = "chart__label") -> str:
    return f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="{anchor}" class="{cls}">{escape(text)}</text>'


def _label_width(labels: Sequence[str], *, least: float = 60, most: float = 250) -> float:
    longest = max((len(label) for label in labels), default=0)
    return min(most, max(least, longest * CHAR_WIDTH + 10))


def _clip(label: str, width: float) -> str:
    room = int(width / CHAR_WIDTH)
    return label if len(label) <= room else label[: max(room - 1, 1)] + "…"


# --- bars ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    note: str = ""  # after the value, e.g. "hạng 3"


@dataclass(frozen=True)
class Reference:
    """A dashed vertical line across the bars, e.g. the national value."""

    label: str
    value: float


BAR_ROW, BAR_HEIGHT, BAR_AREA, BAR_TOP = 24.0, 15.0, 360.0, 34.0


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str,
    reference: Reference | None = None,
    scale_max: float = 100.0,
) -> Markup:
    """Horizontal bars from 0 to scale_max, one row per bar, in the order given; "" without bars."""
    if not bars:
        return Markup("")
    label_w = _label_width([b.label for b in bars])
    x0 = label_w + 8
    right = 110.0  # room for the value and its note after a full-length bar
    width = x0 + BAR_AREA + right
    height = BAR_TOP + len(bars) * BAR_ROW + 10
    scale = BAR_AREA / scale_max
    out = _svg_open(chart_id, width, height, title, desc)
    out.append('<g class="chart__grid">')
    for tick in range(0, int(scale_max) + 1, 20):
        x = x0 + tick * scale
        out.append(f'<line x1="{_fmt(x)}" y1="{_fmt(BAR_TOP - 6)}" x2="{_fmt(x)}" y2="{_fmt(height - 8)}"/>')
        out.append(_text(x, BAR_TOP - 12, number(tick, 0), anchor="middle", cls="chart__tick"))
    out.append("</g>")
    for row, bar in enumerate(bars):
        top = BAR_TOP + row * BAR_ROW
        middle = top + BAR_HEIGHT / 2 + 4
        out.append(_text(x0 - 8, middle, _clip(bar.label, label_w - 4), anchor="end"))
        note = f" ({bar.note})" if bar.note else ""
        if bar.value is None:
            out.append(_text(x0 + 4, middle, NO_DATA + note, cls="chart__label chart__label--none"))
            continue
        length = max(0.0, min(bar.value, scale_max)) * scale
        out.append(
            f'<rect class="chart__bar" x="{_fmt(x0)}" y="{_fmt(top)}" width="{_fmt(length)}" '
            f'height="{_fmt(BAR_HEIGHT)}"/>'
        )
        out.append(_text(x0 + length + 5, middle, number(bar.value) + note, cls="chart__value"))
    if reference is not None:
        x = x0 + max(0.0, min(reference.value, scale_max)) * scale
        out.append(
            f'<line class="chart__reference" x1="{_fmt(x)}" y1="{_fmt(BAR_TOP - 4)}" '
            f'x2="{_fmt(x)}" y2="{_fmt(height - 8)}"/>'
        )
        text = f"{reference.label}: {number(reference.value)}"
        anchor = "end" if x > x0 + BAR_AREA / 2 else "start"
        shift = -4 if anchor == "end" else 4
        out.append(_text(x + shift, height - 1, text, anchor=anchor, cls="chart__reference-label"))
    out.append("</svg>")
    return Markup("\n".join(out))  # noqa: S704 - every text above went through escape()


# --- lines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[int, float | None]] = field(default_factory=tuple)  # (year, value)


def nice_range(values: Sequence[float]) -> tuple[float, float, float]:
    """(low, high, step) of the value axis: round numbers around the data, within 0–100."""
    lo, hi = min(values), max(values)
    spread = max(hi - lo, 4.0)
    step = next(s for s in (1, 2, 5, 10, 20, 25) if spread / s <= 6)
    low = max(0.0, math.floor((lo - step / 2) / step) * step)
    high = math.ceil((hi + step / 2) / step) * step
    if high > 100 and hi <= 100:
        high = 100.0
    return float(low), float(high), float(step)


def _marker(shape: str, x: float, y: float, colour: str, tip: str) -> str:
    tip_el = f"<title>{escape(tip)}</title>"
    attrs = f'fill="{colour}" stroke="#fff" stroke-width="1"'
    if shape == "square":
        return f'<rect x="{_fmt(x - 4.5)}" y="{_fmt(y - 4.5)}" width="9" height="9" {attrs}>{tip_el}</rect>'
    if shape == "triangle":
        pts = f"{_fmt(x)},{_fmt(y - 6)} {_fmt(x + 5.5)},{_fmt(y + 4)} {_fmt(x - 5.5)},{_fmt(y + 4)}"
        return f'<polygon points="{pts}" {attrs}>{tip_el}</polygon>'
    if shape == "diamond":
        pts = (
            f"{_fmt(x)},{_fmt(y - 6)} {_fmt(x + 6)},{_fmt(y)} {_fmt(x)},{_fmt(y + 6)} {_fmt(x - 6)},{_fmt(y)}"
        )
        return f'<polygon points="{pts}" {attrs}>{tip_el}</polygon>'
    return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4.5" {attrs}>{tip_el}</circle>'


def _segments(points: Sequence[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """Runs of two or more consecutive known values: a missing value breaks the line (a value alone
    is only its marker)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if y is None:
            runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if len(run) > 1]


LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_PLOT, LINE_WIDTH, LEGEND_ROW = 46.0, 24.0, 14.0, 220.0, 540.0, 20.0
LINE_INSET = 24.0  # first and last year stand clear of the value axis


def line_chart(series: Sequence[Series], *, chart_id: str, title: str, desc: str) -> Markup:
    """Values by year, one line per series (at most four styles).

    "" unless two different years have a known value: a single point is no line, the table says it.
    """
    known = [v for s in series for _, v in s.points if v is not None]
    if len({year for s in series for year, v in s.points if v is not None}) < 2:
        return Markup("")
    years = sorted({year for s in series for year, _ in s.points})
    first, last = years[0], years[-1]
    low, high, step = nice_range(known)
    plot_w = LINE_WIDTH  # fixed, so that text keeps one size from chart to chart
    width = LINE_LEFT + plot_w + LINE_RIGHT
    legend_top = LINE_TOP + LINE_PLOT + 34
    height = legend_top + len(series) * LEGEND_ROW + 4

    def x_of(year: int) -> float:
        inner = plot_w - 2 * LINE_INSET
        return (
            LINE_LEFT + LINE_INSET + (inner / 2 if last == first else (year - first) / (last - first) * inner)
        )

    def y_of(value: float) -> float:
        return LINE_TOP + LINE_PLOT - (value - low) / (high - low) * LINE_PLOT

    out = _svg_open(chart_id, width, height, title, desc)
    out.append('<g class="chart__grid">')
    tick = low
    while tick <= high + 1e-9:
        y = y_of(tick)
        out.append(
            f'<line x1="{_fmt(LINE_LEFT)}" y1="{_fmt(y)}" x2="{_fmt(LINE_LEFT + plot_w)}" y2="{_fmt(y)}"/>'
        )
        out.append(_text(LINE_LEFT - 6, y + 4, number(tick, 0), anchor="end", cls="chart__tick"))
        tick += step
    for year in range(first, last + 1):
        out.append(
            _text(x_of(year), LINE_TOP + LINE_PLOT + 18, str(year), anchor="middle", cls="chart__tick")
        )
    out.append("</g>")
    one = len(series) == 1
    for n, s in enumerate(series):
        colour, dash, shape = COLOURS[n % 4], DASHES[n % 4], MARKERS[n % 4]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        placed = [(x_of(year), value) for year, value in sorted(s.points)]
        for run in _segments(placed):
            coords = " ".join(f"{_fmt(x)},{_fmt(y_of(v))}" for x, v in run)
            out.append(
                f'<polyline class="chart__line" points="{coords}" fill="none" stroke="{colour}"{dash_attr}/>'
            )
        for year, value in sorted(s.points):
            if value is None:
                continue
            x, y = x_of(year), y_of(value)
            out.append(_marker(shape, x, y, colour, f"{s.name}, {year}: {number(value)}"))
            if one:
                out.append(_text(x, y - 9, number(value), anchor="middle", cls="chart__value"))
        y = legend_top + n * LEGEND_ROW
        out.append(
            f'<line x1="{_fmt(LINE_LEFT)}" y1="{_fmt(y)}" x2="{_fmt(LINE_LEFT + 28)}" y2="{_fmt(y)}" '
            f'stroke="{colour}" class="chart__line"{dash_attr}/>'
        )
        out.append(_marker(shape, LINE_LEFT + 14, y, colour, s.name))
        out.append(_text(LINE_LEFT + 36, y + 4, s.name))
    out.append("</svg>")
    return Markup("\n".join(out))  # noqa: S704 - every text above went through escape()
