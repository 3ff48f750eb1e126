"""Release totals per period, per issuer, per kind and level: the numbers the figures charts show.

Input is the ``totals`` table (one row per release and measure: ``value``
Int64, ``qualifier`` exact/approx/at_least/vague or null) with ``releases``
for dates and grouping columns. Sums count people (arrests, victims, ...);
a vague total ("dozens") is counted apart (``n_vague``), never added.
Rows are sorted so that the same input always gives the same output.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

import pandas as pd

from releasekit.analysis.corpus import (
    CHART_MEASURES,
    KINDS,
    LEVELS,
    QUALIFIER_RANK,
    _freq,
    _require,
    group_column,
)

__all__ = [
    "per_issuer",
    "per_force",
    "per_kind",
    "per_period",
    "per_period_by",
    "qualifier_counts",
]


def qualifier_counts(totals: pd.DataFrame, measures: Sequence[str] = CHART_MEASURES) -> pd.DataFrame:
    """Releases per measure and qualifier of the total (``none``: no figure).

    Columns ``measure, exact, approx, at_least, vague, none`` (counts of
    releases), rows in the order of ``measures``.
    """
    _require(totals, ["release_id", "measure", "qualifier"], "totals")
    t = totals[totals["measure"].isin(list(measures))]
    q = t["qualifier"].astype(object).where(t["qualifier"].notna(), "none")
    table = pd.crosstab(t["measure"], q)
    cols = ["exact", "approx", "at_least", "vague", "none"]
    table = table.reindex(index=list(measures), columns=cols, fill_value=0).fillna(0).astype("int64")
    table.index.name = "measure"
    table.columns.name = None
    return table.reset_index()


def _weakest(qualifiers: Iterable[str]) -> str | None:
    qs = [q for q in qualifiers if isinstance(q, str)]
    if not qs:
        return None
    top = max(QUALIFIER_RANK[q] for q in qs)
    if top == 0:
        return "exact"
    if top == 2:
        return "vague"
    # approx and at_least rank alike; "at_least" only when every hedge is at_least
    hedges = {q for q in qs if QUALIFIER_RANK[q] == 1}
    return "at_least" if hedges == {"at_least"} else "approx"


def _aggregate(t: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum numeric totals per ``keys``; vague totals counted apart."""
    stated = t[t["value"].notna()]
    # a number plus a vague phrase ("12 arrested and several more") is a lower bound
    stated = stated.assign(qualifier=stated["qualifier"].replace({"vague": "at_least"}))
    vague = t[t["value"].isna() & (t["qualifier"] == "vague")]
    agg = stated.groupby(keys, sort=True).agg(
        value=("value", "sum"), n_stating=("release_id", "nunique"),
        qualifier=("qualifier", _weakest),
    )
    n_vague = vague.groupby(keys, sort=True)["release_id"].nunique().rename("n_vague")
    out = agg.join(n_vague, how="outer")
    out["n_stating"] = out["n_stating"].fillna(0).astype("int64")
    out["n_vague"] = out["n_vague"].fillna(0).astype("int64")
    out["value"] = out["value"].astype("Int64")
    return out


def per_period(
    totals: pd.DataFrame,
    releases: pd.DataFrame,
    freq: str = "Y",
    *,
    measures: Sequence[str] = CHART_MEASURES,
    date_col: str = "published",
    fill: bool = True,
) -> pd.DataFrame:
    """Release totals summed per period, with the coverage of each period.

    One series per group (force, level, area, issuer type, any column):
    :func:`per_period_by`.

    ``totals`` are already the ``current`` figures only (codebook section 3).
    For each period (of ``date_col``, ``freq`` 'M', 'Q' or 'Y') and measure:

    - ``value``: sum of the numeric totals (null when no release of the
      period states a number for the measure -- not 0: silence is not zero);
    - ``qualifier``: the weakest qualifier among them (``exact``; ``approx``
      / ``at_least`` when any total is hedged; a numeric total whose
      qualifier is ``vague`` counts as ``at_least``);
    - ``n_stating``: releases whose total is a number;
    - ``n_vague``: releases that state only a vague figure ("several
      arrests"): counted here, never added to ``value``;
    - ``n_releases``: every release of the period (the coverage), whether or
      not it states a figure.

    With ``fill`` every period between the first and last dated release
    appears (coverage 0 where the corpus has nothing). Undated releases are
    left out; count them with :func:`corpus_summary`.
    Sorted by measure (in the order given), then period.
    """
    _require(totals, ["release_id", "measure", "value", "qualifier"], "totals")
    _require(releases, ["release_id", date_col], "releases")
    f = _freq(freq)
    dates = pd.to_datetime(releases.set_index("release_id")[date_col]).dropna()
    periods = dates.dt.to_period(f)
    t = totals[totals["measure"].isin(list(measures)) & totals["release_id"].isin(periods.index)]
    t = t.assign(period=periods.reindex(t["release_id"].to_numpy()).to_numpy())
    if len(periods):
        if fill:
            index = pd.period_range(periods.min(), periods.max(), freq=f)
        else:
            index = pd.PeriodIndex(sorted(periods.unique()), freq=f)
    else:
        index = pd.PeriodIndex([], freq=f)
    coverage = periods.value_counts().reindex(index, fill_value=0)
    agg = _aggregate(t, ["measure", "period"])
    frames = []
    for m in measures:
        part = agg.xs(m, level="measure") if m in agg.index.get_level_values("measure") else agg.iloc[0:0].droplevel(0)
        part = part.reindex(index)
        part.index.name = "period"
        part = part.reset_index()
        part.insert(0, "measure", m)
        part["n_stating"] = part["n_stating"].fillna(0).astype("int64")
        part["n_vague"] = part["n_vague"].fillna(0).astype("int64")
        part["value"] = part["value"].astype("Int64")
        part["n_releases"] = coverage.to_numpy().astype("int64")
        frames.append(part)
    return _stacked(frames, ["measure", "period", "value", "qualifier", "n_stating", "n_vague", "n_releases"])


def _stacked(frames: Sequence[pd.DataFrame], cols: list[str]) -> pd.DataFrame:
    """``frames`` stacked with the columns ``cols`` (an empty frame with them when
    there is none); missing qualifiers as None, not NaN."""
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)[cols]
    out["qualifier"] = out["qualifier"].astype(object).where(out["qualifier"].notna(), None)
    return out


def per_issuer(
    totals: pd.DataFrame,
    releases: pd.DataFrame,
    *,
    measures: Sequence[str] = CHART_MEASURES,
) -> pd.DataFrame:
    """Release totals summed per issuing organisation (``releases.issuer``).

    Columns ``issuer`` (str), ``measure`` (str), ``value`` (Int64, people),
    ``qualifier`` (str or None), ``n_stating``, ``n_vague``, ``n_releases``
    (int64 counts of releases) as in :func:`per_period`; every issuer and
    measure appears (value null where no release states a number). Sorted by
    issuer, then measure in the order given. Releases with no issuer are
    "unknown". Raises ``ValueError`` when a table lacks a column it needs.
    """
    _require(releases, ["release_id", "issuer"], "releases")
    issuer = releases.set_index("release_id")["issuer"].astype(object).fillna("unknown")
    t = totals[totals["measure"].isin(list(measures)) & totals["release_id"].isin(issuer.index)]
    t = t.assign(issuer=t["release_id"].map(issuer))
    agg = _aggregate(t, ["issuer", "measure"])
    issuers = sorted(issuer.unique())
    index = pd.MultiIndex.from_product([issuers, list(measures)], names=["issuer", "measure"])
    out = agg.reindex(index).reset_index()
    out["n_stating"] = out["n_stating"].fillna(0).astype("int64")
    out["n_vague"] = out["n_vague"].fillna(0).astype("int64")
    out["value"] = out["value"].astype("Int64")
    out["qualifier"] = out["qualifier"].astype(object).where(out["qualifier"].notna(), None)
    out["n_releases"] = out["issuer"].map(issuer.value_counts()).astype("int64")
    return out[["issuer", "measure", "value", "qualifier", "n_stating", "n_vague", "n_releases"]]


def per_force(
    totals: pd.DataFrame,
    releases: pd.DataFrame,
    *,
    measures: Sequence[str] = CHART_MEASURES,
) -> pd.DataFrame:
    """Deprecated (kept one release): :func:`per_issuer` with its first column called ``force``.

    Warns ``DeprecationWarning``. Works on tables of either release (it
    reads ``releases.issuer``, which :func:`releasekit.load` fills for old
    tables).
    """
    warnings.warn("per_force is deprecated: use per_issuer (column 'issuer')", DeprecationWarning, stacklevel=2)
    return per_issuer(totals, releases, measures=measures).rename(columns={"issuer": "force"})


def per_period_by(
    totals: pd.DataFrame,
    releases: pd.DataFrame,
    by: str,
    freq: str = "Y",
    *,
    measures: Sequence[str] = CHART_MEASURES,
    date_col: str = "published",
    groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    """:func:`per_period` computed separately for each value of ``releases[by]``.

    One series per group, never summed across groups: with ``by="level"`` a
    national round-up is never added to the forces' own totals (the same
    arrests would count twice, codebook section 12); with ``by="area"`` on
    force-level releases there is one series per force area. Columns: ``by``
    then those of :func:`per_period`; every group shares the same periods
    (from the first to the last dated release of all groups), coverage
    ``n_releases`` counts the group's releases. ``groups`` fixes the groups
    and their order (default: the values present, sorted; releases whose
    ``by`` is null are left out). ``by`` may be any column of ``releases``
    or ``issuer_type`` (the issuer's agency type, :func:`group_column`);
    another name raises ``ValueError`` naming the columns.
    """
    if by not in releases.columns:
        releases = releases.assign(**{by: group_column(releases, by).to_numpy()})
    _require(releases, ["release_id", by, date_col], "releases")
    names = list(groups) if groups is not None else sorted(releases[by].dropna().unique())
    f = _freq(freq)
    dates = pd.to_datetime(releases[date_col]).dropna()
    frames = []
    for name in names:
        part = releases[releases[by] == name]
        series = per_period(totals, part, f, measures=measures, date_col=date_col, fill=False)
        if len(dates):
            index = pd.period_range(dates.min().to_period(f), dates.max().to_period(f), freq=f)
            full = []
            for measure in measures:
                m = series[series["measure"] == measure].set_index("period").reindex(index)
                m.index.name = "period"
                m = m.reset_index()
                m["measure"] = measure
                for col in ("n_stating", "n_vague", "n_releases"):
                    m[col] = m[col].fillna(0).astype("int64")
                m["value"] = m["value"].astype("Int64")
                full.append(m)
            series = pd.concat(full, ignore_index=True) if full else series
        series.insert(0, by, name)
        frames.append(series)
    return _stacked(frames, [by, "measure", "period", "value", "qualifier", "n_stating", "n_vague", "n_releases"])


def per_kind(
    totals: pd.DataFrame,
    releases: pd.DataFrame,
    *,
    measures: Sequence[str] = CHART_MEASURES,
    by_level: bool = True,
) -> pd.DataFrame:
    """Release totals summed per release kind (codebook section 11), per level.

    Columns ``[level,] kind, measure, value, qualifier, n_stating, n_vague,
    n_releases`` (as :func:`per_period`); kinds in the order of
    :data:`KINDS`, then any other value. With ``by_level`` (default) each
    level is summed apart, so national round-ups never join force totals.
    Tables without a ``kind`` column (built before it existed) give the
    single kind ``"unknown"``; releases with a null kind are ``"unknown"``
    too. Releases with a null level are level ``"unknown"``.
    """
    _require(releases, ["release_id"], "releases")
    rel = releases.set_index("release_id")
    kind = (rel["kind"] if "kind" in rel.columns else pd.Series(None, index=rel.index, dtype=object))
    kind = kind.astype(object).where(kind.notna(), "unknown")
    keys = ["kind", "measure"]
    t = totals[totals["measure"].isin(list(measures)) & totals["release_id"].isin(rel.index)]
    t = t.assign(kind=t["release_id"].map(kind))
    counts_by = [kind.rename("kind")]
    if by_level:
        _require(releases, ["level"], "releases")
        level = rel["level"].astype(object).where(rel["level"].notna(), "unknown")
        t = t.assign(level=t["release_id"].map(level))
        keys = ["level", *keys]
        counts_by = [level.rename("level"), kind.rename("kind")]
    agg = _aggregate(t, keys)
    n_releases = pd.concat(counts_by, axis=1).value_counts().rename("n_releases")
    order = {k: i for i, k in enumerate([*KINDS, "unknown"])}
    level_order = {k: i for i, k in enumerate([*LEVELS, "unknown"])}
    combos = n_releases.index.to_frame(index=False)
    rows = combos.merge(pd.DataFrame({"measure": list(measures)}), how="cross")
    out = rows.merge(agg.reset_index(), on=keys, how="left").merge(
        n_releases.reset_index(), on=[c for c in keys if c != "measure"], how="left")
    out["_k"] = out["kind"].map(lambda k: order.get(k, len(order)))
    out["_m"] = out["measure"].map({m: i for i, m in enumerate(measures)})
    sort = ["_k", "kind", "_m"]
    if by_level:
        out["_l"] = out["level"].map(lambda k: level_order.get(k, len(level_order)))
        sort = ["_l", *sort]
    out = out.sort_values(sort, kind="stable").reset_index(drop=True)
    for col in ("n_stating", "n_vague", "n_releases"):
        out[col] = out[col].fillna(0).astype("int64")
    out["value"] = out["value"].astype("Int64")
    out["qualifier"] = out["qualifier"].astype(object).where(out["qualifier"].notna(), None)
    cols = [*keys[:-1], "measure", "value", "qualifier", "n_stating", "n_vague", "n_releases"]
    return out[cols]
