"""End to end: data/raw -> the tables, as the issues' 'done when' states them."""

from __future__ import annotations

from corpus import N_FILES, chrome_only_ids

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import releasekit
from releasekit.read import list_raw_files
from releasekit.tables import SCHEMAS, TABLES, write_partitioned


@pytest.fixture(scope="module")
def tables(built: Path):
    return releasekit.load(built)


def test_every_table_is_written_with_its_schema(built: Path) -> None:
    for name in TABLES:
        table = pq.read_table(built / f"{name}.parquet")
        assert table.schema.names == SCHEMAS[name].names, name
        assert pd.read_parquet(built / f"{name}.parquet").shape[1] == len(SCHEMAS[name]), name


def test_every_raw_file_is_a_release_or_a_problem(built: Path, raw_dir: Path, tables) -> None:
    files = set(list_raw_files(raw_dir))
    released = set(tables.releases.source_path)
    problems = set(tables.problems.source_path)
    assert files <= released | problems
    rejected = files - released
    errors = set(tables.problems.loc[tables.problems.severity == "error", "source_path"])
    assert rejected == errors & files
    # the gold says which files are releases and which are pages of site chrome only
    from releasekit.evaluate import load_gold
    from releasekit.read import release_id_for

    gold = load_gold(Path(__file__).resolve().parent / "gold")
    chrome_only = {rid for rid, g in gold.items() if not g.is_release}
    assert {release_id_for(f) for f in rejected} == chrome_only
    assert len(released) == len(files) - len(chrome_only)


def test_seed_release_published_19_jun_2020_has_day_precision(tables) -> None:
    seed = tables.releases.set_index("release_id").loc["002_d9cd9735170886ed"]
    assert seed.published.date() == dt.date(2020, 6, 19)
    assert seed.published_precision == "day"
    assert seed.issuer == "Bedfordshire Police"


def test_no_body_contains_site_chrome(tables) -> None:
    for phrase in ("essential cookies", "Quickly exit this site", "This site is a beta", "Skip to content", "Current timestamp"):
        assert not tables.releases.body.str.contains(phrase, regex=False).any(), phrase


def test_rows_are_in_a_defined_order(tables) -> None:
    assert tables.releases.release_id.is_monotonic_increasing
    keys = tables.tokens[["release_id", "token_id"]].apply(tuple, axis=1)
    assert keys.is_monotonic_increasing


@pytest.mark.parametrize("name,text_column", [
    ("sentences", "text"), ("tokens", "token"), ("figures", None), ("agencies", "mention"), ("quotes", "quote"),
])
def test_every_span_holds_its_words(tables, name: str, text_column: str | None) -> None:
    bodies = tables.releases.set_index("release_id").body
    frame = getattr(tables, name)
    assert len(frame) > 0, name
    for row in frame.itertuples():
        body = bodies[row.release_id]
        assert 0 <= row.start < row.end <= len(body)
        if text_column:
            assert body[row.start:row.end] == getattr(row, text_column)
        else:  # a figure's evidence sentence holds its words
            assert body[row.start:row.end] in row.evidence


def test_totals_cover_every_release_and_measure(tables) -> None:
    assert len(tables.totals) == 6 * len(tables.releases)
    values = tables.totals.value.dropna()
    assert (values >= 0).all()
    seed = tables.totals[tables.totals.release_id == "000_cf7962ac4bf17ccd"].set_index("measure")
    assert seed.loc["arrested", "value"] == 14 and seed.loc["premises", "value"] == 18
    assert seed.loc["officers", "qualifier"] == "at_least"


def test_build_record_lists_versions_inputs_and_rows(built: Path, raw_dir: Path, tables) -> None:
    record = json.loads((built / "_build.json").read_text())
    assert record["releasekit"] == releasekit.__version__
    assert {"python", "pandas", "pyarrow", "nltk"} <= set(record["versions"])
    assert set(record["inputs"]) == set(list_raw_files(raw_dir))
    assert record["rows"]["releases"] == len(tables.releases)


def test_cli_build_writes_tables_and_prints_a_summary(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    result = subprocess.run(
        [sys.executable, "-m", "releasekit", "build", str(raw_dir), str(out), "--jobs", "1"],
        capture_output=True, text=True, check=True,
    )
    line = result.stdout.strip().splitlines()[-1]
    n_chrome = len(chrome_only_ids())
    assert f"{N_FILES - n_chrome} releases" in line and f"{n_chrome} rejected" in line and " s " in line
    assert (out / "releases.parquet").exists()


def test_partitioned_dataset_reads_back_the_same_rows(built: Path, tmp_path: Path) -> None:
    import pyarrow.dataset as ds

    dest = write_partitioned(built, tmp_path / "dataset")
    for name in ("releases", "figures", "tokens", "agencies"):
        flat = pq.read_table(built / f"{name}.parquet").to_pandas()
        parted = ds.dataset(dest / name, format="parquet", partitioning="hive").to_table().to_pandas()
        assert len(parted) == len(flat), name
        key = ["release_id"] + [c for c in ("token_id", "figure_id", "start") if c in flat.columns][:1]
        parted = parted.sort_values(key).reset_index(drop=True)[flat.columns]
        flat = flat.sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(parted, flat, check_dtype=False, check_categorical=False)
    assert any(p.name.startswith("year=") for p in (dest / "figures").iterdir())
