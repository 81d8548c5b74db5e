"""What-if sandbox on one account's world: a decision maker leaves, a contact changes role, a competitor
enters, a meeting is held; the decision roles, the introduction paths to the decision makers and the
win probability of the account's open opportunities are recomputed on a copy and shown beside the baseline.

The account's subgraph is read once into plain rows (the same rows the roles and path jobs read); each
scenario changes a deep copy of them. Roles (purchase semantics, confirmed roles win) and paths (GDS Yen's
on a projection built from the rows) are recomputed from the copy, so nothing is written to the graph;
the baseline is the same computation on the unchanged copy, so every difference comes from the changes.

Win probability: the model of win.py, learned from the whole history given, with the covariate the graph
adds (no decision maker engaged: no decision maker of the account attended an approval or procurement
meeting) recomputed from the scenario's roles. A competitor entering takes a share by the Luce choice
rule: with our strength w, the present field's F and the entrant's c, p = w/(w+F) becomes w/(w+F+c),
i.e. 1/p' = 1/p + c/w; c/w is the entrant's award wins against ours in the account's industry (all
industries when that has fewer than 5 awards), each count + 0.5.

Change kinds (TOML [[change]] or dicts):
    kind = "contact_leaves", contact = "C1"          # their reports move up to their manager
    kind = "decision_maker_leaves" [, contact = "C1"] # default: the baseline's most confident decision maker
    kind = "role_change", contact = "C2", title = "CIO" [, department = "信息中心"] [, reports_to = "C0"]
    kind = "competitor_enters", competitor = "Acme" [, opportunity = "OPP1"]   # default: every open deal
    kind = "meeting", contact = "C3" [, meeting_type = "approval"] [, user = "U1"]   # default: the owner
    kind = "close_date_slips", days = 30 [, opportunity = "OPP1"]                 # account_timing.py
    kind = "stage_skipped" [, opportunity = "OPP1"] [, stage = "谈判"]

Delay risk and the forecast of the account's open deals are recomputed for each scenario too
(account_timing.py): the slips and skipped stages act on them directly, the rest through the change in each
deal's win probability.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import pandas as pd

from ...errors import InputError, NotFound
from ...graph.connection import Graph
from ...graph.queries.intro_paths import TieRows, read_tie_rows
from ...graph.queries.roles import Rows, read_rows
from ...graph.queries.sandbox import account as read_account_row
from ..roles.classify import semantic_roles
from ..roles.features import extract_rows
from ..roles.paths import paths_from_rows
from .account_timing import DEAL_KINDS, AccountTiming, ratio, stage_of, timing_diff
from .history import default_as_of, episodes
from .sandbox import Scenario
from .win import WinModel, fit_win

KINDS: dict[str, tuple[str, ...]] = {"contact_leaves": ("contact",), "decision_maker_leaves": (),
                                     "role_change": ("contact",), "competitor_enters": ("competitor",),
                                     "meeting": ("contact",), **DEAL_KINDS}
ENGAGING_MEETINGS = ("approval", "procurement")  # as graph.py's covariate counts them
NO_DM = "x_no_decision_maker_engaged"


@dataclass
class AccountCopy:
    account: dict  # id, name, industry
    rows: Rows  # what the roles job reads
    ties: TieRows  # what the path search reads


def read_account(graph: Graph, account_id: str) -> AccountCopy:
    acc = read_account_row(graph, account_id)
    if acc is None:
        raise NotFound(f"Account {account_id!r} not found.")
    return AccountCopy(acc, read_rows(graph, [account_id]), read_tie_rows(graph, account_id))


def load_scenario(path: str) -> Scenario:
    return Scenario.load(path, KINDS)


def scenario_from_dict(d: dict, source: str) -> Scenario:
    return Scenario.from_dict(d, source, KINDS)


# --- applying changes to a copy -------------------------------------------------------------------------

def _leave(c: AccountCopy, cid: str) -> None:
    """The contact is gone with their ties and meetings; whoever reported to them reports to their manager."""
    r, t = c.rows, c.ties
    manager = next((e["t"] for e in r.reports if e["s"] == cid), None)
    r.contacts = [x for x in r.contacts if x["id"] != cid]
    r.reports = [{**e, "t": manager if e["t"] == cid else e["t"]} for e in r.reports
                 if e["s"] != cid and (e["t"] != cid or manager)]
    r.knows = [e for e in r.knows if cid not in (e["s"], e["t"])]
    r.interactions = [e for e in r.interactions if e["cid"] != cid]
    t.people = [x for x in t.people if x["id"] != cid]
    t.met = [e for e in t.met if e["cid"] != cid]
    t.knows = [e for e in t.knows if e["a"] != cid and not (e["kind"] == "Contact" and e["b"] == cid)]
    t.reports = [{"a": e["a"], "b": manager if e["b"] == cid else e["b"]} for e in t.reports
                 if e["a"] != cid and (e["b"] != cid or manager)]
    t.co_attend = [e for e in t.co_attend if cid not in (e["a"], e["b"])]
    t.shared = [e for e in t.shared if not any(k == "Contact" and i == cid
                                               for k, i in ((e["akind"], e["a"]), (e["bkind"], e["b"])))]


def _role_change(c: AccountCopy, cid: str, ch: dict, where: str, ids: set[str]) -> None:
    """A new job in the same account: a confirmed role was for the old job, so it no longer holds."""
    for x in c.rows.contacts:
        if x["id"] == cid:
            x["title"] = str(ch.get("title", x["title"]))
            x["department"] = str(ch.get("department", x["department"]))
            x["role_label"] = x["role_label_by"] = None
    for x in c.ties.people:
        if x["id"] == cid:
            x["title"] = str(ch.get("title", x["title"]))
    boss = ch.get("reports_to")
    if boss is not None:
        boss = str(boss)
        if boss not in ids or boss == cid:
            raise InputError(f"{where}: field 'reports_to' {boss!r} is not another contact of the account.")
        c.rows.reports = [e for e in c.rows.reports if e["s"] != cid] + [{"s": cid, "t": boss}]
        c.ties.reports = [e for e in c.ties.reports if e["a"] != cid] + [{"a": cid, "b": boss}]


def _meeting(c: AccountCopy, cid: str, ch: dict, n: int, where: str) -> None:
    owners = {o["id"]: o["name"] for o in c.ties.owners}
    user = str(ch.get("user") or next(iter(sorted(owners)), ""))
    if not user:
        raise InputError(f"{where}: field 'user' is missing and the account has no owner to hold the meeting.")
    kind = str(ch.get("meeting_type") or "approval")
    c.rows.interactions.append({"cid": cid, "iid": f"sandbox:{n}", "kind": "meeting", "meeting_type": kind,
                                "text": str(ch.get("topic") or kind), "signer": None})
    row = next((m for m in c.ties.met if m["uid"] == user and m["cid"] == cid), None)
    if row is None:
        c.ties.met.append({"uid": user, "uname": owners.get(user, user), "cid": cid, "n": 1, "last": None,
                           "kinds": ["meeting"]})
    else:
        row["n"] += 1
        row["kinds"] = sorted(set(row["kinds"]) | {"meeting"})


def apply(base: AccountCopy, scenario: Scenario, baseline_dms: list[dict], open_deals: set[str]
          ) -> tuple[AccountCopy, dict[str, list[str]], list[str]]:
    """(the changed copy, competitors entering per open deal, the contacts who left)."""
    c = copy.deepcopy(base)
    entrants: dict[str, list[str]] = {}
    left: list[str] = []
    for i, ch in enumerate(scenario.changes, 1):
        kind, where = ch["kind"], f"{scenario.source} change {i} ({ch['kind']})"
        ids = {x["id"] for x in c.rows.contacts}
        cid = None
        if kind == "decision_maker_leaves" and ch.get("contact") in (None, ""):
            present = [d for d in baseline_dms if d["id"] in ids]
            if not present:
                raise InputError(f"{where}: the account has no decision maker (left) to leave; name a 'contact'.")
            cid = present[0]["id"]
        elif "contact" in ch or kind in ("contact_leaves", "role_change", "meeting"):
            cid = str(ch.get("contact"))
            if cid not in ids:  # also what a contact of another account gets: nothing to probe
                raise InputError(f"{where}: field 'contact' {cid!r} is not a contact of account "
                                 f"{base.account['id']!r} (or has left in this scenario).")
        if kind in ("contact_leaves", "decision_maker_leaves"):
            _leave(c, cid)
            left.append(cid)
        elif kind == "role_change":
            _role_change(c, cid, ch, where, ids)
        elif kind == "meeting":
            _meeting(c, cid, ch, i, where)
        elif kind == "competitor_enters":
            name = str(ch["competitor"]).strip()
            deals = sorted(open_deals)
            if ch.get("opportunity") not in (None, ""):
                deals = [str(ch["opportunity"])]
                if deals[0] not in open_deals:
                    raise InputError(f"{where}: field 'opportunity' {deals[0]!r} is not an open opportunity "
                                     f"of account {base.account['id']!r}.")
            for o in deals:
                entrants.setdefault(o, []).append(name)
    return c, entrants, left


# --- evaluating a copy --------------------------------------------------------------------------------

def _labels(rows: Rows) -> dict[str, str]:
    return {x["id"]: x["role_label"] for x in rows.contacts if x.get("role_label")}


def _strength(awards: list, name: str, industry: str | None) -> dict:
    """The entrant's strength relative to ours (Luce), from award counts, with the counts as evidence."""
    key = name.lower()
    pool = [a for a in awards if industry and a.industry == industry]
    scope = f"industry {industry}"
    if len(pool) < 5:
        pool, scope = awards, "all industries"
    theirs = sum(1 for a in pool if not a.ours and key in (a.company.lower(), a.name.lower()))
    ours = sum(1 for a in pool if a.ours)
    return {"competitor": name, "relative_strength": round((theirs + 0.5) / (ours + 0.5), 4), "their_awards": theirs,
            "our_awards": ours, "awards_in_scope": len(pool), "scope": scope}


def _evaluate(graph: Graph, c: AccountCopy, model: WinModel, deals: list, entrants: dict[str, list[str]],
              strengths: dict[str, dict]) -> dict:
    batch = extract_rows(graph, c.rows)
    roles = sorted(semantic_roles(batch, _labels(c.rows)), key=lambda r: r["id"])
    by_id = {r["id"]: r for r in roles}
    dms = sorted((r for r in roles if r["role"] == "decision_maker"), key=lambda r: (-r["confidence"], r["id"]))
    engaged_by = sorted({e["cid"] for e in c.rows.interactions
                         if e["cid"] in by_id and by_id[e["cid"]]["role"] == "decision_maker"
                         and e["meeting_type"] in ENGAGING_MEETINGS})
    ties = copy.deepcopy(c.ties)
    for p in ties.people:
        r = by_id.get(p["id"])
        p["role"], p["confidence"] = (r["role"], r["confidence"]) if r else (None, None)
    paths = paths_from_rows(graph, ties)
    opps = []
    for e in deals:
        x = dict(e.extra or {})
        covariate = NO_DM in model.extras
        if covariate:
            x[NO_DM] = 0.0 if engaged_by else 1.0
        p = model.predict(_with_extra(e, x))
        evidence = [f"win model: {model.method}",
                    (f"a decision maker engaged in approval/procurement meetings: "
                     f"{'yes (' + ', '.join(engaged_by) + ')' if engaged_by else 'no'}") if covariate else
                    "the history has no decision-maker covariate (graph mode adds it), so roles do not move p"]
        for name in entrants.get(e.opportunity_id, []):
            s = strengths[name]
            p = p / (1 + p * s["relative_strength"])
            evidence.append(f"{name} enters: {s['their_awards']} award(s) won against our {s['our_awards']} in "
                            f"{s['scope']} ({s['awards_in_scope']} awards), relative strength "
                            f"{s['relative_strength']}; Luce share rule 1/p' = 1/p + strength")
        opps.append({"opportunity_id": e.opportunity_id, "stage": e.stage, "amount": e.amount,
                     "win_probability": round(p, 4), "competitors_entering": entrants.get(e.opportunity_id, []),
                     "evidence": evidence})
    return {
        "roles": {r["id"]: r["role"] for r in roles},
        "decision_makers": [{"id": r["id"], "name": r["name"], "title": r["title"], "confidence": r["confidence"],
                             "evidence": r["evidence"][:3]} for r in dms],
        "decision_maker_engaged": bool(engaged_by),
        "chain": [{"owner": p["owner"]["id"], "decision_maker": p["decision_maker"]["id"], "rank": p["rank"],
                   "reachable": p["reachable"], "cost": p["cost"], "summary": p["summary"]} for p in paths],
        "paths": paths,
        "opportunities": opps,
    }


def _moved_deals(hist: pd.DataFrame, as_of: pd.Timestamp, deals: list, skips: dict[str, str]) -> list:
    """The account's open deals as the changed history has them (a skipped stage: the stage it moved to)."""
    now = {e.opportunity_id: e for e in episodes(hist, as_of)
           if e.opportunity_id in skips and e.end is None and e.outcome is None}
    return [now.get(e.opportunity_id, e) for e in deals]


def _baseline_world_p(model: WinModel, deals: list, engaged: bool) -> dict[str, float]:
    """Each deal's win probability with the baseline's people (decision maker engaged or not)."""
    out = {}
    for e in deals:
        x = dict(e.extra or {})
        if NO_DM in model.extras:
            x[NO_DM] = 0.0 if engaged else 1.0
        out[e.opportunity_id] = model.predict(_with_extra(e, x))
    return out


def _with_extra(e, extra: dict):
    from dataclasses import replace

    return replace(e, extra=extra or None)


def _diff(a: dict, b: dict, names: dict[str, str]) -> dict:
    before, after = a["roles"], b["roles"]
    dm_a = {d["id"] for d in a["decision_makers"]}
    dm_b = {d["id"] for d in b["decision_makers"]}
    p_a = {o["opportunity_id"]: o["win_probability"] for o in a["opportunities"]}
    timing = {"timing": timing_diff(a, b)} if a.get("forecast") and b.get("forecast") else {}
    return {**timing,
        "left": sorted(set(before) - set(after)),
        "roles_changed": [{"contact": cid, "name": names.get(cid, cid), "before": before[cid], "after": after[cid]}
                          for cid in sorted(set(before) & set(after)) if before[cid] != after[cid]],
        "decision_makers_added": sorted(dm_b - dm_a),
        "decision_makers_removed": sorted(dm_a - dm_b),
        "chain_changed": [c["summary"] for c in a["chain"]] != [c["summary"] for c in b["chain"]],
        "win_probability": {o["opportunity_id"]: round(o["win_probability"] - p_a[o["opportunity_id"]], 4)
                            for o in b["opportunities"] if o["opportunity_id"] in p_a},
    }


def run(graph: Graph, account_id: str, hist: pd.DataFrame, scenarios: list[Scenario],
        as_of: pd.Timestamp | None = None, horizon_days: int = 90) -> dict:
    """Baseline and each scenario for one account, with what changed (roles, decision makers, chain,
    win probability, delay risk, forecast) against the baseline and, from the second scenario on,
    against the first."""
    if not scenarios:
        raise InputError("give at least one scenario.")
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    base = read_account(graph, account_id)
    model = fit_win(hist, as_of)
    deals = sorted((e for e in model.episodes if e.account == account_id and e.outcome is None and e.end is None),
                   key=lambda e: e.opportunity_id)
    open_ids = {e.opportunity_id for e in deals}
    names = {x["id"]: x["name"] for x in base.rows.contacts}
    baseline = _evaluate(graph, base, model, deals, {}, {})
    timing = AccountTiming(hist, as_of, stage_of(deals), horizon_days) if deals else None
    if timing is not None:
        baseline.update(timing.evaluate())
    awards = None
    out = {"account": base.account, "as_of": as_of.strftime("%Y-%m-%d"), "horizon_days": horizon_days,
           "baseline": baseline, "scenarios": []}
    for s in scenarios:
        if timing is None and any(ch["kind"] in DEAL_KINDS for ch in s.changes):
            raise InputError(f"{s.source}: account {account_id!r} has no open opportunity at "
                             f"{as_of:%Y-%m-%d} for a close date to slip or a stage to skip.")
        moved = timing.changes(s) if timing is not None else None
        copy_hist = timing.changed_history(moved) if moved else None
        s_deals = _moved_deals(copy_hist[0], as_of, deals, moved.skips) if moved and moved.skips else deals
        changed, entrants, left = apply(base, s, baseline["decision_makers"], open_ids)
        strengths: dict[str, dict] = {}
        if entrants:
            if awards is None:
                from ..competitors.predict import load_awards

                awards = load_awards(graph)
            strengths = {n: _strength(awards, n, base.account.get("industry"))
                         for n in sorted({n for ns in entrants.values() for n in ns})}
        res = _evaluate(graph, changed, model, s_deals, entrants, strengths)
        if timing is not None:
            # the people's changes reach the forecast as each deal's win-probability ratio against the
            # baseline's world (a skipped stage's own effect is the forecast's to model, not counted twice)
            ref = _baseline_world_p(model, s_deals, baseline["decision_maker_engaged"])
            factors = {o["opportunity_id"]: ratio(o["win_probability"], ref[o["opportunity_id"]])
                       for o in res["opportunities"]}
            res.update(timing.evaluate(copy_hist, factors))
        out["scenarios"].append({"name": s.name, "changes": s.changes, "left": left, **res,
                                 "competitor_strength": list(strengths.values()),
                                 "vs_baseline": _diff(baseline, res, names)})
    first = out["scenarios"][0]
    for s in out["scenarios"][1:]:
        s["vs_first_scenario"] = _diff(first, s, names)
    return out


def meeting_actions(graph: Graph, account_id: str, hist: pd.DataFrame, as_of: pd.Timestamp | None = None,
                    model: WinModel | None = None) -> list[dict]:
    """Next best action "meet the decision maker nobody has met, through the best introduction path": when no
    decision maker of the account has met us in an approval or procurement meeting, one action per decision
    maker, scored by the sandbox (the account's copy with that meeting held by the owner) as the change in
    the open deals' win probability x amount. Ranked by that change; none when one has met us already."""
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    acc = read_account_row(graph, account_id)
    if acc is None:
        raise NotFound(f"Account {account_id!r} not found.")
    model = model or fit_win(hist, as_of)  # the pipeline's list fits it once for every account
    deals = sorted((e for e in model.episodes if e.account == account_id and e.outcome is None and e.end is None),
                   key=lambda e: e.opportunity_id)
    if not deals:
        return []
    if NO_DM in model.extras and all((e.extra or {}).get(NO_DM) == 0.0 for e in deals):
        # the graph's stored roles already show a decision maker in an approval/procurement meeting (the
        # history's covariate): nothing to propose, and no sandbox to run (most accounts of a pipeline)
        return []
    base = AccountCopy(acc, read_rows(graph, [account_id]), read_tie_rows(graph, account_id))
    baseline = _evaluate(graph, base, model, deals, {}, {})
    if baseline["decision_maker_engaged"]:
        return []
    before = {o["opportunity_id"]: o for o in baseline["opportunities"]}
    out = []
    for dm in baseline["decision_makers"]:
        s = Scenario(f"meet {dm['id']}", [{"kind": "meeting", "contact": dm["id"], "meeting_type": "approval"}],
                     "next actions")
        changed, _, _ = apply(base, s, baseline["decision_makers"], {e.opportunity_id for e in deals})
        after = _evaluate(graph, changed, model, deals, {}, {})
        gain = sum((o["win_probability"] - before[o["opportunity_id"]]["win_probability"]) * (o["amount"] or 0.0)
                   for o in after["opportunities"])
        if gain <= 0:
            continue
        idx = next((i for i, c in enumerate(baseline["chain"]) if c["decision_maker"] == dm["id"] and c["rank"] <= 1),
                   None)
        path = baseline["chain"][idx] if idx is not None else None
        how = f"through {path['summary']}" if path and path["reachable"] else "no introduction path found: directly"
        p = [(o["opportunity_id"], before[o["opportunity_id"]]["win_probability"], o["win_probability"])
             for o in after["opportunities"]]
        out.append({
            "action_id": f"meet:{account_id}:{dm['id']}", "kind": "task", "account": account_id,
            "opportunity_id": p[0][0], "contact": dm["id"], "owner": None,
            "title": f"Meet {dm['name']} ({dm['title'] or 'decision maker'}) of {base.account['name']}, {how}",
            "reason": ("no decision maker of the account has met us in an approval or procurement meeting; with "
                       f"{dm['name']} in one, the win model gives " + "; ".join(f"{o} {a:.2f} -> {b:.2f}"
                                                                               for o, a, b in p) + " (sandbox)"),
            "expected_change": {"won_amount": round(gain, 2), "p_win": {o: [round(a, 4), round(b, 4)]
                                                                         for o, a, b in p}},
            "evidence": {"decision_maker": dm, "path": path, "as_of": as_of.strftime("%Y-%m-%d"),
                         "path_detail": baseline["paths"][idx] if idx is not None else None,
                         "win_model": model.method},
            # how sure we are that this person decides (the roles engine's confidence)
            "confidence": round(float(dm["confidence"] or 0.0), 3)})
    out.sort(key=lambda a: (-a["expected_change"]["won_amount"], a["action_id"]))
    return out
