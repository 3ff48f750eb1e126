"""The corpus a notebook runs on: selecting releases, summarising them, grouping columns.

Shared ground of the analysis layer: the constants of the codebook
(:data:`CHART_MEASURES`, :data:`LEVELS`, :data:`KINDS`,
:data:`QUALIFIER_RANK`), period labels (:func:`period_of`), the selections
that cut every table to a set of releases alike (:func:`filter_tables`,
:func:`select_releases`), :func:`corpus_summary` and :func:`group_column`.

Every function takes the DataFrames of :func:`releasekit.load` (or the
namespace itself) and returns new objects; nothing is changed in place.
"""

from __future__ import annotations

import difflib
import warnings
from functools import partial
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

import pandas as pd

from releasekit.extract.figures import CHARTED_MEASURES
from releasekit.tables import Tables

__all__ = [
    "CHART_MEASURES",
    "KINDS",
    "LEVELS",
    "PERIOD_NAMES",
    "QUALIFIER_RANK",
    "close_matches",
    "corpus_summary",
    "describe",
    "filter_tables",
    "group_column",
    "period_of",
    "select_releases",
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


def close_matches(value: str, valid: Sequence[str], n: int = 3) -> list[str]:
    """The valid names closest to ``value`` (case-insensitive), best first.

    >>> close_matches("Bedforshire police", ["Bedfordshire Police", "Kent Police", "Cheshire Constabulary"])
    ['Bedfordshire Police']
    """
    lower = {v.lower(): v for v in valid}
    exact = [lower[value.lower()]] if value.lower() in lower else []
    found = difflib.get_close_matches(value.lower(), list(lower), n=n, cutoff=0.6)
    contains = [v for k, v in lower.items() if value.lower() and value.lower() in k]
    out: list[str] = []
    for name in exact + [lower[f] for f in found] + contains:
        if name not in out:
            out.append(name)
    return out[:n]


def _restrict(tables: Any, ids: set[str]) -> Any:
    """Every table with a ``release_id`` column cut to the releases ``ids``; other tables (problems) as they are.

    A lazy :class:`releasekit.tables.Tables` (what :func:`releasekit.load`
    returns) gives a lazy one: each table is cut when it is first used, and
    a table the caller never uses is never read."""
    if isinstance(tables, Tables):
        restricted = Tables(tables.names, partial(_restricted_table, tables, frozenset(ids)))
        for name, frame in vars(tables).items():
            if name not in tables.names:  # set by hand: cut now, as a namespace's would be
                setattr(restricted, name, _cut(frame, ids))
        return restricted
    return SimpleNamespace(**{name: _cut(frame, ids) for name, frame in vars(tables).items()})


def _restricted_table(tables: Any, ids: frozenset[str], name: str) -> Any:
    """Table ``name`` of ``tables`` cut to ``ids`` (read for the purpose when ``tables`` has not read it)."""
    return _cut(tables.read(name), ids)


def _cut(frame: Any, ids: Iterable[str]) -> Any:
    """``frame`` cut to the releases ``ids`` when it has a ``release_id`` column; anything else as it is."""
    if isinstance(frame, pd.DataFrame) and "release_id" in frame.columns:
        return frame[frame["release_id"].isin(ids)].reset_index(drop=True)
    return frame


def filter_tables(
    tables: Any,
    *,
    start: str | None = None,
    end: str | None = None,
    issuers: Sequence[str] | None = None,
    date_col: str = "published",
    include_undated: bool = True,
    drop_duplicates: bool = True,
    kinds: Sequence[str] | None = None,
    forces: Sequence[str] | None = None,
) -> SimpleNamespace:
    """The tables restricted to a set of releases, every table alike.

    ``start`` / ``end`` (ISO dates, inclusive) select releases by
    ``date_col``; releases with no date are kept when ``include_undated``
    (they cannot be placed in a period, so the time series leave them out,
    but they still count for agencies and wording) and dropped otherwise.
    ``issuers`` keeps the releases whose ``releases.issuer`` is listed
    (``None``: all); an issuer the tables do not hold raises ``ValueError``
    with the closest names (a misspelling never gives an empty selection).
    ``forces`` is the deprecated name of ``issuers`` (kept one release,
    warns ``DeprecationWarning``; passing both is a ``ValueError``).
    ``drop_duplicates`` drops second and later copies of a
    release (``duplicate_of`` set), so nothing is counted twice. ``kinds``
    keeps the releases whose ``releases.kind`` (codebook section 11) is
    listed, e.g. ``["operation"]`` for arrests from operations only
    (``None``: all).

    Returns a namespace with the same table names; ``problems`` is passed
    through unchanged (it is per file, not per release).
    """
    if forces is not None:
        if issuers is not None:
            raise ValueError("pass issuers only (forces is its deprecated name)")
        warnings.warn("filter_tables(forces=...) is deprecated: use issuers=...", DeprecationWarning, stacklevel=2)
        issuers = forces
    releases = tables.releases
    _require(releases, ["release_id", date_col, "issuer", "duplicate_of"], "releases")
    keep = pd.Series(True, index=releases.index)
    dates = pd.to_datetime(releases[date_col])
    in_range = pd.Series(True, index=releases.index)
    if start is not None:
        in_range &= dates >= pd.Timestamp(start)
    if end is not None:
        in_range &= dates <= pd.Timestamp(end)
    keep &= in_range | (dates.isna() & include_undated)
    if issuers is not None:
        known = sorted({str(f) for f in releases["issuer"].dropna()})
        for issuer in issuers:
            if issuer not in known:
                close = close_matches(str(issuer), known)
                hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else f"; the issuers are {known}"
                raise ValueError(f"no release of issuer {issuer!r} in these tables{hint}")
        keep &= releases["issuer"].isin(list(issuers))
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
    ``truncation_unknown``, ``duplicates`` (ints), ``issuers`` (sorted
    list of issuing organisations, ``releases.issuer``), ``n_issuers``.
    ``forces`` / ``n_forces`` hold the same as ``issuers`` / ``n_issuers``
    (deprecated names, kept one release). Raises ``ValueError`` when
    ``releases`` lacks ``release_id``, ``date_col`` or ``issuer``.
    """
    _require(releases, ["release_id", date_col, "issuer"], "releases")
    dates = pd.to_datetime(releases[date_col]).dropna()
    truncated = releases["truncated"] if "truncated" in releases.columns else pd.Series(dtype=object)
    issuers = sorted({str(f) for f in releases["issuer"].dropna()})
    return {
        "releases": int(releases["release_id"].nunique()),
        "first": dates.min().date().isoformat() if len(dates) else None,
        "last": dates.max().date().isoformat() if len(dates) else None,
        "undated": int(pd.to_datetime(releases[date_col]).isna().sum()),
        "truncated": int((truncated == True).sum()),  # noqa: E712 - nullable bool
        "truncation_unknown": int(truncated.isna().sum()),
        "duplicates": int(releases["duplicate_of"].notna().sum()) if "duplicate_of" in releases else 0,
        "issuers": issuers,
        "n_issuers": len(issuers),
        "forces": issuers,
        "n_forces": len(issuers),
    }


def describe(releases: pd.DataFrame, *, date_col: str = "published") -> str:
    """:func:`corpus_summary` as a few printable lines (str, ``\\n``-separated); raises as it does."""
    s = corpus_summary(releases, date_col=date_col)
    if s["truncated"]:
        capture = (
            f"{s['truncated']} of {s['releases']} captures are truncated"
            f" ({s['truncation_unknown']} unknown): figures stated later in those releases are missing,"
            " so every total undercounts."
        )
    elif s["truncation_unknown"]:
        capture = (
            f"No capture is marked truncated ({s['truncation_unknown']} of {s['releases']} unknown: "
            "the manifest does not say); a truncated one would undercount its totals."
        )
    else:
        capture = f"No capture of the {s['releases']} is truncated."
    lines = [
        f"{s['releases']} releases, {date_col} {s['first']} to {s['last']}"
        f" ({s['undated']} undated)",
        capture,
        f"{s['n_issuers']} issuing organisations: " + ", ".join(s["issuers"]),
    ]
    if s["duplicates"]:
        lines.append(f"{s['duplicates']} duplicate copies included")
    return "\n".join(lines)


def period_of(dates: pd.Series, freq: str) -> pd.Series:
    """Dates -> period labels ("2022", "2022Q1", "2022-03"); null stays null.

    ``dates``: anything :func:`pandas.to_datetime` reads; ``freq``: ``"M"``
    (month), ``"Q"`` (quarter), ``"Y"`` (year; ``"A"`` accepted). Returns an
    object Series of str labels (or ``pd.NA``) on the same index. Raises
    ``ValueError`` for any other ``freq``.
    """
    f = _freq(freq)
    dates = pd.to_datetime(dates)
    out = pd.Series(pd.NA, index=dates.index, dtype=object)
    ok = dates.notna()
    out[ok] = dates[ok].dt.to_period(f).astype(str)
    return out


def group_column(releases: pd.DataFrame, column: str) -> pd.Series:
    """The value of ``column`` for each release, as text, for grouping (aligned with ``releases``).

    Any column of ``releases`` can be used (missing values become
    ``"unknown"``). ``issuer_type`` is also available when the table does not
    hold it: the agency type (codebook section 6: ``police``, ``regulator``,
    ``prosecutor``, ``government``, ...) of the issuing organisation
    (``issuer``), from the agency gazetteer shipped in the package.

    Raises ``ValueError`` naming the valid columns for any other name.
    """
    if column in releases.columns:
        return releases[column].astype(object).where(releases[column].notna(), "unknown").astype(str)
    if column == "issuer_type":
        from releasekit.extract.agencies import load_gazetteer

        gazetteer = load_gazetteer()
        _require(releases, ["issuer"], "releases")

        def type_of(name: Any) -> str:
            agency = gazetteer.get(name) if isinstance(name, str) else None
            return agency.agency_type if agency else "unknown"

        return releases["issuer"].map(type_of).astype(str)
    raise ValueError(f"releases has no column {column!r}; group by one of {sorted(releases.columns)} or 'issuer_type'")
