"""Score the extraction against hand-made gold annotations.

The gold (``tests/gold/<release_id>.yaml``, format in ``tests/gold/README.md``)
is annotated by hand from the codebook. :func:`evaluate` builds the tables
for a raw folder and compares:

- **totals**, per measure: accuracy over every release (exact value, null
  equals null); accuracy over the releases where the gold states a figure
  (plain accuracy is inflated by the many releases that state none); and the
  share of gold-null totals left null (no invented figure);
- **figures**: precision and recall of ``(release, measure, value, scope)``;
- **agencies**: precision, recall and F1 of ``(release, agency)`` pairs, for
  all mentions and for ``role == involved``;
- **event dates**: accuracy (null equals null);
- **releases**: whether a file is a release or a page of chrome only.

Every disagreement is listed with its evidence.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from releasekit.build import MEASURES, build
from releasekit.tables import load

__all__ = ["Report", "Score", "evaluate", "format_report", "load_gold", "prf"]


@dataclass(frozen=True)
class Score:
    """A named score with its counts."""

    name: str
    value: float | None
    numerator: int
    denominator: int

    def text(self) -> str:
        shown = "n/a" if self.value is None else f"{self.value:.3f}"
        return f"{self.name:<48} {shown:>6}  ({self.numerator}/{self.denominator})"


@dataclass
class Report:
    """All scores and disagreements of one evaluation."""

    scores: list[Score] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)

    def score(self, name: str) -> float | None:
        """The value of score ``name``."""
        for score in self.scores:
            if score.name == name:
                return score.value
        raise KeyError(name)


def load_gold(gold_dir: Path | str) -> dict[str, dict[str, Any]]:
    """Read every gold YAML file, keyed by release id."""
    gold = {}
    for path in sorted(Path(gold_dir).glob("**/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "release_id" in data:
            gold[str(data["release_id"])] = data
    return gold


def _ratio(name: str, numerator: int, denominator: int) -> Score:
    return Score(name, numerator / denominator if denominator else None, numerator, denominator)


def prf(predicted: Iterable[Any], expected: Iterable[Any]) -> tuple[float | None, float | None, float | None, int, int, int]:
    """Precision, recall, F1 of two multisets; also true positives, |predicted|, |expected|."""
    p, e = Counter(predicted), Counter(expected)
    tp = sum((p & e).values())
    n_p, n_e = sum(p.values()), sum(e.values())
    precision = tp / n_p if n_p else None
    recall = tp / n_e if n_e else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if n_p and n_e else None)
    return precision, recall, f1, tp, n_p, n_e


def _date(value: Any) -> dt.date | None:
    """A table date (Timestamp, date, NaT or None) as a ``datetime.date`` or None."""
    import pandas as pd

    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _gold_date(value: Any) -> dt.date | None:
    """A gold date: YAML gives a date for ``2022-03-29``, a string otherwise."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        return dt.date.fromisoformat(value)
    return None


def _value(total: Any) -> int | None:
    if not total:
        return None
    value = total.get("value") if isinstance(total, Mapping) else total
    return None if value is None else int(value)


def evaluate(raw_dir: Path | str = "data/raw", gold_dir: Path | str = "tests/gold", *, tables: Any = None) -> Report:
    """Build the tables for ``raw_dir`` (unless given) and score them against ``gold_dir``."""
    gold = load_gold(gold_dir)
    if tables is None:
        with tempfile.TemporaryDirectory() as tmp:
            build(raw_dir, Path(tmp) / "processed", jobs=1)
            tables = load(Path(tmp) / "processed")
    report = Report()
    releases = tables.releases.set_index("release_id")
    is_release = {rid for rid, g in gold.items() if g.get("is_release", True)}

    # which files are releases
    agree = sum((rid in releases.index) == (rid in is_release) for rid in gold)
    report.scores.append(_ratio("release vs chrome-only page", agree, len(gold)))
    for rid in sorted(gold):
        if (rid in releases.index) != (rid in is_release):
            report.disagreements.append(f"[release] {rid}: gold is_release={rid in is_release}, built={rid in releases.index}")

    # totals
    totals = tables.totals
    predicted_totals = {
        (r.release_id, r.measure): (None if r.value is None or r.value != r.value else int(r.value))
        for r in totals.itertuples()
    }
    figures = tables.figures
    for measure in MEASURES:
        ok = ok_stated = n_stated = ok_null = n_null = 0
        for rid in sorted(gold):
            expected = _value((gold[rid].get("totals") or {}).get(measure)) if rid in is_release else None
            got = predicted_totals.get((rid, measure))
            ok += got == expected
            if expected is not None:
                n_stated += 1
                ok_stated += got == expected
            else:
                n_null += 1
                ok_null += got is None
            if got != expected:
                evidence = figures[(figures.release_id == rid) & (figures.measure == measure)]
                lines = "; ".join(
                    f"{f.scope} {f.value} [{f.rule}] «{f.evidence[:120]}»" for f in evidence.itertuples()
                ) or "no figure extracted"
                report.disagreements.append(f"[total {measure}] {rid}: gold {expected}, got {got} -- {lines}")
        report.scores.append(_ratio(f"totals {measure}: accuracy", ok, len(gold)))
        report.scores.append(_ratio(f"totals {measure}: accuracy where gold states one", ok_stated, n_stated))
        report.scores.append(_ratio(f"totals {measure}: null kept null", ok_null, n_null))

    # figures
    predicted = [
        (f.release_id, f.measure, None if f.value != f.value or f.value is None else int(f.value), f.scope)
        for f in figures.itertuples()
    ]
    expected = [
        (rid, g["measure"], None if g.get("value") is None else int(g["value"]), g.get("scope", "current"))
        for rid in sorted(is_release)
        for g in gold[rid].get("figures") or []
    ]
    precision, recall, f1, tp, n_p, n_e = prf(predicted, expected)
    report.scores.append(Score("figures: precision", precision, tp, n_p))
    report.scores.append(Score("figures: recall", recall, tp, n_e))

    # agencies
    agencies = tables.agencies
    for label, role in (("all mentions", None), ("role involved", "involved")):
        got = {
            (a.release_id, a.agency)
            for a in agencies.itertuples()
            if role is None or a.role == role
        }
        want = {
            (rid, a["agency"])
            for rid in sorted(is_release)
            for a in gold[rid].get("agencies") or []
            if role is None or a.get("role") == role
        }
        precision, recall, f1, tp, n_p, n_e = prf(got, want)
        report.scores.append(Score(f"agencies ({label}): precision", precision, tp, n_p))
        report.scores.append(Score(f"agencies ({label}): recall", recall, tp, n_e))
        report.scores.append(Score(f"agencies ({label}): F1", f1, tp, (n_p + n_e) // 2))
        if role is None:
            for rid, agency in sorted(got - want):
                mention = agencies[(agencies.release_id == rid) & (agencies.agency == agency)].iloc[0]
                report.disagreements.append(f"[agency +] {rid}: {agency} ({mention.agency_type}) from «{mention.mention}» [{mention.rule}]")
            for rid, agency in sorted(want - got):
                report.disagreements.append(f"[agency -] {rid}: {agency} missed")
        else:
            for rid, agency in sorted(got ^ want):
                side = "+" if (rid, agency) in got else "-"
                report.disagreements.append(f"[involved {side}] {rid}: {agency}")

    # event dates
    ok = 0
    for rid in sorted(is_release):
        want_date = _gold_date(gold[rid].get("event_date"))
        got_date = _date(releases.at[rid, "event_date"]) if rid in releases.index else None
        ok += got_date == want_date
        if got_date != want_date:
            evidence = releases.at[rid, "event_date_evidence"] if rid in releases.index else None
            report.disagreements.append(
                f"[event_date] {rid}: gold {want_date} ({gold[rid].get('event_date_evidence')!r}), got {got_date} ({evidence!r})"
            )
    report.scores.append(_ratio("event_date: accuracy", ok, len(is_release)))
    return report


def format_report(report: Report, *, disagreements: bool = True) -> str:
    """The report as text: scores, then disagreements."""
    lines = ["releasekit evaluate", "", *[score.text() for score in report.scores]]
    if disagreements:
        lines += ["", f"{len(report.disagreements)} disagreements:", *report.disagreements]
    return "\n".join(lines)
