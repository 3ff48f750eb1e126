"""Site chrome: the lines a website wraps around every release.

Captured pages open with cookie banners, "Quickly exit this site" buttons,
beta notices, menus and capture timestamps. They are removed by two general
methods, applied to the *leading block* of a page only (from its first line
to its first line of release text), so a release's own closing lines
(helplines, contact numbers) are always kept:

1. **Recurrence.** A line that opens many distinct pages is chrome. The
   reader counts, over the corpus, in how many distinct pages (exact
   duplicates counted once) each normalised line occurs among the first
   :data:`LEADING_LINES` lines; a line seen in at least three pages of the
   same site, or in at least five pages anywhere, is chrome. Two captures of
   one release (a near-duplicate pair) share all their lines, so a pair
   never makes a line chrome; it takes three distinct pages.
2. **Patterns.** Named regular expressions in ``data/chrome_patterns.yaml``
   catch chrome on a site seen only once (``skip to content``, ``advanced
   search``, capture timestamps, icon-font soup, navigation bullets).

A bullet line in the leading block that repeats a later line of the page is a
breadcrumb (the title, twice) and is chrome too.

Chrome is what a site wraps around *different* releases, never a release
body: the same release published by several forces (a joint operation, a
national round-up republished locally) or saved under several names repeats
its body on many pages. Pages that share most of their sentences
(:func:`near_copy_groups`, from :func:`body_sketch`) form one group, and
recurrence counts groups, not pages: however many copies of a release the
corpus holds, its lines count once, so its copies keep their text and no
other page loses a line to them. The build records such copies as
duplicates.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Callable, Iterable, Mapping, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from releasekit.rulefiles import load_rule_yaml

from releasekit.printed_dates import publication_line

__all__ = [
    "DATELINE_LABEL_WORDS",
    "is_dateline",
    "NEAR_COPY_SHARE",
    "body_sketch",
    "near_copy_groups",
    "LEADING_LINES",
    "ChromeStats",
    "ChromeRule",
    "line_key",
    "leading_keys",
    "line_keys",
    "load_chrome_rules",
    "strip_chrome",
]

#: How many lines of each page count towards recurrence statistics.
LEADING_LINES = 60
#: Unknown lines allowed between two chrome lines of the leading block.
MAX_GAP = 3
#: How far down a page its dateline (a line that is only a date) may stand.
DATELINE_WINDOW = 40
#: A title line has at most this many words.
TITLE_MAX_WORDS = 30
#: Words a dateline may hold before its date: a label and a weekday
#: ("First published on Thu 19 Mar 2015 09.42 GMT").
DATELINE_LABEL_WORDS = 4


def is_dateline(line: str) -> bool:
    """Whether ``line`` is a dateline: only a publication date, perhaps after a short label.

    "16/09/2005", "13:33 19/07/2022", "Wednesday, 02 July, 2008", "Published:
    12 March 2024 10:41", "First published on Thu 19 Mar 2015 09.42 GMT": a
    publication line (:func:`releasekit.printed_dates.publication_line`, rules
    ``date_line`` and ``labelled_date`` of ``data/date_rules.yaml``) with at
    most :data:`DATELINE_LABEL_WORDS` words before its date. A title that ends
    in its date, or holds a label after its words, is not a dateline; nor is
    "Last updated ..." or a bare "Wed 22 May 2024" (a news site's masthead:
    today's date, see ``date_line``).
    """
    found = publication_line(line)
    if found is None or found.rule not in ("date_line", "labelled_date"):
        return False
    return len(line[: line.find(found.evidence)].split()) <= DATELINE_LABEL_WORDS


_SPACE = re.compile(r"\s+")

#: A line of at least this many words is a sentence of the page's text for
#: near-copy detection (menus, buttons and headings are shorter).
SKETCH_MIN_WORDS = 10
#: Keys kept per page: the smallest, a bottom-k sketch of its long lines.
SKETCH_SIZE = 32
#: Two pages are near-copies when they share at least this share of the long
#: lines of the smaller one, and at least :data:`NEAR_COPY_MIN_SHARED` lines.
NEAR_COPY_SHARE = 0.8
NEAR_COPY_MIN_SHARED = 3
#: A long line shared by more pages than this (a cookie notice) is compared
#: with the first page holding it only, so grouping stays near-linear.
_MAX_POSTINGS = 64


@dataclass(frozen=True, eq=False)
class ChromeRule:
    """A named pattern for a line of site chrome (compared and hashed by
    identity: every page asks :func:`_any_rule` for the combined searches of
    the loaded rules, and hashing each rule's fields for that cost more than
    the searches)."""

    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ChromeStats:
    """Corpus-wide recurrence of leading lines, per site and overall.

    ``site_counts[site][key]`` and ``corpus_counts[key]`` count distinct pages
    (by content hash) whose leading block holds the line with that key; made
    by :meth:`from_pages`, they hold only the keys whose count reaches
    ``min_site_pages`` (``min_pages``), the only ones :meth:`is_recurring`
    can answer yes for (a corpus's leading lines are mostly its own: counting
    every one would take about 100 bytes a line, several hundred MB at
    300,000 distinct releases).
    """

    site_counts: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    corpus_counts: Mapping[int, int] = field(default_factory=dict)
    min_site_pages: int = 3
    min_pages: int = 5

    def is_recurring(self, key: int, site: str) -> bool:
        """True if the line opens ``min_site_pages`` pages of ``site`` or ``min_pages`` pages overall."""
        if site and self.site_counts.get(site, {}).get(key, 0) >= self.min_site_pages:
            return True
        return self.corpus_counts.get(key, 0) >= self.min_pages

    @classmethod
    def from_pages(
        cls,
        pages: Iterable[tuple[str, str, Sequence[int]]],
        *,
        min_site_pages: int = 3,
        min_pages: int = 5,
    ) -> "ChromeStats":
        """Count leading-line keys over ``(site, group, keys)`` triples.

        ``group`` identifies a release: a content hash, or a near-copy group
        (:func:`near_copy_groups`). A key counts once per group overall and
        once per group and site, however many pages the group has. Pages of
        one group come one after the other; a group seen earlier is skipped
        (an exact duplicate).
        """
        seen: set[str] = set()
        # each group's keys, once per group (and per group and site), as 8-byte keys: counted at the end
        corpus_keys = array("Q")
        site_keys_all: dict[str, array] = {}
        current: str | None = None
        group_keys: set[int] = set()
        site_keys: dict[str, set[int]] = {}

        def flush() -> None:
            corpus_keys.extend(group_keys)
            for site, keys in site_keys.items():
                site_keys_all.setdefault(site, array("Q")).extend(keys)

        for site, group, keys in pages:
            if group != current:
                flush()
                group_keys, site_keys = set(), {}
                current = group
                if group in seen:
                    current = None
                    continue
                seen.add(group)
            elif current is None:
                continue
            group_keys.update(keys)
            site_keys.setdefault(site, set()).update(keys)
        flush()
        corpus_counts = _counts_at_least(corpus_keys, min_pages)
        site_counts = {site: _counts_at_least(keys, min_site_pages) for site, keys in site_keys_all.items()}
        return cls(site_counts, corpus_counts, min_site_pages, min_pages)


def _counts_at_least(keys: "array[int]", least: int) -> dict[int, int]:
    """``{key: occurrences}`` of the keys occurring at least ``least`` times in ``keys`` (8-byte unsigned keys).

    Counted by Arrow (a hash table of the distinct keys, 16 bytes each), not
    in a Python ``Counter`` (about 100 bytes each); the result holds the
    frequent keys only."""
    if not keys:
        return {}
    values = pa.Array.from_buffers(pa.uint64(), len(keys), [None, pa.py_buffer(keys)])
    counts = pc.value_counts(values)
    keep = pc.greater_equal(counts.field("counts"), least)
    return dict(zip(counts.field("values").filter(keep).to_pylist(), counts.field("counts").filter(keep).to_pylist()))


def body_sketch(text: str) -> tuple[int, ...]:
    """The smallest :data:`SKETCH_SIZE` keys of the page's lines of at least :data:`SKETCH_MIN_WORDS` words, sorted."""
    keys = {line_key(line) for line in text.split("\n") if len(line.split()) >= SKETCH_MIN_WORDS}
    return tuple(sorted(keys)[:SKETCH_SIZE])


def near_copy_groups(sketches: Sequence[Sequence[int]]) -> list[int]:
    """The group of each page: the index of the first page it is a near-copy of (itself when none).

    Two pages are near-copies when they share at least
    :data:`NEAR_COPY_MIN_SHARED` long lines and at least
    :data:`NEAR_COPY_SHARE` of the smaller page's (:func:`body_sketch`);
    groups are closed under that relation (union-find). Time is near-linear:
    a line on many pages is compared with the first of them only.
    """
    parent = list(range(len(sketches)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    postings: dict[int, list[int]] = {}
    # a key of one sketch only is shared with no page: leaving it out of the postings changes no
    # count (most long lines are a release's own, so this keeps the postings a fraction of the keys)
    shared_keys = _keys_of_several(sketches)
    for i, sketch in enumerate(sketches):
        if len(sketch) < NEAR_COPY_MIN_SHARED:
            continue
        shared: Counter[int] = Counter()
        for key in sketch:
            if key not in shared_keys:
                continue
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


def _keys_of_several(sketches: Sequence[Sequence[int]]) -> frozenset[int]:
    """The keys that occur more than once over the sketches of at least :data:`NEAR_COPY_MIN_SHARED` keys."""
    flat = array("Q")
    try:
        for sketch in sketches:
            if len(sketch) >= NEAR_COPY_MIN_SHARED:
                flat.extend(sketch)
    except OverflowError:  # keys that are not 8-byte unsigned (not line keys): keep every key
        return frozenset(key for sketch in sketches for key in sketch)
    return frozenset(_counts_at_least(flat, 2))


@lru_cache(maxsize=65536)  # chrome lines recur on every page of a site
def line_key(line: str) -> int:
    """A stable 64-bit key for a line, ignoring case and spacing."""
    normal = _SPACE.sub(" ", line).strip().lower()
    return int.from_bytes(hashlib.blake2b(normal.encode("utf-8"), digest_size=8).digest(), "big")


def leading_keys(text: str) -> list[int]:
    """Keys of the non-blank lines among the first :data:`LEADING_LINES` of ``text``."""
    lines = [line for line in text.split("\n") if line.strip()]
    return [line_key(line) for line in lines[:LEADING_LINES]]


def line_keys(text: str) -> list[int]:
    """Keys of every non-blank line of ``text``, in order (its first :data:`LEADING_LINES` are :func:`leading_keys`).

    :func:`strip_chrome` asks :meth:`ChromeStats.is_recurring` about these
    keys only, so they and the page's site decide what the corpus-wide
    statistics do to the page (the incremental build keys its cache on that).
    """
    return [line_key(line) for line in text.split("\n") if line.strip()]


@lru_cache(maxsize=1)
def load_chrome_rules() -> tuple[ChromeRule, ...]:
    """Load the named chrome patterns shipped in ``data/chrome_patterns.yaml``."""
    raw = load_rule_yaml(
        files("releasekit").joinpath("data/chrome_patterns.yaml").read_text("utf-8")
    )
    return tuple(
        ChromeRule(name, re.compile(pattern, re.IGNORECASE))
        for name, pattern in raw["patterns"].items()
    )


def _matches_rule(line: str, rules: Sequence[ChromeRule]) -> str | None:
    for rule in rules:
        if rule.pattern.search(line):
            return rule.name
    return None


#: What a pattern cannot keep inside an alternation: a group reference, inline global flags.
_OWN_SEARCH = re.compile(r"\\\d|\(\?P=|\(\?[aiLmsux]+\)")


@lru_cache(maxsize=8)
def _any_rule(rules: tuple[ChromeRule, ...]) -> Callable[[str], bool]:
    """Whether a line matches any of ``rules``, in two searches instead of
    one per rule: the rules anchored at the line's start joined under one
    ``^``, the others in one alternation (a rule with other flags, a group
    reference or inline flags keeps its own search)."""
    anchored, floating, alone = [], [], []
    for rule in rules:
        source, flags = rule.pattern.pattern, rule.pattern.flags
        if flags != rules[0].pattern.flags or _OWN_SEARCH.search(source):
            alone.append(rule.pattern)
        elif source.startswith("^"):
            anchored.append(f"(?:{source[1:]})")
        else:
            floating.append(f"(?:{source})")
    flags = rules[0].pattern.flags if rules else 0
    searches = [p.search for p in alone]
    if anchored:
        searches.append(re.compile("^(?:" + "|".join(anchored) + ")", flags).search)
    if floating:
        searches.append(re.compile("|".join(floating), flags).search)
    return lambda line: any(search(line) for search in searches)


def _is_chrome(
    line: str, site: str, stats: ChromeStats, rules: Callable[[str], object], later: Callable[[], set[int]]
) -> bool:
    """Whether ``line`` is chrome; ``later()`` gives the keys of the page's lines (asked only of a bullet)."""
    if stats.is_recurring(line_key(line), site) or rules(line):
        return True
    # a bullet that repeats a later line is a breadcrumb (the title, twice)
    return line.startswith("•") and line_key(line.lstrip("• ").strip()) in later()


#: The marks a bulleted line opens with (``nav_bullet``): they pull no prose into the leading block across a gap.
_BULLETS = ("•", "·")
#: A line of prose has at least this many words (a site's name, "Quick links:", "You are here:" or a slogan
#: has fewer).
PROSE_MIN_WORDS = 18


def _is_prose(line: str) -> bool:
    """Whether ``line`` reads as a release's prose (an opening paragraph), not a site's name, a label or a
    banner."""
    return len(line.split()) >= PROSE_MIN_WORDS


def _dateline_index(lines: Sequence[str], limit: int = DATELINE_WINDOW) -> int | None:
    for index, line in enumerate(lines[:limit]):
        if is_dateline(line):
            return index
    return None


def strip_chrome(
    text: str, site: str, stats: ChromeStats, rules: Sequence[ChromeRule] | None = None
) -> tuple[list[str], int]:
    """Remove the leading block of chrome from page ``text``.

    The leading block runs from the first line while lines are chrome
    (recurring or matching a rule); up to :data:`MAX_GAP` unknown lines
    before a line that matches a chrome *rule* are chrome too (a banner
    between a skip link and an exit button), but a bullet pulls no prose
    into a block not yet begun (:func:`_is_prose`: a release's results list
    two lines under its opening paragraph). Recurrence alone never jumps a
    gap, so stock paragraphs a site repeats inside its releases stay; a
    publication line (a labelled date, :func:`printed_dates.publication_line`)
    is never recurring chrome: it ends the block, with the short title above
    it. Then, if a line that is only a date (the page's
    dateline) stands within the first lines and the line before it is a short
    title, everything before the title is a sidebar and is removed.

    Returns the remaining non-blank lines (stripped) and the number of
    characters removed as chrome.
    """
    rules = load_chrome_rules() if rules is None else rules
    any_of = _any_rule(tuple(rules))
    matched: dict[str, bool] = {}  # per distinct line: the walk below asks about a line up to 1 + MAX_GAP times

    def any_rule(line: str) -> bool:
        hit = matched.get(line)
        if hit is None:
            hit = matched[line] = any_of(line)
        return hit

    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    keys: list[set[int]] = []  # a plain memo: cheaper than a functools.cache made per page

    def later() -> set[int]:
        """The page's line keys, made when a bullet first asks (most pages have none)."""
        if not keys:
            keys.append({line_key(line) for line in lines})
        return keys[0]

    start = 0
    while start < len(lines):
        if _is_chrome(lines[start], site, stats, any_rule, later):
            if not any_rule(lines[start]) and publication_line(lines[start]) is not None:
                # a release's own dateline recurs only on pages that retell one release (updates that
                # share its headline, date and lead but go on differently): it ends the chrome, and a
                # short title just above it is the release's too
                if start and len(lines[start - 1].split()) <= TITLE_MAX_WORDS and not any_rule(lines[start - 1]):
                    start -= 1
                break
            start += 1
            continue
        # (a bullet pulls no prose into a block not yet begun: a release's results list of short bullets may
        # stand two lines under its opening paragraph; a site's name above its menu of bullets is chrome, and
        # so is a sidebar's prose after a chrome line)
        ahead = [
            offset
            for offset in range(1, MAX_GAP + 1)
            if start + offset < len(lines) and any_rule(lines[start + offset])
            and not (
                start == 0 and lines[start + offset].startswith(_BULLETS)
                and any(map(_is_prose, lines[start : start + offset]))
            )
        ]
        if not ahead:
            break
        start += ahead[-1] + 1
    dateline = _dateline_index(lines[start:])
    above = start + (dateline or 0) - 1
    # a line repeated just above it is interface text (a badge or label written twice), not a title
    if dateline is not None and dateline >= 2 and len(lines[above].split()) <= TITLE_MAX_WORDS and lines[above] != lines[above - 1]:
        start += dateline - 1
    removed = sum(len(line) for line in lines[:start])
    return lines[start:], removed
