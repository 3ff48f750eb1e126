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
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import sys
import time
from collections import Counter, deque
from itertools import chain
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import pyarrow as pa

from releasekit import __version__
from releasekit.chrome import ChromeStats, leading_keys
from releasekit.extract.agencies import Gazetteer, extract_agencies, load_gazetteer, resolve_issuer
from releasekit.extract.dates import extract_event_date
from releasekit.extract.figures import extract_figures, total_figures
from releasekit.extract.quotes import extract_quotes
from releasekit.read import (
    RECORD_REJECTIONS,
    ManifestRow,
    Problem,
    RawRelease,
    Release,
    file_sha256,
    list_raw_files,
    read_manifest,
    read_limit,
    read_raw_file,
    read_release,
    release_id_for,
    scan_file,
    site_of,
)
from releasekit.cache import ResultCache, build_fingerprint, release_key
from releasekit.tables import SCHEMAS, TABLES, TableWriters, fsync_tree, write_partitioned
from releasekit.text import split_sentences, token_columns

__all__ = ["BuildSummary", "Processed", "build", "process_release"]

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

#: The measures of the codebook, in the order of the totals table.
MEASURES: tuple[str, ...] = ("arrested", "charged", "sentenced", "safeguarded", "premises", "officers")


@dataclass(frozen=True)
class Processed:
    """The rows one raw file contributes to each table, as column lists."""

    source_path: str
    columns: Mapping[str, Columns] = field(default_factory=dict)
    #: the release ids the file was read as (one per record of an export; ids another file has are left
    #: out); None when the file was not read at all
    release_ids: tuple[str, ...] | None = None
    #: inputs the file stands for: the file itself, or each record of an export (rejected ones too)
    n_inputs: int = 1

    def n_rows(self, name: str) -> int:
        """Rows this file contributes to table ``name``."""
        table = self.columns.get(name)
        return len(next(iter(table.values()))) if table else 0


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

    def line(self) -> str:
        """One-line summary for the end of a build."""
        if self.up_to_date:
            return (
                f"{self.n_files} files unchanged: {self.n_releases} releases, {self.n_rejected} rejected, "
                f"{self.n_problems} problems; tables up to date ({self.seconds:.1f} s) -> {self.out_dir}"
            )
        return (
            f"{self.n_files} files: {self.n_releases} releases, {self.n_rejected} rejected, "
            f"{self.n_problems} problems recorded; {self.rows.get('figures', 0)} figures, "
            f"{self.rows.get('agencies', 0)} agency mentions; {self.seconds:.1f} s -> {self.out_dir}"
        )


# --------------------------------------------------------------------------
# One release


def _problem_rows(problems: Iterable[Problem]) -> list[Row]:
    return [
        {"source_path": p.source_path, "severity": p.severity, "code": p.code, "message": p.message}
        for p in problems
    ]


def process_release(
    release: Release, gazetteer: Gazetteer, *, duplicate_of: str | None = None
) -> dict[str, Columns]:
    """Split, tokenize and extract one release; return its rows per table, as column lists."""
    rows = _release_rows(release, gazetteer, duplicate_of)
    return {name: r if isinstance(r, dict) else _to_columns(name, r) for name, r in rows.items()}


def _to_columns(name: str, rows: Sequence[Row]) -> Columns:
    """Rows (dicts) of table ``name`` as column lists in schema order."""
    return {col: [row.get(col) for row in rows] for col in SCHEMAS[name].names}


def _columns(name: str, columns: Columns) -> Columns:
    """Column lists of table ``name``, checked to name exactly its schema's columns."""
    if list(columns) != SCHEMAS[name].names:
        raise ValueError(f"{name}: columns {list(columns)} are not the schema's")
    return columns


def _release_rows(release: Release, gazetteer: Gazetteer, duplicate_of: str | None) -> dict[str, list[Row] | Columns]:
    """The rows of one release: small tables as dicts, sentences and tokens as columns."""
    rid = release.release_id
    body = release.body
    sentences = split_sentences(body)
    tokens = token_columns(sentences)
    figures = extract_figures(body, sentences)
    totals = total_figures(figures)
    issuer = resolve_issuer(release.publisher, release.url, release.title, body, gazetteer)
    agencies = extract_agencies(body, sentences, gazetteer, issuer=issuer)
    event = extract_event_date(
        body,
        sentences,
        release.published if release.published_precision in ("day", "month") else None,
        published_precision=release.published_precision if release.published_precision in ("day", "month") else "day",
    )
    quotes = extract_quotes(body, sentences)

    totals_by_measure = {total.measure: total for total in totals}
    return {
        "releases": [
            {
                "release_id": rid,
                "source_path": release.source_path,
                "url": release.url,
                "force": issuer,
                "publisher": release.publisher,
                "title": release.title,
                "published": release.published,
                "published_precision": release.published_precision,
                "published_source": release.published_source,
                "year": release.published.year if release.published else None,
                "event_date": event.date if event else None,
                "event_date_evidence": event.evidence if event else None,
                "event_date_rule": event.rule if event else None,
                "body": body,
                "n_sentences": len(sentences),
                "n_words": sum([alpha or lower[:1].isdigit() for alpha, lower in zip(tokens["is_alpha"], tokens["lower"])]),
                "chrome_chars_removed": release.chrome_chars_removed,
                "sha256": release.sha256,
                "format": release.format,
                "truncated": release.truncated,
                "duplicate_of": duplicate_of,
                "area": release.area,
                "description": release.description,
                "title_source": release.title_source,
                "url_source": release.url_source,
            }
        ],
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
        "tokens": _columns("tokens", {"release_id": [rid] * len(tokens["token_id"]), **tokens}),
        "figures": [
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
        ],
        "totals": [
            {
                "release_id": rid,
                "measure": measure,
                "value": totals_by_measure[measure].value if measure in totals_by_measure else None,
                "qualifier": totals_by_measure[measure].qualifier if measure in totals_by_measure else None,
                "n_figures": totals_by_measure[measure].n_figures if measure in totals_by_measure else 0,
            }
            for measure in MEASURES
        ],
        "agencies": [
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
        ],
        "quotes": [
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
        ],
    }


# --------------------------------------------------------------------------
# Worker processes


@dataclass(frozen=True)
class _Context:
    raw_dir: Path
    stats: ChromeStats
    manifest: Mapping[str, ManifestRow]
    duplicates: Mapping[str, str]
    as_of: dt.date | None = None
    cache_dir: Path | None = None
    #: (source path, release id) of a release whose id an earlier file already has -> that file
    taken: Mapping[tuple[str, str], str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return load_gazetteer()


def _scan_one(raw_dir: Path, source_path: str) -> tuple[list[RawRelease], list[Problem]]:
    """The raw releases of one file (several for an export) and the problems met."""
    try:
        data, sha, size = read_raw_file(raw_dir / source_path, read_limit(source_path))  # bounded: huge files are hashed, not held
    except OSError as error:
        return [], [Problem(source_path, "error", "unreadable_file", f"the file could not be read: {error}")]
    return scan_file(source_path, data, sha256=sha, size=size)


def _summary_one(raw_dir: Path, manifest: Mapping[str, ManifestRow], source_path: str) -> tuple[str, Any]:
    """Pass one for one file: per raw release, its id, site, content hash, leading-line keys and URL."""
    raws, _ = _scan_one(raw_dir, source_path)
    row = manifest.get(source_path)
    summaries = []
    for raw in raws:
        url = raw.meta.get("url") or (row.url if row else None)
        summaries.append((raw.release_id, site_of(url), raw.content_hash, leading_keys(raw.text), url))
    return source_path, summaries


def _problem_columns(problems: Iterable[Problem]) -> dict[str, Columns]:
    rows = _problem_rows(problems)
    return {"problems": _to_columns("problems", rows)} if rows else {}


def _batch_tables(items: Sequence[Processed]) -> tuple[list[Processed], dict[str, pa.Table]]:
    """Convert a batch of files' rows to one Arrow table per table.

    Conversion checks every value against the schema. If the batch fails
    (e.g. a number beyond int64), each file is converted alone and a file
    that fails becomes an ``internal_error`` of its own, so one bad value
    never fails the Parquet writer or the whole build.
    """
    try:
        return list(items), _merge(items)
    except (pa.ArrowException, OverflowError, TypeError, ValueError):
        checked = []
        for item in items:
            try:
                _merge([item])
                checked.append(item)
            except (pa.ArrowException, OverflowError, TypeError, ValueError) as error:
                problem = Problem(item.source_path, "error", "internal_error", f"{type(error).__name__}: {error}")
                checked.append(Processed(item.source_path, _problem_columns([problem]), item.release_ids, item.n_inputs))
        return checked, _merge(checked)


def _merge(items: Sequence[Processed]) -> dict[str, pa.Table]:
    tables = {}
    for name in TABLES:
        parts = [item.columns[name] for item in items if item.columns.get(name)]
        if parts:
            merged = {col: list(chain.from_iterable(part[col] for part in parts)) for col in SCHEMAS[name].names}
            tables[name] = pa.Table.from_pydict(merged, schema=SCHEMAS[name])
    return tables


def _process_one(context: _Context, source_path: str) -> Processed:
    """Everything one raw file contributes; never raises."""
    try:
        raws, problems = _scan_one(context.raw_dir, source_path)
        parts: list[dict[str, Columns]] = []
        for raw in raws:
            owner = context.taken.get((source_path, raw.release_id))
            if owner is not None:
                message = f"{_record_prefix(raw.source_path, raw.release_id)}its release id {raw.release_id!r} is already that of {owner}: not read (rename one of them)"
                problems.append(Problem(raw.source_path, "error", "release_id_collision", message))
                continue
            release, found = read_release(raw, context.stats, context.manifest, as_of=context.as_of)
            first = context.duplicates.get(raw.release_id)
            if first is not None:
                found.append(_duplicate_problem(raw.source_path, raw.release_id, first))
            problems += found
            if release is not None:
                parts.append(_extract_cached(release, first, context.cache_dir))
        columns = _problem_columns(problems)
        columns.update(_concat(parts))
        n_inputs = len(raws) + sum(p.code in RECORD_REJECTIONS for p in problems)
        own = tuple(raw.release_id for raw in raws if (source_path, raw.release_id) not in context.taken)
        return Processed(source_path, columns, own if raws else None, max(1, n_inputs))
    except Exception as error:  # noqa: BLE001 - a bad file must never crash the build
        problem = Problem(source_path, "error", "internal_error", f"{type(error).__name__}: {error}")
        return Processed(source_path, _problem_columns([problem]))


def _record_prefix(source_path: str, rid: str) -> str:
    """How a problem message names the record of an export (``""`` for a one-release file)."""
    return "" if rid == release_id_for(source_path) else f"record {rid.rsplit('/', 1)[-1]} (release id {rid}): "


def _duplicate_problem(source_path: str, rid: str, first: str) -> Problem:
    message = f"{_record_prefix(source_path, rid)}same release as {first} (kept; releases.duplicate_of points to it)"
    return Problem(source_path, "warning", "duplicate_release", message)


def _concat(parts: Sequence[Mapping[str, Columns]]) -> dict[str, Columns]:
    """The rows of several releases of one file, table by table."""
    if len(parts) == 1:
        return dict(parts[0])
    tables: dict[str, Columns] = {}
    for part in parts:
        for name, columns in part.items():
            if name not in tables:
                tables[name] = {col: list(values) for col, values in columns.items()}
            else:
                for col, values in columns.items():
                    tables[name][col].extend(values)
    return tables


def _extract_cached(release: Release, first: str | None, cache_dir: Path | None) -> dict[str, Columns]:
    """:func:`process_release`, through the content-hash cache when there is one."""
    if cache_dir is None:
        return process_release(release, _gazetteer(), duplicate_of=first)
    cache = ResultCache(cache_dir)
    key = release_key(release, first)
    rows = cache.get(key)
    if rows is None:
        rows = process_release(release, _gazetteer(), duplicate_of=first)
        cache.put(key, rows)
    return rows


_WORKER_CONTEXT: list[_Context] = []


def _init_worker(context: _Context) -> None:
    _WORKER_CONTEXT[:] = [context]


def _process_in_worker(source_path: str) -> Processed:
    return _process_one(_WORKER_CONTEXT[0], source_path)


def _summary_in_worker(source_path: str) -> tuple[str, Any]:
    context = _WORKER_CONTEXT[0]
    return _summary_one(context.raw_dir, context.manifest, source_path)


def _map(func: Callable[[Any], Any], items: Sequence[Any], jobs: int, *, initializer=None, initargs=(), chunksize: int = 16) -> Iterator[Any]:
    """Ordered map, in worker processes when ``jobs > 1``."""
    if jobs <= 1 or len(items) < 2 * chunksize:
        if initializer:
            initializer(*initargs)
        yield from map(func, items)
        return
    chunks = [items[i : i + chunksize] for i in range(0, len(items), chunksize)]
    window = 4 * jobs  # chunks in flight: results never pile up faster than they are written
    with ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=initargs) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.submit(_run_chunk, func, chunk))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _run_chunk(func: Callable[[Any], Any], chunk: Sequence[Any]) -> list[Any]:
    return [func(item) for item in chunk]


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
        released = list(item.columns.get("releases", {}).get("release_id", []))
        ids = item.release_ids if item.release_ids is not None else (release_id_for(item.source_path),)
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
        return _repoint(item, moves) if moves else item


def _repoint(item: Processed, moves: Mapping[str, str | None]) -> Processed:
    """``item`` with ``releases.duplicate_of`` and the duplicate problems of the releases in ``moves`` set to their new first."""
    columns = dict(item.columns)
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
    return Processed(item.source_path, columns, item.release_ids, item.n_inputs)


def _duplicates(summaries: Sequence[tuple[str, Any]]) -> dict[str, str]:
    """Map each duplicate's release id to the first release with the same text or URL.

    ``summaries``: ``(release_id, (content_hash, url))`` in file order.
    """
    first_by_hash: dict[str, str] = {}
    first_by_url: dict[str, str] = {}
    duplicates: dict[str, str] = {}
    for rid, summary in summaries:
        if summary is None:
            continue
        chash, url = summary
        norm_url = url.rstrip("/").lower().replace("http://", "https://").replace("://www.", "://") if url else None
        first = first_by_hash.get(chash) or (first_by_url.get(norm_url) if norm_url else None)
        if first is not None:
            duplicates[rid] = first
        first_by_hash.setdefault(chash, rid)
        if norm_url:
            first_by_url.setdefault(norm_url, rid)
    return duplicates


def _manifest_by_file(files: Sequence[str], manifest: Mapping[str, ManifestRow]) -> tuple[dict[str, ManifestRow], list[Problem]]:
    """The manifest row of each file: by its relative path, else by its bare name when that is unique.

    A bare name shared by files in several subfolders matches none of them
    (``manifest_ambiguous``), so two different files never take one row.
    """
    names = Counter(PurePosixPath(f).name for f in files)
    rows: dict[str, ManifestRow] = {}
    problems = []
    for f in files:
        name = PurePosixPath(f).name
        if f in manifest:
            rows[f] = manifest[f]
        elif name in manifest and names[name] == 1:
            rows[f] = manifest[name]
        elif name in manifest:
            problems.append(Problem(f, "warning", "manifest_ambiguous", f"manifest.csv names {name!r}, which several subfolders hold: its row is not used"))
    return rows, problems


def _manifest_problems(files: Sequence[str], manifest: Mapping[str, ManifestRow], has_manifest: bool) -> list[Problem]:
    if not has_manifest:
        return []
    present = set(files)
    names = {PurePosixPath(f).name for f in files}
    problems = [
        Problem(name, "error", "manifest_missing_file", "manifest.csv lists this file but it is not in the raw folder")
        for name in sorted(manifest)
        if name not in present and name not in names
    ]
    problems += [
        Problem(f, "warning", "not_in_manifest", "file is not listed in manifest.csv: metadata comes from the file alone")
        for f in files
        if f not in manifest and PurePosixPath(f).name not in manifest
    ]
    return problems


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

    Also removes the temporary folders (``.<out>.build-<pid>``) of builds
    that were killed: those whose process no longer runs.
    """
    old = out_dir.with_name(f".{out_dir.name}.old")
    if not out_dir.exists() and old.exists():
        os.replace(old, out_dir)
    if not out_dir.parent.is_dir():
        return
    for stale in out_dir.parent.glob(f".{out_dir.name}.build-*"):
        pid = stale.name.rsplit("-", 1)[-1]
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


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "releasekit": __version__}
    for name in ("pandas", "pyarrow", "nltk", "text2num", "PyYAML", "python-dateutil"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def build(
    raw_dir: Path | str = "data/raw",
    out_dir: Path | str = "data/processed",
    *,
    jobs: int | None = None,
    progress: bool = False,
    as_of: dt.date | None = None,
    cache: bool = True,
    partitioned: bool = False,
) -> BuildSummary:
    """Build every table from ``raw_dir`` into ``out_dir`` (atomically).

    ``as_of``: no release is published after this day (later publication
    dates are ``future_date`` problems); see :func:`releasekit.read.publication_limit`.
    ``cache``: reuse results of unchanged releases from the content-hash
    cache next to ``out_dir`` (``.<name>.cache``), and stop at once when
    nothing changed since the last build (:mod:`releasekit.cache`); the
    tables are identical to a clean build either way.
    ``partitioned``: also write Hive-partitioned datasets under ``out_dir/dataset``.
    """
    started = time.perf_counter()
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    jobs = jobs or os.cpu_count() or 1
    recover(out_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")

    manifest, manifest_problems = read_manifest(raw_dir)
    files = list_raw_files(raw_dir)
    inputs = {source_path: file_sha256(raw_dir / source_path) for source_path in files}
    manifest_path = raw_dir / "manifest.csv"
    manifest_sha = hashlib.sha256(manifest_path.read_bytes()).hexdigest() if manifest_path.exists() else None
    fingerprint = build_fingerprint(inputs, manifest_sha, {"as_of": as_of, "partitioned": partitioned})
    if cache:
        previous = _previous_record(out_dir)
        if previous.get("fingerprint") == fingerprint:
            return BuildSummary(
                out_dir=out_dir,
                n_files=len(files),
                n_releases=previous["rows"]["releases"],
                n_rejected=previous.get("n_rejected", 0),
                n_problems=previous["rows"]["problems"],
                rows=previous["rows"],
                seconds=time.perf_counter() - started,
                up_to_date=True,
            )
    problems = manifest_problems + _manifest_problems(files, manifest, (raw_dir / "manifest.csv").exists())
    manifest, ambiguous = _manifest_by_file(files, manifest)  # keyed by relative path from here on
    problems += ambiguous

    # pass one streams: leading-line keys feed the chrome statistics and are dropped;
    # only (content hash, url) per release is kept for duplicate detection
    summaries: list[tuple[str, Any]] = []
    owners: dict[str, str] = {}  # release id -> the file that has it first
    taken: dict[tuple[str, str], str] = {}

    def pages() -> Iterator[tuple[str, str, list[int]]]:
        # the manifest reaches each worker once (initializer), never once per task
        scan_context = _Context(raw_dir, ChromeStats(), manifest, {})
        for source_path, file_summaries in _map(
            _summary_in_worker, files, jobs, initializer=_init_worker, initargs=(scan_context,), chunksize=64
        ):
            for rid, site, chash, keys, url in file_summaries:
                owner = owners.setdefault(rid, source_path)
                if owner != source_path:  # raid.txt and raid.html, or a folder named like an export
                    taken[(source_path, rid)] = owner
                    continue
                summaries.append((rid, (chash, url)))
                yield site, chash, keys

    stats = ChromeStats.from_pages(pages())
    cache_dir = out_dir.with_name(f".{out_dir.name}.cache") if cache else None
    if cache_dir is not None:
        ResultCache(cache_dir).sweep()
    context = _Context(raw_dir, stats, manifest, _duplicates(summaries), as_of, cache_dir, taken)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(f".{out_dir.name}.build-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    n_released = n_rejected = 0
    n_problems = 0
    try:
        with TableWriters(tmp) as writers:
            processed = _map(_process_in_worker, files, jobs, initializer=_init_worker, initargs=(context,))
            if progress:
                from tqdm import tqdm

                processed = tqdm(processed, total=len(files), unit="file", desc="releasekit build", file=sys.stderr)
            originals = _Originals(context.duplicates)
            for batch in _batches(processed, WRITE_BATCH):
                items, tables = _batch_tables([originals.settle(item) for item in batch])
                for name, table in tables.items():
                    writers.write_table(name, table)
                for item in items:
                    n_released += item.n_rows("releases")
                    n_rejected += item.n_inputs - item.n_rows("releases")  # a file, or the records of an export
                    n_problems += item.n_rows("problems")
            writers.write("problems", _problem_rows(problems))
            n_problems += len(problems)
        counts = dict(writers.counts)
        if partitioned:
            write_partitioned(tmp, tmp / "dataset")
        (tmp / "README.md").write_text(PROCESSED_README, encoding="utf-8")
        _write_build_record(
            tmp, raw_dir, inputs, manifest_sha, counts, as_of=as_of, fingerprint=fingerprint, n_rejected=n_rejected
        )
        fsync_tree(tmp)
        _swap_in(tmp, out_dir)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return BuildSummary(
        out_dir=out_dir,
        n_files=len(files),
        n_releases=n_released,
        n_rejected=n_rejected,
        n_problems=n_problems,
        rows=counts,
        seconds=time.perf_counter() - started,
    )


def _previous_record(out_dir: Path) -> dict[str, Any]:
    """The ``_build.json`` of the tables in ``out_dir``, or ``{}``."""
    try:
        record = json.loads((out_dir / "_build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    complete = all((out_dir / f"{name}.parquet").exists() for name in TABLES)
    return record if complete and isinstance(record, dict) else {}


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
) -> None:
    """Write ``_build.json``: versions, input hashes and row counts (no timestamps).

    ``inputs`` maps each raw file to its SHA-256 (None for an unreadable file).
    """
    record = {
        "releasekit": __version__,
        "versions": _versions(),
        "raw_dir": raw_dir.as_posix(),
        "fingerprint": fingerprint,
        "n_rejected": n_rejected,
        "manifest_sha256": manifest_sha,
        "inputs_sha256": hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest(),
        "inputs": inputs,
        "as_of": as_of.isoformat() if as_of else None,
        "rows": dict(counts),
    }
    (folder / "_build.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
