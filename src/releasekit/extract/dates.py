"""Event dates and publication dates of a release (codebook section 5).

Event date
----------
:func:`extract_event_date` returns the day of the *reported action*, with the
words that state it and the name of the rule that read them. The method:

1. **Candidates.** Every date expression in the body is found with the named
   patterns of ``releasekit/data/date_rules.yaml`` (ranges, day first or
   month first, "the week commencing 3 June", "yesterday (Tuesday)", "today
   (Wednesday 26 October)", "today (24/05)", "On Tuesday (28 February)",
   "Thursday 2 August", "on 2 July", "July 12", "26/02/2016", "(24/05)",
   observance days such as "on Anti-Slavery Day" or "on the eve of the
   International Day for the Abolition of Slavery" (a table of fixed days in
   the same file), "yesterday", "on Friday"). Rules are tried in file order
   and a later match that overlaps an earlier one is dropped, so the most
   specific reading wins. How a match becomes a day is the rule's declared
   ``resolve`` (``date``, ``range``, ``relative_weekday``, ``relative``,
   ``weekday``, ``observance``: see :data:`RESOLVERS`), checked against the
   named groups the pattern captures when the file loads; a rule may also
   say ``requires_any`` (groups one of which must match) and
   ``after_publication`` (``drop`` a yearless date that would fall after
   publication, rather than moving it a year back). No code branches on a
   rule's name. The rules are a :class:`DateRules` (``load(path)``,
   ``default()``) passed as ``rules=``.
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
     (codebook section 8: year unknowable -> null), and "Today is
     Anti-Slavery Day" when the text gives the observance's year
     ("Anti-Slavery Day 2022").
3. **Context.** The sentence that holds each candidate decides whether it
   dates the action. A candidate is dropped when the words just before it
   make it a bail, court, deadline or period date ("bailed until", "will
   today", "since", "up to", "runs from"), when a hearing is still to come
   ("due to take place on"), when the sentence is background or an example
   told to illustrate ("back in December", "last year", "one such
   operation", "for example"), when its line is a publication line
   ("Published 3 May 2022", a title ending in "(19 May 2017)":
   :func:`releasekit.printed_dates.publication_line`) or the date follows a
   publication label ("Date published: 20/03/2019"), or when the sentence
   names a campaign day or week ("Anti-Slavery Week began on Monday")
   without a strong action word. Strong action words include an action done
   on or for the day ("a day of action ... coinciding with Anti-Slavery
   Day", "to mark", "supporting"), so a named day never wipes the action's
   own date ("yesterday ... coinciding with Anti-Slavery Day").
   The rest are ranked: narrative sentences with an action word first, then
   quoted sentences with an action word; sentences with no action word never
   date the action. A report's publication or a response ("published on 28
   July 2022", "responded to today's report") is the action of a statistics
   or comment release. Within a rank the first candidate in text order wins:
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
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Sequence


from releasekit.rulefiles import RuleFileError, load_cached, packaged_path, read_rule_file
from releasekit.rulefiles import where_short as _where

from releasekit.printed_dates import (
    MONTHS,
    PUBLICATION_LINE_MAX,
    parse_date,
    publication_line,
    safe_date as _safe_date,
    url_month,
)
from releasekit.extract.prefilter import Prefilter, fold, longest_space_run
from releasekit.text import Sentence

__all__ = [
    "EventDate",
    "MONTHS",
    "RESOLVERS",
    "DateCandidate",
    "DateRules",
    "DateRulesError",
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
    Fills ``releases.event_date``, ``event_date_evidence`` and
    ``event_date_rule`` (docs/tables.md; codebook section 5).
    """

    #: The day of the action (a calendar day; never a month stored as a day).
    date: dt.date
    #: Index of the sentence that states it (``sentences`` table); None outside every sentence.
    sentence_id: int | None
    #: Character offset of the evidence in the body (0-based).
    start: int
    #: Character offset after the evidence.
    end: int
    #: The words that state the day ("yesterday (Tuesday)").
    evidence: str
    #: Name of the rule of ``data/date_rules.yaml`` that read it.
    rule: str
    #: Whether a relative word and a stated weekday or date give the same day; None: nothing to compare.
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


class DateRulesError(RuleFileError):
    """A date rules file that cannot be used: an unknown section, key, group or
    ``resolve`` value, a missing part, or a pattern that does not compile.

    The message names the file, the section and the rule
    (``date_rules.yaml, rules, rule 'day_month': resolve 'weekday' needs the group wd``).
    """


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    # the match counts only when one of these groups matched ("yesterday
    # (Tuesday)", not "yesterday (PCC)")
    requires_any: tuple[str, ...]
    # a date without a year falling after publication: "previous_year" or "drop"
    after_publication: str
    # how a match becomes a day: a key of RESOLVERS
    resolve: str


@dataclass(frozen=True, slots=True)
class _Observance:
    name: str
    pattern: re.Pattern[str]
    month: int
    day: int


@dataclass(frozen=True, eq=False)
class DateRules:
    """The checked and compiled event-date rules (``releasekit/data/date_rules.yaml``).

    Build one with :meth:`load` (any file) or :meth:`default` (the packaged
    file) and pass it as ``rules=`` to :func:`extract_event_date`,
    :func:`date_candidates` and :func:`publication_day_from_text`. Compared
    and hashed by identity.
    """

    #: Named patterns, in file order (an earlier rule's match wins an overlap).
    rules: tuple[_Rule, ...]
    # per rule: its literal keys ("Monday", "today"...), so that it is run
    # only near them (same matches, see releasekit.extract.prefilter.Prefilter)
    prefilters: tuple[Prefilter, ...]
    action_strong: re.Pattern[str]
    action_weak: re.Pattern[str]
    campaign: re.Pattern[str]
    publication_label: re.Pattern[str]
    background: re.Pattern[str]
    before_date: re.Pattern[str]
    future_clause: re.Pattern[str]
    observances: tuple[_Observance, ...]
    # "today ... <observance>" or "<observance> ... today", per observance
    observance_today: tuple[re.Pattern[str], ...]
    # keys of background, action_strong, action_weak and campaign (set from them):
    # a long sentence without a pattern's keys is not searched (see _BodyIndex.context_words)
    context_keys: tuple[Prefilter, ...] = ()

    def __post_init__(self) -> None:
        if not self.context_keys:
            keys = tuple(Prefilter(p) for p in (self.background, self.action_strong, self.action_weak, self.campaign))
            object.__setattr__(self, "context_keys", keys)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> DateRules:
        """Read, check and compile the date rules file at ``path``.

        Raises :class:`DateRulesError` naming the file, the section and the
        rule (see :func:`compile_rules`), also when the file cannot be read
        or is not YAML.
        """
        source = os.fspath(path)
        raw = read_rule_file(source, error=DateRulesError, label=_where(source))
        if not isinstance(raw, Mapping):
            raise DateRulesError(f"{_where(source)}: the file must hold a mapping of sections")
        return compile_rules(raw, source)

    @classmethod
    def default(cls) -> DateRules:
        """The packaged rules (``releasekit/data/date_rules.yaml``), cached on
        the file's (path, mtime_ns, size): an edited file is read again."""
        return load_cached(cls.load, packaged_path("date_rules.yaml"))


def _words_pattern(words: Sequence[str], *, tail: str = "") -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")" + tail, re.IGNORECASE)


#: Groups a rule pattern may capture (see the head of data/date_rules.yaml).
RULE_GROUPS = frozenset(
    {"rel", "wd", "d", "m", "y", "mb", "db", "d2", "m2", "y2", "m2b", "d2b", "ev", "this_year", "last", "mn", "dn", "obs", "eve"}
)
_RULE_KEYS = frozenset({"name", "pattern", "resolve", "requires_any", "after_publication"})
_CONTEXT_KEYS = frozenset(
    {"action_strong", "action_weak", "campaign", "publication_label", "background", "before_date", "future_clause"}
)
_OBSERVANCE_KEYS = frozenset({"name", "pattern", "month", "day"})
_TOP_KEYS = frozenset({"parts", "rules", "context", "observances", "publication_parts", "publication_lines"})


_Fail = Callable[[str, object, str], DateRulesError]


def compile_rules(raw: Mapping[str, object], source: str = "date_rules.yaml") -> DateRules:
    """Check and compile date rules read from YAML (use :meth:`DateRules.load` for a file).

    Raises :class:`DateRulesError` naming ``source``, the section and the
    rule for an unknown section or key, a missing or unknown ``resolve``, a
    pattern lacking the groups its ``resolve`` reads or holding groups it
    does not, an unknown group or part, or a pattern that does not compile
    (the message quotes the pattern).
    """

    def fail(section: str, rule: object, message: str) -> DateRulesError:
        return DateRulesError(f"{_where(source, section, rule)}: {message}")

    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise DateRulesError(f"{_where(source, sorted(map(str, unknown))[0])}: unknown section; known: {sorted(_TOP_KEYS)}")
    observances = _observances(raw.get("observances") or (), fail)
    expand = _part_expander(raw.get("parts") or {}, observances)
    rules = [_rule(entry, expand, fail) for entry in raw.get("rules") or ()]
    names = [r.name for r in rules]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise fail("rules", twice[0], "the rule name is used twice")
    return DateRules(
        rules=tuple(rules),
        prefilters=tuple(Prefilter(rule.pattern) for rule in rules),
        observances=tuple(observances),
        observance_today=tuple(
            re.compile(
                r"\btoday(?:['’]s)?\b[^.\n]{0,40}?\b(?:" + o.pattern.pattern + r")"
                r"|\b(?:" + o.pattern.pattern + r")\b[^.\n]{0,40}?\btoday\b",
                re.IGNORECASE,
            )
            for o in observances
        ),
        **_context_patterns(raw.get("context") or {}, fail),
    )


def _observances(items: object, fail: _Fail) -> list[_Observance]:
    """The ``observances`` table: named days fixed by month and day."""
    observances = []
    for item in items if isinstance(items, list) else [items]:
        if not isinstance(item, Mapping) or set(item) != _OBSERVANCE_KEYS:
            name = item.get("name") if isinstance(item, Mapping) else None
            raise fail("observances", name, f"keys must be {sorted(_OBSERVANCE_KEYS)}, got {item!r}")
        if _safe_date(2000, int(item["month"]), int(item["day"])) is None:
            raise fail("observances", item["name"], f"no such day: month {item['month']}, day {item['day']}")
        try:
            pattern = re.compile(item["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise fail("observances", item["name"], f"pattern {item['pattern']!r} does not compile: {exc}") from None
        observances.append(_Observance(item["name"], pattern, int(item["month"]), int(item["day"])))
    return observances


def _part_expander(parts: Mapping[str, str], observances: Sequence[_Observance]) -> Callable[[str], str]:
    """Replace ``<<name>>`` by the part ``name`` (parts may refer to parts;
    ``<<observance>>`` is any observance of the table)."""
    parts = dict(parts)
    parts["observance"] = "(?i:" + "|".join(o.pattern.pattern for o in observances) + ")" if observances else "(?!x)x"

    def expand(pattern: str) -> str:
        for _ in range(3):
            for name, value in parts.items():
                pattern = pattern.replace(f"<<{name}>>", value)
        return pattern

    return expand


def _rule(entry: object, expand: Callable[[str], str], fail: _Fail) -> _Rule:
    """One entry of ``rules``, checked: keys, parts, pattern, groups, resolve."""
    if not isinstance(entry, Mapping):
        raise fail("rules", None, f"a rule is a mapping with name, pattern and resolve, got {entry!r}")
    name = entry.get("name")
    extra = set(entry) - _RULE_KEYS
    if extra or not name or not entry.get("pattern"):
        raise fail("rules", name, f"unknown or missing keys (unknown: {sorted(map(str, extra))}; name and pattern are required)")
    expanded = expand(entry["pattern"])
    if "<<" in expanded:
        raise fail("rules", name, f"unknown part in {expanded[expanded.index('<<'):][:30]!r}")
    try:
        pattern = re.compile(expanded)
    except re.error as exc:
        raise fail("rules", name, f"pattern {entry['pattern']!r} does not compile: {exc}") from None
    groups = set(pattern.groupindex)
    if groups - RULE_GROUPS:
        raise fail("rules", name, f"unknown groups {sorted(groups - RULE_GROUPS)}")
    resolve = entry.get("resolve")
    if resolve not in RESOLVERS:
        raise fail("rules", name, f"resolve must be one of {sorted(RESOLVERS)}, got {resolve!r}")
    _check_groups(RESOLVERS[resolve], groups, lambda message: fail("rules", name, f"resolve {resolve!r} {message}"))
    requires_any = tuple(entry.get("requires_any") or ())
    if set(requires_any) - groups:
        raise fail("rules", name, f"requires_any names groups the pattern lacks: {sorted(set(requires_any) - groups)}")
    after = entry.get("after_publication", "previous_year")
    if after not in ("previous_year", "drop"):
        raise fail("rules", name, f"after_publication must be previous_year or drop, got {after!r}")
    return _Rule(name, pattern, requires_any, after, resolve)


def _context_patterns(ctx: Mapping[str, Sequence[str]], fail: _Fail) -> dict[str, re.Pattern[str]]:
    """The ``context`` word lists (regex pieces), each compiled into one pattern."""
    if set(ctx) != _CONTEXT_KEYS:
        odd = sorted(map(str, set(ctx) ^ _CONTEXT_KEYS))[0]
        raise fail("context", odd, f"keys must be {sorted(_CONTEXT_KEYS)}, got {sorted(map(str, ctx))}")
    for key in sorted(_CONTEXT_KEYS):
        for word in ctx[key]:
            try:
                re.compile(word)
            except (re.error, TypeError) as exc:
                raise fail("context", key, f"pattern {word!r} does not compile: {exc}") from None
    return dict(
        action_strong=_words_pattern(ctx["action_strong"]),
        action_weak=_words_pattern(ctx["action_weak"]),
        campaign=_words_pattern(ctx["campaign"]),
        # case as printed: "Published 3 May", not "was published on 3 May"
        publication_label=re.compile(r"\b(?:" + "|".join(ctx["publication_label"]) + r")\s*$"),
        background=_words_pattern(ctx["background"], tail=r"\b"),
        # the context word, then at most one word, then only non-word
        # characters up to the date: "bail until ", "will today ", "(up to "
        before_date=re.compile(
            r"\b(?:" + "|".join(ctx["before_date"]) + r")\b(?:\W+\w+)?\W*$", re.IGNORECASE
        ),
        future_clause=_words_pattern(ctx["future_clause"]),
    )


def load_rules() -> DateRules:
    """The packaged rules: :meth:`DateRules.default` (kept for older callers)."""
    return DateRules.default()


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


def _parts(groups: Mapping[str, str | None]) -> tuple[int | None, int | None, int | None]:
    """Day, month and year a match states (the first day of a range).

    A range's first day without a month takes the month of the last day, or
    the month before it when the first day number is larger ("Monday 25 -
    Sunday December 2nd"); a year stated only after the last day is the
    range's year (the year before, for a range running into January).
    """
    day = _day_number(groups.get("d") or groups.get("db") or groups.get("dn"))
    month = _month_number(groups.get("m") or groups.get("mb"))
    if month is None and groups.get("mn"):
        month = int(groups["mn"])
    year = int(groups["y"]) if groups.get("y") else (int(groups["y2"]) if groups.get("y2") else None)
    last_day = _day_number(groups.get("d2") or groups.get("d2b"))
    last_month = _month_number(groups.get("m2") or groups.get("m2b"))
    if month is None and last_month is not None:
        month = last_month
        if day is not None and last_day is not None and day > last_day:
            month = 12 if last_month == 1 else last_month - 1
            if year is not None and last_month == 1 and not groups.get("y"):
                year -= 1
    elif month is not None and last_month is not None and last_month < month and year is not None and not groups.get("y"):
        year -= 1  # "December 28 to January 3 2016": the first day is in 2015
    return day, month, year


def _observance(name: str | None, rules: DateRules) -> _Observance | None:
    if not name:
        return None
    return next((o for o in rules.observances if o.pattern.fullmatch(name)), None)


_Resolved = tuple[dt.date | None, bool | None]


def _relative_day(groups: Mapping[str, str | None], published: dt.date | None, precision: str) -> dt.date | None:
    """The day a relative word means ("yesterday": publication day - 1); None without a day-precise publication date."""
    relative = groups.get("rel")
    if relative and published is not None and precision == "day":
        return published - dt.timedelta(days=_relative_offset(relative))
    return None


def _on_day(
    day: int, month: int, year: int | None, shift: int,
    rule: _Rule, groups: Mapping[str, str | None], published: dt.date | None, precision: str,
) -> _Resolved:
    """A stated day and month (year completed from publication), checked
    against a stated weekday and relative word (``agrees``)."""
    drop_future = bool(groups.get("this_year")) or rule.after_publication == "drop"
    date = _with_year(day, month, year, drop_future, published, precision)
    if date is None:
        return None, None
    date += dt.timedelta(days=shift)
    checks = []
    weekday = _weekday_number(groups.get("wd"))
    if weekday is not None:
        checks.append(date.weekday() == weekday)
    rel_date = _relative_day(groups, published, precision)
    if rel_date is not None:
        checks.append(date == rel_date)
    return date, (all(checks) if checks else None)


def _weekday_day(groups: Mapping[str, str | None], published: dt.date | None, precision: str) -> _Resolved:
    """A bare weekday: the most recent such day on or before publication
    (strictly before for "last"); ``agrees`` compares it with a relative word."""
    weekday = _weekday_number(groups.get("wd"))
    if weekday is None or published is None or precision != "day":
        return None, None
    anchor = published - dt.timedelta(days=1) if groups.get("last") else published
    date = _last_weekday(weekday, anchor)
    rel_date = _relative_day(groups, published, precision)
    return date, (date == rel_date if rel_date is not None else None)


def _resolve_date(rule: _Rule, groups: Mapping[str, str | None], published: dt.date | None, precision: str,
                  rules: DateRules) -> _Resolved:
    """``date`` and ``range``: the stated day (a range's first day, see :func:`_parts`)."""
    day, month, year = _parts(groups)
    if day is None or month is None:
        return None, None
    return _on_day(day, month, year, 0, rule, groups, published, precision)


def _resolve_relative_weekday(rule: _Rule, groups: Mapping[str, str | None], published: dt.date | None,
                              precision: str, rules: DateRules) -> _Resolved:
    """``relative_weekday``: a relative word with a weekday or a date ("yesterday
    (Tuesday)", "today (Wednesday 26 October)"). The stated date, else the
    weekday, wins over the relative word; ``agrees`` says whether they give
    the same day."""
    day, month, year = _parts(groups)
    if day is not None and month is not None:
        return _on_day(day, month, year, 0, rule, groups, published, precision)
    if _weekday_number(groups.get("wd")) is not None:
        return _weekday_day(groups, published, precision)
    return _relative_day(groups, published, precision), None


def _resolve_relative(rule: _Rule, groups: Mapping[str, str | None], published: dt.date | None, precision: str,
                      rules: DateRules) -> _Resolved:
    """``relative``: "today" is the publication day, "yesterday" the day before."""
    return _relative_day(groups, published, precision), None


def _resolve_weekday(rule: _Rule, groups: Mapping[str, str | None], published: dt.date | None, precision: str,
                     rules: DateRules) -> _Resolved:
    """``weekday``: "on Friday", "last Thursday" (see :func:`_weekday_day`)."""
    return _weekday_day(groups, published, precision)


def _resolve_observance(rule: _Rule, groups: Mapping[str, str | None], published: dt.date | None, precision: str,
                        rules: DateRules) -> _Resolved:
    """``observance``: the fixed day of the observance named (table ``observances``),
    the day before for "the eve of"; its year stated or completed from publication."""
    observance = _observance(groups.get("obs"), rules)
    if observance is None:
        return None, None
    year = int(groups["y"]) if groups.get("y") else None
    shift = -1 if groups.get("eve") else 0
    return _on_day(observance.day, observance.month, year, shift, rule, groups, published, precision)


@dataclass(frozen=True, slots=True)
class Resolver:
    """How the matches of a rule become a day (the rule's ``resolve`` in the YAML).

    ``needs``: for each set, the pattern must capture at least one of its
    groups; ``allows``: every group the pattern captures must be one of
    these (checked when the file loads, so a rule cannot capture what its
    resolver ignores).
    """

    read: Callable[[_Rule, Mapping[str, str | None], dt.date | None, str, DateRules], _Resolved]
    needs: tuple[frozenset[str], ...]
    allows: frozenset[str]


_DAY, _MONTH = frozenset({"d", "db", "dn"}), frozenset({"m", "mb", "mn"})
_STATED = _DAY | _MONTH | {"wd", "y", "ev", "this_year"}

#: The values of ``resolve`` a date rule may declare (codebook section 5).
RESOLVERS: Mapping[str, Resolver] = {
    "date": Resolver(_resolve_date, (_DAY, _MONTH), _STATED),
    "range": Resolver(_resolve_date, (frozenset({"d", "db"}), frozenset({"d2", "d2b"})),
                           _STATED | {"d2", "m2", "y2", "m2b", "d2b"}),
    "relative_weekday": Resolver(_resolve_relative_weekday, (frozenset({"rel"}), _DAY | {"wd"}), _STATED | {"rel"}),
    "relative": Resolver(_resolve_relative, (frozenset({"rel"}),), frozenset({"rel", "ev"})),
    "weekday": Resolver(_resolve_weekday, (frozenset({"wd"}),), frozenset({"wd", "last", "ev"})),
    "observance": Resolver(_resolve_observance, (frozenset({"obs"}),), frozenset({"obs", "eve", "y", "ev"})),
}


def _check_groups(resolver: Resolver, groups: set[str], fail: Callable[[str], DateRulesError]) -> None:
    for need in resolver.needs:
        if not groups & need:
            raise fail(f"needs one of the groups {sorted(need)}")
    extra = groups - resolver.allows
    if extra:
        raise fail(f"does not read the groups {sorted(extra)}")


def _resolve(
    rule: _Rule, groups: Mapping[str, str | None], published: dt.date | None, precision: str, rules: DateRules
) -> _Resolved:
    """Resolve a matched expression to ``(date, agrees)`` with the rule's declared resolver."""
    return RESOLVERS[rule.resolve].read(rule, groups, published, precision, rules)


# --------------------------------------------------------------------------
# Context


def _sentence_at(sentences: Sequence[Sentence], starts: Sequence[int], pos: int) -> Sentence | None:
    index = bisect.bisect_right(starts, pos) - 1
    if index >= 0 and sentences[index].start <= pos < max(sentences[index].end, sentences[index].start + 1):
        return sentences[index]
    return None


def _in_quote(body: str, pos: int) -> bool:
    """Whether ``pos`` lies inside quoted speech (paragraph-level heuristic)."""
    return _BodyIndex(body).in_quote(pos)


class _BodyIndex:
    """What :func:`_context` reads of one body around many positions: the
    newlines and quote marks, found once and counted by bisection (the test
    no longer copies or scans the paragraph before each date, quadratic in a
    long paragraph), and the context words of each sentence, searched once
    per sentence instead of once per date in it."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.newlines = [m.start() for m in re.finditer("\n", body)]
        self.marks = {mark: [m.start() for m in re.finditer(mark, body)] for mark in ("“", "”", '"')}
        self.first_text: dict[int, int] = {}  # paragraph start -> its first character that is not a space
        # (start, text) of a sentence -> (timestamp, background, strong, weak, campaign)
        self.words: dict[tuple[int, str], tuple[bool, bool, bool, bool, bool]] = {}

    def line(self, pos: int) -> tuple[int, int]:
        """(start, end) of the line around ``pos``: after the last newline
        before it, up to the first newline from it (or the body's end)."""
        index = bisect.bisect_left(self.newlines, pos)
        return (self.newlines[index - 1] + 1 if index else 0), (
            self.newlines[index] if index < len(self.newlines) else len(self.body)
        )

    def context_words(self, text_start: int, text: str, rules: DateRules) -> tuple[bool, bool, bool, bool, bool]:
        """Whether the sentence says "timestamp" and has background, strong
        action, weak action and campaign words."""
        key = (text_start, text)
        if key not in self.words:
            patterns = (rules.background, rules.action_strong, rules.action_weak, rules.campaign)
            if len(text) >= _KEYS_FIRST:  # a long sentence: keys first (a search costs ~15 times more)
                folded = fold(text)
                found = [keys.may_match(text, folded) and p.search(text) is not None
                         for keys, p in zip(rules.context_keys, patterns)]
            else:
                found = [p.search(text) is not None for p in patterns]
            self.words[key] = ("timestamp" in text.lower(), found[0], found[1], found[2], found[3])
        return self.words[key]

    def _count(self, mark: str, start: int, end: int) -> int:
        found = self.marks[mark]
        return bisect.bisect_left(found, end) - bisect.bisect_left(found, start)

    def in_quote(self, pos: int) -> bool:
        index = bisect.bisect_left(self.newlines, pos)  # newlines before pos: [0, index)
        para_start = self.newlines[index - 1] + 1 if index else 0
        if para_start not in self.first_text:
            text = _NOT_SPACE.search(self.body, para_start)
            self.first_text[para_start] = text.start() if text else len(self.body)
        first = self.first_text[para_start]
        # the paragraph before pos, stripped, starts with an opening mark (or is empty)
        if first >= pos or self.body[first] in _QUOTE_OPEN:
            return True
        opened = self._count("“", para_start, pos) - self._count("”", para_start, pos)
        return opened > 0 or self._count('"', para_start, pos) % 2 == 1


_NOT_SPACE = re.compile(r"\S")
#: Length of sentence from which its context words are looked for by their keys first.
_KEYS_FIRST = 200


def _context(
    body: str, start: int, end: int, sentence: Sentence | None, rules: DateRules, known: _BodyIndex | None = None,
    *, reasons: bool = True,
) -> tuple[int | None, str]:
    """Rank of a candidate (0 narrative action, 1 quoted action, None) and why
    (``known``: the body's :class:`_BodyIndex`, made here when None). With
    ``reasons=False`` the why of an unranked candidate may be "": the tests
    on the text before the date are skipped when the sentence's own words
    already leave it unranked."""
    index = known or _BodyIndex(body)
    if sentence is None:
        para_start, _ = index.line(start)
        _, para_end = index.line(end)
        text_start, text = para_start, body[para_start:para_end]
    else:
        text_start, text = sentence.start, sentence.text
    timestamp, background, strong, weak, campaign = index.context_words(text_start, text, rules)
    if not reasons and (timestamp or background or (campaign and not strong) or not (strong or weak)):
        return None, ""  # unranked whatever precedes the date
    before = text[: start - text_start]
    rest = (before + text[end - text_start :]).strip(" .,;:()\t")
    if not re.search(r"[A-Za-z]{3,}", rest.replace("timestamp", "")) or timestamp:
        return None, "dateline"
    line_start, line_end = index.line(start)
    if line_end - line_start <= PUBLICATION_LINE_MAX + 40 and publication_line(body[line_start:line_end]) is not None:
        return None, "dateline"  # "Published 3 May 2022", "Title (19 May 2017)": the publication date
    if rules.publication_label.search(before):
        return None, "dateline"
    if rules.before_date.search(before):
        return None, "bail, future or period date"
    if rules.future_clause.search(before):
        return None, "court date to come"
    if background:
        return None, "background sentence"
    if campaign and not strong:
        return None, "campaign day"
    if not (strong or weak):
        return None, "no action word"
    if index.in_quote(start):
        return 1, "quoted action"
    return 0, "action"


# --------------------------------------------------------------------------
# Extraction


def _matches(body: str, rules: DateRules) -> list[tuple[_Rule, re.Match[str]]]:
    """All rule matches, earlier rules first, overlapping later ones dropped.

    Each pattern is searched only near its keys (month and weekday names,
    relative words...): the same matches as ``pattern.finditer(body)``.
    Overlaps are found by bisection in the sorted spans taken.
    """
    kept: list[tuple[_Rule, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    folded = fold(body)
    whitespace = longest_space_run(body)
    # key positions, shared by the patterns with the same keys (month names, weekdays)
    keys: dict[tuple[object, object], list[int]] = {}
    for rule, prefilter in zip(rules.rules, rules.prefilters):
        for match in prefilter.finditer(body, folded, whitespace, keys):
            span = match.span()
            if rule.requires_any and not any(match.group(group) for group in rule.requires_any):
                continue
            # the taken spans do not overlap, so sorted they end in order too:
            # only the last one starting before this span's end can overlap it
            index = bisect.bisect_left(taken, (span[1],))
            if index and span[0] < taken[index - 1][1]:
                continue
            kept.append((rule, match))
            taken.insert(index, span)
    return sorted(kept, key=lambda item: item[1].start())


def date_candidates(
    body: str,
    sentences: Sequence[Sentence],
    published: dt.date | None,
    *,
    published_precision: str = "day",
    rules: DateRules | None = None,
) -> list[DateCandidate]:
    """Every date expression in ``body``, resolved and ranked, in text order.

    Arguments as :func:`extract_event_date`. A candidate's ``date`` is None
    when it does not resolve; ``rank`` is None when its sentence does not
    date the action (``reason`` says why).
    """
    rules = rules or DateRules.default()
    return _candidates(body, sentences, _matches(body, rules), published, published_precision, rules)


def _candidates(
    body: str,
    sentences: Sequence[Sentence],
    matches: Sequence[tuple[_Rule, re.Match[str]]],
    published: dt.date | None,
    published_precision: str,
    rules: DateRules,
    *,
    reasons: bool = True,
) -> list[DateCandidate]:
    """:func:`date_candidates` from the rule matches of ``body`` (with
    ``reasons=False``, the ``reason`` of an unranked candidate may be "")."""
    known = _BodyIndex(body)
    candidates: list[DateCandidate] = []
    for rule, match, groups, start, evidence, sentence in _located(body, sentences, matches):
        date, agrees = _resolve(rule, groups, published, published_precision, rules)
        if date is None and not reasons:
            rank, reason = None, ""  # unranked whatever its context
        else:
            rank, reason = _context(body, match.start(), match.end(), sentence, rules, known, reasons=reasons)
        if date is None:
            rank, reason = None, "unresolved" if reason in ("action", "quoted action") else reason
        candidates.append(_candidate(rule, start, evidence, date, agrees, sentence, rank, reason))
    return candidates


def _located(
    body: str, sentences: Sequence[Sentence], matches: Sequence[tuple[_Rule, re.Match[str]]]
) -> Iterator[tuple[_Rule, re.Match[str], dict[str, str | None], int, str, Sentence | None]]:
    """Each rule match with its groups, its evidence (group ``ev`` when it took
    part, trailing space dropped) with where it starts, and its sentence."""
    starts = [s.start for s in sentences]
    for rule, match in matches:
        groups = match.groupdict()
        start, end = match.span("ev") if groups.get("ev") else match.span()
        yield rule, match, groups, start, body[start:end].rstrip(), _sentence_at(sentences, starts, start)


def _candidate(
    rule: _Rule,
    start: int,
    evidence: str,
    date: dt.date | None,
    agrees: bool | None,
    sentence: Sentence | None,
    rank: int | None,
    reason: str,
) -> DateCandidate:
    return DateCandidate(
        date=date,
        start=start,
        end=start + len(evidence),
        evidence=evidence,
        rule=rule.name,
        agrees=agrees,
        sentence_id=sentence.sentence_id if sentence else None,
        rank=rank,
        reason=reason,
    )


def _best_candidate(
    body: str,
    sentences: Sequence[Sentence],
    matches: Sequence[tuple[_Rule, re.Match[str]]],
    published: dt.date | None,
    published_precision: str,
    rules: DateRules,
) -> DateCandidate | None:
    """The candidate :func:`extract_event_date` reports: of the ranked and
    resolved candidates of :func:`_candidates`, the lowest rank, then the
    first in the text.

    The same as ``min`` over those candidates, found with less work: the
    matches are in text order and do not overlap, so candidates come in
    order of ``start`` and the first of rank 0 (the lowest) is the answer:
    the scan stops there. A candidate's rank is read before its date, which
    is resolved only for a ranked one (both are pure, so the order does not
    change either).
    """
    known = _BodyIndex(body)
    best: DateCandidate | None = None
    for rule, match, groups, start, evidence, sentence in _located(body, sentences, matches):
        rank, _ = _context(body, match.start(), match.end(), sentence, rules, known, reasons=False)
        if rank is None or (best is not None and best.rank is not None and rank >= best.rank):
            continue
        date, agrees = _resolve(rule, groups, published, published_precision, rules)
        if date is None:
            continue
        best = _candidate(rule, start, evidence, date, agrees, sentence, rank, "")
        if rank == 0:
            break
    return best


def publication_day_from_text(
    body: str, published: dt.date, precision: str = "month", *, rules: DateRules | None = None
) -> dt.date | None:
    """The publication day when the text names today's date and only the month is known.

    "today (Wednesday 26 October)" or "Today is Anti-Slavery Day" (a fixed
    observance, ``observances`` in the rules file) in a release published in
    that month give the day. ``None`` when the text does not say, or says a
    day outside the known month. ``rules`` defaults to :meth:`DateRules.default`.
    """
    if precision != "month":
        return None
    rules = rules or DateRules.default()
    return _publication_day(body, _matches(body, rules), published, precision, rules)


def _publication_day(
    body: str,
    matches: Sequence[tuple[_Rule, re.Match[str]]],
    published: dt.date,
    precision: str,
    rules: DateRules,
) -> dt.date | None:
    """:func:`publication_day_from_text` from the rule matches of ``body``."""
    days: list[dt.date] = []
    for rule, match in matches:
        # "today (Wednesday 26 October)", "Today, 18 October": a stated day for today
        groups = match.groupdict()
        if groups.get("rel") and _relative_offset(groups["rel"]) == 0:
            date, _ = _resolve(rule, groups, published, precision, rules)
            if date:
                days.append(date)
    # every observance's "today" pattern needs the word (as _observance_today_with_year): one test, not four searches
    for observance, today in zip(rules.observances, rules.observance_today) if "today" in body.lower() else ():
        if today.search(body):
            date = _safe_date(published.year, observance.month, observance.day)
            if date:
                days.append(date)
    days = [d for d in days if (d.year, d.month) == (published.year, published.month)]
    return days[0] if days and all(d == days[0] for d in days) else None


def _observance_today_with_year(body: str, rules: DateRules) -> dt.date | None:
    """"Today is Anti-Slavery Day" in a text that names the observance with its
    year ("Anti-Slavery Day 2022"): that day, even with no publication date."""
    days = set()
    if "today" not in body.lower():
        return None
    for observance, today in zip(rules.observances, rules.observance_today):
        if today.search(body):
            for match in re.finditer(r"\b(?:" + observance.pattern.pattern + r")\s+((?:19|20)\d\d)\b", body, re.IGNORECASE):
                day = _safe_date(int(match.group(1)), observance.month, observance.day)
                if day:
                    days.add(day)
    return days.pop() if len(days) == 1 else None


def extract_event_date(
    body: str,
    sentences: Sequence[Sentence],
    published: dt.date | None,
    *,
    published_precision: str = "day",
    rules: DateRules | None = None,
) -> EventDate | None:
    """The day of the action the release reports, or ``None`` (codebook section 5).

    ``body`` is the release text and ``sentences`` its sentences
    (:func:`releasekit.text.split_sentences`, offsets into ``body``);
    ``published`` is the publication date; ``published_precision`` is
    ``"day"`` (default) or ``"month"`` when only the month is known (then
    ``published`` is any day of that month; any other value is treated as
    no publication date). ``rules`` defaults to :meth:`DateRules.default`.
    The result's ``body[start:end] == evidence`` and ``rule`` names the date
    rule that read it. Never raises on text; see the module docstring.
    """
    if published is not None and published_precision not in ("day", "month"):
        published = None
    rules = rules or DateRules.default()
    matches = _matches(body, rules)  # read once, for both steps
    if published is None:
        day = _observance_today_with_year(body, rules)
        if day is not None:
            published, published_precision = day, "day"
    elif published_precision == "month":
        day = _publication_day(body, matches, published, published_precision, rules)
        if day is not None:
            published, published_precision = day, "day"
    best = _best_candidate(body, sentences, matches, published, published_precision, rules)
    if best is None:
        return None
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
