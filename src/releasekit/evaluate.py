"""Score the extraction against hand-made gold annotations.

Two gold formats are read (both normalised to :class:`GoldRelease`):

- ``tests/gold/<release_id>.yaml``: one YAML file per release (format in
  ``tests/gold/README.md``), with every figure, totals of all six measures,
  agencies with types and roles, dates and a rationale;
- JSON Lines (``*.jsonl``, format in ``tests/gold/JSONL.md``): one object per
  release file with the totals of five measures, qualifiers, agencies (with
  ``|``-separated alternatives a reader could equally write), roles, dates and
  the release kind (codebook section 11).

:func:`evaluate` builds the tables for a raw folder (or takes built ones) and
compares, over the releases that have an annotation (the others are left out
and counted in ``Report.unannotated``):

- **totals**, per measure: accuracy over every annotated release (exact
  value, null equals null); accuracy where the gold states a figure; the share
  of gold-null totals left null (no invented figure); and, over all measures,
  **stated figures** (every (release, measure) with a gold value) and
  **releases stating no figure left without one**;
- **figures** (YAML gold only): precision and recall of
  ``(release, measure, value, scope)``;
- **agencies**: precision, recall and F1 of ``(release, agency)`` pairs (a
  gold agency is found when any of its alternatives is, compared without
  case), for all mentions and for ``role == involved``;
- **event dates**: accuracy over all releases and where the gold states one;
- **published** (month or day as annotated) and **kind**, where annotated;
- **releases**: whether a file is a release or a page of chrome only.

Every disagreement is listed with its evidence.

Raises :class:`GoldError` when the gold cannot be read, and its subclass
:class:`GoldMatchesNothing` when it matches no release of the raw folder.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterable, Mapping

import yaml

from releasekit.build import build
from releasekit.extract.figures import MEASURES, measure_names
from releasekit.read import release_id_for
from releasekit.tables import load

__all__ = [
    "GoldAgency",
    "GoldError",
    "GoldMatchesNothing",
    "GoldRelease",
    "Report",
    "Score",
    "evaluate",
    "format_report",
    "load_gold",
    "prf",
]


class GoldError(ValueError):
    """The gold cannot be read, or it matches no release of the raw folder."""


class GoldMatchesNothing(GoldError):
    """The gold reads, but none of its records names a release or rejected file of the build
    (typically: the shipped gold against one's own collection)."""


@dataclass(frozen=True)
class Score:
    """A named score with its counts."""

    name: str
    value: float | None
    numerator: int
    denominator: int

    def text(self) -> str:
        shown = "n/a" if self.value is None else f"{self.value:.3f}"
        return f"{self.name:<56} {shown:>6}  ({self.numerator}/{self.denominator})"


@dataclass
class Report:
    """All scores and disagreements of one evaluation.

    ``annotated`` is the number of built or rejected files that have a gold
    annotation; ``unannotated`` the number left out of the scores because they
    have none; ``gold_without_file`` the gold records that name no raw file.
    """

    scores: list[Score] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    annotated: int = 0
    unannotated: int = 0
    gold_without_file: list[str] = field(default_factory=list)

    def score(self, name: str) -> float | None:
        """The value of score ``name``; raises ``KeyError`` for an unknown name."""
        for score in self.scores:
            if score.name == name:
                return score.value
        raise KeyError(name)

    def get(self, name: str) -> Score:
        """The :class:`Score` called ``name``; raises ``KeyError`` for an unknown name."""
        for score in self.scores:
            if score.name == name:
                return score
        raise KeyError(name)


@dataclass(frozen=True)
class GoldAgency:
    """One agency of the gold: its canonical name, the names a reader could equally write, its role."""

    agency: str
    alternatives: frozenset[str]
    role: str | None = None

    def matches(self, name: str) -> bool:
        """Whether an extracted canonical ``name`` is this agency (compared without case)."""
        return name.casefold() in self.alternatives


@dataclass
class GoldRelease:
    """One release's annotation in one shape, whichever file it came from.

    ``totals`` maps each annotated measure to ``(value, qualifier)`` or
    ``None`` (no figure); measures the gold does not annotate are absent.
    ``figures`` is ``None`` when the gold lists no figures (JSON Lines).
    ``annotated`` holds the keys a JSON Lines record gives (``agencies`` and
    ``event_date`` are scored only for records that give them); ``None``
    for a YAML file, which annotates every field.
    """

    release_id: str
    source: str
    is_release: bool = True
    totals: dict[str, tuple[int | None, str | None] | None] = field(default_factory=dict)
    figures: list[tuple[str, int | None, str]] | None = None
    agencies: list[GoldAgency] = field(default_factory=list)
    event_date: dt.date | None = None
    event_date_evidence: str | None = None
    published: str | None = None
    kind: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    annotated: frozenset[str] | None = None

    def annotates(self, key: str) -> bool:
        """Whether the annotation gives ``key`` (``agencies``, ``event_date``)."""
        return self.annotated is None or key in self.annotated


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


def _from_yaml(data: Mapping[str, Any], source: str) -> GoldRelease:
    totals: dict[str, tuple[int | None, str | None] | None] = {}
    for measure, total in (data.get("totals") or {}).items():
        if total is None:
            totals[measure] = None
        else:
            totals[measure] = (_value(total), total.get("qualifier") if isinstance(total, Mapping) else None)
    figures = [
        (f["measure"], None if f.get("value") is None else int(f["value"]), f.get("scope", "current"))
        for f in data.get("figures") or []
    ]
    agencies = [
        GoldAgency(a["agency"], frozenset({a["agency"].casefold()}), a.get("role"))
        for a in data.get("agencies") or []
    ]
    published = data.get("published")
    return GoldRelease(
        release_id=str(data["release_id"]),
        source=source,
        is_release=bool(data.get("is_release", True)),
        totals=totals,
        figures=figures,
        agencies=agencies,
        event_date=_gold_date(data.get("event_date")),
        event_date_evidence=data.get("event_date_evidence"),
        published=None if published is None else str(published),
        kind=data.get("kind"),
    )


#: The keys of a JSON Lines record besides the measures (tests/gold/JSONL.md).
JSONL_KEYS = frozenset({"file", "is_release", "qualifiers", "agencies", "roles", "event_date", "evidence", "published",
                        "kind", "notes"})


def _from_jsonl(record: Mapping[str, Any], source: str) -> GoldRelease:
    if not isinstance(record, Mapping):
        raise GoldError(f"{source}: a record is a JSON object, not {type(record).__name__}")
    name = record.get("file")
    if not isinstance(name, str) or not name:
        raise GoldError(f"{source}: a record without a 'file' name")
    measures = measure_names()
    unknown = sorted(set(record) - JSONL_KEYS - set(measures))
    if unknown:
        raise GoldError(
            f"{source}: unknown key {unknown[0]!r}; known: {', '.join(sorted(JSONL_KEYS | set(measures)))} "
            "(format in tests/gold/JSONL.md)"
        )
    release_id = release_id_for(name)
    qualifiers = record.get("qualifiers") or {}
    totals: dict[str, tuple[int | None, str | None] | None] = {}
    for measure in measures:
        if measure not in record:
            continue
        value = record[measure]
        if value is None:
            # a vague figure is annotated as a null value with qualifier vague: the total stays null
            totals[measure] = None
        elif isinstance(value, bool) or not isinstance(value, int):
            raise GoldError(f"{source}: {measure}: {value!r} is not a whole number or null")
        else:
            totals[measure] = (int(value), qualifiers.get(measure, "exact"))
    roles = record.get("roles") or {}
    agencies = []
    for entry in record.get("agencies") or []:
        names = [n.strip() for n in str(entry).split("|") if n.strip()]
        if not names:
            continue
        agencies.append(GoldAgency(names[0], frozenset(n.casefold() for n in names), roles.get(names[0])))
    is_release = record.get("is_release", True)
    if not isinstance(is_release, bool):
        raise GoldError(f"{source}: is_release: {is_release!r} is not true or false")
    return GoldRelease(
        release_id=release_id,
        source=source,
        is_release=is_release,
        annotated=frozenset(record),
        totals=totals,
        figures=None,
        agencies=agencies,
        event_date=_gold_date(record.get("event_date")),
        event_date_evidence=(record.get("evidence") or {}).get("event_date"),
        published=record.get("published"),
        kind=record.get("kind"),
        evidence=dict(record.get("evidence") or {}),
    )


def _read_jsonl(path: Path) -> list[GoldRelease]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(f"{path.name}, line {number}: not JSON ({error.msg})") from error
        out.append(_from_jsonl(record, f"{path.name}:{number}"))
    return out


def load_gold(gold: Path | str) -> dict[str, GoldRelease]:
    """Read the gold at ``gold``, keyed by release id.

    ``gold`` is a JSON Lines file, a YAML file, or a folder: every
    ``*.yaml`` and ``*.jsonl`` file under it is read. Raises
    :class:`GoldError` for a path that does not exist, a malformed line or
    a release annotated twice.
    """
    path = Path(gold)
    if not path.exists():
        raise GoldError(f"no gold at {path}")
    files = [path] if path.is_file() else sorted([*path.glob("**/*.yaml"), *path.glob("**/*.jsonl")])
    out: dict[str, GoldRelease] = {}
    for file in files:
        if file.suffix == ".jsonl":
            records = _read_jsonl(file)
        else:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
            records = [_from_yaml(data, file.name)] if isinstance(data, dict) and "release_id" in data else []
        for record in records:
            if record.release_id in out:
                raise GoldError(f"{record.source}: {record.release_id} is annotated twice (also in {out[record.release_id].source})")
            out[record.release_id] = record
    return out


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


def _match_agencies(got: Iterable[str], want: Iterable[GoldAgency]) -> tuple[list[tuple[GoldAgency, str]], list[str], list[GoldAgency]]:
    """Pair extracted names with gold agencies: (matched pairs, extracted unmatched, gold unmatched)."""
    remaining = sorted(set(got))
    matched: list[tuple[GoldAgency, str]] = []
    missed: list[GoldAgency] = []
    for agency in want:
        hit = next((name for name in remaining if agency.matches(name)), None)
        if hit is None:
            missed.append(agency)
        else:
            remaining.remove(hit)
            matched.append((agency, hit))
    return matched, remaining, missed


#: The tables :func:`evaluate` scores from.
EVALUATED_TABLES = ("releases", "problems", "figures", "totals", "agencies")


def _build_tables(raw_dir: Path | str) -> SimpleNamespace:
    """The tables of :data:`EVALUATED_TABLES` built from ``raw_dir`` in a temporary folder, read before it is removed
    (:func:`load` reads a table when it is first used)."""
    with tempfile.TemporaryDirectory() as tmp:
        build(raw_dir, Path(tmp) / "processed", jobs=1, cache=False)
        tables = load(Path(tmp) / "processed", tables=EVALUATED_TABLES)
        return SimpleNamespace(**{name: getattr(tables, name) for name in tables.names})


def evaluate(
    raw_dir: Path | str = "data/raw",
    gold_dir: Path | str | Mapping[str, GoldRelease] = "tests/gold",
    *,
    tables: Any = None,
) -> Report:
    """Build the tables for ``raw_dir`` (unless ``tables`` is given) and score them against the gold.

    ``gold_dir`` is anything :func:`load_gold` reads, or its result (a
    mapping of release id to :class:`GoldRelease`). Raises
    :class:`GoldError` when the gold cannot be read or none of its records
    names a file of the raw folder.
    """
    gold_all = dict(gold_dir) if isinstance(gold_dir, Mapping) else load_gold(gold_dir)
    built = f"{raw_dir}"
    if tables is None:
        tables = _build_tables(raw_dir)
    else:
        built = "the tables given"
    report = Report()
    releases = tables.releases.set_index("release_id")
    problems = tables.problems
    rejected = {release_id_for(p) for p in problems[problems.severity == "error"].source_path}
    seen = set(releases.index) | rejected
    gold = {rid: g for rid, g in gold_all.items() if rid in seen}
    report.gold_without_file = sorted(set(gold_all) - seen)
    if not gold:
        gold_name = "the gold given" if isinstance(gold_dir, Mapping) else f"the gold at {gold_dir}"
        raise GoldMatchesNothing(
            f"{gold_name} matches no release of {built} ({len(gold_all)} annotations, {len(seen)} releases and rejected files): "
            "to score your own releases, annotate some of them (one JSON line per release, format in tests/gold/README.md) "
            "and give that file as the gold"
        )
    report.annotated = len(gold)
    report.unannotated = len(seen - set(gold))
    is_release = {rid for rid, g in gold.items() if g.is_release}

    agree = sum((rid in releases.index) == (rid in is_release) for rid in gold)
    report.scores.append(_ratio("release vs chrome-only page", agree, len(gold)))
    for rid in sorted(gold):
        if (rid in releases.index) != (rid in is_release):
            report.disagreements.append(f"[release] {rid}: gold is_release={rid in is_release}, built={rid in releases.index}")

    _score_totals(report, gold, is_release, tables)
    _score_figures(report, gold, is_release, tables.figures)
    _score_agencies(report, gold, is_release, tables.agencies)
    _score_dates(report, gold, is_release, releases)
    return report


def _score_totals(report: Report, gold: Mapping[str, GoldRelease], is_release: set[str], tables: Any) -> None:
    totals, figures = tables.totals, tables.figures
    predicted = {
        (r.release_id, r.measure): (None if r.value is None or r.value != r.value else int(r.value))
        for r in totals.itertuples()
    }
    stated_ok = stated_n = 0
    silent_ok = silent_n = 0
    for measure in measure_names():
        ok = ok_stated = n_stated = ok_null = n_null = n = 0
        for rid in sorted(gold):
            if measure not in gold[rid].totals:
                continue
            n += 1
            total = gold[rid].totals[measure] if rid in is_release else None
            expected = None if total is None else total[0]
            got = predicted.get((rid, measure))
            ok += got == expected
            if expected is not None:
                n_stated += 1
                ok_stated += got == expected
            else:
                n_null += 1
                ok_null += got is None
            if got != expected:
                rows = figures[(figures.release_id == rid) & (figures.measure == measure)]
                lines = "; ".join(
                    f"{f.scope} {f.value} [{f.rule}] «{f.evidence[:120]}»" for f in rows.itertuples()
                ) or "no figure extracted"
                want_evidence = gold[rid].evidence.get(measure)
                gold_text = f"gold {expected}" + (f" «{want_evidence[:100]}»" if want_evidence else "")
                report.disagreements.append(f"[total {measure}] {rid}: {gold_text}, got {got} -- {lines}")
        if not n:
            continue
        report.scores.append(_ratio(f"totals {measure}: accuracy", ok, n))
        report.scores.append(_ratio(f"totals {measure}: accuracy where gold states one", ok_stated, n_stated))
        report.scores.append(_ratio(f"totals {measure}: null kept null", ok_null, n_null))
        stated_ok += ok_stated
        stated_n += n_stated
    for rid in sorted(is_release):
        annotated = [m for m in gold[rid].totals if m in measure_names() and m != "officers"]
        if annotated and all(gold[rid].totals[m] is None for m in annotated):
            silent_n += 1
            silent_ok += all(predicted.get((rid, m)) is None for m in annotated)
    report.scores.append(_ratio("stated figures: accuracy", stated_ok, stated_n))
    report.scores.append(_ratio("releases stating no figure: none invented", silent_ok, silent_n))


def _score_figures(report: Report, gold: Mapping[str, GoldRelease], is_release: set[str], figures: Any) -> None:
    with_figures = {rid for rid in is_release if gold[rid].figures is not None}
    if not with_figures:
        return
    predicted = [
        (f.release_id, f.measure, None if f.value != f.value or f.value is None else int(f.value), f.scope)
        for f in figures.itertuples()
        if f.release_id in with_figures
    ]
    expected = [(rid, *figure) for rid in sorted(with_figures) for figure in gold[rid].figures or []]
    precision, recall, _, tp, n_p, n_e = prf(predicted, expected)
    report.scores.append(Score("figures: precision", precision, tp, n_p))
    report.scores.append(Score("figures: recall", recall, tp, n_e))


def _score_agencies(report: Report, gold: Mapping[str, GoldRelease], is_release: set[str], agencies: Any) -> None:
    by_release: dict[str, dict[str, str]] = {}
    for a in agencies.itertuples():
        if a.release_id in is_release:
            by_release.setdefault(a.release_id, {})[a.agency] = a.role
    for label, role in (("all mentions", None), ("role involved", "involved")):
        tp = n_p = n_e = 0
        for rid in sorted(r for r in is_release if gold[r].annotates("agencies")):
            got = {name: r for name, r in by_release.get(rid, {}).items() if role is None or r == role}
            want = [a for a in gold[rid].agencies if role is None or a.role == role]
            matched, extra, missed = _match_agencies(got, want)
            tp += len(matched)
            n_p += len(got)
            n_e += len(want)
            if role is None:
                for name in extra:
                    row = agencies[(agencies.release_id == rid) & (agencies.agency == name)].iloc[0]
                    report.disagreements.append(f"[agency +] {rid}: {name} ({row.agency_type}) from «{row.mention}» [{row.rule}]")
                for agency in missed:
                    report.disagreements.append(f"[agency -] {rid}: {agency.agency} missed")
            else:
                for name in extra:
                    report.disagreements.append(f"[involved +] {rid}: {name}")
                for agency in missed:
                    report.disagreements.append(f"[involved -] {rid}: {agency.agency}")
        precision = tp / n_p if n_p else None
        recall = tp / n_e if n_e else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if n_p and n_e else None)
        report.scores.append(Score(f"agencies ({label}): precision", precision, tp, n_p))
        report.scores.append(Score(f"agencies ({label}): recall", recall, tp, n_e))
        report.scores.append(Score(f"agencies ({label}): F1", f1, tp, (n_p + n_e) // 2))


def _score_dates(report: Report, gold: Mapping[str, GoldRelease], is_release: set[str], releases: Any) -> None:
    ok = ok_stated = n_stated = 0
    dated = [rid for rid in sorted(is_release) if gold[rid].annotates("event_date")]
    for rid in dated:
        want = gold[rid].event_date
        got = _date(releases.at[rid, "event_date"]) if rid in releases.index else None
        ok += got == want
        if want is not None:
            n_stated += 1
            ok_stated += got == want
        if got != want:
            evidence = releases.at[rid, "event_date_evidence"] if rid in releases.index else None
            report.disagreements.append(
                f"[event_date] {rid}: gold {want} ({gold[rid].event_date_evidence!r}), got {got} ({evidence!r})"
            )
    report.scores.append(_ratio("event_date: accuracy", ok, len(dated)))
    report.scores.append(_ratio("event_date: accuracy where gold states one", ok_stated, n_stated))

    with_published = [rid for rid in sorted(is_release) if gold[rid].published is not None and rid in releases.index]
    if with_published:
        ok = 0
        for rid in with_published:
            want_text = gold[rid].published
            got = _date(releases.at[rid, "published"])
            got_text = None if got is None else (got.isoformat()[:7] if len(want_text) == 7 else got.isoformat())
            ok += got_text == want_text
            if got_text != want_text:
                report.disagreements.append(f"[published] {rid}: gold {want_text}, got {got_text}")
        report.scores.append(_ratio("published: accuracy where gold states one", ok, len(with_published)))

    with_kind = [rid for rid in sorted(is_release) if gold[rid].kind and rid in releases.index]
    if with_kind:
        if "kind" in releases.columns:
            ok = 0
            for rid in with_kind:
                got_kind = releases.at[rid, "kind"]
                ok += got_kind == gold[rid].kind
                if got_kind != gold[rid].kind:
                    report.disagreements.append(f"[kind] {rid}: gold {gold[rid].kind}, got {got_kind}")
            report.scores.append(_ratio("kind: accuracy", ok, len(with_kind)))
        else:
            report.scores.append(_ratio("kind: accuracy", 0, len(with_kind)))


def format_report(report: Report, *, disagreements: bool = True) -> str:
    """The report as text: what was scored, the scores, then disagreements."""
    lines = [
        "releasekit evaluate",
        f"{report.annotated} annotated files scored; {report.unannotated} files without an annotation left out"
        + (f"; {len(report.gold_without_file)} annotations name no file here" if report.gold_without_file else ""),
        "",
        *[score.text() for score in report.scores],
    ]
    if disagreements:
        lines += ["", f"{len(report.disagreements)} disagreements:", *report.disagreements]
    return "\n".join(lines)
