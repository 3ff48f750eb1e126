"""Stress the build: random kills, concurrent builds and files changing under it.

Each round starts two builds of the same raw folder into the same output
folder, rewrites or adds raw files while they run, and kills one of them
(SIGKILL, SIGTERM or SIGINT) at a random moment. After every round it checks
the invariants the README promises:

- the raw folder holds exactly what the script wrote (the build never writes there);
- the output folder holds one complete set of tables (every table readable,
  with the rows and SHA-256 that ``_build.json`` records) and no temporary folder is left;
- every release file is in ``releases`` or ``problems``;
- a final clean build twice gives byte-identical tables.

Usage::

    .venv/bin/python benchmarks/stress_build.py [ROUNDS] [--seed N]

A script that prints what it did and exits non-zero on a broken invariant;
not a test (it takes minutes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from releasekit.build import build  # noqa: E402
from releasekit.read import survey_raw_folder  # noqa: E402
from releasekit.tables import TABLES, load, read_table  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def check(raw: Path, out: Path, expected_raw: dict[str, str]) -> None:
    assert tree(raw) == expected_raw, "the raw folder changed"
    record = json.loads((out / "_build.json").read_text(encoding="utf-8"))
    for name in TABLES:
        data = (out / f"{name}.parquet").read_bytes()
        assert hashlib.sha256(data).hexdigest() == record["tables"][name]["sha256"], name
        assert read_table(out, name).num_rows == record["rows"][name], name
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and not p.name.endswith(".cache")]
    assert not leftovers, leftovers
    tables = load(out, ["releases", "problems"])
    files, _ = survey_raw_folder(raw)
    accounted = set(tables.releases.source_path) | set(tables.problems.source_path)
    # files added after the build listed the folder are the next build's
    missing = {f for f in files if f not in accounted and f in record["inputs"]}
    assert not missing, missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=6)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = Path(tempfile.mkdtemp(prefix="releasekit-stress-"))
    raw, out = base / "raw", base / "processed"
    sources = sorted(p for p in (ROOT / "data" / "raw").iterdir() if p.suffix == ".txt")
    raw.mkdir()
    for copy in range(4):
        (raw / f"c{copy}").mkdir()
        for path in sources:
            shutil.copyfile(path, raw / f"c{copy}" / path.name)
    build(raw, out, jobs=1)
    try:
        for number in range(args.rounds):
            command = [sys.executable, "-m", "releasekit", "build", str(raw), str(out), "--jobs", "2", "--no-progress"]
            procs = [subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True) for _ in range(2)]
            victim, how = rng.choice(procs), rng.choice([signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
            deadline = time.monotonic() + rng.uniform(0.2, 6.0)
            changed = 0
            while time.monotonic() < deadline and victim.poll() is None:
                if rng.random() < 0.2:
                    target = rng.choice(sources)
                    (raw / f"c{rng.randrange(4)}" / target.name).write_text(target.read_text(encoding="utf-8", errors="replace") + f"\nEdited {number}.{changed}.\n", encoding="utf-8")
                    changed += 1
                time.sleep(0.05)
            if how == signal.SIGKILL:
                os.killpg(victim.pid, how)
            else:
                os.kill(victim.pid, how)
            for proc in procs:
                proc.wait(timeout=600)
            codes = [proc.returncode for proc in procs]
            recover_build = build(raw, out, jobs=1)  # a later build recovers what a kill left
            check(raw, out, tree(raw))
            print(f"round {number}: {how.name} after the builds ran, {changed} files rewritten, exit codes {codes}; "
                  f"next build {'up to date' if recover_build.up_to_date else 'rebuilt'}; invariants hold", flush=True)
        first = base / "final-a"
        second = base / "final-b"
        build(raw, first, jobs=2, cache=False)
        build(raw, second, jobs=1)
        assert all((first / f"{n}.parquet").read_bytes() == (second / f"{n}.parquet").read_bytes() for n in TABLES)
        print("identical tables for identical inputs (jobs 2 without cache, jobs 1 with it)")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
