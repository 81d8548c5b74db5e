"""Budget allocation against a simulator with known response curves.

Six arms (channel x creative) with a funnel each: clicks per yuan with saturation, lead, qualified,
opportunity and win rates, deal sizes; opportunities show up 0-2 weeks after the spend and wins
2-12 weeks after that, so each weekly export has older periods' outcomes still growing. Cheap-click
feed channels bring many leads that rarely close.

Policies, each for 26 weekly rounds after 4 weeks of history at an even split (the "current plan"):
  ours      `dealgraph campaigns allocate` on won value (the file-mode function the CLI calls,
            through real history.csv / plan.csv files; --subprocess runs the CLI itself)
  clicks    the same allocator on clicks (--weight clicks=1): what an ad platform optimises
  even      an even split
  oracle    the allocation that knows the true curves (maximises expected won value)

Prints the cumulative won value of the spend of the 26 rounds (realised, all deals however late they
close; and expected under the true curves), the ratios, and the regret curve per round.

    .venv/bin/python bench/campaigns.py [--seeds 3] [--rounds 26] [--subprocess]
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dealgraph.algorithms.marketing.plan import plan_from_file, write_plan

BUDGET = 100_000
WARMUP = 4


@dataclass
class Arm:
    channel: str
    creative: str
    cpc: float  # yuan per click at low spend
    k: float  # saturation scale (yuan per week)
    lead: float
    qualified: float
    opp: float
    win: float
    deal: float  # mean deal size

    def value_per_yuan(self) -> float:
        return self.lead * self.qualified * self.opp * self.win * self.deal / self.cpc

    def h(self, s):
        return self.k * -np.expm1(-np.asarray(s, dtype=float) / self.k)

    def expected_value(self, s):
        return self.value_per_yuan() * self.h(s)


ARMS = [
    Arm("百度搜索", "品牌词", cpc=9.0, k=30_000, lead=0.08, qualified=0.55, opp=0.35, win=0.30, deal=180_000),
    Arm("百度搜索", "行业词", cpc=6.0, k=100_000, lead=0.05, qualified=0.30, opp=0.20, win=0.20, deal=150_000),
    Arm("信息流", "视频A", cpc=0.8, k=150_000, lead=0.03, qualified=0.06, opp=0.08, win=0.10, deal=80_000),
    Arm("信息流", "图文B", cpc=1.0, k=150_000, lead=0.025, qualified=0.08, opp=0.10, win=0.12, deal=80_000),
    Arm("微信公众号", "白皮书", cpc=4.0, k=60_000, lead=0.06, qualified=0.35, opp=0.25, win=0.25, deal=160_000),
    Arm("行业媒体", "案例", cpc=15.0, k=25_000, lead=0.10, qualified=0.60, opp=0.40, win=0.35, deal=300_000),
]


class World:
    """Spend in, funnel out; outcomes become visible over the following weeks."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.rows: list[dict] = []  # per period and arm: counts visible at once
        self.opps: list[tuple[int, int, int]] = []  # (row index, visible week)
        self.deals: list[tuple[int, int, float]] = []  # (row index, visible week, amount)

    def run_week(self, week: int, spend: list[float]) -> float:
        """Spend one week; returns the eventual won value of this week's spend (realised)."""
        rng, total = self.rng, 0.0
        for arm, s in zip(ARMS, spend):
            clicks = rng.poisson(arm.h(s) / arm.cpc)
            leads = rng.binomial(clicks, arm.lead)
            qualified = rng.binomial(leads, arm.qualified)
            opps = rng.binomial(qualified, arm.opp)
            idx = len(self.rows)
            self.rows.append({"period": week, "arm": arm, "spend": float(s), "impressions": int(clicks * 40 +
                              rng.integers(0, 40)), "clicks": int(clicks), "leads": int(leads),
                              "qualified_leads": int(qualified)})
            for _ in range(opps):
                seen = week + int(rng.integers(0, 3))
                self.opps.append((idx, seen))
                if rng.random() < arm.win:
                    amount = float(arm.deal * rng.lognormal(-0.125, 0.5))
                    self.deals.append((idx, seen + 2 + int(rng.gamma(2.0, 2.5)), amount))
                    total += amount
        return total

    def export(self, now: int, path: Path) -> None:
        """history.csv as a CRM would export it at the end of week `now` (Chinese headers)."""
        opps = np.zeros(len(self.rows))
        won = np.zeros(len(self.rows))
        for idx, seen in self.opps:
            if seen <= now:
                opps[idx] += 1
        for idx, seen, amount in self.deals:
            if seen <= now:
                won[idx] += amount
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["周期", "渠道", "创意", "花费", "展现", "点击", "线索", "有效线索", "商机", "成交金额"])
            for i, r in enumerate(self.rows):
                w.writerow([f"W{r['period']:02d}", r["arm"].channel, r["arm"].creative, round(r["spend"], 2),
                            r["impressions"], r["clicks"], r["leads"], r["qualified_leads"], int(opps[i]),
                            round(won[i], 2)])


def oracle_split(budget: float = BUDGET) -> list[float]:
    """Water-filling on the true curves: equal marginal value theta * exp(-s/k) across arms."""
    theta = np.array([a.value_per_yuan() for a in ARMS])
    k = np.array([a.k for a in ARMS])
    lo, hi = 0.0, theta.max()
    for _ in range(100):  # marginal value level lam with sum s(lam) = budget
        lam = (lo + hi) / 2
        s = np.where(theta > lam, k * np.log(theta / lam), 0.0)
        lo, hi = (lo, lam) if s.sum() < budget else (lam, hi)
    return list(s / s.sum() * budget)


def read_plan(path: Path) -> list[float]:
    with path.open(encoding="utf-8") as fh:
        spend = {(r["channel"], r["creative"]): float(r["spend"]) for r in csv.DictReader(fh)}
    return [spend.get((a.channel, a.creative), 0.0) for a in ARMS]


def allocator(weight: str, workdir: Path, use_cli: bool):
    def policy(world: World, week: int) -> list[float]:
        hist, plan = workdir / "history.csv", workdir / "plan.csv"
        world.export(week - 1, hist)
        if use_cli:
            subprocess.run([str(Path(sys.executable).with_name("dealgraph")), "campaigns", "allocate", "--history",
                            str(hist), "--budget", str(BUDGET), "--out", str(plan), "--weight", weight],
                           check=True, capture_output=True)
        else:
            k, _, v = weight.partition("=")
            write_plan(plan_from_file(hist, BUDGET, weights={k: float(v)}), plan)
        return read_plan(plan)
    return policy


def simulate(policy, seed: int, rounds: int) -> tuple[list[float], list[float]]:
    """(realised eventual won value per round, expected value per round under the true curves)."""
    world = World(seed)
    even = [BUDGET / len(ARMS)] * len(ARMS)
    for week in range(WARMUP):
        world.run_week(week, even)
    realised, expected = [], []
    for r in range(rounds):
        week = WARMUP + r
        spend = policy(world, week)
        assert abs(sum(spend) - BUDGET) < 1e-6, f"plan spends {sum(spend)} not {BUDGET}"
        realised.append(world.run_week(week, spend))
        expected.append(float(sum(a.expected_value(s) for a, s in zip(ARMS, spend))))
    return realised, expected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=26)
    ap.add_argument("--subprocess", action="store_true", help="run `dealgraph campaigns allocate` as a process")
    args = ap.parse_args()

    oracle = oracle_split()
    print("arms (true value per yuan at low spend, saturation scale, oracle spend):")
    for a, s in zip(ARMS, oracle):
        print(f"  {a.channel}/{a.creative}: {a.value_per_yuan():.2f} /yuan, k={a.k:,.0f}, "
              f"click cost {a.cpc}, oracle {s:,.0f}")
    totals = {p: {"realised": [], "expected": []} for p in ("ours", "clicks", "even", "oracle")}
    curves = {p: np.zeros(args.rounds) for p in totals}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.seeds):
            policies = {
                "ours": allocator("won_amount=1", Path(tmp), args.subprocess),
                "clicks": allocator("clicks=1", Path(tmp), args.subprocess),
                "even": lambda world, week: [BUDGET / len(ARMS)] * len(ARMS),
                "oracle": lambda world, week: oracle,
            }
            for name, pol in policies.items():
                realised, expected = simulate(pol, seed, args.rounds)
                totals[name]["realised"].append(sum(realised))
                totals[name]["expected"].append(sum(expected))
                curves[name] += np.array(expected) / args.seeds
            print(f"seed {seed}: " + ", ".join(f"{n} {totals[n]['realised'][-1] / 1e6:.2f}M" for n in totals),
                  flush=True)
    elapsed = time.perf_counter() - t0

    def mean(p, kind):
        return float(np.mean(totals[p][kind]))

    print(f"\ncumulative won value over {args.rounds} weekly rounds, budget {BUDGET:,}/week, "
          f"mean of {args.seeds} seeds ({elapsed:.0f} s):")
    print(f"{'policy':8} {'realised':>14} {'expected':>14} {'vs even':>8} {'vs oracle':>9}")
    for p in totals:
        print(f"{p:8} {mean(p, 'realised'):14,.0f} {mean(p, 'expected'):14,.0f} "
              f"{mean(p, 'realised') / mean('even', 'realised'):8.3f} "
              f"{mean(p, 'realised') / mean('oracle', 'realised'):9.3f}")
    ours_even = mean("ours", "realised") / mean("even", "realised")
    ours_oracle = mean("ours", "realised") / mean("oracle", "realised")
    ours_clicks = mean("ours", "realised") / mean("clicks", "realised")
    print(f"\nours / even {ours_even:.3f} (target >= 1.3), ours / oracle {ours_oracle:.3f} (target >= 0.85), "
          f"ours / clicks-TS {ours_clicks:.3f} (target > 1); expected-value ratios: "
          f"{mean('ours', 'expected') / mean('even', 'expected'):.3f} / "
          f"{mean('ours', 'expected') / mean('oracle', 'expected'):.3f} / "
          f"{mean('ours', 'expected') / mean('clicks', 'expected'):.3f}")
    print("\nregret per round (oracle expected value - policy expected value, mean over seeds; cumulative):")
    print(f"{'round':>5} {'ours':>10} {'cum':>11} {'clicks':>10} {'cum':>11} {'even':>10} {'cum':>11}")
    cum = {p: 0.0 for p in ("ours", "clicks", "even")}
    for r in range(args.rounds):
        line = f"{r + 1:5d}"
        for p in list(cum):
            reg = curves["oracle"][r] - curves[p][r]
            cum[p] += reg
            line += f" {reg:10,.0f} {cum[p]:11,.0f}"
        print(line)
    ok = ours_even >= 1.3 and ours_oracle >= 0.85 and ours_clicks > 1
    print(f"\n{'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
