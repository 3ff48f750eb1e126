"""Read raw release files: bytes to metadata and clean text.

A raw folder holds release files (``*.txt``, any depth), an optional
``manifest.csv`` and the corpus's own documents (``README.md``,
``LICENCE.md``). Two formats of release occur:

``metadata``
    a fenced YAML block (```` ```yaml ```` ... ```` ``` ```` or ``---`` ...
    ``---``) with ``title``, ``url``, ``publish.date``, ``area`` and
    ``og.description``, then the body;
``page``
    plain text scraped from a website: site chrome first, then the release.

Reading is two passes so that site-chrome detection can use the whole corpus
(:mod:`releasekit.chrome`): :func:`scan` decodes a file and splits off its
metadata block; :func:`read_release` then removes chrome and settles the
metadata, in this order of sources: the file's own block, the manifest, the
page text, the URL. Every date keeps its precision.

Nothing here raises on bad input: problems are returned as :class:`Problem`
rows (``severity`` ``error`` means the file is not a release, ``warning`` that
it is one but something was wrong, ``info`` a harmless repair).
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import datetime as dt
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from collections import Counter
from typing import Iterable, Mapping, Sequence
from urllib.parse import unquote_plus, urlparse

import yaml

from releasekit.chrome import (
    DATELINE_WINDOW,
    TITLE_MAX_WORDS,
    ChromeStats,
    is_dateline,
    leading_keys,
    strip_chrome,
)
from releasekit.printed_dates import parse_date, publication_line, url_month
from releasekit.formats import (
    declared_charset,
    html_fragment_text,
    looks_like_html,
    read_html,
    read_records,
    record_release_id,
)

__all__ = [
    "CORPUS_DOCUMENTS",
    "EARLIEST_DATE",
    "FUTURE_HORIZON",
    "MAX_BODY_CHARS",
    "MAX_METADATA_CHARS",
    "MAX_EXPORT_BYTES",
    "MAX_PAGE_BYTES",
    "MAX_READ_BYTES",
    "MIN_RELEASE_WORDS",
    "RECORD_REJECTIONS",
    "ManifestRow",
    "Problem",
    "RawRelease",
    "Release",
    "capture_date",
    "content_hash",
    "file_sha256",
    "printable_path",
    "RELEASE_SUFFIXES",
    "SKIPPED_FOLDERS",
    "find_manifest",
    "manifest_by_file",
    "manifest_row",
    "list_raw_files",
    "os_reason",
    "release_suffix",
    "survey_raw_folder",
    "unique_release_ids",
    "publication_limit",
    "read_raw_file",
    "read_manifest",
    "read_release",
    "release_id_for",
    "scan",
    "scan_file",
    "site_of",
]

#: Files of a raw folder that document the corpus rather than hold a release.
CORPUS_DOCUMENTS = frozenset({"manifest.csv", "readme.md", "licence.md", "license.md"})
#: A body longer than this is cut here (with a warning): no press release is
#: (the longest of the corpus has about 4,000 characters; a long release
#: 20,000). Extraction costs about 7 s per million characters, so the cap
#: bounds the time one hostile file can take to about 1.5 s.
MAX_BODY_CHARS = 200_000
#: Bytes of a file that are read at most: enough for MAX_BODY_CHARS characters
#: of UTF-8 (at most 4 bytes each) and a metadata block. The rest of a bigger
#: file is only hashed (streamed), so a huge file costs bounded memory and time.
MAX_READ_BYTES = 4 * MAX_BODY_CHARS + 65_536
#: Bytes of an export (CSV, JSON Lines, JSON) that are read at most: it holds
#: many releases, so far more than one release's worth; a bigger export is read
#: up to here (its last, cut record dropped) with a ``file_too_large`` warning.
MAX_EXPORT_BYTES = 256 * 1024 * 1024
#: Bytes of a saved web page that are read at most: a page saved by a browser
#: carries its styles and scripts inline (often 1-5 MB around a few kB of text).
MAX_PAGE_BYTES = 16 * 1024 * 1024
#: A metadata block longer than this is not parsed (YAML parsing is slow and
#: no real block is more than a few hundred characters).
MAX_METADATA_CHARS = 20_000
#: A page with fewer words than this after chrome removal holds no release.
MIN_RELEASE_WORDS = 25
#: Publication dates after this day are ``future_date`` problems when neither
#: the page's capture timestamp nor the build's ``as_of`` day gives a tighter
#: limit. A fixed day, never today's date, so that a build is reproducible;
#: raise it in a release of releasekit before it is reached.
FUTURE_HORIZON = dt.date(2030, 12, 31)
#: Publication dates before this day are ``implausible_date`` problems (a
#: year 0001 or 0202 is a typing slip, and would break date arithmetic downstream).
EARLIEST_DATE = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Problem:
    """One problem found while reading a raw file (a row of ``problems``)."""

    source_path: str
    severity: str  # error | warning | info
    code: str
    message: str

    def __post_init__(self) -> None:
        # a file name that is not UTF-8 (or an OS error quoting it) must not
        # stop the problems table from being written
        object.__setattr__(self, "source_path", printable_path(self.source_path))
        object.__setattr__(self, "message", printable_path(self.message))


@dataclass(frozen=True)
class ManifestRow:
    """A row of ``manifest.csv``."""

    file: str
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    truncated: bool | None = None


@dataclass(frozen=True)
class RawRelease:
    """A decoded raw file with its metadata block split off (pass one)."""

    source_path: str
    release_id: str
    sha256: str
    format: str  # metadata | page
    text: str  # decoded text after the metadata block, "\n" line ends
    meta: Mapping[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    #: where each ``meta`` value came from when not from a YAML block
    #: (``og:title``, ``canonical``, ``json-ld:datePublished``, ``record``, ...)
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Hash of the text with whitespace normalised (duplicate detection)."""
        return content_hash(self.text)


@dataclass(frozen=True)
class Release:
    """A release ready for extraction (pass two): metadata and clean body."""

    release_id: str
    source_path: str
    url: str | None
    publisher: str | None
    title: str | None
    published: dt.date | None
    published_precision: str
    published_source: str
    body: str
    chrome_chars_removed: int
    sha256: str
    format: str
    truncated: bool | None
    area: str | None = None
    description: str | None = None
    title_source: str = "none"
    url_source: str = "none"


# --------------------------------------------------------------------------
# Files and manifest


def printable_path(path: str) -> str:
    """``path`` as valid Unicode text.

    Python holds the bytes of a file name that are not UTF-8 as lone
    surrogates, which Parquet (UTF-8) cannot store; they are written as
    ``\\xNN`` instead. Any other text is returned unchanged.

    >>> print(printable_path(b"bad\\xffname.txt".decode("utf-8", "surrogateescape")))
    bad\\xffname.txt
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        try:
            return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return path.encode("utf-8", "backslashreplace").decode("utf-8")


@lru_cache(maxsize=8192)  # a pure function of the path, asked several times per file
def release_id_for(source_path: str) -> str:
    """Stable release id from the path relative to the raw folder.

    >>> release_id_for("beds/2022/ten-arrested.txt")
    'beds/2022/ten-arrested'

    ``.txt``, ``.html`` and ``.htm`` are dropped; a record of an export gets
    :func:`releasekit.formats.record_release_id`.

    The id is in Unicode normal form C, so a name written in decomposed form
    (as macOS file systems store it) gives the same id as the composed one.
    """
    path = PurePosixPath(printable_path(source_path))
    rid = str(path.with_suffix("")) if path.suffix.lower() in (".txt", ".html", ".htm") else str(path)
    return unicodedata.normalize("NFC", rid)


#: File suffixes (lower case) that hold releases, and the format that reads
#: them (:func:`scan_file` dispatches on it): ``text`` (one release per file,
#: :func:`scan`), ``html`` (a saved web page, :func:`releasekit.formats.read_html`),
#: ``records`` (an export, one release per record, :func:`releasekit.formats.read_records`).
#: Any other file of the raw folder is an ``unsupported_format`` problem,
#: never a release: notes, editor backups (``r1.txt~``), PDFs and
#: images cannot add figures. A ``.md`` file is a release only when it opens
#: with a metadata block (:func:`scan`); otherwise it is a note.
RELEASE_SUFFIXES: Mapping[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".csv": "records",
    ".jsonl": "records",
    ".ndjson": "records",
    ".json": "records",
}
#: What :func:`scan_file` reads, for messages.
SUPPORTED = (
    ".txt (and .md with a metadata block), .html/.htm (saved web pages), "
    ".csv, .jsonl/.ndjson and .json (exports, one release per record)"
)
#: Folders that are never read (version control, caches); they are recorded
#: as ``skipped`` problems. Any folder whose name starts with ``.`` is skipped too.
SKIPPED_FOLDERS = frozenset({"CVS", "__pycache__", "_darcs", "node_modules", "__MACOSX"})


@lru_cache(maxsize=8192)  # a pure function of the path, asked several times per file
def release_suffix(source_path: str) -> str | None:
    """The release format of a file by its suffix (case-insensitive), or ``None``.

    >>> release_suffix("beds/2022/TEN-ARRESTED.TXT")
    'text'
    >>> release_suffix("r1.txt~") is None
    True
    """
    return RELEASE_SUFFIXES.get(PurePosixPath(source_path).suffix.lower())


def survey_raw_folder(raw_dir: Path) -> tuple[list[str], list[Problem]]:
    """The release files under ``raw_dir`` and a problem for everything else.

    Returns the candidate release files as sorted relative posix paths, and
    problems for every entry that is not one, so that nothing in the folder
    is dropped without a trace:

    - a file whose suffix is not a release suffix (:data:`RELEASE_SUFFIXES`):
      ``unsupported_format`` (error); a hidden one (``.DS_Store``): ``skipped`` (info);
    - a hidden or version-control folder (:data:`SKIPPED_FOLDERS`): ``skipped`` (info), once per folder;
    - a link to a folder: ``linked_folder`` (error; links are not followed, so
      a loop or a link out of the corpus cannot be read);
    - a folder that cannot be listed: ``unreadable_folder`` (error).

    The corpus documents (:data:`CORPUS_DOCUMENTS`, any case) at the top level
    are left out silently. Broken links, pipes and unreadable files are
    candidates: reading them gives an ``unreadable_file`` problem.
    """
    files: list[str] = []
    problems: list[Problem] = []

    def walk(folder: Path, prefix: str) -> None:
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as error:
            problems.append(
                Problem(prefix.rstrip("/") or ".", "error", "unreadable_folder", f"the folder could not be listed ({os_reason(error)}); its files are not read")
            )
            return
        for entry in listed:
            rel = f"{prefix}{entry.name}"
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_link, is_dir = False, False
            if is_dir and is_link:
                problems.append(Problem(rel, "error", "linked_folder", "a link to a folder: not followed (copy the files into the raw folder instead)"))
            elif is_dir and (entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS):
                problems.append(Problem(rel, "info", "skipped", "a hidden or version-control folder: not read"))
            elif is_dir:
                walk(Path(entry.path), f"{rel}/")
            elif not prefix and entry.name.lower() in CORPUS_DOCUMENTS:
                continue
            elif release_suffix(entry.name):
                files.append(rel)
            elif entry.name.startswith("."):
                problems.append(Problem(rel, "info", "skipped", "a hidden file that is not a release file: not read"))
            else:
                problems.append(_unsupported(rel))

    walk(raw_dir, "")
    return sorted(files), sorted(problems, key=lambda p: (p.source_path, p.code))


def _unsupported(source_path: str) -> Problem:
    """The ``unsupported_format`` problem of a file whose suffix is not in :data:`RELEASE_SUFFIXES`."""
    suffix = PurePosixPath(printable_path(source_path)).suffix or "(no suffix)"
    return Problem(
        source_path, "error", "unsupported_format", f"not a release file: {suffix} is not a format releasekit reads ({SUPPORTED}); left out"
    )


def list_raw_files(raw_dir: Path) -> list[str]:
    """The candidate release files under ``raw_dir`` (see :func:`survey_raw_folder`)."""
    return survey_raw_folder(raw_dir)[0]


def unique_release_ids(files: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """Keep one file per release id; every other file with that id is a problem.

    Ids are compared in Unicode NFC and without case, so ``Raid.txt``,
    ``raid.TXT`` and a decomposed ``raid`` name never become one release
    (their totals would be added together) nor two releases that a
    case-insensitive file system or a join would mix up. The first file in
    sorted order keeps the id; the others are ``release_id_collision``
    errors that name it.
    """
    seen: dict[str, str] = {}
    kept: list[str] = []
    problems: list[Problem] = []
    for source_path in sorted(files):
        key = unicodedata.normalize("NFC", release_id_for(source_path).casefold())
        first = seen.setdefault(key, source_path)
        if first == source_path:
            kept.append(source_path)
        else:
            problems.append(
                Problem(
                    source_path,
                    "error",
                    "release_id_collision",
                    f"gives the same release_id as {printable_path(first)} (names equal up to case, Unicode form or suffix); "
                    "left out: rename one of the files",
                )
            )
    return kept, problems


def os_reason(error: OSError) -> str:
    """Why an operating-system call failed, without the path (tables hold no absolute paths)."""
    return error.strerror or type(error).__name__


_TRUE = frozenset({"true", "1", "yes", "y", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "f"})


def _as_bool(value: str | None) -> bool | None:
    """``True``/``False`` for the usual spellings, ``None`` for an empty value.

    Raises :class:`ValueError` for anything else (``maybe``), which the
    manifest reader records instead of guessing.
    """
    if value is None or not value.strip():
        return None
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(value)


def find_manifest(raw_dir: Path) -> tuple[Path | None, list[Problem]]:
    """The manifest of ``raw_dir``: ``manifest.csv`` in any case, at the top level.

    Returns its path (``None`` when there is none or it cannot be used) and
    problems: a manifest that is not a regular file (a folder, a pipe, a link
    to nothing) is ``manifest_unreadable``; several spellings
    (``manifest.csv`` and ``MANIFEST.CSV``) are ``manifest_ambiguous``, and
    the lower-case one (else the first in sorted order) is used.
    """
    try:
        names = sorted(name for name in os.listdir(raw_dir) if name.lower() == "manifest.csv")
    except OSError:
        return None, []
    if not names:
        return None, []
    chosen = "manifest.csv" if "manifest.csv" in names else names[0]
    problems = [
        Problem(name, "warning", "manifest_ambiguous", f"several manifests ({', '.join(names)}); {chosen} is used, this one is not")
        for name in names
        if name != chosen
    ]
    path = raw_dir / chosen
    try:
        info = os.stat(path)
    except OSError as error:
        problems.append(Problem(chosen, "warning", "manifest_unreadable", f"{chosen} could not be read ({os_reason(error)}); no manifest is used"))
        return None, problems
    if not stat.S_ISREG(info.st_mode):
        problems.append(Problem(chosen, "warning", "manifest_unreadable", f"{chosen} is not a regular file (a folder, pipe or device); no manifest is used"))
        return None, problems
    return path, problems


_MANIFEST_FIELDS = ("url", "publisher", "published", "truncated")


def read_manifest(raw_dir: Path) -> tuple[dict[str, ManifestRow], list[Problem]]:
    """Read the manifest (:func:`find_manifest`) if present; return rows by file and problems.

    The file is parsed as CSV by its own rules (RFC 4180: quoted fields may
    hold commas, line breaks, U+2028 or NEL; only CR and LF end a record).
    A row naming no file is ``manifest_bad_row``; a ``truncated`` value that
    is not a yes or no is ``manifest_bad_value`` (and read as unknown); a
    file named twice is ``manifest_duplicate_row`` (info) when the rows
    agree and ``manifest_conflict`` (warning) when they do not: the first
    row is used.
    """
    path, problems = find_manifest(raw_dir)
    if path is None:
        return {}, problems
    name = path.name
    try:
        data, _, _ = read_raw_file(path, limit=1 << 30)
        text = data.decode("utf-8-sig", errors="replace")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except OSError as error:
        return {}, problems + [Problem(name, "warning", "manifest_unreadable", f"{name} could not be read ({os_reason(error)})")]
    except csv.Error as error:
        return {}, problems + [Problem(name, "warning", "manifest_unreadable", f"{name} could not be parsed: {error}")]
    if not rows:
        return {}, problems
    header = [column.strip().lower() for column in rows[0]]
    if "file" not in header:
        return {}, problems + [Problem(name, "warning", "manifest_unreadable", f"{name} has no 'file' column")]
    manifest: dict[str, ManifestRow] = {}
    lines: dict[str, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        if not any(value.strip() for value in values):
            continue
        row = dict(zip(header, values))
        file_name = unicodedata.normalize("NFC", (row.get("file") or "").strip())
        if not file_name:
            problems.append(Problem(name, "warning", "manifest_bad_row", f"{name} record {number} names no file"))
            continue
        try:
            truncated = _as_bool(row.get("truncated"))
        except ValueError:
            truncated = None
            problems.append(
                Problem(name, "warning", "manifest_bad_value", f"{name} record {number}: truncated={row.get('truncated')!r} is not true or false; read as unknown")
            )
        entry = ManifestRow(
            file=file_name,
            url=(row.get("url") or "").strip() or None,
            publisher=(row.get("publisher") or "").strip() or None,
            published=(row.get("published") or "").strip() or None,
            truncated=truncated,
        )
        if file_name in manifest:
            first = manifest[file_name]
            if first == entry:
                problems.append(Problem(name, "info", "manifest_duplicate_row", f"{name} record {number} repeats record {lines[file_name]} ({file_name})"))
            else:
                differ = [f for f in _MANIFEST_FIELDS if getattr(first, f) != getattr(entry, f)]
                problems.append(
                    Problem(
                        name,
                        "warning",
                        "manifest_conflict",
                        f"{name} records {lines[file_name]} and {number} both describe {file_name} and disagree on "
                        f"{', '.join(differ)}; record {lines[file_name]} is used",
                    )
                )
            continue
        manifest[file_name] = entry
        lines[file_name] = number
    return manifest, problems


def manifest_row(manifest: Mapping[str, ManifestRow | None] | None, source_path: str) -> ManifestRow | None:
    """The manifest row of the file at ``source_path`` (a path relative to the raw folder).

    Looked up by the path as given, then in Unicode NFC (the manifest's names
    are read in NFC), then by its bare file name (a manifest that names files
    without their subfolder). ``manifest`` is what :func:`read_manifest`
    returns, or :func:`manifest_by_file` (where a path mapped to ``None`` has no
    row: its bare name is ambiguous).
    """
    if not manifest:
        return None
    if source_path in manifest:
        return manifest[source_path]
    nfc = unicodedata.normalize("NFC", source_path)
    if nfc in manifest:
        return manifest[nfc]
    name = PurePosixPath(nfc).name
    return manifest.get(name) if name != nfc else None


def manifest_by_file(files: Sequence[str], manifest: Mapping[str, ManifestRow]) -> tuple[dict[str, ManifestRow | None], list[Problem]]:
    """The manifest row of each file of a folder, keyed by its relative path, and the problems met.

    Like :func:`manifest_row`, except that a bare name which several files
    share (in different subfolders) matches none of them: the file maps to
    ``None`` and is a ``manifest_ambiguous`` warning, so two different files
    never take one row.
    """
    names = Counter(PurePosixPath(unicodedata.normalize("NFC", f)).name for f in files)
    rows: dict[str, ManifestRow | None] = {}
    problems = []
    for f in files:
        nfc = unicodedata.normalize("NFC", f)
        name = PurePosixPath(nfc).name
        if nfc in manifest:
            rows[f] = manifest[nfc]
        elif name in manifest and names[name] == 1:
            rows[f] = manifest[name]
        elif name in manifest:
            rows[f] = None
            problems.append(Problem(f, "warning", "manifest_ambiguous", f"manifest.csv names {name!r}, which several subfolders hold: its row is not used"))
    return rows, problems


def read_limit(source_path: str) -> int:
    """Bytes of a raw file that are read: :data:`MAX_EXPORT_BYTES` for an export,
    :data:`MAX_PAGE_BYTES` for a saved web page, else :data:`MAX_READ_BYTES`."""
    return {"records": MAX_EXPORT_BYTES, "html": MAX_PAGE_BYTES}.get(release_suffix(source_path) or "", MAX_READ_BYTES)


def read_raw_file(path: Path, limit: int = MAX_READ_BYTES) -> tuple[bytes, str, int]:
    """Read at most ``limit`` bytes of ``path``; return ``(data, sha256, size)``.

    The SHA-256 covers the whole file (the rest is streamed in chunks, never
    held in memory). Raises :class:`OSError` when the file cannot be read or
    is not a regular file (a pipe, a device, a broken link).
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file (a pipe, device or folder)")
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        data = handle.read(limit)
        digest.update(data)
        size = len(data)
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return data, digest.hexdigest(), size


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file's bytes (streamed), or ``None`` if it cannot be read."""
    try:
        return read_raw_file(path, limit=0)[1]
    except OSError:
        return None


# --------------------------------------------------------------------------
# Decoding


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")  # C0 controls, DEL, stray byte-order marks


def _trim_partial_utf8(data: bytes) -> bytes:
    """Drop an incomplete UTF-8 sequence at the end of a cut-off read."""
    end, continuation = len(data) - 1, 0
    while end >= 0 and continuation < 3 and 0x80 <= data[end] <= 0xBF:
        end, continuation = end - 1, continuation + 1
    if end >= 0 and data[end] >= 0xC0:
        need = 2 if data[end] < 0xE0 else 3 if data[end] < 0xF0 else 4
        if continuation + 1 < need:
            return data[:end]
    return data


def _decode_text(data: bytes, problem) -> str:  # noqa: ANN001 - local callback
    """UTF-8, else Windows-1252, else UTF-8 with replacement characters.

    A file that is mostly valid UTF-8 (at least as many well-formed non-ASCII
    characters as invalid bytes) is read as UTF-8 with its few bad bytes
    replaced, rather than turned into mojibake as Windows-1252.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first = error.start
    replaced = data.decode("utf-8", errors="replace")
    n_bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    n_good = len(replaced) - len(replaced.encode("ascii", "ignore")) - replaced.count("\ufffd")
    if n_good and n_good >= n_bad:
        problem(
            "warning",
            "invalid_utf8",
            f"not valid UTF-8: {n_bad} invalid byte sequence(s), the first at byte {first}; "
            "they are replaced by U+FFFD (the rest is well-formed UTF-8)",
        )
        return replaced
    try:
        text = data.decode("cp1252")
        problem("warning", "decoded_cp1252", f"not valid UTF-8 (first bad byte at {first}); decoded as Windows-1252")
        return text
    except UnicodeDecodeError as error:
        problem(
            "warning",
            "invalid_utf8",
            f"neither UTF-8 (byte {first}) nor Windows-1252 (byte {error.start}); undecodable bytes replaced by U+FFFD",
        )
        return replaced


def _decode(source_path: str, data: bytes, *, cut: bool = False) -> tuple[str | None, list[Problem]]:
    """Decode bytes to text; ``None`` when the file is not text at all.

    ``cut`` says that ``data`` is the first part of a bigger file (so a
    character split at the end is dropped, not reported as invalid).
    """
    problems: list[Problem] = []

    def problem(severity: str, code: str, message: str) -> None:
        problems.append(Problem(source_path, severity, code, message))

    if not data.strip():
        problem("error", "empty_file", "the file is empty or holds only whitespace" if data else "the file is empty (0 bytes)")
        return None, problems
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(codecs.BOM_UTF32_LE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = data.decode("utf-16", errors="replace")
            problem("warning", "invalid_utf8", "UTF-16 byte-order mark but invalid UTF-16; undecodable bytes replaced by U+FFFD")
        else:
            problem("warning", "decoded_utf16", "the file is UTF-16 (byte-order mark), not UTF-8; decoded as UTF-16")
        data = b""
    elif (nul := data.find(b"\x00", 0, 65536)) >= 0:
        problem("error", "binary_content", f"the file holds NUL bytes (the first at byte {nul}): binary data, not a text release")
        return None, problems
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[3:]
            problem("info", "utf8_bom", "UTF-8 byte-order mark removed")
        text = _decode_text(_trim_partial_utf8(data) if cut else data, problem)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        problem("error", "empty_file", "the file holds only whitespace (after decoding)")
        return None, problems
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        problem("info", "crlf_line_endings", "CR or CRLF line endings normalised to LF")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        problem("error", "binary_content", f"{controls} control characters: binary data, not a text release")
        return None, problems
    if controls:
        text = _CONTROL.sub("", text)
        problem("info", "control_characters", f"{controls} control characters removed")
    return unicodedata.normalize("NFC", text), problems


# --------------------------------------------------------------------------
# Metadata block


_FENCE = re.compile(r"\A\s*```\s*ya?ml\s*\n(?P<block>.*?)\n```[ \t]*(?:\n|\Z)", re.DOTALL | re.IGNORECASE)
_FRONT = re.compile(r"\A\s*---\s*\n(?P<block>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)


class _MetadataLoader(yaml.SafeLoader):
    """Safe YAML loading that keeps every value as the string the site printed.

    (PyYAML's implicit timestamps would turn ``2020-02-31`` into an
    exception and ``2020-06-19`` into a date object; its YAML 1.1 booleans
    and octals turn a title ``No`` into ``False`` and ``0123`` into ``83``.
    The reader parses dates itself, with their precision.)
    """


_MetadataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Every plain scalar but an empty value or ``~``/``null`` stays the string
# the site wrote. PyYAML follows YAML 1.1, where ``No`` is False and ``0123``
# is the octal 83; under YAML 1.2's core schema ``0123`` is still 123. A title,
# area or reference number is text, so no implicit typing is done at all.


_CSafeLoader = getattr(yaml, "CSafeLoader", None)  # libyaml's parser, when PyYAML was built with it
if _CSafeLoader is not None:

    class _CMetadataLoader(_CSafeLoader):  # type: ignore[misc, valid-type]
        """:class:`_MetadataLoader` on libyaml's parser (about 10x faster; same constructor and resolvers)."""

    _CMetadataLoader.yaml_implicit_resolvers = _MetadataLoader.yaml_implicit_resolvers
else:  # pragma: no cover - PyYAML without libyaml
    _CMetadataLoader = None

#: Printable characters both YAML parsers read alike (no tab, line separators, BOM or astral plane).
_YAML_CHAR = "\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd"
#: A block of ``key: value`` lines (nested by spaces) whose values are plain
#: one-line scalars without YAML indicators or double-quoted ones without
#: escapes: the form of real metadata blocks, on which libyaml and PyYAML's own
#: parser give the same data (``tests/test_read.py`` checks generated blocks).
#: Any other block, and any block libyaml rejects, goes to PyYAML's parser, so
#: that errors and their messages stay PyYAML's.
_SIMPLE_BLOCK = re.compile(
    "(?: *[A-Za-z][A-Za-z0-9_.-]*:(?: (?:"
    + '"(?:(?!["\\\\])[' + _YAML_CHAR + '])*"'  # "double-quoted", no escapes
    + "|(?![-?:,\\[\\]{}#&*!|>'\"%@`])[" + _YAML_CHAR.replace("\\x20", "\\x21") + "]"  # a plain scalar's first character
    + "(?:(?![: ])[" + _YAML_CHAR + "]|:(?=[^ \\n])| (?=[^ #\\n]))*"  # no ': ', ' #', double or trailing space
    + "))?(?:\\n|\\Z))+"
)


def _load_block(block: str) -> object:
    """The metadata block parsed as YAML: by libyaml when the block is simple (:data:`_SIMPLE_BLOCK`), else by PyYAML.

    Raises what ``yaml.load`` with :class:`_MetadataLoader` raises.
    """
    if _CMetadataLoader is not None and _SIMPLE_BLOCK.fullmatch(block):
        try:
            return yaml.load(block, Loader=_CMetadataLoader)  # noqa: S506 - a SafeLoader subclass
        except Exception:  # noqa: BLE001 - PyYAML's own parser below gives the error and its message
            pass
    return yaml.load(block, Loader=_MetadataLoader)  # noqa: S506 - a SafeLoader subclass

#: The metadata fields a release's columns are read from (a field holding a mapping or a nested
#: list is an ``invalid_metadata`` warning rather than a silent null).
METADATA_FIELDS = ("title", "url", "publisher", "published", "date", "truncated", "area")
#: Nested metadata deeper than this is ignored (no real block nests beyond 2).
_MAX_META_DEPTH = 4
#: Longest metadata value kept (aliases can make a tiny block expand hugely).
_MAX_META_VALUE = 10_000


def _flatten(data: object, prefix: str = "", depth: int = 0) -> dict[str, str]:
    """Nested mappings to dotted keys with string values.

    Only mappings are walked, to a bounded depth, and a value is kept only if
    it is a scalar or a list of scalars, cut at :data:`_MAX_META_VALUE`
    characters: a block of YAML aliases (a "billion laughs") or a recursive
    alias costs nothing.
    """
    flat: dict[str, str] = {}
    if isinstance(data, Mapping):
        if depth >= _MAX_META_DEPTH:
            return flat
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}{_valid_text(str(key))}.", depth + 1))
    elif isinstance(data, list):
        if prefix and all(isinstance(item, (str, int, float, bool)) for item in data[:100]):
            flat[prefix[:-1]] = _valid_text(", ".join(str(item).strip() for item in data[:100])[:_MAX_META_VALUE])
    elif data is not None and prefix:
        flat[prefix[:-1]] = _valid_text(str(data).strip()[:_MAX_META_VALUE])
    return flat


def _valid_text(text: str) -> str:
    """``text`` with surrogate escapes (YAML ``"\\ud800"``) made valid: pairs joined, lone ones U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _split_metadata(source_path: str, text: str) -> tuple[str, str, dict[str, str], list[Problem]]:
    """Split a fenced YAML block off ``text``; return (format, body, meta, problems)."""
    match = _FENCE.match(text) or _FRONT.match(text)
    if not match:
        return "page", text, {}, []
    rest = text[match.end():]
    block = match.group("block")
    if len(block) > MAX_METADATA_CHARS:
        message = f"metadata block of {len(block):,} characters (more than {MAX_METADATA_CHARS:,}); not parsed, block ignored"
        return "metadata", rest, {}, [Problem(source_path, "warning", "invalid_metadata", message)]
    try:
        data = _load_block(block)
    except yaml.YAMLError as error:
        kind = "unsafe_metadata" if isinstance(error, yaml.constructor.ConstructorError) and "tag" in str(error) else "invalid_metadata"
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        message = (
            f"metadata block uses a YAML tag that safe loading refuses ({detail}); block ignored"
            if kind == "unsafe_metadata"
            else f"metadata block is not valid YAML ({detail}); block ignored"
        )
        return "metadata", rest, {}, [Problem(source_path, "warning", kind, message)]
    except (ValueError, TypeError, RecursionError, OverflowError) as error:
        message = f"metadata block could not be loaded ({type(error).__name__}: {error}); block ignored"
        return "metadata", rest, {}, [Problem(source_path, "warning", "invalid_metadata", message)]
    if not isinstance(data, Mapping):
        return "metadata", rest, {}, [Problem(source_path, "warning", "invalid_metadata", "metadata block is not a mapping of fields; block ignored")]
    try:
        flat = _flatten(data)
    except (ValueError, TypeError, RecursionError) as error:
        message = f"metadata block could not be read as fields ({type(error).__name__}); block ignored"
        return "metadata", rest, {}, [Problem(source_path, "warning", "invalid_metadata", message)]
    unread = [
        (key, "mapping" if isinstance(data.get(key), Mapping) else "list of lists or mappings")
        for key in METADATA_FIELDS if isinstance(data.get(key), (Mapping, list)) and key not in flat
    ]
    problems = [
        Problem(source_path, "warning", "invalid_metadata", f"metadata field {key!r} is a {what}, not a value; ignored")
        for key, what in unread
    ]
    return "metadata", rest, flat, problems


def content_hash(text: str) -> str:
    """SHA-256 of ``text`` with case kept and whitespace runs collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def scan(source_path: str, data: bytes, *, sha256: str | None = None, size: int | None = None) -> RawRelease | list[Problem]:
    """Pass one: decode ``data`` and split off its metadata block.

    ``data`` may be only the first part of the file (:func:`read_raw_file`);
    then ``sha256`` and ``size`` describe the whole file. Returns the
    :class:`RawRelease`, or the problems that make the file unreadable as a
    release.
    """
    sha = sha256 or hashlib.sha256(data).hexdigest()
    cut = size is not None and size > len(data)
    text, problems = _decode(source_path, data, cut=cut)
    if printable_path(source_path) != source_path:
        problems.append(
            Problem(source_path, "warning", "bad_file_name", "the file name is not valid UTF-8; its bad bytes are recorded as \\xNN")
        )
        source_path = printable_path(source_path)
    if text is None:
        return problems
    fmt, rest, meta, meta_problems = _split_metadata(source_path, text)
    if PurePosixPath(source_path).suffix.lower() == ".md" and fmt != "metadata":
        return problems + [
            Problem(
                source_path,
                "error",
                "unsupported_format",
                "a Markdown file without a metadata block is a note, not a release; left out "
                f"(a release in Markdown opens with a ```yaml or --- block; releasekit reads {SUPPORTED})",
            )
        ]
    if cut or len(rest) > MAX_BODY_CHARS:
        whole = f"{size:,} bytes" if cut else f"{len(rest):,} characters of text"
        meta_problems.append(
            Problem(
                source_path,
                "warning",
                "file_too_large",
                f"{whole}: more than any press release holds; only the first {MAX_BODY_CHARS:,} characters are read",
            )
        )
        rest = rest[:MAX_BODY_CHARS]
    return RawRelease(
        source_path=source_path,
        release_id=release_id_for(source_path),
        sha256=sha,
        format=fmt,
        text=rest,
        meta=meta,
        problems=tuple(problems + meta_problems),
    )


#: Problem codes that reject one record of an export (counted as rejected inputs by the build).
RECORD_REJECTIONS = frozenset({"record_without_text", "record_unreadable"})


def _decode_page(source_path: str, data: bytes, cut: bool) -> tuple[str | None, list[Problem]]:
    """Decode a web page: UTF-8 when the bytes are UTF-8 (whatever the page declares:
    a misdeclared page is common, and valid multi-byte UTF-8 is almost never
    another encoding), else by its declared charset when Python knows it, else
    as any text file (:func:`_decode`, with its warnings)."""
    body = _trim_partial_utf8(data) if cut else data
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        charset = declared_charset(data)
        if charset and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                codecs.lookup(charset)
                text = body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
            else:
                if text.strip() and "\x00" not in text[:65536]:
                    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
                    return unicodedata.normalize("NFC", text), []
    return _decode(source_path, data, cut=cut)


def scan_file(
    source_path: str, data: bytes, *, sha256: str | None = None, size: int | None = None
) -> tuple[list[RawRelease], list[Problem]]:
    """Pass one for a raw file of any format: its raw releases and the problems found.

    The format comes from the extension (:data:`RELEASE_SUFFIXES`, :func:`release_suffix`):
    a ``.txt`` file (or a ``.md`` file with a metadata block) is one release (:func:`scan`); a saved web page
    (``.html``, ``.htm``) is one release whose text is the page's main text
    and whose metadata (title, URL, publication date, description) comes from
    the page's markup, each value's source kept in ``RawRelease.sources``; an
    export (``.csv``, ``.jsonl``, ``.ndjson``, ``.json``) is one release per
    record, with release id ``<path without extension>/<id or number>``. A
    record without text is a ``record_without_text`` error naming the record.
    Any other file is an ``unsupported_format`` error. Nothing raises.
    """
    kind = release_suffix(source_path)
    if kind == "text":
        scanned = scan(source_path, data, sha256=sha256, size=size)
        return ([scanned], []) if isinstance(scanned, RawRelease) else ([], scanned)
    if kind is None:
        return [], [_unsupported(source_path)]
    sha = sha256 or hashlib.sha256(data).hexdigest()
    cut = size is not None and size > len(data)
    text, problems = _decode_page(source_path, data, cut) if kind == "html" else _decode(source_path, data, cut=cut)
    if printable_path(source_path) != source_path:
        problems.append(Problem(source_path, "warning", "bad_file_name", "the file name is not valid UTF-8; its bad bytes are recorded as \\xNN"))
        source_path = printable_path(source_path)
    if text is None:
        return [], problems
    if cut:
        if kind == "records":  # the last record is cut off: drop it
            text = text[: text.rfind("\n")] if "\n" in text else ""
            what = f"only the records in its first {len(data):,} bytes are read (split it into several files)"
        else:
            what = f"only the first {len(data):,} bytes are read"
        problems.append(Problem(source_path, "warning", "file_too_large", f"{size:,} bytes: {what}"))
    if kind == "html":
        page = read_html(text)
        problems += [Problem(source_path, *note) for note in page.notes]
        if not page.text and not page.notes:
            problems.append(Problem(source_path, "error", "no_release_text", "the page holds no text"))
        if not page.text:
            return [], problems
        if len(page.text) > MAX_BODY_CHARS:
            problems.append(Problem(source_path, "warning", "file_too_large", f"the page's main text has {len(page.text):,} characters: only the first {MAX_BODY_CHARS:,} are read"))
        raw = RawRelease(
            source_path=source_path,
            release_id=release_id_for(source_path),
            sha256=sha,
            format="html",
            text=page.text[:MAX_BODY_CHARS],
            meta=dict(page.meta),
            sources=dict(page.sources),
        )
        return [raw], problems
    problems = [p for p in problems if p.code != "crlf_line_endings"]  # CRLF is the CSV standard's line end, not a repair
    records, notes = read_records(text, PurePosixPath(source_path).suffix)
    problems += [Problem(source_path, *note) for note in notes]
    raws = []
    fmt = PurePosixPath(source_path).suffix.lower().lstrip(".").replace("ndjson", "jsonl")
    for record in records:
        rid = unicodedata.normalize("NFC", record_release_id(source_path, record.label))
        body = record.fields.get("text", "")
        if not body:
            problems.append(
                Problem(source_path, "error", "record_without_text", f"record {record.label} ({record.where}; release id {rid}) has no 'text' or 'body': not a release")
            )
            continue
        if looks_like_html(body):
            body = html_fragment_text(body)
            message = f"record {record.label} ({record.where}; release id {rid}): its text is HTML markup; read as text (tags removed, entities decoded)"
            problems.append(Problem(source_path, "info", "html_record_text", message))
        meta = {key: value for key, value in record.fields.items() if key in ("title", "url", "publisher", "truncated")}
        if record.fields.get("published"):
            meta["publish.date"] = record.fields["published"]
        body = unicodedata.normalize("NFC", _CONTROL.sub("", body.replace("\r\n", "\n").replace("\r", "\n")))
        if len(body) > MAX_BODY_CHARS:
            message = f"record {record.label} ({record.where}; release id {rid}): {len(body):,} characters of text; only the first {MAX_BODY_CHARS:,} are read"
            problems.append(Problem(source_path, "warning", "file_too_large", message))
        raws.append(
            RawRelease(
                source_path=source_path,
                release_id=rid,
                sha256=sha,
                format=fmt,
                text=body[:MAX_BODY_CHARS],
                meta=meta,
                sources=dict.fromkeys(meta, "record"),
            )
        )
    return raws, problems


# --------------------------------------------------------------------------
# Pass two: chrome, metadata sources, release


#: ``http(s)://`` and a host of lower-case letters, digits, dots and hyphens, then the path, query,
#: fragment or the end: a URL whose host :func:`urllib.parse.urlparse` gives as written.
_SIMPLE_URL = re.compile(r"https?://([a-z0-9.-]+)(?=[/?#]|\Z)")


@lru_cache(maxsize=8192)  # a pure function of the URL, asked in both passes
def site_of(url: str | None) -> str:
    """The site a URL belongs to (host without ``www.``), or ``""``.

    The common simple URL (``https://www.police.uk/news/...``) is read without
    :func:`urllib.parse.urlparse` (20 us a URL: a tenth of a rebuild at 10,000 files).
    """
    if not url:
        return ""
    simple = _SIMPLE_URL.match(url)
    if simple:
        return simple.group(1).removeprefix("www.")
    host = urlparse(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.")


def _date_from_lines(lines: list[str]) -> tuple[dt.date | None, str, int | None]:
    """A line near the top that states the page's publication date.

    "16/09/2005", "Published 3 May 2022", "Modern slavery | 15th April 2024",
    a title ending in "(19 May 2017)" ... (:func:`releasekit.printed_dates.publication_line`).
    """
    for index, line in enumerate(lines[:DATELINE_WINDOW]):
        found = publication_line(line)
        if found:
            return found.date, found.precision, index
    return None, "unknown", None


def _title_from_lines(lines: list[str], dateline: int | None) -> str | None:
    """The page's title: the short line above its dateline, or a short first line."""
    def is_title(line: str) -> bool:
        return 0 < len(line.split()) <= TITLE_MAX_WORDS and not line.rstrip("”\"'’").endswith((".", "!", "?", ":"))

    repeated = dateline is not None and dateline > 1 and lines[dateline - 1] == lines[dateline - 2]  # interface text
    if dateline is not None and dateline > 0 and is_title(lines[dateline - 1]) and not repeated:
        return lines[dateline - 1]
    if lines and is_title(lines[0]) and not is_dateline(lines[0]):
        return lines[0]
    return None


def _title_from_url(url: str | None) -> str | None:
    """A title from the last segment of a URL's path (the slug), when the page gives none.

    Words are split at ``-``, ``_``, ``+`` and percent-encoded spaces (news
    systems such as Lotus Domino join a slug's words with ``+``). A leading
    article number ("12345-") and a trailing run of eight or more digits (a
    time stamp or document number, "18102024161500") are dropped; years and
    other short numbers stay.
    """
    if not url:
        return None
    slug = [part for part in urlparse(url).path.split("/") if part]
    if not slug:
        return None
    words = re.split(r"[-_\s]+", re.sub(r"^\d+-", "", unquote_plus(slug[-1])))
    words = [word for word in words if word]
    if len(words) > 1 and re.fullmatch(r"\d{8,}", words[-1]):
        words.pop()
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else None


_CAPTURE = re.compile(r"^[ \t]*current timestamp:[ \t]*(?P<date>\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE | re.MULTILINE)


def capture_date(text: str) -> dt.date | None:
    """The day a page was captured, from its "Current timestamp: dd/mm/yyyy" line.

    Only the top of the page is searched (the capture tool writes the line
    there). ``None`` when the page states no capture time.
    """
    match = _CAPTURE.search(text[:20_000])
    if not match:
        return None
    date, precision = parse_date(match.group("date"))
    return date if precision == "day" else None


def publication_limit(captured: dt.date | None, as_of: dt.date | None = None) -> tuple[dt.date, str]:
    """The latest publication date a release can have, and why.

    The rule never looks at today's date, so a build is reproducible: a
    release cannot be published after the page was captured (its "Current
    timestamp" line), nor after the build's ``as_of`` day when one is given,
    else after :data:`FUTURE_HORIZON`. The earliest of the limits that apply
    wins.
    """
    limits = [(as_of, "the build's as-of day") if as_of else (FUTURE_HORIZON, "the fixed horizon FUTURE_HORIZON")]
    if captured:
        limits.append((captured, "the page's capture timestamp"))
    return min(limits)


def read_release(
    raw: RawRelease,
    stats: ChromeStats,
    manifest: Mapping[str, ManifestRow | None] | None = None,
    *,
    as_of: dt.date | None = None,
) -> tuple[Release | None, list[Problem]]:
    """Pass two: remove chrome and settle the metadata of ``raw``.

    ``manifest``: the rows of :func:`read_manifest` (or :func:`manifest_by_file`);
    the row of ``raw`` is found by :func:`manifest_row` (relative path, NFC,
    bare name), so this alone gives the metadata a build gives.
    Returns the release (``None`` when the page holds no release text) and
    the problems found, including those of pass one. A publication date that
    does not exist (``bad_date``) or that is later than
    :func:`publication_limit` (``future_date``) is ignored and the next
    source is tried.
    """
    problems = list(raw.problems)
    row = manifest_row(manifest, raw.source_path)
    # a record of an export: its problems name it (the file holds other releases)
    record = raw.release_id.rsplit("/", 1)[-1] if raw.release_id != release_id_for(raw.source_path) else None

    def problem(severity: str, code: str, message: str) -> Problem:
        return Problem(raw.source_path, severity, code, f"record {record} (release id {raw.release_id}): {message}" if record else message)

    url = raw.meta.get("url") or (row.url if row else None)
    url_source = raw.sources.get("url", "metadata") if raw.meta.get("url") else "manifest" if url else "none"
    lines, removed = strip_chrome(raw.text, site_of(url), stats)
    body = "\n".join(lines)
    n_words = len(body.split())
    if n_words < MIN_RELEASE_WORDS:
        problems.append(
            problem(
                "error",
                "no_release_text",
                (
                    f"only site chrome: {removed:,} characters of chrome removed and {n_words} words left"
                    if removed
                    else f"no release text: {n_words} words (a release has at least {MIN_RELEASE_WORDS})"
                ),
            )
        )
        return None, problems

    limit, limit_reason = publication_limit(capture_date(raw.text), as_of)

    def usable(date: dt.date | None, what: str) -> bool:
        if date is not None and date < EARLIEST_DATE:
            problems.append(
                problem(
                    "warning",
                    "implausible_date",
                    f"{what} {date.isoformat()} is before {EARLIEST_DATE.year}: no press release is that old; ignored",
                )
            )
            return False
        if date is not None and date > limit:
            problems.append(
                problem(
                    "warning",
                    "future_date",
                    f"{what} {date.isoformat()} is later than {limit_reason} ({limit.isoformat()}); ignored",
                )
            )
            return False
        return date is not None

    def checked(value: str, what: str) -> tuple[dt.date | None, str]:
        date, precision = parse_date(value)
        if date is None:
            exists = "a date that does not exist" if re.search(r"\d", value) else "not a date"
            problems.append(problem("warning", "bad_date", f"{what} {value!r} is {exists}; ignored"))
            return None, "unknown"
        return (date, precision) if usable(date, what) else (None, "unknown")

    published, precision, source = None, "unknown", "none"
    block_date = raw.meta.get("publish.date") or raw.meta.get("date") or raw.meta.get("published")
    if block_date:
        published, precision = checked(block_date, raw.sources.get("publish.date", "publish.date"))
        source = raw.sources.get("publish.date", "metadata") if published else "none"
    if not published and row and row.published:
        published, precision = checked(row.published, "manifest date")
        source = "manifest" if published else "none"
    text_date, text_precision, dateline = _date_from_lines(lines)
    if not published and usable(text_date, "dateline"):
        published, precision, source = text_date, text_precision, "text"
    if not published:
        month = url_month(url)
        published = month if usable(month, "URL month") else None
        precision, source = ("month", "url") if published else ("unknown", "none")

    titles = (  # in order of preference, each read only when those before it give none
        (lambda: raw.meta.get("title"), raw.sources.get("title", "metadata")),
        (lambda: _title_from_lines(lines, dateline), "text"),
        (lambda: raw.meta.get("page_title"), raw.sources.get("page_title", "title")),
        (lambda: _title_from_url(url), "url"),
    )
    title, title_source = next(((found, s) for get, s in titles if (found := get())), (None, "none"))
    truncated = _as_bool(raw.meta["truncated"]) if raw.meta.get("truncated") else row.truncated if row else None
    return (
        Release(
            release_id=raw.release_id,
            source_path=raw.source_path,
            url=url,
            publisher=raw.meta.get("publisher") or (row.publisher if row else None),
            title=title,
            published=published,
            published_precision=precision,
            published_source=source,
            body=body,
            chrome_chars_removed=removed,
            sha256=raw.sha256,
            format=raw.format,
            truncated=truncated,
            area=raw.meta.get("area"),
            description=raw.meta.get("og.description"),
            title_source=title_source,
            url_source=url_source,
        ),
        problems,
    )


def chrome_pages(raws: Iterable[RawRelease], manifest: Mapping[str, ManifestRow | None]) -> Iterable[tuple[str, str, list[int]]]:
    """``(site, content_hash, leading_keys)`` per raw release, for :class:`ChromeStats`."""
    for raw in raws:
        row = manifest_row(manifest, raw.source_path)
        url = raw.meta.get("url") or (row.url if row else None)
        yield site_of(url), raw.content_hash, leading_keys(raw.text)
