"""Benchmark the build on a corpus replicated from data/raw.

Makes a corpus of N releases by copying the release files of ``data/raw``
under new names (and a matching manifest), builds it with ``releasekit
build`` in a child process, and prints releases per second, MB per second,
peak resident memory of the build and the size of the output. In the same
run, on the same text, it times bare NLTK tokenization (Punkt sentences +
Treebank words), so that the ratio of the two holds on a noisy machine.

Usage::

    .venv/bin/python benchmarks/bench_build.py                 # N = 1,000 and 10,000
    .venv/bin/python benchmarks/bench_build.py 1000 10000 100000 --jobs 2

This is a script that prints figures, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
WORK = ROOT / "benchmarks" / "_work"


def make_corpus(n: int, folder: Path) -> int:
    """Replicate the release files of data/raw into ``folder`` until it holds ``n``; return bytes."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    sources = sorted(p for p in RAW.glob("*.txt"))
    with open(RAW / "manifest.csv", newline="", encoding="utf-8") as handle:
        manifest = {row["file"]: row for row in csv.DictReader(handle)}
    rows = []
    total = 0
    for i in range(n):
        source = sources[i % len(sources)]
        copy = i // len(sources)
        name = f"{source.stem}__{copy:05d}.txt"
        data = source.read_bytes()
        # keep each copy distinct so duplicate detection does not short-cut anything
        (folder / name).write_bytes(data)
        total += len(data)
        row = dict(manifest.get(source.name, {"file": source.name}))
        row["file"] = name
        if row.get("url"):
            row["url"] = f"{row['url'].rstrip('/')}/copy-{copy}"
        rows.append(row)
    fields = ["file", "url", "publisher", "published", "truncated"]
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return total


def bare_nltk_seconds(folder: Path) -> tuple[float, int, float]:
    """Seconds (wall clock) for Punkt sentences + Treebank words over every file's text (one process), tokens, CPU seconds."""
    from nltk.tokenize import TreebankWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    punkt = PunktSentenceTokenizer()
    words = TreebankWordTokenizer()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))]
    started, cpu_started = time.perf_counter(), time.process_time()
    n_tokens = 0
    for text in texts:
        for sentence in punkt.tokenize(text):
            n_tokens += len(words.tokenize(sentence))
    return time.perf_counter() - started, n_tokens, time.process_time() - cpu_started


def timed_build(raw: Path, out: Path, jobs: int, extra: list[str]) -> tuple[float, float, str, float]:
    """Run ``releasekit build`` in a child; return seconds, peak RSS (MB) of the children, last line, CPU seconds of the children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    command = [sys.executable, "-m", "releasekit", "build", str(raw), str(out), "--jobs", str(jobs), "--no-progress", "--no-cache", *extra]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NLTK_DATA": str(WORK / "nltk_empty")})
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max(before, usage.ru_maxrss) / 1024
    return seconds, peak, result.stdout.strip().splitlines()[-1], usage.ru_utime + usage.ru_stime - cpu_before


#: The tables the analysis layer and the notebooks read (``tokens`` and ``sentences`` only for wording).
ANALYSIS_TABLES = ("releases", "figures", "totals", "agencies", "quotes", "problems")

_LOAD = """
import resource, sys, time
import releasekit
started = time.perf_counter()
tables = releasekit.load(sys.argv[1], categories=sys.argv[2] == "1")
for name in sys.argv[3].split(","):
    getattr(tables, name)
print(f"{time.perf_counter() - started:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""


def load_figures(out: Path, names: tuple[str, ...] = ANALYSIS_TABLES, categories: bool = False) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``releasekit.load()`` and reading the tables ``names``, in a child process.

    ``load()`` reads a table when it is first used, so the figure is what a
    session using those tables pays (imports included, about 140 MB).
    """
    result = subprocess.run(
        [sys.executable, "-c", _LOAD, str(out), "1" if categories else "0", ",".join(names)], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    seconds, peak = result.stdout.split()
    return float(seconds), float(peak)


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000], help="corpus sizes (default: 1000 10000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="build worker processes (default: all cores)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora in benchmarks/_work")
    args = parser.parse_args()
    (WORK / "nltk_empty").mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, jobs={args.jobs}")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # the builds below inherit it: unless __pycache__ was written before, each one compiles
        # releasekit's source at start-up (about 0.3 s of CPU), a cost a normal install does not pay
        print("note: PYTHONDONTWRITEBYTECODE is set: a build compiles releasekit's source at start-up unless its __pycache__ exists")
    header = (
        f"{'N':>8} {'build s':>8} {'rel/s':>8} {'MB/s':>6} {'peak MB':>8} {'out MB':>7} "
        f"{'nltk rel/s':>10} {'ratio':>6} {'per core':>8} {'cpu ratio':>9} {'cpu s/1k':>8} {'load s':>6} {'load MB':>7} {'cat MB':>6} {'tokens MB':>9}"
    )
    print(header)
    for n in args.sizes:
        raw = WORK / f"raw_{n}"
        out = WORK / f"processed_{n}"
        n_bytes = make_corpus(n, raw)
        seconds, peak, _, cpu = timed_build(raw, out, args.jobs, [])
        nltk_seconds, _, nltk_cpu = bare_nltk_seconds(raw)
        # bare NLTK runs in one process; compare per core-second with the build's jobs
        rate = n / seconds
        nltk_rate = n / nltk_seconds
        cores = min(args.jobs, os.cpu_count() or 1)
        load_s, load_mb = load_figures(out)
        _, cat_mb = load_figures(out, categories=True)
        _, tokens_mb = load_figures(out, ("tokens",), categories=True)
        print(
            f"{n:>8,} {seconds:>8.1f} {rate:>8.0f} {n_bytes / 1e6 / seconds:>6.2f} {peak:>8.0f} "
            f"{folder_mb(out):>7.1f} {nltk_rate:>10.0f} {rate / nltk_rate:>6.2f} {rate / nltk_rate / cores:>8.2f} {nltk_cpu / cpu:>9.2f}"
            f" {1000 * cpu / n:>8.1f} {load_s:>6.1f} {load_mb:>7.0f} {cat_mb:>6.0f} {tokens_mb:>9.0f}"
        )
        if not args.keep:
            shutil.rmtree(raw)
            shutil.rmtree(out)
    print("ratio = build releases/s / bare NLTK releases/s (one process); per core = ratio / cores used; target (issue 15): >= 1.0 with --jobs 1")
    print("peak MB = largest resident set of the build process or any of its workers")
    print("cpu ratio = bare NLTK CPU seconds / build CPU seconds (all processes): the ratio on one core, steady on a busy machine")
    print("cpu s/1k = CPU seconds of the build (all processes) per 1,000 releases: throughput at scale, steady on a busy machine")
    print(f"load s, load MB = releasekit.load() and reading the analysis tables ({', '.join(ANALYSIS_TABLES)}): seconds, peak RSS;")
    print("  cat MB = the same with categories=True; tokens MB = load(categories=True) and reading tokens alone (peak RSS)")
    print("  caveat: the corpus repeats data/raw's ~120 bodies. Strings (pandas 3 keeps each value) cost as distinct text would,")
    print("  but categories=True makes repeated bodies and titles categoricals and the words' codes narrower than on distinct")
    print("  text: per-1,000-release figures of distinct text are in docs/scale.md")


if __name__ == "__main__":
    main()
