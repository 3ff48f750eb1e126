"""Content-hash cache for incremental builds.

Two levels, both keyed by content, never by file times:

- **build fingerprint**: the package version, the pipeline's modules and the
  rule files shipped in ``releasekit/data/`` (:func:`pipeline_sources`; not
  the analysis layer, whose edits keep the cache), every raw file's SHA-256, the manifest and the build
  options. When it equals the one recorded in ``_build.json`` the tables are
  up to date and the build stops at once.
- **release results**: the rows one release contributes, keyed by the
  package and rules fingerprint plus everything the extraction reads (the
  clean body and metadata produced by the read step, the duplicate pointer).
  Reading is always redone, because site-chrome removal and duplicate
  detection depend on the whole corpus; only the costly steps (sentences,
  tokens, figures, agencies, dates, quotes) are taken from the cache, so a
  changed release re-extracts only itself and the result is identical to a
  clean build.

Entries are Arrow IPC streams behind a JSON header, never pickle: a planted
entry cannot run code. Every entry is checked when read (format, key,
checksums, schema), and the build checks that its rows belong to the
release asked for; an entry that fails is re-extracted. A cache folder that
cannot be used (a file in its place, a read-only mount) means a build
without a cache and one warning, never a lost release.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import pyarrow as pa

from releasekit import __version__
from releasekit.files import write_atomic

__all__ = [
    "CacheError",
    "ResultCache",
    "build_fingerprint",
    "decode_entry",
    "decode_tables",
    "encode_entry",
    "BuildLayout",
    "FileIndex",
    "FileRows",
    "FileSummary",
    "PageSummary",
    "file_stat",
    "pipeline_sources",
    "release_key",
    "rules_fingerprint",
]


#: The modules of the pipeline (raw files -> tables), relative to the package: what
#: extraction results depend on. The analysis layer (wording, reports, plots,
#: notebooks, site) only reads tables, so editing it keeps the extraction cache.
#: ``tests/test_cache.py`` checks this list against what ``releasekit.build`` imports.
PIPELINE_MODULES = (
    "build.py",
    "cache.py",
    "chrome.py",
    "corrections.py",
    "printed_dates.py",
    "files.py",
    "formats.py",
    "outdir.py",
    "read.py",
    "rulefiles.py",
    "splice.py",
    "tables.py",
    "text.py",
)
#: Every module of ``releasekit/extract/`` is pipeline code too.
PIPELINE_PACKAGES = ("extract",)
#: Data files that only the analysis layer reads (not rules of the extraction).
ANALYSIS_DATA = frozenset({"review_rules.yaml"})


def pipeline_sources() -> list[str]:
    """The package-relative paths the rules fingerprint hashes: pipeline modules and rule/data files, sorted."""
    source = files("releasekit")
    found = [name for name in PIPELINE_MODULES if source.joinpath(name).is_file()]
    for package in PIPELINE_PACKAGES:
        found += [f"{package}/{p.name}" for p in source.joinpath(package).iterdir() if p.name.endswith(".py")]
    data = source.joinpath("data")
    found += [f"data/{e.name}" for e in data.iterdir() if e.is_file() and e.name not in ANALYSIS_DATA]
    return sorted(found)


def rules_fingerprint() -> str:
    """Hash of the package version, the pipeline's modules and the rule files it ships (:func:`pipeline_sources`).

    Cached on each file's (path, mtime_ns, size), so a rule file or module
    edited in a running session is hashed again.
    """
    source = files("releasekit")
    signature = []
    for name in pipeline_sources():
        try:
            st = os.stat(str(source.joinpath(name)))
            signature.append((name, st.st_mtime_ns, st.st_size))
        except (OSError, TypeError):
            signature.append((name, -1, -1))  # not a plain file (a zip import): hashed each time
    return _hash_sources(tuple(signature)) if all(m >= 0 for _, m, _ in signature) else _hash_sources.__wrapped__(tuple(signature))


@lru_cache(maxsize=8)
def _hash_sources(signature: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256(__version__.encode())
    source = files("releasekit")
    for name, _, _ in signature:
        digest.update(name.encode() + b"\0")
        digest.update(source.joinpath(name).read_bytes())
    return digest.hexdigest()


def build_fingerprint(inputs: Mapping[str, str | None], manifest_sha256: str | None, options: Mapping[str, Any]) -> str:
    """Fingerprint of a whole build: rules, inputs and options."""
    payload = {"rules": rules_fingerprint(), "inputs": dict(inputs), "manifest": manifest_sha256, "options": dict(options)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def release_key(release: Any, duplicate_of: str | None, *, rules: str | None = None) -> str:
    """Cache key of a release's extraction: rules plus every field extraction reads.

    ``rules``: :func:`rules_fingerprint`, when the caller has it (a build computes it once).
    """
    fields = asdict(release)
    payload = json.dumps({"rules": rules or rules_fingerprint(), "release": fields, "duplicate_of": duplicate_of}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


#: First bytes of a cache entry (the number is the entry format's version).
MAGIC = b"releasekit-cache 3\n"

#: The codec of a compressed entry's payload (when this pyarrow has it).
_CODEC = "zstd"


class CacheError(Exception):
    """A cache entry or folder that cannot be used (the build goes on without it)."""


def encode_entry(key: str, rows: Mapping[str, Any], *, meta: Mapping[str, Any] | None = None, compress: bool = True) -> bytes:
    """An entry: ``MAGIC``, a JSON header (key, tables, their sizes and SHA-256, ``meta``), then the payload:
    one Arrow IPC stream per table, one after the other.

    ``rows`` maps a table name to its column lists or to an Arrow table with
    the table's schema. ``compress``: the payload as one zstd frame (level 1;
    the header then gives ``compression`` and the payload's ``size``): about
    a fifth of the size for 0.1 ms per entry. Arrow's own IPC compression is
    not used: it compresses every buffer with a codec of its own, about
    1.8 ms for one release's small tables, and gives twice the size. Arrow
    IPC holds data only: reading an entry cannot run code (unlike pickle).
    """
    from releasekit.tables import SCHEMAS

    parts = []
    for name in sorted(rows):
        value = rows[name]
        table = value if isinstance(value, pa.Table) else pa.Table.from_pydict(dict(value), schema=SCHEMAS[name])
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        parts.append((name, sink.getvalue().to_pybytes()))
    header_fields: dict[str, Any] = {"key": key, "tables": [[name, len(data), hashlib.sha256(data).hexdigest()] for name, data in parts]}
    if meta is not None:
        header_fields["meta"] = dict(meta)
    payload = b"".join(data for _, data in parts)
    if compress and pa.Codec.is_available(_CODEC):
        header_fields["compression"], header_fields["size"] = _CODEC, len(payload)
        payload = pa.Codec(_CODEC, compression_level=1).compress(payload, asbytes=True)
    header = json.dumps(header_fields, sort_keys=True).encode()
    return MAGIC + len(header).to_bytes(4, "big") + header + payload


def decode_entry(key: str, data: bytes) -> dict[str, dict[str, list]]:
    """The rows of an entry as column lists, checked; raises :class:`CacheError` (see :func:`decode_tables`)."""
    tables, _ = decode_tables(key, data)
    return {name: table.to_pydict() for name, table in tables.items()}


def decode_tables(key: str, data: bytes) -> tuple[dict[str, pa.Table], dict[str, Any]]:
    """The tables of an entry as Arrow tables, and its ``meta``; raises :class:`CacheError`.

    Checked: the format, the key (an entry copied under another key is
    refused), the payload's size once decompressed, each table's size,
    SHA-256 and schema (exactly the table's columns and types).
    """
    from releasekit.tables import SCHEMAS

    if not data.startswith(MAGIC):
        raise CacheError("not a releasekit cache entry")
    at = len(MAGIC)
    size = int.from_bytes(data[at : at + 4], "big")
    try:
        header = json.loads(data[at + 4 : at + 4 + size])
        parts = [(str(name), int(length), str(digest)) for name, length, digest in header["tables"]]
        stored_key = header["key"]
        meta = dict(header.get("meta") or {})
        compression = header.get("compression")
        payload_size = int(header["size"]) if compression is not None else None
    except (ValueError, KeyError, TypeError) as error:
        raise CacheError(f"bad header ({type(error).__name__})") from error
    if stored_key != key:
        raise CacheError("entry stored under another key")
    payload = data[at + 4 + size :]
    if compression is not None:
        if payload_size is None or not 0 <= payload_size <= 1024 * len(payload) + (1 << 20):  # no bomb
            raise CacheError("bad header (payload size)")
        if compression != _CODEC or not pa.Codec.is_available(_CODEC):
            raise CacheError(f"payload compressed with {compression!r}, which this pyarrow cannot read")
        try:
            payload = pa.Codec(_CODEC).decompress(payload, decompressed_size=payload_size, asbytes=True)
        except (pa.ArrowException, OSError, ValueError) as error:
            raise CacheError(f"damaged payload ({type(error).__name__})") from error
    tables: dict[str, pa.Table] = {}
    at = 0
    for name, length, digest in parts:
        chunk = payload[at : at + length]
        at += length
        if name not in SCHEMAS or name in tables:
            raise CacheError(f"unknown table {name!r}")
        if len(chunk) != length or hashlib.sha256(chunk).hexdigest() != digest:
            raise CacheError(f"{name}: damaged")
        try:
            table = pa.ipc.open_stream(chunk, options=pa.ipc.IpcReadOptions(use_threads=False)).read_all()
        except (pa.ArrowException, OSError, ValueError) as error:
            raise CacheError(f"{name}: not Arrow ({error})") from error
        if not table.schema.equals(SCHEMAS[name], check_metadata=False):
            raise CacheError(f"{name}: not the table's schema")
        tables[name] = table
    if at != len(payload):
        raise CacheError("trailing bytes")
    return tables, meta


def _stale_files(folder: str, depth: int) -> list[str]:
    """``.*.tmp`` files (and ``.probe-*`` at the top) in ``folder`` and its subfolders down to ``depth`` levels
    (the entries in ``<xx>/``, the file-level ones in ``files/<xx>/``); ``os.scandir``, which is several times
    cheaper than ``Path.glob`` over tens of thousands of entries."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if name.startswith(".") and (name.endswith(".tmp") or (depth == 2 and name.startswith(".probe-"))):
            found.append(entry.path)
        elif depth > 0 and not name.startswith(".") and entry.is_dir(follow_symlinks=False):
            found += _stale_files(entry.path, depth - 1)
    return found


@dataclass(frozen=True)
class ResultCache:
    """Rows per release (column lists by table name), stored as Arrow IPC under ``folder``.

    :meth:`get` and :meth:`put` raise :class:`CacheError` for any problem
    with the folder or an entry; the build then goes on without the cache.
    """

    folder: Path
    #: zstd-compress entries (see :func:`encode_entry`)
    compress: bool = True

    def _path(self, key: str) -> Path:
        if not (len(key) == 64 and all(c in "0123456789abcdef" for c in key)):
            raise CacheError("a cache key is a SHA-256 in hex")
        return self.folder / key[:2] / f"{key}.arrow"

    def check(self) -> None:
        """Make sure entries can be written and read back; raises :class:`CacheError`."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = write_atomic(self.folder / f".probe-{os.getpid()}", MAGIC)
            ok = probe.read_bytes() == MAGIC
            probe.unlink()
        except OSError as error:
            raise CacheError(f"cache folder {self.folder.name} cannot be used ({error.strerror or type(error).__name__})") from error
        if not ok:
            raise CacheError(f"cache folder {self.folder.name} does not read back what is written")

    def sweep(self) -> int:
        """Remove temporary files a killed build left behind; return how many."""
        stale = [Path(p) for p in _stale_files(str(self.folder), depth=2)] if self.folder.is_dir() else []
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached rows for ``key``; None when there is no entry. Raises :class:`CacheError`."""
        data = self._read(key)
        return None if data is None else decode_entry(key, data)

    def get_tables(self, key: str) -> tuple[dict[str, pa.Table], dict[str, Any]] | None:
        """The cached Arrow tables and meta for ``key``; None when there is no entry. Raises :class:`CacheError`."""
        data = self._read(key)
        return None if data is None else decode_tables(key, data)

    def _read(self, key: str) -> bytes | None:
        """The bytes of the entry for ``key``; None when there is none. Raises :class:`CacheError`."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise CacheError(f"entry could not be read ({error.strerror or type(error).__name__})") from error

    def put(self, key: str, rows: Mapping[str, Any], *, meta: Mapping[str, Any] | None = None) -> None:
        """Store ``rows`` under ``key`` (atomically: never a half-written entry). Raises :class:`CacheError`."""
        try:
            write_atomic(self._path(key), encode_entry(key, rows, meta=meta, compress=self.compress))
        except OSError as error:
            raise CacheError(f"entry could not be written ({error.strerror or type(error).__name__})") from error
        except (pa.ArrowException, KeyError, TypeError, ValueError) as error:
            raise CacheError(f"rows could not be stored ({type(error).__name__})") from error


# --------------------------------------------------------------------------
# The file index: what pass one learnt about each raw file, reused while the file is unchanged


@dataclass(frozen=True)
class PageSummary:
    """What the corpus-wide first pass needs of one raw release (one per file, or per record of an export).

    ``line_keys``: :func:`releasekit.chrome.line_key` of every non-blank line,
    in order (the first :data:`releasekit.chrome.LEADING_LINES` are its leading
    keys); ``sketch``: :func:`releasekit.chrome.body_sketch`; ``meta_url``:
    the URL of the file's own metadata (the manifest's is added by the build).
    """

    release_id: str
    meta_url: str | None
    content_hash: str
    sha256: str
    line_keys: Sequence[int]  # an array('Q') (8 bytes a key, not a tuple's 40): held for every file of a build
    sketch: Sequence[int]


@dataclass(frozen=True)
class FileSummary:
    """Pass one for one raw file: its SHA-256 (None: unreadable), its releases' summaries, and its stat."""

    source_path: str
    sha256: str | None
    pages: tuple[PageSummary, ...]
    stat: tuple[int, int, int, int] | None = None  # (size, mtime_ns, ctime_ns, inode) when the file was read


def file_stat(path: Path) -> tuple[int, int, int, int] | None:
    """``(size, mtime_ns, ctime_ns, inode)`` of ``path``, or None when it cannot be stat'ed.

    Any write to a file changes its mtime and ctime (nanoseconds on Linux file
    systems), and replacing it changes its inode: an equal stat means the file
    was not touched (the rule ``git`` and ``make`` rely on).
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


_INDEX_SCHEMA = pa.schema(
    [
        ("source_path", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("ctime_ns", pa.int64()),
        ("inode", pa.uint64()),
        ("file_sha256", pa.string()),
        ("release_id", pa.string()),  # null: a file with no release (unreadable, not text)
        ("meta_url", pa.string()),
        ("content_hash", pa.string()),
        ("sha256", pa.string()),
        ("line_keys", pa.binary()),  # array('Q') bytes, little-endian
        ("sketch", pa.binary()),
    ]
)


def _keys_bytes(keys: tuple[int, ...]) -> bytes:
    from array import array

    packed = array("Q", keys)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def _keys_tuple(data: bytes) -> Sequence[int]:
    """Keys stored by :func:`_keys_bytes`, as an ``array('Q')``."""
    from array import array

    packed = array("Q")
    packed.frombytes(data)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class FileIndex:
    """Pass-one summaries of raw files (:class:`FileSummary`), stored in ``<cache>/files.arrow``.

    An entry is used only while its file's stat is unchanged and the rules
    fingerprint is the one it was written with; the file is re-read otherwise.
    The index is Arrow IPC (data only, like the result cache); one that cannot
    be read is ignored (every file is read again).
    """

    folder: Path
    name: str = "files.arrow"

    def load(self, rules: str) -> dict[str, FileSummary]:
        """The summaries by source path (empty when there is no usable index)."""
        try:
            with pa.memory_map(str(self.folder / self.name)) as source:
                table = pa.ipc.open_file(source).read_all()
        except (OSError, pa.ArrowException, ValueError):
            return {}
        meta = table.schema.metadata or {}
        if meta.get(b"rules") != rules.encode() or not table.schema.equals(_INDEX_SCHEMA, check_metadata=False):
            return {}
        columns = table.to_pydict()
        found: dict[str, FileSummary] = {}
        pages: dict[str, list[PageSummary]] = {}
        for i, source_path in enumerate(columns["source_path"]):
            if source_path not in found:
                stat = (columns["size"][i], columns["mtime_ns"][i], columns["ctime_ns"][i], columns["inode"][i])
                found[source_path] = FileSummary(source_path, columns["file_sha256"][i], (), stat)
                pages[source_path] = []
            if columns["release_id"][i] is not None:
                pages[source_path].append(
                    PageSummary(
                        columns["release_id"][i],
                        columns["meta_url"][i],
                        columns["content_hash"][i],
                        columns["sha256"][i],
                        _keys_tuple(columns["line_keys"][i]),
                        _keys_tuple(columns["sketch"][i]),
                    )
                )
        return {path: FileSummary(path, s.sha256, tuple(pages[path]), s.stat) for path, s in found.items()}

    def save(self, rules: str, summaries: "list[FileSummary]") -> None:
        """Write the index of ``summaries`` (those with a stat) atomically; raises :class:`CacheError`."""
        rows: dict[str, list] = {name: [] for name in _INDEX_SCHEMA.names}
        for summary in summaries:
            if summary.stat is None or not _encodable(summary.source_path):
                continue  # re-read next time (a name that is not UTF-8 is not indexed)
            for page in summary.pages or (None,):
                rows["source_path"].append(summary.source_path)
                for name, value in zip(("size", "mtime_ns", "ctime_ns", "inode"), summary.stat):
                    rows[name].append(value)
                rows["file_sha256"].append(summary.sha256)
                rows["release_id"].append(page.release_id if page else None)
                rows["meta_url"].append(page.meta_url if page else None)
                rows["content_hash"].append(page.content_hash if page else None)
                rows["sha256"].append(page.sha256 if page else None)
                rows["line_keys"].append(_keys_bytes(page.line_keys) if page else None)
                rows["sketch"].append(_keys_bytes(page.sketch) if page else None)
        _write_arrow(self.folder / self.name, lambda: pa.Table.from_pydict(rows, schema=_INDEX_SCHEMA.with_metadata({"rules": rules})), "file index")


# --------------------------------------------------------------------------
# The layout of the last build's tables: which rows each file wrote, so a rebuild copies the rest


@dataclass(frozen=True)
class FileRows:
    """What one raw file wrote in a build: its cache key, the rows it added to each table (-1: it added
    no table of that name) and what the build's bookkeeping needs of it.

    ``reusable``: its rows are those its key stands for (no duplicate pointer
    moved, no correction applied, nothing that depends on the moment), so a
    rebuild that finds the same key copies them from the previous tables.
    """

    source_path: str
    key: str | None
    reusable: bool
    sha256: str | None
    n_inputs: int
    release_ids: tuple[str, ...] | None
    released: tuple[str, ...]
    rows: tuple[int, ...]  # per table of releasekit.tables.TABLES
    #: the file's manifest row and per release its duplicate pointer and id collision, as strings
    #: (with :attr:`BuildLayout.facts`, what its key depends on besides its bytes)
    pointers: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildLayout:
    """:class:`FileRows` of every file of the last build, in file order, and the flushes of its table
    writers (:attr:`releasekit.tables.TableWriters.flushes`), stored in ``<cache>/layout.arrow``.

    ``fingerprint`` is the build's (``_build.json``): the layout is used only
    with the tables it describes. Arrow IPC (data only); one that cannot be
    read is ignored (the rebuild reads every file's cache entry).
    """

    fingerprint: str
    files: tuple[FileRows, ...]
    flushes: Mapping[str, Any]
    #: digest of the corpus-wide facts every file key depends on (rules, ``as_of``, recurring chrome)
    facts: str = ""

    NAME = "layout.arrow"

    @staticmethod
    def _schema(tables: tuple[str, ...]) -> pa.Schema:
        return pa.schema(
            [
                ("source_path", pa.string()),
                ("key", pa.string()),
                ("reusable", pa.bool_()),
                ("sha256", pa.string()),
                ("n_inputs", pa.int64()),
                ("release_ids", pa.list_(pa.string())),
                ("released", pa.list_(pa.string())),
                ("pointers", pa.list_(pa.string())),
                *[(f"rows_{name}", pa.int64()) for name in tables],
            ]
        )

    @classmethod
    def load(cls, folder: Path) -> "BuildLayout | None":
        """The layout stored in ``folder``, or None."""
        from releasekit.tables import TABLES

        try:
            with pa.memory_map(str(folder / cls.NAME)) as source:
                table = pa.ipc.open_file(source).read_all()
            meta = table.schema.metadata or {}
            if not table.schema.equals(cls._schema(TABLES), check_metadata=False):
                return None
            fingerprint = meta[b"fingerprint"].decode()
            facts = meta.get(b"facts", b"").decode()
            flushes = json.loads(meta[b"flushes"])
            columns = table.to_pydict()
        except (OSError, pa.ArrowException, ValueError, KeyError, UnicodeError):
            return None
        counts = list(zip(*(columns[f"rows_{name}"] for name in TABLES)))
        files = tuple(
            FileRows(path, key, reusable, sha, n_inputs, tuple(ids) if ids is not None else None, tuple(released), rows, tuple(pointers))
            for path, key, reusable, sha, n_inputs, ids, released, rows, pointers in zip(
                columns["source_path"], columns["key"], columns["reusable"], columns["sha256"], columns["n_inputs"],
                columns["release_ids"], columns["released"], counts, columns["pointers"],
            )
        )
        return cls(fingerprint, files, flushes, facts)

    def save(self, folder: Path) -> None:
        """Write the layout atomically; raises :class:`CacheError`."""
        from releasekit.tables import TABLES

        rows = [f for f in self.files if _encodable(f.source_path)]
        if len(rows) != len(self.files):
            return  # a name that is not UTF-8: no layout (the next rebuild reads every entry)

        def table() -> pa.Table:
            columns: dict[str, list] = {
                "source_path": [f.source_path for f in rows],
                "key": [f.key for f in rows],
                "reusable": [f.reusable for f in rows],
                "sha256": [f.sha256 for f in rows],
                "n_inputs": [f.n_inputs for f in rows],
                "release_ids": [list(f.release_ids) if f.release_ids is not None else None for f in rows],
                "released": [list(f.released) for f in rows],
                "pointers": [list(f.pointers) for f in rows],
            }
            for i, name in enumerate(TABLES):
                columns[f"rows_{name}"] = [f.rows[i] for f in rows]
            schema = self._schema(TABLES).with_metadata(
                {"fingerprint": self.fingerprint, "flushes": json.dumps(self.flushes), "facts": self.facts}
            )
            return pa.Table.from_pydict(columns, schema=schema)

        _write_arrow(folder / self.NAME, table, "table layout")


def _write_arrow(path: Path, make: Callable[[], pa.Table], what: str) -> None:
    """Write the table ``make()`` gives to ``path`` as an Arrow IPC file, atomically.

    Raises :class:`CacheError` naming ``what`` when the table cannot be made
    or the file cannot be written.
    """
    try:
        table = make()
        sink = pa.BufferOutputStream()
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    except (pa.ArrowException, UnicodeError, TypeError, ValueError) as error:
        raise CacheError(f"{what} could not be made ({type(error).__name__})") from error
    try:
        write_atomic(path, sink.getvalue().to_pybytes())
    except OSError as error:
        raise CacheError(f"{what} could not be written ({error.strerror or type(error).__name__})") from error
