"""Two small inline-SVG charts (grouped horizontal bars, scatter with a break-even line).

Drawn on the server as plain SVG so a page needs no charting library and no network, prints
well, and every mark carries data-* attributes a test (or a screen reader) can read back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape


def nice_max(v: float) -> float:
    """A round axis maximum >= v (1, 2, 2.5, 5 x 10^k)."""
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


def grouped_bars(categories: Sequence[tuple[str, str]], series: Sequence[tuple[str, str, Sequence[float]]],
                 fmt: Callable[[float], str], width: int = 760, bar: int = 9, chart_id: str = "bars") -> str:
    """Horizontal grouped bars. categories: (key, label); series: (key, colour, values per category)."""
    label_w, pad_r, top = 190, 70, 28
    group_h = bar * len(series) + 10
    height = top + group_h * len(categories) + 26
    vmax = nice_max(max((v for _, _, vals in series for v in vals if v is not None), default=0.0))
    plot_w = width - label_w - pad_r

    def x(v: float) -> float:
        return label_w + plot_w * max(v, 0.0) / vmax

    out = [(f'<svg id="{chart_id}" class="chart" viewBox="0 0 {width} {height}" width="100%" '
           f'style="max-width:{width}px" data-max="{vmax}">')]
    for i in range(5):  # gridlines and axis labels
        gv = vmax * i / 4
        out.append(f'<line x1="{x(gv):.1f}" y1="{top - 6}" x2="{x(gv):.1f}" y2="{height - 22}" class="grid"/>'
                   f'<text x="{x(gv):.1f}" y="{height - 8}" class="axis" text-anchor="middle">{escape(fmt(gv))}</text>')
    for ci, (key, label) in enumerate(categories):
        y0 = top + ci * group_h
        out.append(f'<text x="{label_w - 8}" y="{y0 + group_h / 2:.1f}" class="cat" text-anchor="end" '
                   f'dominant-baseline="middle">{escape(_clip(label, 16))}<title>{escape(label)}</title></text>')
        for si, (skey, colour, values) in enumerate(series):
            v = values[ci]
            if v is None:
                continue
            y = y0 + si * bar
            out.append(f'<rect x="{label_w}" y="{y}" width="{x(v) - label_w:.1f}" height="{bar - 2}" fill="{colour}" '
                       f'data-category="{escape(key)}" data-series="{skey}" data-value="{v}">'
                       f'<title>{escape(label)} · {skey}: {escape(fmt(v))}</title></rect>')
    out.append("</svg>")
    return "".join(out)


def scatter(points: Sequence[dict], fmt: Callable[[float], str], colours: dict[str, str], width: int = 760,
            height: int = 380, chart_id: str = "scatter") -> str:
    """Points {key, label, x, y, r, group, filled}; the dashed diagonal is y = x (break-even)."""
    left, bottom, top, right = 70, 40, 16, 20
    xmax = nice_max(max((p["x"] for p in points), default=0.0))
    ymax = nice_max(max((p["y"] for p in points), default=0.0))
    pw, ph = width - left - right, height - top - bottom

    def sx(v: float) -> float:
        return left + pw * max(v, 0.0) / xmax

    def sy(v: float) -> float:
        return top + ph - ph * max(v, 0.0) / ymax

    out = [(f'<svg id="{chart_id}" class="chart" viewBox="0 0 {width} {height}" width="100%" '
           f'style="max-width:{width}px">')]
    for i in range(5):
        gx, gy = xmax * i / 4, ymax * i / 4
        out.append(f'<line x1="{sx(gx):.1f}" y1="{top}" x2="{sx(gx):.1f}" y2="{top + ph}" class="grid"/>'
                   f'<text x="{sx(gx):.1f}" y="{height - 22}" class="axis" text-anchor="middle">{escape(fmt(gx))}</text>'
                   f'<line x1="{left}" y1="{sy(gy):.1f}" x2="{left + pw}" y2="{sy(gy):.1f}" class="grid"/>'
                   f'<text x="{left - 6}" y="{sy(gy):.1f}" class="axis" text-anchor="end" '
                   f'dominant-baseline="middle">{escape(fmt(gy))}</text>')
    edge = min(xmax, ymax)
    out.append(f'<line x1="{sx(0):.1f}" y1="{sy(0):.1f}" x2="{sx(edge):.1f}" y2="{sy(edge):.1f}" class="breakeven"/>'
               f'<text x="{sx(edge) - 4:.1f}" y="{sy(edge) + 14:.1f}" class="axis" text-anchor="end">'
               '盈亏平衡 break-even</text>')
    for p in sorted(points, key=lambda p: -p["r"]):  # small points drawn last stay clickable
        colour = colours.get(p["group"], "#7f8c8d")
        fill = colour if p["filled"] else "#ffffff"
        out.append(f'<circle cx="{sx(p["x"]):.1f}" cy="{sy(p["y"]):.1f}" r="{p["r"]:.1f}" fill="{fill}" '
                   f'fill-opacity="0.75" stroke="{colour}" stroke-width="1.5" data-opportunity-id="{escape(p["key"])}" '
                   f'data-x="{p["x"]}" data-y="{p["y"]}"><title>{escape(p["label"])}</title></circle>')
    out.append(f'<text x="{left + pw / 2}" y="{height - 4}" class="axis-title" text-anchor="middle">投入成本 cost</text>'
               f'<text x="14" y="{top + ph / 2}" class="axis-title" text-anchor="middle" '
               f'transform="rotate(-90 14 {top + ph / 2})">预期收入 expected revenue</text></svg>')
    return "".join(out)


def fan(points: Sequence[dict], fmt: Callable[[float], str], width: int = 760, height: int = 300,
        chart_id: str = "fan") -> str:
    """Fan chart of a cumulative forecast: points {day, date, p10, p50, p90}; band P10-P90, line P50."""
    left, bottom, top, right = 70, 40, 16, 20
    if not points:
        return f'<svg id="{chart_id}" class="chart" viewBox="0 0 {width} 40"><text x="8" y="24" class="axis">' \
               '没有预测 no forecast</text></svg>'
    dmax = max(p["day"] for p in points) or 1
    ymax = nice_max(max(p["p90"] for p in points))
    pw, ph = width - left - right, height - top - bottom

    def sx(d: float) -> float:
        return left + pw * d / dmax

    def sy(v: float) -> float:
        return top + ph - ph * max(v, 0.0) / ymax

    out = [(f'<svg id="{chart_id}" class="chart" viewBox="0 0 {width} {height}" width="100%" '
           f'style="max-width:{width}px">')]
    for i in range(5):
        gy = ymax * i / 4
        out.append(f'<line x1="{left}" y1="{sy(gy):.1f}" x2="{left + pw}" y2="{sy(gy):.1f}" class="grid"/>'
                   f'<text x="{left - 6}" y="{sy(gy):.1f}" class="axis" text-anchor="end" '
                   f'dominant-baseline="middle">{escape(fmt(gy))}</text>')
    for p in points[:: max(1, len(points) // 6)]:
        out.append(f'<text x="{sx(p["day"]):.1f}" y="{height - 22}" class="axis" text-anchor="middle">'
                   f'{escape(str(p["date"]))}</text>')
    band = [f"{sx(p['day']):.1f},{sy(p['p90']):.1f}" for p in points] + \
        [f"{sx(p['day']):.1f},{sy(p['p10']):.1f}" for p in reversed(points)]
    out.append(f'<polygon class="fan-band" points="{" ".join(band)}" fill="#2980b9" fill-opacity="0.22" '
               'stroke="none"><title>P10-P90</title></polygon>')
    line = " ".join(f"{sx(p['day']):.1f},{sy(p['p50']):.1f}" for p in points)
    out.append(f'<polyline class="fan-p50" points="{line}" fill="none" stroke="#1f5f8b" stroke-width="2"/>')
    for p in points:
        out.append(f'<circle cx="{sx(p["day"]):.1f}" cy="{sy(p["p50"]):.1f}" r="2.5" fill="#1f5f8b" '
                   f'data-day="{p["day"]}" data-p10="{p["p10"]}" data-p50="{p["p50"]}" data-p90="{p["p90"]}">'
                   f'<title>{escape(str(p["date"]))}: P10 {escape(fmt(p["p10"]))} · P50 {escape(fmt(p["p50"]))} · '
                   f'P90 {escape(fmt(p["p90"]))}</title></circle>')
    out.append(f'<text x="14" y="{top + ph / 2}" class="axis-title" text-anchor="middle" '
               f'transform="rotate(-90 14 {top + ph / 2})">累计成交 cumulative bookings</text></svg>')
    return "".join(out)


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
