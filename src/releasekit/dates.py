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

__all__ = ["MONTHS", "parse_date", "url_month"]

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

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    return (
        # 2022-03-30
        re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
        # 26/02/2016, 11.01.2023 (day first)
        re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})\b"),
        # 19 Jun 2020, 5th February 2018, Friday 31 July 2015
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_ALT})\.?,?\s+(?P<y>\d{{4}})\b",
            re.IGNORECASE,
        ),
        # June 19, 2020
        re.compile(
            rf"\b(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
            re.IGNORECASE,
        ),
    )


@lru_cache(maxsize=1)
def _month_patterns() -> tuple[re.Pattern[str], ...]:
    return (
        re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})\s*$"),
        re.compile(rf"\b(?P<mon>{_MONTH_ALT})\.?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    )


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str | None) -> tuple[dt.date | None, str]:
    """Parse a printed date, day first; return ``(date, precision)``.

    >>> parse_date("19 Jun 2020")
    (datetime.date(2020, 6, 19), 'day')
    >>> parse_date("2011-09")
    (datetime.date(2011, 9, 1), 'month')
    >>> parse_date("31/02/2020")
    (None, 'unknown')
    """
    if not text or not isinstance(text, str):
        return None, "unknown"
    for pattern in _patterns():
        match = pattern.search(text)
        if match:
            groups = match.groupdict()
            month = MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
            date = _make(int(groups["y"]), month, int(groups["d"]))
            return (date, "day") if date else (None, "unknown")
    for pattern in _month_patterns():
        match = pattern.search(text)
        if match:
            groups = match.groupdict()
            month = MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
            date = _make(int(groups["y"]), month, 1)
            return (date, "month") if date else (None, "unknown")
    return None, "unknown"


_URL_MONTH = re.compile(
    rf"/(?P<y>(?:19|20)\d{{2}})/(?:(?P<m>\d{{1,2}})(?:-[a-z]+)?|(?P<mon>{_MONTH_ALT})(?:-\d{{4}})?)(?=/|$)",
    re.IGNORECASE,
)


def url_month(url: str | None) -> dt.date | None:
    """Return the first day of the month a URL path names, else ``None``.

    >>> url_month("https://www.beds.police.uk/news/2022/03-march/ten-arrested/")
    datetime.date(2022, 3, 1)
    >>> url_month("https://www.lincs.police.uk/news/2024/oct-2024/victims/")
    datetime.date(2024, 10, 1)
    """
    if not url:
        return None
    match = _URL_MONTH.search(url)
    if not match:
        return None
    groups = match.groupdict()
    month = MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    return _make(int(groups["y"]), month, 1) if 1 <= month <= 12 else None
