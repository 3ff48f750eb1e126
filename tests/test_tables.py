"""releasekit.load(): a namespace whose tables are read on first use (tables.py `load`, `Tables`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import releasekit
from releasekit import analysis
from releasekit.tables import TABLES, Tables, TablesChanged, read_table


def test_load_reads_a_table_when_it_is_first_used_and_keeps_it(built: Path) -> None:
    tables = releasekit.load(built)
    assert isinstance(tables, Tables) and tables.names == TABLES
    assert vars(tables) == {}  # nothing read yet
    releases = tables.releases
    assert list(vars(tables)) == ["releases"]
    assert tables.releases is releases  # read once, then kept
    assert len(releases) == read_table(built, "releases").num_rows
    assert set(dir(tables)) >= set(TABLES)
    assert "tokens=<not read>" in repr(tables)


def test_load_reads_only_the_tables_asked_for(built: Path) -> None:
    tables = releasekit.load(built, ["releases", "totals"])
    assert hasattr(tables, "totals") and not hasattr(tables, "tokens")
    with pytest.raises(AttributeError, match="no table 'tokens'"):
        tables.tokens
    with pytest.raises(KeyError):
        releasekit.load(built, ["releases", "not_a_table"])


def test_attributes_set_by_hand_stay_as_on_a_namespace(built: Path) -> None:
    # analysis.site sets tables.corrections when the folder has none
    tables = releasekit.load(built, ["releases"])
    tables.corrections = pd.DataFrame(columns=["release_id"])
    assert list(tables.corrections.columns) == ["release_id"]
    del tables.corrections
    assert not hasattr(tables, "corrections")


def test_a_table_rewritten_after_load_is_refused_not_mixed_in(built: Path, tmp_path: Path) -> None:
    folder = tmp_path / "processed"
    shutil.copytree(built, folder)
    tables = releasekit.load(folder)
    tables.releases
    # a rebuild swaps in new files: the figures read now would belong to another build
    (folder / "figures.parquet").unlink()
    shutil.copyfile(built / "figures.parquet", folder / "figures.parquet")
    os.utime(folder / "figures.parquet", ns=(1, 1))
    with pytest.raises(TablesChanged, match="figures.parquet changed since load"):
        tables.figures
    assert len(releasekit.load(folder).figures) == read_table(built, "figures").num_rows


def test_filter_tables_cuts_each_table_when_it_is_used(built: Path) -> None:
    full = releasekit.load(built)
    out = analysis.filter_tables(full, start="2020-01-01", end="2023-12-31")
    assert isinstance(out, Tables) and vars(out) == {}  # no table cut before it is used
    assert set(vars(full)) == {"releases"}
    ids = set(out.releases.release_id)
    assert 0 < len(ids) < len(full.releases)
    agencies = out.agencies
    assert set(agencies.release_id) <= ids
    assert "agencies" not in vars(full)  # read for the cut, not kept whole
    expected = full.agencies[full.agencies.release_id.isin(ids)].reset_index(drop=True)
    pd.testing.assert_frame_equal(agencies, expected)
    pd.testing.assert_frame_equal(out.problems, full.problems)  # no release_id: passed through


def test_reading_a_table_leaves_arrow_s_default_memory_pool_as_it_was(built: Path, tmp_path: Path) -> None:
    import pyarrow as pa

    before = pa.default_memory_pool().backend_name
    tables = releasekit.load(built)
    assert len(tables.figures) and pa.default_memory_pool().backend_name == before
    broken = tmp_path / "processed"
    shutil.copytree(built, broken)
    data = (broken / "totals.parquet").read_bytes()
    (broken / "totals.parquet").write_bytes(data[: len(data) // 2] + data[-8:])  # a footer that points nowhere
    bad = releasekit.load(broken)
    with pytest.raises((OSError, pa.ArrowException)):
        bad.totals
    assert pa.default_memory_pool().backend_name == before
