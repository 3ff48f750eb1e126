"""Levels and kinds in the analysis layer: a national total is never added to
force totals (codebook section 12), kinds select when the column exists."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from releasekit import analysis
from releasekit.analysis import plots

ROOT = Path(__file__).resolve().parents[2]


def _tables(with_kind: bool = True) -> SimpleNamespace:
    releases = pd.DataFrame({
        "release_id": ["f1", "f2", "f3", "n1", "r1", "u1"],
        "issuer": ["Kent Police", "Essex Police", "Kent Police", "National Crime Agency", "ERSOU", None],
        "level": ["force", "force", "force", "national", "regional", None],
        "area": ["Kent", "Essex", "Kent", "United Kingdom", "East of England", None],
        "kind": ["operation", "operation", "court", "statistics", "operation", "other"],
        "published": pd.to_datetime(["2020-03-01", "2020-06-01", "2021-02-01", "2020-10-01", "2020-11-01", "2020-12-01"]),
        "duplicate_of": [None] * 6,
    })
    if not with_kind:
        releases = releases.drop(columns=["kind"])
    rows = [
        ("f1", "arrested", 3, "exact"), ("f2", "arrested", 5, "exact"), ("f3", "arrested", None, None),
        ("n1", "arrested", 1000, "at_least"), ("r1", "arrested", 40, "exact"), ("u1", "arrested", 7, "exact"),
        ("f3", "sentenced", 2, "exact"),
    ]
    totals = pd.DataFrame(rows, columns=["release_id", "measure", "value", "qualifier"])
    totals["value"] = totals["value"].astype("Int64")
    return SimpleNamespace(releases=releases, totals=totals, problems=pd.DataFrame())


def test_a_national_total_is_never_added_to_force_totals() -> None:
    tables = _tables()
    force = analysis.select_releases(tables, levels=["force"])
    series = analysis.per_period(force.totals, force.releases, "Y", measures=["arrested"])
    assert series.set_index("period").loc[pd.Period("2020", "Y"), "value"] == 8  # 3 + 5, not + 1000 or + 40
    by_level = analysis.per_period_by(tables.totals, tables.releases, "level", "Y", measures=["arrested"],
                                    groups=analysis.LEVELS)
    in_2020 = by_level[by_level["period"] == pd.Period("2020", "Y")].set_index("level")["value"]
    assert in_2020["force"] == 8 and in_2020["national"] == 1000 and in_2020["regional"] == 40
    assert pd.isna(in_2020["international"])
    # no row anywhere holds a sum across levels
    assert not set(by_level["value"].dropna()) & {1008, 1048, 48, 1040}
    # a release with no level is in no panel
    assert 7 not in set(by_level["value"].dropna())


def test_per_force_area_gives_one_series_per_area() -> None:
    tables = _tables()
    force = analysis.select_releases(tables, levels=["force"])
    by_area = analysis.per_period_by(force.totals, force.releases, "area", "Y", measures=["arrested"])
    assert sorted(by_area["area"].unique()) == ["Essex", "Kent"]
    kent = by_area[by_area["area"] == "Kent"].set_index("period")
    assert kent.loc[pd.Period("2020", "Y"), "value"] == 3 and kent.loc[pd.Period("2020", "Y"), "n_releases"] == 1
    assert pd.isna(kent.loc[pd.Period("2021", "Y"), "value"]) and kent.loc[pd.Period("2021", "Y"), "n_releases"] == 1
    # every area has the same periods, so lines share one axis
    assert by_area.groupby("area")["period"].apply(list).map(tuple).nunique() == 1


def test_select_releases_checks_names_and_tolerates_a_missing_kind_column() -> None:
    tables = _tables()
    with pytest.raises(ValueError, match="unknown level"):
        analysis.select_releases(tables, levels=["county"])
    with pytest.raises(ValueError, match="unknown kind"):
        analysis.select_releases(tables, kinds=["raid"])
    ops = analysis.select_releases(tables, kinds=["operation"])
    assert sorted(ops.releases["release_id"]) == ["f1", "f2", "r1"]
    assert set(ops.totals["release_id"]) <= {"f1", "f2", "r1"}
    old = _tables(with_kind=False)
    with pytest.warns(UserWarning, match="no 'kind' column"):
        kept = analysis.select_releases(old, kinds=["operation"])
    assert len(kept.releases) == len(old.releases)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(analysis.select_releases(old).releases) == 6  # no kinds asked: no warning


def test_per_kind_by_level_with_and_without_the_column() -> None:
    kinds = analysis.per_kind(_tables().totals, _tables().releases, measures=["arrested", "sentenced"])
    row = kinds[(kinds["level"] == "force") & (kinds["kind"] == "operation") & (kinds["measure"] == "arrested")].iloc[0]
    assert row["value"] == 8 and row["n_releases"] == 2
    court = kinds[(kinds["level"] == "force") & (kinds["kind"] == "court") & (kinds["measure"] == "sentenced")].iloc[0]
    assert court["value"] == 2
    national = kinds[(kinds["level"] == "national") & (kinds["measure"] == "arrested")]
    assert list(national["value"]) == [1000]
    # levels first in their order, kinds in the codebook's order
    assert list(dict.fromkeys(kinds["level"])) == ["force", "regional", "national", "unknown"]
    old = analysis.per_kind(_tables(False).totals, _tables(False).releases, measures=["arrested"])
    assert set(old["kind"]) == {"unknown"}
    assert old[(old["level"] == "force")]["value"].iloc[0] == 8


def test_level_panels_draw_each_level_apart() -> None:
    tables = _tables()
    by_level = analysis.per_period_by(tables.totals, tables.releases, "level", "Y", measures=["arrested"],
                                    groups=analysis.LEVELS)
    fig = plots.panels(by_level, panel_col="level", period_col="period", value_col="value",
                       panel_order=analysis.LEVELS, title="People arrested per year, by release level",
                       ylabel="people arrested", source="test")
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["force (3 releases)", "regional (1 release)", "national (1 release)"]  # no empty panel
    import numpy as np

    tops = [max(np.nanmax(np.asarray(line.get_ydata(), dtype=float)) for line in ax.get_lines()
                if np.isfinite(np.asarray(line.get_ydata(), dtype=float)).any()) for ax in fig.axes]
    assert tops == [8, 40, 1000]  # force: 3 + 5 in 2020
    matplotlib.pyplot.close(fig)


def test_notebook_02_charts_force_level_releases_by_default() -> None:
    nb = json.loads((ROOT / "notebooks" / "02_figures_over_time.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    params = next("".join(c["source"]) for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    assert 'LEVELS = ["force"]' in params and "KINDS = " in params
    code = "\n".join(cells)
    assert "charted = analysis.select_releases(tables, levels=LEVELS)" in code
    # every sum over releases in the main charts reads the one-level selection
    assert "analysis.per_period(charted.totals, charted.releases" in code
    assert "analysis.per_issuer(charted.totals, charted.releases" in code
    assert "analysis.per_period(tables.totals" not in code and "analysis.per_issuer(tables.totals" not in code
    # other levels only in their own panels, the per-area chart one series per area
    assert 'per_period_by(tables.totals, tables.releases, "level"' in code and "plots.panels(" in code
    assert 'group_col="area"' in code
