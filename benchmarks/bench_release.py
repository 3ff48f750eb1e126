"""CPU time of the per-release work of the build, on the releases of data/raw.

Times ``releasekit.build.process_release`` (sentences, tokens, stems, every
extractor, rows as columns) over every release of ``--raw`` in one process,
best of ``--repeat`` warm passes, in CPU milliseconds per release, beside
bare NLTK (Punkt sentences + Treebank words) on the same bodies. CPU time
of this process, not wall-clock, so the figures hold on a shared machine;
startup, reading and Parquet are not included (``bench_build.py`` times the
whole build).

Usage::

    .venv/bin/python benchmarks/bench_release.py [--repeat 5] [--raw data/raw]

This is a script that prints figures, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench_extractors import _nltk_step, read_corpus
from releasekit.build import process_release
from releasekit.extract.bundle import RuleBundle

ROOT = Path(__file__).resolve().parents[1]


def best_ms(step, items, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for item in items:
            step(item)
        best = min(best, time.process_time() - started)
    return best * 1000 / len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    releases = read_corpus(args.raw)
    rules = RuleBundle.default()  # loaded once, as the build does
    nltk = _nltk_step()
    for release in releases:  # warm: rules compiled, caches filled
        process_release(release, rules)
    ours = best_ms(lambda r: process_release(r, rules), releases, args.repeat)
    bare = best_ms(lambda r: nltk(r, []), releases, args.repeat)
    print(f"{len(releases)} releases from {args.raw}, best of {args.repeat} warm passes, CPU ms per release")
    print(f"process_release {ours:7.3f}   bare NLTK {bare:7.3f}   ratio {bare / ours:5.2f}")


if __name__ == "__main__":
    main()
