"""Calendar dates as press releases print them, day-first (UK).

Two small pure functions used by the reader (publication dates) and by the
event-date extractor:

- :func:`parse_date` reads a date string as the corpus prints it ("19 Jun
  2020", "5th February 2018", "26/02/2016", "15:35 11/01/2023", "2011-09",
  "2022-03-30") and returns the date with its precision: ``"day"``,
  ``"month"`` or ``"unknown"``. A month-precision date is stored as the first
  of the month; the precision says the day is not known.
- :func:`url_month` reads a month from a URL path (``/2022/03-march/``,
  ``/2024/october/``, ``/articles/2022/10/``): month precision, never a day.

Nothing here looks at today's date, and no input raises: a date that does not
exist (31/02/2020) gives ``(None, "unknown")``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

__all__ = ["MONTHS", "parse_date", "safe_date", "url_month"]

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
def _url_month_pattern() -> re.Pattern[str]:
    names = "|".join(sorted(MONTHS, key=len, reverse=True))
    return re.compile(
        r"/(?P<y>(?:19|20)\d\d)/"
        r"(?:(?P<m>0?[1-9]|1[0-2])(?:-(?:" + names + r"))?"
        r"|(?P<mon>" + names + r")(?:-(?:19|20)\d\d)?)"
        r"(?=/|$|\?|#)",
        re.IGNORECASE,
    )


def url_month(url: str | None) -> dt.date | None:
    """Month of a URL path such as ``/2022/03-march/`` (first of the month).

    >>> url_month("https://x.police.uk/news/2024/oct-2024/story/")
    datetime.date(2024, 10, 1)
    """
    if not url:
        return None
    match = _url_month_pattern().search(url)
    if not match:
        return None
    month = int(match["m"]) if match["m"] else MONTHS[match["mon"].lower()]
    return safe_date(int(match["y"]), month, 1)
