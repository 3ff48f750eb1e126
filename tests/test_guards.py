"""The build under hostile folders, caches and stops: it never destroys, never silently changes a figure.

Each test is one way a build used to lose the user's data or change the
tables while exiting 0 (issue 11), and fails on the code before the fix:
output folders that are, hold or lie in the raw folder; caches that cannot
be written or lie; inputs that change during a build; tables that are not
what ``_build.json`` says; interrupted builds; worker counts.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

import releasekit.build as build_module
import releasekit.outdir as outdir_module
from hostile import body, metadata
from releasekit.build import CacheWarning, build, check_jobs
from releasekit.cache import CacheError, ResultCache, decode_entry, encode_entry
from releasekit.outdir import OutputFolderError
from releasekit.tables import TABLES, load, read_table

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def tree(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under ``folder`` (links not followed)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def small_raw(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"r{i}.txt").write_text(metadata(f"title: Release {i}", body(f"Town{i}")), encoding="utf-8")
    return folder


def tables_bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.parquet").read_bytes() for name in TABLES}


# --------------------------------------------------------------------------
# 1. The output folder never costs the user a file


@pytest.mark.parametrize(
    "where",
    ["raw itself", "parent of raw", "inside raw", "raw via a link"],
)
def test_an_output_folder_that_is_holds_or_lies_in_the_raw_folder_is_refused(tmp_path: Path, where: str) -> None:
    data = tmp_path / "data"
    raw = small_raw(data / "raw")
    (data / "raw" / "manifest.csv").write_text("file,url\nr0.txt,https://x.police.uk/a\n", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(raw)
    out = {"raw itself": raw, "parent of raw": data, "inside raw": raw / "processed", "raw via a link": link}[where]
    before = tree(data)
    with pytest.raises(OutputFolderError, match="raw folder"):
        build(raw, out, jobs=1)
    assert tree(data) == before
    # the CLI says so in one line, exit status 2, no traceback
    run = subprocess.run([sys.executable, "-m", "releasekit", "build", str(raw), str(out), "--no-progress"], env=ENV, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "raw folder" in run.stderr
    assert tree(data) == before


def test_a_folder_a_build_did_not_write_is_never_replaced(tmp_path: Path, monkeypatch) -> None:
    raw = small_raw(tmp_path / "raw")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"three years of work")
    (mine / "README.md").write_text("my notes\n", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="thesis.docx"):
        build(raw, mine, jobs=1)
    assert (mine / "thesis.docx").read_bytes() == b"three years of work"
    # "." (the current folder) is refused the same way
    monkeypatch.chdir(mine)
    with pytest.raises(OutputFolderError, match="did not write"):
        build(raw, ".", jobs=1)
    with pytest.raises(OutputFolderError):
        build(raw, "..", jobs=1)  # holds the raw folder
    assert sorted(p.name for p in mine.iterdir()) == ["README.md", "thesis.docx"]
    assert len(list(raw.iterdir())) == 3


def test_an_output_path_that_is_a_file_or_a_broken_link_is_refused(tmp_path: Path) -> None:
    raw = small_raw(tmp_path / "raw")
    file = tmp_path / "results"
    file.write_text("a file of the user's\n", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="is a file"):
        build(raw, file, jobs=1)
    assert file.read_text(encoding="utf-8") == "a file of the user's\n"
    broken = tmp_path / "broken"
    broken.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputFolderError, match="link to nothing"):
        build(raw, broken, jobs=1)
    assert broken.is_symlink() and not (tmp_path / "nowhere").exists()
    assert not list(tmp_path.glob(".*"))


def test_an_earlier_output_folder_is_replaced_and_its_gitkeep_kept(tmp_path: Path) -> None:
    raw = small_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    out.mkdir()
    shutil.copyfile(ROOT / "data" / "processed" / "README.md", out / "README.md")  # the committed folder
    (out / ".gitkeep").write_text("", encoding="utf-8")
    build(raw, out, jobs=1)
    assert (out / ".gitkeep").exists() and (out / "releases.parquet").exists()
    build(raw, out, jobs=1, cache=False)  # and again: an output folder is the build's own
    assert len(load(out).releases) == 3


def test_an_output_folder_behind_a_link_is_filled_and_the_link_kept(tmp_path: Path) -> None:
    raw = small_raw(tmp_path / "raw")
    target = tmp_path / "disk" / "tables"
    target.mkdir(parents=True)
    link = tmp_path / "processed"
    link.symlink_to(target)
    for _ in range(2):
        summary = build(raw, link, jobs=1)
        assert link.is_symlink() and link.resolve() == target.resolve()
        assert len(load(link).releases) == 3 == summary.n_releases
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".processed")]
    assert sorted(p.name for p in (tmp_path / "disk").iterdir() if not p.name.startswith(".tables.cache")) == ["tables"]


def test_an_output_folder_that_cannot_be_renamed_is_filled_in_place(tmp_path: Path, monkeypatch) -> None:
    # a mount point cannot be renamed: the tables are moved in file by file
    raw = small_raw(tmp_path / "raw")
    mount = tmp_path / "mnt"
    mount.mkdir()
    real_ismount = os.path.ismount
    monkeypatch.setattr(outdir_module.os.path, "ismount", lambda p: Path(p) == mount.resolve() or real_ismount(p))
    build(raw, mount, jobs=1, partitioned=True)
    assert (mount / "dataset").is_dir() and len(load(mount).releases) == 3
    (raw / "r3.txt").write_text(body("Town3"), encoding="utf-8")
    summary = build(raw, mount, jobs=1)
    assert summary.n_releases == 4 and len(load(mount).releases) == 4
    assert not (mount / "dataset").exists(), "a table of the earlier build was left beside the new ones"
    names = sorted(p.name for p in mount.iterdir())
    assert names == sorted([".releasekit-cache", "README.md", "_build.json", *(f"{t}.parquet" for t in TABLES)])
    again = build(raw, mount, jobs=1)
    assert again.up_to_date


# --------------------------------------------------------------------------
# 2. A cache that cannot hurt


def test_a_cache_folder_that_cannot_be_used_means_no_cache_and_one_warning(tmp_path: Path) -> None:
    raw = small_raw(tmp_path / "raw")
    clean = tmp_path / "clean"
    build(raw, clean, jobs=1, cache=False)
    out = tmp_path / "processed"
    (tmp_path / ".processed.cache").write_text("a file where the cache folder goes\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = build(raw, out, jobs=1)
    assert [w.category for w in caught] == [CacheWarning]
    assert "cache" in str(caught[0].message) and summary.warnings
    assert summary.n_releases == 3 and summary.n_rejected == 0
    assert tables_bytes(out) == tables_bytes(clean)
    assert "internal_error" not in set(load(out).problems.code)


def test_a_planted_pickle_runs_nothing_and_is_re_extracted(tmp_path: Path) -> None:
    raw = small_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    build(raw, out, jobs=1)
    clean = tables_bytes(out)
    pwned = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):  # noqa: ANN204
            return (os.system, (f"touch {pwned}",))

    entries = sorted((tmp_path / ".processed.cache").glob("*/*.arrow"))
    assert len(entries) == 3
    shutil.rmtree(tmp_path / ".processed.cache" / "files")  # the file-level entries: the release-level ones are read
    for entry in entries:
        entry.write_bytes(pickle.dumps(Evil()))
    (raw / "r0.txt").touch()  # same bytes: the build fingerprint is the same, so force a rebuild
    (out / "_build.json").unlink()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build(raw, out, jobs=1)
    assert not pwned.exists()
    assert len(caught) == 1 and "3 result-cache entries" in str(caught[0].message)
    assert tables_bytes(out) == clean
    with pytest.raises(CacheError):
        decode_entry("0" * 64, pickle.dumps(Evil()))
    assert not pwned.exists()


def test_a_well_formed_entry_of_another_release_is_refused(tmp_path: Path) -> None:
    raw = small_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    build(raw, out, jobs=1)
    clean = tables_bytes(out)
    cache = ResultCache(tmp_path / ".processed.cache")
    entries = sorted(cache.folder.glob("*/*.arrow"))
    keys = [p.stem for p in entries]
    rows = [decode_entry(k, p.read_bytes()) for k, p in zip(keys, entries)]
    # every entry holds the rows of another release, under its own key (valid header, checksums and schema)
    for i, key in enumerate(keys):
        cache.put(key, rows[(i + 1) % len(rows)])
    shutil.rmtree(cache.folder / "files")  # the file-level entries: the release-level ones are read
    (out / "_build.json").unlink()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = build(raw, out, jobs=1)
    assert summary.n_releases == 3
    assert tables_bytes(out) == clean, "a lying cache entry changed the tables"
    assert len(caught) == 1 and "another release" in str(caught[0].message)


def test_cache_entries_round_trip_and_refuse_other_keys() -> None:
    from releasekit.build import process_release
    from releasekit.chrome import ChromeStats
    from releasekit.read import read_release, scan

    raw = scan("a.txt", metadata("title: A\npublish.date: 2021-03-04", body("Roundtrip")).encode())
    release, _ = read_release(raw, ChromeStats())
    rows = process_release(release)
    key = hashlib.sha256(b"a").hexdigest()
    data = encode_entry(key, rows)
    assert decode_entry(key, data) == rows
    with pytest.raises(CacheError, match="another key"):
        decode_entry(hashlib.sha256(b"b").hexdigest(), data)
    flipped = bytearray(data)
    flipped[-10] ^= 0xFF
    with pytest.raises(CacheError):
        decode_entry(key, bytes(flipped))


@pytest.mark.parametrize("compress", [True, False])
def test_a_cache_entry_compressed_whole_or_not_reads_back_the_same_tables_and_refuses_damage(compress: bool) -> None:
    import json

    from releasekit.build import process_release
    from releasekit.cache import MAGIC, decode_tables
    from releasekit.chrome import ChromeStats
    from releasekit.read import read_release, scan

    text = body("Compressed") + "\nThree men were arrested and two women were safeguarded in Leeds.\n" * 5
    release, _ = read_release(scan("c.txt", metadata("title: C\npublish.date: 2021-03-04", text).encode()), ChromeStats())
    rows = process_release(release)
    key = hashlib.sha256(b"c").hexdigest()
    data = encode_entry(key, rows, meta={"n": 1}, compress=compress)
    plain = encode_entry(key, rows, meta={"n": 1}, compress=False)
    assert decode_entry(key, data) == rows and decode_tables(key, data)[1] == {"n": 1}
    at = len(MAGIC)
    size = int.from_bytes(data[at : at + 4], "big")
    header = json.loads(data[at + 4 : at + 4 + size])
    assert ("compression" in header) is compress
    if not compress:
        return
    assert len(data) < len(plain) / 2  # one frame for the whole payload
    for damaged in (data[:-7], data[:-7] + b"\0" * 7):  # a cut frame, a frame whose end is overwritten
        with pytest.raises(CacheError):
            decode_entry(key, damaged)
    for lie in (header["size"] + 1, 10**15):  # a wrong decompressed size, a bomb
        bad = json.dumps({**header, "size": lie}, sort_keys=True).encode()
        with pytest.raises(CacheError):
            decode_entry(key, MAGIC + len(bad).to_bytes(4, "big") + bad + data[at + 4 + size :])


# --------------------------------------------------------------------------
# 4. Inputs and tables that change


@pytest.mark.parametrize("damage", ["empty", "truncated", "swapped"])
def test_the_up_to_date_check_verifies_the_tables_it_trusts(tmp_path: Path, damage: str) -> None:
    raw = small_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    build(raw, out, jobs=1)
    clean = tables_bytes(out)
    figures = out / "figures.parquet"
    if damage == "empty":
        figures.write_bytes(b"")
    elif damage == "truncated":
        figures.write_bytes(clean["figures"][: len(clean["figures"]) // 2])
    else:
        shutil.copyfile(out / "agencies.parquet", figures)
    summary = build(raw, out, jobs=1)
    assert not summary.up_to_date
    assert tables_bytes(out) == clean


def test_a_file_rewritten_during_the_build_is_recorded_and_rebuilt_next_time(tmp_path: Path, monkeypatch) -> None:
    raw = small_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    target = raw / "r1.txt"
    reads = {"n": 0}
    real = build_module.read_raw_file

    def rewriting(path: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        result = real(path, *args, **kwargs)
        if Path(path).name == "r1.txt":
            reads["n"] += 1
            if reads["n"] == 2:  # pass two has parsed it: now it changes on disk
                target.write_text(body("Rewritten"), encoding="utf-8")
        return result

    monkeypatch.setattr(build_module, "read_raw_file", rewriting)
    build(raw, out, jobs=1)
    monkeypatch.undo()
    tables = load(out)
    record = json.loads((out / "_build.json").read_text(encoding="utf-8"))
    parsed = tables.releases.set_index("source_path").sha256["r1.txt"]
    assert record["inputs"]["r1.txt"] == parsed, "_build.json holds the hash of bytes that were not parsed"
    assert "Town1" in tables.releases.set_index("source_path").body["r1.txt"]
    # the next build sees the change and reads the new version
    summary = build(raw, out, jobs=1)
    assert not summary.up_to_date
    assert "Rewritten" in load(out).releases.set_index("source_path").body["r1.txt"]


def test_a_file_changed_between_the_two_passes_is_a_problem(tmp_path: Path, monkeypatch) -> None:
    raw = small_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    real = build_module._scan_one
    seen = {"n": 0}

    def changing(raw_dir: Path, source_path: str):  # noqa: ANN202
        if source_path == "r2.txt":
            seen["n"] += 1
            if seen["n"] == 2:
                (raw_dir / source_path).write_text(body("Changed between passes"), encoding="utf-8")
        return real(raw_dir, source_path)

    monkeypatch.setattr(build_module, "_scan_one", changing)
    build(raw, out, jobs=1, cache=False)
    problems = load(out).problems
    assert ("r2.txt", "file_changed") in set(zip(problems.source_path, problems.code))


# --------------------------------------------------------------------------
# 7. Clean stops, worker counts, no absolute paths


def test_jobs_are_checked_and_never_more_than_the_cores() -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert check_jobs(1000) == cores
    assert check_jobs(None) == cores
    for bad in (0, -3, 2.5, "4", True):
        with pytest.raises(ValueError):
            check_jobs(bad)
    run = subprocess.run([sys.executable, "-m", "releasekit", "build", "--jobs", "0"], env=ENV, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "at least 1" in run.stderr and "Traceback" not in run.stderr


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def big_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("big") / "raw"
    files = [p for p in RAW.iterdir() if p.suffix == ".txt"]
    for copy in range(8):
        folder = raw / f"copy{copy:02d}"
        folder.mkdir(parents=True)
        for path in files:
            shutil.copyfile(path, folder / path.name)
    return raw


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_end_the_workers_and_leave_the_tables(big_raw: Path, tmp_path: Path, how: signal.Signals) -> None:
    out = tmp_path / "processed"
    build(small_raw(tmp_path / "small"), out, jobs=1)
    before = tree(out)
    proc = subprocess.Popen(
        [sys.executable, "-m", "releasekit", "build", str(big_raw), str(out), "--jobs", "2", "--no-progress", "--no-cache"],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    workers: set[int] = set()
    started = time.monotonic()
    while time.monotonic() - started < 60 and proc.poll() is None:
        workers |= children_of(proc.pid)
        if list(tmp_path.glob(".processed.build-*")) and len(workers) >= 2:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the build ended before it could be stopped"
    if how == signal.SIGINT:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    else:
        os.kill(proc.pid, signal.SIGTERM)  # SIGTERM reaches the main process only
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == (143 if how == signal.SIGTERM else 130), stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    time.sleep(0.2)
    assert not [pid for pid in workers if alive(pid)], "a worker outlived the build"
    assert tree(out) == before
    assert not list(tmp_path.glob(".processed.build-*"))


def test_no_table_holds_an_absolute_path(tmp_path: Path) -> None:
    raw = small_raw(tmp_path / "raw")
    os.symlink(raw / "nowhere.txt", raw / "broken.txt")
    os.mkfifo(raw / "pipe.txt")
    (raw / "folder-link").symlink_to(tmp_path)
    out = tmp_path / "processed"
    build(raw, out, jobs=1)
    for name in TABLES:
        for column in read_table(out, name).columns:
            if str(column.type) == "string":
                for value in column.to_pylist():
                    assert value is None or str(tmp_path) not in value, (name, value)


def test_concurrent_builds_leave_one_complete_set_of_tables(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    clean = tmp_path / "clean"
    build(raw, clean, jobs=1, cache=False)
    out = tmp_path / "processed"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "releasekit", "build", str(raw), str(out), "--jobs", "1", "--no-progress", *options],
            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for options in ([], ["--no-cache"], [])
    ]
    for proc in procs:
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
    assert tables_bytes(out) == tables_bytes(clean)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".processed.") and p.name != ".processed.cache"]
    assert tree(raw) == tree(RAW)
