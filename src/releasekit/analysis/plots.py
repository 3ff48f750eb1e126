"""The chart types the releasekit notebooks repeat, in one house style.

Every function draws inside ``with style():`` (a ``matplotlib.rc_context``
with :data:`STYLE`, so notebook-wide rcParams are left untouched), returns
the :class:`matplotlib.figure.Figure` and puts a source line under the chart:
either the ``source`` string given, or one computed from the releases table
by :func:`source_line` -- "Source: releasekit, n=61 releases, 2005-09 to
2025-07". A chart without a source line is refused.

:func:`save` writes PNG and SVG files that are byte-identical when a
notebook is rerun (no timestamps, no software tag, fixed SVG hash salt).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from releasekit.files import write_atomic

__all__ = [
    "STYLE",
    "bar",
    "count_panels",
    "heatmap",
    "keyness_bars",
    "panels",
    "save",
    "source_line",
    "style",
    "time_series",
]

#: House style (rcParams) applied by :func:`style`.
STYLE: dict[str, Any] = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",  # shipped with matplotlib: same glyphs everywhere
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.prop_cycle": matplotlib.cycler(
        color=["#1b6ca8", "#d95f02", "#4d9a50", "#7b5ea7", "#b8860b", "#666666"]
    ),
    "legend.frameon": False,
    "svg.hashsalt": "releasekit",
    "svg.fonttype": "path",
    "path.simplify": True,
}

_SOURCE_COLOR = "#555555"
_A_COLOR, _B_COLOR = "#1b6ca8", "#d95f02"


@contextmanager
def style() -> Iterator[None]:
    """Context manager applying :data:`STYLE` (``plt.rc_context``)."""
    with plt.rc_context(STYLE):
        yield


def source_line(
    releases: pd.DataFrame | None = None,
    *,
    n: int | None = None,
    first: str | None = None,
    last: str | None = None,
) -> str:
    """"Source: releasekit, n=NN releases, YYYY-MM to YYYY-MM".

    From the releases table: ``n`` is the number of distinct release_ids and
    the range runs over the non-null ``published`` dates (months); undated
    releases are counted ("; 12 undated"). Or give ``n``, ``first`` and
    ``last`` directly.
    """
    undated = 0
    if releases is not None:
        n = int(releases["release_id"].nunique())
        if "published" in releases.columns:
            dated = releases.dropna(subset=["published"])
            undated = n - int(dated["release_id"].nunique())
            if len(dated):
                months = pd.to_datetime(dated["published"]).dt.strftime("%Y-%m")
                first, last = months.min(), months.max()
    if n is None:
        raise ValueError("source_line needs the releases table or n")
    text = f"Source: releasekit, n={n} releases"
    if first and last:
        text += f", {first} to {last}" if first != last else f", {first}"
    if undated:
        text += f"; {undated} undated"
    return text


def _resolve_source(source: str | None, releases: pd.DataFrame | None) -> str:
    if source:
        return source
    if releases is not None:
        return source_line(releases)
    raise ValueError("give source= (a string) or releases= (to compute the source line)")


def _finish(fig: Figure, source: str) -> Figure:
    fig.text(0.01, 0.005, source, ha="left", va="bottom", fontsize=8, color=_SOURCE_COLOR)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def _x_values(values: pd.Series) -> tuple[np.ndarray | pd.Series, list[str] | None]:
    """Periods -> timestamps; strings that parse as dates -> timestamps;
    anything else -> categorical positions (second item: tick labels)."""
    if isinstance(values.dtype, pd.PeriodDtype):
        return values.dt.to_timestamp(), None
    if pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_numeric_dtype(values):
        return values, None
    if len(values) and all(isinstance(v, pd.Period) for v in values):
        return pd.Series([v.to_timestamp() for v in values], index=values.index), None
    try:
        return pd.to_datetime(values.astype(str), format="mixed"), None
    except (ValueError, TypeError):
        labels = sorted(values.astype(str).unique())
        pos = {label: i for i, label in enumerate(labels)}
        return values.astype(str).map(pos).astype(float), labels


def time_series(
    df: pd.DataFrame,
    *,
    period_col: str,
    value_col: str,
    title: str,
    ylabel: str,
    group_col: str | None = None,
    qualifier_col: str | None = "qualifier",
    coverage: pd.Series | None = None,
    xlabel: str = "",
    source: str | None = None,
    releases: pd.DataFrame | None = None,
) -> Figure:
    """A line per group over time, with the corpus coverage underneath.

    ``df`` has one row per period (and group). Periods may be
    ``pandas.Period``, datetimes, numbers, or strings such as "2022-03".
    Points whose ``qualifier_col`` is ``approx`` are drawn hollow, ``at_least``
    as an upward triangle (the true value may be higher); rows with a null
    value (``vague``) are not drawn and break the line. ``ylabel`` should carry the unit
    ("people safeguarded").

    ``coverage`` (releases per period, a Series indexed by period) is drawn as
    grey bars in a lower panel, so a peak can be read against how many
    releases the corpus has for that period. If neither ``source`` nor
    ``releases`` is given and ``coverage`` is, the source line is computed
    from the coverage (n = its sum, range = first to last period with data).
    """
    if source is None and releases is None and coverage is not None:
        covered = coverage[coverage > 0]
        xs, _ = _x_values(pd.Series(covered.index))
        months = [pd.Timestamp(x).strftime("%Y-%m") for x in xs] if len(xs) else []
        src = source_line(n=int(covered.sum()), first=min(months, default=None),
                          last=max(months, default=None))
    else:
        src = _resolve_source(source, releases)
    with style():
        if coverage is not None:
            fig, (ax, ax_cov) = plt.subplots(
                2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]}, figsize=(8.0, 5.5)
            )
        else:
            fig, ax = plt.subplots()
            ax_cov = None
        data = df.copy()  # null values stay in, so the line breaks at them
        x_all, labels = _x_values(pd.concat([data[period_col]] + (
            [pd.Series(coverage.index)] if coverage is not None else []), ignore_index=True))
        data["_x"] = np.asarray(x_all)[: len(data)]
        groups = [(None, data)] if group_col is None else list(
            data.groupby(group_col, sort=True))
        has_qual = qualifier_col is not None and qualifier_col in data.columns
        for i, (name, part) in enumerate(groups):
            part = part.sort_values("_x", kind="stable")
            color = f"C{i % 6}"  # six house colours, then the line style changes: one series per group
            ax.plot(part["_x"], part[value_col].astype(float), color=color, linewidth=1.8,
                    linestyle=("-", "--", ":", "-.")[i // 6 % 4],
                    label=None if name is None else str(name))
            part = part.dropna(subset=[value_col])
            qual = part[qualifier_col] if has_qual else pd.Series("exact", index=part.index)
            exact = part[~qual.isin(["approx", "at_least"])]
            ax.plot(exact["_x"], exact[value_col], "o", color=color, markersize=5)
            approx = part[qual == "approx"]
            ax.plot(approx["_x"], approx[value_col], "o", markerfacecolor="white",
                    markeredgecolor=color, markersize=6)
            at_least = part[qual == "at_least"]
            ax.plot(at_least["_x"], at_least[value_col], "^", color=color, markersize=7)
        handles, names = ax.get_legend_handles_labels()
        if has_qual and data[qualifier_col].isin(["approx", "at_least"]).any():
            handles += [
                Line2D([], [], marker="o", linestyle="", color="#333333", label="exact"),
                Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                       markeredgecolor="#333333", label="approx."),
                Line2D([], [], marker="^", linestyle="", color="#333333", label="at least"),
            ]
            names += ["exact", "approx.", "at least"]
        if handles:
            ax.legend(handles, names, loc="upper left", fontsize=8)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)
        if ax_cov is not None:
            cov_x = pd.Series(np.asarray(x_all)[len(data):])
            is_time = pd.api.types.is_datetime64_any_dtype(cov_x)
            steps = cov_x.sort_values().diff().dropna()
            if len(steps):
                width = steps.median() * 0.8  # 80% of the usual gap between periods
            else:
                width = pd.Timedelta(days=20) if is_time else 0.8
            if is_time:
                width = width.to_pytimedelta()
            ax_cov.bar(cov_x, coverage.to_numpy(), width=width, color="#bbbbbb")
            ax_cov.set_ylabel("releases")
            ax_cov.set_xlabel(xlabel or "period")
        else:
            ax.set_xlabel(xlabel or "period")
        if labels is not None:
            target = ax_cov if ax_cov is not None else ax
            target.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
        return _finish(fig, src)


def panels(
    df: pd.DataFrame,
    *,
    panel_col: str,
    period_col: str,
    value_col: str,
    title: str,
    ylabel: str,
    panel_order: Sequence[str] | None = None,
    qualifier_col: str | None = "qualifier",
    coverage_col: str | None = "n_releases",
    xlabel: str = "",
    source: str | None = None,
    releases: pd.DataFrame | None = None,
) -> Figure:
    """One panel per value of ``panel_col`` (e.g. release level), stacked, sharing the time axis.

    Each panel has its own value scale, so a national round-up never
    flattens the force-level series and is never added to it. Points as in
    :func:`time_series` (hollow: approx., triangle: at least; null values
    break the line). A panel's title gives its name and, with
    ``coverage_col``, the number of releases behind it. Panels with no value
    at all are left out; ``panel_order`` fixes the order (default sorted).
    """
    src = _resolve_source(source, releases)
    names = [n for n in (panel_order if panel_order is not None else sorted(df[panel_col].dropna().unique()))
             if df.loc[df[panel_col] == n, value_col].notna().any()]
    with style():
        fig, axes = plt.subplots(max(1, len(names)), 1, sharex=True, squeeze=False,
                                 figsize=(8.0, 1.2 + 2.2 * max(1, len(names))))
        x_all, labels = _x_values(df[period_col].reset_index(drop=True))
        data = df.reset_index(drop=True).assign(_x=np.asarray(x_all))
        for ax, name in zip(axes[:, 0], names):
            part = data[data[panel_col] == name].sort_values("_x", kind="stable")
            ax.plot(part["_x"], part[value_col].astype(float), color="C0", linewidth=1.8)
            shown = part.dropna(subset=[value_col])
            qual = shown[qualifier_col] if qualifier_col and qualifier_col in shown.columns else pd.Series("exact", index=shown.index)
            exact = shown[~qual.isin(["approx", "at_least"])]
            ax.plot(exact["_x"], exact[value_col], "o", color="C0", markersize=5)
            approx = shown[qual == "approx"]
            ax.plot(approx["_x"], approx[value_col], "o", markerfacecolor="white", markeredgecolor="C0", markersize=6)
            at_least = shown[qual == "at_least"]
            ax.plot(at_least["_x"], at_least[value_col], "^", color="C0", markersize=7)
            count = int(part[coverage_col].sum()) if coverage_col and coverage_col in part.columns else None
            n = "" if count is None else f" ({count} release{'' if count == 1 else 's'})"
            ax.set_title(f"{name}{n}", fontsize=9, loc="left")
            ax.set_ylabel(ylabel, fontsize=8)
            ax.set_ylim(bottom=0)
        if not names:
            axes[0, 0].text(0.5, 0.5, "no stated figure", ha="center", va="center", transform=axes[0, 0].transAxes)
        axes[-1, 0].set_xlabel(xlabel or "period")
        if labels is not None:
            axes[-1, 0].set_xticks(range(len(labels)), labels, rotation=45, ha="right")
        fig.suptitle(title)
        return _finish(fig, src)


def bar(
    df: pd.DataFrame,
    *,
    label_col: str,
    value_col: str,
    title: str,
    xlabel: str,
    ylabel: str = "",
    horizontal: bool = True,
    annotate: bool = True,
    sort: bool = True,
    source: str | None = None,
    releases: pd.DataFrame | None = None,
) -> Figure:
    """Bars of ``value_col`` per ``label_col``, values written on the bars.

    Horizontal by default (long labels such as agency names stay readable);
    sorted by value, largest on top (ties by label). ``xlabel`` names the
    value axis (with its unit), ``ylabel`` the category axis.
    """
    src = _resolve_source(source, releases)
    data = df[[label_col, value_col]].dropna(subset=[value_col])
    if sort:
        data = data.sort_values(label_col, ascending=False, kind="stable")
        data = data.sort_values(value_col, kind="stable")
    labels = data[label_col].astype(str).tolist()
    values = data[value_col].astype(float).to_numpy()
    with style():
        fig, ax = plt.subplots(figsize=(8.0, max(2.5, 0.3 * len(labels) + 1.2))
                               if horizontal else None)
        pos = np.arange(len(labels))
        if horizontal:
            bars = ax.barh(pos, values, color="C0")
            ax.set_yticks(pos, labels)
            ax.grid(axis="y", visible=False)
            ax.grid(axis="x", visible=True)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
        else:
            bars = ax.bar(pos, values, color="C0")
            ax.set_xticks(pos, labels, rotation=45, ha="right")
            ax.set_ylabel(xlabel)
            ax.set_xlabel(ylabel)
        if annotate:
            ax.bar_label(bars, labels=[f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"
                                       for v in values], padding=2, fontsize=8)
        ax.set_title(title)
        return _finish(fig, src)


def _all_periods(periods: list) -> list:
    """``periods`` with the gaps filled (years, or pandas Periods of one frequency), so that
    an axis of categories does not put 2005 next to 2011."""
    if not periods:
        return periods
    if all(isinstance(p, pd.Period) for p in periods) and len({p.freqstr for p in periods}) == 1:
        return list(pd.period_range(periods[0], periods[-1], freq=periods[0].freq))
    if all(isinstance(p, str) and p.isdigit() and len(p) == 4 for p in periods):
        return [str(y) for y in range(int(periods[0]), int(periods[-1]) + 1)]
    return periods


def count_panels(
    df: pd.DataFrame,
    *,
    period_col: str,
    group_col: str,
    count_col: str,
    total_col: str,
    title: str,
    ylabel: str,
    xlabel: str = "",
    ncols: int = 3,
    source: str | None = None,
    releases: pd.DataFrame | None = None,
) -> Figure:
    """Small multiples: one panel per group, bars of ``count_col`` per period.

    Behind each group's bars, light grey bars show ``total_col`` (all the
    period's releases), so a count reads against its n without a share that
    jumps between 0 and 100 % on one or two releases. Panels share both axes
    and keep the order of the groups in ``df``; each panel's title gives the
    group and its total count. Years (or pandas Periods) missing between the
    first and last are shown as empty periods, not skipped. ``df`` is long: one row per period and group
    (e.g. :func:`releasekit.analysis.agencies.agency_type_counts`).
    """
    src = _resolve_source(source, releases)
    groups = list(dict.fromkeys(df[group_col].astype(str)))
    if not groups:
        raise ValueError("nothing to chart: df has no rows")
    periods = _all_periods(sorted(df[period_col].dropna().unique()))
    labels = [str(p) for p in periods]
    pos = np.arange(len(periods))
    totals = df.drop_duplicates(period_col).set_index(period_col)[total_col].reindex(periods).fillna(0)
    ncols = max(1, min(ncols, len(groups)))
    nrows = -(-len(groups) // ncols)
    with style():
        fig, axes = plt.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False,
                                 figsize=(3.2 * ncols, 2.2 * nrows + 0.8))
        for i, ax in enumerate(axes.flat):
            if i >= len(groups):
                ax.set_visible(False)
                continue
            rows = df[df[group_col].astype(str) == groups[i]].set_index(period_col)
            counts = rows[count_col].reindex(periods).fillna(0).to_numpy(dtype=float)
            ax.bar(pos, totals.to_numpy(dtype=float), color="#e3e3e3", width=0.8,
                   label="all releases" if i == 0 else None)
            ax.bar(pos, counts, color="C0", width=0.8, label="naming the group" if i == 0 else None)
            ax.set_title(f"{groups[i]} ({int(counts.sum()):,})", fontsize=10)
            if i % ncols == 0:
                ax.set_ylabel(ylabel)
        step = max(1, len(labels) // 8)
        for i, ax in enumerate(axes.flat[: len(groups)]):
            if i + ncols >= len(groups):  # the lowest panel of its column carries the axis
                ax.tick_params(labelbottom=True)
                ax.set_xticks(pos[::step], labels[::step], rotation=45, ha="right")
                if xlabel:
                    ax.set_xlabel(xlabel)
        fig.legend(loc="upper right", fontsize=8)
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
        return _finish(fig, src)


def heatmap(
    matrix_df: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    cbar_label: str,
    annotate: bool = True,
    fmt: str = "{:,.0f}",
    cmap: str = "Blues",
    source: str | None = None,
    releases: pd.DataFrame | None = None,
) -> Figure:
    """A matrix (rows = index, columns = columns) as coloured cells.

    Missing cells stay blank (not 0). With ``annotate`` the value is written
    in every cell, in white on dark cells.
    """
    src = _resolve_source(source, releases)
    values = matrix_df.to_numpy(dtype=float)
    with style():
        fig, ax = plt.subplots(figsize=(max(5.0, 0.6 * values.shape[1] + 3),
                                        max(3.0, 0.4 * values.shape[0] + 1.5)))
        image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, aspect="auto")
        ax.grid(False)
        ax.set_xticks(range(values.shape[1]), [str(c) for c in matrix_df.columns],
                      rotation=45, ha="right")
        ax.set_yticks(range(values.shape[0]), [str(i) for i in matrix_df.index])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        bar_ = fig.colorbar(image, ax=ax)
        bar_.set_label(cbar_label)
        if annotate and np.isfinite(values).any():
            top = np.nanmax(values)
            for (r, c), v in np.ndenumerate(values):
                if np.isfinite(v):
                    ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=8,
                            color="white" if top and v > 0.6 * top else "black")
        return _finish(fig, src)


def keyness_bars(
    keyness_df: pd.DataFrame,
    *,
    label_a: str,
    label_b: str,
    title: str,
    n: int = 10,
    stat: str = "z",
    xlabel: str | None = None,
    source: str | None = None,
    releases: pd.DataFrame | None = None,
) -> Figure:
    """The ``n`` most key words on each side, as diverging bars with counts.

    ``keyness_df`` comes from :func:`releasekit.analysis.wording.keyness`,
    :func:`~releasekit.analysis.wording.log_odds_dirichlet` (``stat="z"`` or
    ``"delta"``) or :func:`~releasekit.analysis.wording.g_squared` (``stat="g2"`` or
    ``"log_ratio"``). Words with ``stat > 0`` (used more by A) go right, in
    A's colour; ``stat < 0`` left. Each bar is annotated with the counts behind
    it, "n_a / n_b" (and the releases using it, when a dispersion column is
    present), so a large score resting on few uses is visible.
    """
    src = _resolve_source(source, releases)
    if {"n_a", "n_b"} <= set(keyness_df.columns):
        col_a, col_b = "n_a", "n_b"
    elif {"n_target", "n_reference"} <= set(keyness_df.columns):
        col_a, col_b = "n_target", "n_reference"
    else:
        raise ValueError("keyness_df needs n_a/n_b or n_target/n_reference columns")
    ordered = keyness_df.sort_values("word", kind="stable")
    ordered = ordered.sort_values(stat, ascending=False, kind="stable")
    top_a = ordered[ordered[stat] > 0].head(n)
    top_b = ordered[ordered[stat] < 0].tail(n)
    shown = pd.concat([top_a, top_b])
    default_xlabel = {
        "z": f"z-score of log-odds ratio (Dirichlet prior); + = more in {label_a}",
        "delta": f"log-odds ratio (Dirichlet prior); + = more in {label_a}",
        "g2": f"signed G² (log-likelihood); + = more in {label_a}",
        "log_ratio": f"Log Ratio (log2 of relative frequencies); + = more in {label_a}",
    }.get(stat, stat)
    with style():
        fig, ax = plt.subplots(figsize=(8.0, max(3.0, 0.28 * len(shown) + 1.5)))
        pos = np.arange(len(shown))[::-1]
        values = shown[stat].to_numpy(dtype=float)
        colors = [_A_COLOR if v > 0 else _B_COLOR for v in values]
        ax.set_axisbelow(True)  # grid lines behind the bars
        ax.barh(pos, values, color=colors, zorder=2)
        ax.set_yticks(pos, shown["word"].astype(str).tolist())
        ax.axvline(0, color="#333333", linewidth=0.8, zorder=3)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        span = float(np.abs(values).max()) if len(values) else 1.0
        for p, v, (_, row) in zip(pos, values, shown.iterrows()):
            note = f"{int(row[col_a])} / {int(row[col_b])}"
            if {"dispersion_a", "dispersion_b"} <= set(shown.columns):
                note += f"  ({int(row['dispersion_a'])} / {int(row['dispersion_b'])} rel.)"
            ax.text(v + (0.02 * span if v >= 0 else -0.02 * span), p, note, va="center",
                    ha="left" if v >= 0 else "right", fontsize=7, color="#333333")
        ax.set_xlim(-1.6 * span, 1.6 * span)
        ax.set_xlabel(xlabel or default_xlabel)
        ax.set_ylabel("word")
        ax.set_title(title)
        ax.legend(
            handles=[plt.Rectangle((0, 0), 1, 1, color=_A_COLOR),
                     plt.Rectangle((0, 0), 1, 1, color=_B_COLOR)],
            labels=[f"more in {label_a} (counts {label_a} / {label_b})",
                    f"more in {label_b}"],
            loc="upper center", bbox_to_anchor=(0.5, -0.075),
            ncol=2, fontsize=8,
        )
        return _finish(fig, src)


def save(fig: Figure, name: str, *, folder: str | os.PathLike = "reports/figures",
         dpi: int = 150) -> tuple[Path, Path]:
    """Write ``<folder>/<name>.png`` and ``.svg``, byte-identical on rerun.

    PNG without the "Software" tag, SVG without the "Date" and with the fixed
    ``svg.hashsalt`` of :data:`STYLE` (ids of clip paths and glyphs are then
    stable). Each file is written to a temporary file and moved into place.
    Returns the two paths.
    """
    if not name or "/" in name or "\\" in name:
        raise ValueError("name must be a plain file stem such as '03_keyness_glaa'")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = (out / f"{name}.png", out / f"{name}.svg")
    with style():
        for path, fmt, metadata in (
            (paths[0], "png", {"Software": None}),
            (paths[1], "svg", {"Date": None}),
        ):
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
            write_atomic(path, buffer.getvalue())
    return paths
