"""``releases.force`` renamed ``releases.issuer``; the old name kept one release as a deprecated alias.

What a user of 0.1.0 relies on still works, with a ``DeprecationWarning``
where Python can give one: the ``force`` column (same values), tables built
before the rename (``load`` fills ``issuer``), ``filter_tables(forces=)``,
``per_force`` and the old module paths ``releasekit.report`` etc.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import releasekit
from releasekit import analysis
from releasekit.tables import SCHEMAS, TABLES


def test_built_releases_hold_issuer_and_the_deprecated_force_alias(built: Path) -> None:
    releases = releasekit.load(built).releases
    assert SCHEMAS["releases"].names.index("issuer") == 3  # where force was
    assert SCHEMAS["releases"].names[-1] == "force"
    assert releases["issuer"].notna().sum() > 0
    assert releases["issuer"].equals(releases["force"].rename("issuer"))
    seed = releases.set_index("release_id").loc["002_d9cd9735170886ed"]
    assert seed.issuer == "Bedfordshire Police"


def test_tables_built_before_the_rename_load_with_issuer_filled(built: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(built, old)
    table = pq.read_table(old / "releases.parquet")
    values = table.column("issuer")
    table = table.drop(["issuer", "force"])
    table = table.add_column(3, pa.field("force", pa.string()), values)  # the 0.1.0 layout
    pq.write_table(table, old / "releases.parquet")
    assert "issuer" not in pq.read_schema(old / "releases.parquet").names
    releases = releasekit.load(old, ["releases"]).releases
    assert releases["issuer"].tolist() == values.to_pylist()
    kept = analysis.filter_tables(releasekit.load(old, TABLES), issuers=["Bedfordshire Police"])
    assert set(kept.releases["issuer"]) == {"Bedfordshire Police"}


def _tables() -> object:
    from types import SimpleNamespace

    releases = pd.DataFrame({
        "release_id": ["a", "b", "c"],
        "issuer": ["Kent Police", "Essex Police", "Kent Police"],
        "published": pd.to_datetime(["2020-01-01", "2020-02-01", "2021-01-01"]),
        "duplicate_of": [None, None, None],
    })
    totals = pd.DataFrame({"release_id": ["a", "b", "c"], "measure": ["arrested"] * 3,
                           "value": pd.array([2, 3, 4], dtype="Int64"), "qualifier": ["exact"] * 3})
    return SimpleNamespace(releases=releases, totals=totals)


def test_filter_tables_forces_is_a_deprecated_name_of_issuers() -> None:
    tables = _tables()
    with pytest.warns(DeprecationWarning, match="issuers"):
        old = analysis.filter_tables(tables, forces=["Kent Police"])
    new = analysis.filter_tables(tables, issuers=["Kent Police"])
    assert old.releases.equals(new.releases) and list(new.releases["release_id"]) == ["a", "c"]
    with pytest.raises(ValueError, match="issuers only"):
        analysis.filter_tables(tables, issuers=["Kent Police"], forces=["Kent Police"])
    with pytest.raises(ValueError, match="did you mean 'Kent Police'"):
        analysis.filter_tables(tables, issuers=["Kent Polce"])


def test_per_force_is_per_issuer_with_the_old_column_name() -> None:
    tables = _tables()
    new = analysis.per_issuer(tables.totals, tables.releases, measures=["arrested"])
    assert new["issuer"].tolist() == ["Essex Police", "Kent Police"] and new["value"].tolist() == [3, 6]
    with pytest.warns(DeprecationWarning, match="per_issuer"):
        old = analysis.per_force(tables.totals, tables.releases, measures=["arrested"])
    assert old.equals(new.rename(columns={"issuer": "force"}))


@pytest.mark.parametrize("name", ["report", "wording", "plots", "notebooks", "site", "review", "params", "export"])
def test_old_module_paths_warn_and_give_the_moved_module(name: str) -> None:
    sys.modules.pop(f"releasekit.{name}", None)
    with pytest.warns(DeprecationWarning, match=f"releasekit.{name} is deprecated"):
        old = importlib.import_module(f"releasekit.{name}")
    target = "releasekit.analysis" if name == "report" else f"releasekit.analysis.{name}"
    assert old is importlib.import_module(target)
    sys.modules.pop(f"releasekit.{name}", None)


def test_releasekit_dates_is_a_deprecated_name_of_printed_dates() -> None:
    sys.modules.pop("releasekit.dates", None)
    with pytest.warns(DeprecationWarning, match="releasekit.dates is deprecated"):
        old = importlib.import_module("releasekit.dates")
    assert old is importlib.import_module("releasekit.printed_dates")
    assert old.parse_date("19 Jun 2020") == importlib.import_module("releasekit.printed_dates").parse_date("19 Jun 2020")
    sys.modules.pop("releasekit.dates", None)
