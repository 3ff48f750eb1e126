"""Site chrome (releasekit.chrome): line keys, recurrence statistics, and what strip_chrome reads of them.

The incremental build keys a file's cached rows on which of its lines'
keys are recurring (releasekit.build.file_key); these tests hold the
facts that key relies on.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.chrome import (
    _MAX_POSTINGS,
    LEADING_LINES,
    NEAR_COPY_MIN_SHARED,
    NEAR_COPY_SHARE,
    ChromeStats,
    body_sketch,
    leading_keys,
    line_key,
    line_keys,
    near_copy_groups,
    strip_chrome,
)

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


def test_a_leading_bullet_repeating_a_later_line_is_a_breadcrumb() -> None:
    """ "• <title>" above the title itself is the page's breadcrumb trail: chrome; a bullet repeating nothing is text."""
    title = "Three arrested after modern slavery raids in Fooshire"
    body = "Officers arrested three men on Tuesday after warrants at two addresses."
    stats = ChromeStats.from_pages([])
    lines, removed = strip_chrome(f"• {title}\n{title}\n{body}", "", stats, rules=())
    assert lines == [title, body] and removed == len(f"• {title}")
    # any spacing and case: the keys ignore them
    lines, _ = strip_chrome(f"•  {title.upper()}\n{title}\n{body}", "", stats, rules=())
    assert lines == [title, body]
    own = f"• Officers visited 12 car washes\n{title}\n{body}"
    assert strip_chrome(own, "", stats, rules=())[0] == own.split("\n")


# --------------------------------------------------------------------------
# Memory-bounded counting: the same answers as the plain Counter algorithms


def _from_pages_with_counters(pages: list[tuple[str, str, list[int]]]) -> tuple[dict[str, dict[int, int]], dict[int, int]]:
    """Reference: every key counted in Python Counters (the algorithm before counts were kept compact)."""
    seen: set[str] = set()
    site_counts: dict[str, Counter[int]] = {}
    corpus_counts: Counter[int] = Counter()
    current, group_keys, site_keys = None, set(), {}

    def flush() -> None:
        corpus_counts.update(group_keys)
        for site, keys in site_keys.items():
            site_counts.setdefault(site, Counter()).update(keys)

    for site, group, keys in pages:
        if group != current:
            flush()
            group_keys, site_keys, current = set(), {}, group
            if group in seen:
                current = None
                continue
            seen.add(group)
        elif current is None:
            continue
        group_keys.update(keys)
        site_keys.setdefault(site, set()).update(keys)
    flush()
    return {site: dict(c) for site, c in site_counts.items()}, dict(corpus_counts)


KEYS = st.one_of(st.integers(0, 12), st.integers(0, 2**64 - 1))
CHROME_PAGES = st.lists(
    st.tuples(st.sampled_from(["", "a.police.uk", "b.police.uk"]), st.sampled_from("0123456789"), st.lists(KEYS, max_size=12)),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(CHROME_PAGES)
def test_chrome_stats_keep_exactly_the_counts_that_reach_their_threshold(pages: list[tuple[str, str, list[int]]]) -> None:
    stats = ChromeStats.from_pages(pages)
    site_counts, corpus_counts = _from_pages_with_counters(pages)
    assert stats.corpus_counts == {k: n for k, n in corpus_counts.items() if n >= stats.min_pages}
    assert stats.site_counts == {s: {k: n for k, n in c.items() if n >= stats.min_site_pages} for s, c in site_counts.items()}
    for key in {k for _, _, keys in pages for k in keys} | {2**64 - 1}:
        for site in ("", "a.police.uk", "b.police.uk", "c.police.uk"):
            expected = site_counts.get(site, {}).get(key, 0) >= 3 if site else False
            assert stats.is_recurring(key, site) == (expected or corpus_counts.get(key, 0) >= 5)


def _near_copy_groups_all_postings(sketches: list[list[int]]) -> list[int]:
    """Reference: :func:`near_copy_groups` with every key in the postings (before singletons were left out)."""
    parent = list(range(len(sketches)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    postings: dict[int, list[int]] = {}
    for i, sketch in enumerate(sketches):
        if len(sketch) < NEAR_COPY_MIN_SHARED:
            continue
        shared: Counter[int] = Counter()
        for key in sketch:
            holders = postings.setdefault(key, [])
            shared.update(holders[:1] if len(holders) >= _MAX_POSTINGS else holders)
            if len(holders) < _MAX_POSTINGS:
                holders.append(i)
        for j, n in shared.items():
            if n >= NEAR_COPY_MIN_SHARED and n >= NEAR_COPY_SHARE * min(len(sketch), len(sketches[j])):
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return [find(i) for i in range(len(sketches))]


SKETCHES = st.lists(st.lists(KEYS, max_size=8, unique=True).map(sorted), max_size=30)


@settings(max_examples=300, deadline=None)
@given(SKETCHES)
def test_near_copy_groups_without_singleton_keys_are_the_groups_with_them(sketches: list[list[int]]) -> None:
    assert near_copy_groups(sketches) == _near_copy_groups_all_postings(sketches)


def test_near_copy_groups_of_real_pages_share_long_lines() -> None:
    story = [f"Officers from the modern slavery unit visited address number {i} in the town centre on Tuesday." for i in range(6)]
    other = [f"A woman was safeguarded and taken to a place of safety after call number {i} to the helpline." for i in range(6)]
    pages = ["\n".join(story), "\n".join(story[:5] + ["Kent Police said the investigation continues into the men's arrests."]), "\n".join(other)]
    assert near_copy_groups([body_sketch(page) for page in pages]) == [0, 0, 2]


_LINE_PIECES = ["Quick exit", "skip to main content", "cookies", "Accept all cookies", "website", "settings", "Home",
                "logo", "| Kent Police", "Read more", "•", " ", "news", "arrested", "Search", "Cookies on GOV.UK",
                "[missing text '/svgicons/", "sorry, there was a technical problem", "you are here", "2024"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), min_size=1, max_size=6))
def test_the_joined_chrome_rules_match_the_lines_the_rules_match(pieces: list[str]) -> None:
    """_any_rule (two searches) says what the rules one by one say, for lines made of their words."""
    from releasekit.chrome import _any_rule, _matches_rule, load_chrome_rules

    rules = load_chrome_rules()
    for line in (" ".join(pieces), "".join(pieces), " ".join(pieces).strip()):
        assert _any_rule(tuple(rules))(line) == (_matches_rule(line, rules) is not None), line


def test_a_release_s_own_dateline_ends_the_chrome_with_its_title() -> None:
    """Updates that retell one release (its headline, "Published:" line and lead, then new text) made those
    lines recur on five pages: every update lost its title, date and lead as chrome, and no problem said so
    (a helper's own collection)."""
    banner = "Welcome to the Fooshire news room"
    title = "Five arrested and 12 potential victims safeguarded in Fooshire raids"
    dateline = "Published: 14 March 2024"
    lead = "Five people have been arrested and 12 potential victims safeguarded after warrants in Fooshire."
    pages = [f"{banner}\n{title}\n{dateline}\n{lead}\nUpdate {i}: a further man was charged on day {i}." for i in range(5)]
    stats = ChromeStats.from_pages(("", str(i), leading_keys(p)) for i, p in enumerate(pages))
    assert stats.is_recurring(line_key(dateline), "") and stats.is_recurring(line_key(title), "")
    lines, removed = strip_chrome(pages[0], "", stats, rules=())
    assert lines[:3] == [title, dateline, lead] and removed == len(banner)
    # control: a dateline-free recurring block is still chrome
    plain = [f"{banner}\nFooshire Police news\nUpdate {i}: officers arrested {i} people in the town." for i in range(5)]
    stats = ChromeStats.from_pages(("", str(i), leading_keys(p)) for i, p in enumerate(plain))
    assert strip_chrome(plain[0], "", stats, rules=())[0] == [plain[0].split("\n")[2]]


def test_a_results_list_under_the_opening_paragraph_is_no_chrome() -> None:
    """A release opening with prose and a short bulleted results list keeps its opening (blind 24 t04, after its
    held-out first run: the packaged ``nav_bullet`` rule pulled the two paragraphs above "• 31 arrests" into the
    leading block, 845 characters of the release lost); a site's name above its menu of bullets, and a sidebar's
    prose after a chrome line, stay chrome."""
    from releasekit.chrome import load_chrome_rules

    rules = load_chrome_rules()
    stats = ChromeStats.from_pages([])
    release = (
        "Thirty-one people were arrested and 17 vulnerable people safeguarded in Nottinghamshire during a week-long "
        "crackdown on county lines drug dealing.\nResults from the week included:\n• 31 arrests\n"
        "• 17 people safeguarded\n• 14 warrants executed at addresses in Nottingham"
    )
    lines, removed = strip_chrome(release, "", stats, rules=rules)
    assert removed == 0 and lines == release.split("\n")
    menu = "Gangmasters and Labour Abuse Authority\n• Home\n• Who We Are\n• What we do\nThree arrested in Cornwall"
    lines, _ = strip_chrome(menu, "", stats, rules=rules)
    assert lines == ["Three arrested in Cornwall"]
    sidebar = (
        "Advanced Search\nThe Role of The Crown Prosecution Service\nThe Crown Prosecution Service is the government "
        "department responsible for prosecuting criminal cases investigated by the police.\n• advising the police\n"
        "• preparing cases for court\nDPP to examine criminal justice approach to human trafficking"
    )
    lines, _ = strip_chrome(sidebar, "", stats, rules=rules)
    assert lines == ["DPP to examine criminal justice approach to human trafficking"]


def test_a_sites_labels_and_notices_above_its_menu_stay_chrome() -> None:
    """Adversarial 03o P36, P38 (against the first version of the bullet guard, which read any line ending in a
    stop or a colon as prose): a label ("Quick links:") and a short notice above a menu are still chrome."""
    from releasekit.chrome import load_chrome_rules

    rules, stats = load_chrome_rules(), ChromeStats.from_pages([])
    page = ("West Mercia Police\nQuick links:\n• Report a crime\n• Contact us\n• Latest news\nFour arrested in Hereford "
            "modern slavery raids\nFour men were arrested in Hereford on Tuesday after warrants were executed at three "
            "addresses.")
    assert strip_chrome(page, "", stats, rules=rules)[0] == page.split("\n")[5:]
    page = ("This website uses JavaScript to improve your experience. Please enable it in your browser settings.\n"
            "• Home\n• News\n• Appeals\nFour men arrested in Hull\nFour men were arrested in Hull on Tuesday.")
    assert strip_chrome(page, "", stats, rules=rules)[0] == page.split("\n")[4:]
