"""Benchmark incremental rebuilds: one changed file, one added file, nothing changed.

Makes a corpus of N releases replicated from ``data/raw`` (as
``bench_build.py`` does), builds it once with the cache, then times
``releasekit build`` (a child process, as a user runs it) after changing one
file, after adding one file, and with nothing changed. With ``--check`` it
also builds the final folder clean (``--no-cache``) and says whether the
tables are byte-identical to the incremental ones.

It also prints, for the first (clean) build, releases per second, CPU
seconds per 1,000 releases (all processes: steady on a busy machine) and the
peak resident memory of the build's parent and of its largest worker; and
the seconds and peak memory of ``releasekit.load()`` on the result. Each
build runs in a child process through a small wrapper that reports the
peaks (``resource.getrusage``).

Usage::

    .venv/bin/python benchmarks/bench_incremental.py              # N = 10,000
    .venv/bin/python benchmarks/bench_incremental.py 2000 --check

This is a script that prints figures, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import WORK, make_corpus  # noqa: E402

from releasekit.tables import TABLES  # noqa: E402


def same_tables(one: Path, other: Path) -> bool:
    """Whether two output folders hold byte-identical Parquet files for every table."""
    return all((one / f"{t}.parquet").read_bytes() == (other / f"{t}.parquet").read_bytes() for t in TABLES)


def own_seconds(line: str) -> float:
    """The seconds the build itself reports (its summary line), without interpreter start-up and imports."""
    found = re.findall(r"([0-9.]+) s\)? ->", line)
    return float(found[-1]) if found else float("nan")


#: Runs the CLI in this process and prints, last, the peak RSS (MB) of this process (the build's
#: parent), of its largest child (a worker), and the CPU seconds of both.
_WRAPPER = """
import resource, sys
from releasekit.cli import main
code = 1
try:
    code = main(sys.argv[1:])
finally:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"PEAK {me.ru_maxrss / 1024:.0f} {kids.ru_maxrss / 1024:.0f} CPU {me.ru_utime + me.ru_stime:.2f} {kids.ru_utime + kids.ru_stime:.2f}")
sys.exit(code)
"""

_LOAD = """
import resource, sys, time
import releasekit
started, cpu = time.perf_counter(), time.process_time()
tables = releasekit.load(sys.argv[1])
print(f"LOAD {time.perf_counter() - started:.2f} {time.process_time() - cpu:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""


def timed_build(raw: Path, out: Path, jobs: int, *extra: str) -> tuple[float, str, list[float]]:
    """Seconds of a ``releasekit build`` child, its summary line, and [parent MB, worker MB, parent CPU s, workers CPU s]."""
    command = [sys.executable, "-c", _WRAPPER, "build", str(raw), str(out), "--jobs", str(jobs), "--no-progress", *extra]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NLTK_DATA": str(WORK / "nltk_empty")})
    seconds = time.perf_counter() - started
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines or not lines[-1].startswith("PEAK"):
        raise SystemExit(result.stderr)
    peaks = lines[-1].split()
    return seconds, lines[-2], [float(peaks[1]), float(peaks[2]), float(peaks[4]), float(peaks[5])]


def timed_load(out: Path) -> list[float]:
    """``releasekit.load()`` of every table in a child: [seconds, CPU seconds, peak MB]."""
    result = subprocess.run([sys.executable, "-c", _LOAD, str(out)], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return [float(x) for x in result.stdout.strip().splitlines()[-1].split()[1:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10000], help="corpus sizes (default: 10000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--check", action="store_true", help="compare with a clean build of the final folder")
    parser.add_argument("--keep", action="store_true", help="keep the corpora in benchmarks/_work")
    args = parser.parse_args()
    (WORK / "nltk_empty").mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, jobs={args.jobs}")
    print(f"{'N':>8} {'clean s':>8} {'1 changed s':>11} {'1 added s':>9} {'unchanged s':>11} {'identical':>9}   (in the build: changed / added / unchanged)")
    for n in args.sizes:
        raw, out = WORK / f"inc_raw_{n}", WORK / f"inc_processed_{n}"
        for stale in (out, out.with_name(f".{out.name}.cache")):
            shutil.rmtree(stale, ignore_errors=True)
        make_corpus(n, raw)
        clean, line_clean, usage = timed_build(raw, out, args.jobs)
        changed = sorted(raw.glob("*.txt"))[n // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nTwo more men were arrested on Friday.\n", encoding="utf-8")
        one_changed, line_changed, usage_changed = timed_build(raw, out, args.jobs)
        source = sorted(raw.glob("*.txt"))[n // 3]
        (raw / "zz_added.txt").write_text(source.read_text(encoding="utf-8").replace("the", "a"), encoding="utf-8")
        one_added, line_added, usage_added = timed_build(raw, out, args.jobs)
        unchanged, line_unchanged, usage_unchanged = timed_build(raw, out, args.jobs)
        identical = "-"
        if args.check:
            reference = WORK / f"inc_clean_{n}"
            timed_build(raw, reference, args.jobs, "--no-cache")
            same = same_tables(out, reference)
            identical = "yes" if same else "NO"
            shutil.rmtree(reference)
        inside = " / ".join(f"{own_seconds(line):.2f}" for line in (line_changed, line_added, line_unchanged))
        cpu = " / ".join(f"{u[2] + u[3]:.2f}" for u in (usage_changed, usage_added, usage_unchanged))
        print(f"{n:>8,} {clean:>8.1f} {one_changed:>11.2f} {one_added:>9.2f} {unchanged:>11.2f} {identical:>9}   ({inside}; CPU s {cpu})")
        loaded = timed_load(out)
        print(
            f"         clean build: {n / clean:.0f} releases/s, {1000 * (usage[2] + usage[3]) / n:.1f} CPU s per 1,000 releases, "
            f"peak RSS parent {usage[0]:.0f} MB, largest worker {usage[1]:.0f} MB (rebuild after one change: parent {usage_changed[0]:.0f} MB); "
            f"releasekit.load(): {loaded[0]:.1f} s, peak {loaded[2]:.0f} MB"
        )
        sys.stdout.flush()
        if not args.keep:
            for folder in (raw, out, out.with_name(f".{out.name}.cache")):
                shutil.rmtree(folder, ignore_errors=True)
    print("each time is a whole `releasekit build` run in a child process (interpreter start-up and imports included);")
    print("in brackets: the seconds the build reports itself (from reading the folder to the tables swapped in),")
    print("and the CPU seconds of the whole child (interpreter start-up and imports included; all processes)")


if __name__ == "__main__":
    main()
