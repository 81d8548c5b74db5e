"""The ROI board page: cost against expected and realised revenue, per account and opportunity.

Input is the dict of `dealgraph.algorithms.roi.roi_board(graph)`:
    {"generated_at", "currency", "totals": {"cost", "expected_revenue", "realised_revenue", "roi"},
     "accounts": [{"account_id", "name", "cost", "expected_revenue", "realised_revenue", "roi",
                   "opportunities"}],
     "opportunities": [{"opportunity_id", "account_id", "name", "stage", "cost", "amount",
                        "win_probability", "expected_revenue", "realised_revenue"}]}
`roi` is read as a ratio ((revenue - cost) / cost) and shown as a percentage. Every number on
the page carries data-field / data-value with the exact value from the dict, so a test can
compare what is displayed with what the API returned.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from ..schema.values import to_float
from .assets import FONT_STACK
from .svgchart import fan, grouped_bars, scatter

SERIES = (("cost", "#c0392b", "投入成本 Cost"), ("expected_revenue", "#2980b9", "预期收入 Expected revenue"),
          ("realised_revenue", "#27ae60", "实际收入 Realised revenue"))
STAGE_COLOURS = ["#8e44ad", "#2980b9", "#16a085", "#f39c12", "#d35400", "#2c3e50", "#7f8c8d", "#c0392b"]
MAX_BARS = 25  # accounts in the bar chart; the table always lists all of them
SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def render_roi_page(board: dict[str, Any], *, title: str = "ROI 投入产出看板") -> str:
    currency = str(board.get("currency") or "")
    money = _money_formatter(currency)
    accounts = list(board.get("accounts") or [])
    opps = list(board.get("opportunities") or [])
    names = {a.get("account_id"): a.get("name") or a.get("account_id") for a in accounts}
    totals = board.get("totals") or {}

    shown = sorted(accounts, key=lambda a: -(to_float(a.get("expected_revenue")) or 0.0))[:MAX_BARS]
    bars = grouped_bars(
        [(str(a.get("account_id")), str(a.get("name") or a.get("account_id"))) for a in shown],
        [(key, colour, [to_float(a.get(key)) for a in shown]) for key, colour, _ in SERIES],
        _compact(currency), chart_id="roi-accounts-chart")
    top_opps = sorted(opps, key=lambda o: -(to_float(o.get("expected_revenue")) or 0.0))[:MAX_BARS]
    opp_bars = grouped_bars(
        [(str(o.get("opportunity_id")), str(o.get("name") or o.get("opportunity_id"))) for o in top_opps],
        [(key, colour, [to_float(o.get(key)) for o in top_opps]) for key, colour, _ in SERIES],
        _compact(currency), width=1300, chart_id="roi-opportunity-bars")
    stages = sorted({str(o.get("stage") or "–") for o in opps})
    stage_colour = {s: STAGE_COLOURS[i % len(STAGE_COLOURS)] for i, s in enumerate(stages)}
    amount_max = max((to_float(o.get("amount")) or 0.0 for o in opps), default=0.0) or 1.0
    points = [{"key": str(o.get("opportunity_id")),
               "label": f"{o.get('name') or o.get('opportunity_id')} · {names.get(o.get('account_id'), '')} · "
                        f"{o.get('stage') or '–'}: cost {money(to_float(o.get('cost')))}, expected "
                        f"{money(to_float(o.get('expected_revenue')))}, realised {money(to_float(o.get('realised_revenue')))}",
               "x": to_float(o.get("cost")) or 0.0, "y": to_float(o.get("expected_revenue")) or 0.0,
               "r": 4 + 10 * math.sqrt((to_float(o.get("amount")) or 0.0) / amount_max),
               "group": str(o.get("stage") or "–"), "filled": (to_float(o.get("realised_revenue")) or 0.0) > 0}
              for o in opps]
    dots = scatter(points, _compact(currency), stage_colour, chart_id="roi-opportunities-chart")

    kpis = "".join(
        f'<div class="kpi"><div class="kpi-label">{label}</div>'
        f'<div class="kpi-value" data-total="{key}" data-value="{_attr(totals.get(key))}">{fmt(totals.get(key))}</div></div>'
        for key, label, fmt in (("cost", "投入成本 Cost", money), ("expected_revenue", "预期收入 Expected", money),
                                ("realised_revenue", "实际收入 Realised", money), ("roi", "投资回报率 ROI", _pct)))
    series_legend = "".join(f'<span class="key"><i style="background:{c}"></i>{escape(label)}</span>'
                            for _, c, label in SERIES)
    stage_legend = "".join(f'<span class="key"><i style="background:{c};border-radius:50%"></i>{escape(s)}</span>'
                           for s, c in stage_colour.items())
    note = f"showing the top {len(shown)} of {len(accounts)} accounts by expected revenue" \
        if len(accounts) > len(shown) else ""
    opp_note = f"showing the top {len(top_opps)} of {len(opps)} opportunities by expected revenue" \
        if len(opps) > len(top_opps) else ""
    return _PAGE.format(
        forecast=_forecast_panel(board.get("forecast"), _compact(currency)),
        title=escape(title), font=FONT_STACK, heading=escape(title),
        subtitle=escape(f"generated {board.get('generated_at') or '–'} · currency {currency or '–'} · "
                        f"{len(accounts)} accounts · {len(opps)} opportunities"),
        kpis=kpis, series_legend=series_legend, bars=bars, note=escape(note), stage_legend=stage_legend,
        opp_bars=opp_bars, opp_note=escape(opp_note),
        scatter=dots, accounts_table=_accounts_table(accounts, money), opps_table=_opps_table(opps, names, money),
    )


def _forecast_panel(f: dict | None, fmt) -> str:
    """Fan chart of cumulative bookings from the pipeline forecast (absent: no stage history)."""
    if not f:
        return ""
    q, c = f["won_amount"], f["won_count"]
    head = (f"as of {f['as_of']} · {f['horizon_days']} days · {f['open_opportunities']} open · won amount "
            f"P10 {fmt(q['p10'])} / P50 {fmt(q['p50'])} / P90 {fmt(q['p90'])} · won count "
            f"P10 {c['p10']:.0f} / P50 {c['p50']:.0f} / P90 {c['p90']:.0f}")
    return (f'<section class="panel" id="roi-forecast"><h2>成交预测 Bookings forecast (P10-P90 band, P50 line)</h2>'
            f'<div class="muted">{escape(head)}</div>{fan(f.get("cumulative") or [], fmt, chart_id="roi-fan-chart")}'
            '</section>')


def _accounts_table(accounts: list[dict], money) -> str:
    head = ("客户 Account", "投入 Cost", "预期 Expected", "实际 Realised", "ROI", "商机 Opps")
    rows = []
    for a in sorted(accounts, key=lambda a: -(to_float(a.get("expected_revenue")) or 0.0)):
        n_opps = a.get("opportunities")
        n_opps = len(n_opps) if isinstance(n_opps, list) else n_opps
        rows.append(
            f'<tr data-account-id="{escape(str(a.get("account_id")))}"><td>{escape(str(a.get("name") or a.get("account_id")))}</td>'
            + _num_td("cost", a.get("cost"), money) + _num_td("expected_revenue", a.get("expected_revenue"), money)
            + _num_td("realised_revenue", a.get("realised_revenue"), money) + _num_td("roi", a.get("roi"), _pct)
            + _num_td("opportunities", n_opps, _int) + "</tr>")
    return _table("roi-accounts", head, rows)


def _opps_table(opps: list[dict], names: dict, money) -> str:
    head = ("商机 Opportunity", "客户 Account", "阶段 Stage", "投入 Cost", "金额 Amount", "赢率 Win prob.",
            "预期 Expected", "实际 Realised")
    rows = []
    for o in sorted(opps, key=lambda o: -(to_float(o.get("expected_revenue")) or 0.0)):
        rows.append(
            f'<tr data-opportunity-id="{escape(str(o.get("opportunity_id")))}" '
            f'data-account-id="{escape(str(o.get("account_id")))}">'
            f'<td>{escape(str(o.get("name") or o.get("opportunity_id")))}</td>'
            f'<td>{escape(str(names.get(o.get("account_id")) or o.get("account_id") or "–"))}</td>'
            f'<td data-field="stage">{escape(str(o.get("stage") or "–"))}</td>'
            + _num_td("cost", o.get("cost"), money) + _num_td("amount", o.get("amount"), money)
            + _num_td("win_probability", o.get("win_probability"), _pct)
            + _num_td("expected_revenue", o.get("expected_revenue"), money)
            + _num_td("realised_revenue", o.get("realised_revenue"), money) + "</tr>")
    return _table("roi-opportunities", head, rows)


def _table(table_id: str, head: tuple[str, ...], rows: list[str]) -> str:
    ths = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(rows) or f'<tr><td colspan="{len(head)}" class="muted">none</td></tr>'
    return f'<table id="{table_id}"><thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table>'


def _num_td(field: str, value: Any, fmt) -> str:
    return f'<td class="num" data-field="{field}" data-value="{_attr(value)}">{escape(fmt(value))}</td>'


# --- formatting ------------------------------------------------------------------------------

def _attr(v: Any) -> str:
    """The exact value for data-value: repr of the float (round-trips), empty when missing."""
    f = to_float(v)
    return "" if f is None else repr(f)


def _affixes(currency: str) -> tuple[str, str]:
    sym = SYMBOLS.get(currency.upper(), "")
    return sym, "" if sym or not currency else f" {currency}"


def _money_formatter(currency: str):
    pre, post = _affixes(currency)

    def money(v: Any) -> str:
        f = to_float(v)
        return "–" if f is None else f"{'-' if f < 0 else ''}{pre}{abs(f):,.2f}{post}"
    return money


def _compact(currency: str):
    """Axis labels in the 1.2M / 350k style."""
    pre, post = _affixes(currency)

    def fmt(v: float) -> str:
        for div, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if abs(v) >= div:
                return f"{pre}{v / div:.1f}".rstrip("0").rstrip(".") + unit + post
        return f"{pre}{v:,.0f}{post}"
    return fmt


def _pct(v: Any) -> str:
    f = to_float(v)
    return "–" if f is None else f"{f * 100:.1f}%"


def _int(v: Any) -> str:
    f = to_float(v)
    return "–" if f is None else f"{int(f)}"


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>
* {{ box-sizing: border-box; }}
body {{ margin: 0; padding: 16px 24px; font-family: {font}; color: #1d2733; background: #f6f8fa; }}
h1 {{ font-size: 20px; margin: 0; }} h2 {{ font-size: 15px; margin: 0 0 8px; }}
.muted, .subtitle {{ color: #6b7785; font-size: 12px; }}
.kpis {{ display: flex; gap: 12px; margin: 14px 0; flex-wrap: wrap; }}
.kpi {{ background: #fff; border: 1px solid #dde3ea; border-radius: 8px; padding: 10px 16px; min-width: 190px; }}
.kpi-label {{ font-size: 12px; color: #6b7785; }} .kpi-value {{ font-size: 22px; font-weight: 600; }}
.panels {{ display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }}
.panel {{ background: #fff; border: 1px solid #dde3ea; border-radius: 8px; padding: 12px 14px; margin-bottom: 14px; }}
.key {{ display: inline-flex; align-items: center; gap: 4px; margin-right: 12px; font-size: 12px; }}
.key i {{ width: 11px; height: 11px; display: inline-block; }}
svg.chart text {{ font-family: {font}; }}
svg.chart .grid {{ stroke: #e5e9ee; }} svg.chart .axis {{ font-size: 10px; fill: #6b7785; }}
svg.chart .cat {{ font-size: 11px; fill: #1d2733; }} svg.chart .axis-title {{ font-size: 11px; fill: #34495e; }}
svg.chart .breakeven {{ stroke: #95a5a6; stroke-dasharray: 6 4; }}
table {{ border-collapse: collapse; width: 100%; font-size: 12px; background: #fff; }}
th, td {{ border-bottom: 1px solid #e5e9ee; padding: 5px 8px; text-align: left; }}
th {{ background: #f0f3f6; position: sticky; top: 0; }} td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.scroll {{ max-height: 420px; overflow: auto; }}
</style>
</head>
<body>
<h1>{heading}</h1>
<div class="subtitle">{subtitle}</div>
<section class="kpis" id="roi-totals">{kpis}</section>
{forecast}
<div class="panels">
  <section class="panel"><h2>按客户 By account</h2><div>{series_legend}</div>{bars}<div class="muted">{note}</div></section>
  <section class="panel"><h2>按商机 By opportunity: cost vs expected revenue</h2>
    <div>{stage_legend}<span class="muted">size = amount · filled = revenue realised</span></div>{scatter}</section>
</div>
<section class="panel"><h2>商机投入与收入 Opportunities: cost, expected and realised revenue</h2>
  <div>{series_legend}</div>{opp_bars}<div class="muted">{opp_note}</div></section>
<section class="panel"><h2>客户 Accounts</h2><div class="scroll">{accounts_table}</div></section>
<section class="panel"><h2>商机 Opportunities</h2><div class="scroll">{opps_table}</div></section>
</body>
</html>
"""
