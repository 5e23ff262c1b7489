"""Time whole ``salescoach`` processes against the targets of issues 7 and 18, with their floors.

    python benchmarks/run.py            # the large repo: 100 managers x 8 reps x 10 years
    python benchmarks/run.py --quick    # a smaller one (20 x 8 x 3), for a quick look

Every figure is the median of several runs of a separate process (wall clock), and every
process's own peak memory comes from the operating system (``os.wait4``'s ``ru_maxrss``).
The floors are measured in the same run: ``python -c "import typer"``, the dependencies'
import time, ``floor_app.py`` (a typer app that reads, validates and prints one manager file
as a rich table: the floor of the daily commands) and the bare libyaml C loader over every
YAML file of the large repo. ``--funnel-rows N`` also times ``funnel import`` and ``funnel
review`` of an N-row export (issue 18: 200,000) against reading it with the ``csv`` module. The
large repo is generated into ``benchmarks/out/`` when missing (see generate.py).
``rate rep`` writes: it runs on a copy of the example (``benchmarks/out/example``) and the
large repo's file is restored (bytes and times) after every run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "acme"
TODAY = "2026-11-27"
PYTHON = sys.executable
SALESCOACH = str(Path(sys.executable).parent / "salescoach")
MB = 1024 * 1024
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The measured processes' environment: their bytecode is cached as in any installation
(without it every process compiles the modules it imports: ~100 ms of each)."""

BARE_LOADER = """
import sys, time, yaml
files = [line for line in sys.stdin.read().splitlines() if line]
start = time.perf_counter()
for name in files:
    with open(name, encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
print(len(files), time.perf_counter() - start)
"""


@dataclass
class Runs:
    """Wall-clock seconds and peak memory (bytes) of each run of one command."""

    seconds: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    stdout: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> int:
        return max(self.peaks)

    @property
    def spread(self) -> float:
        """(slowest - fastest) / median: how noisy this command's runs were."""
        return (max(self.seconds) - min(self.seconds)) / self.median


def measure(
    argv: list[str],
    n: int,
    *,
    stdin: str | None = None,
    before: Callable[[], None] | None = None,
    after: Callable[[], None] | None = None,
) -> Runs:
    """Run ``argv`` ``n`` times (``before``/``after`` around each), one process at a time."""
    runs = Runs()
    for _ in range(n):
        if before:
            before()
        try:
            _run_with_rusage(argv, runs, stdin)
        finally:
            if after:
                after()
    return runs


def _run_with_rusage(argv: list[str], runs: Runs, stdin: str | None) -> None:
    """One child process, timed, reaped with ``os.wait4`` for its own peak memory; it must
    exit 0. Output goes to temporary files, so a full pipe never blocks it."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env={**CHILD_ENV, "NO_COLOR": "1", "COLUMNS": "100"},
        )
        if stdin is not None and proc.stdin is not None:
            proc.stdin.write(stdin.encode())
            proc.stdin.close()
        _pid, status, usage = os.wait4(proc.pid, 0)
        runs.seconds.append(time.perf_counter() - start)
        proc.returncode = os.waitstatus_to_exitcode(status)
        runs.peaks.append(usage.ru_maxrss * 1024)  # KiB on Linux
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            message = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}:\n{message}")
        runs.stdout = out.read().decode(errors="replace")


def sc(repo: Path, *args: str) -> list[str]:
    return [SALESCOACH, "--repo", str(repo), "--today", TODAY, *args]


@dataclass
class Row:
    what: str
    measured: str
    target: str
    holds: bool | None


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def ensure_repo(quick: bool) -> Path:
    name = "quick" if quick else "large"
    out = HERE / "out" / name
    if not (out / "salescoach.yaml").exists():
        size = (20, 8, 3) if quick else (100, 8, 10)
        print(f"generating {out} ({size[0]} managers x {size[1]} reps x {size[2]} years)…")
        # in a child process, so that this one stays small (its children's peaks include it)
        subprocess.run(
            [PYTHON, str(HERE / "generate.py"), "--managers", str(size[0]),
             "--reps-per-manager", str(size[1]), "--years", str(size[2]), "--seed", "1",
             "--out", str(out), "--opportunities", "2000" if quick else "20000"],
            check=True,
        )  # fmt: skip
        time.sleep(2.5)  # past the cache's "racily new" window
    return out


class Restore:
    """Put a file's bytes and times back after a command that writes it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = path.read_bytes()
        st = path.stat()
        self.times = (st.st_atime_ns, st.st_mtime_ns)

    def __call__(self) -> None:
        if self.path.read_bytes() != self.data:
            self.path.write_bytes(self.data)
        os.utime(self.path, ns=self.times)


def last_meeting(repo: Path, manager: str) -> Path:
    return sorted((repo / "meetings" / manager).glob("*.yaml"))[-1]


def first_rep(repo: Path, manager: str) -> str:
    for line in (repo / "managers" / f"{manager}.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("  - id: "):
            return line.removeprefix("  - id: ").strip()
    raise SystemExit(f"{manager} has no reps")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller generated repo")
    parser.add_argument("--runs", type=int, default=7, help="runs of each quick command")
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of each whole-repo one")
    parser.add_argument(
        "--funnel-rows", type=int, default=0, help="time the funnel on an export of N rows"
    )
    parser.add_argument(
        "--funnel-memory-rows",
        type=int,
        default=0,
        help="peak memory of `funnel import` of an N-row export (issue 18: 1000000; slow)",
    )
    args = parser.parse_args(argv)
    n, slow = args.runs, args.slow_runs
    large = ensure_repo(args.quick)
    example = HERE / "out" / "example"  # a copy: `rate rep` writes
    shutil.rmtree(example, ignore_errors=True)
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns(".salescoach-cache"))
    # a repository in daily use has its cache folder (the first `check` makes it): without
    # it every command would compute the public holidays again (importing `holidays`)
    subprocess.run(sc(example, "check"), capture_output=True, check=False)
    cache_dir = large / ".salescoach-cache"
    yaml_files = sorted(str(p) for p in large.rglob("*.yaml") if ".salescoach-cache" not in p.parts)
    manager_large = sorted(p.stem for p in (large / "managers").glob("*.yaml"))[0]
    rep_large = first_rep(large, manager_large)
    manager_ex, rep_ex = "anna-kovacs", "petra-nagy"
    rows: list[Row] = []
    peaks: dict[str, int] = {}

    def note(label: str, runs: Runs) -> Runs:
        print(
            f"  {label:<44} median {fmt_s(runs.median):>9}  ±{runs.spread / 2:4.0%}"
            f"  peak {runs.peak / MB:6.1f} MB"
        )
        return runs

    print(f"salescoach benchmark on {large.name} ({len(yaml_files)} YAML files), {n} runs")
    # floors
    typer_floor = note("python -c 'import typer'", measure([PYTHON, "-c", "import typer"], n))
    note(  # issue 7's floor, for comparison
        "python -c 'import typer, rich, pydantic, …'",
        measure([PYTHON, "-c", "import typer, rich, pydantic, yaml, dateutil"], n),
    )
    floor_file = example / "managers" / f"{manager_ex}.yaml"
    floor_app = note(
        "floor_app.py reps (example's manager file)",
        measure([PYTHON, str(HERE / "floor_app.py"), "reps", str(floor_file)], n),
    )
    bare = Runs()
    bare_rates = []
    for _ in range(slow):
        _run_with_rusage([PYTHON, "-c", BARE_LOADER], bare, "\n".join(yaml_files))
        count, seconds = bare.stdout.split()
        bare_rates.append(int(count) / float(seconds))
    bare_rate = statistics.median(bare_rates)
    print(f"  {'bare libyaml C loader':<44} {bare_rate:9.0f} files/s")

    # quick commands: example vs large
    help_runs = note("salescoach --help", measure([SALESCOACH, "--help"], n))
    rows.append(
        Row(
            "`--help` ≤ 1.2 × `import typer`",
            f"{fmt_s(help_runs.median)} / {fmt_s(typer_floor.median)} = "
            f"{help_runs.median / typer_floor.median:.2f}",
            "≤ 1.20",
            help_runs.median <= 1.2 * typer_floor.median,
        )
    )
    agenda_ex = note("agenda next (example)", measure(sc(example, "agenda", "next", manager_ex), n))
    agenda_large = note(
        "agenda next (large)", measure(sc(large, "agenda", "next", manager_large), n)
    )
    peaks["agenda next"] = agenda_large.peak
    rows.append(
        Row(
            "`agenda next M` on the example ≤ 1.3 × `floor_app.py`",
            f"{fmt_s(agenda_ex.median)} / {fmt_s(floor_app.median)} = "
            f"{agenda_ex.median / floor_app.median:.2f}",
            "≤ 1.30",
            agenda_ex.median <= 1.3 * floor_app.median,
        )
    )
    rows.append(
        Row(
            "`agenda next M`: large ≤ 1.15 × example",
            f"{fmt_s(agenda_large.median)} / {fmt_s(agenda_ex.median)} = "
            f"{agenda_large.median / agenda_ex.median:.2f}",
            "≤ 1.15",
            agenda_large.median <= 1.15 * agenda_ex.median,
        )
    )
    rate_runs = {}
    for label, repo, manager, rep in (
        ("example", example, manager_ex, rep_ex),
        ("large", large, manager_large, rep_large),
    ):
        meeting = last_meeting(repo, manager)
        day = meeting.stem
        restore = Restore(meeting)
        rate_runs[label] = note(
            f"rate rep ({label})",
            measure(
                sc(repo, "rate", "rep", rep, "1", "-m", manager, "-d", day, "-n", "benchmark"),
                n,
                after=restore,
            ),
        )
    peaks["rate rep"] = rate_runs["large"].peak
    rows.append(
        Row(
            "`rate rep`: large ≤ 1.15 × example",
            f"{fmt_s(rate_runs['large'].median)} / {fmt_s(rate_runs['example'].median)} = "
            f"{rate_runs['large'].median / rate_runs['example'].median:.2f}",
            "≤ 1.15",
            rate_runs["large"].median <= 1.15 * rate_runs["example"].median,
        )
    )
    timed: dict[str, Runs] = {}
    for label, args_ in (
        ("schedule next", ["schedule", "next", manager_large]),
        ("rate show", ["rate", "show", manager_large, "--last", "6"]),
        ("schedule (every manager)", ["schedule"]),
    ):
        timed[label] = note(f"{label} (large)", measure(sc(large, *args_), n))
        peaks[label] = timed[label].peak
    every = timed["schedule (every manager)"]
    rows.append(
        Row(
            f"`schedule` ({len(list((large / 'managers').glob('*.yaml')))} managers, large) "
            "≤ 2 × `agenda next M` (large)",
            f"{fmt_s(every.median)} / {fmt_s(agenda_large.median)} = "
            f"{every.median / agenda_large.median:.2f}",
            "≤ 2.00",
            every.median <= 2 * agenda_large.median,
        )
    )

    # check on the large repo
    def drop_cache() -> None:
        shutil.rmtree(cache_dir, ignore_errors=True)

    cold = note(
        "check --no-cache (large)", measure(sc(large, "check", "--no-cache"), slow, before=None)
    )
    peaks["check --no-cache"] = cold.peak
    files = len(yaml_files)
    check_rate = files / cold.median
    rows.append(
        Row(
            "`check` no cache ≥ 70 % of bare libyaml files/s",
            f"{check_rate:.0f} / {bare_rate:.0f} files/s = {check_rate / bare_rate:.0%}",
            "≥ 70 %",
            check_rate >= 0.7 * bare_rate,
        )
    )
    drop_cache()
    build = note("check, building the cache (large)", measure(sc(large, "check"), 1))
    peaks["check (building the cache)"] = build.peak
    warm = note("check, warm cache (large)", measure(sc(large, "check"), n))
    peaks["check (warm)"] = warm.peak
    rows.append(
        Row(
            "`check` warm cache ≥ 25 × faster than no cache",
            f"{fmt_s(cold.median)} / {fmt_s(warm.median)} = {cold.median / warm.median:.1f} ×",
            "≥ 25 ×",
            cold.median >= 25 * warm.median,
        )
    )
    edited = last_meeting(large, manager_large)
    restore = Restore(edited)
    counter = iter(range(1_000_000))

    def edit_one() -> None:
        text = restore.data.decode("utf-8")
        edited.write_text(text + f"# benchmark edit {next(counter)}\n", encoding="utf-8")
        past = time.time() - 10  # older than the cache's racy window, newer than the cache
        os.utime(edited, (past, past))

    one = note(
        "check after editing one file (large)", measure(sc(large, "check"), n, before=edit_one)
    )
    restore()
    peaks["check (one file edited)"] = one.peak
    rows.append(
        Row(
            "`check` after editing one file ≤ 1.2 × warm",
            f"{fmt_s(one.median)} / {fmt_s(warm.median)} = {one.median / warm.median:.2f}",
            "≤ 1.20",
            one.median <= 1.2 * warm.median,
        )
    )
    rows += funnel_rows(args.funnel_rows, slow)
    rows.append(funnel_memory_row(args.funnel_memory_rows))
    worst = max(peaks, key=lambda k: peaks[k])
    rows.append(
        Row(
            "peak memory of any command on the large repo < 250 MB",
            f"{peaks[worst] / MB:.0f} MB ({worst})",
            "< 250 MB",
            peaks[worst] < 250 * MB,
        )
    )
    print()
    print("| target | measured | limit | holds |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        verdict = "PASS" if row.holds else "FAIL" if row.holds is not None else "NOT RUN"
        verdict = verdict if row.target else "(figure)"
        print(f"| {row.what} | {row.measured} | {row.target} | {verdict} |")
    print()
    print("| peak memory on the large repo | MB |")
    print("| --- | --- |")
    for label, peak in peaks.items():
        print(f"| {label} | {peak / MB:.0f} |")
    return 0 if all(r.holds is not False for r in rows) else 1


def funnel_rows(count: int, runs: int) -> list[Row]:
    """Issue 18's funnel targets: import and review of a ``count``-row export, each against
    reading that file with the csv module; not run (listed as such) when ``count`` is 0."""
    what_import = f"`funnel import` of {count or 200_000:,} rows ≤ 6 × csv read"
    what_review = f"`funnel review` of {count or 200_000:,} rows ≤ 4 × csv read"
    if not count:
        return [Row(w, "not measured (--funnel-rows 200000)", t, None)
                for w, t in ((what_import, "≤ 6.0"), (what_review, "≤ 4.0"))]  # fmt: skip
    import funnel  # benchmarks/funnel.py, beside this file

    export = HERE / "out" / f"synthetic-{count}.csv"
    if not export.exists():
        export.parent.mkdir(parents=True, exist_ok=True)
        funnel.synthetic_export(export, count)
    funnel.timed(["--repo", str(funnel.fresh_repo("repo")), "funnel", "import", str(export)])
    reads, imports, reviews, texts, colds = [], [], [], [], []  # the run above: bytecode
    review = ["funnel", "review", "--format", "json"]
    for _ in range(runs):
        repo = funnel.fresh_repo("repo")
        reads.append(funnel.csv_read(export))
        imports.append(funnel.timed(["--repo", str(repo), "funnel", "import", str(export)]))
        reviews.append(funnel.timed(["--repo", str(repo), *review]))
        texts.append(funnel.timed(["--repo", str(repo), "funnel", "review"]))
        shutil.rmtree(repo / ".salescoach-cache", ignore_errors=True)  # as in a fresh clone
        colds.append(funnel.timed(["--repo", str(repo), *review]))
    read, imp, rev, text, cold = map(statistics.median, (reads, imports, reviews, texts, colds))
    print(f"  {'csv read / import / review':<44} {fmt_s(read)} / {fmt_s(imp)} / {fmt_s(rev)}")
    print(f"  {'review (text view) / review, no cache':<44} {fmt_s(text)} / {fmt_s(cold)}")
    ratio_import = f"{fmt_s(imp)} / {fmt_s(read)} = {imp / read:.1f}"
    ratio_review = f"{fmt_s(rev)} / {fmt_s(read)} = {rev / read:.1f}"
    ratio_cold = f"{fmt_s(cold)} / {fmt_s(read)} = {cold / read:.1f}"
    return [
        Row(what_import, ratio_import, "≤ 6.0", imp <= 6 * read),
        Row(what_review, ratio_review, "≤ 4.0", rev <= 4 * read),
        Row("`funnel review`, no cache (a fresh clone)", ratio_cold, "", None),
    ]


def funnel_memory_row(count: int) -> Row:
    """Issue 18's memory target: the peak memory of one `funnel import` of a ``count``-row
    export (``os.wait4``'s ``ru_maxrss``); not run (listed as such) when ``count`` is 0."""
    what = f"`funnel import` of {count or 1_000_000:,} rows: peak memory < 400 MB"
    if not count:
        return Row(what, "not measured (--funnel-memory-rows 1000000)", "< 400 MB", None)
    import funnel  # benchmarks/funnel.py, beside this file

    export = HERE / "out" / f"synthetic-{count}.csv"
    if not export.exists():
        export.parent.mkdir(parents=True, exist_ok=True)
        funnel.synthetic_export(export, count)
    repo = funnel.fresh_repo("memory")
    runs = measure(sc(repo, "funnel", "import", str(export)), 1)
    size = export.stat().st_size / MB
    print(f"  {'funnel import, ' + f'{count:,} rows ({size:.0f} MB)':<44} "
          f"{fmt_s(runs.median):>9}  peak {runs.peak / MB:6.1f} MB")  # fmt: skip
    return Row(what, f"{runs.peak / MB:.0f} MB ({size:.0f} MB export)", "< 400 MB",
               runs.peak < 400 * MB)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
