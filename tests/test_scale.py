"""Incremental builds: a content-hash cache whose result is identical to a clean build."""

from __future__ import annotations

from corpus import N_FILES, chrome_only_ids

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from releasekit.build import build
from releasekit.tables import TABLES


def _contents(folder: Path) -> dict[str, list]:
    return {name: pq.read_table(folder / f"{name}.parquet").to_pylist() for name in TABLES}


def _entries(cache: Path) -> set[str]:
    """The release-level entries (``<xx>/<key>.arrow``; file-level ones are under ``files/``, the index is ``files.arrow``)."""
    return {p.name for p in cache.glob("*/*.arrow")}


@pytest.fixture()
def raw_copy(raw_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "raw"
    shutil.copytree(raw_dir, copy)
    return copy


def test_nothing_changed_means_up_to_date(raw_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    first = build(raw_copy, out, jobs=1)
    assert not first.up_to_date
    before = _contents(out)
    second = build(raw_copy, out, jobs=1)
    assert second.up_to_date
    assert second.n_releases == first.n_releases and second.rows == first.rows
    assert _contents(out) == before


def test_a_changed_release_re_extracts_only_itself_and_matches_a_clean_build(raw_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    cache = tmp_path / ".processed.cache"
    build(raw_copy, out, jobs=2)
    entries = _entries(cache)
    assert len(entries) == N_FILES - len(chrome_only_ids())  # one per release

    changed = raw_copy / "002_d9cd9735170886ed.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("six people arrested", "seven people arrested"), encoding="utf-8")
    summary = build(raw_copy, out, jobs=2)
    assert not summary.up_to_date
    new_entries = _entries(cache) - entries
    assert len(new_entries) == 1  # only the changed release was extracted again

    clean = tmp_path / "clean"
    build(raw_copy, clean, jobs=1, cache=False)
    assert _contents(out) == _contents(clean)
    assert not (tmp_path / ".clean.cache").exists()


def test_corpus_wide_chrome_stays_correct_under_incremental_builds(raw_copy: Path, tmp_path: Path) -> None:
    """Removing pages changes which lines recur; cached extraction must follow the new bodies."""
    out = tmp_path / "processed"
    build(raw_copy, out, jobs=1)
    for path in sorted(raw_copy.glob("beds-2022-*.txt")):
        path.unlink()
    build(raw_copy, out, jobs=1)
    clean = tmp_path / "clean"
    build(raw_copy, clean, jobs=1, cache=False)
    assert _contents(out) == _contents(clean)


def test_output_is_identical_whatever_the_number_of_jobs(raw_dir: Path, tmp_path: Path) -> None:
    one = tmp_path / "one"
    two = tmp_path / "two"
    build(raw_dir, one, jobs=1, cache=False)
    build(raw_dir, two, jobs=2, cache=False)
    assert _contents(one) == _contents(two)


def test_a_build_sweeps_temporary_cache_files_left_by_a_killed_build(raw_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    build(raw_copy, out, jobs=1)
    cache = tmp_path / ".processed.cache"
    stale = next(cache.iterdir()) / ".abc.arrow.k1ll3d.tmp"
    stale.write_bytes(b"half")
    (raw_copy / "002_d9cd9735170886ed.txt").write_text("Three men were arrested in Luton yesterday after a long investigation into trafficking, police said in a statement today.", encoding="utf-8")
    build(raw_copy, out, jobs=1)
    assert not stale.exists()
