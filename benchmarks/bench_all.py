"""Every speed and memory figure of issue 15, in one run.

Runs, one after the other and each in its own child process (so that one
does not warm the next):

1. **one core** -- ``bench_build.py N --jobs 1``: a single-core clean build
   against bare NLTK (Punkt sentences + Treebank words) on the same text in
   the same run; the ratio (build releases/s over NLTK releases/s) and the
   CPU ratio (steady on a busy machine). Target >= 1.0.
2. **incremental** -- ``bench_incremental.py N ... --check``: a rebuild after
   one changed file, after one added file and with nothing changed, and
   whether the tables equal a clean build. Targets <= 1 s at 10,000 files
   and <= 10 s at 100,000.
3. **scale** -- ``bench_build.py N ... --jobs J``: throughput, peak resident
   memory of the build, and the memory and time of ``releasekit.load()``
   on each size. Target: 300,000 within 10 % of 10,000, build peak < 1 GB,
   ``load()`` < 2 GB.
4. **fuzz** -- ``bench_fuzz.py``: the worst time per 100 kB of every step
   on adversarial bodies. Target <= 50 ms per 100 kB each.
5. **dask** -- a clean build with ``--engine dask`` on a local cluster of 2
   workers, beside the local engine on 2 processes, and whether their
   tables are identical.

Each section prints its script's own table under a heading; the sizes are
options, so that a quick run and the full one are the same script::

    .venv/bin/python benchmarks/bench_all.py                       # the full run (hours on 2 cores)
    .venv/bin/python benchmarks/bench_all.py --one-core 1000 --incremental 2000 \\
        --scale 1000 --dask 500 --fuzz-kb 20                        # a quick look

This is a script that prints figures, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_build import WORK, make_corpus  # noqa: E402
from bench_incremental import same_tables  # noqa: E402


def heading(text: str) -> None:
    print(f"\n== {text} ==", flush=True)


def run_script(script: str, *args: str) -> int:
    """Run one benchmark script in a child process, its output passed through; return its exit status."""
    command = [sys.executable, str(HERE / script), *args]
    print("$ " + " ".join([Path(sys.executable).name, f"benchmarks/{script}", *args]), flush=True)
    started = time.perf_counter()
    status = subprocess.run(command, env={**os.environ, "NLTK_DATA": str(WORK / "nltk_empty")}).returncode
    print(f"({time.perf_counter() - started:.0f} s, exit {status})", flush=True)
    return status


def build_seconds(raw: Path, out: Path, *extra: str) -> float:
    """Wall-clock seconds of one clean ``releasekit build`` in a child process."""
    command = [sys.executable, "-m", "releasekit", "build", str(raw), str(out), "--no-progress", "--no-cache", *extra]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NLTK_DATA": str(WORK / "nltk_empty")})
    if result.returncode != 0:
        raise SystemExit(f"build {' '.join(extra)} failed:\n{result.stderr}")
    return time.perf_counter() - started


def dask_section(n: int, workers: int) -> None:
    """Time a Dask build on a local cluster of ``workers`` beside the local engine; say whether tables are identical."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("dask.distributed is not installed (pip install 'releasekit[dask]'); section skipped")
        return
    raw = WORK / f"dask_raw_{n}"
    local_out, dask_out = WORK / f"dask_local_{n}", WORK / f"dask_dask_{n}"
    make_corpus(n, raw)
    try:
        local = build_seconds(raw, local_out, "--jobs", str(workers))
        on_dask = build_seconds(raw, dask_out, "--engine", "dask", "--jobs", str(workers))
        same = same_tables(local_out, dask_out)
        print(f"{'N':>8} {'engine':>7} {'workers':>7} {'build s':>8} {'rel/s':>7}")
        print(f"{n:>8,} {'local':>7} {workers:>7} {local:>8.1f} {n / local:>7.0f}")
        print(f"{n:>8,} {'dask':>7} {workers:>7} {on_dask:>8.1f} {n / on_dask:>7.0f}")
        print(f"tables identical: {'yes' if same else 'NO'} (the Dask time includes starting the local cluster)")
    finally:
        for folder in (raw, local_out, dask_out):
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--one-core", type=int, default=10000, metavar="N", help="releases for the one-core ratio (default 10,000)")
    parser.add_argument("--incremental", type=int, nargs="+", default=[10000, 100000], metavar="N", help="sizes for incremental rebuilds")
    parser.add_argument("--scale", type=int, nargs="+", default=[10000, 300000], metavar="N", help="sizes for throughput and memory")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes for the scale section (default: all cores)")
    parser.add_argument("--fuzz-kb", type=int, default=100, help="fuzz body size in kB (and twice that)")
    parser.add_argument("--dask", type=int, default=2000, metavar="N", help="releases for the Dask build (default 2,000)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["one-core", "incremental", "scale", "fuzz", "dask"], help="sections to leave out")
    args = parser.parse_args()
    (WORK / "nltk_empty").mkdir(parents=True, exist_ok=True)
    print(f"releasekit benchmarks: {platform.node()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M %Z')}")
    failed = []
    if "one-core" not in args.skip:
        heading("1. one core: build vs bare NLTK (target ratio >= 1.0)")
        failed += ["one-core"] if run_script("bench_build.py", str(args.one_core), "--jobs", "1") else []
    if "incremental" not in args.skip:
        heading("2. incremental rebuilds (targets: <= 1 s at 10,000, <= 10 s at 100,000)")
        failed += ["incremental"] if run_script("bench_incremental.py", *map(str, args.incremental), "--check") else []
    if "scale" not in args.skip:
        heading("3. scale: throughput and memory (targets: largest within 10 % of 10,000; build < 1 GB; load() < 2 GB)")
        failed += ["scale"] if run_script("bench_build.py", *map(str, args.scale), "--jobs", str(args.jobs)) else []
    if "fuzz" not in args.skip:
        heading("4. fuzz: worst time per 100 kB per step (target <= 50 ms)")
        failed += ["fuzz"] if run_script("bench_fuzz.py", "--kb", str(args.fuzz_kb)) else []
    if "dask" not in args.skip:
        heading("5. Dask: local cluster of 2 workers")
        dask_section(args.dask, 2)
    if failed:
        print(f"\nsections that failed: {', '.join(failed)}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
