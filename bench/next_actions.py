"""Account sandbox and next best actions at demo size: wall and CPU time.

    DEALGRAPH_BOLT_PORT=17762 .venv/bin/python bench/next_actions.py [--load --accounts 30 --seed 7]

Reads the graph the settings point at (--load first runs `dealgraph demo load` into it) and times, for each
account with an open deal: the account sandbox with one scenario (the baseline's most confident decision
maker leaves: roles, paths, win probability, delay risk and forecast recomputed on a copy), and the
account's ranked next actions of every kind (GET /sandbox/accounts/{id}/next-actions); then the pipeline's
list of every kind across all accounts (`actions next`, GET /pipeline/next-actions). CPU is this process's
(process_time) and the Neo4j server's (its process's CPU seconds over the same span); the load average is
printed with each line because the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dealgraph.algorithms.opportunities.account_actions import ranked_account_actions
from dealgraph.algorithms.opportunities.account_sandbox import run as run_sandbox
from dealgraph.algorithms.opportunities.account_sandbox import scenario_from_dict
from dealgraph.algorithms.opportunities.graph import graph_history
from dealgraph.algorithms.opportunities.history import default_as_of, episodes, load_history
from dealgraph.algorithms.opportunities.pipeline_actions import pipeline_actions
from dealgraph.config import get_settings
from dealgraph.graph.connection import get_graph, quiet_driver_notices


def _server_cpu(settings):
    """CPU seconds of the Neo4j server process so far (None when it is not ours to see)."""
    try:
        import psutil

        from dealgraph.graph.runtime import LocalServer

        pid = LocalServer(settings).pid()
        if pid is None:
            return None
        t = psutil.Process(pid).cpu_times()
        return t.user + t.system
    except Exception:  # noqa: BLE001 - a bench without the server's CPU still prints the rest
        return None


def _timed(settings, fn):
    w0, c0, s0 = time.perf_counter(), time.process_time(), _server_cpu(settings)
    out = fn()
    w, c, s1 = time.perf_counter() - w0, time.process_time() - c0, _server_cpu(settings)
    return out, w, c, (s1 - s0) if s0 is not None and s1 is not None else float("nan")


def _load() -> str:
    a, b, c = os.getloadavg()
    return f"load {a:.1f}/{b:.1f}/{c:.1f}"


def _line(name: str, samples: list[tuple[float, float, float]]) -> str:
    walls = sorted(s[0] for s in samples)
    p90 = walls[min(len(walls) - 1, int(0.9 * len(walls)))]
    return (f"{name}: n={len(samples)}  wall median {statistics.median(walls):.2f} s, p90 {p90:.2f} s, max "
            f"{walls[-1]:.2f} s; CPU per call: python {statistics.mean(s[1] for s in samples):.2f} s, neo4j "
            f"{statistics.mean(s[2] for s in samples):.2f} s  ({_load()})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--load", action="store_true", help="run `dealgraph demo load` into the graph first")
    ap.add_argument("--accounts", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max-accounts", type=int, default=1000, help="time at most this many accounts")
    args = ap.parse_args()
    settings = get_settings()
    if args.load:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dealgraph", "demo", "load", "--accounts", str(args.accounts),
                        "--seed", str(args.seed)], check=True, stdout=subprocess.DEVNULL)
        print(f"demo load --accounts {args.accounts} --seed {args.seed}: {time.perf_counter() - t0:.0f} s "
              f"({_load()})")
    quiet_driver_notices()
    graph = get_graph(settings)
    hist, w, c, s = _timed(settings, lambda: load_history(graph_history(graph), "graph"))
    as_of = default_as_of(hist)
    eps = episodes(hist, as_of)
    open_by_account: dict[str, int] = {}
    for e in eps:
        if e.account and e.outcome is None and e.end is None:
            open_by_account[e.account] = open_by_account.get(e.account, 0) + 1
    accounts = sorted(open_by_account)[:args.max_accounts]
    contacts = graph.read("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"]
    print(f"graph: {hist['opportunity_id'].nunique()} deals, {sum(open_by_account.values())} open in "
          f"{len(open_by_account)} accounts, {contacts} contacts; as of {as_of:%Y-%m-%d}; history read {w:.2f} s")
    leaves = scenario_from_dict({"name": "DM leaves", "change": [{"kind": "decision_maker_leaves"}]}, "bench")
    sandbox, actions, kinds = [], [], {}
    failed = 0
    for aid in accounts:
        try:
            _, w, c, s = _timed(settings, lambda a=aid: run_sandbox(graph, a, hist, [leaves], as_of))
            sandbox.append((w, c, s))
        except Exception as e:  # noqa: BLE001 - an account the scenario does not apply to (no DM) is counted
            failed += 1
            print(f"  sandbox {aid}: {type(e).__name__}: {e}")
        res, w, c, s = _timed(settings, lambda a=aid: ranked_account_actions(graph, hist, a, as_of))
        actions.append((w, c, s))
        for a in res["actions"]:
            k = a["action_id"].split(":")[0]
            kinds[k] = kinds.get(k, 0) + 1
    if sandbox:
        print(_line("account sandbox, 1 scenario (DM leaves)", sandbox) + (f"; {failed} not applicable"
                                                                            if failed else ""))
    print(_line("account next actions (every kind)", actions) + f"; actions by kind {kinds}")
    for run in ("cold", "warm"):
        res, w, c, s = _timed(settings, lambda: pipeline_actions(graph, hist, as_of, limit=50))
        print(f"pipeline next actions ({run}): {res['total']} actions {res['by_kind']} over "
              f"{res['accounts_with_open_deals']} accounts with open deals; wall {w:.2f} s, CPU python {c:.2f} s, "
              f"neo4j {s:.2f} s ({_load()}); notes {len(res['notes'])}")


if __name__ == "__main__":
    main()
