"""Site chrome (releasekit.chrome): line keys, recurrence statistics, and what strip_chrome reads of them.

The incremental build keys a file's cached rows on which of its lines'
keys are recurring (releasekit.build.file_key); these tests hold the
facts that key relies on.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.chrome import LEADING_LINES, ChromeStats, leading_keys, line_key, line_keys, strip_chrome

LINES = st.sampled_from(
    [
        "Skip to main content",
        "Quickly exit this site",
        "News and appeals",
        "  ",
        "",
        "Two men were arrested after a raid on a car wash in Luton on Tuesday.",
        "Four women were safeguarded and taken to a place of safety by officers.",
        "Detective Inspector Jane Smith said: \"We will not tolerate exploitation.\"",
        "• Home",
        "Home",
        "12 March 2024",
        "Police appeal after modern slavery arrests",
    ]
)
PAGES = st.lists(LINES, min_size=0, max_size=90).map("\n".join)


@settings(deadline=None)  # a loaded machine must not fail a property
@given(PAGES)
def test_the_leading_keys_are_the_first_line_keys(page: str) -> None:
    assert leading_keys(page) == line_keys(page)[:LEADING_LINES]


def test_line_keys_ignore_case_and_spacing_but_not_words() -> None:
    assert line_key("Skip  to main   content ") == line_key("skip to main content")
    assert line_key("Skip to main content") != line_key("Skip to content")
    assert line_keys("A\n\n  \nB") == [line_key("A"), line_key("B")]


@settings(max_examples=60, deadline=None)
@given(st.lists(PAGES, min_size=1, max_size=8), st.sampled_from(["", "beds.police.uk"]))
def test_strip_chrome_reads_the_statistics_only_through_the_page_s_own_line_keys(pages: list[str], site: str) -> None:
    """Statistics cut down to the keys of the page's lines strip it exactly as the full statistics do."""
    stats = ChromeStats.from_pages((site if i % 2 else "other.example", str(i), leading_keys(p)) for i, p in enumerate(pages * 3))
    page = pages[0]
    own = set(line_keys(page))
    cut = ChromeStats(
        {s: {k: n for k, n in counts.items() if k in own} for s, counts in stats.site_counts.items()},
        {k: n for k, n in stats.corpus_counts.items() if k in own},
    )
    assert strip_chrome(page, site, cut) == strip_chrome(page, site, stats)


def test_a_line_opening_five_distinct_pages_is_chrome_and_copies_count_once(raw_dir: Path) -> None:
    banner = "Welcome to the Fooshire news room"
    pages = [f"{banner}\nRelease {i}: officers arrested {i} people after a raid in Fooshire town centre." for i in range(5)]
    stats = ChromeStats.from_pages(("", str(i), leading_keys(p)) for i, p in enumerate(pages))
    assert stats.is_recurring(line_key(banner), "")
    # four distinct pages and a copy of one of them (same group): not yet chrome
    groups = ["0", "1", "2", "3", "3"]
    fewer = ChromeStats.from_pages(("", g, leading_keys(p)) for g, p in zip(groups, pages))
    assert not fewer.is_recurring(line_key(banner), "")
    lines, removed = strip_chrome(pages[0], "", stats, rules=())
    assert lines == [pages[0].split("\n")[1]] and removed == len(banner)
