"""Calendar dates as press releases print them, day-first (UK).

Two small pure functions used by the reader (publication dates) and by the
event-date extractor:

- :func:`parse_date` reads a date string as the corpus prints it ("19 Jun
  2020", "5th February 2018", "26/02/2016", "15:35 11/01/2023", "2011-09",
  "2022-03-30") and returns the date with its precision: ``"day"``,
  ``"month"`` or ``"unknown"``. A month-precision date is stored as the first
  of the month; the precision says the day is not known.
- :func:`url_month` reads a month from a URL path (``/2022/03-march/``,
  ``/2024/october/``, ``/articles/2022/10/``, an aggregator's
  ``...+18102024161500?open`` timestamp, ``/03072017-slug``): month
  precision, never a day (codebook section 9).
- :func:`publication_line` reads a line of page text that states when the
  page was published ("Published 3 May 2022", "Modern slavery | 15th April
  2024", "First published on Thu 19 Mar 2015 09.42 EDT"), with the named
  rules of ``data/date_rules.yaml`` (``publication_lines``).

Nothing here looks at today's date, and no input raises: a date that does not
exist (31/02/2020) gives ``(None, "unknown")``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple


from releasekit.rulefiles import load_rule_yaml

__all__ = ["MONTHS", "PublicationLine", "parse_date", "publication_line", "safe_date", "url_month"]

#: Month names and abbreviations, lower case, to month numbers.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """``datetime.date(year, month, day)``, or None when that day does not exist."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _pub_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    month = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<y>(?:19|20)\d\d)"
    return (
        ("day", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
        ("day", re.compile(r"(?<![\d/])(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})\b")),
        ("day", re.compile(rf"\b{day}\s+(?:of\s+)?{month}\b,?\s+{year}\b", re.IGNORECASE)),
        ("day", re.compile(rf"\b{month}\s+{day}\b,?\s+{year}\b", re.IGNORECASE)),
        ("month", re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})\s*$")),
        ("month", re.compile(rf"\b{month}\b,?\s+{year}\b", re.IGNORECASE)),
    )


def parse_date(text: str | None) -> tuple[dt.date | None, str]:
    """Read a publication date as printed; return ``(date, precision)``.

    Day first for numeric dates (UK). Month precision gives the first of the
    month. Unreadable or impossible dates give ``(None, "unknown")``.

    >>> parse_date("19 Jun 2020")
    (datetime.date(2020, 6, 19), 'day')
    >>> parse_date("15:35 11/01/2023")
    (datetime.date(2023, 1, 11), 'day')
    >>> parse_date("2011-09")
    (datetime.date(2011, 9, 1), 'month')
    >>> parse_date("31/02/2020")
    (None, 'unknown')
    """
    if not text or not isinstance(text, str):
        return None, "unknown"
    for precision, pattern in _pub_patterns():
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = int(groups["m"]) if groups.get("m") else MONTHS[groups["mon"].lower()]
        day = int(groups["d"]) if precision == "day" else 1
        date = safe_date(int(groups["y"]), month, day)
        return (date, precision) if date else (None, "unknown")
    return None, "unknown"


@lru_cache(maxsize=1)
def _url_month_patterns() -> tuple[re.Pattern[str], ...]:
    names = "|".join(sorted(MONTHS, key=len, reverse=True))
    return (
        # /2022/03-march/, /2024/oct-2024/, /articles/2022/10/
        re.compile(
            r"/(?P<y>(?:19|20)\d\d)/"
            r"(?:(?P<m>0?[1-9]|1[0-2])(?:-(?:" + names + r"))?"
            r"|(?P<mon>" + names + r")(?:-(?:19|20)\d\d)?)"
            r"(?=/|$|\?|#)",
            re.IGNORECASE,
        ),
        # an aggregator's timestamp ddmmyyyyhhmmss in the slug: "...+launches+08012018101000?open"
        re.compile(r"(?<![\d])(?P<d>[0-3]\d)(?P<m>[01]\d)(?P<y>(?:19|20)\d\d)[0-2]\d[0-5]\d[0-5]\d(?!\d)"),
        # a path segment that is or opens with its date: "/03072017-glaa-new-powers",
        # "/latest-news/25-09-2019/", "/2021-06-14-story"
        re.compile(r"/(?P<d>[0-3]\d)[-_.]?(?P<m>[01]\d)[-_.]?(?P<y>(?:19|20)\d\d)(?=[-_/]|$)", re.IGNORECASE),
        re.compile(r"/(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?=[-_/]|$)"),
    )


def url_month(url: str | None) -> dt.date | None:
    """Month of a URL path such as ``/2022/03-march/`` (first of the month).

    A full date in the URL (a ``ddmmyyyyhhmmss`` timestamp, a slug opening
    with ``ddmmyyyy-``) also gives only its month: codebook section 9.

    >>> url_month("https://x.police.uk/news/2024/oct-2024/story/")
    datetime.date(2024, 10, 1)
    >>> url_month("https://news.example/articles/new+measures+18102024161500?open")
    datetime.date(2024, 10, 1)
    """
    if not url:
        return None
    for pattern in _url_month_patterns():
        for match in pattern.finditer(url):
            groups = match.groupdict()
            month = int(groups["m"]) if groups.get("m") else MONTHS[groups["mon"].lower()]
            if groups.get("d") and safe_date(int(groups["y"]), month, int(groups["d"])) is None:
                continue  # digits that are not a date
            date = safe_date(int(groups["y"]), month, 1)
            if date:
                return date
    return None


class PublicationLine(NamedTuple):
    """A line of page text that states the publication date."""

    date: dt.date
    precision: str  # "day" or "month"
    rule: str  # name of the rule in data/date_rules.yaml (publication_lines)
    evidence: str  # the date as printed


class DateRulesError(ValueError):
    """``data/date_rules.yaml`` holds an unknown key or a pattern that does not compile."""


@lru_cache(maxsize=1)
def _publication_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    name = "data/date_rules.yaml"
    raw = load_rule_yaml(files("releasekit").joinpath(name).read_text("utf-8"))
    parts: dict[str, str] = raw.get("publication_parts") or {}
    rules = []
    for rule in raw.get("publication_lines") or []:
        unknown = set(rule) - {"name", "pattern"}
        if unknown or not rule.get("name") or not rule.get("pattern"):
            raise DateRulesError(f"{name}: publication_lines: rule {rule.get('name')!r}: unknown or missing keys {sorted(unknown)}")
        pattern = rule["pattern"]
        for _ in range(3):
            for part, value in parts.items():
                pattern = pattern.replace(f"<<{part}>>", value)
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise DateRulesError(f"{name}: publication_lines: rule {rule['name']!r}: {exc}") from None
        if "date" not in compiled.groupindex:
            raise DateRulesError(f"{name}: publication_lines: rule {rule['name']!r}: no group 'date'")
        rules.append((rule["name"], compiled))
    return tuple(rules)


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

#: Longest line read as a publication line (characters).
PUBLICATION_LINE_MAX = 320


@lru_cache(maxsize=4096)
def publication_line(line: str) -> PublicationLine | None:
    """The publication date a line of page text states, or ``None``.

    The line must be wholly a publication line (a date, a labelled date, a
    category and a date, a title ending in its date in brackets, a byline
    ending in a month), by one of the named rules ``publication_lines`` of
    ``data/date_rules.yaml``; the date is read by :func:`parse_date`.

    >>> publication_line("Published 3 May 2022")
    PublicationLine(date=datetime.date(2022, 5, 3), precision='day', rule='labelled_date', evidence='3 May 2022')
    >>> publication_line("Officers visited 3 May 2022 addresses.") is None
    True
    """
    text = line.strip()
    if not text or len(text) > PUBLICATION_LINE_MAX or not _YEAR.search(text):
        return None
    for name, pattern in _publication_rules():
        match = pattern.fullmatch(text)
        if match:
            date, precision = parse_date(match["date"])
            if date is not None:
                return PublicationLine(date, precision, name, match["date"])
    return None
