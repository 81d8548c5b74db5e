"""Contextual learner vs the hierarchical one, on audience segments described by features.

Three channels x 12 segments (industry, employees). The true value per yuan of (channel, segment) is
the channel's base x exp(industry effect + size effect + a channel-specific size effect), so segments
that look alike respond alike. Each arm gets a small share of the budget, so its own history is thin;
deals close 2-10 weeks after the spend. `--cold N`: N segments have no history at all when the rounds
start (new audiences): only a learner that reads features can plan them.

Policies, 26 weekly rounds after 4 even weeks, each through `campaigns allocate`'s file mode (history.csv
with a segment column, segments.csv with the features):
  contextual    --learner contextual --segments segments.csv
  hierarchical  --learner hierarchical (arms learned one by one, shrunk to their channel)
  even          an even split over every arm
  oracle        the split that knows the true curves

    .venv/bin/python bench/campaign_segments.py [--seeds 3] [--rounds 26] [--cold 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from dealgraph.algorithms.marketing.plan import plan_from_file, write_plan

BUDGET = 100_000
WARMUP = 4
CHANNELS = {"百度搜索": 0.9, "信息流": 0.45, "行业媒体": 0.7}  # base value per yuan
SIZE_BY_CHANNEL = {"百度搜索": 0.0, "信息流": -0.3, "行业媒体": 0.5}  # extra log value per sd of size
INDUSTRY = {"制造": 0.3, "金融": 0.6, "政府": -0.4, "零售": -0.6}
SEGMENTS = [(f"S{i:02d}", ind, emp) for i, (ind, emp) in enumerate(
    [("制造", 800), ("制造", 5000), ("制造", 150), ("金融", 3000), ("金融", 400), ("金融", 12000),
     ("政府", 2000), ("政府", 300), ("零售", 600), ("零售", 9000), ("制造", 2500), ("金融", 900)])]
SATURATION = 20_000.0  # yuan per arm-week
DEAL = 15_000.0  # small deals, a few a week: thin evidence per arm, enough in total


def true_theta() -> dict[tuple[str, str], float]:
    emp = np.log([e for _, _, e in SEGMENTS])
    z = (emp - emp.mean()) / emp.std()
    return {(ch, s): base * float(np.exp(INDUSTRY[ind] + 0.35 * z[i] + SIZE_BY_CHANNEL[ch] * z[i]))
            for ch, base in CHANNELS.items() for i, (s, ind, _) in enumerate(SEGMENTS)}


THETA = true_theta()
ARMS = sorted(THETA)


def h(s):
    return SATURATION * -np.expm1(-np.asarray(s, dtype=float) / SATURATION)


def oracle_split() -> dict[tuple[str, str], float]:
    theta = np.array([THETA[a] for a in ARMS])
    lo, hi = 0.0, theta.max()
    for _ in range(100):
        lam = (lo + hi) / 2
        s = np.where(theta > lam, SATURATION * np.log(theta / lam), 0.0)
        lo, hi = (lo, lam) if s.sum() < BUDGET else (lam, hi)
    return dict(zip(ARMS, s / s.sum() * BUDGET))


class World:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.rows: list[dict] = []
        self.deals: list[tuple[int, int, float]] = []  # row, week visible, amount

    def run_week(self, week: int, spend: dict[tuple[str, str], float]) -> float:
        total = 0.0
        for arm in ARMS:
            s = spend.get(arm, 0.0)
            if s <= 0:
                continue
            expected_deals = THETA[arm] * float(h(s)) / DEAL
            clicks = int(self.rng.poisson(float(h(s)) / 3.0))
            idx = len(self.rows)
            self.rows.append({"week": week, "arm": arm, "spend": s, "clicks": clicks})
            for _ in range(self.rng.poisson(expected_deals)):
                amount = float(DEAL * self.rng.lognormal(-0.125, 0.5))
                self.deals.append((idx, week + 2 + int(self.rng.integers(0, 9)), amount))
                total += amount
        return total

    def export(self, now: int, path: Path) -> None:
        won = np.zeros(len(self.rows))
        for idx, seen, amount in self.deals:
            if seen <= now:
                won[idx] += amount
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["周期", "渠道", "人群", "花费", "点击", "成交金额"])
            for i, r in enumerate(self.rows):
                w.writerow([f"W{r['week']:02d}", r["arm"][0], r["arm"][1], round(r["spend"], 2), r["clicks"],
                            round(won[i], 2)])


def write_segments(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["segment", "industry", "employees"])
        for s, ind, emp in SEGMENTS:
            w.writerow([s, ind, round(float(np.log(emp)), 4)])


def learner(kind: str, workdir: Path):
    def policy(world: World, week: int) -> dict[tuple[str, str], float]:
        hist, plan, segs = workdir / "history.csv", workdir / "plan.csv", workdir / "segments.csv"
        world.export(week - 1, hist)
        write_segments(segs)
        res = plan_from_file(hist, BUDGET, learner=kind, segments=segs if kind == "contextual" else None)
        write_plan(res, plan)
        with plan.open(encoding="utf-8") as fh:
            return {(r["channel"], r["segment"]): float(r["spend"]) for r in csv.DictReader(fh)}
    return policy


def simulate(policy, seed: int, rounds: int, cold: int) -> list[float]:
    world = World(seed)
    warm = [a for a in ARMS if a[1] not in {s for s, _, _ in SEGMENTS[len(SEGMENTS) - cold:]}]
    for week in range(WARMUP):
        world.run_week(week, {a: BUDGET / len(warm) for a in warm})
    expected = []
    for r in range(rounds):
        spend = policy(world, WARMUP + r)
        assert abs(sum(spend.values()) - BUDGET) < 1e-6, sum(spend.values())
        world.run_week(WARMUP + r, spend)
        expected.append(sum(THETA[a] * float(h(s)) for a, s in spend.items()))
    return expected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=26)
    ap.add_argument("--cold", type=int, default=3, help="segments with no history when the rounds start")
    args = ap.parse_args()
    oracle = oracle_split()
    t0, c0, load0 = time.perf_counter(), time.process_time(), os.getloadavg()[0]
    totals: dict[str, list[float]] = {p: [] for p in ("contextual", "hierarchical", "even", "oracle")}
    curves = {p: np.zeros(args.rounds) for p in totals}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.seeds):
            policies = {"contextual": learner("contextual", Path(tmp)),
                        "hierarchical": learner("hierarchical", Path(tmp)),
                        "even": lambda world, week: {a: BUDGET / len(ARMS) for a in ARMS},
                        "oracle": lambda world, week: oracle}
            for name, pol in policies.items():
                exp = simulate(pol, seed, args.rounds, args.cold)
                totals[name].append(sum(exp))
                curves[name] += np.array(exp) / args.seeds
            print(f"seed {seed}: " + ", ".join(f"{n} {totals[n][-1] / 1e6:.2f}M" for n in totals), flush=True)
    mean = {p: float(np.mean(v)) for p, v in totals.items()}
    print(f"\n{len(ARMS)} arms (3 channels x {len(SEGMENTS)} segments, {args.cold} without history at the start), "
          f"{args.rounds} weekly rounds, budget {BUDGET:,}/week, mean of {args.seeds} seeds "
          f"(wall {time.perf_counter() - t0:.0f} s, CPU {time.process_time() - c0:.0f} s, load {load0:.1f} -> "
          f"{os.getloadavg()[0]:.1f}); expected won value under the true curves:")
    print(f"{'policy':13} {'expected':>14} {'vs even':>8} {'vs oracle':>9}")
    for p in totals:
        print(f"{p:13} {mean[p]:14,.0f} {mean[p] / mean['even']:8.3f} {mean[p] / mean['oracle']:9.3f}")
    print(f"\ncontextual / hierarchical {mean['contextual'] / mean['hierarchical']:.3f}")
    print("\nregret per round (oracle - policy, expected value, mean over seeds):")
    print(f"{'round':>5} {'contextual':>11} {'hierarchical':>13} {'even':>10}")
    for r in range(args.rounds):
        print(f"{r + 1:5d} " + " ".join(f"{curves['oracle'][r] - curves[p][r]:{w},.0f}" for p, w in
                                         (("contextual", 11), ("hierarchical", 13), ("even", 10))))


if __name__ == "__main__":
    main()
