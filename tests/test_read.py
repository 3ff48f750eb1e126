"""The read step: formats, metadata sources, dates with precision, site chrome."""

from __future__ import annotations

from corpus import manifest_files

import datetime as dt
import re
from pathlib import Path

import pytest

from releasekit.chrome import ChromeStats, strip_chrome
from releasekit.read import (
    chrome_pages,
    list_raw_files,
    read_manifest,
    read_release,
    release_id_for,
    scan,
)

CHROME_WORDS = (
    "cookie",
    "Quickly exit this site",
    "This site is a beta",
    "Skip to content",
    "Current timestamp",
    "technical problem",
    "Leave this site",
    "Advanced Search",
)


@pytest.fixture(scope="module")
def corpus(raw_dir: Path):
    manifest, _ = read_manifest(raw_dir)
    raws = [scan(f, (raw_dir / f).read_bytes()) for f in list_raw_files(raw_dir)]
    raws = [r for r in raws if not isinstance(r, list)]
    stats = ChromeStats.from_pages(chrome_pages(raws, manifest))
    out = {}
    for raw in raws:
        release, problems = read_release(raw, stats, manifest)
        out[raw.release_id] = (release, problems)
    return out


def test_every_release_file_is_listed_and_documents_are_not(raw_dir: Path) -> None:
    files = list_raw_files(raw_dir)
    assert files == manifest_files()
    assert "manifest.csv" not in files and "LICENCE.md" not in files and "README.md" not in files


def test_release_id_is_the_relative_path_without_suffix() -> None:
    assert release_id_for("000_cf7962ac4bf17ccd.txt") == "000_cf7962ac4bf17ccd"
    assert release_id_for("beds/2022/a b é.txt") == "beds/2022/a b é"


def test_seed_with_metadata_block_keeps_day_precision(corpus) -> None:
    release, problems = corpus["002_d9cd9735170886ed"]
    assert release.format == "metadata"
    assert release.published == dt.date(2020, 6, 19)
    assert release.published_precision == "day"
    assert release.published_source == "metadata"
    assert release.title == "Victims safeguarded and six arrests after operation targeting Luton sex industry"
    assert release.body.startswith("Six women have been safeguarded")
    assert "```" not in release.body and "og:" not in release.body
    assert not [p for p in problems if p.severity == "error"]


def test_seed_page_takes_date_from_manifest_and_loses_chrome(corpus) -> None:
    release, _ = corpus["000_cf7962ac4bf17ccd"]
    assert release.format == "page"
    assert (release.published, release.published_precision, release.published_source) == (
        dt.date(2022, 3, 30),
        "day",
        "manifest",
    )
    assert release.body.startswith("An international law enforcement operation")
    assert release.chrome_chars_removed > 500
    # the release's own closing lines are content and stay
    assert release.body.rstrip().endswith("contact them on 01582 733 200.")
    assert "Modern Slavery Helpline, on 08000 121 700" in release.body


def test_no_release_body_contains_site_chrome(corpus) -> None:
    for release_id, (release, _) in corpus.items():
        if release is None:
            continue
        head = release.body[:400]
        for words in CHROME_WORDS:
            assert words.lower() not in head.lower(), (release_id, words)


def test_pages_of_only_chrome_are_problems_not_releases(corpus) -> None:
    empty = {rid for rid, (release, _) in corpus.items() if release is None}
    assert {"cheshire-2024-10-anti-slavery-week", "gmp-2022-11-spot-the-signs"} <= empty
    for rid in empty:
        _, problems = corpus[rid]
        assert any(p.code == "no_release_text" and p.severity == "error" for p in problems)


def test_url_month_gives_month_precision_never_a_day(corpus) -> None:
    release, _ = corpus["beds-2022-04-two-week-modern-slavery-crackdown"]
    assert release.published == dt.date(2022, 4, 1)
    assert release.published_precision == "month"
    assert release.published_source == "url"


def test_dateline_in_page_text_gives_the_date_and_title(corpus) -> None:
    release, _ = corpus["cps-2005-09-cps-continues-fight-against-sex-trade-traffickers"]
    assert release.title == "CPS continues fight against sex trade traffickers"
    # the sidebar before the title is chrome
    assert "International Crimes" not in release.body
    assert release.body.startswith("CPS continues fight against sex trade traffickers\n16/09/2005")


def test_undated_release_has_unknown_precision(corpus) -> None:
    release, _ = corpus["govuk-undated-government-outlines-trafficking-vision"]
    assert release.published is None and release.published_precision == "unknown"


def test_capture_timestamp_is_not_a_publication_date() -> None:
    text = "Current timestamp: 21/05/2025 14:49:25\nPolice arrested two men in Luton yesterday after a long investigation into trafficking and exploitation of workers in the town, officers said today in a statement to the press."
    raw = scan("x.txt", text.encode())
    release, _ = read_release(raw, ChromeStats(), {})
    assert release is not None
    assert release.published is None
    assert "Current timestamp" not in release.body


def test_recurring_leading_lines_are_chrome_but_not_later_stock_paragraphs() -> None:
    banner = "Welcome to the Fooshire news room, read our latest appeals below"
    stock = "County lines typically involves drugs gangs selling their products in other towns."
    pages = [
        f"{banner}\nRelease number {i} says officers arrested {i} people in Fooshire.\n{stock}" for i in range(3)
    ]
    stats = ChromeStats.from_pages(
        ("fooshire.police.uk", str(i), [__import__("releasekit.chrome", fromlist=["x"]).line_key(l) for l in page.split("\n")])
        for i, page in enumerate(pages)
    )
    lines, removed = strip_chrome(pages[0], "fooshire.police.uk", stats, rules=())
    assert lines[0].startswith("Release number 0")
    assert stock in lines
    assert removed == len(banner)


def test_two_captures_of_one_release_keep_their_text(raw_dir: Path) -> None:
    """A near-duplicate pair shares every line; a pair must never make a line chrome."""
    from releasekit.chrome import leading_keys

    text = (raw_dir / "000_cf7962ac4bf17ccd.txt").read_text(encoding="utf-8")
    pages = [text, text + "\nUpdate: a fifth man has since been arrested."]
    stats = ChromeStats.from_pages(("beds.police.uk", str(i), leading_keys(page)) for i, page in enumerate(pages))
    for page in pages:
        lines, _ = strip_chrome(page, "beds.police.uk", stats)
        assert lines[0].startswith("An international law enforcement operation")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("16/09/2005", True),
        ("13:33 19/07/2022", True),
        ("Wednesday, 02 July, 2008", True),
        ("Published: 12 March 2024 10:41", True),
        ("First published on Thu 19 Mar 2015 09.42 GMT", True),
        ("Wed 22 May 2024", False),  # a masthead, not the page's date
        ("Police raid farms Date published: 2nd March 2021 9.05am", False),  # a title before the label
        ("Offenders face stiffer sentences (19 May 2017)", False),  # a title ending in its date
        ("Last updated 5 March 2021", False),
    ],
)
def test_a_dateline_is_a_publication_date_alone_or_after_a_short_label(line: str, expected: bool) -> None:
    from releasekit.chrome import is_dateline

    assert is_dateline(line) is expected


def test_a_title_ending_in_its_date_stays_the_title() -> None:
    text = (
        "Offenders face stiffer sentences for slavery offences (19 May 2017)\n"
        "New sentencing guidelines for modern slavery offences come into force today, the Sentencing Council said, "
        "with longer terms for offenders who exploit vulnerable victims for profit.\n"
    )
    release, _ = read_release(scan("guidelines.txt", text.encode()), ChromeStats())
    assert release.title == "Offenders face stiffer sentences for slavery offences (19 May 2017)"
    assert release.published == dt.date(2017, 5, 19) and release.published_source == "text"


# --------------------------------------------------------------------------
# Manifest resolution happens inside read: read_release alone gives what a build gives

PAGE = (
    "Two men arrested after raid on car wash\n\n"
    "Officers from the modern slavery unit arrested two men on Tuesday after a raid on a hand car wash in the town.\n"
    "Four people were safeguarded and taken to a place of safety, the force said in a statement.\n"
)
MANIFEST = (
    "file,url,publisher,published,truncated\n"
    "raid.txt,https://www.example.police.uk/news/raid,Example Police,2021-03-04,false\n"
    "caf\u00e9 raid.txt,https://www.example.police.uk/news/cafe,Example Police,2021-05-06,false\n"
)


def _folder(tmp_path: Path) -> Path:
    import unicodedata

    raw = tmp_path / "raw"
    (raw / "2021").mkdir(parents=True)
    (raw / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    (raw / "2021" / "raid.txt").write_text(PAGE, encoding="utf-8")  # the manifest names it without its subfolder
    (raw / unicodedata.normalize("NFD", "caf\u00e9 raid.txt")).write_text(PAGE.replace("car wash", "cafe"), encoding="utf-8")
    return raw


def test_read_release_alone_finds_the_manifest_row_of_a_file_in_a_subfolder(tmp_path: Path) -> None:
    raw_dir = _folder(tmp_path)
    manifest, _ = read_manifest(raw_dir)
    release, _ = read_release(scan("2021/raid.txt", (raw_dir / "2021" / "raid.txt").read_bytes()), ChromeStats(), manifest)
    assert release.url == "https://www.example.police.uk/news/raid"
    assert release.url_source == "manifest"
    assert release.publisher == "Example Police"
    assert (release.published, release.published_precision, release.published_source) == (dt.date(2021, 3, 4), "day", "manifest")
    assert release.truncated is False


def test_read_release_alone_finds_the_row_of_a_file_named_in_another_unicode_form(tmp_path: Path) -> None:
    import unicodedata

    raw_dir = _folder(tmp_path)
    manifest, _ = read_manifest(raw_dir)
    name = unicodedata.normalize("NFD", "caf\u00e9 raid.txt")
    assert name not in manifest
    release, _ = read_release(scan(name, (raw_dir / name).read_bytes()), ChromeStats(), manifest)
    assert release.url == "https://www.example.police.uk/news/cafe"
    assert release.published == dt.date(2021, 5, 6)


def test_read_release_alone_gives_the_releases_a_build_gives(tmp_path: Path) -> None:
    from releasekit.build import build
    from releasekit.tables import read_table

    raw_dir = _folder(tmp_path)
    build(raw_dir, tmp_path / "out", jobs=1, cache=False)
    built = {row["source_path"]: row for row in read_table(tmp_path / "out", "releases").to_pylist()}
    manifest, _ = read_manifest(raw_dir)
    assert len(built) == 2
    for source_path, row in built.items():
        release, _ = read_release(scan(source_path, (raw_dir / source_path).read_bytes()), ChromeStats(), manifest)
        for column in ("url", "url_source", "publisher", "published", "published_source", "truncated", "title"):
            assert getattr(release, column) == row[column], (source_path, column)


def test_a_bare_name_that_several_subfolders_hold_gives_none_of_them_the_row(tmp_path: Path) -> None:
    from releasekit.read import ManifestRow, manifest_by_file

    manifest = {"raid.txt": ManifestRow("raid.txt", url="https://example.org/raid")}
    rows, problems = manifest_by_file(["a/raid.txt", "b/raid.txt", "c/other.txt"], manifest)
    assert rows == {"a/raid.txt": None, "b/raid.txt": None}
    assert [p.code for p in problems] == ["manifest_ambiguous", "manifest_ambiguous"]
    release, _ = read_release(scan("a/raid.txt", PAGE.encode()), ChromeStats(), rows)
    assert release.url is None


def test_titles_from_url_slugs_have_words_not_plus_signs_or_time_stamps(corpus) -> None:
    from_urls = [release for release, _ in corpus.values() if release is not None and release.title_source == "url"]
    assert from_urls, "the corpus has releases titled from their URL"
    for release in from_urls:
        assert "+" not in release.title and not re.search(r"\d{8,}$", release.title), release.title


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("https://news.example.org/wg/articles/three+men+charged+after+raids+01022023101500?open", "Three men charged after raids"),
        ("https://news.example.org/news/2023/05/operation-aurora-results-in-2024", "Operation aurora results in 2024"),
        ("https://news.example.org/news/12345-car_wash%20workers-safeguarded", "Car wash workers safeguarded"),
        ("https://news.example.org/news/20230501", "20230501"),
    ],
)
def test_a_slug_title_splits_words_at_dashes_underscores_and_plus_signs(url: str, title: str) -> None:
    body = (
        "Officers arrested two people in the town on Tuesday after a warrant was executed at a house. "
        "Both remain in custody and enquiries continue, with partners supporting the women found there."
    )
    raw = scan("slug.txt", f"---\nurl: {url}\n---\n{body}\n".encode())
    release, _ = read_release(raw, ChromeStats.from_pages([]))
    assert (release.title, release.title_source) == (title, "url")
# --- metadata blocks: libyaml for simple blocks, PyYAML's parser for the rest -------------

import yaml as _yaml  # noqa: E402
from hypothesis import HealthCheck as _HealthCheck  # noqa: E402
from hypothesis import given as _given  # noqa: E402
from hypothesis import settings as _settings  # noqa: E402
from hypothesis import strategies as _st  # noqa: E402

from releasekit import read as _read  # noqa: E402

_RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _pyyaml(block: str) -> tuple[str, object]:
    """What the pure-Python loader alone gives: the data, or the error's type and message."""
    try:
        return "ok", _yaml.load(block, Loader=_read._MetadataLoader)  # noqa: S506 - a SafeLoader subclass
    except Exception as error:  # noqa: BLE001
        return "error", (type(error).__name__, str(error))


def _ours(block: str) -> tuple[str, object]:
    try:
        return "ok", _read._load_block(block)
    except Exception as error:  # noqa: BLE001
        return "error", (type(error).__name__, str(error))


_META_KEYS = _st.sampled_from(["title", "url", "og", "publish", "date", "a.b", "x-y", "null", "No", "true", "k_1", "Area"])
_META_VALUE_PIECES = _st.sampled_from(
    ["x", "Hello", "Police", " ", "  ", ":", ": ", "#", " #", "-", "'", '"', "\\", "\u00e9", "2020-06-19", "0123", "~", "null",
     "https://a.b/c?d=1#e", "|", ">", "&a", "*a", "!!str", "!!python/object:os.system", "{", "}", "[", "]", ",", "?", "%", "@",
     "`", "\u2028", "\x85", "\t", "\ufeff", "\x07", "\u00a0", "\u2026", "\U0001F600", "(GLAA)", "No", "yes", "1e3", "0x1F"]
)
_META_LINES = _st.tuples(
    _st.sampled_from(["", "", "  ", "    ", " ", "   "]),
    _META_KEYS,
    _st.sampled_from([":", ": ", ": ", ":  ", " :"]),
    _st.lists(_META_VALUE_PIECES, max_size=8).map("".join),
    _st.sampled_from(["", "", '"']),
).map(lambda t: t[0] + t[1] + t[2] + (t[4] + t[3] + t[4] if t[4] and t[2] == ": " else t[3]))


@_settings(max_examples=3000, deadline=None, suppress_health_check=list(_HealthCheck))
@_given(_st.lists(_META_LINES, min_size=1, max_size=6).map("\n".join))
def test_metadata_blocks_load_as_pure_python_pyyaml_loads_them(block: str) -> None:
    """Old (PyYAML's Python parser) and new (libyaml on simple blocks) give the same data, or the same error."""
    assert _ours(block) == _pyyaml(block), block


def test_the_corpus_metadata_blocks_take_the_libyaml_path_and_load_alike() -> None:
    blocks = []
    for path in sorted(_RAW.glob("*.txt")):
        match = _read._FENCE.match(path.read_text("utf-8")) or _read._FRONT.match(path.read_text("utf-8"))
        if match:
            blocks.append(match.group("block"))
    assert len(blocks) >= 5
    assert all(_read._SIMPLE_BLOCK.fullmatch(block) for block in blocks)
    assert all(_ours(block) == _pyyaml(block) for block in blocks)
    assert not _read._SIMPLE_BLOCK.fullmatch("title:\tTabbed")  # PyYAML refuses a tab libyaml takes
    assert not _read._SIMPLE_BLOCK.fullmatch("title: |#")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("title: {en: Hello}\nurl: https://a.police.uk/x", "metadata field 'title' is a mapping, not a value; ignored"),
        ("title: Raid\npublisher: [[Kent Police]]", "metadata field 'publisher' is a list of lists or mappings, not a value; ignored"),
    ],
)
def test_a_read_field_holding_a_mapping_or_nested_list_is_a_warning_not_a_silent_null(fields: str, message: str) -> None:
    body = ("Officers arrested two men in Luton on Tuesday on suspicion of modern slavery offences after a raid at a car wash "
            "in the town centre. Four workers were taken to a place of safety.")
    raw = scan("x.md", f"---\n{fields}\n---\n{body}\n".encode())
    assert [(p.code, p.message) for p in raw.problems] == [("invalid_metadata", message)]
    assert "url" in raw.meta or "title" in raw.meta  # the other fields are still read
    plain = scan("y.md", f"---\ntitle: Raid\nkeywords: [slavery, Luton]\nextra: {{a: 1}}\n---\n{body}\n".encode())
    assert not plain.problems and plain.meta["keywords"] == "slavery, Luton"  # fields releasekit does not read: no warning
