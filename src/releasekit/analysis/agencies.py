"""Agency reports: which agency types (or agencies) releases name, per period, and together.

Input is the ``agencies`` table (one row per agency named in a release:
``agency``, ``agency_type``, ``role``) with ``releases`` for dates. Shares
are fractions of a period's releases (0..1); counts are releases.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from releasekit.analysis.corpus import _require, period_of

__all__ = [
    "agency_share_by_year",
    "agency_type_counts",
    "agency_year_matrix",
    "co_involvement",
]


def _agency_rows(agencies: pd.DataFrame, role: str | Sequence[str] | None) -> pd.DataFrame:
    _require(agencies, ["release_id", "agency", "agency_type", "role"], "agencies")
    if role is None:
        return agencies
    roles = [role] if isinstance(role, str) else list(role)
    return agencies[agencies["role"].isin(roles)]


def agency_share_by_year(
    agencies: pd.DataFrame,
    releases: pd.DataFrame,
    *,
    by: str = "agency_type",
    role: str | Sequence[str] | None = "involved",
    freq: str = "Y",
    date_col: str = "published",
) -> pd.DataFrame:
    """Share of each period's releases that name each agency type (or agency).

    A release counts once per category however often it names it, and only
    with the ``role`` asked for (the release-level role, strongest over its
    mentions; ``None``: any role). Columns ``period, <by>, n_releases``
    (releases naming it), ``n_period`` (dated releases in the period) and
    ``share`` (= n_releases / n_period). Every period and category appears
    (0 where none). Sorted by period then category.
    """
    _require(releases, ["release_id", date_col], "releases")
    rows = _agency_rows(agencies, role)
    per = period_of(releases.set_index("release_id")[date_col], freq).dropna()
    if per.empty:
        return pd.DataFrame(columns=["period", by, "n_releases", "n_period", "share"])
    n_period = per.value_counts()
    rows = rows[rows["release_id"].isin(per.index)]
    pairs = rows[["release_id", by]].drop_duplicates()
    pairs = pairs.assign(period=pairs["release_id"].map(per))
    counts = pairs.groupby(["period", by]).size()
    cats = sorted(set(agencies[by].dropna().astype(str)))
    periods = sorted(n_period.index)
    index = pd.MultiIndex.from_product([periods, cats], names=["period", by])
    out = counts.reindex(index, fill_value=0).rename("n_releases").reset_index()
    out["n_releases"] = out["n_releases"].astype("int64")
    out["n_period"] = out["period"].map(n_period).astype("int64")
    out["share"] = out["n_releases"] / out["n_period"]
    return out


def agency_type_counts(share: pd.DataFrame, *, by: str = "agency_type",
                       min_releases: int = 10) -> pd.DataFrame:
    """:func:`agency_share_by_year` ready for a chart of counts (one panel per category).

    Columns ``period, <by>, n_releases, n_period, share, enough``: ``share`` is
    kept only where the period has at least ``min_releases`` dated releases
    (``enough``), else NaN, so that no chart shows a share of 0 or 100 % that
    rests on one or two releases. Categories are ordered by their total count
    (largest first, ties by name).
    """
    if min_releases < 1:
        raise ValueError(f"min_releases must be at least 1, got {min_releases}")
    _require(share, ["period", by, "n_releases", "n_period", "share"], "share")
    out = share.copy()
    out["enough"] = out["n_period"] >= min_releases
    out["share"] = out["share"].where(out["enough"])
    order = (out.groupby(by)["n_releases"].sum().reset_index()
             .sort_values([ "n_releases", by], ascending=[False, True], kind="stable")[by].tolist())
    out[by] = pd.Categorical(out[by], categories=order, ordered=True)
    out = out.sort_values([by, "period"], kind="stable").reset_index(drop=True)
    out[by] = out[by].astype(str)
    return out


def agency_year_matrix(share: pd.DataFrame, *, by: str = "agency_type",
                       value: str = "share") -> pd.DataFrame:
    """:func:`agency_share_by_year` as a category x period matrix (for a heatmap).

    Rows: the values of ``by`` (sorted), columns: the periods (sorted), cells:
    the column ``value`` of ``share`` (``share`` a fraction 0..1, or e.g.
    ``percent`` / ``n_releases`` when the caller added them); NaN where a
    category has no row for a period. Raises ``KeyError`` when ``by`` or
    ``value`` is not a column of ``share``.
    """
    m = share.pivot(index=by, columns="period", values=value)
    return m.sort_index(axis=0).sort_index(axis=1)


def co_involvement(
    agencies: pd.DataFrame,
    *,
    by: str = "agency",
    role: str | Sequence[str] | None = "involved",
    agency_types: Sequence[str] | None = None,
    min_releases: int = 1,
) -> pd.DataFrame:
    """How many releases name each pair of agencies together.

    Cell (i, j) is the number of releases in which both i and j have the
    release-level ``role`` (default ``involved``); the diagonal is the number
    of releases naming i at all with that role. ``by`` is ``"agency"`` or
    ``"agency_type"``. ``agency_types`` keeps only agencies of those types
    (e.g. charities and international partners); ``min_releases`` drops
    agencies on the diagonal below it. Rows and columns in sorted order.
    """
    rows = _agency_rows(agencies, role)
    if agency_types is not None:
        rows = rows[rows["agency_type"].isin(list(agency_types))]
    pairs = rows[["release_id", by]].drop_duplicates()
    if pairs.empty:
        empty = pd.DataFrame(index=pd.Index([], name=by), columns=pd.Index([], name=by), dtype="int64")
        return empty
    incidence = pd.crosstab(pairs["release_id"], pairs[by]).clip(upper=1)
    matrix = incidence.T @ incidence
    keep = sorted(c for c in matrix.columns if matrix.at[c, c] >= min_releases)
    matrix = matrix.loc[keep, keep].astype("int64")
    matrix.index.name = by
    matrix.columns.name = by
    return matrix
