"""Evidence and traceability: the sentences behind a charted value, audits of the largest totals,
and extraction-quality reports as tables.

Every value a notebook or the site charts can be traced here to the
``figures`` rows behind it: their sentence (``evidence``), their span in the
release body (``start``/``end``, character offsets) and the rule that found
them (``rule``, a name in ``data/figure_rules.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from releasekit.analysis.corpus import CHART_MEASURES, period_of

__all__ = [
    "audit_totals",
    "disagreements_frame",
    "evidence_for",
    "evidence_for_period",
    "scores_against_gold",
    "scores_frame",
]


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


def scores_against_gold(raw_dir: Any, gold: Any, tables: Any) -> Any:
    """:func:`releasekit.evaluate.evaluate` of ``tables`` against ``gold``, for a notebook.

    When the gold reads but annotates none of these releases (the shipped gold
    and one's own collection), prints why and what to do and returns an empty
    :class:`releasekit.evaluate.Report` (no scores, no disagreements), so that
    the rest of the notebook runs. A gold that cannot be read still raises
    :class:`releasekit.evaluate.GoldError` (a wrong ``GOLD`` parameter).
    """
    from releasekit.evaluate import GoldMatchesNothing, Report, evaluate

    try:
        return evaluate(raw_dir, gold, tables=tables)
    except GoldMatchesNothing as error:
        print(f"No scores: {error}.")
        return Report()


def scores_frame(report: Any) -> pd.DataFrame:
    """The scores of an :class:`releasekit.evaluate.Report` as a table
    ``[score, value, numerator, denominator]`` in report order (``score``
    str, ``value`` float 0..1 or None when nothing was scored, the counts
    int)."""
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
