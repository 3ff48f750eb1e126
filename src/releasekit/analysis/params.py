"""Check a notebook's parameters before anything runs on them.

Every notebook calls :func:`check_parameters` right after its ``parameters``
cell::

    globals().update(check_parameters(globals()))

It reads the UPPER-CASE names it knows (those of the notebooks' parameters
cells, :data:`SPECS`), checks each one and returns them normalised; a wrong
value stops the notebook with one message that says what to do, instead of an
empty chart or a traceback from deep inside pandas or matplotlib:

- a list parameter that arrived as a string (``papermill -p FORCES
  '[...]'`` passes text) is parsed when it is a list written in YAML/JSON, a
  single name becomes a one-item list, anything else is refused with the
  ``papermill -y`` form that passes a real list;
- an issuer, measure, release kind, level, agency type, period, role, column or
  release id that the tables do not hold is refused with the closest valid
  names ("did you mean ...");
- dates must be ISO dates (``START <= END``), regular expressions must
  compile, numbers must be whole and not negative;
- a selection that keeps no release (dates, issuers, kinds, levels), or a
  comparison group of notebook 04 that holds no release, stops with a message
  naming the parameters.

Errors are :class:`ParameterError` (a ``ValueError``); in Jupyter it shows as
its message alone, without a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from releasekit.analysis.corpus import close_matches
from releasekit.extract import figures

__all__ = ["GROUP_KINDS", "PERIODS", "SPECS", "ParameterError", "check_parameters", "close_matches", "parse_list"]

#: Periods the notebooks group by, with their long names accepted too.
PERIODS: dict[str, str] = {"M": "M", "Q": "Q", "Y": "Y", "A": "Y", "MONTH": "M", "QUARTER": "Q", "YEAR": "Y"}
#: Kinds of comparison groups that are not a column of ``releases`` (notebook 04).
GROUP_KINDS = ("pattern", "period", "columns", "issuer_type")
#: The measures of the codebook (section 3).
MEASURES = figures.MEASURES  # the measure registry (data/figure_rules.yaml) at import
#: List parameters that select releases by a column of ``releases``.
SELECTORS: dict[str, str] = {"FORCES": "issuer", "KINDS": "kind", "LEVELS": "level", "ISSUER_TYPES": "issuer_type"}


class ParameterError(ValueError):
    """A notebook parameter that cannot be used; the message says why and what to do."""

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [f"\x1b[31mParameterError\x1b[0m: {line}" if i == 0 else f"  {line}" for i, line in enumerate(str(self).splitlines())]


@dataclass(frozen=True)
class _Spec:
    kind: str  # list | name | period | date | bool | int | regex | path | pair | group
    vocabulary: str | None = None  # where valid values come from
    optional: bool = True  # None allowed


#: Every parameter the notebooks use, and how it is checked. ``vocabulary``
#: names the valid values: ``releases.<column>``, ``measures``,
#: ``agency_types`` (the gazetteer's), or a fixed ``a|b|c`` list.
SPECS: dict[str, _Spec] = {
    "PROCESSED": _Spec("path", optional=False),
    "FIGURES": _Spec("path"),
    "RAW": _Spec("path"),
    "GOLD": _Spec("path"),
    "START": _Spec("date"),
    "END": _Spec("date"),
    "FORCES": _Spec("list", "releases.issuer"),
    "KINDS": _Spec("list", "releases.kind"),
    "LEVELS": _Spec("list", "releases.level"),
    "ISSUER_TYPES": _Spec("list", "releases.issuer_type"),
    "INCLUDE_UNDATED": _Spec("bool", optional=False),
    "PERIOD": _Spec("period", optional=False),
    "MEASURES": _Spec("list", "measures", optional=False),
    "DATE_COLUMN": _Spec("name", "published|event_date", optional=False),
    "GROUP_BY": _Spec("name", "releases.columns"),
    "ROLE": _Spec("name", "involved|contact|mentioned"),
    "PARTNER_TYPES": _Spec("list", "agency_types", optional=False),
    "TOP_AGENCIES": _Spec("int", optional=False),
    "TOP_AREAS": _Spec("int", optional=False),
    "GROUP_KIND": _Spec("group", optional=False),
    "LABELS": _Spec("pair"),
    "EXCLUDE_STOCK_PARAGRAPHS": _Spec("bool", optional=False),
    "WORD_COLUMN": _Spec("name", "lower|stem|token", optional=False),
    "TERM_COLUMN": _Spec("name", "lower|stem|token", optional=False),
    "MIN_COUNT": _Spec("int", optional=False),
    "MIN_RELEASES": _Spec("int", optional=False),
    "TOP_N": _Spec("int", optional=False),
    "TERMS": _Spec("list", None, optional=False),
    "WINDOW": _Spec("int", optional=False),
    "KWIC_WIDTH": _Spec("int", optional=False),
    "KWIC_LINES": _Spec("int", optional=False),
    "AUDIT_N": _Spec("int", optional=False),
    "AUDIT_RELEASE": _Spec("name", "releases.release_id"),
    "AUDIT_MEASURE": _Spec("name", "measures", optional=False),
}


def _papermill_hint(name: str, items: str) -> str:
    return (
        f"to pass a list with papermill use -y, e.g.  papermill IN.ipynb OUT.ipynb -y '{name}: [{items}]'; "
        f"with releasekit notebooks write it in brackets, e.g.  -p '{name}=[{items}]'"
    )


def parse_list(name: str, value: Any) -> list[Any] | None:
    """A list parameter as a list: lists and tuples as they are, a string parsed.

    A string that is a YAML/JSON list (``'["Kent Police", "Essex Police"]'``,
    as ``papermill -p`` passes it) is parsed; a plain single name becomes a
    one-item list; a string holding several comma-separated names, or a
    broken list, is refused with the ``-y`` form. ``None`` stays ``None``.

    >>> parse_list("FORCES", '["Kent Police", "Essex Police"]')
    ['Kent Police', 'Essex Police']
    >>> parse_list("MEASURES", "arrested")
    ['arrested']
    """
    if value is None or isinstance(value, (list, tuple)):
        return None if value is None else list(value)
    if not isinstance(value, str):
        raise ParameterError(f"{name} must be a list, not {type(value).__name__} {value!r}")
    text = value.strip()
    if text.startswith(("[", "(")):
        try:
            parsed = yaml.safe_load("[" + text[1:-1] + "]" if text.startswith("(") and text.endswith(")") else text)
        except yaml.YAMLError:
            parsed = None
        if isinstance(parsed, list) and all(isinstance(item, (str, int, float)) for item in parsed):
            return parsed
        raise ParameterError(
            f"{name} arrived as the text {value!r}, which is not a list that can be read.\n"
            + _papermill_hint(name, ", ".join(part.strip(" '\"") for part in text.strip("[]()").split(",")))
        )
    if "," in text:
        raise ParameterError(
            f"{name} arrived as the text {value!r}: one name or a list? A -p option passes text, not lists.\n"
            + _papermill_hint(name, ", ".join(part.strip() for part in text.split(",")))
        )
    return [text] if text else []


def _vocabulary(spec: _Spec, tables: Any) -> list[str] | None:
    """The valid values of a parameter, or None when any value is allowed (or the tables do not tell)."""
    source = spec.vocabulary
    if source is None:
        return None
    if source == "measures":
        found = set(figures.measure_names())
        totals = getattr(tables, "totals", None)
        if totals is not None and "measure" in totals.columns:
            found |= set(totals["measure"].dropna().astype(str))
        return sorted(found)
    if source == "agency_types":
        from releasekit.extract.agencies import load_gazetteer

        return list(load_gazetteer().types)
    if "|" in source or "." not in source:
        return source.split("|")
    table, column = source.split(".", 1)
    frame = getattr(tables, table, None)
    if frame is None:
        return None
    if column == "columns":  # a column to group by: not the text or ids
        return [c for c in frame.columns if c not in ("release_id", "body", "sha256", "source_path", "url", "title")] + ["issuer_type"]
    if column not in frame.columns:
        return None  # a column these tables do not have (an older build): nothing to check against
    return sorted({str(v) for v in frame[column].dropna()})


def _unknown(name: str, value: str, valid: Sequence[str], what: str) -> ParameterError:
    close = close_matches(str(value), valid)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    shown = ", ".join(repr(v) for v in list(valid)[:12]) + (f", ... ({len(valid)} in all)" if len(valid) > 12 else "")
    return ParameterError(f"{name}: {what} {value!r} is not in the tables.{hint}\nValid values: {shown}")


def _date(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ParameterError(f"{name} must be an ISO date such as '2015-01-01' (or None), not {value!r}") from None


def _bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    raise ParameterError(f"{name} must be True or False, not {value!r}")


def _int(name: str, value: Any) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or number < 0:
        raise ParameterError(f"{name} must be a whole number, 0 or more, not {value!r}")
    return number


def _check_one(name: str, spec: _Spec, value: Any, tables: Any, what: str) -> Any:
    if value is None:
        if spec.optional:
            return None
        raise ParameterError(f"{name} must be set (None is not allowed here)")
    if spec.kind == "list":
        items = parse_list(name, value)
        vocabulary = _vocabulary(spec, tables)
        if vocabulary is not None:
            for item in items:
                if str(item) not in vocabulary:
                    raise _unknown(name, str(item), vocabulary, what)
        return [str(item) for item in items]
    if spec.kind == "name":
        vocabulary = _vocabulary(spec, tables)
        if vocabulary is not None and str(value) not in vocabulary:
            raise _unknown(name, str(value), vocabulary, what)
        return value
    if spec.kind == "period":
        key = str(value).strip().upper()
        if key not in PERIODS:
            close = close_matches(str(value), ["M", "Q", "Y", "month", "quarter", "year"])
            raise ParameterError(
                f"{name} must be 'M' (month), 'Q' (quarter) or 'Y' (year), not {value!r}"
                + (f". Did you mean {', '.join(repr(c) for c in close)}?" if close else "")
            )
        return PERIODS[key]
    if spec.kind == "date":
        return _date(name, value)
    if spec.kind == "bool":
        return _bool(name, value)
    if spec.kind == "int":
        return _int(name, value)
    if spec.kind == "path":
        return str(value)
    if spec.kind == "pair":
        items = parse_list(name, value)
        if len(items) != 2 or len({str(i) for i in items}) != 2:
            raise ParameterError(f"{name} must be two different labels, e.g. ('operations', 'awareness'), or None; got {value!r}")
        return tuple(str(i) for i in items)
    if spec.kind == "group":
        return value
    raise AssertionError(f"unknown spec kind {spec.kind}")  # pragma: no cover


_WHAT = {
    "FORCES": "issuer",
    "KINDS": "release kind",
    "LEVELS": "level",
    "ISSUER_TYPES": "issuer type",
    "MEASURES": "measure",
    "AUDIT_MEASURE": "measure",
    "PARTNER_TYPES": "agency type",
    "DATE_COLUMN": "date column",
    "GROUP_BY": "column of releases",
    "ROLE": "role",
    "WORD_COLUMN": "token column",
    "TERM_COLUMN": "token column",
    "AUDIT_RELEASE": "release id",
}


def _check_groups(values: Mapping[str, Any], out: dict[str, Any], tables: Any) -> None:
    """GROUP_KIND with GROUP_A / GROUP_B (notebook 04): a kind, then two definitions of its form."""
    kind = str(out["GROUP_KIND"])
    releases = getattr(tables, "releases", None)
    columns = list(releases.columns) if releases is not None else []
    if kind not in GROUP_KINDS and kind not in columns:
        valid = list(GROUP_KINDS) + [c for c in columns if c not in ("body", "release_id", "sha256")]
        raise _unknown("GROUP_KIND", kind, valid, "group kind")
    for name in ("GROUP_A", "GROUP_B"):
        value = values.get(name)
        if kind == "pattern":
            if not isinstance(value, str) or not value:
                raise ParameterError(f"{name} must be a regular expression on the title when GROUP_KIND is 'pattern', not {value!r}")
            try:
                re.compile(value)
            except re.error as error:
                raise ParameterError(f"{name} is not a valid regular expression ({error}): {value!r}") from None
            out[name] = value
        elif kind == "columns":
            if not isinstance(value, Mapping) or not value:
                raise ParameterError(
                    f"{name} must be a mapping {{column: value or list}} when GROUP_KIND is 'columns', not {value!r}; "
                    f"with papermill: -y '{name}: {{issuer: Gangmasters and Labour Abuse Authority}}'"
                )
            checked = {}
            for column, wanted in value.items():
                valid = _group_values(releases, str(column), name)
                items = parse_list(f"{name}.{column}", wanted)
                for item in items:
                    if str(item) not in valid:
                        raise _unknown(f"{name}.{column}", str(item), valid, f"{column} value")
                checked[str(column)] = [str(i) for i in items]
            out[name] = checked
        elif kind == "period":
            pair = parse_list(name, value) if value is not None else None
            if not pair or len(pair) != 2:
                raise ParameterError(f"{name} must be a (start, end) pair of ISO dates when GROUP_KIND is 'period', e.g. ('2015-01-01', '2018-12-31'); got {value!r}")
            start, end = _date(name, pair[0]), _date(name, pair[1])
            if start > end:
                raise ParameterError(f"{name}: start {start} is after end {end}")
            out[name] = (start, end)
        else:
            items = parse_list(name, value)
            if not items:
                raise ParameterError(f"{name} must name one or more values of releases.{kind}, not {value!r}")
            valid = _group_values(releases, kind, name)
            for item in items:
                if str(item) not in valid:
                    raise _unknown(name, str(item), valid, f"{kind} value")
            out[name] = [str(i) for i in items] if len(items) > 1 else str(items[0])


def _group_values(releases: Any, column: str, name: str) -> list[str]:
    from releasekit.analysis.corpus import group_column

    try:
        return sorted(set(group_column(releases, column)))
    except ValueError as error:
        valid = [c for c in releases.columns if c not in ("body", "release_id", "sha256")] + ["issuer_type"]
        raise _unknown(name, column, valid, "column") from error


def _load_for_checks(processed: str) -> Any:
    """The columns of the tables that the checks need (not bodies or tokens)."""
    from types import SimpleNamespace

    import pyarrow.parquet as pq

    folder = Path(processed)
    if not (folder / "releases.parquet").exists():
        raise ParameterError(
            f"PROCESSED: no tables in {processed!r} (resolved to {folder.resolve()}).\n"
            "Build them with `releasekit build RAW_DIR OUT_DIR` and set PROCESSED to OUT_DIR "
            "(a notebook's relative paths start from the notebooks folder: run papermill with --cwd notebooks)."
        )
    releases = pq.read_table(folder / "releases.parquet")
    keep = [c for c in releases.column_names if c not in ("body", "event_date_evidence", "description")]
    frames = {"releases": releases.select(keep).to_pandas()}
    for name, columns in (("totals", ["measure"]),):
        path = folder / f"{name}.parquet"
        if path.exists():
            frames[name] = pq.read_table(path, columns=columns).to_pandas()
    return SimpleNamespace(**frames)


def _check_selection(out: Mapping[str, Any], tables: Any) -> None:
    """Stop when the date range and selectors keep no release."""
    import pandas as pd

    releases = tables.releases
    if not len(releases):
        raise ParameterError("the tables hold no release at all: check `problems` (every input file that was not read is listed there)")
    keep = pd.Series(True, index=releases.index)
    dates = pd.to_datetime(releases["published"])  # the notebooks select by publication date (report.filter_tables)
    if out.get("START") or out.get("END"):
        in_range = pd.Series(True, index=releases.index)
        if out.get("START"):
            in_range &= dates >= pd.Timestamp(out["START"])
        if out.get("END"):
            in_range &= dates <= pd.Timestamp(out["END"])
        keep &= in_range | (dates.isna() & bool(out.get("INCLUDE_UNDATED", True)))
    used = [name for name in ("START", "END") if out.get(name)]
    for name, column in SELECTORS.items():
        if out.get(name) is not None and column in releases.columns:
            keep &= releases[column].astype(str).isin(out[name])
            used.append(name)
    if "duplicate_of" in releases.columns:
        keep &= releases["duplicate_of"].isna()
    given = ", ".join(f"{name}={out[name]!r}" for name in used)
    first, last = dates.min(), dates.max()
    span = f"published {first.date()} to {last.date()}" if pd.notna(first) else "no dated release"
    if not keep.any():
        raise ParameterError(
            f"no release is left after the filters {given}.\n"
            f"The tables hold {len(releases)} releases ({span}); widen the dates or change the selection."
        )
    if (out.get("START") or out.get("END")) and not (keep & dates.notna()).any():
        # only undated releases kept: every chart over time would be empty (and matplotlib fails on it)
        raise ParameterError(
            f"no dated release is left after the filters {given}: the {int(keep.sum())} undated release(s) "
            "INCLUDE_UNDATED keeps are never on a time axis.\n"
            f"The tables hold {len(releases)} releases ({span}); widen the dates."
        )


def check_parameters(values: Mapping[str, Any], tables: Any | None = None) -> dict[str, Any]:
    """Check a notebook's parameters; return them normalised (lists as lists, periods as M/Q/Y, dates ISO).

    ``values``: the notebook's namespace (``globals()``); only the names in
    :data:`SPECS` (and ``GROUP_A`` / ``GROUP_B``) are read, so other
    variables are ignored. ``tables``: the loaded tables; by default the
    columns the checks need are read from ``values["PROCESSED"]``.

    Raises :class:`ParameterError` naming the parameter: a list that arrived
    as unreadable text (with the ``papermill -y`` form), a value the tables do
    not hold (with the closest valid ones), a bad date, regular expression,
    number or flag, ``START`` after ``END``, a selection that keeps no
    release, or a comparison group that holds no release.
    """
    given = {name: values[name] for name in SPECS if name in values}
    if tables is None and "PROCESSED" in given:
        tables = _load_for_checks(str(given["PROCESSED"]))
    out: dict[str, Any] = {}
    for name, value in given.items():
        out[name] = _check_one(name, SPECS[name], value, tables, _WHAT.get(name, "value"))
    if out.get("START") and out.get("END") and out["START"] > out["END"]:
        raise ParameterError(f"START {out['START']} is after END {out['END']}: no release can be in between")
    if tables is not None:
        if "GROUP_KIND" in out:
            _check_groups(values, out, tables)
        _check_selection(out, tables)
        if "GROUP_KIND" in out:
            _check_group_sizes(out, tables)
    return out


def _check_group_sizes(out: Mapping[str, Any], tables: Any) -> None:
    """Each comparison group must hold at least one release of the selection."""
    from releasekit.analysis.groups import define_groups

    releases = tables.releases
    if out.get("FORCES") is not None and "issuer" in releases.columns:
        releases = releases[releases["issuer"].astype(str).isin(out["FORCES"])]
    if "duplicate_of" in releases.columns:
        releases = releases[releases["duplicate_of"].isna()]
    groups = define_groups(releases, out["GROUP_KIND"], out["GROUP_A"], out["GROUP_B"], labels=out.get("LABELS"))
    for name, label in zip(("GROUP_A", "GROUP_B"), groups.attrs["labels"]):
        if not (groups == label).any():
            raise ParameterError(
                f"{name} ({out[name]!r}, GROUP_KIND {out['GROUP_KIND']!r}) holds no release of the selection, "
                f"so there is nothing to compare. {len(groups)} releases are in the other group; "
                f"{len(groups.attrs['in_both'])} matched both and were left out."
            )


