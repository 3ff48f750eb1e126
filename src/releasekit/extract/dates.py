"""Event dates and publication dates of a release (codebook section 5).

Event date
----------
:func:`extract_event_date` returns the day of the *reported action*, with the
words that state it and the name of the rule that read them. The method:

1. **Candidates.** Every date expression in the body is found with the named
   patterns of ``releasekit/data/date_rules.yaml`` (ranges, "yesterday
   (Tuesday)", "today (Wednesday 26 October)", "On Tuesday (28 February)",
   "Thursday 2 August", "on 2 July", "July 12", "26/02/2016", "yesterday",
   "on Friday"). Rules are tried in file order and a later match that
   overlaps an earlier one is dropped, so the most specific reading wins.
2. **Resolution** against the publication date (never against today):

   - a day and month without a year take the publication year; a date that
     would fall after publication takes the previous year (a release reports
     the past), unless the text says "this year", which makes it a future
     date and drops it;
   - a stated year is kept; a date after publication is dropped (bail and
     court dates);
   - "today" is the publication day, "yesterday" the day before;
   - a bare weekday ("on Friday", "Tuesday’s operation") is the most recent
     such day on or before publication; "last Friday" the most recent one
     before it;
   - a relative word with a weekday ("yesterday (Tuesday)") is resolved both
     ways and ``agrees`` records whether the two readings give the same day.
     When they differ the weekday wins: it names the day, while "yesterday"
     counts from the day the text was written, which may not be the day it
     was published. A relative word with a day and month ("today (Wednesday
     26 October)") takes the stated day; ``agrees`` compares it with the
     relative reading;
   - a range ("between Monday 3 and Wednesday 6 February", "16 – 20
     September 2019") gives its first day (codebook section 8); a first day
     without a month takes the month of the last day, or the month before it
     when the first day number is larger ("Monday 25 - Sunday December 2nd");
   - with ``published_precision="month"`` (a date known only from a URL)
     only stated days and months are resolved, against the end of that
     month; relative words and bare weekdays cannot be, and are dropped --
     unless the text itself names the publication day: "today (Wednesday 26
     October)", or "Today is Anti-Slavery Day" (observances on a fixed day,
     listed in the rules file), in that month
     (:func:`publication_day_from_text`);
   - with no publication date only dates that state their year resolve
     (codebook section 8: year unknowable -> null).
3. **Context.** The sentence that holds each candidate decides whether it
   dates the action. A candidate is dropped when the words just before it
   make it a bail, court, deadline or period date ("bailed until", "will
   today", "since", "up to", "runs from"), when the sentence is background
   ("back in December", "last year"), when the sentence is only the date
   (a dateline: that is the publication date), or when the sentence names a
   campaign day or week ("Anti-Slavery Day", "Awareness Week") without a
   strong action word (arrested, raided, warrants, visited, ...).
   The rest are ranked: narrative sentences with an action word first, then
   quoted sentences with an action word; sentences with no action word never
   date the action. Within a rank the first candidate in text order wins:
   releases open with the action, and a multi-day action is told from its
   first day ("Operations began on Tuesday ... On Wednesday ...").

Decisions
---------
- "last week", "earlier this week", "earlier this month", "in June": no day
  is stated, so they give no event date. The Monday of last week would be a
  made-up day (the codebook never invents a day: a month from a URL stays a
  month). When such a phrase comes with a stated day ("Earlier this month
  ... On 2 July", "Last week ... between 23-29 June") the stated day is used.
- A campaign day is the event date only when the sentence also reports an
  enforcement action on it.

Publication dates
-----------------
:func:`parse_date` reads publication dates as the corpus prints them ("19 Jun
2020", "5th February 2018", "26/02/2016", "15:35 11/01/2023", "2011-09",
"2022-03-30") and returns ``(date, precision)`` with precision ``"day"``,
``"month"`` or ``"unknown"``; :func:`url_month` reads the month of a URL path
("/2022/03-march/", "/2024/oct-2024/", "/articles/2022/10/"). A month is
stored as the first of the month and is never a day. A date that does not
exist gives ``(None, "unknown")``, never an exception.

Nothing in this module reads the clock: every result is a pure function of
its arguments.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Mapping, Sequence

import yaml

from releasekit.dates import MONTHS, parse_date, safe_date as _safe_date, url_month
from releasekit.extract.prefilter import Prefilter, fold, longest_space_run
from releasekit.text import Sentence

__all__ = [
    "EventDate",
    "MONTHS",
    "DateCandidate",
    "date_candidates",
    "extract_event_date",
    "parse_date",
    "publication_day_from_text",
    "url_month",
]

_WEEKDAYS: Mapping[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}

_QUOTE_OPEN = "“\"‘"


@dataclass(frozen=True, slots=True)
class EventDate:
    """The day of the reported action and the words that state it.

    ``body[start:end] == evidence``. ``agrees`` is set for a relative word
    with a weekday or date ("yesterday (Tuesday)"): whether both readings
    resolve to the same day; ``None`` when there is nothing to compare.
    """

    date: dt.date
    sentence_id: int | None
    start: int
    end: int
    evidence: str
    rule: str
    agrees: bool | None


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A date expression found in the body, resolved or not (``date`` None)."""

    date: dt.date | None
    start: int
    end: int
    evidence: str
    rule: str
    agrees: bool | None
    sentence_id: int | None
    rank: int | None  # 0 narrative action, 1 quoted action, None: not the action
    reason: str  # why it ranks as it does (for reading the output)


# --------------------------------------------------------------------------
# Rules as data


@dataclass(frozen=True, slots=True)
class _Rules:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    # per pattern: its literal keys ("Monday", "today"...), so that it is run
    # only near them (same matches, see releasekit.extract.prefilter.Prefilter)
    prefilters: tuple[Prefilter, ...]
    action_strong: re.Pattern[str]
    action_weak: re.Pattern[str]
    campaign: re.Pattern[str]
    background: re.Pattern[str]
    before_date: re.Pattern[str]
    future_clause: re.Pattern[str]
    observances: tuple[tuple[re.Pattern[str], int, int], ...]


def _words_pattern(words: Sequence[str], *, tail: str = "") -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")" + tail, re.IGNORECASE)


@lru_cache(maxsize=1)
def load_rules() -> _Rules:
    """Read and compile ``data/date_rules.yaml`` (once)."""
    raw = yaml.safe_load(files("releasekit").joinpath("data/date_rules.yaml").read_text("utf-8"))
    parts: dict[str, str] = raw["parts"]

    def expand(pattern: str) -> str:
        for _ in range(3):  # parts may refer to parts
            for name, value in parts.items():
                pattern = pattern.replace(f"<<{name}>>", value)
        return pattern

    ctx = raw["context"]
    patterns = tuple((rule["name"], re.compile(expand(rule["pattern"]))) for rule in raw["rules"])
    return _Rules(
        patterns=patterns,
        prefilters=tuple(Prefilter(pattern) for _, pattern in patterns),
        action_strong=_words_pattern(ctx["action_strong"]),
        action_weak=_words_pattern(ctx["action_weak"]),
        campaign=_words_pattern(ctx["campaign"]),
        background=_words_pattern(ctx["background"], tail=r"\b"),
        # the context word, then at most one word, then only non-word
        # characters up to the date: "bail until ", "will today ", "(up to "
        before_date=re.compile(
            r"\b(?:" + "|".join(ctx["before_date"]) + r")\b(?:\W+\w+)?\W*$", re.IGNORECASE
        ),
        future_clause=_words_pattern(ctx["future_clause"]),
        observances=tuple(
            (
                re.compile(
                    r"\btoday(?:['’]s)?\b[^.\n]{0,40}?\b(?:" + item["pattern"] + r")"
                    r"|\b(?:" + item["pattern"] + r")\b[^.\n]{0,40}?\btoday\b",
                    re.IGNORECASE,
                ),
                int(item["month"]),
                int(item["day"]),
            )
            for item in raw.get("observances", ())
        ),
    )


# --------------------------------------------------------------------------
# Publication dates


def _month_number(name: str | None) -> int | None:
    return MONTHS.get(name.lower().rstrip(".")) if name else None


def _day_number(text: str | None) -> int | None:
    return int(re.match(r"\d+", text).group()) if text else None


def _weekday_number(text: str | None) -> int | None:
    return _WEEKDAYS.get(text.lower()) if text else None


def _relative_offset(word: str) -> int:
    """Days before publication meant by a relative word."""
    word = " ".join(word.lower().split())
    return 1 if word in ("yesterday", "last night") else 0


def _last_weekday(weekday: int, on_or_before: dt.date) -> dt.date:
    """The most recent ``weekday`` on or before a date."""
    return on_or_before - dt.timedelta(days=(on_or_before.weekday() - weekday) % 7)


def _limit(published: dt.date, precision: str) -> dt.date:
    """Last day the action can have happened (end of month for month precision)."""
    if precision == "month":
        return published.replace(day=calendar.monthrange(published.year, published.month)[1])
    return published


def _with_year(
    day: int, month: int, year: int | None, this_year: bool,
    published: dt.date | None, precision: str,
) -> dt.date | None:
    """Complete a day and month with a year; None when impossible or future."""
    if year is not None:
        date = _safe_date(year, month, day)
        if date and published and date > _limit(published, precision):
            return None
        return date
    if published is None:
        return None
    limit = _limit(published, precision)
    date = _safe_date(limit.year, month, day)
    if date is None and (month, day) == (2, 29):
        return _safe_date(limit.year - 1, 2, 29) if not this_year else None
    if date is None:
        return None
    if date > limit:
        return None if this_year else _safe_date(limit.year - 1, month, day)
    return date


def _range_start(groups: Mapping[str, str | None]) -> tuple[int | None, int | None, int | None]:
    """Day, month and year of the first day of a range."""
    day = _day_number(groups["d"])
    last_day = _day_number(groups.get("d2") or groups.get("d2b"))
    last_month = _month_number(groups.get("m2") or groups.get("m2b"))
    year = int(groups["y"]) if groups.get("y") else (int(groups["y2"]) if groups.get("y2") else None)
    month = _month_number(groups.get("m"))
    if month is None and last_month is not None:
        month = last_month
        if day is not None and last_day is not None and day > last_day:
            month = 12 if last_month == 1 else last_month - 1
            if year is not None and last_month == 1 and not groups.get("y"):
                year -= 1
    return day, month, year


def _resolve(
    rule: str, groups: Mapping[str, str | None], published: dt.date | None, precision: str
) -> tuple[dt.date | None, bool | None]:
    """Resolve a matched expression to ``(date, agrees)``."""
    day_precise = published is not None and precision == "day"
    weekday = _weekday_number(groups.get("wd"))
    relative = groups.get("rel")
    rel_date = (
        published - dt.timedelta(days=_relative_offset(relative)) if relative and day_precise else None
    )
    this_year = bool(groups.get("this_year"))

    if rule == "date_range":
        day, month, year = _range_start(groups)
    elif rule == "numeric_date":
        day, month, year = _day_number(groups["d"]), int(groups["mn"]), int(groups["y"])
    else:
        day = _day_number(groups.get("d") or groups.get("db"))
        month = _month_number(groups.get("m") or groups.get("mb"))
        year = int(groups["y"]) if groups.get("y") else None

    if day is not None and month is not None:
        date = _with_year(day, month, year, this_year, published, precision)
        if date is None:
            return None, None
        checks = []
        if weekday is not None:
            checks.append(date.weekday() == weekday)
        if rel_date is not None:
            checks.append(date == rel_date)
        return date, (all(checks) if checks else None)
    if not day_precise:
        return None, None
    if weekday is not None:
        anchor = published - dt.timedelta(days=1) if groups.get("last") else published
        date = _last_weekday(weekday, anchor)
        return date, (date == rel_date if rel_date is not None else None)
    if rel_date is not None:
        return rel_date, None
    return None, None


# --------------------------------------------------------------------------
# Context


def _sentence_at(sentences: Sequence[Sentence], starts: Sequence[int], pos: int) -> Sentence | None:
    index = bisect.bisect_right(starts, pos) - 1
    if index >= 0 and sentences[index].start <= pos < max(sentences[index].end, sentences[index].start + 1):
        return sentences[index]
    return None


def _in_quote(body: str, pos: int) -> bool:
    """Whether ``pos`` lies inside quoted speech (paragraph-level heuristic)."""
    para_start = body.rfind("\n", 0, pos) + 1
    para = body[para_start:pos]
    stripped = para.lstrip()
    if stripped[:1] in _QUOTE_OPEN:
        return True
    opened = para.count("“") - para.count("”")
    return opened > 0 or para.count('"') % 2 == 1


def _context(
    body: str, start: int, end: int, sentence: Sentence | None, rules: _Rules
) -> tuple[int | None, str]:
    """Rank of a candidate (0 narrative action, 1 quoted action, None) and why."""
    if sentence is None:
        para_start = body.rfind("\n", 0, start) + 1
        para_end = body.find("\n", end)
        text_start, text = para_start, body[para_start : para_end if para_end >= 0 else len(body)]
    else:
        text_start, text = sentence.start, sentence.text
    before = text[: start - text_start]
    rest = (before + text[end - text_start :]).strip(" .,;:()\t")
    if not re.search(r"[A-Za-z]{3,}", rest.replace("timestamp", "")) or "timestamp" in text.lower():
        return None, "dateline"
    if rules.before_date.search(before):
        return None, "bail, future or period date"
    if rules.future_clause.search(before):
        return None, "court date to come"
    if rules.background.search(text):
        return None, "background sentence"
    strong = bool(rules.action_strong.search(text))
    weak = bool(rules.action_weak.search(text))
    campaign = bool(rules.campaign.search(text))
    if campaign and not strong:
        return None, "campaign day"
    if not (strong or weak):
        return None, "no action word"
    if _in_quote(body, start):
        return 1, "quoted action"
    return 0, "action"


# --------------------------------------------------------------------------
# Extraction


def _matches(body: str, rules: _Rules) -> list[tuple[str, re.Match[str]]]:
    """All rule matches, earlier rules first, overlapping later ones dropped.

    Each pattern is searched only near its keys (month and weekday names,
    relative words...): the same matches as ``pattern.finditer(body)``.
    """
    kept: list[tuple[str, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    folded = fold(body)
    whitespace = longest_space_run(body)
    # key positions, shared by the patterns with the same keys (month names, weekdays)
    keys: dict[tuple[object, object], list[int]] = {}
    for (name, _), prefilter in zip(rules.patterns, rules.prefilters):
        for match in prefilter.finditer(body, folded, whitespace, keys):
            span = match.span()
            if name == "relative_bracketed" and not (match["wd"] or match["d"] or match["db"]):
                continue
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            kept.append((name, match))
            taken.append(span)
    return sorted(kept, key=lambda item: item[1].start())


def date_candidates(
    body: str,
    sentences: Sequence[Sentence],
    published: dt.date | None,
    *,
    published_precision: str = "day",
) -> list[DateCandidate]:
    """Every date expression in ``body``, resolved and ranked, in text order."""
    rules = load_rules()
    return _candidates(body, sentences, _matches(body, rules), published, published_precision, rules)


def _candidates(
    body: str,
    sentences: Sequence[Sentence],
    matches: Sequence[tuple[str, re.Match[str]]],
    published: dt.date | None,
    published_precision: str,
    rules: _Rules,
) -> list[DateCandidate]:
    """:func:`date_candidates` from the rule matches of ``body``."""
    starts = [s.start for s in sentences]
    candidates: list[DateCandidate] = []
    for rule, match in matches:
        groups = match.groupdict()
        start, end = match.span("ev") if groups.get("ev") else match.span()
        evidence = body[start:end].rstrip()
        end = start + len(evidence)
        date, agrees = _resolve(rule, groups, published, published_precision)
        sentence = _sentence_at(sentences, starts, start)
        rank, reason = _context(body, match.start(), match.end(), sentence, rules)
        if date is None:
            rank, reason = None, "unresolved" if reason in ("action", "quoted action") else reason
        candidates.append(
            DateCandidate(
                date=date,
                start=start,
                end=end,
                evidence=evidence,
                rule=rule,
                agrees=agrees,
                sentence_id=sentence.sentence_id if sentence else None,
                rank=rank,
                reason=reason,
            )
        )
    return candidates


def publication_day_from_text(body: str, published: dt.date, precision: str = "month") -> dt.date | None:
    """The publication day when the text names today's date and only the month is known.

    "today (Wednesday 26 October)" or "Today is Anti-Slavery Day" (a fixed
    observance, ``observances`` in the rules file) in a release published in
    that month give the day. ``None`` when the text does not say, or says a
    day outside the known month.
    """
    if precision != "month":
        return None
    rules = load_rules()
    return _publication_day(body, _matches(body, rules), published, precision, rules)


def _publication_day(
    body: str,
    matches: Sequence[tuple[str, re.Match[str]]],
    published: dt.date,
    precision: str,
    rules: _Rules,
) -> dt.date | None:
    """:func:`publication_day_from_text` from the rule matches of ``body``."""
    days: list[dt.date] = []
    for rule, match in matches:
        if rule in ("relative_bracketed", "relative_apposition") and _relative_offset(match["rel"]) == 0:
            date, _ = _resolve(rule, match.groupdict(), published, precision)
            if date:
                days.append(date)
    for pattern, month, day in rules.observances:
        if pattern.search(body):
            date = _safe_date(published.year, month, day)
            if date:
                days.append(date)
    days = [d for d in days if (d.year, d.month) == (published.year, published.month)]
    return days[0] if days and all(d == days[0] for d in days) else None


def extract_event_date(
    body: str,
    sentences: Sequence[Sentence],
    published: dt.date | None,
    *,
    published_precision: str = "day",
) -> EventDate | None:
    """The day of the action the release reports, or ``None``.

    ``published`` is the publication date; ``published_precision`` is
    ``"day"`` (default) or ``"month"`` when only the month is known (then
    ``published`` is any day of that month). See the module docstring.
    """
    if published is not None and published_precision not in ("day", "month"):
        published = None
    rules = load_rules()
    matches = _matches(body, rules)  # read once, for both steps
    if published is not None and published_precision == "month":
        day = _publication_day(body, matches, published, published_precision, rules)
        if day is not None:
            published, published_precision = day, "day"
    ranked = [
        c for c in _candidates(body, sentences, matches, published, published_precision, rules)
        if c.rank is not None and c.date is not None
    ]
    if not ranked:
        return None
    best = min(ranked, key=lambda c: (c.rank, c.start))
    assert best.date is not None
    return EventDate(
        date=best.date,
        sentence_id=best.sentence_id,
        start=best.start,
        end=best.end,
        evidence=best.evidence,
        rule=best.rule,
        agrees=best.agrees,
    )
