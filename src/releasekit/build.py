"""Build the tables: raw folder in, Parquet tables out.

:func:`build` runs the whole flow in two passes over the raw files:

1. **scan** every file (decode, split metadata, hash): this gives the
   corpus-wide facts that single files cannot, namely site-chrome recurrence
   (:class:`releasekit.chrome.ChromeStats`) and duplicate releases;
2. **process** every file (read, split, tokenize, extract) in worker
   processes and stream its rows, in sorted order, to Parquet.

The tables are written into a temporary folder next to ``out_dir`` and
swapped in atomically at the end, so a failed or killed build leaves the
previous tables intact. Every raw file ends up in ``releases`` or in
``problems``; identical inputs give identical tables whatever ``jobs`` is.
The output folder is checked first (:mod:`releasekit.outdir`): a build never
replaces the raw folder or a folder it did not write.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from array import array
import datetime as dt
import gc
import hashlib
import json
import os
import pickle
import platform
import shutil
import signal
import sys
import threading
import time
import unicodedata
import warnings
from collections import deque
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial, wraps
from itertools import accumulate, chain
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence

import pyarrow as pa

from releasekit import __version__
from releasekit.chrome import LEADING_LINES, ChromeStats, body_sketch, line_keys, near_copy_groups
from releasekit.rulefiles import packaged_path
from releasekit.outdir import IN_PLACE_PREFIX, KEEP_ENTRIES, check_output, install_in_place
from releasekit.read import (
    EARLIEST_DATE,
    FUTURE_HORIZON,
    RECORD_REJECTIONS,
    ManifestRow,
    Problem,
    RawRelease,
    Release,
    file_sha256,
    find_manifest,
    manifest_by_file,
    manifest_row,
    os_reason,
    read_manifest,
    read_limit,
    read_raw_file,
    read_release,
    release_id_for,
    scan_file,
    site_of,
    survey_raw_folder,
    unique_release_ids,
)
from releasekit.cache import (
    BuildLayout,
    CacheError,
    FileRows,
    FileIndex,
    FileSummary,
    PageSummary,
    ResultCache,
    build_fingerprint,
    file_stat,
    release_key,
    rules_fingerprint,
)
from releasekit.tables import SCHEMAS, TABLES, OldRows, SplicingWriters, TableWriters, fsync_tree, returning_pool, write_partitioned

# The extractors, their rules and the corrections (which read the measure registry) are imported
# where a release is extracted or corrected: a rebuild that reuses every file, or finds nothing
# changed, does not import them (NLTK and the extract modules: about half of the start-up).
if TYPE_CHECKING:
    from releasekit.corrections import Correction
    from releasekit.extract.agencies import Gazetteer
    from releasekit.extract.bundle import RuleBundle

__all__ = [
    "BuildContext",
    "BuildSummary",
    "CacheWarning",
    "CorpusFacts",
    "FileBatch",
    "Processed",
    "build",
    "check_jobs",
    "corpus_facts",
    "file_key",
    "process_file",
    "process_files",
    "process_release",
    "summarize_file",
]

Row = dict[str, Any]
#: A table's rows as one list per column (cheaper to build, pickle and convert than dicts).
Columns = dict[str, list[Any]]

#: Files whose rows are converted to Arrow and written together.
WRITE_BATCH = 64

#: Written into every output folder (and committed there), so the folder explains itself.
PROCESSED_README = """# data/processed

Rebuilt from `data/raw/` by `releasekit build` (or `make all`); never edit by hand.
One Parquet file per table (documented in `docs/tables.md`) and `_build.json`
(versions, input hashes, row counts). The whole folder is replaced atomically
by each build.
"""

# MEASURES (the order of the totals table) comes from the measure registry
# in data/figure_rules.yaml, through releasekit.extract.figures.


@dataclass(frozen=True)
class Processed:
    """The rows one raw file contributes to each table: column lists, or Arrow tables with the table's schema.

    Workers convert their rows to Arrow (:func:`_as_arrow`), so the parent
    only concatenates tables (:func:`_merge_runs`); it converts back to column lists only for the
    rare file whose rows it must change (duplicate pointers, corrections).
    """

    source_path: str
    columns: Mapping[str, Columns] = field(default_factory=dict)
    sha256: str | None = None  # of the bytes that were parsed (None: not read)
    cache_error: str | None = None  # why the result cache could not be used for this file
    #: the release ids the file was read as (one per record of an export; ids another file has are left
    #: out); None when the file was not read at all
    release_ids: tuple[str, ...] | None = None
    #: inputs the file stands for: the file itself, or each record of an export (rejected ones too)
    n_inputs: int = 1

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle Arrow tables as IPC streams: a worker's result crosses to the parent
        about five times cheaper than pickling ``pa.Table`` objects (measured: 0.5
        against 2.2 ms for one release's tables), and the values are the same."""
        packed = {name: _ipc_bytes(t) if isinstance(t, pa.Table) else t for name, t in self.columns.items()}
        return _unpack_processed, (self.source_path, packed, self.sha256, self.cache_error, self.release_ids, self.n_inputs)

    def n_rows(self, name: str) -> int:
        """Rows this file contributes to table ``name``."""
        table = self.columns.get(name)
        if isinstance(table, pa.Table):
            return table.num_rows
        return len(next(iter(table.values()))) if table else 0

    def column(self, name: str, col: str) -> list[Any]:
        """The values of column ``col`` of table ``name`` (empty when the file has no such rows)."""
        table = self.columns.get(name)
        if isinstance(table, pa.Table):
            return table.column(col).to_pylist()
        return list(table.get(col, [])) if table else []


@dataclass(frozen=True)
class BuildSummary:
    """What a build did (printed as one line by the CLI)."""

    out_dir: Path
    n_files: int
    n_releases: int
    n_rejected: int
    n_problems: int
    rows: Mapping[str, int]
    seconds: float
    up_to_date: bool = False
    warnings: tuple[str, ...] = ()

    def line(self) -> str:
        """One-line summary for the end of a build."""
        if self.up_to_date:
            return (
                f"{self.n_files} files unchanged: {self.n_releases} releases, {self.n_rejected} rejected, "
                f"{self.n_problems} {'problem' if self.n_problems == 1 else 'problems'}; tables up to date ({self.seconds:.1f} s) -> {self.out_dir}"
            )
        return (
            f"{self.n_files} files: {self.n_releases} releases, {self.n_rejected} rejected, "
            f"{self.n_problems} {'problem' if self.n_problems == 1 else 'problems'} recorded; {self.rows.get('figures', 0)} figures, "
            f"{self.rows.get('agencies', 0)} agency mentions; {self.seconds:.1f} s -> {self.out_dir}"
        )


# --------------------------------------------------------------------------
# One release


class _IpcTable(bytes):
    """An Arrow table as an IPC stream (see :meth:`Processed.__reduce__`)."""


def _ipc_bytes(table: pa.Table) -> _IpcTable:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return _IpcTable(sink.getvalue().to_pybytes())


def _unpack_processed(
    source_path: str, packed: Mapping[str, Any], sha256: str | None, cache_error: str | None,
    release_ids: tuple[str, ...] | None, n_inputs: int,
) -> "Processed":
    columns = {name: pa.ipc.open_stream(t).read_all() if isinstance(t, _IpcTable) else t for name, t in packed.items()}
    return Processed(source_path, columns, sha256, cache_error, release_ids, n_inputs)


@dataclass(frozen=True)
class FileBatch:
    """Pass two of consecutive files as one unit (:func:`process_files`): what a worker sends back.

    ``items`` are the files' :class:`Processed` results in order; when
    ``tables`` is set, their rows are held there instead, one Arrow table per
    table name with every file's rows in file order, and ``rows[i]`` gives
    ``(name, n_rows)`` for each table of ``items[i]`` (its ``columns`` are
    empty). One conversion and one IPC stream per table and batch cost about
    a sixteenth of one per table and file (``from_pydict`` has a fixed cost
    of some 50-150 microseconds a call). :meth:`files` gives the files back
    with their rows as zero-copy slices: the same values, the same tables.
    """

    items: tuple["Processed", ...]
    tables: Mapping[str, pa.Table] | None = None
    rows: tuple[tuple[tuple[str, int], ...], ...] = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        packed = {name: _ipc_bytes(t) for name, t in self.tables.items()} if self.tables is not None else None
        return _unpack_batch, (self.items, packed, self.rows)

    def files(self) -> list["Processed"]:
        """The files' results, each with its own rows (slices of ``tables``)."""
        if self.tables is None:
            return list(self.items)
        offsets = dict.fromkeys(self.tables, 0)
        files = []
        for item, counts in zip(self.items, self.rows):
            columns = {}
            for name, n in counts:
                columns[name] = self.tables[name].slice(offsets[name], n)
                offsets[name] += n
            files.append(replace(item, columns=columns))
        return files


def _unpack_batch(
    items: tuple["Processed", ...], packed: Mapping[str, Any] | None, rows: tuple[tuple[tuple[str, int], ...], ...]
) -> FileBatch:
    tables = {name: pa.ipc.open_stream(t).read_all() for name, t in packed.items()} if packed is not None else None
    return FileBatch(items, tables, rows)


def _problem_rows(problems: Iterable[Problem]) -> list[Row]:
    return [
        {"source_path": p.source_path, "severity": p.severity, "code": p.code, "message": p.message}
        for p in problems
    ]


def process_release(
    release: Release, rules: RuleBundle | None = None, *, duplicate_of: str | None = None
) -> dict[str, Columns]:
    """Split, tokenize and extract one release; return its rows per table, as column lists.

    ``rules``: the rule bundle of the build (:meth:`RuleBundle.default` when None).
    Returns ``{table name: {column: list}}`` with the columns of each table's
    schema (:data:`releasekit.tables.SCHEMAS`), one entry per row.
    """
    if rules is None:
        from releasekit.extract.bundle import RuleBundle

        rules = RuleBundle.default()
    rows = _release_rows(release, rules, duplicate_of)
    return {name: r if isinstance(r, dict) else _to_columns(name, r) for name, r in rows.items()}


def _to_columns(name: str, rows: Sequence[Row]) -> Columns:
    """Rows (dicts) of table ``name`` as column lists in schema order."""
    return {col: [row.get(col) for row in rows] for col in SCHEMAS[name].names}


def _columns(name: str, columns: Columns) -> Columns:
    """Column lists of table ``name``, checked to name exactly its schema's columns."""
    if list(columns) != SCHEMAS[name].names:
        raise ValueError(f"{name}: columns {list(columns)} are not the schema's")
    return columns


@dataclass(frozen=True)
class _Extracted:
    """Everything the extractors found in one release (the input of its rows)."""

    sentences: list[Any]
    tokens: Columns
    kind: Any
    figures: list[Any]
    totals: list[Any]
    issuer: str | None
    agencies: list[Any]
    event: Any
    quotes: list[Any]
    level: Any


def _extract(release: Release, rules: RuleBundle) -> _Extracted:
    """Split, tokenize and run every extractor on one release, each with its rules from ``rules``."""
    from releasekit.extract.agencies import extract_agencies, resolve_issuer
    from releasekit.extract.dates import extract_event_date
    from releasekit.extract.figures import extract_figures, total_figures
    from releasekit.extract.kind import classify_release
    from releasekit.extract.level import release_level
    from releasekit.extract.quotes import extract_quotes
    from releasekit.text import split_sentences, token_columns

    body = release.body
    gazetteer = rules.gazetteer
    sentences = split_sentences(body, rules=rules.text)
    tokens = token_columns(sentences)
    kind = classify_release(release.title, body, sentences, rules=rules.kind)
    figures = extract_figures(body, sentences, kind=kind.kind, rules=rules.figures)
    issuer = resolve_issuer(release.publisher, release.url, release.title, body, gazetteer)
    agencies = extract_agencies(body, sentences, gazetteer, issuer=issuer)
    dated = release.published_precision in ("day", "month")
    event = extract_event_date(
        body,
        sentences,
        release.published if dated else None,
        published_precision=release.published_precision if dated else "day",
        rules=rules.dates,
    )
    issuer_entry = gazetteer.get(issuer) if issuer else None
    level = release_level(
        body, sentences, title=release.title, issuer=issuer,
        issuer_type=issuer_entry.agency_type if issuer_entry else None,
        forces=[a.agency for a in agencies if a.agency_type == "police_force"], metadata_area=release.area,
        rules=rules.level,
    )
    quotes = extract_quotes(body, sentences, rules=rules.quotes)
    totals = total_figures(figures, rules=rules.figures)
    return _Extracted(sentences, tokens, kind, figures, totals, issuer, agencies, event, quotes, level)


def _release_rows(release: Release, rules: RuleBundle, duplicate_of: str | None) -> dict[str, list[Row] | Columns]:
    """The rows of one release: small tables as dicts, sentences and tokens as columns."""
    from releasekit.extract.figures import measure_names

    found = _extract(release, rules)
    rid = release.release_id
    sentences = found.sentences
    return {
        "releases": [_release_row(release, found, duplicate_of)],
        "sentences": _columns(
            "sentences",
            {
                "release_id": [rid] * len(sentences),
                "sentence_id": [s.sentence_id for s in sentences],
                "start": [s.start for s in sentences],
                "end": [s.end for s in sentences],
                "text": [s.text for s in sentences],
            },
        ),
        "tokens": _columns("tokens", {"release_id": [rid] * len(found.tokens["token_id"]), **found.tokens}),
        "figures": _figure_rows(rid, found.figures),
        "totals": _total_rows(rid, found.totals, measure_names(rules.figures)),
        "agencies": _agency_rows(rid, found.agencies),
        "quotes": _quote_rows(rid, found.quotes),
    }


def _release_row(release: Release, found: _Extracted, duplicate_of: str | None) -> Row:
    """The ``releases`` row of one release."""
    rid, body, sentences, tokens = release.release_id, release.body, found.sentences, found.tokens
    kind, event, level, issuer = found.kind, found.event, found.level, found.issuer
    return {
        "release_id": rid,
        "source_path": release.source_path,
        "url": release.url,
        "issuer": issuer,
        "force": issuer,  # deprecated alias of issuer, kept one release
        "publisher": release.publisher,
        "title": release.title,
        "published": release.published,
        "published_precision": release.published_precision,
        "published_source": release.published_source,
        "year": release.published.year if release.published else None,
        "event_date": event.date if event else None,
        "event_date_evidence": event.evidence if event else None,
        "event_date_rule": event.rule if event else None,
        "kind": kind.kind,
        "kind_evidence": kind.evidence,
        "kind_rule": kind.rule,
        "body": body,
        "n_sentences": len(sentences),
        "n_words": sum([alpha or lower[:1].isdigit() for alpha, lower in zip(tokens["is_alpha"], tokens["lower"])]),
        "chrome_chars_removed": release.chrome_chars_removed,
        "sha256": release.sha256,
        "format": release.format,
        "truncated": release.truncated,
        "duplicate_of": duplicate_of,
        "area": level.area,
        "area_metadata": release.area,
        "level": level.level,
        "level_rule": level.rule,
        "level_evidence": level.evidence,
        "description": release.description,
        "extracted_event_date": event.date if event else None,
        "source": "extracted",
        "title_source": release.title_source,
        "url_source": release.url_source,
    }


def _figure_rows(rid: str, figures: Sequence[Any]) -> list[Row]:
    """The ``figures`` rows of one release (``figure_id`` in extraction order)."""
    return [
        {
            "release_id": rid,
            "figure_id": i,
            "measure": f.measure,
            "value": f.value,
            "qualifier": f.qualifier,
            "subject": f.subject,
            "location": f.location,
            "scope": f.scope,
            "sentence_id": f.sentence_id,
            "start": f.start,
            "end": f.end,
            "evidence": f.evidence,
            "rule": f.rule,
        }
        for i, f in enumerate(figures)
    ]


def _total_rows(rid: str, totals: Sequence[Any], measures: Sequence[str]) -> list[Row]:
    """The ``totals`` rows of one release: one per measure of the registry, in its order."""
    totals_by_measure = {total.measure: total for total in totals}
    return [
        {
            "release_id": rid,
            "measure": measure,
            "value": totals_by_measure[measure].value if measure in totals_by_measure else None,
            "qualifier": totals_by_measure[measure].qualifier if measure in totals_by_measure else None,
            "n_figures": totals_by_measure[measure].n_figures if measure in totals_by_measure else 0,
            "extracted_value": totals_by_measure[measure].value if measure in totals_by_measure else None,
            "source": "extracted",
        }
        for measure in measures
    ]


def _agency_rows(rid: str, agencies: Sequence[Any]) -> list[Row]:
    """The ``agencies`` rows of one release."""
    return [
        {
            "release_id": rid,
            "agency": a.agency,
            "agency_type": a.agency_type,
            "role": a.role,
            "mention_role": a.mention_role,
            "mention": a.mention,
            "sentence_id": a.sentence_id,
            "start": a.start,
            "end": a.end,
            "rule": a.rule,
        }
        for a in agencies
    ]


def _quote_rows(rid: str, quotes: Sequence[Any]) -> list[Row]:
    """The ``quotes`` rows of one release (``quote_id`` in text order)."""
    return [
        {
            "release_id": rid,
            "quote_id": i,
            "speaker": q.speaker,
            "speaker_role": q.speaker_role,
            "organisation": q.organisation,
            "quote": q.quote,
            "start": q.start,
            "end": q.end,
            "n_words": q.n_words,
        }
        for i, q in enumerate(quotes)
    ]


@lru_cache(maxsize=1)
def _empty_corrections() -> pa.Table:
    """The corrections rows of a release that has none (made when first asked: making a table
    imports pandas, 0.35 s that a rebuild with nothing changed does not need)."""
    return SCHEMAS["corrections"].empty_table()


def _bundle_fingerprint(bundle: RuleBundle | None) -> str:
    """:func:`releasekit.cache.rules_fingerprint` (pipeline code and packaged rule
    files), extended with the content of every rule file of ``bundle`` that is
    not the packaged one (None: the packaged rules, nothing loaded or compiled)."""
    base = rules_fingerprint()
    if bundle is None:
        return base
    own = [(name, path) for name, path in bundle.sources if path != packaged_path(Path(path).name)]
    if not own:
        return base
    digest = hashlib.sha256(base.encode())
    for name, path in own:
        digest.update(name.encode() + b"\0" + Path(path).read_bytes())
    return digest.hexdigest()


def _corrected(
    item: Processed, corrections: Mapping[str, Sequence[Correction]], seen: set[str], problems: list[Problem],
    gazetteer: Callable[[], Gazetteer],
) -> Processed:
    """``item`` with the corrections of each of its releases applied (``corrections.csv``); notes the releases as seen.

    ``gazetteer`` gives the build's gazetteer (asked only when a release has a correction: loading it compiles rules).

    A file holds one release, or one per record of an export: each release's
    rows get that release's corrections (and bookkeeping columns) alone.
    """
    ids = item.column("releases", "release_id")
    if not ids:
        return item
    seen.update(rid for rid in ids if rid in corrections)  # only these can be unused corrections' releases
    if not any(rid in corrections for rid in ids):
        # nothing to correct: the bookkeeping columns already say "extracted";
        # the (empty) corrections table is written as when corrections are applied
        return replace(item, columns={**item.columns, "corrections": _empty_corrections()})
    from releasekit.corrections import apply_corrections

    item = _as_columns(item)

    def resolve(name: str) -> tuple[str, str]:
        entry = gazetteer().lookup(name)
        return (entry.name, entry.agency_type) if entry else (name, "unknown")

    if len(ids) == 1:
        columns, found = apply_corrections(item.columns, corrections.get(ids[0], ()), resolve)
        problems.extend(found)
        return replace(item, columns=columns)
    parts = []
    for rid, rows in zip(ids, _by_release(item.columns, ids)):
        columns, found = apply_corrections(rows, corrections.get(rid, ()), resolve)
        problems.extend(found)
        parts.append(columns)
    columns = _concat(parts)
    if "problems" in item.columns:
        columns["problems"] = item.columns["problems"]
    return replace(item, columns=columns)


# --------------------------------------------------------------------------
# Worker processes


@dataclass(frozen=True)
class BuildContext:
    """What pass two needs besides one file: the corpus-wide facts of pass one and the build's options.

    Sent once to every worker (local processes, Dask or Spark); see
    :func:`process_file` and ``docs/scale.md``.
    """

    raw_dir: Path
    stats: ChromeStats
    manifest: Mapping[str, ManifestRow | None]
    duplicates: Mapping[str, str]
    as_of: dt.date | None = None
    cache_dir: Path | None = None
    time_budget: float | None = None
    #: (source path, release id) of a release whose id an earlier file already has -> that file
    taken: Mapping[tuple[str, str], str] = field(default_factory=dict)
    #: :func:`releasekit.cache.rules_fingerprint` (computed once by the parent)
    rules: str | None = None
    #: the rule sets of the extraction, loaded once by the parent (``None``: the packaged ones,
    #: :meth:`RuleBundle.default`, loaded when first needed)
    bundle: RuleBundle | None = None
    #: process id of the building process: :func:`process_files` run anywhere else (a worker
    #: process, Dask, Spark) sends its rows back as Arrow (``None``: always)
    driver: int | None = None

    def rule_bundle(self) -> RuleBundle:
        """The build's rule bundle (:meth:`RuleBundle.default` when none was given)."""
        if self.bundle is not None:
            return self.bundle
        from releasekit.extract.bundle import RuleBundle

        return RuleBundle.default()


def _scan_one(raw_dir: Path, source_path: str) -> tuple[list[RawRelease], list[Problem]]:
    """The raw releases of one file (several for an export) and the problems met."""
    try:
        data, sha, size = read_raw_file(raw_dir / source_path, read_limit(source_path))  # bounded: huge files are hashed, not held
    except OSError as error:
        return [], [Problem(source_path, "error", "unreadable_file", f"the file could not be read: {os_reason(error)}")]
    return scan_file(source_path, data, sha256=sha, size=size)


def summarize_file(raw_dir: Path, source_path: str) -> FileSummary:
    """Pass one's map for one file (a pure function of the file): per raw release its id, URL, hashes, line keys and sketch.

    The file's stat is kept (so the next build need not read it again) only
    when it is the same before and after the read.
    """
    path = raw_dir / source_path
    before = file_stat(path)
    raws, _ = _scan_one(raw_dir, source_path)
    sha = raws[0].sha256 if raws else file_sha256(path)  # a file with no release (not text) is hashed alone
    pages = tuple(
        PageSummary(
            raw.release_id, raw.meta.get("url"), raw.content_hash, raw.sha256, array("Q", line_keys(raw.text)), array("Q", body_sketch(raw.text))
        )
        for raw in raws
    )
    return FileSummary(source_path, sha, pages, before if before == file_stat(path) else None)


def _problem_columns(problems: Iterable[Problem]) -> dict[str, Columns]:
    rows = _problem_rows(problems)
    return {"problems": _to_columns("problems", rows)} if rows else {}


def _batch_tables(items: Sequence[Processed]) -> tuple[list[Processed], dict[str, pa.Table]]:
    """One Arrow table per table for a batch of files (their rows concatenated, in order).

    Rows still held as column lists are converted here, which checks every
    value against the schema: a file whose rows do not fit (e.g. a number
    beyond int64) becomes an ``internal_error`` of its own (:func:`_as_arrow`),
    so one bad value never fails the Parquet writer or the whole build.
    """
    try:
        return list(items), _merge_runs(items)
    except (pa.ArrowException, OverflowError, TypeError, ValueError):
        pass  # some file's rows do not fit: convert file by file to find it
    checked = [_as_arrow(item) for item in items]
    return checked, _merge_runs(checked)


def _merge_runs(items: Sequence[Processed]) -> dict[str, pa.Table]:
    """Concatenate the tables of ``items`` table by table (one chunk per table),
    converting each run of consecutive files still held as column lists in one
    step (one Arrow conversion per table and run, not per file: the
    one-process build's path). Raises what ``pa.Table.from_pydict`` raises
    when a value does not fit the schema."""
    tables = {}
    for name in TABLES:
        parts: list[pa.Table] = []
        run: list[Columns] = []
        for item in items:
            table = item.columns.get(name)
            if isinstance(table, pa.Table):
                if run:
                    parts.append(_from_columns(name, run))
                    run = []
                parts.append(table)
            elif table:
                run.append(table)
        if run:
            parts.append(_from_columns(name, run))
        if parts:
            tables[name] = pa.concat_tables(parts).combine_chunks() if len(parts) > 1 else parts[0]
    return tables


def _from_columns(name: str, run: Sequence[Columns]) -> pa.Table:
    """One Arrow table of ``name`` from the column lists of consecutive files."""
    if len(run) == 1:
        return pa.Table.from_pydict(dict(run[0]), schema=SCHEMAS[name])
    columns = {col: list(chain.from_iterable([part[col] for part in run])) for col in SCHEMAS[name].names}
    return pa.Table.from_pydict(columns, schema=SCHEMAS[name])


def _as_arrow(item: Processed) -> Processed:
    """``item`` with every table as Arrow; a file whose rows do not fit the schema is an ``internal_error``."""
    if all(isinstance(table, pa.Table) for table in item.columns.values()):
        return item
    try:
        tables = {
            name: table if isinstance(table, pa.Table) else pa.Table.from_pydict(dict(table), schema=SCHEMAS[name])
            for name, table in item.columns.items()
            if isinstance(table, pa.Table) or table
        }
    except (pa.ArrowException, OverflowError, TypeError, ValueError) as error:
        problem = Problem(item.source_path, "error", "internal_error", f"{type(error).__name__}: {error}")
        tables = {"problems": pa.Table.from_pydict(_problem_columns([problem])["problems"], schema=SCHEMAS["problems"])}
    return replace(item, columns=tables)


def _as_columns(item: Processed) -> Processed:
    """``item`` with every table as column lists (for the parent's rare edits)."""
    return replace(
        item, columns={name: table.to_pydict() if isinstance(table, pa.Table) else table for name, table in item.columns.items()}
    )


#: Seconds one release may take to read and extract (about 10,000 times what a
#: press release takes). A file that takes longer is a ``time_budget_exceeded``
#: problem and the build moves on; see :func:`_time_budget`.
RELEASE_TIME_BUDGET = 60.0


class _OverBudget(BaseException):
    """Raised by the timer inside a release's extraction (a BaseException, so no ``except Exception`` swallows it)."""


@contextmanager
def _time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_OverBudget` in the block after ``seconds`` (a real-time timer, main thread only).

    Extraction is pure Python over bounded sentences (:data:`releasekit.text.MAX_SENTENCE_CHARS`),
    so the timer's signal is handled within milliseconds of firing.
    """
    usable = _timer_usable(seconds)
    if not usable:
        yield
        return
    # the handler stays installed across a batch of files (:func:`_expiry_handler`): two system calls here, not four
    installed = signal.getsignal(signal.SIGALRM) is _expire
    previous = None if installed else signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if not installed:
            signal.signal(signal.SIGALRM, previous)


def _timer_usable(seconds: float | None) -> bool:
    """Whether a real-time timer can bound a block here (a budget given, on the main thread of a POSIX system)."""
    return bool(seconds) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _expire(signum: int, frame: object) -> None:
    """The SIGALRM handler of :func:`_time_budget`."""
    raise _OverBudget()


@contextmanager
def _expiry_handler(seconds: float | None) -> Iterator[None]:
    """:func:`_expire` installed for a block of many time budgets (restored after it)."""
    usable = _timer_usable(seconds)
    if not usable or signal.getsignal(signal.SIGALRM) is _expire:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    try:
        yield
    finally:
        signal.signal(signal.SIGALRM, previous)


def _process_one(context: BuildContext, source_path: str) -> Processed:
    """Everything one raw file contributes (every release of an export); never raises.

    Reading the file, and then each of its releases, has its own time budget
    (:data:`RELEASE_TIME_BUDGET`): a release that takes longer is a
    ``time_budget_exceeded`` problem naming it, and the file's other releases stay.
    """
    sha = None
    try:
        try:
            with _time_budget(context.time_budget):
                raws, problems = _scan_one(context.raw_dir, source_path)
        except _OverBudget:
            problem = _over_budget(source_path, release_id_for(source_path), context.time_budget)
            return Processed(source_path, _problem_columns([problem]))
        sha = raws[0].sha256 if raws else None
        parts: list[dict[str, Columns]] = []
        cache_error = None
        for raw in raws:
            owner = context.taken.get((source_path, raw.release_id))
            if owner is not None:
                message = (
                    f"{_record_prefix(raw.source_path, raw.release_id)}its release id {raw.release_id!r} "
                    f"is already that of {owner}: not read (rename one of them)"
                )
                problems.append(Problem(raw.source_path, "error", "release_id_collision", message))
                continue
            try:
                with _time_budget(context.time_budget):
                    rows, found, error = _process_raw(context, raw)
            except _OverBudget:
                problems.append(_over_budget(raw.source_path, raw.release_id, context.time_budget))
                continue
            problems += found
            cache_error = cache_error or error
            if rows is not None:
                parts.append(rows)
        columns = _problem_columns(problems)
        columns.update(_concat(parts))
        n_inputs = len(raws) + sum(p.code in RECORD_REJECTIONS for p in problems)
        own = tuple(raw.release_id for raw in raws if (source_path, raw.release_id) not in context.taken)
        return Processed(source_path, columns, sha, cache_error, own if raws else None, max(1, n_inputs))
    except Exception as error:  # noqa: BLE001 - a bad file must never crash the build
        message = f"{type(error).__name__}: {os_reason(error) if isinstance(error, OSError) else error}"
        problem = Problem(source_path, "error", "internal_error", message)
        return Processed(source_path, _problem_columns([problem]), sha)


def _process_raw(context: BuildContext, raw: RawRelease) -> tuple[dict[str, Columns] | None, list[Problem], str | None]:
    """One raw release: its rows (``None`` when it is not a release), its problems, and why the cache was not used."""
    release, problems = read_release(raw, context.stats, context.manifest, as_of=context.as_of)
    if release is None:  # not a release: no duplicate of one either
        return None, problems, None
    first = context.duplicates.get(raw.release_id)
    if first is not None:
        problems.append(_duplicate_problem(raw.source_path, raw.release_id, first))
    rows, cache_error = _extract_cached(release, first, context.cache_dir, context.rules, context.rule_bundle())
    problems += _date_problems(rows)
    return rows, problems, cache_error


def _over_budget(source_path: str, rid: str, seconds: float | None) -> Problem:
    message = (
        f"{_record_prefix(source_path, rid)}reading and extraction took more than {seconds:g} s (the per-release time budget); "
        "left out so that the build goes on: the text is unlike a press release (e.g. thousands of dates or numbers)"
    )
    return Problem(source_path, "error", "time_budget_exceeded", message)


def _record_prefix(source_path: str, rid: str) -> str:
    """How a problem message names the record of an export (``""`` for a one-release file)."""
    return "" if rid == release_id_for(source_path) else f"record {rid.rsplit('/', 1)[-1]} (release id {rid}): "


def _duplicate_problem(source_path: str, rid: str, first: str) -> Problem:
    message = f"{_record_prefix(source_path, rid)}same release as {first} (kept; releases.duplicate_of points to it)"
    return Problem(source_path, "warning", "duplicate_release", message)


def _concat(parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The rows of several releases of one file, table by table: Arrow tables
    when every part's are (from the cache), else column lists."""
    if len(parts) == 1:
        return dict(parts[0])
    if all(isinstance(table, pa.Table) for part in parts for table in part.values()):
        names = dict.fromkeys(name for part in parts for name in part)
        return {name: pa.concat_tables([part[name] for part in parts if name in part]).combine_chunks() for name in names}
    parts = [{name: table.to_pydict() if isinstance(table, pa.Table) else table for name, table in part.items()} for part in parts]
    tables: dict[str, Columns] = {}
    for part in parts:
        for name, columns in part.items():
            if name not in tables:
                tables[name] = {col: list(values) for col, values in columns.items()}
            else:
                for col, values in columns.items():
                    tables[name].setdefault(col, []).extend(values)
    return tables


def _by_release(columns: Mapping[str, Columns], ids: Sequence[str]) -> list[dict[str, Columns]]:
    """The rows of each release of ``ids``, from every table with a ``release_id`` column (one pass per table)."""
    position = {rid: i for i, rid in enumerate(ids)}
    parts: list[dict[str, Columns]] = [{} for _ in ids]
    for name, table in columns.items():
        rids = table.get("release_id")
        if rids is None:
            continue
        rows: list[list[int]] = [[] for _ in ids]
        for row, rid in enumerate(rids):
            rows[position[rid]].append(row)
        for part, keep in zip(parts, rows):
            part[name] = {col: [values[i] for i in keep] for col, values in table.items()}
    return parts


def _date_problems(rows: "dict[str, Columns | pa.Table]") -> list[Problem]:
    """Drop an event date outside the plausible range (it would break date arithmetic downstream).

    ``rows["releases"]`` is column lists or an Arrow table (from the cache), replaced by a
    corrected one when a date is dropped."""
    table = rows["releases"]
    if isinstance(table, pa.Table):
        latest = dt.date(FUTURE_HORIZON.year + 1, 12, 31)
        if all(date is None or EARLIEST_DATE <= date <= latest for date in table.column("event_date").to_pylist()):
            return []
        columns = table.to_pydict()
        problems = _date_problems({"releases": columns})
        rows["releases"] = pa.Table.from_pydict(columns, schema=table.schema)
        return problems
    releases = table
    problems = []
    for i, date in enumerate(releases["event_date"]):
        if date is not None and not (EARLIEST_DATE <= date <= dt.date(FUTURE_HORIZON.year + 1, 12, 31)):
            problems.append(
                Problem(releases["source_path"][i], "warning", "implausible_date", f"event date {date.isoformat()} is out of range; left out")
            )
            for column in ("event_date", "event_date_evidence", "event_date_rule", "extracted_event_date"):
                releases[column][i] = None
    return problems


def _extract_cached(
    release: Release, first: str | None, cache_dir: Path | None, rules: str | None, bundle: RuleBundle
) -> tuple[dict[str, "Columns | pa.Table"], str | None]:
    """:func:`process_release`, through the content-hash cache when there is one.

    Returns the rows and, when the cache could not be used, why: an entry
    that cannot be read, fails its checks or holds rows of another release is
    re-extracted (and replaced); the release is never lost to the cache.
    Without a cache the rows are column lists (converted per batch of files
    later); with one they are the Arrow tables the entry holds or was made
    from (converted once, here: the file's own entry and the output reuse
    them), or column lists when they do not fit the schema (the file then
    becomes an ``internal_error``, see :func:`_as_arrow`).
    """
    if cache_dir is None:
        return process_release(release, bundle, duplicate_of=first), None
    cache = ResultCache(cache_dir)
    key = release_key(release, first, rules=rules)
    error = None
    try:
        found = cache.get_tables(key)
        if found is not None:
            _check_cached(found[0], release, first, bundle.figures)
            return found[0], None
    except CacheError as problem:
        error = str(problem)
    rows = process_release(release, bundle, duplicate_of=first)
    try:
        tables = {name: pa.Table.from_pydict(dict(columns), schema=SCHEMAS[name]) for name, columns in rows.items()}
    except (pa.ArrowException, KeyError, TypeError, ValueError) as problem:
        return rows, error or f"rows could not be stored ({type(problem).__name__})"
    try:
        cache.put(key, tables)
    except CacheError as problem:
        error = error or str(problem)
    return tables, error


def _check_cached(rows: Mapping[str, pa.Table], release: Release, first: str | None, figure_rules: Any = None) -> None:
    """Raise :class:`CacheError` unless ``rows`` (an entry's tables, their schemas checked by
    :func:`releasekit.cache.decode_tables`) are this release's rows (a well-formed but wrong entry)."""
    from releasekit.extract.figures import measure_names

    if set(rows) != {"releases", "sentences", "tokens", "figures", "totals", "agencies", "quotes"}:
        raise CacheError("entry does not hold every table")
    releases = rows["releases"]
    expected = {
        "release_id": [release.release_id],
        "source_path": [release.source_path],
        "sha256": [release.sha256],
        "body": [release.body],
        "duplicate_of": [first],
    }
    if any(releases.column(column).to_pylist() != value for column, value in expected.items()):
        raise CacheError("entry holds another release")
    for name, table in rows.items():
        if "release_id" in table.column_names and any(rid != release.release_id for rid in table.column("release_id").to_pylist()):
            raise CacheError(f"{name}: rows of another release")
    if rows["totals"].num_rows != len(measure_names(figure_rules)):
        raise CacheError("totals: not one row per measure")


# --------------------------------------------------------------------------
# Pass two: one file's rows, through the file-level cache


#: Problems that depend on the moment, not on the inputs: a file with one of them is not cached.
_NOT_CACHED = frozenset({"internal_error", "time_budget_exceeded", "unreadable_file"})


class _Recurring:
    """:meth:`ChromeStats.is_recurring` as sets (the corpus's recurring keys, and each site's), for the keys of many files."""

    def __init__(self, stats: ChromeStats) -> None:
        self.stats = stats
        self.corpus = frozenset(k for k, n in stats.corpus_counts.items() if n >= stats.min_pages)
        self.by_site: dict[str, frozenset[int]] = {}

    def of(self, keys: Iterable[int], site: str) -> list[int]:
        """The recurring keys among ``keys``, sorted (as :meth:`ChromeStats.is_recurring` decides them)."""
        found = self.corpus.intersection(keys)
        if site:
            own = self.by_site.get(site)
            if own is None:
                counts = self.stats.site_counts.get(site, {})
                own = self.by_site[site] = frozenset(k for k, n in counts.items() if n >= self.stats.min_site_pages)
            found |= own.intersection(keys)
        return sorted(found)


def file_key(context: BuildContext, summary: FileSummary, *, recurring: _Recurring | None = None, sites: dict[str | None, str] | None = None) -> str:
    """Cache key of everything one file contributes: the file's bytes and every corpus-wide fact it reads.

    Those facts are the rules fingerprint, the file's manifest row, the build's
    ``as_of``, and per release its duplicate pointer, id collision, site and
    which of its lines' keys are recurring chrome (:func:`releasekit.chrome.line_keys`):
    :func:`releasekit.chrome.strip_chrome` asks the statistics about nothing else.
    So a file whose key is unchanged gives the same rows without being read.
    """
    row = manifest_row(context.manifest, summary.source_path)
    pages = []
    recurring = recurring or _Recurring(context.stats)
    for page in summary.pages:
        site = _site(page.meta_url or (row.url if row else None), sites)
        pages.append(
            [
                page.release_id, context.duplicates.get(page.release_id), context.taken.get((summary.source_path, page.release_id)),
                site, recurring.of(page.line_keys, site),
            ]
        )
    payload = {
        "rules": context.rules or rules_fingerprint(),
        "file": [summary.source_path, summary.sha256],
        "manifest": [row.url, row.publisher, row.published, row.truncated] if row else None,
        "as_of": context.as_of.isoformat() if context.as_of else None,
        "pages": pages,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _facts_digest(context: BuildContext) -> str:
    """Digest of the corpus-wide facts every file key reads besides the file's own pointers
    (:func:`_pointers`): the rules, ``as_of`` and which line keys are recurring chrome, overall and per site."""
    stats = context.stats
    corpus = sorted(k for k, n in stats.corpus_counts.items() if n >= stats.min_pages)
    by_site = {site: sorted(k for k, n in counts.items() if n >= stats.min_site_pages) for site, counts in stats.site_counts.items()}
    payload = [context.rules or rules_fingerprint(), context.as_of.isoformat() if context.as_of else None, corpus, sorted(by_site.items())]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def _pointers(context: BuildContext, summary: FileSummary) -> tuple[str, ...]:
    """What the key of a file reads of the corpus besides :func:`_facts_digest` and its own bytes: its
    manifest row and per release its duplicate pointer and id collision (as strings)."""
    row = manifest_row(context.manifest, summary.source_path)
    found = [repr((row.url, row.publisher, row.published, row.truncated)) if row else ""]
    for page in summary.pages:
        rid = page.release_id
        found.append(f"{context.duplicates.get(rid) or ''}\x1f{context.taken.get((summary.source_path, rid)) or ''}")
    return tuple(found)


def _site(url: str | None, sites: dict[str | None, str] | None) -> str:
    """:func:`releasekit.read.site_of`, remembered in ``sites`` (pass one and the file keys ask about the same URLs)."""
    if sites is None:
        return site_of(url)
    found = sites.get(url)
    if found is None:
        found = sites[url] = site_of(url)
    return found


def process_file(context: BuildContext, task: tuple[str, str | None, str | None]) -> Processed:
    """Pass two for one file (a pure function of the file and ``context``): its rows as Arrow tables.

    ``task`` is ``(source_path, key, sha256)``: with a ``key`` (:func:`file_key`)
    and a cache folder, the rows are stored under it for the next build, unless
    the file's bytes are no longer the ``sha256`` pass one saw or a problem
    says the result depends on the moment (a time budget, an unreadable file).
    """
    source_path, key, sha = task
    item = _process_one(context, source_path)
    cached = key is not None and context.cache_dir is not None
    if cached:  # Arrow here: the cache stores it (other rows are converted per batch: process_files, _batch_tables)
        item = _as_arrow(item)
    if not cached or item.sha256 != sha or item.cache_error:
        return item
    if _NOT_CACHED.intersection(item.column("problems", "code")):
        return item
    meta = {"source_path": source_path, "sha256": item.sha256, "release_ids": item.release_ids, "n_inputs": item.n_inputs}
    try:
        _file_store(context.cache_dir).put(key, item.columns, meta=meta)
    except CacheError as error:
        return replace(item, cache_error=str(error))
    return item


#: Files a worker processes and sends back as one :class:`FileBatch`.
BATCH_FILES = 16


def process_files(context: BuildContext, tasks: Sequence[tuple[str, str | None, str | None]]) -> FileBatch:
    """:func:`process_file` of consecutive files, as one :class:`FileBatch`.

    Outside the building process (``context.driver``) the batch's rows are
    converted to Arrow together (one table per table name: the parent of
    many workers then only concatenates, and the batch crosses to it as one
    IPC stream per table); a file whose rows do not fit the schema becomes
    an ``internal_error`` of its own, as in :func:`_batch_tables`. In the
    building process itself the rows stay as they are (the parent converts
    whole write batches).
    """
    with _expiry_handler(context.time_budget):
        items = [process_file(context, task) for task in tasks]
    if context.driver == os.getpid():
        return FileBatch(tuple(items))
    checked, tables = _batch_tables(items)
    rows = tuple(
        tuple((name, item.n_rows(name)) for name, table in item.columns.items() if isinstance(table, pa.Table) or table)
        for item in checked
    )  # the tables _merge_runs took rows from, as _as_arrow keeps them
    return FileBatch(tuple(replace(item, columns={}) for item in checked), tables, rows)


def _files(batches: Iterator[FileBatch]) -> Iterator["Processed"]:
    """The files of ``batches`` in order (closing this closes ``batches``: an interrupted build ends its workers)."""
    try:
        for batch in batches:
            yield from batch.files()
    finally:
        batches.close()


def _file_store(cache_dir: Path) -> ResultCache:
    """The file-level entries: ``<cache>/files/`` (the release-level ones are in ``<cache>/`` itself)."""
    return ResultCache(cache_dir / "files", compress=False)  # read back by the parent, thousands at a time


def _read_cached(context: BuildContext, key: str, summary: FileSummary) -> Processed | str:
    """The rows stored under ``key`` for this file, or why the entry cannot be used (any thread may call this)."""
    try:
        found = _file_store(context.cache_dir).get_tables(key)
        if found is None:
            raise CacheError("entry removed during the build")
        tables, meta = found
        if meta.get("source_path") != summary.source_path or meta.get("sha256") != summary.sha256:
            raise CacheError("entry holds another file")
        ids = meta.get("release_ids")
        return Processed(summary.source_path, tables, summary.sha256, None, tuple(ids) if ids is not None else None, int(meta["n_inputs"]))
    except CacheError as error:
        return str(error)
    except (KeyError, TypeError, ValueError) as error:
        return f"bad entry ({type(error).__name__})"


def _cached_file(context: BuildContext, key: str, summary: FileSummary, found: Processed | str | None = None) -> Processed:
    """The rows stored under ``key`` for this file; processed afresh when the entry fails its checks (noted as a cache error)."""
    found = _read_cached(context, key, summary) if found is None else found
    if isinstance(found, Processed):
        return found
    item = process_file(context, (summary.source_path, key, summary.sha256))
    return replace(item, cache_error=found)


#: Cache entries read ahead (in threads) while the parent writes the tables.
_READ_AHEAD = 64


@dataclass(frozen=True)
class _Reused:
    """A file whose rows are those it wrote in the previous build (same key): copied from the previous tables."""

    source_path: str
    position: int  # in the previous build's layout
    entry: FileRows
    summary: FileSummary


def _second_pass(
    context: BuildContext, summaries: Sequence[FileSummary], mapper: "Mapper",
    previous: Mapping[str, tuple[int, FileRows]] | None = None, keys: dict[str, str] | None = None,
    sites: dict[str | None, str] | None = None, facts: tuple[str, str] | None = None,
    pointers: dict[str, tuple[str, ...]] | None = None, warm: ProcessPoolExecutor | None = None,
) -> "Iterator[Processed | _Reused]":
    """Every file's rows in file order: a :class:`_Reused` when the previous build wrote them under
    the same key (``previous``: its layout by file), else from the file-level cache when its key is
    there, else processed by the engine. ``keys`` is filled with every file's key.

    ``facts``: (this build's, the previous build's) :func:`_facts_digest`; when they are equal, a
    file with the bytes and :func:`_pointers` it had keeps its previous key (it is the key
    :func:`file_key` would give) without computing it. ``pointers`` is filled with every file's.
    ``warm``: the warm worker (:func:`_warm_worker`), which extracts up to :data:`WARM_FILES` files.
    """
    pointers = {} if pointers is None else pointers
    same_facts = facts is not None and bool(facts[1]) and facts[0] == facts[1]
    keys = {} if keys is None else keys
    hits: set[str] = set()
    reused: dict[str, tuple[int, FileRows]] = {}
    if context.cache_dir is not None:
        recurring = _Recurring(context.stats)
        for summary in summaries:
            if summary.sha256 is None:
                continue
            old = previous.get(summary.source_path) if previous else None
            own = pointers[summary.source_path] = _pointers(context, summary)
            if same_facts and old is not None and old[1].key and old[1].sha256 == summary.sha256 and old[1].pointers == own:
                key = keys[summary.source_path] = old[1].key
            else:
                key = keys[summary.source_path] = file_key(context, summary, recurring=recurring, sites=sites)
            if old is not None and old[1].reusable and old[1].key == key and old[1].sha256 == summary.sha256:
                reused[summary.source_path] = old
            elif _file_store(context.cache_dir)._path(key).is_file():
                hits.add(summary.source_path)
    tasks = [(s.source_path, keys.get(s.source_path), s.sha256) for s in summaries if s.source_path not in hits and s.source_path not in reused]
    if warm is not None and 0 < len(tasks) <= WARM_FILES and context.bundle is None:
        computed: Iterator[Processed] = _on_warm_worker(warm, context, tasks)
    else:
        if tasks and context.bundle is None:
            # the packaged rules, loaded (compiled) once here: forked workers inherit them, others get them with the context
            context = replace(context, bundle=context.rule_bundle())
        computed = _files(mapper(process_files, context, list(_batches(tasks, BATCH_FILES)), 1))
    loader = ThreadPoolExecutor(max_workers=2) if hits else None  # reading entries overlaps writing Parquet
    ahead: deque = deque()
    queue = iter(summaries)

    def read_ahead() -> None:
        while len(ahead) < _READ_AHEAD:
            summary = next(queue, None)
            if summary is None:
                return
            old = reused.get(summary.source_path)
            if old is not None:
                ahead.append((summary, _Reused(summary.source_path, old[0], old[1], summary)))
                continue
            hit = loader is not None and summary.source_path in hits
            ahead.append((summary, loader.submit(_read_cached, context, keys[summary.source_path], summary) if hit else None))

    try:
        read_ahead()
        while ahead:
            summary, future = ahead.popleft()
            if future is None:
                yield next(computed)
            elif isinstance(future, _Reused):
                yield future
            else:
                yield _cached_file(context, keys[summary.source_path], summary, future.result())
            read_ahead()
    finally:
        if loader is not None:
            loader.shutdown(wait=True, cancel_futures=True)
        computed.close()  # an interrupted build ends its workers


_WORKER_CONTEXT: list[BuildContext] = []


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _stop_signals_blocked() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back from this thread in the block (a process forked in it inherits the mask).

    A worker forked while a Ctrl-C arrives would otherwise run the parent's
    handler before :func:`_init_worker` ignores the signal, and print a traceback.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


#: The young generation's collection threshold during a build (Python's default is 700).
#: Extraction allocates and frees many small containers per release (matches, tuples,
#: column lists), almost none of them in cycles; at 700 the collector ran about 950
#: times per 3,000 releases and promoted short-lived rows to older generations whose
#: collections walk every compiled rule: 0.7 s of a 15 s one-core build, against
#: 0.2 s at this threshold (``benchmarks/bench_build.py``; tables identical). The
#: pending containers it allows are a few megabytes at most.
GC_YOUNG_THRESHOLD = 10_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cyclic collector's young threshold raised to :data:`GC_YOUNG_THRESHOLD` (never
    lowered), and the caller's thresholds restored afterwards: the build is a library call."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], GC_YOUNG_THRESHOLD), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _init_worker(context: BuildContext) -> None:
    # Ctrl-C reaches every process of the terminal's group: only the main
    # process handles it (it ends the workers), so workers print no tracebacks
    if _in_worker():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the main process ends its workers with SIGTERM
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked while the worker was forked
        threshold = gc.get_threshold()  # a forked worker has the build's already, a spawned one not
        gc.set_threshold(max(threshold[0], GC_YOUNG_THRESHOLD), *threshold[1:])
    _WORKER_CONTEXT[:] = [context]


def _forks() -> bool:
    """Whether worker processes start by fork (they then inherit what the parent holds)."""
    import multiprocessing

    return multiprocessing.get_start_method() == "fork"


def _in_worker() -> bool:
    import multiprocessing

    return multiprocessing.parent_process() is not None


def _with_context(func: Callable[[Any, Any], Any], task: Any) -> Any:
    return func(_WORKER_CONTEXT[0], task)


#: ``mapper(func, context, tasks, chunksize)``: ``func(context, task)`` for each task, in order.
Mapper = Callable[[Callable[[Any, Any], Any], Any, Sequence[Any], int], Iterator[Any]]

#: The engines of :func:`build`.
ENGINES = ("local", "dask")


@contextmanager
def _engine(engine: "str | Mapper", jobs: int, scheduler: str | None) -> Iterator[Mapper]:
    """The map of ``engine``: worker processes on this machine, a Dask cluster (:mod:`releasekit.distributed`), or the caller's mapper."""
    if callable(engine):
        yield engine
        return
    if engine == "local":

        def local(func: Callable[[Any, Any], Any], context: Any, tasks: Sequence[Any], chunksize: int) -> Iterator[Any]:
            if jobs > 1 and isinstance(context, BuildContext) and context.bundle is not None and _forks():
                context.bundle.prepare()  # compiled once here: the forked workers share it
            return _map(partial(_with_context, func), tasks, jobs, initializer=_init_worker, initargs=(context,), chunksize=chunksize)

        yield local
        return
    if engine != "dask":
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    from releasekit.distributed import dask_client, dask_map

    with dask_client(scheduler, workers=jobs) as client:
        yield lambda func, context, tasks, chunksize: dask_map(client, func, context, tasks, chunksize=chunksize)


def _map(func: Callable[[Any], Any], items: Sequence[Any], jobs: int, *, initializer=None, initargs=(), chunksize: int = 16) -> Iterator[Any]:
    """Ordered map, in worker processes when ``jobs > 1``."""
    if jobs <= 1 or len(items) < 2 * chunksize:
        if initializer:
            initializer(*initargs)
        yield from map(func, items)
        return
    chunks = [items[i : i + chunksize] for i in range(0, len(items), chunksize)]
    window = 4 * jobs  # chunks in flight: results never pile up faster than they are written
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=initargs)
    finished = False
    try:
        pending: deque = deque()
        for chunk in chunks:
            with _stop_signals_blocked():  # a worker forked here starts deaf to Ctrl-C (see _init_worker)
                pending.append(pool.submit(_run_chunk, func, chunk))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_pool(pool)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers now (an interrupted or failed build): no worker outlives the build."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


def _run_chunk(func: Callable[[Any], Any], chunk: Sequence[Any]) -> list[Any]:
    return [func(item) for item in chunk]


#: A rebuild that re-reads at most this many files extracts them on the warm worker (:func:`_warm_worker`).
WARM_FILES = 32


def _init_warm_worker() -> None:
    """The warm worker's start: stop signals as in any worker, then the packaged rules imported and
    compiled (about a second) while the parent reduces pass one."""
    _init_worker(None)  # type: ignore[arg-type]
    from releasekit.extract.bundle import RuleBundle

    RuleBundle.default().prepare()


@contextmanager
def _warm_worker(wanted: bool) -> Iterator[ProcessPoolExecutor | None]:
    """One worker process, forked now, that loads the packaged rules at once (None unless ``wanted``).

    A rebuild after a few changed or added files spends about a second importing
    the extractors and compiling their rules before it can extract one release,
    and about as long in the parent's corpus-wide work of pass one; the warm
    worker does the first while the parent does the second (:func:`_on_warm_worker`).
    It is ended when the build ends (or stops), used or not.
    """
    if not wanted:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=1, initializer=_init_warm_worker)
    try:
        with _stop_signals_blocked():  # deaf to Ctrl-C until its initializer unblocks (see _init_worker)
            pool.submit(int)  # forks the worker now
        yield pool
    finally:
        _stop_pool(pool)




def _on_warm_worker(pool: ProcessPoolExecutor, context: BuildContext, tasks: Sequence[Any]) -> Iterator[Processed]:
    """:func:`process_file` of every task on the warm worker (one submission: the context is pickled once);
    in this process when the worker is gone (so a faulty rule file raises its own error here)."""
    try:
        with _stop_signals_blocked():
            future = pool.submit(process_files, context, tasks)
        done = future.result().files()
    except BrokenProcessPool:
        done = [process_file(context, task) for task in tasks]
    yield from done


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --------------------------------------------------------------------------
# Corpus-wide facts


class _Originals:
    """Keep duplicate pointers on releases that exist.

    Duplicates are found in pass one, before chrome removal can tell that the
    first copy is a page of chrome only. Files arrive in sorted order, so when
    a copy arrives, its first is already known to be a release or rejected; a
    copy whose first was rejected becomes the original (no pointer), and later
    copies point to it.
    """

    def __init__(self, duplicates: Mapping[str, str]) -> None:
        self.duplicates = duplicates
        self.rejected: set[str] = set()
        self.replacement: dict[str, str] = {}

    def settle(self, item: Processed) -> Processed:
        """``item`` with its duplicate pointers moved off rejected files and records."""
        released = item.column("releases", "release_id")
        moves = self.moves(item.source_path, item.release_ids, released)
        return _repoint(item, moves) if moves else item

    def moves(self, source_path: str, release_ids: Sequence[str] | None, released: Sequence[str]) -> dict[str, str | None]:
        """The duplicate pointers of a file's ``released`` ids to move (noting its rejected ids and the new firsts)."""
        ids = release_ids if release_ids is not None else (release_id_for(source_path),)
        self.rejected.update(set(ids) - set(released))
        moves: dict[str, str | None] = {}
        for rid in released:
            first = self.duplicates.get(rid)
            if first is None or first not in self.rejected:
                continue
            new_first = self.replacement.get(first)
            if new_first is None:
                self.replacement[first] = rid
            moves[rid] = new_first
        return moves


def _repoint(item: Processed, moves: Mapping[str, str | None]) -> Processed:
    """``item`` with ``releases.duplicate_of`` and the duplicate problems of the releases in ``moves`` set to their new first."""
    columns = dict(_as_columns(item).columns)
    releases = dict(columns["releases"])
    releases["duplicate_of"] = [
        moves[rid] if rid in moves else first for rid, first in zip(releases["release_id"], releases["duplicate_of"])
    ]
    columns["releases"] = releases
    old = columns.pop("problems", {})
    problems = [Problem(*(old[col][i] for col in ("source_path", "severity", "code", "message"))) for i in range(len(old.get("code", [])))]
    prefixes = tuple(_record_prefix(item.source_path, rid) for rid in moves)
    problems = [p for p in problems if not (p.code == "duplicate_release" and p.message.startswith(prefixes))]
    for rid, first in moves.items():
        if first is not None:
            problems.append(_duplicate_problem(item.source_path, rid, first))
    columns.update(_problem_columns(problems))
    return replace(item, columns=columns)


def _duplicates(summaries: Sequence[tuple[str, Any]], near_copies: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map each duplicate's release id to the first release with the same text or URL, or that it is a near-copy of.

    ``summaries``: ``(release_id, (content_hash, url))`` in file order (a
    file holds one release, or one per record of an export).
    ``near_copies`` maps a release id to the first release of its near-copy group
    (:func:`releasekit.chrome.near_copy_groups`): the same release
    republished by another force or saved under another name.
    """
    first_by_hash: dict[str, str] = {}
    first_by_url: dict[str, str] = {}
    duplicates: dict[str, str] = {}
    near_copies = near_copies or {}
    for rid, summary in summaries:
        if summary is None:
            continue
        chash, url = summary
        norm_url = url.rstrip("/").lower().replace("http://", "https://").replace("://www.", "://") if url else None
        first = first_by_hash.get(chash) or (first_by_url.get(norm_url) if norm_url else None)
        if first is None and rid in near_copies:
            first = near_copies[rid]
        if first is not None:
            duplicates[rid] = first
        first_by_hash.setdefault(chash, rid)
        if norm_url:
            first_by_url.setdefault(norm_url, rid)
    return duplicates


def _manifest_problems(
    files: Sequence[str], manifest: Mapping[str, ManifestRow], has_manifest: bool, others: Sequence[str] = ()
) -> list[Problem]:
    """Rows naming no file of the folder; release files the manifest does not list.

    ``others``: entries of the folder that are not release files (they are
    present, so a row naming one is not ``manifest_missing_file``).
    """
    if not has_manifest:
        return []
    present = {_nfc(f) for f in (*files, *others)}
    names = {PurePosixPath(f).name for f in present}
    problems = [
        Problem(name, "error", "manifest_missing_file", "manifest.csv lists this file but it is not in the raw folder")
        for name in sorted(manifest)
        if name not in present and name not in names
    ]
    problems += [
        Problem(f, "warning", "not_in_manifest", "file is not listed in manifest.csv: metadata comes from the file alone")
        for f in files
        if _nfc(f) not in manifest and PurePosixPath(_nfc(f)).name not in manifest
    ]
    return problems


def _nfc(path: str) -> str:
    """A path in Unicode NFC (the manifest's file names are read in NFC)."""
    return unicodedata.normalize("NFC", path)


# --------------------------------------------------------------------------
# Atomic output


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux ``renameat2``); False if unsupported."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def _swap_in(tmp: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``tmp`` so that readers never see a partial folder."""
    if out_dir.exists() and _exchange(tmp, out_dir):
        shutil.rmtree(tmp)
        return
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    if old.exists():
        shutil.rmtree(old)


def recover(out_dir: Path) -> None:
    """Restore ``out_dir`` if a build died between the two renames of a swap.

    Also removes the temporary folders (``.<out>.build-<pid>``, or
    ``<out>/.releasekit-build-<pid>`` for a folder filled in place) of builds
    that were killed: those whose process no longer runs.
    """
    old = out_dir.with_name(f".{out_dir.name}.old")
    if not out_dir.exists() and old.exists():
        os.replace(old, out_dir)
    stale_folders = []
    if out_dir.parent.is_dir():
        stale_folders += [(p, f".{out_dir.name}.build-") for p in out_dir.parent.glob(f".{out_dir.name}.build-*")]
    if out_dir.is_dir() and not out_dir.is_symlink():
        stale_folders += [(p, IN_PLACE_PREFIX) for p in out_dir.glob(f"{IN_PLACE_PREFIX}*")]
    for stale, prefix in stale_folders:
        pid = stale.name[len(prefix):]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check_jobs(jobs: int | None) -> int:
    """The number of worker processes to use for ``jobs``.

    ``None`` means every core. More workers than cores are never started
    (the tables are the same whatever the number). Raises :class:`ValueError`
    for a number below 1 or not a whole number.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs is None:
        return max(1, cores)
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise ValueError(f"jobs must be a whole number of worker processes, not {jobs!r}")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    return min(jobs, max(1, cores))


class CacheWarning(UserWarning):
    """The result cache could not be used: the build went on without it (the tables are the same)."""


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "releasekit": __version__}
    for name in ("pandas", "pyarrow", "nltk", "text2num", "PyYAML", "python-dateutil"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _with_fewer_collections(func: Callable[..., BuildSummary]) -> Callable[..., BuildSummary]:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> BuildSummary:
        with _fewer_collections():
            return func(*args, **kwargs)

    return wrapper


@_with_fewer_collections
def build(
    raw_dir: Path | str = "data/raw",
    out_dir: Path | str = "data/processed",
    *,
    jobs: int | None = None,
    progress: bool = False,
    as_of: dt.date | None = None,
    cache: bool = True,
    partitioned: bool = False,
    corrections: Path | str | None = None,
    stop: threading.Event | None = None,
    time_budget: float | None = RELEASE_TIME_BUDGET,
    engine: "str | Mapper" = "local",
    scheduler: str | None = None,
    rule_dir: Path | str | None = None,
) -> BuildSummary:
    """Build every table from ``raw_dir`` into ``out_dir`` (atomically).

    ``as_of``: no release is published after this day (later publication
    dates are ``future_date`` problems); see :func:`releasekit.read.publication_limit`.
    ``cache``: reuse results of unchanged releases from the content-hash
    cache next to ``out_dir`` (``.<name>.cache``), and stop at once when
    nothing changed since the last build (:mod:`releasekit.cache`); the
    tables are identical to a clean build either way.
    ``partitioned``: also write Hive-partitioned datasets under ``out_dir/dataset``.
    ``corrections``: a ``corrections.csv`` (:mod:`releasekit.corrections`) applied
    after extraction; its content is part of the build fingerprint.
    ``time_budget``: seconds one release may take to read and extract; a
    slower one is a ``time_budget_exceeded`` problem (``None``: no limit).
    ``engine``: ``"local"`` (worker processes on this machine) or ``"dask"``
    (a Dask distributed cluster: the one at ``scheduler``, an address such as
    ``tcp://host:8786``, or a local cluster of ``jobs`` workers; needs the
    ``dask`` extra, and every worker must see ``raw_dir`` and the cache folder
    at the same path), or a mapper of your own: ``mapper(func, context, tasks,
    chunksize)`` returns ``func(context, task)`` for every task, in order (e.g.
    Spark's ``mapPartitions``, see ``docs/scale.md``). The tables are identical
    whatever the engine.
    ``rule_dir``: a folder of rule files (:class:`releasekit.extract.bundle.RuleBundle`)
    whose files replace the packaged ones; their content is part of the
    fingerprint, so an edited rule re-extracts every release.
    ``stop``: when this event is set (by a signal handler), the build stops
    as on Ctrl-C: :class:`KeyboardInterrupt`, workers ended, the previous
    tables intact, the temporary folder removed.

    Raises :class:`releasekit.outdir.OutputFolderError` (a :class:`ValueError`)
    for an output folder that is, holds or lies in ``raw_dir``, or holds
    files a build did not write; :class:`FileNotFoundError` for a missing
    ``raw_dir`` or one that is a file; :class:`ValueError` for ``jobs`` below 1.
    """

    def check_stop() -> None:
        if stop is not None and stop.is_set():
            raise KeyboardInterrupt("stop requested")

    started = time.perf_counter()
    raw_dir, given_out = Path(raw_dir), Path(out_dir)
    jobs = check_jobs(jobs)
    if not callable(engine) and engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)} or a mapper, not {engine!r}")
    if not raw_dir.is_dir():
        if raw_dir.exists():  # FileNotFoundError too, so callers that catch it report it the same way
            raise FileNotFoundError(f"{raw_dir} is a file, not a folder: give the folder that holds the release files")
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    layout = check_output(raw_dir, given_out)  # never replace the raw files or a folder a build did not write
    out_dir = layout.out
    recover(out_dir)

    # what to build from: the release files, the manifest, each file's hash (from
    # the file index while its stat is unchanged), and the fingerprint of it all
    plan = _plan(raw_dir, layout.cache, cache=cache, rule_dir=rule_dir, corrections=corrections, as_of=as_of, partitioned=partitioned)
    files, rules, index, folder_problems, collisions = plan.files, plan.rules, plan.index, plan.folder_problems, plan.collisions
    previous_record = _previous_record(out_dir) if cache else {}
    if cache:
        done = _up_to_date(out_dir, plan.fingerprint, given_out, plan.n_accounted, started, previous_record)
        if done is not None:
            return done
    problems = plan.manifest_problems + folder_problems + collisions
    others = [p.source_path for p in folder_problems + collisions]
    problems += _manifest_problems(files, plan.manifest, plan.manifest_path is not None, others)
    manifest, ambiguous = manifest_by_file(files, plan.manifest)  # keyed by relative path from here on
    problems += ambiguous
    from releasekit.corrections import read_corrections

    by_release, correction_problems = read_corrections(plan.corrections_path)

    # pass one (a map over files, then a reduce): per release its site, content
    # hash, line keys and a sketch of its sentences; unchanged files are not read
    engines = ExitStack()
    mapper = engines.enter_context(_engine(engine, jobs, scheduler))
    few = cache and engine == "local" and jobs > 1 and plan.bundle is None and 0 < len(files) - len(plan.known) <= WARM_FILES
    warm = engines.enter_context(_warm_worker(few))  # a few files changed or added: their rules load meanwhile
    try:
        summaries = _first_pass(raw_dir, files, plan.known, mapper, check_stop)
        plan = replace(plan, known={})  # the index's summaries are packed in ``summaries`` now
        # URL -> site, for pass one and the file keys (a build without a cache computes no keys: no memo of every URL)
        sites: dict[str | None, str] | None = {} if cache else None
        facts = corpus_facts(summaries, manifest, sites)
    except BaseException:
        engines.close()
        raise
    notes: list[str] = []
    cache_dir = _open_cache(layout.cache, notes) if cache else None
    context = BuildContext(
        raw_dir, facts.stats, manifest, facts.duplicates, as_of, cache_dir, time_budget, facts.taken, rules=rules, bundle=plan.bundle,
        driver=os.getpid(),
    )

    # pass two: every file's rows (from the cache when its inputs are unchanged),
    # corrected and written in file order
    if not layout.in_place:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = layout.tmp(os.getpid())
    if tmp.exists():
        shutil.rmtree(tmp)
    last = _previous_layout(cache_dir, previous_record)
    by_file = {entry.source_path: (i, entry) for i, entry in enumerate(last.files)} if last is not None else None
    keys: dict[str, str] = {}
    facts_now = _facts_digest(context) if cache_dir is not None else ""
    pointers: dict[str, tuple[str, ...]] = {}
    second = _second_pass(context, summaries, mapper, by_file, keys, sites, (facts_now, last.facts if last else ""), pointers, warm)
    try:
        processed: Iterable[Processed] = second
        if progress:
            from tqdm import tqdm

            processed = tqdm(processed, total=len(files), unit="file", desc="releasekit build", file=sys.stderr)
        written = _write_tables(
            tmp, processed, context, plan.inputs, facts.scanned_sha, by_release, correction_problems, problems, check_stop,
            previous=(out_dir, last) if last is not None else None, keys=keys, pointers=pointers, layout=cache_dir is not None,
        )
        counts = written.counts
        _add_extras(tmp, out_dir, partitioned)
        recorded, n_files, n_rejected = _record(tmp, raw_dir, plan, written, as_of=as_of)
        fsync_tree(tmp)
        check_stop()
        if layout.in_place:
            install_in_place(tmp, out_dir)
        else:
            _swap_in(tmp, out_dir)
    finally:
        second.close()  # an interrupted build ends its workers now, not when the generator is collected
        engines.close()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    if index is not None and cache_dir is not None:
        notes += _save_index(index, rules, summaries, recorded)
        notes += _save_layout(cache_dir, build_fingerprint(recorded, plan.manifest_sha, plan.options), written, facts_now)
    notes += _cache_notes(written.cache_errors)
    for note in notes:
        warnings.warn(note, CacheWarning, stacklevel=2)
    return BuildSummary(
        out_dir=given_out,
        n_files=n_files,
        n_releases=written.n_released,
        n_rejected=n_rejected,
        n_problems=written.n_problems,
        rows=counts,
        seconds=time.perf_counter() - started,
        warnings=tuple(notes),
    )


@dataclass(frozen=True)
class _Plan:
    """What a build reads, before it reads any release: the release files and
    the problems of the folder, the manifest, each file's hash, the rule bundle
    and the fingerprint of it all (see :func:`_plan`)."""

    files: list[str]
    n_accounted: int
    folder_problems: list[Problem]
    collisions: list[Problem]
    manifest: Any
    manifest_problems: list[Problem]
    manifest_path: Path | None
    manifest_sha: str | None
    bundle: RuleBundle | None  # None: the packaged rules (loaded when first needed)
    rules: str
    index: FileIndex | None
    known: Mapping[str, Any]
    inputs: dict[str, str | None]
    corrections_path: Path | None
    options: dict[str, Any]
    fingerprint: str


def _save_index(index: FileIndex, rules: str, summaries: Sequence[FileSummary], recorded: Mapping[str, str | None]) -> list[str]:
    """Save the file index (the summaries of files whose recorded hash is the one
    summarised); return a note when it cannot be saved."""
    try:
        index.save(rules, (summary for summary in summaries if recorded.get(summary.source_path) == summary.sha256))  # type: ignore[arg-type]
    except CacheError as error:
        return [f"the file index could not be saved: {error}; the next build reads every file again"]
    return []


def _previous_layout(cache_dir: Path | None, record: Mapping[str, Any]) -> BuildLayout | None:
    """The layout of the tables in the output folder (:class:`releasekit.cache.BuildLayout`), when it describes them."""
    if cache_dir is None or not record.get("fingerprint"):
        return None
    layout = BuildLayout.load(cache_dir)
    return layout if layout is not None and layout.fingerprint == record["fingerprint"] else None


def _save_layout(cache_dir: Path, fingerprint: str, written: "_Written", facts: str) -> list[str]:
    """Save what each file wrote (for the next rebuild to copy); return a note when it cannot be saved."""
    try:
        BuildLayout(fingerprint, tuple(written.layout), written.flushes, facts).save(cache_dir)
    except CacheError as error:
        return [f"the table layout could not be saved: {error}; the next build reads every cache entry again"]
    return []


def _cache_notes(cache_errors: Sequence[str]) -> list[str]:
    """The note a build gives when some result-cache entries could not be used."""
    if not cache_errors:
        return []
    return [
        f"{len(cache_errors)} result-cache entr{'y' if len(cache_errors) == 1 else 'ies'} could not be used "
        f"(first: {cache_errors[0]}); those releases were extracted afresh (the tables are the same)"
    ]


def _record(tmp: Path, raw_dir: Path, plan: _Plan, written: Any, *, as_of: dt.date | None) -> tuple[dict[str, str | None], int, int]:
    """Write ``_build.json`` into ``tmp``; return the recorded hash of every file,
    the number of files accounted for and the number rejected.

    The record holds the hashes of the bytes that were parsed: a file
    rewritten during the build is seen as changed by the next one.
    """
    left_out = {p.source_path for p in plan.folder_problems + plan.collisions if p.severity == "error"}  # files not read
    n_rejected = written.n_rejected + len(left_out)
    n_files = written.n_parsed + len(left_out)
    recorded = {source_path: written.parsed.get(source_path, plan.inputs[source_path]) for source_path in plan.files}
    _write_build_record(
        tmp,
        raw_dir,
        recorded,
        plan.manifest_sha,
        written.counts,
        as_of=as_of,
        fingerprint=build_fingerprint(recorded, plan.manifest_sha, plan.options),
        n_rejected=n_rejected,
        n_files=n_files,
    )
    return recorded, n_files, n_rejected


def _plan(
    raw_dir: Path, cache_folder: Path, *, cache: bool, rule_dir: Path | str | None, corrections: Path | str | None,
    as_of: dt.date | None, partitioned: bool,
) -> _Plan:
    """The release files of ``raw_dir``, the manifest, each file's hash (from the
    file index of ``cache_folder`` while its stat is unchanged), the rule bundle
    (loaded once; ``rule_dir`` replaces packaged files) and the build fingerprint.

    Raises :class:`releasekit.rulefiles.RuleFileError` for a faulty rule folder.
    """
    manifest, manifest_problems = read_manifest(raw_dir)
    manifest_path, _ = find_manifest(raw_dir)
    candidates, folder_problems = survey_raw_folder(raw_dir)  # what is a release file, and a problem for the rest
    files, collisions = unique_release_ids(candidates)
    # a rule folder is loaded (and checked) now, once, and sent to every worker; the packaged rules
    # are loaded only when a release must be extracted (a rebuild that reuses every file compiles nothing)
    bundle = None
    if rule_dir is not None:
        from releasekit.extract.bundle import RuleBundle

        bundle = RuleBundle.load(rule_dir)
    rules = _bundle_fingerprint(bundle)
    index = FileIndex(cache_folder) if cache else None
    known = _unchanged_files(raw_dir, files, index.load(rules) if index else {})
    inputs = {f: known[f].sha256 if f in known else file_sha256(raw_dir / f) for f in files}
    manifest_sha = file_sha256(manifest_path) if manifest_path is not None else None
    corrections_path = Path(corrections) if corrections is not None else None
    corrections_sha = file_sha256(corrections_path) if corrections_path is not None and corrections_path.is_file() else None
    options = {"as_of": as_of, "partitioned": partitioned, "corrections": corrections_sha, "rules": rules}
    return _Plan(
        files=files,
        n_accounted=len(candidates) + len({p.source_path for p in folder_problems if p.severity == "error"}),
        folder_problems=folder_problems,
        collisions=collisions,
        manifest=manifest,
        manifest_problems=manifest_problems,
        manifest_path=manifest_path,
        manifest_sha=manifest_sha,
        bundle=bundle,
        rules=rules,
        index=index,
        known=known,
        inputs=inputs,
        corrections_path=corrections_path,
        options=options,
        fingerprint=build_fingerprint(inputs, manifest_sha, options),
    )


def _add_extras(tmp: Path, out_dir: Path, partitioned: bool) -> None:
    """Beside the tables in ``tmp``: the partitioned datasets (when asked), the README, and the entries kept from ``out_dir``."""
    if partitioned:
        write_partitioned(tmp, tmp / "dataset")
    (tmp / "README.md").write_text(PROCESSED_README, encoding="utf-8")
    for keep in sorted(KEEP_ENTRIES):
        if (out_dir / keep).is_file():
            shutil.copyfile(out_dir / keep, tmp / keep)


def _up_to_date(
    out_dir: Path, fingerprint: str, given_out: Path, n_accounted: int, started: float, previous: Mapping[str, Any] | None = None
) -> BuildSummary | None:
    """The summary of the tables in ``out_dir`` when they were built from exactly these inputs; else None.

    ``previous``: :func:`_previous_record` of ``out_dir``, when the caller has it."""
    previous = _previous_record(out_dir) if previous is None else previous
    if previous.get("fingerprint") != fingerprint:
        return None
    return BuildSummary(
        out_dir=given_out,
        n_files=previous.get("n_files", n_accounted),
        n_releases=previous["rows"]["releases"],
        n_rejected=previous.get("n_rejected", 0),
        n_problems=previous["rows"]["problems"],
        rows=previous["rows"],
        seconds=time.perf_counter() - started,
        up_to_date=True,
    )


def _open_cache(folder: Path, notes: list[str]) -> Path | None:
    """``folder`` when the result cache can be used there; else None and a note why."""
    try:
        store = ResultCache(folder)
        store.check()
        store.sweep()
    except (CacheError, OSError) as error:
        notes.append(f"the result cache is not used: {error}; every release is extracted afresh (the tables are the same)")
        return None
    return folder


def _unchanged_files(raw_dir: Path, files: Sequence[str], index: Mapping[str, FileSummary]) -> dict[str, FileSummary]:
    """The index entries of the files whose stat is the one recorded (a stat call each; nothing is read)."""
    if not index:
        return {}
    found = {}
    folder = str(raw_dir)
    for source_path in files:
        entry = index.get(source_path)
        if entry is not None and entry.stat is not None and file_stat(os.path.join(folder, source_path)) == entry.stat:  # type: ignore[arg-type]
            found[source_path] = entry
    return found


def _first_pass(
    raw_dir: Path, files: Sequence[str], known: Mapping[str, FileSummary], mapper: "Mapper", check_stop: Callable[[], None]
) -> "_PackedSummaries":
    """Pass one's map: the summary of every file, in file order (packed as it arrives); files in ``known`` are not read."""
    todo = [f for f in files if f not in known]
    mapped = mapper(summarize_file, raw_dir, todo, 64)

    def in_order() -> Iterator[FileSummary]:
        for source_path in files:
            if source_path in known:
                yield known[source_path]
                continue
            summary = next(mapped)  # the mapper keeps the order of its tasks
            check_stop()
            if summary.source_path != source_path:
                raise RuntimeError(f"pass one returned {summary.source_path} for {source_path}: the engine did not keep the order")
            yield summary

    try:
        return _PackedSummaries(in_order())
    finally:
        getattr(mapped, "close", lambda: None)()  # a stopped build ends its workers now


#: Pass-one summaries packed together (see :class:`_PackedSummaries`).
SUMMARY_BLOCK = 1024


class _PackedSummaries(Sequence[FileSummary]):
    """Every file's pass-one summary, in file order, pickled :data:`SUMMARY_BLOCK` files to a block.

    A build holds every summary from pass one to its end (the file keys and
    the file index read them after the writing has started): as objects
    they take about 1.5 kB a file, packed about 0.6 kB (measured on the
    release files of ``data/raw``: 20 line keys and 18 sketch keys a page).
    Reading unpacks one block at a time; the summaries read are equal to
    those packed.
    """

    def __init__(self, summaries: Iterable[FileSummary]) -> None:
        self._blocks: list[bytes] = []
        self._n = 0
        block: list[tuple[Any, ...]] = []
        for summary in summaries:
            pages = tuple((p.release_id, p.meta_url, p.content_hash, p.sha256, p.line_keys, p.sketch) for p in summary.pages)
            block.append((summary.source_path, summary.sha256, pages, summary.stat))
            if len(block) == SUMMARY_BLOCK:
                self._pack(block)
                block = []
        if block:
            self._pack(block)

    def _pack(self, block: list[tuple[Any, ...]]) -> None:
        self._blocks.append(pickle.dumps(block, protocol=pickle.HIGHEST_PROTOCOL))
        self._n += len(block)

    @staticmethod
    def _unpack(data: bytes) -> list[FileSummary]:
        return [
            FileSummary(source_path, sha256, tuple(PageSummary(*page) for page in pages), stat)
            for source_path, sha256, pages, stat in pickle.loads(data)
        ]

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[FileSummary]:
        for data in self._blocks:
            yield from self._unpack(data)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._n))]
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError(index)
        return self._unpack(self._blocks[index // SUMMARY_BLOCK])[index % SUMMARY_BLOCK]


@dataclass(frozen=True)
class CorpusFacts:
    """What pass one learns about the whole corpus (the reduce of :func:`corpus_facts`).

    ``stats``: chrome recurrence; ``duplicates``: release id -> the first
    release with the same text or URL, or of its near-copy group; ``taken``:
    ``(file, release id)`` of a record whose id an earlier file already has ->
    that file; ``scanned_sha``: the SHA-256 pass one saw of each file.
    """

    stats: ChromeStats
    duplicates: Mapping[str, str]
    taken: Mapping[tuple[str, str], str]
    scanned_sha: Mapping[str, str]


def corpus_facts(
    summaries: Iterable[FileSummary], manifest: Mapping[str, ManifestRow | None], sites: dict[str | None, str] | None = None
) -> CorpusFacts:
    """Pass one's reduce: chrome statistics, duplicates and id collisions from every file's summary, in file order.

    Near-copies (one release on several sites or under several names) form
    one group, which counts once towards chrome recurrence. Cost: linear in
    the number of leading-line keys (no file is read here).
    """
    rows: list[tuple[str, Any]] = []
    scanned_sha: dict[str, str] = {}
    pages: list[tuple[str, str, str, Sequence[int], tuple[int, ...]]] = []
    owners: dict[str, tuple[str, str]] = {}  # release id (NFC, any case) -> the file and release id that have it first
    taken: dict[tuple[str, str], str] = {}
    for summary in summaries:
        source_path = summary.source_path
        row = manifest_row(manifest, source_path)
        for page in summary.pages:
            rid = page.release_id
            owner = owners.setdefault(unicodedata.normalize("NFC", rid.casefold()), (source_path, rid))
            if owner != (source_path, rid):  # raid.html and a record raid of an export, or records A1 and a1
                taken[(source_path, rid)] = owner[0]
                continue
            url = page.meta_url or (row.url if row else None)
            rows.append((rid, (page.content_hash, url)))
            scanned_sha[source_path] = page.sha256
            pages.append((rid, _site(url, sites), page.content_hash, page.line_keys[:LEADING_LINES], page.sketch))
    groups = _groups(pages)
    order = sorted(range(len(pages)), key=lambda i: (groups[i], i))
    stats = ChromeStats.from_pages((pages[i][1], str(groups[i]), pages[i][3]) for i in order)
    near_copies = {pages[i][0]: pages[groups[i]][0] for i in range(len(pages)) if groups[i] != i}
    return CorpusFacts(stats, _duplicates(rows, near_copies), taken, scanned_sha)


@dataclass
class _Written:
    """What :func:`_write_tables` wrote."""

    counts: dict[str, int] = field(default_factory=dict)
    n_released: int = 0
    n_rejected: int = 0
    n_problems: int = 0
    n_parsed: int = 0  # files written
    #: file -> SHA-256 of the bytes parsed, for the files where it is not the hash the build started from
    #: (``inputs``; a file rewritten while the build ran): a few entries, not one per file
    parsed: dict[str, str | None] = field(default_factory=dict)
    cache_errors: list[str] = field(default_factory=list)
    layout: list[FileRows] = field(default_factory=list)  # what each file wrote (for the next rebuild)
    flushes: dict[str, list] = field(default_factory=dict)
    spliced: dict[str, tuple[int, int]] = field(default_factory=dict)  # per table: flushes copied, encoded


def _note_parsed(written: _Written, source_path: str, sha256: str | None, inputs: Mapping[str, str | None]) -> None:
    """Count a written file, and keep its parsed hash when it is not the one in ``inputs``."""
    written.n_parsed += 1
    if source_path not in inputs or inputs[source_path] != sha256:
        written.parsed[source_path] = sha256


def _write_tables(
    tmp: Path,
    processed: "Iterable[Processed | _Reused]",
    context: BuildContext,
    inputs: Mapping[str, str | None],
    scanned_sha: Mapping[str, str],
    by_release: Mapping[str, Sequence[Correction]],
    correction_problems: list[Problem],
    problems: list[Problem],
    check_stop: Callable[[], None],
    *,
    previous: "tuple[Path, BuildLayout] | None" = None,
    keys: Mapping[str, str] | None = None,
    pointers: Mapping[str, tuple[str, ...]] | None = None,
    layout: bool = True,
) -> _Written:
    """Settle, correct and write every file's rows (in file order) and then the problems, into ``tmp``.

    ``previous``: the folder and layout of the previous build, whose rows the
    :class:`_Reused` files copy (:class:`releasekit.tables.SplicingWriters`);
    ``keys``: every file's cache key, recorded in the new layout (:attr:`_Written.layout`);
    ``layout``: whether to record it (a build without a cache saves none: one entry a file is not kept).
    """
    written = _Written()
    corrected_ids: set[str] = set()
    keys = {} if keys is None else keys
    pointers = {} if pointers is None else pointers
    if previous is not None:
        offsets = _row_offsets(previous[1])
        writers: TableWriters = SplicingWriters(tmp, previous=previous[0], previous_flushes=previous[1].flushes)
    else:
        writers = TableWriters(tmp)
    with returning_pool(), writers:  # the batches' Arrow buffers come and go: a pool that gives them back
        originals = _Originals(context.duplicates)
        for batch in _batches(processed, WRITE_BATCH):
            check_stop()
            settled: list[Processed | _Reused] = []
            edited: set[str] = set()
            for item in batch:
                if isinstance(item, _Reused):
                    entry = item.entry
                    moves = originals.moves(entry.source_path, entry.release_ids, entry.released)
                    if not moves and not any(rid in by_release for rid in entry.released):
                        corrected_ids.update(rid for rid in entry.released if rid in by_release)
                        settled.append(item)
                        continue
                    item = _cached_file(context, entry.key, item.summary)  # its rows change: the file's own entry
                    if moves:
                        item = _repoint(item, moves)
                        edited.add(item.source_path)
                else:
                    moved = originals.settle(item)
                    if moved is not item:
                        edited.add(item.source_path)
                    item = moved
                changed = _changed(item, inputs, scanned_sha)
                if changed is not item or any(rid in by_release for rid in item.column("releases", "release_id")):
                    edited.add(item.source_path)
                settled.append(_corrected(changed, by_release, corrected_ids, correction_problems, lambda: context.rule_bundle().gazetteer))
            if previous is None:
                items, tables = _batch_tables(settled)  # type: ignore[arg-type]
                for name, table in tables.items():
                    writers.write_table(name, table)
            else:
                items = [item if isinstance(item, _Reused) else _as_arrow(item) for item in settled]
                _write_parts(writers, items, offsets)  # type: ignore[arg-type]
            for item in items:
                if isinstance(item, _Reused):
                    entry = item.entry
                    n_released = len(entry.released)
                    written.n_released += n_released
                    written.n_rejected += entry.n_inputs - n_released
                    written.n_problems += max(0, entry.rows[TABLES.index("problems")])
                    _note_parsed(written, item.source_path, entry.sha256, inputs)
                    if layout:
                        own = pointers.get(item.source_path, ())
                        written.layout.append(entry if entry.pointers == own else replace(entry, pointers=own))
                    continue
                written.n_released += item.n_rows("releases")
                written.n_rejected += item.n_inputs - item.n_rows("releases")  # a file, or the records of an export
                written.n_problems += item.n_rows("problems")
                _note_parsed(written, item.source_path, item.sha256, inputs)
                if item.cache_error:
                    written.cache_errors.append(item.cache_error)
                if layout:
                    written.layout.append(
                        replace(_file_rows(item, keys.get(item.source_path), item.source_path in edited), pointers=pointers.get(item.source_path, ()))
                    )
        from releasekit.corrections import unused_corrections

        problems = problems + correction_problems + unused_corrections(by_release, corrected_ids)
        writers.write("problems", _problem_rows(problems))
        written.n_problems += len(problems)
    written.counts = dict(writers.counts)
    written.flushes = writers.flushes
    if isinstance(writers, SplicingWriters):
        written.spliced = {name: (writers.copied[name], writers.encoded[name]) for name in TABLES}
    return written


def _row_offsets(layout: BuildLayout) -> dict[str, tuple[list[int], list[int]]]:
    """Per table, for the files of ``layout`` (in its order): the first row each wrote (and, last, the
    table's rows), and how many files before each wrote the table at all (prefix counts)."""
    found: dict[str, tuple[list[int], list[int]]] = {}
    by_table = list(zip(*(entry.rows for entry in layout.files))) or [()] * len(TABLES)
    for name, rows in zip(TABLES, by_table):
        starts = list(accumulate((n if n > 0 else 0 for n in rows), initial=0))
        seen = list(accumulate((n >= 0 for n in rows), initial=0))
        found[name] = (starts, seen)
    return found


def _write_parts(
    writers: TableWriters, items: "Sequence[Processed | _Reused]", offsets: Mapping[str, tuple[list[int], list[int]]]
) -> None:
    """Append one batch to every table: fresh rows as Arrow tables, reused files as rows of the previous
    tables (a run of files that were neighbours before is one range of old rows: no work per file)."""
    assert isinstance(writers, SplicingWriters)
    runs: list[Any] = []
    for item in items:
        if isinstance(item, _Reused):
            last = runs[-1] if runs else None
            if isinstance(last, list) and last[1] == item.position:
                last[1] += 1
            else:
                runs.append([item.position, item.position + 1])
        else:
            runs.append(item)
    for name in TABLES:
        starts, seen = offsets[name]
        parts: list[pa.Table | OldRows] = []
        for run in runs:
            if isinstance(run, list):
                first, end = run
                if seen[end] == seen[first]:
                    continue  # no file of the run wrote this table
                start, n_rows = starts[first], starts[end] - starts[first]
                last = parts[-1] if parts else None
                if isinstance(last, OldRows) and last.start + last.n_rows == start:
                    parts[-1] = OldRows(last.start, last.n_rows + n_rows)
                else:
                    parts.append(OldRows(start, n_rows))
            else:
                table = run.columns.get(name)
                if table is not None:
                    parts.append(table)
        if parts:
            writers.write_old(name, parts)


def _file_rows(item: Processed, key: str | None, edited: bool) -> FileRows:
    """The layout entry of a file written afresh (reusable when its rows are what its key stands for)."""
    rows = []
    for name in TABLES:
        table = item.columns.get(name)
        present = isinstance(table, pa.Table) or bool(table)
        rows.append(item.n_rows(name) if present else -1)
    reusable = (
        key is not None
        and not edited
        and item.cache_error is None
        and item.sha256 is not None
        and not _NOT_CACHED.intersection(item.column("problems", "code"))
    )
    released = tuple(item.column("releases", "release_id"))
    return FileRows(item.source_path, key, reusable, item.sha256, item.n_inputs, item.release_ids, released, tuple(rows))


def _groups(pages: Sequence[tuple[str, str, str, Any, tuple[int, ...]]]) -> list[int]:
    """The near-copy group of each page (the index of its group's first page); exact copies are compared once."""
    first_by_hash: dict[str, int] = {}
    unique: list[int] = []
    for i, page in enumerate(pages):
        if first_by_hash.setdefault(page[2], i) == i:
            unique.append(i)
    grouped = near_copy_groups([pages[i][4] for i in unique])
    root = {index: unique[group] for index, group in zip(unique, grouped)}
    return [root[first_by_hash[page[2]]] for page in pages]


def _changed(item: Processed, inputs: Mapping[str, str | None], scanned: Mapping[str, str]) -> Processed:
    """``item`` with a ``file_changed`` warning when its file changed while the build ran.

    The rows hold what was parsed (and ``_build.json`` its hash), but the
    corpus-wide facts (chrome, duplicates) were taken from the earlier read.
    """
    if item.sha256 is None:
        return item
    seen = {inputs.get(item.source_path), scanned.get(item.source_path, item.sha256)}
    if seen <= {item.sha256}:
        return item
    problem = Problem(
        item.source_path,
        "warning",
        "file_changed",
        "the file changed while the build ran; its rows hold the version that was parsed (run the build again)",
    )
    columns = dict(_as_columns(item).columns)
    old = columns.pop("problems", None)
    rows = _problem_rows([problem])
    if old:
        merged = {col: list(old[col]) + [row[col] for row in rows] for col in old}
    else:
        merged = _to_columns("problems", rows)
    columns["problems"] = merged
    return replace(item, columns=columns)


def _table_sha256(path: Path) -> str | None:
    return file_sha256(path)


def _previous_record(out_dir: Path) -> dict[str, Any]:
    """The ``_build.json`` of the tables in ``out_dir``, or ``{}`` when they cannot be trusted.

    Trusted only when every table file is there with the row count and the
    SHA-256 the record names (a 0-byte, truncated or swapped table is not).
    """
    try:
        record = json.loads((out_dir / "_build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict) or not isinstance(record.get("tables"), dict) or not isinstance(record.get("rows"), dict):
        return {}
    for name in TABLES:
        entry = record["tables"].get(name)
        if not isinstance(entry, dict) or entry.get("rows") != record["rows"].get(name):
            return {}
        if _table_sha256(out_dir / f"{name}.parquet") != entry.get("sha256"):
            return {}
    return record


def _write_build_record(
    folder: Path,
    raw_dir: Path,
    inputs: Mapping[str, str | None],
    manifest_sha: str | None,
    counts: Mapping[str, int],
    *,
    as_of: dt.date | None = None,
    fingerprint: str,
    n_rejected: int,
    n_files: int | None = None,
) -> None:
    """Write ``_build.json``: versions, input hashes, row counts and table hashes (no timestamps).

    ``inputs`` maps each raw file to the SHA-256 of the bytes parsed (None for
    an unreadable file). ``tables`` gives each table file's rows and SHA-256,
    which the up-to-date check verifies.
    """
    record = {
        "releasekit": __version__,
        "versions": _versions(),
        "raw_dir": raw_dir.as_posix(),
        "fingerprint": fingerprint,
        "n_rejected": n_rejected,
        "n_files": n_files,
        "manifest_sha256": manifest_sha,
        "inputs_sha256": hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest(),
        "inputs": inputs,
        "as_of": as_of.isoformat() if as_of else None,
        "rows": dict(counts),
        "tables": {
            name: {"rows": counts.get(name, 0), "sha256": _table_sha256(folder / f"{name}.parquet")} for name in TABLES
        },
    }
    (folder / "_build.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
