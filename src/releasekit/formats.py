"""Input formats beyond plain text: saved web pages and scraper exports.

The reader (:mod:`releasekit.read`) dispatches on a file's extension
(``read.RELEASE_SUFFIXES``):

``text`` (``.txt``; ``.md`` with a metadata block)
    a release as text, optionally after a YAML metadata block (read.py);
``html`` (``.html``, ``.htm``)
    a web page as saved by a browser or ``wget``: :func:`read_html` takes its
    main text with trafilatura (which drops navigation, cookie banners,
    breadcrumbs, related links and footers) and its metadata from the page's
    own markup, recording where each value came from;
``records`` (``.csv``, ``.jsonl``, ``.ndjson``, ``.json``)
    a scraper's export, one release per record: :func:`read_records` returns
    each record's fields (``text`` or ``body``; optional ``title``, ``url``,
    ``published``, ``publisher``, ``truncated``, ``id``).

Any other extension is not read as a release (the reader records an
``unsupported_format`` problem).

Everything here is pure: text in, values out. Nothing raises on bad input;
what went wrong is returned as ``(severity, code, message)`` notes that the
reader turns into ``problems`` rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Iterator, Mapping

__all__ = [
    "RECORD_FIELDS",
    "HtmlPage",
    "Note",
    "Record",
    "declared_charset",
    "read_html",
    "html_fragment_text",
    "looks_like_html",
    "read_records",
    "record_release_id",
]

#: Fields of an export record that the reader uses; every other field is
#: ignored (and listed once in an ``info`` problem). ``text`` and ``body`` are
#: the same field under two names.
RECORD_FIELDS = ("id", "text", "body", "title", "url", "published", "publisher", "truncated")

#: ``(severity, code, message)``: a problem found while reading, without its file.
Note = tuple[str, str, str]


# --------------------------------------------------------------------------
# Saved web pages


@dataclass(frozen=True)
class HtmlPage:
    """What a saved web page holds.

    ``text``: the main text, one paragraph (or heading) per line, as
    trafilatura extracts it (``""`` when the page has none).
    ``meta``: ``title``, ``url``, ``publish.date``, ``og.description`` and
    ``page_title`` (the ``<title>`` element, a last resort) where the page
    states them; ``sources`` names, for each of those keys, the markup it came
    from (``og:title``, ``json-ld:headline``, ``h1``, ``canonical``,
    ``og:url``, ``saved-from``, ``article:published_time``,
    ``json-ld:datePublished``, ``meta:<name>``, ``itemprop:datePublished``,
    ``time``, ...). ``notes``: problems found.
    """

    text: str
    meta: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The character encoding a page declares in its first 4 kB (``<meta charset>``), lower case.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    'windows-1252'
    """
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


#: Meta tags that state a publication date, by ``property`` or ``name`` (lower case).
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "date",
    "publish-date",
    "publication_date",
    "pubdate",
    "article.published",
    "parsely-pub-date",
)
_ISO_DATETIME = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[T ]\d")
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s+[|\-\u2013\u2014:]\s+[^|\-\u2013\u2014]+$")


def _date_value(value: str) -> str:
    """An ISO date-time as its date part (the publisher's local day); other text unchanged."""
    match = _ISO_DATETIME.match(value)
    return match.group(1) if match else value.strip()


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _json_ld_items(tree: Any) -> Iterator[Mapping[str, Any]]:
    """Every JSON-LD object of the page, ``@graph`` members included; bad JSON is skipped."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, Mapping):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _is_page_item(item: Mapping[str, Any]) -> bool:
    """A JSON-LD object describing the page itself (an article or web page), not the site or its publisher."""
    types = item.get("@type")
    names = [types] if isinstance(types, str) else [t for t in types if isinstance(t, str)] if isinstance(types, list) else []
    return any("Article" in t or "Posting" in t or t in ("WebPage", "Report", "PressRelease") for t in names)


def _outside_article(element: Any) -> bool:
    """True for an element of the page's chrome: in a ``nav``, ``aside`` or ``footer``, or in a ``header`` outside any ``article``/``main``."""
    in_header = False
    parent = element.getparent()
    while parent is not None:
        tag = parent.tag.lower() if isinstance(parent.tag, str) else ""
        if tag in ("nav", "aside", "footer"):
            return True
        if tag in ("article", "main"):
            return False
        in_header = in_header or tag == "header"
        parent = parent.getparent()
    return in_header


def _first(candidates: list[tuple[str, str]]) -> tuple[str, str] | None:
    for source, value in candidates:
        value = _clean(value)
        if value:
            return value, source
    return None


def page_metadata(tree: Any, html: str = "") -> tuple[dict[str, str], dict[str, str]]:
    """Title, URL, publication date and description stated by a page's markup.

    ``tree`` is an ``lxml.html`` document; ``html`` the page source (for the
    ``<!-- saved from url=... -->`` mark browsers write). Returns ``(meta,
    sources)`` as described in :class:`HtmlPage`. Each value is taken from the
    first source that states it, in the order: Open Graph / article meta tags,
    JSON-LD, other meta tags, microdata, elements (``<h1>``, ``<time>``).
    """
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and key not in metas and meta.get("content"):
            metas[key] = meta.get("content")
    json_ld = [item for item in _json_ld_items(tree) if _is_page_item(item)]

    def ld(*keys: str) -> list[tuple[str, str]]:
        found = []
        for item in json_ld:
            for key in keys:
                value = item.get(key)
                if isinstance(value, Mapping):
                    value = value.get("@id") or value.get("url") or value.get("name")
                if isinstance(value, str) and value.strip():
                    found.append((f"json-ld:{key}", value))
        return found

    canonical = [
        ("canonical", link.get("href") or "")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").startswith(("http://", "https://"))
    ]
    saved = _SAVED_FROM.search(html[:4096])
    h1s = [_clean(h.text_content()) for h in tree.iter("h1") if not _outside_article(h)]
    times = [
        t.get("datetime") or t.text_content()
        for t in tree.iter("time")
        if not _outside_article(t)
    ]
    itemprop = [
        ("itemprop:datePublished", el.get("content") or el.get("datetime") or el.text_content())
        for el in tree.iter()
        if isinstance(el.tag, str) and (el.get("itemprop") or "").strip() == "datePublished"
    ]
    page_title = [("title", _TITLE_SUFFIX.sub("", _clean(t.text_content()))) for t in tree.iter("title")][:1]

    found = {
        "title": _first(
            [("og:title", metas.get("og:title", "")), *ld("headline", "name"), ("twitter:title", metas.get("twitter:title", ""))]
            + [("h1", h) for h in h1s[:1]]
        ),
        "url": _first(
            canonical
            + [("og:url", metas.get("og:url", ""))]
            + [(s, v) for s, v in ld("url", "mainEntityOfPage") if v.startswith(("http://", "https://"))]
            + ([("saved-from", saved.group(1))] if saved else [])
        ),
        "publish.date": _first(
            [(name, metas[name]) for name in _DATE_META[:3] if name in metas]
            + ld("datePublished")
            + [(f"meta:{name}", metas[name]) for name in _DATE_META[3:] if name in metas]
            + itemprop
            + [("time", t) for t in times[:1]]
        ),
        "og.description": _first([("og:description", metas.get("og:description", "")), ("meta:description", metas.get("description", ""))]),
        "page_title": _first(page_title),
    }
    meta, sources = {}, {}
    for key, hit in found.items():
        if hit:
            value, source = hit
            meta[key] = _date_value(value) if key == "publish.date" else value
            sources[key] = source
    return meta, sources


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header", "footer", "blockquote", "dd", "dt"}


def _visible_text(tree: Any) -> str:
    """The text of a page outside scripts and styles, a line per block element (the last resort; changes ``tree``)."""
    from lxml import etree

    etree.strip_elements(tree, "script", "style", "noscript", "template", "head", with_tail=False)
    for element in tree.iter(*_BLOCKS):
        element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in tree.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


_TAG = re.compile(r"<(?:p|div|br|span|a|li|ul|ol|h[1-6]|strong|em|b|i|table|tr|td|blockquote|section|article)\b[^<>]{0,500}>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when a record's text is HTML markup (a scraper that exported the article's HTML): two or more tags.

    >>> looks_like_html("<p>Ten men were arrested.</p><p>They were bailed.</p>")
    True
    >>> looks_like_html("Officers found 3 < 4 rooms locked.")
    False
    """
    return len(_TAG.findall(text[:20_000])) >= 2


def html_fragment_text(html: str) -> str:
    """The text of an HTML fragment (an article body), a line per paragraph or block; entities decoded."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    except (ParserError, ValueError):
        return html
    return _visible_text(tree)


def read_html(html: str) -> HtmlPage:
    """Main text and metadata of a saved web page (``html`` already decoded).

    The main text comes from ``trafilatura.extract`` (tables kept, comments,
    links and images dropped, no deduplication, so a page always gives the
    same text). A page where trafilatura finds no main text falls back to its
    whole visible text (``trafilatura.baseline``) with a warning
    ``html_main_text_not_found``; a page that is not HTML at all gives an
    empty text and ``html_unparsable``.
    """
    import lxml.html
    import trafilatura
    from lxml.etree import ParserError

    notes: list[Note] = []
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError) as error:
        return HtmlPage("", notes=(("error", "html_unparsable", f"the page could not be parsed as HTML ({error})"),))
    meta, sources = page_metadata(tree, html)
    text = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        deduplicate=False,
        with_metadata=False,
    )
    if not text or not text.strip():
        _, text, _ = trafilatura.baseline(html)
        if not text or not text.strip():
            text = _visible_text(tree)
        if text and text.strip():
            notes.append(
                ("warning", "html_main_text_not_found", "trafilatura found no main text in the page; its whole visible text is read")
            )
    return HtmlPage(text=(text or "").strip(), meta=meta, sources=sources, notes=tuple(notes))


# --------------------------------------------------------------------------
# Scraper exports


@dataclass(frozen=True)
class Record:
    """One record of an export: its 1-based number, label and fields.

    ``label`` is the record's ``id`` field when every record of the file has
    a distinct one, else its number; the release id is
    :func:`record_release_id`. ``where`` says where the record is in its file
    (``"line 5"``, ``"item 3"``). ``fields`` maps the lower-case names of
    :data:`RECORD_FIELDS` to string values (``body`` is folded into ``text``).
    """

    number: int
    label: str
    where: str
    fields: Mapping[str, str]


def record_release_id(source_path: str, label: str) -> str:
    """Release id of an export's record: the file's path without extension, ``/``, the label.

    >>> record_release_id("exports/scrape.csv", "17")
    'exports/scrape/17'
    """
    path = PurePosixPath(source_path)
    return f"{path.with_suffix('')}/{label}"


_LABEL_UNSAFE = re.compile(r"[^\w.-]+")


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def _fields(raw: Mapping[Any, Any]) -> tuple[dict[str, str], list[str]]:
    """A record's known fields (names lower-cased, ``body`` as ``text``) and its unknown field names."""
    fields: dict[str, str] = {}
    unknown = []
    for key, value in raw.items():
        name = str(key).strip().lower() if key is not None else ""
        if name in RECORD_FIELDS:
            text = _as_text(value)
            target = "text" if name == "body" else name
            if text and not fields.get(target):
                fields[target] = text
        elif name:
            unknown.append(name)
    return fields, unknown


def _csv_records(text: str) -> tuple[list[tuple[str, Mapping[Any, Any]]], list[Note], list[str] | None]:
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))  # a release body may exceed csv's 131,072 default
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    rows: list[tuple[str, Mapping[Any, Any]]] = []
    notes: list[Note] = []
    try:
        start = 2  # the first line after the header (a quoted field may span lines)
        for row in reader:
            if any(_as_text(v) for k, v in row.items() if k is not None):  # else a blank line
                rows.append((f"line {start}", row))
            start = reader.line_num + 1
    except csv.Error as error:
        notes.append(("error", "export_unreadable", f"the CSV file could not be parsed after line {reader.line_num}: {error}; later rows are not read"))
    return rows, notes, list(reader.fieldnames or [])


def _jsonl_records(text: str) -> tuple[list[tuple[str, Mapping[Any, Any]]], list[Note]]:
    rows: list[tuple[str, Mapping[Any, Any]]] = []
    notes: list[Note] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:
            notes.append(("error", "record_unreadable", f"line {number} is not valid JSON ({error}): not a release"))
            continue
        except RecursionError:
            notes.append(("error", "record_unreadable", f"line {number} nests JSON too deeply to read: not a release"))
            continue
        if not isinstance(item, Mapping):
            notes.append(("error", "record_unreadable", f"line {number} is a JSON {type(item).__name__}, not an object of fields: not a release"))
            continue
        rows.append((f"line {number}", item))
    return rows, notes


def _json_records(text: str) -> tuple[list[tuple[str, Mapping[Any, Any]]], list[Note]]:
    try:
        data = json.loads(text)
    except ValueError as error:
        return [], [("error", "export_unreadable", f"the file is not valid JSON ({error}); a .json export holds a list of records")]
    except RecursionError:
        return [], [("error", "export_unreadable", "the file nests JSON too deeply to read; a .json export holds a list of records")]
    if isinstance(data, Mapping):
        lists = [value for value in data.values() if isinstance(value, list)]
        data = lists[0] if len(lists) == 1 else [data]
    if not isinstance(data, list):
        return [], [("error", "export_unreadable", "the JSON holds no list of records")]
    rows, notes = [], []
    for number, item in enumerate(data, start=1):
        if isinstance(item, Mapping):
            rows.append((f"item {number}", item))
        else:
            notes.append(("error", "record_unreadable", f"item {number} is a JSON {type(item).__name__}, not an object of fields: not a release"))
    return rows, notes


def read_records(text: str, suffix: str) -> tuple[list[Record], list[Note]]:
    """The records of an export file (``text`` decoded; ``suffix`` ``.csv``, ``.jsonl``, ``.ndjson`` or ``.json``).

    CSV: a header row, any of ``, ; TAB |`` as delimiter (sniffed), quoted
    fields may span lines. JSON Lines: one object per line. JSON: a list of
    objects (or an object holding one such list). Field names are matched
    case-insensitively. Returns the records, including those without text
    (the reader rejects them with ``record_without_text``), and notes:
    ``export_unreadable``, ``record_unreadable`` (a line that is not an
    object), ``no_text_field`` (no record has ``text`` or ``body``),
    ``export_without_records`` and ``ignored_fields`` (info).
    """
    suffix = suffix.lower()
    if suffix == ".csv":
        raw_rows, notes, header = _csv_records(text)
    elif suffix == ".json":
        (raw_rows, notes), header = _json_records(text), None
    else:
        (raw_rows, notes), header = _jsonl_records(text), None
    parsed = []
    unknown: dict[str, None] = {}
    for where, raw in raw_rows:
        fields, extra = _fields(raw)
        unknown.update(dict.fromkeys(extra))
        parsed.append((where, fields))
    names = {name.strip().lower() for name in header or [] if name}
    names |= {str(key).strip().lower() for _, raw in raw_rows for key in raw if key is not None}
    if not parsed and not notes:
        notes.append(("error", "export_without_records", "the export holds no records"))
    if parsed and not names & {"text", "body"}:
        seen = ", ".join(sorted(names - {""})) or "none"
        notes.append(
            (
                "error",
                "no_text_field",
                f"no record has a 'text' or 'body' field (fields: {seen}); an export needs one release text per record: not read",
            )
        )
        return [], notes
    if unknown:
        notes.append(("info", "ignored_fields", f"fields not used by releasekit: {', '.join(sorted(unknown))}"))
    ids = [_LABEL_UNSAFE.sub("-", fields.get("id", "")).strip("-") for _, fields in parsed]
    use_ids = all(ids) and len(set(ids)) == len(ids)
    if any(ids) and not use_ids:
        notes.append(("info", "record_ids_not_used", "the 'id' field is missing or repeated in some records: records are numbered 1, 2, ... instead"))
    records = [
        Record(number=number, label=ids[number - 1] if use_ids else str(number), where=where, fields=fields)
        for number, (where, fields) in enumerate(parsed, start=1)
    ]
    return records, notes
