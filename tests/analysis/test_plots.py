"""Tests for releasekit.analysis.plots (Agg backend, no display)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from releasekit.analysis import plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    matplotlib.pyplot.close("all")


def releases() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "release_id": ["beds-2022-04", "glaa-2017-11", "suffolk-2025-07", "avon-undated"],
            "published": pd.to_datetime(["2022-04-07", "2017-11-20", "2025-07-01", None]),
        }
    )


SOURCE = "Source: releasekit, n=4 releases, 2017-11 to 2025-07; 1 undated"


def source_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]


def test_source_line_from_releases():
    assert plots.source_line(releases()) == SOURCE
    assert plots.source_line(n=12, first="2022-01", last="2022-06") == (
        "Source: releasekit, n=12 releases, 2022-01 to 2022-06")


def time_series_figure() -> Figure:
    months = pd.period_range("2022-01", periods=6, freq="M")
    df = pd.DataFrame(
        {
            "month": months,
            "value": [3, 5, None, 8, 2, 4],
            "qualifier": ["exact", "approx", "vague", "at_least", "exact", "exact"],
        }
    )
    coverage = pd.Series([2, 3, 1, 0, 4, 2], index=months)
    return plots.time_series(df, period_col="month", value_col="value", coverage=coverage,
                             title="People safeguarded per month",
                             ylabel="people safeguarded", xlabel="month of publication")


def test_time_series_labels_markers_coverage_and_source():
    fig = time_series_figure()
    assert isinstance(fig, Figure)
    top, lower = fig.axes
    assert top.get_title(loc="left") == "People safeguarded per month"
    assert top.get_ylabel() == "people safeguarded"
    assert lower.get_ylabel() == "releases" and lower.get_xlabel() == "month of publication"
    # coverage drawn as one bar per period
    assert [p.get_height() for p in lower.patches] == [2, 3, 1, 0, 4, 2]
    # at_least as a triangle, approx hollow, each on its own point
    triangles = [ln for ln in top.lines if ln.get_marker() == "^" and len(ln.get_ydata())]
    assert [list(ln.get_ydata()) for ln in triangles] == [[8]]
    hollow = [ln for ln in top.lines if ln.get_marker() == "o" and len(ln.get_ydata())
              and ln.get_markerfacecolor() == "white"]
    assert [list(ln.get_ydata()) for ln in hollow] == [[5]]
    # the vague month (null) breaks the line rather than being joined over
    line = top.lines[0]
    assert np.isnan(np.asarray(line.get_ydata(), dtype=float)[2])
    # source computed from the coverage: 12 releases, Jan to Jun 2022
    assert source_texts(fig) == ["Source: releasekit, n=12 releases, 2022-01 to 2022-06"]


def test_time_series_groups_with_string_periods():
    df = pd.DataFrame({"period": ["2022-01", "2022-02"] * 2, "value": [1, 2, 3, 4],
                       "force": ["Beds", "Beds", "Suffolk", "Suffolk"]})
    fig = plots.time_series(df, period_col="period", value_col="value", group_col="force",
                            title="Arrests", ylabel="people arrested", releases=releases())
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Beds", "Suffolk"]
    assert ax.get_xlabel() == "period"
    assert source_texts(fig) == [SOURCE]


def test_bar():
    df = pd.DataFrame({"agency": ["NCA", "GLAA", "Police"], "n": [5, 12, 30]})
    fig = plots.bar(df, label_col="agency", value_col="n", title="Agencies named",
                    xlabel="releases naming the agency", ylabel="agency", releases=releases())
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Agencies named"
    assert ax.get_xlabel() == "releases naming the agency" and ax.get_ylabel() == "agency"
    # largest on top: barh draws bottom-up
    assert [t.get_text() for t in ax.get_yticklabels()] == ["NCA", "GLAA", "Police"]
    assert sorted(t.get_text() for t in ax.texts) == ["12", "30", "5"]
    assert source_texts(fig) == [SOURCE]


def test_heatmap():
    matrix = pd.DataFrame([[1, 2, np.nan], [4, 5, 6]], index=["Beds", "Suffolk"],
                          columns=["arrested", "safeguarded", "premises"])
    fig = plots.heatmap(matrix, title="Figures by force", xlabel="measure", ylabel="force",
                        cbar_label="releases", source="Source: test")
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Figures by force"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("measure", "force")
    assert sorted(t.get_text() for t in ax.texts) == ["1", "2", "4", "5", "6"]  # NaN blank
    assert fig.axes[1].get_ylabel() == "releases"
    assert source_texts(fig) == ["Source: test"]


KEYNESS = pd.DataFrame(
    {
        "word": ["gangmaster", "licence", "workers", "police", "county", "lines"],
        "n_a": [32, 20, 57, 10, 2, 1],
        "n_b": [8, 0, 10, 10, 51, 46],
        "z": [3.3, 3.2, 4.7, 0.0, -2.6, -2.5],
    }
)


def test_keyness_bars_sides_and_counts():
    fig = plots.keyness_bars(KEYNESS, label_a="GLAA", label_b="police", n=2,
                             title="GLAA and police wording", releases=releases())
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "GLAA and police wording"
    assert ax.get_xlabel().startswith("z-score") and ax.get_ylabel() == "word"
    # top 2 each side, most key at the top and bottom; the z=0 word left out
    labels = [t.get_text() for t in ax.get_yticklabels()]
    positions = [t.get_position()[1] for t in ax.get_yticklabels()]
    shown = [w for _, w in sorted(zip(positions, labels), reverse=True)]
    assert shown == ["workers", "gangmaster", "lines", "county"]
    notes = {t.get_text() for t in ax.texts}
    assert {"57 / 10", "32 / 8", "1 / 46", "2 / 51"} <= notes
    assert source_texts(fig) == [SOURCE]


def test_a_chart_needs_a_source():
    with pytest.raises(ValueError, match="source"):
        plots.bar(pd.DataFrame({"a": ["x"], "b": [1]}), label_col="a", value_col="b",
                  title="t", xlabel="x")


def test_style_does_not_leak():
    before = matplotlib.rcParams["axes.spines.top"]
    time_series_figure()
    assert matplotlib.rcParams["axes.spines.top"] == before


def test_save_is_byte_identical_on_rerun(tmp_path):
    fig = time_series_figure()
    png, svg = plots.save(fig, "01_safeguarded", folder=tmp_path / "a")
    assert png == tmp_path / "a" / "01_safeguarded.png" and png.exists()
    assert svg == tmp_path / "a" / "01_safeguarded.svg" and svg.exists()
    first = (png.read_bytes(), svg.read_bytes())
    assert first[0].startswith(b"\x89PNG") and b"<svg" in first[1]
    assert b"Software" not in first[0] and b"<dc:date>" not in first[1]
    plots.save(fig, "01_safeguarded", folder=tmp_path / "a")
    assert (png.read_bytes(), svg.read_bytes()) == first
    # a fresh figure from the same data (a notebook rerun) gives the same bytes
    png2, svg2 = plots.save(time_series_figure(), "01_safeguarded", folder=tmp_path / "b")
    assert (png2.read_bytes(), svg2.read_bytes()) == first
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "01_safeguarded.png", "01_safeguarded.svg"]  # no temporary files left


def test_count_panels_one_panel_per_group_with_totals_and_source():
    df = pd.DataFrame({
        "period": ["2019", "2020", "2019", "2020"],
        "agency_type": ["police_force", "police_force", "charity", "charity"],
        "n_releases": [2, 5, 0, 1],
        "n_period": [3, 6, 3, 6],
    })
    fig = plots.count_panels(df, period_col="period", group_col="agency_type", count_col="n_releases",
                             total_col="n_period", title="Releases naming each type", ylabel="releases",
                             source="Source: test, n=9 releases")
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in axes] == ["police_force (7)", "charity (1)"]
    heights = sorted(round(p.get_height()) for p in axes[0].patches)
    assert heights == [2, 3, 5, 6]  # the group's counts in front of the period totals
    assert "Source: test, n=9 releases" in source_texts(fig)
    with pytest.raises(ValueError):
        plots.count_panels(df.iloc[0:0], period_col="period", group_col="agency_type", count_col="n_releases",
                           total_col="n_period", title="t", ylabel="r", source="s")


def test_count_panels_keep_missing_years_on_the_axis():
    df = pd.DataFrame({"period": ["2005", "2008"], "agency_type": ["charity", "charity"],
                       "n_releases": [1, 2], "n_period": [1, 3]})
    fig = plots.count_panels(df, period_col="period", group_col="agency_type", count_col="n_releases",
                             total_col="n_period", title="t", ylabel="releases", source="Source: test")
    ax = [a for a in fig.axes if a.get_visible()][0]
    assert len(ax.patches) == 2 * 4  # 2005, 2006, 2007, 2008: totals and counts
    assert [round(p.get_height()) for p in ax.patches[:4]] == [1, 0, 0, 3]
