"""Lead-scoring bench: cross-validated and time-split AUC and calibration error (ECE).

Sources:
  * demo truth: the demo world's ad / search / web-form leads (what a user's three lead exports
    hold), labelled by truth/leads.csv;
  * two lead tables of shapes unlike the demo world (dealgraph.demo.leads_table): a Chinese
    CRM export and an English marketing-automation export, each with a planted leak;
  * the few-outcomes path: 15 won + 15 lost, where the BANT rule scores alone.
For each: the figures `dealgraph leads train` prints (5-fold CV, calibration inside each fold),
then a time split (train on the oldest 70 %, score the newest 30 % with the saved model).

Run: .venv/bin/python bench/leads.py [--accounts 300] [--rows 3000]
     .venv/bin/python bench/leads.py --graph   # graph mode on the graph DEALGRAPH_BOLT_PORT points at
                                               # (after `dealgraph demo load` + `dealgraph identity resolve`)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dealgraph.algorithms.leads.model import expected_calibration_error, train_lead_model
from dealgraph.algorithms.leads.scoring import score_table
from dealgraph.algorithms.leads.tabular import map_target
from dealgraph.demo.leads_table import generate


def _export(df: pd.DataFrame) -> pd.DataFrame:
    """As a CSV export reads back: strings, blanks as missing."""
    return df.astype(str).replace({"": np.nan, "nan": np.nan, "None": np.nan, "[]": np.nan, "NaT": np.nan})


def demo_leads(n_accounts: int, seed: int = 7) -> pd.DataFrame:
    from dealgraph.demo.world import generate_world

    w = generate_world(n_accounts, seed=seed)
    rows = [r for k in ("leads_ad", "leads_search", "leads_web") for r in w.records[k]]
    df = pd.DataFrame(rows)
    truth = pd.DataFrame(w.truth["leads"]).set_index("lead_id")["converted"]
    df["pages_visited"] = df["pages_visited"].map(lambda v: ";".join(v) if isinstance(v, list) else v)
    df["page_count"] = df["pages_visited"].map(lambda v: len(v.split(";")) if isinstance(v, str) and v else 0)
    # The outcome a user's export holds is only known for worked leads; the truth knows all.
    df["outcome_known"] = df["converted"].notna()
    df["converted"] = df["id"].map(truth).map({True: "yes", False: "no"})
    return df.drop(columns=["name", "email", "phone"])


def run(name: str, df: pd.DataFrame, target: str, id_column: str | None, time_col: str | None,
        train_mask: pd.Series | None = None) -> None:
    t = time.time()
    data = _export(df.drop(columns=["outcome_known"], errors="ignore"))
    fit = data[train_mask.to_numpy()] if train_mask is not None else data
    rep = train_lead_model(fit.reset_index(drop=True), target, id_column)
    m = rep.model
    line = (f"{name}: rows {rep.n_rows} ({rep.n_pos} won) model {m.kind}: CV AUC {m.metrics['auc']:.3f} "
            f"ECE {m.metrics['ece']:.3f}; leaks excluded {[lk.column for lk in rep.leaks]}; ids {rep.ids}")
    if time_col:
        from dealgraph.algorithms.leads.tabular import to_date

        when = to_date(fit[time_col])
        order = np.argsort(when.fillna(when.min()).to_numpy(), kind="stable")
        cut = int(len(order) * 0.7)
        old, new = fit.iloc[order[:cut]].reset_index(drop=True), fit.iloc[order[cut:]].reset_index(drop=True)
        rep2 = train_lead_model(old, target, id_column)
        scored, _ = score_table(new.drop(columns=[target]), rep2.model)
        y, _ = map_target(new[target])
        from sklearn.metrics import roc_auc_score

        line += (f"; time split (newest 30 %, n={len(new)}): AUC {roc_auc_score(y, scored['score']):.3f} "
                 f"ECE {expected_calibration_error(y.to_numpy(), scored['score'].to_numpy()):.3f}")
    print(line + f"  [{time.time() - t:.0f}s]", flush=True)


def graph_mode() -> None:
    """Graph mode on a loaded graph: features from leads, contacts, interactions and tenders."""
    import tempfile

    from dealgraph.algorithms.leads.graph import lead_frame, rescore_leads, train_graph_model
    from dealgraph.algorithms.registry import Registry
    from dealgraph.graph.connection import graph_session, quiet_driver_notices

    quiet_driver_notices()

    t = time.time()
    with graph_session() as g, tempfile.TemporaryDirectory() as tmp:
        df = lead_frame(g)
        linked = df["title"].notna().mean()
        reg = Registry(tmp, "leads-graph")
        info = train_graph_model(g, reg)
        n = rescore_leads(g, registry=reg)
        m = info["metrics"]
        print(f"graph mode: {len(df)} leads ({df['converted'].notna().sum()} with outcome, {linked:.0%} with a title), "
              f"model {info['kind']}: CV AUC {m['auc']:.3f} ECE {m['ece']:.3f}; rescored {n} in "
              f"{time.time() - t:.0f}s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=300)
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--graph", action="store_true", help="Run graph mode on the configured server only.")
    a = ap.parse_args()
    if a.graph:
        graph_mode()
        return
    demo = demo_leads(a.accounts)
    run("demo truth, leads with a known outcome (as exported)", demo, "converted", "id", "created_at",
        train_mask=demo["outcome_known"])
    run("demo truth, all leads", demo, "converted", "id", "created_at")
    run("Chinese CRM export (other shape)", generate("cn", a.rows, seed=7), "是否成交", "线索编号", "创建日期")
    run("English marketing export (other shape)", generate("en", a.rows, seed=11), "Converted", None, "Created Date")
    en = _export(generate("en", 400, seed=5))
    few = pd.concat([en[en.Converted == "Yes"].head(15), en[en.Converted == "No"].head(15)])
    rep = train_lead_model(few, "Converted")
    rest = en.drop(few.index)
    scored, _ = score_table(rest.drop(columns=["Converted"]), rep.model)
    from sklearn.metrics import roc_auc_score

    print(f"few outcomes (15 won / 15 lost): {rep.model.kind}; AUC on {len(rest)} unseen leads "
          f"{roc_auc_score((rest.Converted == 'Yes').astype(int), scored['score']):.3f} (rule, no fitting)")


if __name__ == "__main__":
    main()
