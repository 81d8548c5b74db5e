"""Off-policy evaluation of a proposed plan against the current one on logged periods.

Every logged yuan is an action with propensity = its arm's share of that period's spend. For a plan
with shares p (budget B), per logged period t:
  IPS_t = B * sum_i p_i * v_it / (F(age_t) * s_it)                      (observed value per yuan, reweighted)
  DR_t  = DM + B * sum_i p_i * (v_it / (F(age_t) * s_it) - m_i(s_it) / s_it)   (model + observed residual)
where DM = sum_i theta_i * h_i(p_i * B) is the fitted model's value of the plan and m_i(s) = theta_i * h_i(s)
its prediction at the logged spend. IPS is linear in spend (it cannot see saturation beyond the logged
range); DR keeps the model's curve and corrects its level with what was observed. Only periods whose
outcomes are at least half visible (F >= 0.5) count; 90% intervals bootstrap the periods. An arm the
plan funds but a period did not is outside that period's support: reported, and left out of IPS.
"""

from __future__ import annotations

import numpy as np

from ...errors import InputError
from .history import History
from .model import ValueModel, saturate, weighted_value

MIN_VISIBLE = 0.5


def _estimates(hist: History, model: ValueModel, shares: dict[str, float], budget: float) -> dict:
    rows = hist.rows.copy()
    rows["value"] = weighted_value(rows, model.weights)
    post = {a.arm: a for a in model.arms}
    dm = sum(post[a].mean * float(saturate(np.array([p * budget]), model.saturation[a])[0])
             for a, p in shares.items() if a in post)
    ips, dr, support = [], [], []
    for _, g in rows.groupby("period_index"):
        f = model.lag_share(int(g["age"].iloc[0]))
        if f < MIN_VISIBLE:
            continue
        per_yuan = {r.arm: r.value / (f * r.spend) for r in g.itertuples() if r.spend > 0}
        pred = {r.arm: post[r.arm].mean * float(saturate(np.array([r.spend]), model.saturation[r.arm])[0]) / r.spend
                for r in g.itertuples() if r.spend > 0}
        covered = {a: p for a, p in shares.items() if a in per_yuan}
        support.append(sum(covered.values()))
        ips.append(budget * sum(p * per_yuan[a] for a, p in covered.items()))
        dr.append(dm + budget * sum(p * (per_yuan[a] - pred[a]) for a, p in covered.items()))
    return {"ips": np.array(ips), "dr": np.array(dr), "dm": dm, "support": float(np.mean(support)) if support else 0.0}


def evaluate(hist: History, model: ValueModel, proposed: dict[str, float], current: dict[str, float] | None = None,
             budget: float | None = None, boot: int = 1000) -> dict:
    """proposed/current: arm ('channel|creative') -> spend. current defaults to the latest period's spend."""
    if current is None:
        last = hist.rows[hist.rows["age"] == 0]
        current = dict(zip(last["arm"], last["spend"].astype(float)))
    unknown = [a for a in proposed if a not in {x.arm for x in model.arms}]
    if unknown:
        ch, _, cr = unknown[0].partition("|")
        raise InputError(f"plan: arm {ch + (' / ' + cr if cr else '')!r} is not in the history; it cannot be evaluated "
                         f"on logged data.")
    budget = budget or float(sum(proposed.values()))
    shares = {k: {a: s / max(sum(d.values()), 1e-12) for a, s in d.items()} for k, d in
              (("proposed", proposed), ("current", current))}
    est = {k: _estimates(hist, model, sh, budget) for k, sh in shares.items()}
    n = len(est["proposed"]["ips"])
    if n < 2:
        raise InputError("history: fewer than 2 periods with outcomes at least half visible; nothing to evaluate on.")
    rng = np.random.default_rng(0)
    idx = rng.integers(0, n, size=(boot, n))
    out: dict = {"periods_used": n, "budget": budget}
    for method in ("ips", "dr"):
        p, c = est["proposed"][method], est["current"][method]
        res = {}
        for name, x in (("proposed", p), ("current", c), ("difference", p - c)):
            bs = x[idx].mean(axis=1)
            res[name] = {"estimate": round(float(x.mean()), 2),
                         "interval_90": [round(float(np.quantile(bs, 0.05)), 2), round(float(np.quantile(bs, 0.95)), 2)]}
        out[method] = res
    out["direct_model"] = {k: round(v["dm"], 2) for k, v in est.items()}
    out["support"] = {k: round(v["support"], 3) for k, v in est.items()}
    return out
