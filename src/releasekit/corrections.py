"""Corrections as data: a researcher's fixes, applied at every build.

``data/corrections.csv`` holds one correction per row, with the columns
:data:`CORRECTION_COLUMNS`:

- ``release_id``: the release (``releases.release_id``);
- ``field``: what is corrected: a measure (``arrested``, ``charged``,
  ``sentenced``, ``safeguarded``, ``premises``, ``officers``: the release
  total), ``event_date``, ``kind``, ``level``, ``agency_add`` or
  ``agency_remove``;
- ``value``: the right value: a whole number >= 0 for a measure (empty or
  ``none``: the release states no figure); ``YYYY-MM-DD`` for ``event_date``
  (empty or ``none``: no event date); a kind or level of the codebook
  (sections 11 and issue 10); for ``agency_add`` an agency name, optionally
  followed by ``| role`` (``involved``, the default, ``contact`` or
  ``mentioned``); for ``agency_remove`` the agency's name as in ``agencies.agency``;
- ``reason``, ``who``, ``date``: why, by whom, when (free text; a reason is required).

:func:`read_corrections` checks every row; a bad row (unknown field,
impossible value, no release id or reason) becomes a :class:`~releasekit.read.Problem`
and is skipped. :func:`apply_corrections` applies the corrections of one
release to the rows extraction produced for it, keeps the extracted value
beside the corrected one (``totals.extracted_value``,
``releases.extracted_event_date``, ``source`` = ``extracted`` / ``corrected``)
and records each applied correction as a row of the ``corrections`` table.
A correction that changes nothing (the extraction now gives that value) is
reported as no longer needed (``correction_not_needed``, severity info).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from releasekit.read import Problem

__all__ = [
    "CORRECTION_COLUMNS",
    "FIELDS",
    "KINDS",
    "LEVELS",
    "OTHER_FIELDS",
    "Correction",
    "apply_corrections",
    "read_corrections",
    "unused_corrections",
]

#: The columns of ``corrections.csv``, in order (also those of ``reports/review.csv``' last columns).
CORRECTION_COLUMNS: tuple[str, ...] = ("release_id", "field", "value", "reason", "who", "date")
#: Release kinds (codebook section 11).
KINDS: tuple[str, ...] = ("operation", "charge", "court", "statistics", "awareness", "funding", "other")
#: Release levels (issue 10).
LEVELS: tuple[str, ...] = ("force", "regional", "national", "international")
#: Roles an added agency can have (codebook section 4).
ROLES: tuple[str, ...] = ("involved", "contact", "mentioned")
#: Every field a correction can name besides the measures (``FIELDS``: the measures of the registry, then these).
OTHER_FIELDS: tuple[str, ...] = ("event_date", "kind", "level", "agency_add", "agency_remove")
#: Largest total a correction may give (more people than any release reports is a typo).
MAX_VALUE = 1_000_000
#: ``source_path`` of the problems a correction causes.
SOURCE = "corrections.csv"

Columns = dict[str, list[Any]]
_NONE = {"", "none", "null", "-"}


def _measures() -> tuple[str, ...]:
    """:data:`releasekit.extract.figures.MEASURES` (imported when a correction is read or applied: the
    figures module brings NLTK with it, which a build with no corrections does not need otherwise)."""
    from releasekit.extract.figures import MEASURES

    return MEASURES


def __getattr__(name: str) -> tuple[str, ...]:
    """``FIELDS`` (every field a correction can name: the measures, then :data:`OTHER_FIELDS`) and
    ``MEASURES``, made when first asked (see :func:`_measures`)."""
    if name == "FIELDS":
        return (*_measures(), *OTHER_FIELDS)
    if name == "MEASURES":
        return _measures()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Correction:
    """One checked row of ``corrections.csv``.

    ``line``: its line in the file (1 is the header); ``parsed``: the value
    as the table holds it (``int`` or None for a measure, ``datetime.date`` or
    None for ``event_date``, ``str`` otherwise); ``role``: for ``agency_add``.
    """

    line: int
    release_id: str
    field: str
    value: str
    reason: str
    who: str
    date: str
    parsed: Any = None
    role: str | None = None

    def where(self) -> str:
        """``line N (release R, field F)`` for messages."""
        return f"line {self.line} (release {self.release_id}, field {self.field})"


def _parse(field: str, value: str) -> tuple[Any, str | None]:
    """The value of ``field`` as the tables hold it, and the role for ``agency_add``.

    Raises ``ValueError`` with a reason when the value is impossible.
    """
    text = value.strip()
    if field in _measures():
        if text.lower() in _NONE:
            return None, None
        digits = text.replace(",", "")
        if not digits.isdigit():
            raise ValueError(f"{value!r} is not a whole number >= 0 (or empty for no figure)")
        number = int(digits)
        if number > MAX_VALUE:
            raise ValueError(f"{number} is more than {MAX_VALUE:,}: a typo?")
        return number, None
    if field == "event_date":
        if text.lower() in _NONE:
            return None, None
        try:
            return dt.date.fromisoformat(text), None
        except ValueError:
            raise ValueError(f"{value!r} is not a date YYYY-MM-DD (or empty for none)") from None
    if field in ("kind", "level"):
        allowed = KINDS if field == "kind" else LEVELS
        if text not in allowed:
            raise ValueError(f"{value!r} is not a {field} ({', '.join(allowed)})")
        return text, None
    if field in ("agency_add", "agency_remove"):
        name, _, role = text.partition("|")
        name, role = name.strip(), role.strip() or "involved"
        if not name:
            raise ValueError("no agency name")
        if field == "agency_add" and role not in ROLES:
            raise ValueError(f"role {role!r} is not one of {', '.join(ROLES)}")
        return name, role if field == "agency_add" else None
    raise ValueError(f"unknown field {field!r}; use one of {', '.join((*_measures(), *OTHER_FIELDS))}")


def read_corrections(path: Path | str | None) -> tuple[dict[str, list[Correction]], list[Problem]]:
    """Read and check ``corrections.csv``.

    Returns the good corrections per release id (in file order) and a
    problem for each bad row: ``correction_bad_row`` (unknown field,
    impossible value, no release id or reason; the row is skipped) and
    ``correction_duplicate`` (a later row for the same release and field
    replaces an earlier one). A missing file means no corrections; a file
    without the expected header is one ``correction_bad_file`` problem.
    """
    if path is None or not Path(path).is_file():
        return {}, []
    text = Path(path).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CORRECTION_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return {}, [Problem(SOURCE, "warning", "correction_bad_file", f"no column {', '.join(missing)}: expected the header {','.join(CORRECTION_COLUMNS)}; no correction applied")]
    found: dict[tuple[str, str, str], Correction] = {}
    problems: list[Problem] = []
    for number, row in enumerate(reader, start=2):
        cells = {c: (row.get(c) or "").strip() for c in CORRECTION_COLUMNS}
        if not any(cells.values()):
            continue
        where = f"line {number} (release {cells['release_id'] or '?'}, field {cells['field'] or '?'})"
        try:
            if not cells["release_id"]:
                raise ValueError("no release_id")
            if not cells["reason"]:
                raise ValueError("no reason: say why the extracted value is wrong")
            parsed, role = _parse(cells["field"], cells["value"])
        except ValueError as error:
            problems.append(Problem(SOURCE, "warning", "correction_bad_row", f"{where}: {error}; row skipped"))
            continue
        correction = Correction(number, **cells, parsed=parsed, role=role)
        agency = parsed.casefold() if cells["field"].startswith("agency_") else ""
        key = (cells["release_id"], cells["field"] if not agency else "agency", agency)
        if key in found:
            problems.append(Problem(SOURCE, "warning", "correction_duplicate", f"{where}: replaces line {found[key].line} for the same release and field"))
        found[key] = correction
    by_release: dict[str, list[Correction]] = {}
    for correction in sorted(found.values(), key=lambda c: c.line):
        by_release.setdefault(correction.release_id, []).append(correction)
    return by_release, problems


def unused_corrections(corrections: Mapping[str, Sequence[Correction]], release_ids: set[str]) -> list[Problem]:
    """A ``correction_unknown_release`` problem for each correction of a release the build does not hold."""
    return [
        Problem(SOURCE, "warning", "correction_unknown_release", f"{c.where()}: no release has this id; not applied")
        for rid in sorted(corrections)
        if rid not in release_ids
        for c in corrections[rid]
    ]


def _text(value: Any) -> str | None:
    return None if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)


def apply_corrections(
    columns: Mapping[str, Columns],
    corrections: Sequence[Correction],
    resolve_agency: Callable[[str], tuple[str, str]],
) -> tuple[dict[str, Columns], list[Problem]]:
    """Apply one release's ``corrections`` to its rows (column lists per table).

    Always fills the bookkeeping columns, corrections or not:
    ``totals.extracted_value`` and ``totals.source``,
    ``releases.extracted_event_date`` and ``releases.source``. A corrected
    total gets qualifier ``exact`` (a number) or null (no figure). A
    correction of a column the releases table does not have (``kind`` or
    ``level`` before they are extracted) is a ``correction_unknown_field``
    problem. ``resolve_agency(name)`` gives an added agency's canonical name
    and type (the gazetteer's; the name as written and ``unknown`` otherwise).
    Returns the new columns (with a ``corrections`` table of the applied
    corrections) and the problems. The input is not changed.
    """
    out = {name: {col: list(values) for col, values in table.items()} for name, table in columns.items()}
    releases, totals = out.get("releases"), out.get("totals")
    if not releases or not releases.get("release_id"):
        return out, []
    releases["extracted_event_date"] = list(releases["event_date"])
    releases["source"] = ["extracted"]
    if totals is not None:
        totals["extracted_value"] = list(totals["value"])
        totals["source"] = ["extracted"] * len(totals["value"])
    applied: list[tuple[Correction, Any]] = []
    problems: list[Problem] = []

    def not_needed(c: Correction) -> None:
        problems.append(Problem(SOURCE, "info", "correction_not_needed", f"{c.where()}: the extraction now gives {c.value or 'none'!r}; the correction is no longer needed"))

    for c in corrections:
        if c.field in _measures():
            i = totals["measure"].index(c.field)
            extracted = totals["extracted_value"][i]
            if extracted == c.parsed and totals["qualifier"][i] == ("exact" if c.parsed is not None else None):
                not_needed(c)
                continue
            totals["value"][i] = c.parsed
            totals["qualifier"][i] = "exact" if c.parsed is not None else None
            totals["source"][i] = "corrected"
            applied.append((c, extracted))
        elif c.field in ("event_date", "kind", "level"):
            if c.field not in releases:
                problems.append(Problem(SOURCE, "warning", "correction_unknown_field", f"{c.where()}: the releases table has no column {c.field!r} in this version; not applied"))
                continue
            extracted = releases[c.field][0]
            if extracted == c.parsed:
                not_needed(c)
                continue
            releases[c.field][0] = c.parsed
            releases["source"][0] = "corrected"
            applied.append((c, extracted))
        elif c.field == "agency_remove":
            agencies = out.setdefault("agencies", {})
            names = agencies.get("agency", [])
            targets = {c.parsed.casefold(), resolve_agency(c.parsed)[0].casefold()}
            keep = [i for i, name in enumerate(names) if name.casefold() not in targets]
            if len(keep) == len(names):
                not_needed(c)
                continue
            gone = [i for i in range(len(names)) if i not in set(keep)]
            extracted = f"{names[gone[0]]} ({agencies['role'][gone[0]]})"
            for col in agencies:
                agencies[col] = [agencies[col][i] for i in keep]
            applied.append((c, extracted))
        elif c.field == "agency_add":
            agencies = out.setdefault("agencies", {})
            names = agencies.get("agency", [])
            canonical, kind = resolve_agency(c.parsed)
            rows = [i for i, name in enumerate(names) if name.casefold() == canonical.casefold()]
            if rows and agencies["role"][rows[0]] == c.role:
                not_needed(c)
                continue
            extracted = f"{names[rows[0]]} ({agencies['role'][rows[0]]})" if rows else None
            for i in rows:  # the release-level role is the corrected one
                agencies["role"][i] = c.role
            if not rows:
                row = {
                    "release_id": releases["release_id"][0],
                    "agency": canonical,
                    "agency_type": kind,
                    "role": c.role,
                    "mention_role": c.role,
                    "mention": "",
                    "sentence_id": None,
                    "start": None,
                    "end": None,
                    "rule": "correction",
                }
                if not agencies:
                    agencies.update({col: [] for col in row})
                for col in agencies:
                    agencies[col].append(row.get(col))
            applied.append((c, extracted))
    out["corrections"] = {
        "release_id": [c.release_id for c, _ in applied],
        "field": [c.field for c, _ in applied],
        "extracted": [_text(e) for _, e in applied],
        "value": [_text(c.parsed) if not c.role else f"{c.parsed} ({c.role})" for c, _ in applied],
        "reason": [c.reason for c, _ in applied],
        "who": [c.who or None for c, _ in applied],
        "date": [c.date or None for c, _ in applied],
        "line": [c.line for c, _ in applied],
    }
    return out, problems
