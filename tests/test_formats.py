"""Input formats: saved web pages, scraper exports, unsupported files.

The HTML pages in tests/pages/ are written in the shapes UK force and agency
sites use (cookie banner, skip link, quick exit, navigation, breadcrumbs, an
article with <time>, related links, share buttons, footer). The tests check
what trafilatura does with them (main text in, chrome out), never its version.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.build import build
from releasekit.chrome import ChromeStats
from releasekit.formats import declared_charset, read_html, record_release_id
from releasekit.read import read_release, release_suffix, scan_file
from releasekit.tables import load

PAGES = Path(__file__).parent / "pages"

#: Words of the pages' chrome: none may reach a release body.
CHROME = (
    "cookies",
    "Accept all",
    "Skip to",
    "Quickly exit",
    "Leave this site",
    "Related news",
    "Related content",
    "Latest news",
    "Share this page",
    "Share on",
    "Privacy",
    "Accessibility",
    "Freedom of information",
    "Is this page useful",
    "Man jailed for controlling prostitution",
    "County lines week of action",
    "Contact us",
)


def read_one(name: str, data: bytes | None = None, stats: ChromeStats | None = None):
    data = (PAGES / name).read_bytes() if data is None else data
    raws, problems = scan_file(name, data)
    assert len(raws) == 1, problems
    release, more = read_release(raws[0], stats or ChromeStats())
    assert release is not None, more
    return release, problems + more


# --------------------------------------------------------------------------
# Saved web pages


@pytest.mark.parametrize(
    ("name", "first_words", "last_words"),
    [
        ("force_news.html", "Five people have been arrested on suspicion", "always dial 999."),
        ("agency_govuk.html", "Gangmaster licence revoked after workers", "contact the GLAA on 0800 432 0804."),
        ("wget_no_metadata.htm", "Three men sentenced for trafficking women", "courage in coming forward.”"),
        ("soh_time_only.html", "Car wash workers safeguarded", "please report it.\""),
    ],
)
def test_saved_page_body_is_the_article_without_site_chrome(name: str, first_words: str, last_words: str) -> None:
    release, problems = read_one(name)
    assert release.format == "html"
    assert release.body.startswith(first_words)
    assert release.body.endswith(last_words)
    for words in CHROME:
        assert words.lower() not in release.body.lower(), (name, words)
    assert "<" not in release.body and "&pound;" not in release.body
    assert not [p for p in problems if p.severity != "info"]


def test_force_page_metadata_comes_from_og_canonical_and_article_time() -> None:
    release, _ = read_one("force_news.html")
    assert (release.title, release.title_source) == ("Five arrested in Reading modern slavery operation", "og:title")
    assert release.url.endswith("/2024/march/five-arrested-in-reading-modern-slavery-operation/")
    assert release.url_source == "canonical"
    assert (release.published, release.published_precision, release.published_source) == (
        dt.date(2024, 3, 12),
        "day",
        "article:published_time",
    )
    assert release.description == "Five people have been arrested after warrants in Reading."


def test_govuk_page_date_comes_from_json_ld_not_the_modified_date() -> None:
    release, _ = read_one("agency_govuk.html")
    assert (release.published, release.published_source) == (dt.date(2023, 6, 5), "json-ld:datePublished")
    assert release.title == "Gangmaster licence revoked after workers found in squalid caravans"
    assert release.title_source == "json-ld:headline"
    assert release.url_source == "canonical"
    assert "23 workers living in squalid caravans" in release.body


def test_page_without_metadata_takes_title_and_published_line_from_its_text() -> None:
    release, problems = read_one("wget_no_metadata.htm")
    # <title> is "News - Northshire Constabulary": the article's own heading wins
    assert (release.title, release.title_source) == ("Three men sentenced for trafficking women to work in brothels", "text")
    assert (release.published, release.published_precision, release.published_source) == (dt.date(2021, 2, 3), "day", "text")
    assert (release.url, release.url_source) == (None, "none")
    # the declared windows-1252 charset is honoured: no decoding warning, the pound sign intact
    assert "£3,000" in release.body and "11 years’ imprisonment" in release.body
    assert not [p for p in problems if p.code.startswith(("decoded", "invalid"))]


def test_time_element_of_the_article_not_of_the_sidebar_and_saved_from_url() -> None:
    release, _ = read_one("soh_time_only.html")
    assert (release.published, release.published_source) == (dt.date(2022, 10, 21), "time")
    assert (release.title, release.title_source) == ("Car wash workers safeguarded after week of action", "h1")
    assert release.url == "https://www.northshire.police.uk/news/northshire/news/2022/october/car-wash-workers-safeguarded/"
    assert release.url_source == "saved-from"


def test_page_title_element_is_the_last_resort_with_site_name_removed() -> None:
    html = (
        "<html><head><title>Man charged with trafficking offences | Westshire Police</title></head><body>"
        "<div>Menu</div><p>A 41-year-old man has been charged with human trafficking offences after an investigation "
        "by Westshire Police into the exploitation of workers at a nail bar in the town centre. He was remanded in "
        "custody and will appear at court on Monday, detectives said today in a statement.</p></body></html>"
    )
    page = read_html(html)
    assert page.meta["page_title"] == "Man charged with trafficking offences"
    assert page.sources["page_title"] == "title"
    release, _ = read_one("x.html", html.encode())
    # the body's first line is a sentence, not a title, so <title> is used
    assert (release.title, release.title_source) == ("Man charged with trafficking offences", "title")


def test_json_ld_graph_and_meta_dcterms_dates() -> None:
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "X"}, {"@type": "NewsArticle", "datePublished": "2019-11-04T08:00:00Z"}]}
    html = f'<html><head><script type="application/ld+json">{json.dumps(graph)}</script></head><body><p>Text.</p></body></html>'
    from lxml.html import document_fromstring

    from releasekit.formats import page_metadata

    meta, sources = page_metadata(document_fromstring(html))
    assert (meta["publish.date"], sources["publish.date"]) == ("2019-11-04", "json-ld:datePublished")
    html = '<html><head><meta name="DCTERMS.created" content="2015-07-30"></head><body><p>x</p></body></html>'
    meta, sources = page_metadata(document_fromstring(html))
    assert (meta["publish.date"], sources["publish.date"]) == ("2015-07-30", "meta:dcterms.created")
    # broken JSON-LD is skipped, not fatal
    html = '<html><head><script type="application/ld+json">{"datePublished": </script></head><body><h1>T</h1></body></html>'
    meta, sources = page_metadata(document_fromstring(html))
    assert "publish.date" not in meta and sources["title"] == "h1"


def test_declared_charset() -> None:
    assert declared_charset(b'<meta charset="ISO-8859-1">') == "iso-8859-1"
    assert declared_charset(b"<html><body>no declaration</body></html>") is None


def test_page_with_only_chrome_is_a_problem_not_a_release() -> None:
    html = b"<html><body><nav><a href='/'>Home</a><a href='/news'>News</a></nav><footer>Cookies</footer></body></html>"
    raws, problems = scan_file("empty-page.html", html)
    if raws:  # trafilatura's fallback may keep a few words; too few to be a release
        release, problems = read_release(raws[0], ChromeStats())
        assert release is None
    assert any(p.severity == "error" for p in problems)


# --------------------------------------------------------------------------
# Text pages from a site seen once (no recurrence statistics)

NEW_SITE = """Skip to main content
Cookies on Eastshire Police
We use some essential cookies to make this website work.
{button}
Reject additional cookies
View cookies
Home
News
{title}
{dateline}
Three men who trafficked women into the county and forced them to work in brothels have been jailed for a total of 27 years at Eastshire Crown Court.
The court heard that the men recruited the women abroad with promises of legitimate jobs in hotels and restaurants.
"""


@pytest.mark.parametrize(
    ("button", "dateline", "expected"),
    [
        ("Accept all cookies", "Published 3 February 2021", dt.date(2021, 2, 3)),
        ("Accept additional cookies", "Published: 03/02/2021 10:41", dt.date(2021, 2, 3)),
        ("Allow all cookies", "Posted on Wednesday 3 February 2021", dt.date(2021, 2, 3)),
        ("Necessary cookies only", "Date published: 3rd February 2021", dt.date(2021, 2, 3)),
        ("Accept cookies", "First published February 3, 2021", dt.date(2021, 2, 3)),
        ("Hide this message", "3 Feb 2021, 10:41am", dt.date(2021, 2, 3)),
        ("Accept all cookies", "First published on Wed 3 Feb 2021 09.42 GMT", dt.date(2021, 2, 3)),
        ("Reject additional cookies", "Posted Wed. 3 February 2021 at 14:05 BST", dt.date(2021, 2, 3)),
    ],
)
def test_new_site_loses_cookie_banner_and_reads_its_published_line(button: str, dateline: str, expected: dt.date) -> None:
    title = "Three men jailed for trafficking women"
    text = NEW_SITE.format(button=button, title=title, dateline=dateline)
    raws, _ = scan_file("eastshire/jailed.txt", text.encode())
    release, problems = read_release(raws[0], ChromeStats())
    assert (release.title, release.title_source) == (title, "text")
    assert (release.published, release.published_precision, release.published_source) == (expected, "day", "text")
    assert release.body.startswith(title)
    assert "cookie" not in release.body.lower() and button not in release.body


@pytest.mark.parametrize("line", ["Last updated 5 March 2021", "Wed 5 May 2021", "Sun. 5 March 2021 10:00"])
def test_update_lines_and_bare_masthead_dates_are_not_publication_dates(line: str) -> None:
    text = NEW_SITE.format(button="Accept all cookies", title="Three men jailed", dateline=line)
    raws, _ = scan_file("u.txt", text.encode())
    release, _ = read_release(raws[0], ChromeStats())
    assert release.published is None and release.published_source == "none"


def test_last_updated_line_is_not_a_publication_date() -> None:
    text = NEW_SITE.format(button="Accept all cookies", title="Three men jailed", dateline="Last updated 5 March 2021")
    raws, _ = scan_file("u.txt", text.encode())
    release, _ = read_release(raws[0], ChromeStats())
    assert release.published is None and release.published_source == "none"


def test_cookie_patterns_keep_release_sentences_about_cookies() -> None:
    # chrome patterns only touch the leading block; a body line mentioning cookies stays
    text = (
        "Police warn of scam\n"
        "Published 4 June 2020\n"
        "Officers are warning residents about a scam. Accept all cookies only from websites you trust, detectives said, "
        "after victims were tricked into handing over bank details to a fake site that imitated a delivery company.\n"
    )
    raws, _ = scan_file("scam.txt", text.encode())
    release, _ = read_release(raws[0], ChromeStats())
    assert "Accept all cookies only from websites you trust" in release.body


# --------------------------------------------------------------------------
# Exports: CSV, JSON Lines, JSON

BODY = (
    "Officers from Westshire Police arrested {n} men on suspicion of modern slavery offences after raids on "
    "addresses in {town} on Tuesday. Detectives said the investigation into labour exploitation is continuing."
)


def test_csv_export_one_release_per_record_with_fields_case_insensitive() -> None:
    csv_text = (
        "Title,URL,Published,Publisher,Body,Author\n"
        f'"Raids in Northtown",https://w.police.uk/news/2023/05/raids/,2023-05-02,Westshire Police,"{BODY.format(n="three", town="Northtown")}",Press office\n'
        f'"Raids in Southtown",,12/06/2023,,"{BODY.format(n="two", town="Southtown")}\nA second paragraph, quoted across lines.",Press office\n'
        '"No text here",https://w.police.uk/x,2023-07-01,,,Press office\n'
    )
    raws, problems = scan_file("exports/westshire.csv", csv_text.encode())
    assert [r.release_id for r in raws] == ["exports/westshire/1", "exports/westshire/2"]
    assert [r.format for r in raws] == ["csv", "csv"]
    assert raws[1].text.endswith("A second paragraph, quoted across lines.")
    codes = {p.code: p for p in problems}
    assert codes["record_without_text"].severity == "error"
    assert "record 3 (line 5; release id exports/westshire/3)" in codes["record_without_text"].message
    assert codes["ignored_fields"].severity == "info" and "author" in codes["ignored_fields"].message
    first, _ = read_release(raws[0], ChromeStats())
    assert (first.title, first.title_source, first.url_source, first.publisher) == ("Raids in Northtown", "record", "record", "Westshire Police")
    assert (first.published, first.published_source) == (dt.date(2023, 5, 2), "record")
    second, _ = read_release(raws[1], ChromeStats())
    assert second.published == dt.date(2023, 6, 12)  # day first


def test_csv_with_semicolons_and_text_field_named_text() -> None:
    csv_text = f"id;text;published\nA-17;{BODY.format(n='four', town='Westford')};2021-01-05\nB 18;{BODY.format(n='five', town='Eastford')};\n"
    raws, problems = scan_file("s.csv", csv_text.encode())
    assert [r.release_id for r in raws] == ["s/A-17", "s/B-18"]  # ids from the id field, made path-safe
    assert not problems


def test_csv_without_text_column_is_one_clear_problem() -> None:
    raws, problems = scan_file("officers.csv", b"name,rank\nSmith,PC\nJones,DC\n")
    assert raws == []
    assert [(p.severity, p.code) for p in problems] == [("error", "no_text_field")]
    assert "name, rank" in problems[0].message


def test_jsonl_export_bad_lines_are_problems_and_repeated_ids_are_numbered() -> None:
    lines = [
        json.dumps({"id": "x", "text": BODY.format(n="six", town="Oldham"), "url": "https://a.police.uk/1"}),
        "{not json",
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": "x", "body": BODY.format(n="seven", town="Newham"), "truncated": "true"}),
        json.dumps({"id": "z", "text": "   "}),
    ]
    raws, problems = scan_file("feed.jsonl", "\n".join(lines).encode())
    assert [r.release_id for r in raws] == ["feed/1", "feed/2"]
    by_code = sorted((p.code, p.message.split(" ")[1]) for p in problems if p.severity == "error")
    assert by_code == [("record_unreadable", "2"), ("record_unreadable", "3"), ("record_without_text", "3")]
    assert any(p.code == "record_ids_not_used" for p in problems)
    release, _ = read_release(raws[1], ChromeStats())
    assert release.truncated is True and release.format == "jsonl"


def test_json_list_export_and_object_holding_a_list() -> None:
    items = [{"title": "One", "text": BODY.format(n="two", town="Ayton")}, {"title": "Two", "text": BODY.format(n="nine", town="Beeton")}]
    raws, problems = scan_file("a.json", json.dumps(items).encode())
    assert [r.release_id for r in raws] == ["a/1", "a/2"] and not problems
    raws, problems = scan_file("b.json", json.dumps({"count": 2, "results": items}).encode())
    assert [r.meta["title"] for r in raws] == ["One", "Two"]
    raws, problems = scan_file("c.json", b'{"broken": ')
    assert raws == [] and [p.code for p in problems] == ["export_unreadable"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("deep.json", b"[" * 5000 + b"]" * 5000),
        ("deep_object.json", b'{"a":' * 5000 + b"1" + b"}" * 5000),
        ("deep_in_record.json", b'[{"text": "x", "title": ' + b"[" * 5000 + b"]" * 5000 + b"}]"),
    ],
)
def test_json_nested_too_deeply_is_one_problem_not_a_crash(name: str, data: bytes) -> None:
    raws, problems = scan_file(name, data)
    assert raws == [] and [(p.code, p.severity) for p in problems] == [("export_unreadable", "error")]
    assert "too deeply" in problems[0].message


def test_a_jsonl_line_nested_too_deeply_is_a_problem_and_the_other_lines_are_read() -> None:
    lines = [json.dumps({"text": BODY.format(n="six", town="Oldham")}), "[" * 5000 + "]" * 5000]
    raws, problems = scan_file("feed.jsonl", "\n".join(lines).encode())
    assert [r.release_id for r in raws] == ["feed/1"]
    assert [(p.code, p.message.split(" ")[1]) for p in problems if p.severity == "error"] == [("record_unreadable", "2")]


def test_a_build_with_a_deeply_nested_export_accounts_for_it_and_carries_on(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "deep.json").write_bytes(b"[" * 5000 + b"]" * 5000)
    (raw / "page.txt").write_text(BODY.format(n="three", town="Ayton"), encoding="utf-8")
    summary = build(raw, tmp_path / "out", jobs=1, cache=False)
    t = load(tmp_path / "out", ["releases", "problems"])
    assert list(t.releases.release_id) == ["page"]
    assert list(t.problems.query("severity == 'error'").code) == ["export_unreadable"]
    assert (summary.n_files, summary.n_releases, summary.n_rejected) == (2, 1, 1)


def test_header_only_export_is_a_problem() -> None:
    raws, problems = scan_file("empty.csv", b"title,text\n")
    assert raws == [] and [p.code for p in problems] == ["export_without_records"]


def test_record_release_id_is_path_without_suffix_and_label() -> None:
    assert record_release_id("a/b/scrape.jsonl", "3") == "a/b/scrape/3"


def test_short_record_is_rejected_naming_its_record() -> None:
    raws, _ = scan_file("t.csv", b"text\nToo short to be a release.\n")
    release, problems = read_release(raws[0], ChromeStats())
    assert release is None
    assert [p.code for p in problems] == ["no_release_text"]
    assert problems[0].message.startswith("record 1 (release id t/1): ")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=40), st.just(BODY.format(n="ten", town="Hypoton"))), min_size=1, max_size=8))
def test_every_jsonl_record_is_a_raw_release_or_a_named_problem(texts: list[str | None]) -> None:
    lines = [json.dumps({"text": t}) for t in texts]
    raws, problems = scan_file("h.jsonl", "\n".join(lines).encode())
    named = {int(p.message.split(" ")[1]) for p in problems if p.code == "record_without_text"}
    assert {int(r.release_id.rsplit("/", 1)[1]) for r in raws} | named == set(range(1, len(texts) + 1))
    assert not {int(r.release_id.rsplit("/", 1)[1]) for r in raws} & named


# --------------------------------------------------------------------------
# Dispatch and the whole build


def test_release_suffix_dispatches_every_format() -> None:
    names = ("a.TXT", "b.htm", "c.Html", "d.csv", "e.ndjson", "f.json", "m.md", "g.pdf", "h", "r1.txt~")
    assert [release_suffix(n) for n in names] == [
        "text", "html", "html", "records", "records", "records", "text", None, None, None,
    ]


@pytest.mark.parametrize("name", ["report.pdf", "notes/notes.md", "r1.txt~", "NOEXT", "photo.png"])
def test_other_files_are_unsupported_format_problems(name: str) -> None:
    raws, problems = scan_file(name, b"Ten men were arrested.")
    assert raws == []
    assert [(p.severity, p.code) for p in problems] == [("error", "unsupported_format")]
    assert ".html" in problems[0].message and ".csv" in problems[0].message


def test_build_accounts_for_every_file_and_record(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "pages").mkdir(parents=True)
    for page in PAGES.iterdir():
        (raw / "pages" / page.name).write_bytes(page.read_bytes())
    (raw / "exports").mkdir()
    (raw / "exports" / "scrape.csv").write_text(
        "title,url,text\n"
        f"A,https://w.police.uk/news/a,{BODY.format(n='three', town='Ayton')}\n"
        "B,https://w.police.uk/news/b,\n"
        f"C,https://w.police.uk/news/a/,{BODY.format(n='four', town='Ceeton')}\n",
        encoding="utf-8",
    )
    (raw / "exports" / "feed.jsonl").write_text(json.dumps({"text": BODY.format(n="eight", town="Deeton")}) + "\nnot json\n", encoding="utf-8")
    (raw / "report.pdf").write_bytes(b"%PDF-1.4 binary")
    summary = build(raw, tmp_path / "out", jobs=1, cache=False)
    t = load(tmp_path / "out", ["releases", "problems", "totals"])
    assert sorted(t.releases.release_id) == [
        "exports/feed/1",
        "exports/scrape/1",
        "exports/scrape/3",
        "pages/agency_govuk",
        "pages/force_news",
        "pages/soh_time_only",
        "pages/wget_no_metadata",
    ]
    assert t.releases.release_id.is_unique
    errors = t.problems.query("severity == 'error'")
    assert sorted(errors.code) == ["record_unreadable", "record_without_text", "unsupported_format"]
    # the same URL twice in an export: the later record points to the first
    dup = t.releases.set_index("release_id").loc["exports/scrape/3"]
    assert dup.duplicate_of == "exports/scrape/1"
    assert t.problems.query("code == 'duplicate_release'").message.iloc[0].startswith("record 3 (release id exports/scrape/3)")
    assert (summary.n_files, summary.n_releases, summary.n_rejected) == (7, 7, 3)
    assert "7 files: 7 releases, 3 rejected" in summary.line()
    arrested = t.totals.query("measure == 'arrested'").set_index("release_id").value
    assert arrested["pages/force_news"] == 5 and arrested["exports/scrape/1"] == 3


def test_build_of_exports_is_the_same_whatever_jobs_and_cache(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [{"id": f"r{i}", "text": BODY.format(n=str(i + 2), town=f"Town{i}")} for i in range(40)]
    (raw / "big.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (raw / "page.html").write_bytes((PAGES / "force_news.html").read_bytes())
    build(raw, tmp_path / "one", jobs=1, cache=False)
    build(raw, tmp_path / "two", jobs=2, cache=True)
    build(raw, tmp_path / "two", jobs=2, cache=True, partitioned=False)
    for name in ("releases", "figures", "problems"):
        assert (tmp_path / "one" / f"{name}.parquet").read_bytes() == (tmp_path / "two" / f"{name}.parquet").read_bytes()


@pytest.mark.parametrize("jobs", [1, 2])
def test_release_level_cache_entries_of_an_export_give_the_tables_of_a_clean_build(tmp_path: Path, jobs: int) -> None:
    """Without the file-level entries (as after a change of the corpus-wide facts) every record of an
    export comes from its release-level entry, as Arrow tables concatenated per file: the same bytes."""
    import shutil

    from releasekit.tables import TABLES

    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [{"id": f"r{i}", "text": BODY.format(n=str(i + 2), town=f"Town{i}")} for i in range(12)]
    (raw / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    (raw / "page.html").write_bytes((PAGES / "force_news.html").read_bytes())
    build(raw, tmp_path / "clean", jobs=1, cache=False)
    build(raw, tmp_path / "out", jobs=jobs)  # writes both levels of entries
    first = {name: (tmp_path / "out" / f"{name}.parquet").read_bytes() for name in TABLES}
    shutil.rmtree(tmp_path / ".out.cache" / "files")
    (tmp_path / "out" / "_build.json").unlink()
    build(raw, tmp_path / "out", jobs=jobs)  # every release from its release-level entry
    for name in TABLES:
        clean = (tmp_path / "clean" / f"{name}.parquet").read_bytes()
        assert first[name] == clean, name
        assert (tmp_path / "out" / f"{name}.parquet").read_bytes() == clean, name


# --------------------------------------------------------------------------
# Hostile or odd pages: never a crash, always a release or a problem


def test_page_declaring_latin1_but_saved_as_utf8_is_read_as_utf8() -> None:
    html = '<meta charset="iso-8859-1"><p>Café raid – ten men were arrested in Luton on Tuesday after a raid, police said.</p>'
    raws, problems = scan_file("m.html", html.encode("utf-8"))
    assert "Café raid – ten men" in raws[0].text and not problems
    raws, problems = scan_file("l.html", html.replace("–", "-").encode("latin-1"))
    assert "Café raid - ten men" in raws[0].text and not problems


def test_html_file_holding_plain_text_falls_back_to_its_visible_text_with_a_warning() -> None:
    text = ("Ten men were arrested in Luton on Tuesday after a raid on a brothel, police said. " * 4).encode()
    raws, problems = scan_file("plain.html", text)
    assert raws[0].text.startswith("Ten men were arrested in Luton")
    assert [p.code for p in problems] == ["html_main_text_not_found"]


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=2000) | st.text(alphabet="<>/=\"' abcdehilmnoprstv\n", max_size=400).map(str.encode))
def test_any_bytes_as_html_give_raw_releases_or_problems(data: bytes) -> None:
    raws, problems = scan_file("any.html", data)
    assert raws or problems
    for raw in raws:
        release, found = read_release(raw, ChromeStats())
        assert release is not None or any(p.severity == "error" for p in found)


def test_two_inputs_with_one_release_id_are_never_merged(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "raid.txt").write_text(BODY.format(n="three", town="Ayton"), encoding="utf-8")
    (raw / "raid.html").write_bytes((PAGES / "force_news.html").read_bytes())
    (raw / "scrape.csv").write_text(f"text\n{BODY.format(n='four', town='Beeton')}\n", encoding="utf-8")
    (raw / "scrape.jsonl").write_text(json.dumps({"text": BODY.format(n="six", town="Ceeton")}), encoding="utf-8")
    summary = build(raw, tmp_path / "out", jobs=1, cache=False)
    t = load(tmp_path / "out", ["releases", "problems", "totals"])
    assert sorted(t.releases.source_path) == ["raid.html", "scrape.csv"]  # first in path order
    collisions = t.problems.query("code == 'release_id_collision'").sort_values("source_path")
    assert list(collisions.source_path) == ["raid.txt", "scrape.jsonl"]
    assert "'scrape/1' is already that of scrape.csv" in collisions.message.iloc[1]
    assert t.totals.query("measure == 'arrested'").set_index("release_id").value.to_dict() == {"raid": 5, "scrape/1": 4}
    assert (summary.n_releases, summary.n_rejected) == (2, 2)


def test_json_ld_of_the_site_or_publisher_is_not_the_page() -> None:
    from lxml.html import document_fromstring

    from releasekit.formats import page_metadata

    items = [
        {"@type": "WebSite", "name": "Northshire Police", "url": "https://www.northshire.police.uk/"},
        {"@type": "Organization", "name": "Northshire Police", "url": "https://www.northshire.police.uk/"},
    ]
    html = f'<html><head><script type="application/ld+json">{json.dumps(items)}</script></head><body><p>x</p></body></html>'
    meta, _ = page_metadata(document_fromstring(html))
    assert "title" not in meta and "url" not in meta
    items.append({"@type": ["NewsArticle"], "headline": "Two charged", "url": "https://www.northshire.police.uk/news/two-charged"})
    html = f'<html><head><script type="application/ld+json">{json.dumps(items)}</script></head><body><p>x</p></body></html>'
    meta, sources = page_metadata(document_fromstring(html))
    assert (meta["title"], sources["title"]) == ("Two charged", "json-ld:headline")
    assert (meta["url"], sources["url"]) == ("https://www.northshire.police.uk/news/two-charged", "json-ld:url")


def test_export_bigger_than_one_release_is_read_whole(tmp_path: Path) -> None:
    from releasekit.read import MAX_READ_BYTES, read_limit, read_raw_file

    filler = " The investigation continues." * 80
    rows = [{"id": f"r{i}", "text": BODY.format(n=str(i % 9 + 2), town=f"Town{i}") + filler} for i in range(400)]
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert path.stat().st_size > MAX_READ_BYTES  # more than one release file is read
    data, _, size = read_raw_file(path, read_limit("big.jsonl"))
    assert len(data) == size
    raws, problems = scan_file("big.jsonl", data, size=size)
    assert len(raws) == 400 and not problems
    assert read_limit("a/b.txt") == MAX_READ_BYTES < read_limit("a/b.htm") < read_limit("a/b.CSV")


def test_page_saved_with_megabytes_of_inline_styles_is_read_whole(tmp_path: Path) -> None:
    from releasekit.read import MAX_READ_BYTES, read_limit, read_raw_file

    page = (PAGES / "force_news.html").read_text(encoding="utf-8")
    style = "<style>" + ".c{color:#123456}" * (MAX_READ_BYTES // 16) + "</style>"
    path = tmp_path / "saved.html"
    path.write_text(page.replace("</head>", style + "</head>"), encoding="utf-8")
    data, _, size = read_raw_file(path, read_limit("saved.html"))
    assert size > MAX_READ_BYTES and len(data) == size
    raws, problems = scan_file("saved.html", data, size=size)
    assert raws[0].text.endswith("always dial 999.") and not problems


def test_csv_record_longer_than_csvs_default_field_limit(tmp_path: Path) -> None:
    import csv as csv_module

    raw = tmp_path / "raw"
    raw.mkdir()
    long_text = BODY.format(n="two", town="Longford") + " The investigation continues." * 6000  # > 131,072 characters
    with open(raw / "long.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv_module.DictWriter(handle, fieldnames=["id", "text"])
        writer.writeheader()
        writer.writerows([{"id": "long", "text": long_text}, {"id": "short", "text": BODY.format(n="three", town="Shortby")}])
    summary = build(raw, tmp_path / "out", jobs=1, cache=False)
    t = load(tmp_path / "out", ["releases", "problems"])
    assert sorted(t.releases.release_id) == ["long/long", "long/short"] and t.problems.empty
    assert summary.n_releases == 2


def test_export_cut_at_the_read_limit_drops_its_cut_record_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [json.dumps({"text": BODY.format(n=str(i % 9 + 2), town=f"Town{i}")}) for i in range(10)]
    data = "\n".join(lines).encode()
    raws, problems = scan_file("cut.jsonl", data[:1000], size=len(data))
    assert [p.code for p in problems] == ["file_too_large"] and "split it" in problems[0].message
    assert len(raws) == data[:1000].count(b"\n")  # every whole line, none cut


def test_record_text_longer_than_a_release_is_cut_with_a_warning_naming_it() -> None:
    from releasekit.read import MAX_BODY_CHARS

    text = BODY.format(n="two", town="Longham") + " More." * (MAX_BODY_CHARS // 5)
    raws, problems = scan_file("x.jsonl", json.dumps({"text": text}).encode())
    assert len(raws[0].text) == MAX_BODY_CHARS
    assert [p.code for p in problems] == ["file_too_large"] and problems[0].message.startswith("record 1 (line 1; release id x/1)")


def test_record_whose_text_is_html_markup_is_read_as_text() -> None:
    html = (
        "<div class='body'><p>Officers from Westshire Police arrested <strong>three</strong> men on suspicion of modern "
        "slavery offences after raids on addresses in Ayton on Tuesday.</p><p>Detectives said the investigation into "
        "labour exploitation &amp; forced labour is continuing.</p></div>"
    )
    raws, problems = scan_file("h.jsonl", json.dumps({"text": html}).encode())
    assert raws[0].text.split("\n") == [
        "Officers from Westshire Police arrested three men on suspicion of modern slavery offences after raids on addresses in Ayton on Tuesday.",
        "Detectives said the investigation into labour exploitation & forced labour is continuing.",
    ]
    assert [(p.severity, p.code) for p in problems] == [("info", "html_record_text")]
    plain = "Officers found that 3 < 4 of the rooms were locked and a man was arrested. <b>Note</b> to editors follows."
    raws, problems = scan_file("p.jsonl", json.dumps({"text": plain}).encode())
    assert raws[0].text == plain and not problems


def test_interface_line_written_twice_above_a_dateline_is_not_the_title() -> None:
    text = (
        "Three men jailed for trafficking women\n\nSenior Member\nSenior Member\nPosted 3 February 2021\n"
        "Three men who trafficked women into the county and forced them to work in brothels have been jailed for a total "
        "of 27 years at Eastshire Crown Court, detectives said after the hearing on Tuesday.\n"
    )
    raws, _ = scan_file("forum.txt", text.encode())
    release, _ = read_release(raws[0], ChromeStats())
    assert (release.title, release.title_source) == ("Three men jailed for trafficking women", "text")
    assert release.body.startswith("Three men jailed for trafficking women")
    assert release.published == dt.date(2021, 2, 3)


# --------------------------------------------------------------------------
# Several releases per file: corrections, time budget, ids (merge with issues 11 and 12)


def test_corrections_reach_every_release_of_an_export(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [{"id": f"r{i}", "text": BODY.format(n=n, town=f"Town{i}")} for i, n in enumerate(["three", "four", "five"])]
    (raw / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    corrections = tmp_path / "corrections.csv"
    corrections.write_text(
        "release_id,field,value,reason,who,date\n"
        "feed/r1,arrested,40,headline says forty,A. Researcher,2026-11-30\n"
        "feed/r2,arrested,none,the five were arrested in an earlier release,A. Researcher,2026-11-30\n",
        encoding="utf-8",
    )
    build(raw, tmp_path / "out", jobs=1, cache=False, corrections=corrections)
    t = load(tmp_path / "out", ["totals", "corrections", "problems", "releases"])
    arrested = t.totals.query("measure == 'arrested'").set_index("release_id")
    assert arrested.value["feed/r0"] == 3 and arrested.value["feed/r1"] == 40 and arrested.value.isna()["feed/r2"]
    assert arrested.source.to_dict() == {"feed/r0": "extracted", "feed/r1": "corrected", "feed/r2": "corrected"}
    assert arrested.extracted_value["feed/r1"] == 4 and arrested.extracted_value["feed/r2"] == 5
    assert sorted(t.corrections.release_id) == ["feed/r1", "feed/r2"]
    assert set(t.releases.source) == {"extracted"}
    assert not t.problems.code.str.startswith("correction_").any()


def test_a_record_over_the_time_budget_is_a_problem_and_the_others_stay(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    towns = ["Fastby", "Slowby", "Quickton"]
    rows = [{"id": town.lower(), "text": BODY.format(n="two", town=town)} for town in towns]
    (raw / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    from releasekit.extract import figures as figures_module  # where the build looks it up when it extracts

    real = figures_module.extract_figures

    def stalls_on_slowby(text, sentences, **options):  # noqa: ANN001, ANN003, ANN202
        if "Slowby" in text:
            while True:  # an extractor that never ends on this record
                sum(range(1000))
        return real(text, sentences, **options)

    monkeypatch.setattr(figures_module, "extract_figures", stalls_on_slowby)
    summary = build(raw, tmp_path / "out", jobs=1, cache=False, time_budget=0.5)
    t = load(tmp_path / "out", ["releases", "problems"])
    assert sorted(t.releases.release_id) == ["feed/fastby", "feed/quickton"]
    problem = t.problems.query("code == 'time_budget_exceeded'")
    assert list(problem.source_path) == ["feed.jsonl"]
    assert problem.message.iloc[0].startswith("record slowby (release id feed/slowby)")
    assert (summary.n_files, summary.n_releases, summary.n_rejected) == (1, 2, 1)


def test_a_record_id_equal_to_a_file_release_id_up_to_case_is_a_collision(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "r").mkdir(parents=True)
    (raw / "R.jsonl").write_text(json.dumps({"text": BODY.format(n="six", town="Upperton")}), encoding="utf-8")
    (raw / "r" / "1.txt").write_text(BODY.format(n="seven", town="Lowerton"), encoding="utf-8")
    summary = build(raw, tmp_path / "out", jobs=1, cache=False)
    t = load(tmp_path / "out", ["releases", "problems"])
    assert list(t.releases.release_id) == ["R/1"]  # first in path order: R.jsonl sorts before r/1.txt
    collision = t.problems.query("code == 'release_id_collision'")
    assert list(collision.source_path) == ["r/1.txt"] and "R.jsonl" in collision.message.iloc[0]
    assert (summary.n_releases, summary.n_rejected) == (1, 1)
