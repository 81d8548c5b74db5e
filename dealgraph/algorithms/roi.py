"""ROI board: cost per opportunity and account against expected and realised revenue.

Costs, from the graph:
  * sales and presales hours: each (:Interaction) involving the account's contacts, its own
    duration (duration_h / duration_min) or a default per kind, times the hourly rate of the
    (:User) who did it (presales when their role says presales / 售前 / solution);
  * travel: site visits x travel rate (or the interaction's own travel_cost);
  * marketing: each lead of the account, its own cost / marketing_cost or a per-lead rate;
  * bids: each tender the account issued that we bid on (bid_cost, or a flat rate when the tender
    is marked bid / awarded to us).
Account-level costs are spread over the account's opportunities in proportion to amount.
expected_revenue = amount x win probability (won = 1, lost = 0); realised_revenue = won amounts;
roi = (expected_revenue - cost) / cost.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..graph.connection import Graph
from ..graph.queries.roi import RoiInputs, roi_inputs
from ..schema.values import to_float

DEFAULT_RATES: dict[str, float | str] = {
    "currency": "CNY",
    "sales_hour": 500.0,
    "presales_hour": 800.0,
    "travel_per_visit": 3000.0,
    "marketing_per_lead": 200.0,
    "bid_per_tender": 20000.0,
    "hours_meeting": 2.0,
    "hours_call": 0.5,
    "hours_email": 0.2,
    "hours_wecom": 0.1,
    "hours_site_visit": 6.0,
    "default_win_probability": 0.25,
}

def _roi(revenue: float, cost: float) -> float | None:
    return round((revenue - cost) / cost, 4) if cost > 0 else None


def _base_win_rate(opps: list[dict], default: float) -> float:
    """Win rate of closed opportunities (shrunk to the default) for open ones without a probability."""
    closed = [o for o in opps if o["won"] is not None]
    return (sum(1 for o in closed if o["won"]) + default * 4) / (len(closed) + 4)


def roi_board(graph: Graph, rates: dict | None = None) -> dict:
    """The board of the graph's current accounts, interactions, leads, tenders and opportunities."""
    return board(roi_inputs(graph), rates)


def board(inputs: RoiInputs, rates: dict | None = None) -> dict:
    """The board computed from its inputs (pure: no graph access)."""
    r = {**DEFAULT_RATES, **(rates or {})}
    accounts = {row["id"]: {"account_id": row["id"], "name": row["name"], "cost": 0.0, "expected_revenue": 0.0,
                            "realised_revenue": 0.0, "roi": None, "opportunities": 0}
                for row in inputs.accounts}
    acc_cost: dict[str, float] = {}

    def add(account: str, cost: float) -> None:
        acc_cost[account] = acc_cost.get(account, 0.0) + cost

    for it in inputs.interactions:
        kind = (it["kind"] or "meeting").lower()
        hours = to_float(it["hours"], to_float(it["minutes"], -1) / 60 if it["minutes"] is not None else -1)
        if hours < 0:
            hours = to_float(r.get(f"hours_{kind}"), float(r["hours_meeting"]))
        role = it["user_role"] or ""
        presales = any(k in role for k in ("presales", "pre-sales", "售前", "solution", "方案"))
        cost = hours * float(r["presales_hour"] if presales else r["sales_hour"])
        if kind == "site_visit":
            cost += to_float(it["travel"], float(r["travel_per_visit"]))
        add(it["account"], cost)
    for lead in inputs.leads:
        add(lead["account"], to_float(lead["cost"], float(r["marketing_per_lead"])))
    for t in inputs.tenders:
        add(t["account"], to_float(t["cost"], float(r["bid_per_tender"])))

    opps = inputs.opportunities
    base = _base_win_rate(opps, float(r["default_win_probability"]))
    by_acc: dict[str, list[dict]] = {}
    for o in opps:
        by_acc.setdefault(o["account"], []).append(o)
    out_opps = []
    for aid, lst in by_acc.items():
        total_amount = sum(to_float(o["amount"], 0.0) for o in lst)
        for o in lst:
            amount = to_float(o["amount"], 0.0)
            share = amount / total_amount if total_amount > 0 else 1 / len(lst)
            if o["won"] is True:
                p = 1.0
            elif o["won"] is False:
                p = 0.0
            else:
                p = to_float(o["p"], base) if o["p"] is not None else base
            out_opps.append({"opportunity_id": o["id"], "account_id": aid, "name": o["name"], "stage": o["stage"],
                             "cost": round(acc_cost.get(aid, 0.0) * share, 2), "amount": round(amount, 2),
                             "win_probability": round(p, 4), "expected_revenue": round(amount * p, 2),
                             "realised_revenue": round(amount if o["won"] is True else 0.0, 2)})
        if aid not in accounts:
            accounts[aid] = {"account_id": aid, "name": aid, "cost": 0.0, "expected_revenue": 0.0,
                             "realised_revenue": 0.0, "roi": None, "opportunities": 0}
    for aid, cost in acc_cost.items():
        if aid in accounts:
            accounts[aid]["cost"] = round(cost, 2)
    for o in out_opps:
        a = accounts[o["account_id"]]
        a["expected_revenue"] = round(a["expected_revenue"] + o["expected_revenue"], 2)
        a["realised_revenue"] = round(a["realised_revenue"] + o["realised_revenue"], 2)
        a["opportunities"] += 1
    acc_list = [a for a in accounts.values() if a["cost"] > 0 or a["opportunities"] > 0]
    for a in acc_list:
        a["roi"] = _roi(a["expected_revenue"], a["cost"])
    acc_list.sort(key=lambda a: (-a["expected_revenue"], a["account_id"]))
    totals = {"cost": round(sum(a["cost"] for a in acc_list), 2),
              "expected_revenue": round(sum(a["expected_revenue"] for a in acc_list), 2),
              "realised_revenue": round(sum(a["realised_revenue"] for a in acc_list), 2)}
    totals["roi"] = _roi(totals["expected_revenue"], totals["cost"])
    return {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"), "currency": str(r["currency"]),
            "totals": totals, "accounts": acc_list, "opportunities": out_opps}
