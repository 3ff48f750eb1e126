"""Tables the notebooks show: corpus summaries, totals per period, agency
shares and co-involvement, wording groups, and the evidence behind a value.

Every function takes the DataFrames of :func:`releasekit.load` (or the
namespace itself) and returns a new DataFrame; nothing is changed in place.
Rows are sorted so that the same input always gives the same output, and
categories (periods, forces, agencies) come out in sorted order.

The notebooks call these functions rather than doing the pandas work in
their cells, so a student who changes a parameter changes one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import pandas as pd

from releasekit.extract.figures import CHARTED_MEASURES

__all__ = [
    "CHART_MEASURES",
    "PERIOD_NAMES",
    "QUALIFIER_RANK",
    "agency_share_by_year",
    "audit_totals",
    "agency_year_matrix",
    "co_involvement",
    "corpus_summary",
    "define_groups",
    "describe",
    "disagreements_frame",
    "evidence_for",
    "evidence_for_period",
    "filter_tables",
    "KINDS",
    "LEVELS",
    "per_kind",
    "per_period_by",
    "select_releases",
    "group_column",
    "most_common_form",
    "per_force",
    "per_period",
    "per_kind",
    "period_of",
    "qualifier_counts",
    "scores_frame",
    "stem_term",
]

#: The measures charted by default (``charted: true`` in the measure registry,
#: ``data/figure_rules.yaml``; ``officers`` and ``premises`` are optional).
CHART_MEASURES: tuple[str, ...] = CHARTED_MEASURES

#: Release levels (codebook section 12), smallest area first.
LEVELS: tuple[str, ...] = ("force", "regional", "national", "international")

#: Release kinds (codebook section 11).
KINDS: tuple[str, ...] = ("operation", "charge", "court", "statistics", "awareness", "funding", "other")

#: exact < approx/at_least < vague (codebook section 3).
QUALIFIER_RANK: dict[str, int] = {"exact": 0, "approx": 1, "at_least": 1, "vague": 2}

_FREQS = {"M": "M", "Q": "Q", "Y": "Y", "A": "Y"}

#: Words for the period codes, for chart titles and axis labels.
PERIOD_NAMES: dict[str, str] = {"M": "month", "Q": "quarter", "Y": "year", "A": "year"}


def _require(df: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; has {list(df.columns)}")


def _freq(freq: str) -> str:
    key = str(freq).upper()
    if key not in _FREQS:
        raise ValueError(f"freq must be 'M' (month), 'Q' (quarter) or 'Y' (year), not {freq!r}")
    return _FREQS[key]


# --------------------------------------------------------------------------
# the corpus
# --------------------------------------------------------------------------


def _restrict(tables: Any, ids: set[str]) -> SimpleNamespace:
    """Every table with a ``release_id`` column cut to the releases ``ids``; other tables (problems) as they are."""
    out = {}
    for name, frame in vars(tables).items():
        if isinstance(frame, pd.DataFrame) and "release_id" in frame.columns:
            out[name] = frame[frame["release_id"].isin(ids)].reset_index(drop=True)
        else:
            out[name] = frame
    return SimpleNamespace(**out)


def filter_tables(
    tables: Any,
    *,
    start: str | None = None,
    end: str | None = None,
    forces: Sequence[str] | None = None,
    date_col: str = "published",
    include_undated: bool = True,
    drop_duplicates: bool = True,
    kinds: Sequence[str] | None = None,
) -> SimpleNamespace:
    """The tables restricted to a set of releases, every table alike.

    ``start`` / ``end`` (ISO dates, inclusive) select releases by
    ``date_col``; releases with no date are kept when ``include_undated``
    (they cannot be placed in a period, so the time series leave them out,
    but they still count for agencies and wording) and dropped otherwise.
    ``forces`` keeps the releases whose ``releases.force`` is listed
    (``None``: all); a force the tables do not hold raises ``ValueError``
    with the closest names (a misspelling never gives an empty selection).
    ``drop_duplicates`` drops second and later copies of a
    release (``duplicate_of`` set), so nothing is counted twice. ``kinds``
    keeps the releases whose ``releases.kind`` (codebook section 11) is
    listed, e.g. ``["operation"]`` for arrests from operations only
    (``None``: all).

    Returns a namespace with the same table names; ``problems`` is passed
    through unchanged (it is per file, not per release).
    """
    releases = tables.releases
    _require(releases, ["release_id", date_col, "force", "duplicate_of"], "releases")
    keep = pd.Series(True, index=releases.index)
    dates = pd.to_datetime(releases[date_col])
    in_range = pd.Series(True, index=releases.index)
    if start is not None:
        in_range &= dates >= pd.Timestamp(start)
    if end is not None:
        in_range &= dates <= pd.Timestamp(end)
    keep &= in_range | (dates.isna() & include_undated)
    if forces is not None:
        from releasekit.params import close_matches

        known = sorted({str(f) for f in releases["force"].dropna()})
        for force in forces:
            if force not in known:
                close = close_matches(str(force), known)
                hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else f"; the forces are {known}"
                raise ValueError(f"no release of force {force!r} in these tables{hint}")
        keep &= releases["force"].isin(list(forces))
    if kinds is not None:
        _require(releases, ["kind"], "releases")
        keep &= releases["kind"].isin(list(kinds))
    if drop_duplicates:
        keep &= releases["duplicate_of"].isna()
    return _restrict(tables, set(releases.loc[keep, "release_id"]))


def select_releases(
    tables: Any,
    *,
    levels: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
) -> SimpleNamespace:
    """The tables restricted to releases of some levels and kinds, every table alike.

    ``levels`` keeps releases whose ``releases.level`` (codebook section 12:
    ``force``, ``regional``, ``national``, ``international``) is listed;
    ``kinds`` those whose ``releases.kind`` (section 11) is listed. ``None``
    keeps all. A name outside :data:`LEVELS` / :data:`KINDS` raises
    ``ValueError`` (a typo would otherwise empty every chart). Tables built
    before ``kind`` existed have no such column: then ``kinds`` cannot
    select, and every release is kept with a ``UserWarning`` saying so
    (rebuild with ``releasekit build`` to get the column). Releases whose
    level is null are dropped by any ``levels`` selection.
    """
    releases = tables.releases
    keep = pd.Series(True, index=releases.index)
    if levels is not None:
        unknown = sorted(set(levels) - set(LEVELS))
        if unknown:
            raise ValueError(f"unknown level(s) {unknown}; levels are {list(LEVELS)}")
        _require(releases, ["level"], "releases")
        keep &= releases["level"].isin(list(levels))
    if kinds is not None:
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown kind(s) {unknown}; kinds are {list(KINDS)}")
        if "kind" in releases.columns:
            keep &= releases["kind"].isin(list(kinds))
        else:
            import warnings

            warnings.warn(
                "releases has no 'kind' column (tables built before release kinds): every kind is kept; "
                "rebuild the tables with `releasekit build` to select by kind",
                UserWarning,
                stacklevel=2,
            )
    return _restrict(tables, set(releases.loc[keep, "release_id"]))


def corpus_summary(releases: pd.DataFrame, *, date_col: str = "published") -> dict[str, Any]:
    """Headline facts about a set of releases (what a notebook runs on).

    Keys: ``releases``, ``first``, ``last`` (ISO dates of ``date_col`` or
    None), ``undated``, ``truncated`` (captures that stop part-way),
    ``truncation_unknown``, ``duplicates``, ``forces`` (sorted list of
    issuing organisations), ``n_forces``.
    """
    _require(releases, ["release_id", date_col, "force"], "releases")
    dates = pd.to_datetime(releases[date_col]).dropna()
    truncated = releases["truncated"] if "truncated" in releases.columns else pd.Series(dtype=object)
    forces = sorted({str(f) for f in releases["force"].dropna()})
    return {
        "releases": int(releases["release_id"].nunique()),
        "first": dates.min().date().isoformat() if len(dates) else None,
        "last": dates.max().date().isoformat() if len(dates) else None,
        "undated": int(pd.to_datetime(releases[date_col]).isna().sum()),
        "truncated": int((truncated == True).sum()),  # noqa: E712 - nullable bool
        "truncation_unknown": int(truncated.isna().sum()),
        "duplicates": int(releases["duplicate_of"].notna().sum()) if "duplicate_of" in releases else 0,
        "forces": forces,
        "n_forces": len(forces),
    }


def describe(releases: pd.DataFrame, *, date_col: str = "published") -> str:
    """:func:`corpus_summary` as a few printable lines."""
    s = corpus_summary(releases, date_col=date_col)
    lines = [
        f"{s['releases']} releases, {date_col} {s['first']} to {s['last']}"
        f" ({s['undated']} undated)",
        f"{s['truncated']} of {s['releases']} captures are truncated"
        f" ({s['truncation_unknown']} unknown): figures stated later in those releases are missing,"
        " so every total undercounts.",
        f"{s['n_forces']} issuing organisations: " + ", ".join(s["forces"]),
    ]
    if s["duplicates"]:
        lines.append(f"{s['duplicates']} duplicate copies included")
    return "\n".join(lines)


def period_of(dates: pd.Series, freq: str) -> pd.Series:
    """Dates -> period labels ("2022", "2022Q1", "2022-03"); null stays null."""
    f = _freq(freq)
    dates = pd.to_datetime(dates)
    out = pd.Series(pd.NA, index=dates.index, dtype=object)
    ok = dates.notna()
    out[ok] = dates[ok].dt.to_period(f).astype(str)
    return out


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


# --------------------------------------------------------------------------
# totals over time and per force
# --------------------------------------------------------------------------


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
    cols = ["measure", "period", "value", "qualifier", "n_stating", "n_vague", "n_releases"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)[cols]
    out["qualifier"] = out["qualifier"].astype(object).where(out["qualifier"].notna(), None)
    return out


def group_column(releases: pd.DataFrame, column: str) -> pd.Series:
    """The value of ``column`` for each release, as text, for grouping (aligned with ``releases``).

    Any column of ``releases`` can be used (missing values become
    ``"unknown"``). ``issuer_type`` is also available when the table does not
    hold it: the agency type (codebook section 6: ``police``, ``regulator``,
    ``prosecutor``, ``government``, ...) of the issuing organisation
    (``force``), from the agency gazetteer shipped in the package.

    Raises ``ValueError`` naming the valid columns for any other name.
    """
    if column in releases.columns:
        return releases[column].astype(object).where(releases[column].notna(), "unknown").astype(str)
    if column == "issuer_type":
        from releasekit.extract.agencies import load_gazetteer

        gazetteer = load_gazetteer()
        _require(releases, ["force"], "releases")

        def type_of(name: Any) -> str:
            agency = gazetteer.get(name) if isinstance(name, str) else None
            return agency.agency_type if agency else "unknown"

        return releases["force"].map(type_of).astype(str)
    raise ValueError(f"releases has no column {column!r}; group by one of {sorted(releases.columns)} or 'issuer_type'")


def per_force(
    totals: pd.DataFrame,
    releases: pd.DataFrame,
    *,
    measures: Sequence[str] = CHART_MEASURES,
) -> pd.DataFrame:
    """Release totals summed per issuing organisation (``releases.force``).

    Columns ``force, measure, value, qualifier, n_stating, n_vague,
    n_releases`` as in :func:`per_period`; every force and measure appears
    (value null where no release states a number). Sorted by force, then
    measure in the order given. Releases with no force are "unknown".
    """
    _require(releases, ["release_id", "force"], "releases")
    force = releases.set_index("release_id")["force"].astype(object).fillna("unknown")
    t = totals[totals["measure"].isin(list(measures)) & totals["release_id"].isin(force.index)]
    t = t.assign(force=t["release_id"].map(force))
    agg = _aggregate(t, ["force", "measure"])
    forces = sorted(force.unique())
    index = pd.MultiIndex.from_product([forces, list(measures)], names=["force", "measure"])
    out = agg.reindex(index).reset_index()
    out["n_stating"] = out["n_stating"].fillna(0).astype("int64")
    out["n_vague"] = out["n_vague"].fillna(0).astype("int64")
    out["value"] = out["value"].astype("Int64")
    out["qualifier"] = out["qualifier"].astype(object).where(out["qualifier"].notna(), None)
    out["n_releases"] = out["force"].map(force.value_counts()).astype("int64")
    return out[["force", "measure", "value", "qualifier", "n_stating", "n_vague", "n_releases"]]


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
    cols = [by, "measure", "period", "value", "qualifier", "n_stating", "n_vague", "n_releases"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)[cols]
    out["qualifier"] = out["qualifier"].astype(object).where(out["qualifier"].notna(), None)
    return out


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


# --------------------------------------------------------------------------
# agencies
# --------------------------------------------------------------------------


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
    """:func:`agency_share_by_year` as a category x period matrix (for a heatmap)."""
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


# --------------------------------------------------------------------------
# wording groups
# --------------------------------------------------------------------------


def define_groups(
    releases: pd.DataFrame,
    kind: str,
    a: Any,
    b: Any,
    *,
    labels: tuple[str, str] | None = None,
    date_col: str = "published",
    text_col: str = "title",
) -> pd.Series:
    """Assign releases to two groups A and B for a keyness comparison.

    ``kind``:

    - ``"period"``: ``a`` and ``b`` are ``(start, end)`` ISO date pairs
      (inclusive) on ``date_col``; undated releases are in neither;
    - ``"pattern"``: ``a`` and ``b`` are regular expressions searched
      (case-insensitive) in ``text_col`` (default the title);
    - any column of ``releases`` (``"force"``, ``"publisher"``, ``"level"``,
      ``"kind"``, ``"format"``, ...) or ``"issuer_type"`` (see
      :func:`group_column`): ``a`` and ``b`` are a value of that column or a
      list of values, e.g. ``define_groups(releases, "issuer_type",
      "national_agency", "police_force")``;
    - ``"columns"``: ``a`` and ``b`` are each a mapping ``{column: value or
      list}`` (every condition must hold), so the two groups may be defined
      by different columns: ``{"force": "Gangmasters and Labour Abuse
      Authority"}`` against ``{"issuer_type": "police_force"}`` compares
      GLAA releases with police forces' releases.

    A release in both groups is put in neither and reported, so the groups
    never share a release. Returns a Series release_id -> label (only
    releases in A or B), sorted by release_id; ``labels`` default to a
    readable form of ``a`` and ``b`` (so they follow the groups).
    ``attrs["labels"]`` holds the two labels, ``attrs["in_both"]`` the
    releases left out.
    """
    _require(releases, ["release_id"], "releases")
    r = releases.set_index("release_id").sort_index()
    if kind == "period":
        dates = pd.to_datetime(r[date_col])
        in_a = (dates >= pd.Timestamp(a[0])) & (dates <= pd.Timestamp(a[1]))
        in_b = (dates >= pd.Timestamp(b[0])) & (dates <= pd.Timestamp(b[1]))
        default = (f"{a[0][:7]} to {a[1][:7]}", f"{b[0][:7]} to {b[1][:7]}")
    elif kind == "pattern":
        text = r[text_col].astype(object).fillna("").astype(str)
        in_a = text.str.contains(a, flags=re.IGNORECASE, regex=True)
        in_b = text.str.contains(b, flags=re.IGNORECASE, regex=True)
        default = (_pattern_label(a), _pattern_label(b))
    elif kind == "columns":
        if not isinstance(a, Mapping) or not isinstance(b, Mapping) or not a or not b:
            raise ValueError("with kind 'columns', a and b are mappings {column: value or list of values}")
        in_a, in_b = _match_columns(r, a), _match_columns(r, b)
        default = (_columns_label(a), _columns_label(b))
    elif kind in r.columns or kind == "issuer_type":
        values = group_column(r, kind)
        fa = [str(a)] if isinstance(a, str) or not isinstance(a, Iterable) else [str(v) for v in a]
        fb = [str(b)] if isinstance(b, str) or not isinstance(b, Iterable) else [str(v) for v in b]
        in_a, in_b = values.isin(fa), values.isin(fb)
        default = (" + ".join(fa), " + ".join(fb))
    else:
        raise ValueError(f"kind must be 'period', 'pattern', 'issuer_type' or a column of releases {sorted(r.columns)}, not {kind!r}")
    in_a, in_b = in_a.fillna(False).astype(bool), in_b.fillna(False).astype(bool)
    label_a, label_b = labels or default
    if label_a == label_b:
        raise ValueError("the two groups need different labels")
    both = in_a & in_b
    out = pd.Series(pd.NA, index=r.index, dtype=object)
    out[in_a & ~both] = label_a
    out[in_b & ~both] = label_b
    out = out.dropna()
    out.attrs["in_both"] = sorted(r.index[both])
    out.attrs["labels"] = (label_a, label_b)
    out.name = "group"
    return out


def _values(value: Any) -> list[str]:
    return [str(value)] if isinstance(value, str) or not isinstance(value, Iterable) else [str(v) for v in value]


def _match_columns(r: pd.DataFrame, conditions: Mapping[str, Any]) -> pd.Series:
    keep = pd.Series(True, index=r.index)
    for column, value in conditions.items():
        keep &= group_column(r, column).isin(_values(value))
    return keep


def _columns_label(conditions: Mapping[str, Any]) -> str:
    return ", ".join(" + ".join(_values(v)) for v in conditions.values())


def _pattern_label(pattern: str, n: int = 3) -> str:
    """A short label for a title pattern: its first alternatives ("arrest|charged|jailed|...")."""
    parts = [p for p in str(pattern).split("|") if p]
    return "titles: " + "|".join(parts[:n]) + ("|..." if len(parts) > n else "")


# --------------------------------------------------------------------------
# evidence
# --------------------------------------------------------------------------

_EVIDENCE_COLS = ["release_id", "title", "published", "measure", "value", "qualifier",
                  "scope", "counted", "evidence", "start", "end", "rule"]


def _evidence_rows(tables: Any, figures: pd.DataFrame) -> pd.DataFrame:
    releases = tables.releases.set_index("release_id")
    out = figures.assign(
        title=figures["release_id"].map(releases["title"]),
        published=figures["release_id"].map(releases["published"]),
        counted=figures["scope"] == "current",
    )
    out = out.sort_values(["release_id", "measure", "figure_id"], kind="stable")
    out["value"] = out["value"].astype("Int64")  # counts of people, not floats
    return out[_EVIDENCE_COLS].reset_index(drop=True)


def evidence_for(tables: Any, release_id: str, measure: str) -> pd.DataFrame:
    """The sentences behind one release total: every figure of ``measure``
    in the release, with its value, qualifier, scope, the sentence it came
    from (``evidence``), its span in the body and the rule that found it.

    ``counted`` is True for the ``current`` figures that make the total;
    ``period`` and ``background`` figures are shown but not counted.
    ``attrs["total"]`` holds the release total (value, qualifier), and the
    function checks that each span really is in the body (``body[start:end]``
    found inside ``evidence``) -- a failed check raises ``AssertionError``.
    """
    figs = tables.figures
    figs = figs[(figs["release_id"] == release_id) & (figs["measure"] == measure)]
    out = _evidence_rows(tables, figs)
    body = tables.releases.set_index("release_id").at[release_id, "body"] if len(out) else ""
    for row in out.itertuples():
        words = body[row.start:row.end]
        if words not in row.evidence:
            raise AssertionError(f"{release_id} figure span {row.start}:{row.end} {words!r} "
                                 f"is not in its evidence sentence")
    tot = tables.totals
    tot = tot[(tot["release_id"] == release_id) & (tot["measure"] == measure)]
    if len(tot):
        v = tot["value"].iloc[0]
        out.attrs["total"] = (None if pd.isna(v) else int(v), tot["qualifier"].iloc[0])
    else:
        out.attrs["total"] = (None, None)
    return out


def evidence_for_period(
    tables: Any,
    measure: str,
    period: str,
    freq: str = "Y",
    *,
    date_col: str = "published",
    counted_only: bool = True,
) -> pd.DataFrame:
    """The sentences behind one point of a :func:`per_period` chart: every
    figure of ``measure`` in the releases of ``period`` (e.g. "2022",
    "2022Q3", "2022-03"). With ``counted_only`` (default) only the
    ``current`` figures, i.e. those in the totals; their ``value`` column
    then adds up to the charted value unless a release's total merges a
    breakdown with its stated total (codebook section 1) -- compare with
    ``totals`` per release, given in ``attrs["totals"]``.
    """
    per = period_of(tables.releases.set_index("release_id")[date_col], freq)
    ids = set(per.index[per == str(period)])
    figs = tables.figures
    figs = figs[figs["release_id"].isin(ids) & (figs["measure"] == measure)]
    if counted_only:
        figs = figs[figs["scope"] == "current"]
    out = _evidence_rows(tables, figs)
    tot = tables.totals
    out.attrs["totals"] = (
        tot[tot["release_id"].isin(ids) & (tot["measure"] == measure)]
        .sort_values("release_id")[["release_id", "value", "qualifier", "n_figures"]]
        .reset_index(drop=True)
    )
    return out


def audit_totals(tables: Any, measures: Sequence[str] = CHART_MEASURES, *, n: int = 3) -> pd.DataFrame:
    """The evidence behind the ``n`` largest release totals of each measure.

    One row per figure counted in those totals (scope ``current``):
    ``measure, release_id, total, total_qualifier, value, qualifier,
    words`` (``body[start:end]``, the figure's own words), ``evidence``
    (the sentence) and ``rule``. Largest totals first; ties by release_id.
    A total built from several figures shows one row per figure, so a
    reader can check the sum (a stated total and its breakdown are the
    same people, codebook section 1: the total may be smaller than the sum).
    """
    tot = tables.totals
    bodies = tables.releases.set_index("release_id")["body"]
    rows = []
    for m in measures:
        top = tot[(tot["measure"] == m) & tot["value"].notna()]
        top = top.sort_values("release_id", kind="stable")
        top = top.sort_values("value", ascending=False, kind="stable").head(n)
        for t in top.itertuples():
            figs = evidence_for(tables, t.release_id, m)
            for f in figs[figs["counted"]].itertuples():
                rows.append((m, t.release_id, int(t.value), t.qualifier, f.value, f.qualifier,
                             bodies[t.release_id][f.start:f.end], f.evidence, f.rule))
    cols = ["measure", "release_id", "total", "total_qualifier", "value", "qualifier",
            "words", "evidence", "rule"]
    out = pd.DataFrame(rows, columns=cols)
    out["value"] = out["value"].astype("Int64")
    return out


def most_common_form(tokens: pd.DataFrame, *, column: str = "stem") -> pd.Series:
    """For each value of ``column`` (a stem), its most frequent ``lower``
    form ("peopl" -> "people"), ties broken alphabetically: a readable label
    for stems in collocation and keyness tables."""
    _require(tokens, [column, "lower"], "tokens")
    counts = tokens.groupby([column, "lower"]).size().rename("n").reset_index()
    counts = counts.sort_values("lower", kind="stable")
    counts = counts.sort_values("n", ascending=False, kind="stable")
    return counts.drop_duplicates(column).set_index(column)["lower"].sort_index()


def stem_term(term: str) -> str:
    """A term as the ``stem`` column of the tokens table holds it
    ("sex workers" -> "sex worker", "exploitation" -> "exploit"), so
    collocations and KWIC can match every inflected form."""
    from nltk.stem.snowball import SnowballStemmer

    stemmer = SnowballStemmer("english")
    return " ".join(stemmer.stem(w.lower().replace("\u2019", "'")) for w in term.split())


# --------------------------------------------------------------------------
# evaluation
# --------------------------------------------------------------------------


def scores_frame(report: Any) -> pd.DataFrame:
    """The scores of an :class:`releasekit.evaluate.Report` as a table
    ``[score, value, numerator, denominator]`` in report order."""
    return pd.DataFrame(
        [(s.name, s.value, s.numerator, s.denominator) for s in report.scores],
        columns=["score", "value", "numerator", "denominator"],
    )


_DISAGREEMENT = re.compile(r"^\[(?P<kind>[^\]]+)\]\s+(?P<release_id>[^:\s]+):\s*(?P<detail>.*)$", re.S)


def disagreements_frame(report: Any) -> pd.DataFrame:
    """The disagreements of a report as ``[kind, release_id, detail]``
    (lines that do not parse keep ``kind`` "other" and the whole line)."""
    rows = []
    for line in report.disagreements:
        m = _DISAGREEMENT.match(line)
        rows.append((m["kind"], m["release_id"], m["detail"]) if m else ("other", None, line))
    return pd.DataFrame(rows, columns=["kind", "release_id", "detail"])
