"""Groups of releases to compare wording between, and term helpers for keyness and KWIC.

:func:`define_groups` assigns releases to groups A and B (by a column, a
title pattern or column conditions); :func:`most_common_form` and
:func:`stem_term` map between the ``stem`` and ``lower`` columns of the
``tokens`` table. The statistics themselves live in
:mod:`releasekit.analysis.wording`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from releasekit.analysis.corpus import _require, group_column

__all__ = [
    "define_groups",
    "most_common_form",
    "stem_term",
]


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
    - any column of ``releases`` (``"issuer"``, ``"publisher"``, ``"level"``,
      ``"kind"``, ``"format"``, ...) or ``"issuer_type"`` (see
      :func:`group_column`): ``a`` and ``b`` are a value of that column or a
      list of values, e.g. ``define_groups(releases, "issuer_type",
      "national_agency", "police_force")``;
    - ``"columns"``: ``a`` and ``b`` are each a mapping ``{column: value or
      list}`` (every condition must hold), so the two groups may be defined
      by different columns: ``{"issuer": "Gangmasters and Labour Abuse
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


def most_common_form(tokens: pd.DataFrame, *, column: str = "stem") -> pd.Series:
    """For each value of ``column`` (a stem), its most frequent ``lower``
    form ("peopl" -> "people"), ties broken alphabetically: a readable label
    for stems in collocation and keyness tables.

    ``tokens``: the tokens table (needs ``column`` and ``lower``). Returns a
    str Series indexed by ``column`` values, sorted by index. Raises
    ``ValueError`` when a column is missing."""
    _require(tokens, [column, "lower"], "tokens")
    counts = tokens.groupby([column, "lower"]).size().rename("n").reset_index()
    counts = counts.sort_values("lower", kind="stable")
    counts = counts.sort_values("n", ascending=False, kind="stable")
    return counts.drop_duplicates(column).set_index(column)["lower"].sort_index()


def stem_term(term: str) -> str:
    """A term as the ``stem`` column of the tokens table holds it
    ("sex workers" -> "sex worker", "exploitation" -> "exploit"), so
    collocations and KWIC can match every inflected form. Snowball's
    English stemmer (NLTK, no downloaded data), word by word, curly
    apostrophes made straight; returns a str."""
    from nltk.stem.snowball import SnowballStemmer

    stemmer = SnowballStemmer("english")
    return " ".join(stemmer.stem(w.lower().replace("\u2019", "'")) for w in term.split())
