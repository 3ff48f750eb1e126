"""Interrupted builds: killing a build at any moment leaves the previous tables.

A build writes into ``.<out>.build-<pid>`` next to the output folder and
swaps it in atomically at the end (``renameat2(RENAME_EXCHANGE)``), so a
reader of ``out`` sees either the old complete tables or the new complete
tables, never a mix or a partial file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import releasekit.build as build_module
from releasekit.build import build, recover
from releasekit.tables import TABLES, read_table

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
COPIES = 10  # about 10 s of building with two workers: every kill below comes well before the end


def tmp_folders(parent: Path) -> list[Path]:
    return sorted(parent.glob(".processed.build-*"))


#: When to kill the big build, as (label, condition on the output's parent
#: folder, the seconds since start and the second its temporary folder
#: appeared): during start-up, during the scan pass, as soon as the tables
#: are opened, and twice while rows are being written. Conditions, not fixed delays, so that a slow machine still kills
#: the build in each phase.
KILL_POINTS = (
    ("start-up", lambda parent, since, seen: since >= 0.15),
    ("scan pass", lambda parent, since, seen: since >= 0.3 or seen is not None),
    ("tables opened", lambda parent, since, seen: seen is not None),
    ("writing", lambda parent, since, seen: seen is not None and since >= seen + 0.5),
    ("writing, later", lambda parent, since, seen: seen is not None and since >= seen + 1.5),
)


def snapshot(out: Path) -> dict[str, str]:
    """File name -> SHA-256 of every file in ``out``."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def check_complete(out: Path) -> dict:
    """``out`` holds every table, readable, with the row counts its _build.json records."""
    record = json.loads((out / "_build.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in out.iterdir() if p.name != "dataset") == sorted(
        [f"{name}.parquet" for name in TABLES] + ["_build.json", "README.md"]
    )
    for name in TABLES:
        table = read_table(out, name)
        assert table.num_rows == record["rows"][name], name
        assert pq.ParquetFile(out / f"{name}.parquet").metadata.num_rows == record["rows"][name]
    return record


@pytest.fixture(scope="module")
def big_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/raw replicated COPIES times (in subfolders), with its manifest."""
    raw = tmp_path_factory.mktemp("big") / "raw"
    files = [p for p in RAW.iterdir() if p.suffix == ".txt"]
    for copy in range(COPIES):
        folder = raw / f"copy{copy:02d}"
        folder.mkdir(parents=True)
        for path in files:
            shutil.copyfile(path, folder / path.name)
    shutil.copyfile(RAW / "manifest.csv", raw / "manifest.csv")
    return raw


def test_killing_a_build_at_any_moment_leaves_the_previous_tables(big_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    first = build(RAW, out, jobs=1, cache=False)
    before = snapshot(out)
    record = check_complete(out)
    assert record["rows"]["releases"] == first.n_releases

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    unchanged = 0
    for label, due in KILL_POINTS:
        # one run with the result cache (killed early, so later runs are not sped up by it)
        options = [] if label == "tables opened" else ["--no-cache"]
        existing = set(tmp_folders(tmp_path))
        proc = subprocess.Popen(
            [sys.executable, "-m", "releasekit", "build", str(big_raw), str(out), "--jobs", "2", "--no-progress", *options],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: the workers die with it
        )
        started, seen = time.monotonic(), None
        try:
            while proc.poll() is None and time.monotonic() - started < 60:
                since = time.monotonic() - started
                if seen is None and set(tmp_folders(tmp_path)) - existing:
                    seen = since
                if due(tmp_path, since, seen):
                    break
                time.sleep(0.01)
            assert proc.poll() is None, f"the build ended before the kill point {label!r}"
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        # the previous tables, byte for byte, complete and readable; or, if the
        # kill came after the swap (while the finished build cleaned up), the
        # new tables, complete; never a mix or a partial file
        after = snapshot(out)
        done = check_complete(out)
        assert not (tmp_path / ".processed.old").exists()
        if after == before:
            unchanged += 1
        else:
            assert done["raw_dir"] == big_raw.as_posix() and done["rows"]["releases"] == COPIES * record["rows"]["releases"], label
            before = after
    assert unchanged >= len(KILL_POINTS) - 1, "the kills came too late to test anything"

    assert tmp_folders(tmp_path), "no build was killed while writing its tables"
    # a later build succeeds and removes the temporary folders of killed builds
    again = build(RAW, out, jobs=2, cache=False)
    assert again.n_releases == first.n_releases
    assert not tmp_folders(tmp_path)
    check_complete(out)  # (byte equality of rebuilds is tests/test_reproducible.py's job)


def test_a_failing_build_leaves_the_previous_tables_and_no_temporary_folder(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "processed"
    build(RAW, out, jobs=1, cache=False)
    before = snapshot(out)

    def fail(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "_write_build_record", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        build(RAW, out, jobs=1, cache=False)
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".processed.*"))


def test_a_build_killed_between_the_two_renames_is_recovered(tmp_path: Path) -> None:
    # without renameat2 the swap is two renames: out -> .out.old, tmp -> out;
    # a build killed between them leaves only .out.old, which the next build restores
    out = tmp_path / "processed"
    build(RAW, out, jobs=1, cache=False)
    before = snapshot(out)
    old = tmp_path / ".processed.old"
    os.replace(out, old)
    recover(out)
    assert snapshot(out) == before and not old.exists()


def test_a_live_build_keeps_its_temporary_folder(tmp_path: Path) -> None:
    # only folders of builds that no longer run are removed (two builds may run at once)
    out = tmp_path / "processed"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        live = tmp_path / f".processed.build-{sleeper.pid}"
        live.mkdir()
        dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
        dead = tmp_path / f".processed.build-{dead_pid}"
        dead.mkdir()
        recover(out)
        assert live.exists() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
