"""The evidence site: every charted number two clicks from its sentences.

:func:`write_site` reads the built tables (never the raw files, except the
licence notice ``LICENCE.md`` of the raw folder recorded in ``_build.json``)
and writes a static site of plain HTML and CSS with one small script of ours
(``site.js``: sorting and filtering the index), no CDN and no server; it reads
from the file system or any static host:

- ``index.html``: every release (publication and event date, issuer, kind,
  level, title, totals per measure), sortable and filterable;
- ``releases/<page>.html``: one release: title, issuer, source address,
  licence attribution, dates with precision and evidence, the clean body with
  every figure, agency, date and quote span marked (measure or role by colour
  *and* a text label), and for each total the figures that made it and those
  left out, with scope and rule; corrected values with their reason;
- ``charts/figures.html`` and ``charts/agencies.html``: the charts of
  notebooks 02 and 03 (at their default parameters) as SVG, each bar or cell a
  link to a ``values/<page>.html`` page listing the releases and sentences
  behind that value, with its qualifier and coverage;
- ``review.html``: the review queue of :mod:`releasekit.analysis.review`;
- ``style.css``, ``site.js``.

Pages are deterministic (sorted, no timestamps): the same tables give the same site.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterable, Sequence

import pandas as pd

from releasekit.analysis.agencies import agency_share_by_year, co_involvement
from releasekit.analysis import corpus
from releasekit.analysis.corpus import describe, period_of
from releasekit.analysis.totals import per_issuer, per_period
from releasekit.extract import figures as figures_rules
from releasekit.files import write_atomic
from releasekit.tables import TABLES, load

__all__ = ["MEASURES", "Span", "body_spans", "nest_spans", "page_name", "render_body", "write_site"]

#: Every measure, in the order of the totals table (index columns).
MEASURES: tuple[str, ...] = figures_rules.MEASURES  # import-time copy; the pages call measure_names()
#: Measures charted (as in notebook 02).
CHART_MEASURES: tuple[str, ...] = corpus.CHART_MEASURES
#: Agencies shown in the agency-by-year chart (as notebook 03's TOP_AGENCIES).
TOP_AGENCIES = 25
#: Shown where a value is missing or a column is absent from the tables.
MISSING = "—"
_SITE_TABLES = tuple(t for t in TABLES if t != "tokens")


# --------------------------------------------------------------------------
# names and small pieces


def page_name(key: str) -> str:
    """A file name for ``key`` (a release id or a value's key): safe on every file system, unique.

    Letters, digits, ``-`` and ``_`` are kept (at most 80), the rest become
    ``_``, and 8 hex digits of the key's SHA-1 keep names distinct.
    """
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", key)[:80].strip("_") or "page"
    return f"{safe}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}.html"


def _e(value: Any) -> str:
    """Escaped text; ``—`` for a missing value."""
    if value is None or (not isinstance(value, (list, tuple, str)) and pd.isna(value)):
        return MISSING
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return html.escape(str(value))


def _num(value: Any) -> str:
    if value is None or pd.isna(value):
        return MISSING
    return f"{int(value):,}"


def _col(frame: pd.DataFrame, row: Any, column: str) -> Any:
    """``row[column]`` when the table has that column (``kind``, ``level``...), else None."""
    return row[column] if column in frame.columns else None


def _qualified(value: Any, qualifier: Any) -> str:
    if value is None or pd.isna(value):
        return "vague" if qualifier == "vague" else MISSING
    prefix = {"at_least": "≥ ", "approx": "≈ "}.get(qualifier, "")
    return f"{prefix}{_num(value)}"


def _page(title: str, body: str, *, depth: int, crumbs: Sequence[tuple[str, str]] = ()) -> str:
    up = "../" * depth
    nav = " › ".join([f'<a href="{up}index.html">Releases</a>'] + [f'<a href="{up}{h}">{_e(t)}</a>' if h else _e(t) for t, h in crumbs])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} · releasekit evidence</title>
<link rel="stylesheet" href="{up}style.css">
</head>
<body>
<header class="top"><nav>{nav}</nav>
<nav class="menu"><a href="{up}index.html">Releases</a> <a href="{up}charts/figures.html">Figures charts</a> <a href="{up}charts/agencies.html">Agencies charts</a> <a href="{up}review.html">Review queue</a></nav></header>
<main>
{body}
</main>
<footer>Written by <code>releasekit site</code> from the built tables (<a href="{up}index.html">all releases</a>). Texts: under the licence each release page names (the notice beside the raw files); cite the publishing organisation and the source address with any figure.</footer>
<script src="{up}site.js"></script>
</body>
</html>
"""


# --------------------------------------------------------------------------
# spans in the body


@dataclass(frozen=True)
class Span:
    """A marked stretch of a body: ``body[start:end]`` with a kind and a label.

    ``kind``: ``figure``, ``agency``, ``date`` or ``quote``; ``label``: the
    measure (figures), role (agencies), ``event date`` or ``quote``; ``css``:
    the class that colours it; ``title``: the tooltip (value, rule...).
    ``whole``: (start, end) of the whole span when this is a piece of it
    (a span that crosses another is split so that the HTML nests).
    """

    start: int
    end: int
    kind: str
    label: str
    css: str
    title: str = ""
    whole: tuple[int, int] | None = None


_KIND_ORDER = {"quote": 0, "date": 1, "agency": 2, "figure": 3}


def body_spans(body: str, figures: pd.DataFrame, agencies: pd.DataFrame, quotes: pd.DataFrame, event_evidence: Any = None) -> list[Span]:
    """Every figure, agency mention, quote and the event date's words in ``body``, as spans.

    The event date's words are found in the body (the table keeps the words,
    not their offsets); agencies added by a correction have no span.
    """
    spans: list[Span] = []
    for f in figures.itertuples():
        scope = "" if f.scope == "current" else f" ({f.scope}, not counted)"
        title = f"{f.measure}: {_qualified(f.value, f.qualifier)} {f.qualifier}{scope}; rule {f.rule}"
        spans.append(Span(int(f.start), int(f.end), "figure", f.measure + ("" if f.scope == "current" else f" · {f.scope}"), f"m-{f.measure}" + ("" if f.scope == "current" else " out"), title))
    for a in agencies.itertuples():
        if pd.isna(a.start):
            continue
        spans.append(Span(int(a.start), int(a.end), "agency", a.mention_role, f"r-{a.mention_role}", f"{a.agency} ({a.agency_type}); release role {a.role}; rule {a.rule}"))
    for q in quotes.itertuples():
        spans.append(Span(int(q.start), int(q.end), "quote", "quote", "quote", f"quote: {q.speaker or 'speaker unknown'}"))
    if isinstance(event_evidence, str) and event_evidence:
        at = body.find(event_evidence)
        if at >= 0:
            spans.append(Span(at, at + len(event_evidence), "date", "event date", "date", "the event date was read from these words"))
    return [s for s in spans if 0 <= s.start < s.end <= len(body)]


def nest_spans(spans: Iterable[Span]) -> list[Span]:
    """The spans cut so that any two either nest or do not overlap (for HTML).

    A span that starts inside another and ends after it is split at the
    other's end; the pieces keep ``whole``. Sorted by start, longest first.
    """
    pending = sorted(spans, key=lambda s: (s.start, -s.end, _KIND_ORDER.get(s.kind, 9)))
    out: list[Span] = []
    stack: list[Span] = []
    while pending:
        span = pending.pop(0)
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and span.end > stack[-1].end:
            cut = stack[-1].end
            whole = span.whole or (span.start, span.end)
            head = Span(span.start, cut, span.kind, span.label, span.css, span.title, whole)
            tail = Span(cut, span.end, span.kind, span.label, span.css, span.title, whole)
            pending.append(tail)
            pending.sort(key=lambda s: (s.start, -s.end, _KIND_ORDER.get(s.kind, 9)))
            span = head
        out.append(span)
        stack.append(span)
    return out


def render_body(body: str, spans: Iterable[Span]) -> str:
    """The body as HTML with every span a ``<mark>`` (``data-start``/``data-end``:
    its offsets, so ``textContent == body[start:end]``; ``data-label``: the
    measure or role, shown as text by the style sheet)."""
    nested = nest_spans(spans)
    events: list[tuple[int, int, str]] = []  # (position, order, html)
    for i, s in enumerate(nested):
        whole = f' data-whole="{s.whole[0]}:{s.whole[1]}"' if s.whole else ""
        events.append((s.start, 1, i, f'<mark class="{s.kind} {s.css}" data-kind="{s.kind}" data-label="{_e(s.label)}" data-start="{s.start}" data-end="{s.end}"{whole} title="{_e(s.title)}">'))
        events.append((s.end, 0, -i, "</mark>"))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    parts, at = [], 0
    for position, _, _, tag in events:
        parts.append(html.escape(body[at:position]))
        parts.append(tag)
        at = position
    parts.append(html.escape(body[at:]))
    return "".join(parts)


# --------------------------------------------------------------------------
# data


def _load(folder: Path) -> SimpleNamespace:
    present = [name for name in _SITE_TABLES if (folder / f"{name}.parquet").exists()]
    tables = load(folder, tables=present)
    if not hasattr(tables, "corrections"):
        tables.corrections = pd.DataFrame(columns=["release_id", "field", "extracted", "value", "reason", "who", "date", "line"])
    return tables


def _licence(folder: Path, licence: Path | None) -> str:
    """The licence notice (markdown paragraphs as text) for every release page."""
    candidates = [licence] if licence is not None else []
    try:
        raw_dir = json.loads((folder / "_build.json").read_text(encoding="utf-8")).get("raw_dir")
    except (OSError, ValueError):
        raw_dir = None
    if raw_dir:
        candidates += [Path(raw_dir) / "LICENCE.md", folder.parent / Path(raw_dir).name / "LICENCE.md"]
    for path in candidates:
        if path is not None and path.is_file():
            text = path.read_text(encoding="utf-8")
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip() and not p.lstrip().startswith("#")]
            return " ".join(" ".join(p.split()) for p in paragraphs)
    return "No licence notice was found beside the raw files (LICENCE.md); cite the publishing organisation and the source address."


def _release_links(tables: SimpleNamespace) -> dict[str, str]:
    return {rid: page_name(rid) for rid in tables.releases["release_id"]}


def _corrections_of(tables: SimpleNamespace, release_id: str) -> dict[str, pd.Series]:
    """The corrections applied to a release, by field (agency corrections by ``agency_add:<name>``)."""
    return tables.lookup.corrections.get(release_id, {})


def _agency_key(field: str, value: Any) -> str:
    """``agency_add:<agency>`` for an agency correction (its value is ``agency (role)``)."""
    name = re.sub(r"\s*\((?:involved|contact|mentioned)\)$", "", str(value)) if isinstance(value, str) else ""
    return f"{field}:{name.casefold()}"


def _lookups(tables: SimpleNamespace) -> SimpleNamespace:
    """Indexes the pages share (so that a page costs its own rows, not a scan of every table)."""
    corrections: dict[str, dict[str, pd.Series]] = {}
    for _, row in tables.corrections.iterrows():
        field = row["field"]
        if field.startswith("agency_"):
            field = _agency_key(field, row["value"] if field == "agency_add" else row["extracted"])
        corrections.setdefault(row["release_id"], {})[field] = row
    t = tables.totals
    stated = t[t["value"].notna() | (t["qualifier"] == "vague")]
    s = tables.sentences
    return SimpleNamespace(
        corrections=corrections,
        stated=set(zip(stated["release_id"], stated["measure"])),
        sentences={(rid, int(sid)): (int(start), text) for rid, sid, start, text in zip(s["release_id"], s["sentence_id"], s["start"], s["text"])},
        releases=tables.releases.set_index("release_id"),
        totals={m: frame.set_index("release_id") for m, frame in t.groupby("measure")},
    )


def _corrected_note(correction: pd.Series | None) -> str:
    if correction is None:
        return ""
    return (f' <span class="corrected" title="{_e(correction["reason"])}">corrected (extracted: {_e(correction["extracted"])}): '
            f'{_e(correction["reason"])}{" — " + _e(correction["who"]) if isinstance(correction["who"], str) else ""}</span>')


# --------------------------------------------------------------------------
# index


def _index(tables: SimpleNamespace, links: dict[str, str]) -> str:
    r = tables.releases.sort_values(["published", "release_id"], ascending=[False, True], na_position="last", kind="stable")
    t = tables.totals
    values = {(row.release_id, row.measure): (row.value, row.qualifier, row.source) for row in t.itertuples()}
    head = "".join(f'<th data-type="num" scope="col">{m}</th>' for m in figures_rules.measure_names())
    rows = []
    for _, row in r.iterrows():
        rid = row["release_id"]
        cells = []
        for m in figures_rules.measure_names():
            value, qualifier, source = values.get((rid, m), (None, None, None))
            sort = "" if value is None or pd.isna(value) else str(int(value))
            mark = ' class="is-corrected" title="corrected"' if source == "corrected" else ""
            cells.append(f'<td data-sort="{sort}"{mark}>{_qualified(value, qualifier)}{"*" if source == "corrected" else ""}</td>')
        kind, level = _col(r, row, "kind"), _col(r, row, "level")
        rows.append(
            f'<tr><td data-sort="{_e(row["published"]) if not pd.isna(row["published"]) else ""}">{_e(row["published"])}</td>'
            f'<td data-sort="{_e(row["event_date"]) if not pd.isna(row["event_date"]) else ""}">{_e(row["event_date"])}{"*" if "event_date" in _corrections_of(tables, rid) else ""}</td>'
            f'<td>{_e(row["issuer"])}</td><td>{_e(kind)}</td><td>{_e(level)}</td>'
            f'<td class="title"><a href="releases/{links[rid]}">{_e(row["title"] or rid)}</a></td>{"".join(cells)}</tr>'
        )
    n = len(r)
    summary = describe(tables.releases) if n else "No releases."
    body = f"""<h1>Releases</h1>
<p class="lead">{"<br>".join(_e(line) for line in summary.split(chr(10)))}</p>
<p>Each row links to the release: its source, its text with every figure, agency, date and quote marked, and the figures behind each total.
Totals are the sums of the <em>current</em> figures of a release (codebook section 3); ≥ marks a lower bound, ≈ an approximate total, * a value corrected in <code>data/corrections.csv</code>.
Charts: <a href="charts/figures.html">figures</a>, <a href="charts/agencies.html">agencies</a>. <a href="review.html">Review queue</a>.</p>
<div class="filters"><label for="filter">Filter</label> <input id="filter" type="search" placeholder="words in any column, e.g. Luton or court" autocomplete="off">
<span id="count" aria-live="polite">{n} of {n} releases</span></div>
<div class="scroll"><table id="releases" class="sortable">
<thead><tr><th data-type="date" scope="col">published</th><th data-type="date" scope="col">event date</th><th scope="col">issuer</th><th scope="col">kind</th><th scope="col">level</th><th scope="col">title</th>{head}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></div>"""
    return _page("Releases", body, depth=0)


# --------------------------------------------------------------------------
# one release


def _figure_rows(figs: pd.DataFrame, body: str) -> str:
    items = []
    for f in figs.itertuples():
        items.append(
            f'<tr><td>{_qualified(f.value, f.qualifier)}</td><td>{_e(f.qualifier)}</td><td>{_e(f.scope)}</td><td>“{_e(body[f.start:f.end])}”</td>'
            f'<td class="evidence">{_e(f.evidence)}</td><td><code>{_e(f.rule)}</code></td></tr>'
        )
    return "".join(items)


def _release(tables: SimpleNamespace, row: pd.Series, licence: str, groups: dict[str, dict[str, pd.DataFrame]]) -> str:
    rid = row["release_id"]
    body = row["body"]
    figs = groups["figures"].get(rid, tables.figures.iloc[0:0])
    agencies = groups["agencies"].get(rid, tables.agencies.iloc[0:0])
    quotes = groups["quotes"].get(rid, tables.quotes.iloc[0:0])
    totals = groups["totals"].get(rid, tables.totals.iloc[0:0])
    corrections = _corrections_of(tables, rid)
    r = tables.releases
    url = row["url"]
    source = f'<a href="{_e(url)}" rel="noopener">{_e(url)}</a>' if isinstance(url, str) and url else MISSING
    precision = _col(r, row, "event_date_precision")
    event = (f'{_e(row["event_date"])}{" (precision: " + _e(precision) + ")" if precision is not None else ""}'
             f'{_corrected_note(corrections.get("event_date"))}'
             f'<br><small>evidence: “{_e(row["event_date_evidence"])}” · rule <code>{_e(row["event_date_rule"])}</code></small>')
    meta = f"""<dl class="meta">
<dt>Issuer</dt><dd>{_e(row["issuer"])} <small>(publisher as listed: {_e(row["publisher"])})</small></dd>
<dt>Source address</dt><dd>{source}</dd>
<dt>Published</dt><dd>{_e(row["published"])} <small>(precision: {_e(row["published_precision"])}; from {_e(row["published_source"])})</small></dd>
<dt>Event date</dt><dd>{event}</dd>
<dt>Kind</dt><dd>{_e(_col(r, row, "kind"))}{_corrected_note(corrections.get("kind"))}</dd>
<dt>Level</dt><dd>{_e(_col(r, row, "level"))}{_corrected_note(corrections.get("level"))}</dd>
<dt>Area</dt><dd>{_e(_col(r, row, "area"))}</dd>
<dt>Capture</dt><dd>{"truncated: the text stops part-way, later figures are missing" if row["truncated"] is True else "complete" if row["truncated"] is False else "not known whether complete"}; {int(row["n_words"]):,} words{"; duplicate of " + _e(row["duplicate_of"]) if isinstance(row["duplicate_of"], str) else ""}</dd>
<dt>Release id</dt><dd><code>{_e(rid)}</code></dd>
</dl>
<p class="licence"><strong>Licence and attribution.</strong> {_e(licence)} Source: {_e(row["issuer"])}, {source}.</p>"""

    sections = []
    for t in totals.itertuples():
        mfigs = figs[figs["measure"] == t.measure]
        if pd.isna(t.value) and pd.isna(t.qualifier) and mfigs.empty and t.source != "corrected":
            continue
        counted, left = mfigs[mfigs["scope"] == "current"], mfigs[mfigs["scope"] != "current"]
        correction = corrections.get(t.measure)
        note = _corrected_note(correction)
        table_head = "<tr><th>value</th><th>qualifier</th><th>scope</th><th>words</th><th>sentence</th><th>rule</th></tr>"
        parts = [f'<section class="total" id="total-{t.measure}"><h3><span class="swatch m-{t.measure}"></span>{t.measure}: {_qualified(t.value, t.qualifier)} <small>{_e(t.qualifier)}</small>{note}</h3>']
        parts.append(f"<p>Made of {len(counted)} current figure(s){' (a restated figure or a breakdown of a stated total is counted once, so the total can be less than their sum)' if len(counted) > 1 else ''}:</p>")
        parts.append(f'<div class="scroll"><table class="figs counted">{table_head}{_figure_rows(counted, body)}</table></div>' if len(counted) else "<p>none</p>")
        if len(left):
            parts.append(f"<p>Left out ({len(left)}: statistics over a period or earlier actions, codebook section 3):</p>")
            parts.append(f'<div class="scroll"><table class="figs left">{table_head}{_figure_rows(left, body)}</table></div>')
        parts.append("</section>")
        sections.append("".join(parts))
    totals_html = "".join(sections) or "<p>No figure of any measure was found in this release.</p>"

    agency_rows = []
    for (name, kind, role), group in agencies.groupby(["agency", "agency_type", "role"], sort=True):
        added = (group["rule"] == "correction").any()
        note = _corrected_note(corrections.get(_agency_key("agency_add", name))) if added else ""
        agency_rows.append(f'<tr><td>{_e(name)}</td><td>{_e(kind)}</td><td><span class="swatch r-{_e(role)}"></span>{_e(role)}</td><td>{len(group) if not added else 0}{note}</td></tr>')
    for key, removed in sorted(corrections.items()):
        if not key.startswith("agency_remove:"):
            continue
        agency_rows.append(f'<tr><td colspan="3"><s>{_e(removed["extracted"])}</s></td><td>removed{_corrected_note(removed)}</td></tr>')
    agencies_html = (f'<div class="scroll"><table class="agencies"><tr><th>agency</th><th>type</th><th>role in the release</th><th>mentions</th></tr>{"".join(agency_rows)}</table></div>'
                     if agency_rows else "<p>No agency named.</p>")

    spans = body_spans(body, figs, agencies, quotes, row["event_date_evidence"])
    legend = " ".join(
        [f'<mark class="figure m-{m}" data-label="{m}">figure</mark>' for m in figures_rules.measure_names()]
        + [f'<mark class="agency r-{role}" data-label="{role}">agency</mark>' for role in ("involved", "contact", "mentioned")]
        + ['<mark class="date" data-label="event date">date</mark>', '<mark class="quote" data-label="quote">quotation</mark>']
    )
    problems = tables.problems[tables.problems["source_path"] == row["source_path"]]
    problems_html = "".join(f"<li>{_e(p.severity)} <code>{_e(p.code)}</code>: {_e(p.message)}</li>" for p in problems.itertuples())
    page = f"""<h1>{_e(row["title"] or rid)}</h1>
{meta}
<h2>Totals and the figures behind them</h2>
{totals_html}
<h2>Agencies</h2>
{agencies_html}
<h2>The text</h2>
<p class="legend" aria-label="legend">Marked: {legend}. Each mark's label says what it is; figures marked “· period” or “· background” are left out of the totals. Hover for the value, qualifier and rule.</p>
<div class="body" id="body" data-release="{_e(rid)}">{render_body(body, spans)}</div>
{"<h2>Problems</h2><ul>" + problems_html + "</ul>" if problems_html else ""}"""
    return _page(row["title"] or rid, page, depth=1, crumbs=[(str(row["title"] or rid)[:60], "")])


# --------------------------------------------------------------------------
# charts and value pages


def _label_width(labels: Iterable[str]) -> int:
    """Room for the longest label (12 px type), within reason."""
    return int(min(340, 16 + 7 * max((len(str(label)) for label in labels), default=4)))


def _bars(items: Sequence[dict[str, Any]], *, unit: str) -> str:
    """A horizontal bar chart as SVG: one linked bar per item (label, value, href, text)."""
    if not items:
        return "<p>No value to chart.</p>"
    top = max((float(i["value"]) for i in items if i["value"] is not None), default=0) or 1
    label_width = _label_width(i["label"] for i in items)
    row_h, width = 26, 760
    plot = width - label_width - 190
    height = row_h * len(items) + 10
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{_e(unit)}">']
    for n, item in enumerate(items):
        y = 5 + n * row_h
        parts.append(f'<text x="{label_width - 6}" y="{y + 17}" text-anchor="end" class="axis">{_e(item["label"])}</text>')
        if item["value"] is None:
            parts.append(f'<text x="{label_width + 4}" y="{y + 17}" class="none">{_e(item.get("text") or "no figure stated")}</text>')
            continue
        w = max(2.0, plot * float(item["value"]) / top)
        hollow = " hedged" if item.get("qualifier") in ("approx", "at_least") else ""
        parts.append(
            f'<a href="{_e(item["href"])}" class="bar-link" data-value="{_e(item["value"])}"><title>{_e(item["title"])}</title>'
            # the whole row is the link's target: a click between the bar and its label still follows it
            f'<rect class="hit" x="{label_width}" y="{y}" width="{width - label_width}" height="{row_h}"></rect>'
            f'<rect class="bar{hollow}" x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}"></rect>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + 17}" class="value">{_e(item["text"])}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _heatmap(rows: Sequence[str], cols: Sequence[str], cells: dict[tuple[str, str], dict[str, Any]], *, rotate: bool = False) -> str:
    """A grid of linked cells (row x column) as SVG; darker = larger, the value written in each cell."""
    if not rows or not cols:
        return "<p>No value to chart.</p>"
    label_width = _label_width(rows)
    cw, ch = 46, 24
    head = _label_width(cols) if rotate else 30  # room for column labels written upwards
    width, height = label_width + cw * len(cols) + 10, head + ch * len(rows)
    top = max((c["value"] for c in cells.values()), default=0) or 1
    parts = [f'<svg class="chart heat" viewBox="0 0 {width} {height}" width="{width}" role="img">']
    for j, col in enumerate(cols):
        x = label_width + j * cw + cw / 2
        if rotate:
            parts.append(f'<text x="{x + 4}" y="{head - 6}" transform="rotate(-90 {x + 4} {head - 6})" class="axis">{_e(col)}</text>')
        else:
            parts.append(f'<text x="{x}" y="18" text-anchor="middle" class="axis">{_e(col)}</text>')
    for i, row in enumerate(rows):
        y = head - 4 + i * ch
        parts.append(f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end" class="axis">{_e(row)}</text>')
        for j, col in enumerate(cols):
            cell = cells.get((row, col))
            x = label_width + j * cw
            if cell is None or not cell["value"]:
                parts.append(f'<rect x="{x}" y="{y}" width="{cw - 2}" height="{ch - 2}" class="cell empty"></rect>')
                continue
            alpha = 0.15 + 0.85 * cell["value"] / top
            parts.append(
                f'<a href="{_e(cell["href"])}" class="bar-link" data-value="{_e(cell["value"])}"><title>{_e(cell["title"])}</title>'
                f'<rect x="{x}" y="{y}" width="{cw - 2}" height="{ch - 2}" class="cell" style="fill-opacity:{alpha:.2f}"></rect>'
                f'<text x="{x + cw / 2 - 1}" y="{y + 16}" text-anchor="middle" class="cell-text">{_e(cell["text"])}</text></a>'
            )
    parts.append("</svg>")
    return f'<div class="scroll">{"".join(parts)}</div>'


def _evidence_list(tables: SimpleNamespace, release_ids: Sequence[str], figures: pd.DataFrame, links: dict[str, str], measure: str) -> str:
    """Per release: its total (and correction), then each counted figure's sentence with the figure's words marked."""
    releases = tables.lookup.releases
    totals = tables.lookup.totals.get(measure, tables.totals.iloc[0:0].set_index("release_id"))
    parts = []
    for rid in release_ids:
        row = releases.loc[rid]
        t = totals.loc[rid] if rid in totals.index else None
        value = _qualified(t["value"], t["qualifier"]) if t is not None else MISSING
        note = _corrected_note(_corrections_of(tables, rid).get(measure)) if t is not None and t["source"] == "corrected" else ""
        figs = figures[figures["release_id"] == rid]
        items = []
        for f in figs.itertuples():
            sentence = f.evidence
            words = row["body"][f.start:f.end]
            at = sentence.find(words)
            marked = (_e(sentence[:at]) + f'<mark class="figure m-{measure}" data-label="{measure}">{_e(words)}</mark>' + _e(sentence[at + len(words):])) if at >= 0 else _e(sentence)
            items.append(f'<li><span class="fig-value">{_qualified(f.value, f.qualifier)}</span> <small>{_e(f.qualifier)}, {_e(f.scope)}, rule <code>{_e(f.rule)}</code></small><blockquote class="sentence">{marked}</blockquote></li>')
        url = row["url"]
        parts.append(
            f'<li class="release"><a href="../releases/{links[rid]}">{_e(row["title"] or rid)}</a> <small>{_e(row["issuer"])}, {_e(row["published"])}'
            f'{" · <a href=" + chr(34) + _e(url) + chr(34) + ">source</a>" if isinstance(url, str) and url else ""}</small>'
            f'<br>release total: <strong>{value}</strong>{note}<ul class="sentences">{"".join(items) or "<li>no figure (the total comes from a correction)</li>"}</ul></li>'
        )
    return f'<ol class="evidence-list">{"".join(parts)}</ol>'


#: The release levels of notebook 02's main charts at its default parameters (``LEVELS``), which the site's
#: figures charts repeat (tests/analysis/test_site.py checks the two stay in step).
FIGURES_LEVELS: tuple[str, ...] = ("force",)


def _figures_charts(tables: SimpleNamespace, links: dict[str, str], pages: dict[str, str]) -> str:
    # notebook 02's default selection: a national or regional total is never added to the forces' (codebook s.12)
    charted = corpus.select_releases(tables, levels=list(FIGURES_LEVELS))
    series = per_period(charted.totals, charted.releases, "Y", measures=CHART_MEASURES)
    per = period_of(charted.releases.set_index("release_id")["published"], "Y")
    figures = charted.figures
    levels = ", ".join(FIGURES_LEVELS)
    out = ["<h1>Figures charts</h1>",
           f"<p>The charts of notebook 02 (its default parameters: releases of level {_e(levels)}, per publication year; "
           "a national or regional total is never added to the forces'). Each bar is the sum of the release totals of the year; "
           "click a bar for the releases and sentences behind it. Bars with a hatched edge are hedged (approximate or lower bound). "
           "“n/N” is releases stating a figure out of the year's releases (coverage).</p>"]
    for measure in CHART_MEASURES:
        items = []
        for row in series[(series["measure"] == measure) & (series["n_releases"] > 0)].itertuples():
            period = str(row.period)
            value = None if pd.isna(row.value) else int(row.value)
            ids = sorted(per.index[per == period])
            key = f"figures-{measure}-Y-{period}"
            href = page_name(key)
            coverage = f"{row.n_stating}/{row.n_releases} releases" + (f", {row.n_vague} vague only" if row.n_vague else "")
            counted = figures[figures["release_id"].isin(ids) & (figures["measure"] == measure) & (figures["scope"] == "current")]
            stating = [rid for rid in ids if _stated(tables, rid, measure)]
            if value is not None or row.n_vague:
                body = (f"<h1>{measure}, {period}: {_qualified(value, row.qualifier)}</h1>"
                        f"<p>Charted value: <strong>{_qualified(value, row.qualifier)}</strong> (qualifier: {_e(row.qualifier)}), the sum of the {measure} totals of the releases published in {period}. "
                        f"Coverage: {row.n_stating} of the year's {row.n_releases} releases state a number, {row.n_vague} only a vague figure (never added).</p>"
                        f"<p>The figures counted in each release total, with the sentence each comes from:</p>"
                        + _evidence_list(tables, stating, counted, links, measure))
                pages[href] = _page(f"{measure} {period}", body, depth=1, crumbs=[("Figures charts", "charts/figures.html"), (f"{measure} {period}", "")])
            items.append({"label": period, "value": value, "qualifier": row.qualifier, "href": f"../values/{href}",
                          "text": f"{_qualified(value, row.qualifier)} ({coverage})" if value is not None else f"no figure stated ({coverage})",
                          "title": f"{measure} {period}: {_qualified(value, row.qualifier)}, {coverage}"})
        out.append(f'<h2 id="{measure}-per-year">{measure.capitalize()} per year, as stated in releases</h2>')
        out.append(_bars(items, unit=f"{measure} per year"))
    issuers = per_issuer(tables.totals, tables.releases, measures=CHART_MEASURES)
    issuer_of = tables.releases.set_index("release_id")["issuer"].astype(object).fillna("unknown")
    for measure in CHART_MEASURES[:2]:
        items = []
        for row in issuers[(issuers["measure"] == measure) & issuers["value"].notna()].itertuples():
            ids = sorted(issuer_of.index[issuer_of == row.issuer])
            key = f"figures-{measure}-force-{row.issuer}"
            href = page_name(key)
            counted = figures[figures["release_id"].isin(ids) & (figures["measure"] == measure) & (figures["scope"] == "current")]
            stating = [rid for rid in ids if _stated(tables, rid, measure)]
            value = int(row.value)
            body = (f"<h1>{measure}, {_e(row.issuer)}: {_qualified(value, row.qualifier)}</h1>"
                    f"<p>Charted value: <strong>{_qualified(value, row.qualifier)}</strong> (qualifier: {_e(row.qualifier)}), the sum of the {measure} totals of the releases issued by {_e(row.issuer)}, all years. "
                    f"Coverage: {row.n_stating} of its {row.n_releases} releases state a number, {row.n_vague} only a vague figure.</p>"
                    + _evidence_list(tables, stating, counted, links, measure))
            pages[href] = _page(f"{measure} {row.issuer}", body, depth=1, crumbs=[("Figures charts", "charts/figures.html"), (f"{measure} {row.issuer}", "")])
            items.append({"label": row.issuer, "value": value, "qualifier": row.qualifier, "href": f"../values/{href}",
                          "text": f"{_qualified(value, row.qualifier)} ({row.n_stating}/{row.n_releases})",
                          "title": f"{measure}, {row.issuer}: {_qualified(value, row.qualifier)}"})
        out.append(f'<h2 id="{measure}-per-force">{measure.capitalize()} per issuing force (all years)</h2>')
        out.append(_bars(items, unit=f"{measure} per force"))
    return _page("Figures charts", "\n".join(out), depth=1, crumbs=[("Figures charts", "")])


def _stated(tables: SimpleNamespace, rid: str, measure: str) -> bool:
    return (rid, measure) in tables.lookup.stated


def _agency_value_page(tables: SimpleNamespace, rows: pd.DataFrame, ids: Sequence[str], links: dict[str, str], heading: str, coverage: str) -> str:
    releases = tables.lookup.releases
    parts = []
    for rid in ids:
        r = releases.loc[rid]
        mentions = rows[rows["release_id"] == rid]
        items = []
        for m in mentions.itertuples():
            if pd.isna(m.sentence_id):
                note = _corrected_note(_corrections_of(tables, rid).get(_agency_key("agency_add", m.agency)))
                items.append(f"<li>{_e(m.agency)} ({_e(m.role)}): added by a correction{note}</li>")
                continue
            start, sentence = tables.lookup.sentences.get((rid, int(m.sentence_id)), (None, ""))
            offset = int(m.start) - start if start is not None else -1
            if 0 <= offset and sentence[offset:offset + len(m.mention)] == m.mention:
                marked = _e(sentence[:offset]) + f'<mark class="agency r-{m.mention_role}" data-label="{m.mention_role}">{_e(m.mention)}</mark>' + _e(sentence[offset + len(m.mention):])
            else:
                marked = _e(sentence)
            items.append(f'<li>{_e(m.agency)} <small>({_e(m.agency_type)}; this mention: {_e(m.mention_role)}; in the release: {_e(m.role)}; rule <code>{_e(m.rule)}</code>)</small><blockquote class="sentence">{marked}</blockquote></li>')
        parts.append(f'<li class="release"><a href="../releases/{links[rid]}">{_e(r["title"] or rid)}</a> <small>{_e(r["issuer"])}, {_e(r["published"])}'
                     f'{" · <a href=" + chr(34) + _e(r["url"]) + chr(34) + ">source</a>" if isinstance(r["url"], str) and r["url"] else ""}</small>'
                     f'<ul class="sentences">{"".join(items)}</ul></li>')
    return f"<h1>{_e(heading)}</h1><p>{_e(coverage)}</p><ol class=\"evidence-list\">{''.join(parts)}</ol>"


def _agencies_charts(tables: SimpleNamespace, links: dict[str, str], pages: dict[str, str], role: str = "involved") -> str:
    out = ["<h1>Agencies charts</h1>",
           f"<p>The charts of notebook 03 (default parameters: role <code>{role}</code>, per publication year). Each cell is the number of the year's releases "
           "naming the agency type (or agency) with that role (hover for its share of the year's releases); click a cell for the releases and the sentences naming it.</p>"]
    agencies, releases = tables.agencies, tables.releases
    per = period_of(releases.set_index("release_id")["published"], "Y").dropna()
    for by, title, limit in (("agency_type", "Releases naming each agency type", None), ("agency", f"Releases naming each agency (the {TOP_AGENCIES} named most)", TOP_AGENCIES)):
        share = agency_share_by_year(agencies, releases, by=by, role=role, freq="Y")
        if share.empty:
            out.append(f"<h2>{title}</h2><p>No dated release names an agency.</p>")
            continue
        ranked = share.groupby(by)["n_releases"].sum().sort_values(ascending=False, kind="stable")
        ranked = ranked[ranked > 0]
        keep = sorted(ranked.head(limit).index if limit else ranked.index)
        cols = [str(p) for p in sorted(share["period"].unique())]
        cells = {}
        rows = agencies[agencies["role"] == role]
        for s in share[share[by].isin(keep) & (share["n_releases"] > 0)].itertuples():
            category, period = getattr(s, by), str(s.period)
            ids = sorted(set(rows[rows[by] == category]["release_id"]) & set(per.index[per == period]))
            key = f"agencies-{by}-{category}-Y-{period}"
            href = page_name(key)
            coverage = f"{s.n_releases} of the {s.n_period} releases published in {period} ({100 * s.share:.0f} %) name {category} with the role {role}."
            mentions = rows[rows["release_id"].isin(ids) & (rows[by] == category)]
            pages[href] = _page(f"{category} {period}", _agency_value_page(tables, mentions, ids, links, f"{category}, {period}: {s.n_releases} release(s)", coverage),
                                depth=1, crumbs=[("Agencies charts", "charts/agencies.html"), (f"{category} {period}", "")])
            cells[(category, period)] = {"value": int(s.n_releases), "href": f"../values/{href}", "text": str(s.n_releases),
                                         "title": f"{category}, {period}: {s.n_releases}/{s.n_period} releases ({100 * s.share:.0f} %)"}
        out.append(f"<h2>{title} (role: {role}), per year</h2>")
        out.append(_heatmap(keep, cols, cells))
        n_period = share.drop_duplicates("period").set_index("period")["n_period"]
        out.append("<p class=\"coverage\">Releases per year: " + ", ".join(f"{p}: {int(n)}" for p, n in n_period.items()) + "</p>")
    out.append(_co_involvement(tables, links, pages, role))
    return _page("Agencies charts", "\n".join(out), depth=1, crumbs=[("Agencies charts", "")])


def _co_involvement(tables: SimpleNamespace, links: dict[str, str], pages: dict[str, str], role: str) -> str:
    """Notebook 03's co-involvement chart of agency types, each cell linked to the releases naming both."""
    matrix = co_involvement(tables.agencies, by="agency_type", role=role)
    title = f"<h2>Agency types named together in a release (role: {role})</h2>"
    if matrix.empty:
        return title + "<p>No release names an agency with this role.</p>"
    rows = tables.agencies[tables.agencies["role"] == role]
    by_type = {kind: set(group["release_id"]) for kind, group in rows.groupby("agency_type")}
    cells = {}
    for a in matrix.index:
        for b in matrix.columns:
            n = int(matrix.at[a, b])
            if not n:
                continue
            ids = sorted(by_type[a] & by_type[b])
            key = f"agencies-together-{a}-{b}"
            href = page_name(key)
            mentions = rows[rows["release_id"].isin(ids) & rows["agency_type"].isin([a, b])]
            both = a if a == b else f"{a} and {b}"
            coverage = f"{n} release(s) name {both} with the role {role}" + ("" if a != b else " (the diagonal: releases naming the type at all)") + "."
            pages[href] = _page(f"{both}", _agency_value_page(tables, mentions, ids, links, f"{both}: {n} release(s)", coverage),
                                depth=1, crumbs=[("Agencies charts", "charts/agencies.html"), (both, "")])
            cells[(a, b)] = {"value": n, "href": f"../values/{href}", "text": str(n), "title": f"{both}: {n} release(s)"}
    return title + _heatmap(list(matrix.index), list(matrix.columns), cells, rotate=True)


# --------------------------------------------------------------------------
# review page


def _review(tables: SimpleNamespace, links: dict[str, str]) -> str:
    from releasekit.analysis.review import review_queue

    queue = review_queue(tables)
    rows = []
    for q in queue.itertuples():
        link = f'<a href="releases/{links[q.release_id]}#total-{q.field}">{_e(q.title or q.release_id)}</a>' if q.release_id in links else _e(q.release_id)
        rows.append(f"<tr><td>{q.priority}</td><td>{link}</td><td>{_e(q.field)}</td><td>{_e(q.total)}</td><td>{_e(q.flags)}</td><td>{_e(q.why)}</td><td class=\"evidence\">{_e(q.evidence)}</td></tr>")
    body = (f"<h1>Review queue</h1><p>The {len(queue)} totals most worth a human look, first the most suspect "
            "(<code>releasekit review</code> writes the same list to <code>reports/review.csv</code>, with the columns of <code>data/corrections.csv</code>: "
            "fill in <code>value</code>, <code>reason</code>, <code>who</code>, <code>date</code> and append the row to the corrections file).</p>"
            "<div class=\"filters\"><label for=\"filter\">Filter</label> <input id=\"filter\" type=\"search\" autocomplete=\"off\"> <span id=\"count\"></span></div>"
            "<div class=\"scroll\"><table id=\"releases\" class=\"sortable\"><thead><tr><th data-type=\"num\">priority</th><th>release</th><th>field</th><th data-type=\"num\">total</th><th>flags</th><th>why</th><th>evidence</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")
    return _page("Review queue", body, depth=0, crumbs=[("Review queue", "")])


# --------------------------------------------------------------------------
# writing


_CSS = """
:root { --ink: #1b1b1b; --muted: #555; --line: #ddd; --bg: #fff; --accent: #0b57a4; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
header.top { padding: .5rem 1rem; border-bottom: 1px solid var(--line); background: #f6f8fa; display: flex; flex-wrap: wrap; gap: .5rem 2rem; justify-content: space-between; }
header.top a { color: var(--accent); }
nav.menu a { margin-right: .8rem; }
main { padding: 1rem; max-width: 1200px; margin: 0 auto; }
footer { padding: 1rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
h1 { font-size: 1.5rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; }
a { color: var(--accent); overflow-wrap: anywhere; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; }
table.sortable th { cursor: pointer; user-select: none; white-space: nowrap; }
table.sortable th[aria-sort="ascending"]::after { content: " ▲"; }
table.sortable th[aria-sort="descending"]::after { content: " ▼"; }
td[data-sort] { white-space: nowrap; }
td code { overflow-wrap: anywhere; word-break: break-all; }
td.title { min-width: 16rem; }
td.evidence, .sentence { font-size: .9rem; }
td.evidence { min-width: 18rem; }
.filters { margin: 1rem 0; display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.filters input { font-size: 1rem; padding: .35rem .5rem; min-width: 14rem; flex: 1 1 14rem; max-width: 30rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.licence { background: #f6f8fa; padding: .6rem .8rem; border-left: 4px solid #888; font-size: .9rem; }
.corrected { display: inline-block; background: #fff3cd; border: 1px solid #c9a227; padding: 0 .3rem; font-size: .85rem; font-weight: normal; }
.is-corrected { background: #fff3cd; }
.body { white-space: pre-wrap; font-family: Georgia, "DejaVu Serif", serif; line-height: 1.9; max-width: 48rem; overflow-wrap: anywhere; }
mark { background: none; color: inherit; border-bottom: 3px solid; padding: 0 1px; }
mark[data-label]::before { content: attr(data-label); font: 600 .62rem/1 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .02em; padding: 1px 3px; margin-right: 2px; border-radius: 2px; vertical-align: super; color: #fff; background: #555; }
mark.quote { border-bottom: 2px dotted #7a5195; background: #f4eef8; }
mark.quote::before { background: #7a5195; }
mark.date { border-bottom-color: #00897b; background: #e0f2f1; }
mark.date::before { background: #00695c; }
mark.m-arrested { border-bottom-color: #c62828; background: #fdecea; } mark.m-arrested::before, .swatch.m-arrested { background: #c62828; }
mark.m-charged { border-bottom-color: #ef6c00; background: #fff3e0; } mark.m-charged::before, .swatch.m-charged { background: #a84b00; }
mark.m-sentenced { border-bottom-color: #6a1b9a; background: #f3e5f5; } mark.m-sentenced::before, .swatch.m-sentenced { background: #6a1b9a; }
mark.m-safeguarded { border-bottom-color: #2e7d32; background: #e8f5e9; } mark.m-safeguarded::before, .swatch.m-safeguarded { background: #2e7d32; }
mark.m-premises { border-bottom-color: #1565c0; background: #e3f2fd; } mark.m-premises::before, .swatch.m-premises { background: #1565c0; }
mark.m-officers { border-bottom-color: #546e7a; background: #eceff1; } mark.m-officers::before, .swatch.m-officers { background: #455a64; }
mark.out { border-bottom-style: dashed; background: #f5f5f5; }
mark.agency { border-bottom-width: 2px; }
mark.r-involved { border-bottom-color: #283593; background: #e8eaf6; } mark.r-involved::before, .swatch.r-involved { background: #283593; }
mark.r-contact { border-bottom-color: #00838f; background: #e0f7fa; } mark.r-contact::before, .swatch.r-contact { background: #00626b; }
mark.r-mentioned { border-bottom-color: #8d6e63; background: #efebe9; } mark.r-mentioned::before, .swatch.r-mentioned { background: #6d4c41; }
.legend mark { white-space: nowrap; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .35em; border-radius: 2px; vertical-align: baseline; }
section.total { margin: 1rem 0 1.5rem; }
svg.chart { max-width: 100%; height: auto; font: 12px system-ui, "DejaVu Sans", sans-serif; }
svg.heat { max-width: none; }
svg .hit { fill: transparent; pointer-events: all; } svg .bar { fill: #0b57a4; } svg .bar.hedged { fill: #9bbbe0; stroke: #0b57a4; stroke-width: 1.5; stroke-dasharray: 4 2; }
svg a:hover .bar, svg a:focus .bar, svg a:hover .cell { fill: #d35400; }
svg .cell { fill: #0b57a4; } svg .cell.empty { fill: #f2f2f2; }
svg .cell-text { fill: #111; font-weight: 600; }
svg .axis { fill: #333; } svg .value { fill: #111; } svg .none { fill: #888; font-style: italic; }
ol.evidence-list > li { margin-bottom: 1.2rem; }
blockquote.sentence { margin: .3rem 0 .6rem 0; padding: .3rem .6rem; border-left: 3px solid #bbb; background: #fafafa; }
.fig-value { font-weight: 600; }
@media (max-width: 600px) {
  main { padding: .6rem; }
  dl.meta { grid-template-columns: 1fr; }
  dl.meta dt { margin-top: .4rem; }
  h1 { font-size: 1.25rem; }
  .body { line-height: 1.8; }
  table.figs, table.figs tbody { display: block; width: 100%; }
  table.figs code { overflow-wrap: anywhere; word-break: break-all; }
  table.figs tr { display: block; border-bottom: 1px solid var(--line); padding: .3rem 0; }
  table.figs tr:first-child { display: none; }
  table.figs td { display: inline-block; border: none; padding: .1rem .3rem; }
  table.figs td.evidence { display: block; min-width: 0; }
}
"""

_JS = """// releasekit evidence site: sort and filter tables (no library, no network).
(function () {
  'use strict';
  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) { return ''; }
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
    if (type === 'num') { var n = parseFloat(raw.replace(/[^0-9.\\-]/g, '')); return isNaN(n) ? null : n; }
    return raw.toLowerCase();
  }
  function sortBy(table, th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var type = th.getAttribute('data-type') || 'text';
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type), y = cellValue(b, index, type);
      var emptyX = x === null || x === '', emptyY = y === null || y === '';
      if (emptyX || emptyY) { return emptyX === emptyY ? 0 : (emptyX ? 1 : -1); }
      var order = x < y ? -1 : (x > y ? 1 : 0);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.tabIndex = 0;
      th.addEventListener('click', function () { sortBy(table, th); });
      th.addEventListener('keydown', function (event) { if (event.key === 'Enter') { sortBy(table, th); } });
    });
  });
  var input = document.getElementById('filter');
  var table = document.getElementById('releases');
  var count = document.getElementById('count');
  if (input && table) {
    var update = function () {
      var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
      var shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var text = row.textContent.toLowerCase();
        var keep = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      if (count) { count.textContent = shown + ' of ' + rows.length + ' rows'; }
    };
    input.addEventListener('input', update);
    var query = new URLSearchParams(window.location.search).get('q');
    if (query) { input.value = query; }
    update();
  }
}());
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))


def _check_target(out: Path) -> None:
    """Refuse to write into a folder that holds something other than an earlier site (its pages would be deleted)."""
    if not out.is_dir() or not any(out.iterdir()):
        return
    script = out / "site.js"
    if not (script.is_file() and script.read_text(encoding="utf-8", errors="replace").startswith(_JS[:40])):
        raise FileExistsError(f"{out} is not empty and holds no releasekit site: choose an empty or new folder for the site")


def write_site(tables_dir: Path | str = "data/processed", out_dir: Path | str = "reports/site", *, licence: Path | str | None = None) -> Path:
    """Write the evidence site for the tables in ``tables_dir`` into ``out_dir``; return ``out_dir/index.html``.

    ``licence``: the licence notice to attribute on every release page
    (default: ``LICENCE.md`` of the raw folder named in ``_build.json``).
    Pages of an earlier site that no longer exist are removed (``releases/``,
    ``values/`` and ``charts/`` are rewritten whole). Raises
    ``FileNotFoundError`` when ``tables_dir`` holds no tables and
    ``FileExistsError`` when ``out_dir`` holds files but no earlier site.
    """
    folder, out = Path(tables_dir), Path(out_dir)
    tables = _load(folder)
    tables.lookup = _lookups(tables)
    notice = _licence(folder, Path(licence) if licence is not None else None)
    links = _release_links(tables)
    groups = {
        name: {rid: frame for rid, frame in getattr(tables, name).groupby("release_id", sort=False)}
        for name in ("figures", "agencies", "quotes", "totals")
    }
    _check_target(out)
    for sub in ("releases", "values", "charts"):
        if (out / sub).is_dir():
            shutil.rmtree(out / sub)
    _write(out / "style.css", _CSS.lstrip())
    _write(out / "site.js", _JS)
    for _, row in tables.releases.iterrows():
        _write(out / "releases" / links[row["release_id"]], _release(tables, row, notice, groups))
    values: dict[str, str] = {}
    _write(out / "charts" / "figures.html", _figures_charts(tables, links, values))
    _write(out / "charts" / "agencies.html", _agencies_charts(tables, links, values))
    for name, text in sorted(values.items()):
        _write(out / "values" / name, text)
    _write(out / "review.html", _review(tables, links))
    _write(out / "index.html", _index(tables, links))
    return out / "index.html"
