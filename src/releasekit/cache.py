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
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Mapping

import pyarrow as pa

from releasekit import __version__
from releasekit.files import write_atomic

__all__ = [
    "CacheError",
    "ResultCache",
    "build_fingerprint",
    "decode_entry",
    "encode_entry",
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
    "dates.py",
    "files.py",
    "formats.py",
    "outdir.py",
    "read.py",
    "rulefiles.py",
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
MAGIC = b"releasekit-cache 2\n"


class CacheError(Exception):
    """A cache entry or folder that cannot be used (the build goes on without it)."""


def encode_entry(key: str, rows: Mapping[str, Mapping[str, list]]) -> bytes:
    """An entry: ``MAGIC``, a JSON header (key, tables, their sizes and SHA-256), then one Arrow IPC stream per table.

    Arrow IPC holds data only: reading an entry cannot run code (unlike pickle).
    """
    from releasekit.tables import SCHEMAS

    parts = []
    for name in sorted(rows):
        table = pa.Table.from_pydict(dict(rows[name]), schema=SCHEMAS[name])
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="zstd" if pa.Codec.is_available("zstd") else None)) as writer:
            writer.write_table(table)
        parts.append((name, sink.getvalue().to_pybytes()))
    header = json.dumps(
        {"key": key, "tables": [[name, len(data), hashlib.sha256(data).hexdigest()] for name, data in parts]},
        sort_keys=True,
    ).encode()
    return MAGIC + len(header).to_bytes(4, "big") + header + b"".join(data for _, data in parts)


def decode_entry(key: str, data: bytes) -> dict[str, dict[str, list]]:
    """The rows of an entry as column lists, checked; raises :class:`CacheError`.

    Checked: the format, the key (an entry copied under another key is
    refused), each table's size, SHA-256 and schema (exactly the table's
    columns and types).
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
    except (ValueError, KeyError, TypeError) as error:
        raise CacheError(f"bad header ({type(error).__name__})") from error
    if stored_key != key:
        raise CacheError("entry stored under another key")
    rows: dict[str, dict[str, list]] = {}
    at += 4 + size
    for name, length, digest in parts:
        chunk = data[at : at + length]
        at += length
        if name not in SCHEMAS or name in rows:
            raise CacheError(f"unknown table {name!r}")
        if len(chunk) != length or hashlib.sha256(chunk).hexdigest() != digest:
            raise CacheError(f"{name}: damaged")
        try:
            table = pa.ipc.open_stream(chunk).read_all()
        except (pa.ArrowException, OSError, ValueError) as error:
            raise CacheError(f"{name}: not Arrow ({error})") from error
        if not table.schema.equals(SCHEMAS[name], check_metadata=False):
            raise CacheError(f"{name}: not the table's schema")
        rows[name] = table.to_pydict()
    if at != len(data):
        raise CacheError("trailing bytes")
    return rows


@dataclass(frozen=True)
class ResultCache:
    """Rows per release (column lists by table name), stored as Arrow IPC under ``folder``.

    :meth:`get` and :meth:`put` raise :class:`CacheError` for any problem
    with the folder or an entry; the build then goes on without the cache.
    """

    folder: Path

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
        stale = list(self.folder.glob("*/.*.tmp")) + list(self.folder.glob(".probe-*")) if self.folder.is_dir() else []
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached rows for ``key``; None when there is no entry. Raises :class:`CacheError`."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise CacheError(f"entry could not be read ({error.strerror or type(error).__name__})") from error
        return decode_entry(key, data)

    def put(self, key: str, rows: Mapping[str, Any]) -> None:
        """Store ``rows`` under ``key`` (atomically: never a half-written entry). Raises :class:`CacheError`."""
        try:
            write_atomic(self._path(key), encode_entry(key, rows))
        except OSError as error:
            raise CacheError(f"entry could not be written ({error.strerror or type(error).__name__})") from error
        except (pa.ArrowException, KeyError, TypeError, ValueError) as error:
            raise CacheError(f"rows could not be stored ({type(error).__name__})") from error
