"""Decision roles on org charts written by others: macro-F1, confusion matrix, ECE, title baseline.

    DEALGRAPH_BOLT_PORT=17710 .venv/bin/python bench/roles_charts.py \
        [--validation ../shared/validation/roles/data] [--blind tests/fixtures/roles_blind ...]
        [--chart-area CHART=AREA ...] [--errors]

Each chart goes through the product's file path (ingest.orgchart.load -> classify in the graph, as
`dealgraph roles classify --contacts --edges --json` does) under account ids "bench-charts-*",
which are deleted afterwards. Layouts read: the validation set's `<acct>_contacts.csv` +
`<acct>_edges.csv` + one `truth.csv` (account,id,role), and one folder per chart with
contacts.csv, edges.csv, truth.csv (id,role) and optionally purchase_area.txt (else --purchase-area, or
--chart-area NAME=AREA). The baseline is the validation README's title rule.
ECE: 10 equal-width confidence bins, |accuracy - mean confidence| weighted by bin size; printed for
role_confidence (calibrated per reason, calibration.py) and for the hand-set per-reason priors.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dealgraph.algorithms.roles import classify
from dealgraph.algorithms.roles.rules import ROLES
from dealgraph.graph.connection import get_graph, quiet_driver_notices
from dealgraph.graph.migrate import migrate
from dealgraph.ingest.orgchart.load import load
from dealgraph.ingest.orgchart.parse import parse_contacts

PREFIX = "bench-charts-"
_DEPUTY = ["副", "vice", "deputy", "stellv"]
_TOP = ["董事长", "总经理", "行长", "厅长", "局长", "总裁", "社长", "ceo", "chief executive", "president",
        "managing director", "geschäftsführer", "chairman"]
_HEAD = ["vp", "director", "head", "部长", "处长", "主任", "总监", "leiter", "chief"]


def baseline(title: str) -> str:
    t = (title or "").lower()
    if any(k in t for k in _DEPUTY):
        return "influencer"
    if any(k in t for k in _TOP):
        return "decision_maker"
    return "influencer" if any(k in t for k in _HEAD) else "executor"


def charts(folder: Path) -> list[tuple[str, Path, Path | None, dict[str, str]]]:
    """(name, contacts, edges, truth) for either layout."""
    out = []
    flat = folder / "truth.csv"
    if flat.exists():
        truth: dict[str, dict[str, str]] = defaultdict(dict)
        with flat.open(encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                truth[r["account"]][r["id"]] = r["role"]
        for acct, t in sorted(truth.items()):
            edges = folder / f"{acct}_edges.csv"
            out.append((acct, folder / f"{acct}_contacts.csv", edges if edges.exists() else None, t))
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and (p / "truth.csv").exists()):
        with (sub / "truth.csv").open(encoding="utf-8-sig", newline="") as f:
            t = {r["id"]: r["role"] for r in csv.DictReader(f)}
        edges = sub / "edges.csv"
        out.append((sub.name, sub / "contacts.csv", edges if edges.exists() else None, t))
    return out


def area_of(contacts: Path, default: str) -> str:
    """A chart's purchase area: its folder's purchase_area.txt (copied from the chart's README) or the default."""
    f = contacts.parent / "purchase_area.txt"
    return f.read_text(encoding="utf-8").strip() if contacts.name == "contacts.csv" and f.exists() else default


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    f1s = []
    for c in ROLES:
        tp = sum(1 for t, p in pairs if t == c == p)
        fp = sum(1 for t, p in pairs if p == c != t)
        fn = sum(1 for t, p in pairs if t == c != p)
        pr, rc = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
        f1s.append(2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return sum(f1s) / len(f1s)


def ece(scored: list[tuple[float, bool]], bins: int = 10) -> float:
    total, err = len(scored), 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in scored if lo < c <= hi or (b == 0 and c == 0)]
        if inside:
            acc = sum(ok for _, ok in inside) / len(inside)
            conf = sum(c for c, _ in inside) / len(inside)
            err += len(inside) / total * abs(acc - conf)
    return err


def run_set(graph, label: str, folder: Path, area: str, chart_areas: dict[str, str], errors: bool) -> None:
    pairs, base, scored, priors = [], [], [], []
    print(f"\n== {label}: {folder} ==")
    for name, contacts, edges, truth in charts(folder):
        org = load(graph, contacts, edges, account_id=f"{PREFIX}{name}")
        chart_area = chart_areas.get(name) or area_of(contacts, area)
        report = classify(graph, [org.account_id], collect=True, write=True, use_model=False,
                          purchase_area=chart_area)
        pred = {org.source_ids[r["id"]]: r for r in report.results}
        people, _ = parse_contacts(contacts)  # the export's own headers, read as the product reads them
        rows = {p.id: {"title": p.title, "department": p.department} for p in people}
        titles = {i: r["title"] for i, r in rows.items()}
        mine = [(t, pred[i]["role"] if i in pred else "(none)") for i, t in truth.items()]
        pairs += mine
        base += [(t, baseline(titles.get(i, ""))) for i, t in truth.items()]
        scored += [(pred[i]["confidence"], pred[i]["role"] == t) for i, t in truth.items() if i in pred]
        priors += [(pred[i]["prior"], pred[i]["role"] == t) for i, t in truth.items() if i in pred]
        print(f"{name:<26} {len(mine):>4} contacts  macro-F1 {macro_f1(mine):.3f}  (purchase area {chart_area})")
        if errors:
            for i, t in truth.items():
                p = pred.get(i)
                if p is None or p["role"] != t:
                    r = rows.get(i, {})
                    print(f"    {i:<8} truth {t:<15} predicted {p['role'] if p else '(none)':<15} "
                          f"{(r.get('title') or '').strip()} | {(r.get('department') or '').strip()} | "
                          f"{'; '.join(p['evidence']) if p else ''}")
    cm = Counter(pairs)
    print("confusion (rows truth, columns predicted: DM INF EXE):")
    for t in ROLES:
        print(f"  {t:<15}" + "".join(f"{cm[(t, p)]:>6}" for p in ROLES))
    print(f"{label}: macro-F1 {macro_f1(pairs):.3f} (title baseline {macro_f1(base):.3f}) over {len(pairs)} contacts, "
          f"ECE {ece(scored):.3f} (uncalibrated priors {ece(priors):.3f}; accuracy "
          f"{sum(ok for _, ok in scored) / max(1, len(scored)):.3f}, mean confidence "
          f"{sum(c for c, _ in scored) / max(1, len(scored)):.3f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = Path(__file__).resolve().parents[1]
    ap.add_argument("--validation", type=Path, default=root.parent / "shared/validation/roles/data")
    ap.add_argument("--blind", type=Path, nargs="*",
                    default=[root / f"tests/fixtures/{d}" for d in ("roles_blind", "roles_blind2", "roles_blind3", "roles_blind4",
                                                                "roles_blind5")])
    ap.add_argument("--purchase-area", default="it", help="purchase area of every chart not named by --chart-area")
    ap.add_argument("--chart-area", nargs="*", default=[], metavar="CHART=AREA",
                    help="a chart's own purchase area (from its README), e.g. acme_bank=finance")
    ap.add_argument("--errors", action="store_true", help="list every contact whose role is wrong")
    args = ap.parse_args()
    chart_areas = dict(a.split("=", 1) for a in args.chart_area)
    quiet_driver_notices()
    graph = get_graph()
    migrate(graph)
    try:
        sets = [("validation", args.validation)] + [(f"blind ({b.name})", b) for b in args.blind]
        for label, folder in sets:
            if folder.exists():
                run_set(graph, label, folder, args.purchase_area, chart_areas, args.errors)
    finally:
        graph.write("MATCH (n) WHERE (n:Contact OR n:Department OR n:Account) AND "
                    "coalesce(n.account_id, n.id) STARTS WITH $p DETACH DELETE n", p=PREFIX)
        graph.write("MATCH (s:SourceRecord) WHERE s.id STARTS WITH $p DETACH DELETE s", p="orgchart:" + PREFIX)


if __name__ == "__main__":
    main()
