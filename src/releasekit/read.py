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

import csv
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping
from urllib.parse import urlparse

import yaml

from releasekit.chrome import (
    DATELINE,
    DATELINE_WINDOW,
    TITLE_MAX_WORDS,
    ChromeStats,
    leading_keys,
    strip_chrome,
)
from releasekit.dates import parse_date, url_month

__all__ = [
    "CORPUS_DOCUMENTS",
    "MAX_BODY_CHARS",
    "MIN_RELEASE_WORDS",
    "ManifestRow",
    "Problem",
    "RawRelease",
    "Release",
    "content_hash",
    "list_raw_files",
    "read_manifest",
    "read_release",
    "release_id_for",
    "scan",
    "site_of",
]

#: Files of a raw folder that document the corpus rather than hold a release.
CORPUS_DOCUMENTS = frozenset({"manifest.csv", "readme.md", "licence.md", "license.md"})
#: A body longer than this is cut here (with a warning): no press release is.
MAX_BODY_CHARS = 1_000_000
#: A page with fewer words than this after chrome removal holds no release.
MIN_RELEASE_WORDS = 25


@dataclass(frozen=True)
class Problem:
    """One problem found while reading a raw file (a row of ``problems``)."""

    source_path: str
    severity: str  # error | warning | info
    code: str
    message: str


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


# --------------------------------------------------------------------------
# Files and manifest


def release_id_for(source_path: str) -> str:
    """Stable release id from the path relative to the raw folder.

    >>> release_id_for("beds/2022/ten-arrested.txt")
    'beds/2022/ten-arrested'
    """
    path = PurePosixPath(source_path)
    return str(path.with_suffix("")) if path.suffix.lower() == ".txt" else str(path)


def list_raw_files(raw_dir: Path) -> list[str]:
    """All candidate release files under ``raw_dir`` as sorted relative posix paths.

    The corpus documents (:data:`CORPUS_DOCUMENTS` at the top level) are left
    out; every other file, hidden or not, is a candidate, so that nothing is
    dropped without a trace.
    """
    paths = []
    for path in raw_dir.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(raw_dir).as_posix()
        if "/" not in rel and rel.lower() in CORPUS_DOCUMENTS:
            continue
        paths.append(rel)
    return sorted(paths)


def _as_bool(value: str | None) -> bool | None:
    if value is None or not value.strip():
        return None
    return value.strip().lower() in {"true", "1", "yes", "y"}


def read_manifest(raw_dir: Path) -> tuple[dict[str, ManifestRow], list[Problem]]:
    """Read ``manifest.csv`` if present; return rows by file and problems."""
    path = raw_dir / "manifest.csv"
    if not path.exists():
        return {}, []
    problems: list[Problem] = []
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        rows = list(csv.DictReader(text.splitlines()))
    except csv.Error as error:
        return {}, [Problem("manifest.csv", "warning", "manifest_unreadable", f"manifest.csv could not be parsed: {error}")]
    if rows and "file" not in rows[0]:
        return {}, [Problem("manifest.csv", "warning", "manifest_unreadable", "manifest.csv has no 'file' column")]
    manifest: dict[str, ManifestRow] = {}
    for number, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            problems.append(Problem("manifest.csv", "warning", "manifest_bad_row", f"manifest.csv line {number} names no file"))
            continue
        manifest[name] = ManifestRow(
            file=name,
            url=(row.get("url") or "").strip() or None,
            publisher=(row.get("publisher") or "").strip() or None,
            published=(row.get("published") or "").strip() or None,
            truncated=_as_bool(row.get("truncated")),
        )
    return manifest, problems


# --------------------------------------------------------------------------
# Decoding


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(source_path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode bytes to text; ``None`` when the file is not text at all."""
    problems: list[Problem] = []

    def problem(severity: str, code: str, message: str) -> None:
        problems.append(Problem(source_path, severity, code, message))

    if not data.strip():
        problem("error", "empty_file", "the file is empty or holds only whitespace")
        return None, problems
    if b"\x00" in data[:65536]:
        problem("error", "binary_content", "the file holds NUL bytes: binary data, not a text release")
        return None, problems
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        problem("info", "utf8_bom", "UTF-8 byte-order mark removed")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        try:
            text = data.decode("cp1252")
            problem("warning", "decoded_cp1252", f"not valid UTF-8 ({error.reason} at byte {error.start}); decoded as Windows-1252")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            problem("warning", "invalid_utf8", f"not valid UTF-8 or Windows-1252 (byte {error.start}); undecodable bytes replaced by U+FFFD")
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


def _flatten(data: object, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    if isinstance(data, Mapping):
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}{key}."))
    elif data is not None and prefix:
        flat[prefix[:-1]] = str(data).strip()
    return flat


def _split_metadata(source_path: str, text: str) -> tuple[str, str, dict[str, str], list[Problem]]:
    """Split a fenced YAML block off ``text``; return (format, body, meta, problems)."""
    match = _FENCE.match(text) or _FRONT.match(text)
    if not match:
        return "page", text, {}, []
    rest = text[match.end():]
    try:
        data = yaml.safe_load(match.group("block"))
    except yaml.YAMLError as error:
        kind = "unsafe_metadata" if "constructor" in type(error).__name__.lower() or "tag" in str(error) else "invalid_metadata"
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        message = (
            f"metadata block uses a YAML tag that safe loading refuses ({detail}); block ignored"
            if kind == "unsafe_metadata"
            else f"metadata block is not valid YAML ({detail}); block ignored"
        )
        return "metadata", rest, {}, [Problem(source_path, "warning", kind, message)]
    if not isinstance(data, Mapping):
        return "metadata", rest, {}, [Problem(source_path, "warning", "invalid_metadata", "metadata block is not a mapping of fields; block ignored")]
    return "metadata", rest, _flatten(data), []


def content_hash(text: str) -> str:
    """SHA-256 of ``text`` with case kept and whitespace runs collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def scan(source_path: str, data: bytes) -> RawRelease | list[Problem]:
    """Pass one: decode ``data`` and split off its metadata block.

    Returns the :class:`RawRelease`, or the problems that make the file
    unreadable as a release.
    """
    sha = hashlib.sha256(data).hexdigest()
    text, problems = _decode(source_path, data)
    if text is None:
        return problems
    fmt, rest, meta, meta_problems = _split_metadata(source_path, text)
    if len(rest) > MAX_BODY_CHARS:
        meta_problems.append(
            Problem(source_path, "warning", "file_too_large", f"{len(rest):,} characters of text; only the first {MAX_BODY_CHARS:,} are read")
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


# --------------------------------------------------------------------------
# Pass two: chrome, metadata sources, release


def site_of(url: str | None) -> str:
    """The site a URL belongs to (host without ``www.``), or ``""``."""
    if not url:
        return ""
    host = urlparse(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.")


def _date_from_lines(lines: list[str]) -> tuple[dt.date | None, str, int | None]:
    """A line near the top that is only a date: the page's publication date."""
    for index, line in enumerate(lines[:DATELINE_WINDOW]):
        if DATELINE.match(line):
            date, precision = parse_date(line)
            if date:
                return date, precision, index
    return None, "unknown", None


def _title_from_lines(lines: list[str], dateline: int | None) -> str | None:
    """The page's title: the short line above its dateline, or a short first line."""
    def is_title(line: str) -> bool:
        return 0 < len(line.split()) <= TITLE_MAX_WORDS and not line.rstrip("”\"'’").endswith((".", "!", "?", ":"))

    if dateline is not None and dateline > 0 and is_title(lines[dateline - 1]):
        return lines[dateline - 1]
    if lines and is_title(lines[0]) and not DATELINE.match(lines[0]):
        return lines[0]
    return None


def _title_from_url(url: str | None) -> str | None:
    if not url:
        return None
    slug = [part for part in urlparse(url).path.split("/") if part]
    if not slug:
        return None
    words = re.sub(r"^\d+-", "", slug[-1]).replace("_", "-").split("-")
    text = " ".join(word for word in words if word)
    return text[:1].upper() + text[1:] if text else None


def read_release(
    raw: RawRelease,
    stats: ChromeStats,
    manifest: Mapping[str, ManifestRow] | None = None,
) -> tuple[Release | None, list[Problem]]:
    """Pass two: remove chrome and settle the metadata of ``raw``.

    Returns the release (``None`` when the page holds no release text) and
    the problems found, including those of pass one.
    """
    problems = list(raw.problems)
    row = (manifest or {}).get(raw.source_path) or (manifest or {}).get(PurePosixPath(raw.source_path).name)
    url = raw.meta.get("url") or (row.url if row else None)
    lines, removed = strip_chrome(raw.text, site_of(url), stats)
    body = "\n".join(lines)
    n_words = len(body.split())
    if n_words < MIN_RELEASE_WORDS:
        problems.append(
            Problem(
                raw.source_path,
                "error",
                "no_release_text",
                f"only site chrome: {removed:,} characters of chrome removed and {n_words} words left",
            )
        )
        return None, problems

    published, precision, source = None, "unknown", "none"
    block_date = raw.meta.get("publish.date") or raw.meta.get("date") or raw.meta.get("published")
    if block_date:
        published, precision = parse_date(block_date)
        source = "metadata" if published else "none"
        if not published:
            problems.append(Problem(raw.source_path, "warning", "bad_date", f"publish.date {block_date!r} is not a date that exists"))
    if not published and row and row.published:
        published, precision = parse_date(row.published)
        source = "manifest" if published else "none"
        if not published:
            problems.append(Problem(raw.source_path, "warning", "bad_date", f"manifest date {row.published!r} is not a date that exists"))
    text_date, text_precision, dateline = _date_from_lines(lines)
    if not published and text_date:
        published, precision, source = text_date, text_precision, "text"
    if not published:
        published = url_month(url)
        precision, source = ("month", "url") if published else ("unknown", "none")

    title = raw.meta.get("title") or _title_from_lines(lines, dateline) or _title_from_url(url)
    return (
        Release(
            release_id=raw.release_id,
            source_path=raw.source_path,
            url=url,
            publisher=row.publisher if row else None,
            title=title,
            published=published,
            published_precision=precision,
            published_source=source,
            body=body,
            chrome_chars_removed=removed,
            sha256=raw.sha256,
            format=raw.format,
            truncated=row.truncated if row else None,
            area=raw.meta.get("area"),
            description=raw.meta.get("og.description"),
        ),
        problems,
    )


def chrome_pages(raws: Iterable[RawRelease], manifest: Mapping[str, ManifestRow]) -> Iterable[tuple[str, str, list[int]]]:
    """``(site, content_hash, leading_keys)`` per raw release, for :class:`ChromeStats`."""
    for raw in raws:
        row = manifest.get(raw.source_path) or manifest.get(PurePosixPath(raw.source_path).name)
        url = raw.meta.get("url") or (row.url if row else None)
        yield site_of(url), raw.content_hash, leading_keys(raw.text)
