"""Time `funnel import` + `funnel review` on the CRM sample and on a synthetic export of
200,000 opportunities, next to merely reading the same CSV with the csv module, in one run.

    python benchmarks/funnel.py [--rows 200000] [--runs 3]

Each figure is the median of --runs whole `salescoach` processes (a fresh copy of
examples/crm-sample without its import, so every import really imports). Output in
benchmarks/out/funnel/ (git-ignored).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "crm-sample"
OUT = ROOT / "benchmarks" / "out" / "funnel"
SALESCOACH = [sys.executable, "-m", "salescoach"]
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The timed processes' environment: bytecode cached, as in any installation."""
HEADER = [
    "opportunity_id",
    "sales_agent",
    "product",
    "account",
    "deal_stage",
    "engage_date",
    "close_date",
    "close_value",
]


def synthetic_export(path: Path, rows: int, seed: int = 6) -> None:
    """A Maven-layout export of ``rows`` opportunities owned by the sample's reps."""
    rng = random.Random(seed)
    with open(SAMPLE / "export" / "sales_teams.csv", newline="", encoding="utf-8") as handle:
        agents = [row["sales_agent"] for row in csv.DictReader(handle)][:30]
    start = date(2016, 10, 20)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in range(rows):
            stage = rng.choices(["Won", "Lost", "Engaging", "Prospecting"], [48, 28, 18, 6])[0]
            engaged = start + timedelta(days=rng.randrange(430))
            closed = engaged + timedelta(days=rng.randrange(1, 140))
            value = rng.randrange(50, 30000) if stage == "Won" else (0 if stage == "Lost" else "")
            out.writerow(
                [
                    f"S{i:07d}",
                    rng.choice(agents),
                    "GTX Basic",
                    "Acme",
                    stage,
                    "" if stage == "Prospecting" else engaged.isoformat(),
                    closed.isoformat() if stage in ("Won", "Lost") else "",
                    value,
                ]
            )


def fresh_repo(name: str) -> Path:
    target = OUT / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(SAMPLE, target)
    shutil.rmtree(target / "funnel" / "imports")
    return target


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*SALESCOACH, *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=CHILD_ENV,
    )
    return time.perf_counter() - start


def csv_read(path: Path) -> float:
    start = time.perf_counter()
    with open(path, newline="", encoding="utf-8") as handle:
        for _row in csv.reader(handle):
            pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    big = OUT / f"synthetic-{args.rows}.csv"
    if not big.exists():
        synthetic_export(big, args.rows)
    exports = [
        ("sample, 8,800 rows", SAMPLE / "export" / "sales_pipeline.csv"),
        (f"synthetic, {args.rows:,} rows", big),
    ]
    print(
        f"{'export':28s} {'MB':>5s} {'csv read':>9s} {'import':>8s} {'review all':>11s} "
        f"{'review one':>11s} {'import+review':>14s} {'÷ csv read':>10s}"
    )
    timed(["--repo", str(fresh_repo("repo")), "funnel", "import", str(exports[0][1])])  # bytecode
    for label, export in exports:
        reads, imports, reviews, ones = [], [], [], []
        for _ in range(args.runs):
            repo = fresh_repo("repo")
            reads.append(csv_read(export))
            imports.append(timed(["--repo", str(repo), "funnel", "import", str(export)]))
            reviews.append(timed(["--repo", str(repo), "funnel", "review", "--format", "json"]))
            ones.append(timed(["--repo", str(repo), "funnel", "review", "cara-losch"]))
        read, imp, rev, one = (statistics.median(v) for v in (reads, imports, reviews, ones))
        print(
            f"{label:28s} {export.stat().st_size / 1e6:5.1f} {read:8.3f}s {imp:7.3f}s "
            f"{rev:10.3f}s {one:10.3f}s {imp + rev:13.3f}s {(imp + rev) / read:9.1f}x"
        )


if __name__ == "__main__":
    main()
