"""Figures of a release: people arrested, charged, sentenced, safeguarded,
premises searched and officers deployed, and the release totals.

Method (codebook sections 1-3, 8, 10). The rules are data, in
``releasekit/data/figure_rules.yaml``, loaded as a :class:`FigureRules`
(:meth:`FigureRules.load` checks any file and raises :class:`RuleError`
naming file, section and rule; :meth:`FigureRules.default` is the packaged
file). Both :func:`extract_figures` and :func:`total_figures` take the rules
as ``rules=``; this module only interprets them. The file also holds the
measure registry (:func:`measure_registry`, :func:`measure_names`) that
totals, the tables, evaluation, the site and the notebooks read.

Figures are read in frames: each sentence is cut into clauses
(:mod:`releasekit.extract.clauses`); a count takes the predicate (cue) of
its own clause and the scope markers of its own clause, and the release
kind (:mod:`releasekit.extract.kind`) is the scope prior. Each sentence:

1. *Mask* what is never a count: money, percentages, ages ("a 42-year-old
   man", "aged 20 and 31"), decades ("in their 20s"), years, times, dates,
   phone numbers, durations and references such as "Section 2".
2. *Find quantities*: digits ("1,660"), runs of number words (valued by
   text2num's ``alpha2digit(..., threshold=0)``, cached per phrase, so the
   span stays in the original text), number words text2num leaves alone
   ("a dozen", "a couple of"), an article before a singular noun ("a man",
   "another man" = 1), a zero ("No arrests") and vague quantifiers
   ("several", "dozens of": value null). A quantity after a determiner that
   points back ("All six", "the two men", "Both") is a repeat and is dropped.
3. *Read the counted noun* after the quantity (up to three modifiers:
   "three Romanian potential victims"). Its class either implies the measure
   ("arrests", "warrants", "victims", "officers") or takes the measure of the
   nearest compatible cue in the sentence ("Six women have been safeguarded
   and six people arrested"). A bare number ("A further four were
   apprehended", "and 11 in Romania") is kept only before a verb or
   preposition; after a coordination it inherits the previous figure's noun.
4. *Qualify* it from the words before it ("more than" -> ``at_least``,
   "almost" -> ``approx``) and *place* it ("in Luton", "from Kent").
5. *Scope* (see :func:`_frames`): the marker of the figure's own clause
   ("Three men were jailed today, following the imprisonment of five others
   earlier this year"), else of a figure-less clause of its sentence, else
   of its first clause, else of the sentence before when this one refers
   back ("They ..."), else the release default (``period`` for a statistics
   release or one whose title or first figure sentence is a period
   statistic, ``background`` for an awareness or funding release, else
   ``current``). A count in a clause with a plan marker ("will let ... help
   as many as 60") is no figure. In a court result the arrests, searches
   and victims retold from the case are background.
6. *Role*: ``total`` (a generic subject - "people", "arrests", "addresses"
   or none, as in "Three arrested" - in the first sentence that gives the
   measure, after "a total of", or before its own breakdown: "seven arrests
   - five men ... two women"), ``part`` (a group: "Three men from Luton",
   "a 42-year-old man", a list item) or ``further`` ("a further four",
   "Another man ... was also arrested"; on an event noun, "led to a further
   arrest", it continues the story and stays a part).

Bare plurals with a near cue ("rescued suspected victims", "visited nail
bars") and named people ("Harrison was sentenced") are figures too: vague,
and one per name.

``total_figures`` adds the ``current`` figures of each measure: a stated total
and its breakdown are the same people, so the base is the larger of the
largest stated total (coordinated totals of one sentence add up) and the sum
of the parts, without parts that restate the total ("Three people have been
arrested" after "Three arrested") or repeat the same indefinite words; further
groups are added to it. The number wins over a vague phrase for the same
people; a measure with only vague figures totals to null; the qualifier is
the weakest of the figures added (exact < approx/at_least < vague), and a
vague group with only further numbered groups beside it leaves the total
vague ("visiting suspected brothels ... also attended an address" = 1,
vague).

>>> from releasekit.text import split_sentences
>>> body = "Ten men were arrested in Luton. A further four were apprehended in Romania."
>>> [(f.value, f.location, f.role) for f in extract_figures(body, split_sentences(body))]
[(10, 'Luton', 'part'), (4, 'Romania', 'further')]
>>> total_figures(extract_figures(body, split_sentences(body)))
[Total(measure='arrested', value=14, qualifier='exact', n_figures=2)]
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from heapq import heappop, heappush
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from text_to_num import alpha2digit

from releasekit.rulefiles import RuleFileError, load_cached, packaged_path, read_rule_file, where

from releasekit.extract.clauses import clause_of, clause_spans
from releasekit.extract.prefilter import (
    KeyFinder,
    Prefilter,
    first_char_prefilter,
    fold,
    grouped_alternation,
    min_width,
    trie_pattern,
)
from releasekit.text import MAX_SENTENCE_CHARS, Sentence

__all__ = [
    "CHARTED_MEASURES",
    "MEASURES",
    "Figure",
    "FigureRules",
    "Grammar",
    "Measure",
    "RuleError",
    "Total",
    "charted_measures",
    "extract_figures",
    "load_rules",
    "measure_names",
    "measure_registry",
    "total_figures",
]

#: Strength of a qualifier for totals: the weakest (highest) wins.
_QUALIFIER_RANK: Mapping[str, int] = {"exact": 0, "approx": 1, "at_least": 1, "vague": 2}

_RULES_NAME = "figure_rules.yaml"
#: ``Figure.subject`` of one person referred back to ("He agreed to enter the NRM").
REFERENCE_SUBJECT = "person referred back"


class RuleError(RuleFileError):
    """A figure rule file that cannot be used: the message names the file,
    the section and the rule (an unknown section, key, measure, qualifier,
    scope or kind, or a pattern that does not compile, with its rule name and
    the pattern). A :class:`releasekit.rulefiles.RuleFileError`."""


@dataclass(frozen=True, slots=True)
class Measure:
    """One measure of the registry (codebook section 2)."""

    name: str  # the value of ``figures.measure`` and ``totals.measure``
    label: str  # for charts and tables ("People arrested")
    unit: str  # what is counted: "people" or "places"
    codebook: str  # the section of docs/codebook.md that defines it ("2")
    charted: bool  # charted by default in the notebooks


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure stated in a release: ``body[start:end]`` holds its words."""

    measure: str
    value: int | None
    qualifier: str
    subject: str | None
    location: str | None
    scope: str
    sentence_id: int
    start: int
    end: int
    evidence: str
    rule: str
    role: str = "part"  # total | part | further (how it enters the totals)
    text: str = ""  # the figure's words, body[start:end]


@dataclass(frozen=True, slots=True)
class Total:
    """The release total of one measure (codebook section 3)."""

    measure: str
    value: int | None
    qualifier: str
    n_figures: int


# ------------------------------------------------------------------ rules


@dataclass(frozen=True)
class _NounClass:
    name: str
    measures: tuple[str, ...]
    implied: bool  # the noun itself implies the measure (no cue needed)
    singular: frozenset[str]  # nouns that "a"/"an" + noun counts as 1
    further_is_part: bool = False  # "a further arrest" continues the story


#: The keys of the ``grammar`` section, each a pattern compiled case-insensitively.
_GRAMMAR_KEYS = (
    "coordinated", "and_clause", "verb_after_zero", "past_after", "earlier_after", "singular_verb",
    "partitive_after", "partitive_of_group", "partitive_aside", "custody_passive_after_count", "object_complement", "verb_after_group", "including_before", "alternative_after",
    "coordinated_preposition", "part_clause_after", "finite_verb", "own_verb_after_relative", "fronted_of_the",
    "state_relative", "superlative", "more_in_quote",
)


@dataclass(frozen=True)
class Grammar:
    """Patterns of English grammar the figure frames read (the ``grammar``
    section of the rule file; each never matches when the file lacks it):
    what stands between two coordinated counts, a clause opened by "and",
    the verb after a zero pronoun (groups ``verb`` and ``participle``), an
    adverb of the past after it, a past time after a cue, a singular verb, a
    partitive after a count (of people told before; of a numbered group
    told in it, and the verb after that group's phrase; of people told
    before with an aside before its verb), a custody verb of a count's own
    after it, the complement of an arrested group before the next one,
    "including" before
    a name, an alternative after a cue, a preposition repeated in a
    coordination, a part told in a clause of its own, a finite verb, a
    verb of the count's own after its relative clause, a sentence opened by
    "Of the" before a count, a relative clause that tells a present state, a
    superlative after "of the" and the words that make a quoted group more.
    Their uses are told where each is read in this
    module."""

    coordinated: re.Pattern[str]
    and_clause: re.Pattern[str]
    verb_after_zero: re.Pattern[str]
    past_after: re.Pattern[str]
    earlier_after: re.Pattern[str]
    singular_verb: re.Pattern[str]
    partitive_after: re.Pattern[str]
    partitive_of_group: re.Pattern[str]
    partitive_aside: re.Pattern[str]
    custody_passive_after_count: re.Pattern[str]
    object_complement: re.Pattern[str]
    verb_after_group: re.Pattern[str]
    including_before: re.Pattern[str]
    alternative_after: re.Pattern[str]
    coordinated_preposition: re.Pattern[str]
    part_clause_after: re.Pattern[str]
    finite_verb: re.Pattern[str]
    own_verb_after_relative: re.Pattern[str]
    fronted_of_the: re.Pattern[str]
    state_relative: re.Pattern[str]
    superlative: re.Pattern[str]
    more_in_quote: re.Pattern[str]

    @classmethod
    def of(cls, section: Mapping[str, Any] | None) -> Grammar:
        """Compile the ``grammar`` section (checked by :func:`check_rules`)."""
        section = section or {}
        never = r"(?!)(?P<verb>)(?P<participle>)"  # (a verb_after_zero without the rule still has its groups)
        return cls(**{key: re.compile(section.get(key, never if key == "verb_after_zero" else r"(?!)"), re.I)
                      for key in _GRAMMAR_KEYS})


@dataclass(frozen=True)
class FigureRules:
    """The figure rules of one file (``data/figure_rules.yaml`` by default),
    checked and compiled: :meth:`load` reads any file, :meth:`default` the
    packaged one. ``raw`` is the parsed YAML; the other fields are compiled
    from it and read by the extraction steps of this module.
    """

    raw: Mapping[str, Any]
    masks: tuple[tuple[str, re.Pattern[str]], ...]
    quantity: re.Pattern[str]
    specials: Mapping[str, tuple[str, int]]
    number_words: frozenset[str]
    subject: re.Pattern[str]
    subject_compound: re.Pattern[str]  # ``subject`` with its modifiers taken greedily (see :func:`_count`)
    second_conjunct: re.Pattern[str]
    nouns: Mapping[str, _NounClass]
    classes: Mapping[str, _NounClass]
    bare: re.Pattern[str]
    bare_class: _NounClass
    anaphora: _Ending
    anaphora_the: _Ending | None  # "of the 528 arrests": a numbered restatement
    article_not_after: _Ending
    at_least: _Ending
    approx: _Ending
    at_least_suffix: re.Pattern[str]
    further_before: _Ending
    further_clause: re.Pattern[str]
    #: a sentence opened by an addition ("In addition, two men were arrested ..."): its counts are further groups
    further_opening: re.Pattern[str]
    #: the same people again ("was further arrested on suspicion of ..."): no further group
    further_again: re.Pattern[str]
    #: after a group's predicate, the person it is told beside ("were sentenced alongside him"): others than that person
    further_alongside: re.Pattern[str]
    #: the outcomes ``totals.other_outcome`` tells apart (custodial; other: suspended, community orders)
    outcome_custodial: re.Pattern[str]
    outcome_other: re.Pattern[str]
    total_marker: re.Pattern[str]
    #: a marker right before a count ("bringing the total ... to ten") or after it in its clause ("... in total")
    total_marker_before: re.Pattern[str]
    total_marker_after: re.Pattern[str]
    generic: frozenset[str]
    list_item: re.Pattern[str]
    cues: tuple[tuple[str, str, re.Pattern[str]], ...]
    named: tuple[re.Pattern[str], ...]
    person_age: re.Pattern[str] | None  # one person's age in a list of people ("Smith, 46, and Jones, 44")
    definite: re.Pattern[str] | None
    negated: re.Pattern[str] | None
    age_list: re.Pattern[str] | None
    reference: re.Pattern[str] | None
    named_not_after: _Ending
    #: "31 safe and well visits to addresses": the places after a number of visits (None: no such rule)
    visit_object: re.Pattern[str] | None
    not_names: frozenset[str]
    plural_right: re.Pattern[str]
    plural_modal: re.Pattern[str]
    plural: re.Pattern[str]
    plural_not_after: _Ending
    cue_blocker: _Ending
    cue_blocker_unless: re.Pattern[str]
    #: "has led to five women being supported": an outcome, where "being" blocks no cue (None: no such rule)
    cue_blocker_unless_before: re.Pattern[str] | None
    #: "charged after being arrested": "being" is no blocker before a stage of a case (None: no such rule)
    cue_blocker_unless_stage: re.Pattern[str] | None
    #: the stages of a case, in order (``shared_predicates.stages``)
    stages: tuple[str, ...]
    #: a clause about the whole of the people a count told (``shared_predicates.whole_group``; None: no such rule)
    whole_group: re.Pattern[str] | None
    #: "all but" before a count (``numbers.all_but.before``; None: no such rule)
    all_but: re.Pattern[str] | None
    #: "of the three people arrested": a cue right after it names a group (None: no such rule)
    cue_group_before: re.Pattern[str] | None
    #: "were not identified as victims": a victim status denied (None: no such rule)
    cue_denied: re.Pattern[str] | None
    #: measures whose cues a denial blocks (besides cues with ``requires``)
    denied_measures: frozenset[str]
    #: what may follow "another" standing for a count ("and another in Dundee"; None: no such reading)
    another_before: re.Pattern[str] | None
    apposition: tuple[re.Pattern[str], re.Pattern[str]] | None
    relative_object: re.Pattern[str]
    carry: int
    sticky: re.Pattern[str] | None
    ellipsis: re.Pattern[str]
    not_place_words: frozenset[str]
    scopes: tuple[tuple[str, str, re.Pattern[str], bool, bool], ...]  # name, scope, pattern, sticky, after lead
    location: re.Pattern[str]
    location_stop: re.Pattern[str]
    not_places: frozenset[str]
    location_max: int
    #: "In Preston, nine people were arrested": a place the sentence opens with (None: not read)
    location_fronted: re.Pattern[str] | None
    court_lead: frozenset[str]
    court_retold: frozenset[str]
    court_kinds: frozenset[str]
    further_nouns: frozenset[str]
    further_after: re.Pattern[str]
    period_kinds: frozenset[str]
    background_kinds: frozenset[str]
    clause_boundary: re.Pattern[str]
    relative_clause: re.Pattern[str]
    #: the main verb resuming after a relative clause (", was detained": the clause before is closed)
    main_verb_after: re.Pattern[str]
    verb_after_count: re.Pattern[str]
    own_verb_after_count: re.Pattern[str]
    stative_verb_after_count: re.Pattern[str]
    time_of_clause_before: re.Pattern[str]
    #: a relative clause about a part of the people before it ("three of whom"; not "all of whom")
    part_relative: re.Pattern[str]
    #: a clause that tells how people came to a state ("... remain on bail | after being arrested")
    reason_after: re.Pattern[str]
    #: what may stand between a count and a relative clause about it: its place ("in Birmingham")
    place_before_relative: re.Pattern[str]
    carry_when: re.Pattern[str]
    #: a count referred back by its number ("The two men ..."): carries the scope, not the predicate
    carry_when_numbered: re.Pattern[str]
    carry_when_counted: re.Pattern[str]
    plans: tuple[tuple[str, re.Pattern[str]], ...]
    cue_requires: Mapping[str, re.Pattern[str]]
    cue_before_only: frozenset[str]  # cues whose figure must follow them
    neutral: re.Pattern[str] | None
    prefilters: _Prefilters
    grammar: Grammar

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> FigureRules:
        """Read, check and compile the figure rule file at ``path``.

        Raises :class:`RuleError` (a ``RuleFileError``) naming the file,
        section and rule when the file cannot be read, is not YAML, has an
        unknown section or key, names a measure, qualifier, scope or release
        kind the codebook does not define, or holds a pattern that does not
        compile.
        """
        source = str(path)
        try:
            raw = read_rule_file(path)
        except RuleFileError as error:
            raise RuleError(str(error)) from error
        check_rules(raw, source)
        return _compile(raw)

    @classmethod
    def default(cls) -> FigureRules:
        """The packaged ``data/figure_rules.yaml`` (cached while the file is unchanged)."""
        return load_cached(cls.load, packaged_path(_RULES_NAME))

    @cached_property
    def measures(self) -> tuple[Measure, ...]:
        """The measure registry of this file (``measures`` section), in table
        order (read once per rules object)."""
        return _measures_of(self.raw)

    @cached_property
    def definite_plural(self) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
        """``numbers.definite_plural`` compiled ("the women were ..."), with a
        cheaper pattern that every text holding a match matches (it starts
        with a literal, so ``re`` skips ahead: a release is searched in a few
        microseconds); None without the rule."""
        spec = (self.raw.get("numbers") or {}).get("definite_plural")
        if not spec:
            return None
        rest = (rf"\s+(?:(?:{_words(spec['modifiers'])})\s+)?(?P<noun>{_words(spec['nouns'])})\b"
                rf"(?=\s+(?:{_words(spec['verbs'])})\b)")
        return re.compile(r"\b[Tt]he" + rest), re.compile("he" + rest)

    @cached_property
    def pronoun_group(self) -> re.Pattern[str] | None:
        """A sentence opened by a plural pronoun before one of the verbs of
        ``numbers.definite_plural`` ("They have since been charged"), read
        once per rules object; None without ``pronouns``."""
        spec = (self.raw.get("numbers") or {}).get("definite_plural") or {}
        if not spec.get("pronouns"):
            return None
        return re.compile(rf"^\W*(?:{'|'.join(map(re.escape, spec['pronouns']))})\b(?=\s+(?:{_words(spec['verbs'])})\b)")

    @cached_property
    def generic_heads(self) -> frozenset[str | None]:
        """The head nouns of the generic subjects (``totals.generic``), read once per rules object."""
        return frozenset(_head(g) for g in self.generic)


@dataclass(frozen=True)
class _Prefilters:
    """Prefilters of the rule patterns run on every sentence (see
    :class:`Prefilter`), and the pattern variants compiled from them."""

    implied: Prefilter  # nouns that imply their measure ("arrests", "officers")
    any_cue: Prefilter  # every measure cue
    any_count: Prefilter  # every quantity that can count with a noun, a name or alone
    masks: tuple[Prefilter, ...]
    quantity: tuple[tuple[str, Prefilter], ...]  # (alternative, its prefilter)
    # each alternative alone, behind a lookahead of its first characters (None
    # when one may match the empty string: the whole pattern is run instead)
    quantity_parts: tuple[tuple[re.Pattern[str], Prefilter], ...] | None
    cues: tuple[Prefilter, ...]  # per cue rule
    scopes: tuple[Prefilter, ...]
    any_scope: Prefilter  # every scope marker (a clause with none is not read further)
    named: tuple[Prefilter, ...]
    definite: Prefilter | None  # of rules.definite ("the driver was arrested")
    negated: Prefilter | None  # of rules.negated ("have not been charged with any offence")
    plural: Prefilter
    sticky: Prefilter | None
    plans: tuple[Prefilter, ...]  # per plan rule
    keys: KeyFinder  # the keys of all the prefilters above, found in one pass per text
    # the key-set bits each prefilter needs (KeyFinder.need): a text whose
    # KeyFinder.bits lack one of them cannot match its pattern
    needs: _Needs
    # per-release memos (emptied by each extract_figures call): a sentence's
    # clauses and a text's scope marker are read by several steps
    clause_memo: dict[str, list[tuple[int, int]]]
    scope_memo: dict[tuple[str, bool], tuple[str | None, str | None, bool]]
    bits_memo: dict[str, int]  # a figure sentence's key-set bits (KeyFinder.bits of KeyFinder.present)


@dataclass(frozen=True)
class _Needs:
    """:meth:`KeyFinder.need` of the prefilters of :class:`_Prefilters` run
    per sentence, in the order of their patterns: ``bits & need == need``
    for a sentence's bits means that the pattern may match there."""

    implied: int
    any_cue: int
    any_count: int
    masks: tuple[int, ...]
    quantity_parts: tuple[int, ...]  # of _Prefilters.quantity (aligned with quantity_parts)
    cues: tuple[int, ...]
    scopes: tuple[int, ...]
    any_scope: int
    named: tuple[int, ...]
    definite: int  # 0 (always run) without a prefilter
    negated: int
    plural: int
    plans: tuple[int, ...]

    @classmethod
    def of(cls, finder: KeyFinder, prefilters: Mapping[str, Any]) -> _Needs:
        """The needs of ``prefilters`` (the keyword arguments of :class:`_Prefilters`)."""
        need = finder.need

        def optional(prefilter: Prefilter | None) -> int:
            return need(prefilter) if prefilter is not None else 0

        return cls(
            implied=need(prefilters["implied"]),
            any_cue=need(prefilters["any_cue"]),
            any_count=need(prefilters["any_count"]),
            masks=tuple(map(need, prefilters["masks"])),
            quantity_parts=tuple(need(prefilter) for _, prefilter in prefilters["quantity"]),
            cues=tuple(map(need, prefilters["cues"])),
            scopes=tuple(map(need, prefilters["scopes"])),
            any_scope=need(prefilters["any_scope"]),
            named=tuple(map(need, prefilters["named"])),
            definite=optional(prefilters["definite"]),
            negated=optional(prefilters["negated"]),
            plural=need(prefilters["plural"]),
            plans=tuple(map(need, prefilters["plans"])),
        )


_OPENS_WITH_BOUNDARY = re.compile(r"\(\?P<\w+>\\b")


def _factor_boundary(parts: Sequence[str]) -> str:
    """``A|B|C`` with the word boundary that opens the first alternatives
    written once: ``\\b(?:A|B)|C`` tries the same alternatives in the same
    order, and gives up on all of them at once inside a word."""
    n = 0
    while n < len(parts) and _OPENS_WITH_BOUNDARY.match(parts[n]):
        n += 1
    if n < 2:
        return "|".join(parts)
    return r"\b(?:" + "|".join(parts[:n]) + ")" + "".join("|" + part for part in parts[n:])


def _first_char_prefiltered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead of its first characters (same matches,
    see :func:`first_char_prefilter`); prefilters read the keys of the plain one."""
    return re.compile(first_char_prefilter(pattern.pattern, pattern.flags), pattern.flags)


def _any_of(*sources: str) -> Prefilter:
    """A prefilter that passes when any of the patterns ``sources`` may match
    (their union is only read for keys, never run; group names are dropped
    to join them, and case is ignored: more keys pass, never fewer)."""
    union = "|".join(f"(?:{re.sub(r'[(][?]P<[^>]*>', '(?:', source)})" for source in sources)
    return Prefilter.for_keys(union, re.I)


def _flat_words(items: Iterable[str]) -> str:
    """:func:`_words` as a flat list, longest first: the same matches; the
    prefilters read their keys (whole words) from it."""
    ordered = sorted({w.lower() for w in items}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


def _words(items: Iterable[str]) -> str:
    """Alternation of literal words/phrases, longest first, spaces flexible.

    Written as a trie ("arrest(?:s)?", "a(?:\\s+number\\s+of|n(?:other)?)?"):
    at a position the phrases that match are prefixes of one another, and
    the trie tries them longest first like a flat list sorted longest first,
    so the matches are the same, with far fewer attempts per position.
    """
    trie: dict[str, Any] = {}
    for phrase in {w.lower() for w in items}:
        node = trie
        for i, word in enumerate(phrase.split()):
            if i:
                node = node.setdefault(" ", {})  # any run of whitespace
            for char in word:
                node = node.setdefault(char, {})
        node[""] = {}
    return trie_pattern(trie, space=r"\s+")


#: The first word (run of \w) of a reversed text, after its whitespace: the last word of the text.
_FIRST_WORD = re.compile(r"\s*(\w+)")
#: A phrase that ends in a word (run of \w), and that word.
_ENDS_IN_WORD = re.compile(r"(?:^|.*\W)(?P<last>\w+)", re.S)


@dataclass(frozen=True)
class _Ending:
    """One of the phrases ``items`` ending a text, read before a figure
    ("more than", "a further", "the"): :meth:`ends` finds it.

    ``pattern`` finds a phrase (case ignored, any whitespace between its
    words, none of its word characters glued to a word before it) followed
    by nothing but whitespace. ``last_words`` holds the last word (run of
    ``\\w``) of every phrase, lower-cased; None when a phrase ends in another
    character or a word is not ASCII (then every text is searched).
    """

    pattern: re.Pattern[str]
    last_words: frozenset[str] | None

    @classmethod
    def of(cls, items: Iterable[str]) -> _Ending:
        items = list(items)
        pattern = re.compile(rf"(?:^|(?<=[^\w]))(?:{_words(items)})\s*$", re.I)
        ends = [_ENDS_IN_WORD.fullmatch(item.strip()) for item in items]
        last = {end.group("last").lower() for end in ends if end is not None}
        known = all(ends) and all(word.isascii() and word == fold(word) for word in last)
        return cls(pattern, frozenset(last) if known else None)

    def ends(self, text: str, end: int, window: int = 48) -> re.Match[str] | None:
        """The phrase that ends ``text[:end]`` (trailing whitespace aside),
        the match of ``pattern`` searched in its last ``window`` characters;
        None without one.

        A phrase ends in one of ``last_words``, and that word is the whole
        run of word characters that ends the text (the phrase's words are
        not glued to a word before them), read backwards from ``end`` with
        one anchored match, so most texts are not searched at all. The
        run, compared as :func:`fold` reads it, equals a last word wherever
        ``re.IGNORECASE`` matches it (a run cut by the window can only
        pass where no phrase lies whole in it: the search then finds none).
        """
        start = max(0, end - window)
        if self.last_words is not None:
            word = _FIRST_WORD.match(text[start:end][::-1])
            if word is None or fold(word.group(1)[::-1]) not in self.last_words:
                return None
        return self.pattern.search(text, start, end)


def _ending(items: Iterable[str]) -> _Ending:
    """A phrase that ends the text before a figure (see :class:`_Ending`)."""
    return _Ending.of(items)


def _glued(pattern: str) -> str:
    """A cue pattern that also ends before a glued number ("arrested11
    people": codebook section 10), where its closing word boundary fails."""
    return pattern[:-2] + r"(?:\b|(?=\d))" if pattern.endswith(r"\b") else pattern


@dataclass(frozen=True)
class _Numbers:
    """Step 1 of :func:`_compile`: the quantity pattern and its parts."""

    specials: Mapping[str, tuple[str, int]]  # phrase -> (rule name, value): "a dozen"
    number_words: frozenset[str]
    parts: list[str]  # the named alternatives, tries (see _quantity_alternatives)
    flat: list[str]  # the same alternatives as flat word lists (for prefilters)
    quantity: re.Pattern[str]


@dataclass(frozen=True)
class _Subjects:
    """Step 2 of :func:`_compile`: the classes of counted nouns."""

    nouns: dict[str, _NounClass]  # noun -> its class
    classes: dict[str, _NounClass]  # key in the file -> class
    bare: _NounClass  # the class of a number with no noun


@dataclass(frozen=True)
class _Special:
    """Step 5 of :func:`_compile`: the special quantity patterns of ``numbers``."""

    names: str  # a list of one to four names ("Smith, Jones and Brown")
    named: tuple[re.Pattern[str], ...]
    person_age: re.Pattern[str] | None  # one person's age in a list of people ("Smith, 46, and Jones, 44")
    definite: re.Pattern[str] | None
    negated: re.Pattern[str] | None
    age_list: re.Pattern[str] | None
    reference: re.Pattern[str] | None
    plural: re.Pattern[str]


_Scope = tuple[str, str, re.Pattern[str], bool, bool]  # name, scope, pattern, sticky, after lead
#: The order in which scope markers are tried: strong markers first, weak period ones last.
_SCOPE_ORDER = (("background", False), ("period", False), ("current", False), ("period", True))


def _flags(rule: Mapping[str, Any]) -> int:
    """Regex flags of a rule: case-insensitive unless it says ``case_sensitive: true``."""
    return 0 if rule.get("case_sensitive") else re.I


def _optional_pattern(pattern: str | None) -> re.Pattern[str] | None:
    """``pattern`` compiled case-insensitively, None when the file has none."""
    return re.compile(pattern, re.I) if pattern else None


def _optional(rule: Mapping[str, Any] | None, flags: int) -> re.Pattern[str] | None:
    """The compiled ``pattern`` of an optional rule (None when the file has none)."""
    return re.compile(rule["pattern"], flags) if rule else None


def _number_patterns(numbers: Mapping[str, Any]) -> _Numbers:
    """Step 1: special phrases, number words and the quantity pattern."""
    specials = {s["phrase"].lower(): (s["name"], int(s["value"])) for s in numbers["special"]}
    number_words = frozenset(w.lower() for w in numbers["words"]["words"])
    parts = _quantity_alternatives(numbers, specials, number_words, _words)
    flat = _quantity_alternatives(numbers, specials, number_words, _flat_words)
    return _Numbers(specials, number_words, parts, flat, re.compile("|".join(parts), re.I))


def _subject_classes(subjects: Mapping[str, Any]) -> _Subjects:
    """Step 2: each class of counted nouns, and the class of a bare number
    (the entry without nouns; without one a bare number counts nothing)."""
    nouns: dict[str, _NounClass] = {}
    classes: dict[str, _NounClass] = {}
    bare = _NounClass("noun_none", (), False, frozenset())
    for key, spec in subjects.items():
        cls = _NounClass(
            spec["name"],
            (spec["measure"],) if "measure" in spec else tuple(spec["measures"]),
            implied="measure" in spec and not spec.get("needs_cue", False),
            singular=frozenset(" ".join(n.lower().split()) for n in spec.get("singular", [])),
            further_is_part=bool(spec.get("further_is_part", False)),
        )
        classes[key] = cls
        if not spec.get("nouns"):
            bare = cls
        for noun in spec.get("nouns", []):
            nouns.setdefault(" ".join(noun.lower().split()), cls)
    return _Subjects(nouns, classes, bare)


def _counted_patterns(raw: Mapping[str, Any], nouns: Iterable[str], number_words: frozenset[str]) -> dict[str, re.Pattern[str]]:
    """Step 3: the counted noun after a quantity (``subject``, with up to
    ``max_modifiers`` modifiers), a second conjunct ("and six women") and
    what may follow a bare number (``bare``)."""
    mods = raw["modifiers"]
    not_mod = _words(mods["not_modifiers"] + list(number_words))
    # a modifier may stand in quotes: "more than 40 'cuckooed' addresses"
    mod = rf"(?:\d+[\s-]years?[\s-]old|['‘\"“]?(?!(?:{not_mod})(?![\w’'-]))[A-Za-z][\w’'-]*[\"”]?)"
    noun_alt = _words(nouns)
    def subject_pattern(lazy: str) -> re.Pattern[str]:
        return re.compile(
            rf"(?P<after>\s+(?:{_words(raw['further']['after'])})\b)?"
            rf"(?:\s+{mod}){{0,{int(mods['max_modifiers'])}}}{lazy}\s+(?P<noun>{noun_alt})\b"
            r"(?!\s+(?:arrest\s+)?warrants?\b)",
            re.I,
        )

    subject = subject_pattern("?")
    second = re.compile(rf"\s+and\s+(?!a\b|an\b)(?:{mod}\s+){{0,2}}?(?P<noun>{noun_alt})\b", re.I)
    followers = raw["bare_followers"]
    word_followers = [f for f in followers if re.fullmatch(r"[\w ]+", f)]
    sym_followers = [f for f in followers if not re.fullmatch(r"[\w ]+", f) and f != "$"]
    bare = re.compile(
        rf"\s*(?:(?:{_words(word_followers)})\b|[{''.join(map(re.escape, sym_followers))}]|$)",
        re.I,
    )
    return {"subject": subject, "subject_compound": subject_pattern(""), "second_conjunct": second, "bare": bare}


def _cue_patterns(cues: Sequence[Mapping[str, Any]]) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Step 4a: (name, measure, pattern) of each measure cue."""
    return tuple((c["name"], c["measure"], re.compile("|".join(map(_glued, c["patterns"])), re.I)) for c in cues)


def _scope_patterns(scope: Mapping[str, Any]) -> tuple[_Scope, ...]:
    """Step 4b: the scope markers, in the order they are tried (``_SCOPE_ORDER``)."""
    return tuple(
        (r["name"], name, re.compile(r["pattern"], _flags(r)), bool(r.get("sticky", False)), bool(r.get("only_after_lead", False)))
        for name, weak in _SCOPE_ORDER
        for r in scope[name]
        if bool(r.get("weak", False)) == weak
    )


def _special_patterns(numbers: Mapping[str, Any]) -> _Special:
    """Step 5: named people, definite and negated counts, age lists, a
    person referred back, and bare plurals ("rescued suspected victims")."""
    named = numbers["named"]
    one_name = named["name_pattern"]
    names = rf"{one_name}(?:\s*,\s*{one_name}){{0,2}}(?:,?\s+and\s+{one_name})?"
    person = named.get("person_pattern", "").replace("{name}", one_name)
    # the empty group ``people`` marks a pattern whose names are counted by their ages (see :func:`_named`)
    # ... the last perhaps told by kinship ("Adebayo Ogunleye, 58, and his wife Funmilayo Ogunleye, 54")
    kin = "|".join(re.escape(w) for w in named.get("relations", ()))
    related = rf"(?:(?:his|her|their)\s+(?:{kin})\s+)?" if kin else ""
    people = rf"{person}(?:\s*,\s*{person}){{0,2}}\s*,?\s+and\s+{related}{person}(?P<people>)" if person else ""
    plural = numbers["bare_plural"]
    reference = numbers.get("reference")
    return _Special(
        names=names,
        named=tuple(re.compile(p.replace("{names}", names).replace("{people}", people)) for p in named["patterns"]),
        person_age=re.compile(named["person_age"]) if named.get("person_age") else None,
        definite=_optional(numbers.get("definite"), 0),
        negated=_optional(numbers.get("negated"), re.I),
        age_list=_optional(numbers.get("age_list"), re.I),
        reference=_optional(reference, _flags(reference)) if reference else None,
        plural=re.compile(rf"\b(?:(?:{_words(plural['modifiers'])})\s+)?(?P<noun>{_words(plural['nouns'])})\b", re.I),
    )


def _sticky_pattern(scopes: Sequence[_Scope]) -> re.Pattern[str] | None:
    """Step 4c: one pattern of every sticky scope marker (None without any)."""
    sticky = [f"(?:{p.pattern})" for _, _, p, st, _ in scopes if st]
    return re.compile("|".join(sticky), re.I) if sticky else None


def _rule_prefilters(
    raw: Mapping[str, Any],
    numbers: _Numbers,
    subjects: _Subjects,
    special: _Special,
    masks: Sequence[tuple[str, re.Pattern[str]]],
    cues: Sequence[tuple[str, str, re.Pattern[str]]],
    scopes: Sequence[_Scope],
    sticky: re.Pattern[str] | None,
) -> _Prefilters:
    """Step 6: the prefilters of the patterns run on every sentence (see
    :class:`Prefilter`); they read their keys from flat word lists."""
    plural = raw["numbers"]["bare_plural"]
    implied_nouns = [noun for noun, cls in subjects.nouns.items() if cls.implied]
    optional = [p.pattern for p in (special.definite, special.negated, special.age_list) if p is not None]
    prefilters = dict(
        implied=Prefilter.for_keys(rf"\b(?:{_flat_words(implied_nouns)})\b", re.I),
        any_cue=Prefilter.for_keys("|".join(p for c in raw["cues"] for p in c["patterns"]), re.I),
        any_count=_any_of(
            rf"\s(?:{_flat_words(subjects.nouns)})\b",  # the noun after an article, a vague word...
            *numbers.flat[1:2],  # "a dozen"
            *numbers.flat[-2:],  # number words, digits
            rf"\b(?:{_flat_words(plural['nouns'])})\b",
            *(pattern.pattern for pattern in special.named),
            *optional,
            # a person referred back counts only with the NRM named: its keys, not "He"
            *((r"\b(?:NRM|National Referral Mechanism)\b",) if special.reference else ()),
        ),
        masks=tuple(Prefilter(pattern) for _, pattern in masks),
        quantity=tuple(
            (part, Prefilter(re.compile(part, re.I), keys_from=flat)) for part, flat in zip(numbers.parts, numbers.flat)
        ),
        cues=tuple(Prefilter(pattern) for _, _, pattern in cues),
        scopes=tuple(Prefilter(pattern) for _, _, pattern, _, _ in scopes),
        any_scope=_any_of(*(pattern.pattern for _, _, pattern, _, _ in scopes)),
        named=tuple(Prefilter(pattern) for pattern in special.named),
        definite=Prefilter(special.definite) if special.definite is not None else None,
        negated=Prefilter(special.negated) if special.negated is not None else None,
        plural=Prefilter(
            special.plural,
            keys_from=rf"\b(?:(?:{_flat_words(plural['modifiers'])})\s+)?(?P<noun>{_flat_words(plural['nouns'])})\b",
        ),
        sticky=Prefilter(sticky) if sticky is not None else None,
        plans=tuple(Prefilter(re.compile(r["pattern"], _flags(r))) for r in raw["scope"].get("plan", [])),
    )
    every: list[Prefilter] = []
    for value in prefilters.values():
        if isinstance(value, Prefilter):
            every.append(value)
        elif isinstance(value, tuple):
            every += [p[1] if isinstance(p, tuple) else p for p in value]
    parts = tuple((_first_char_prefiltered(prefilter.pattern), prefilter) for _, prefilter in prefilters["quantity"])
    nonempty = all(min_width(pattern) for pattern, _ in parts)
    keys = KeyFinder(every)
    return _Prefilters(
        **prefilters,
        quantity_parts=parts if nonempty else None,
        keys=keys,
        needs=_Needs.of(keys, prefilters),
        clause_memo={},
        scope_memo={},
        bits_memo={},
    )


def _word_endings(raw: Mapping[str, Any], number_words: frozenset[str]) -> dict[str, Any]:
    """Step 7a: the word lists read just before a quantity (anaphora,
    qualifiers, "a further", cue blockers) and the totals' word lists."""
    numbers, quals, plural = raw["numbers"], raw["qualifiers"], raw["numbers"]["bare_plural"]
    return {
        "anaphora": _ending(raw["anaphora"]["before"]),
        "anaphora_the": _ending(raw["anaphora"]["restating"]) if raw["anaphora"].get("restating") else None,
        "article_not_after": _ending(numbers["article"]["not_after"]),
        "at_least": _ending(quals["at_least"]["words"]),
        "approx": _ending(quals["approx"]["words"]),
        "at_least_suffix": re.compile("|".join(re.escape(s) for s in quals["at_least"].get("suffix", ["+"]))),
        "further_before": _ending(raw["further"]["before"]),
        "further_clause": re.compile(rf"\b(?:{_words(raw['further']['clause'])})\b", re.I),
        "further_nouns": frozenset(w.lower() for w in raw["further"].get("nouns", [])),
        "further_opening": re.compile(
            rf"^\W*(?:{_words(raw['further'].get('opening', []))})(?:\s+to\s+(?:these|this|that|those|them))?\s*,", re.I
        ) if raw["further"].get("opening") else re.compile(r"(?!)"),
        "further_again": re.compile(raw["further"].get("again", r"(?!)"), re.I),
        "further_alongside": re.compile(raw["further"].get("alongside", r"(?!)"), re.I),
        "outcome_custodial": re.compile((raw["totals"].get("other_outcome") or {}).get("custodial", r"(?!)"), re.I),
        "outcome_other": re.compile((raw["totals"].get("other_outcome") or {}).get("other", r"(?!)"), re.I),
        "further_after": re.compile(rf"\s+(?:{_words(raw['further']['after'])})\b", re.I),
        "total_marker": re.compile(rf"\b(?:{_words(raw['totals']['total_markers']['words'])})\b", re.I),
        "total_marker_before": re.compile(raw["totals"]["total_markers"].get("before", r"(?!)"), re.I),
        "total_marker_after": re.compile(raw["totals"]["total_markers"].get("after", r"(?!)"), re.I),
        "generic": frozenset(" ".join(s.lower().split()) for s in raw["totals"]["generic"]["subjects"]),
        "list_item": re.compile(raw["totals"]["list_item"]["pattern"]),
        "named_not_after": _ending(numbers["named"]["not_after"]),
        "visit_object": (
            re.compile(numbers["visits"]["pattern"].replace("{nouns}", _words(raw["subjects"]["places"]["nouns"])), re.I)
            if numbers.get("visits") and "places" in raw["subjects"] else None
        ),
        "not_names": frozenset(numbers["named"]["not_names"]),
        "plural_right": re.compile(plural["right_between"], re.I),
        "plural_modal": re.compile(plural["not_after_modal"], re.I),
        "plural_not_after": _ending(plural["not_after"] + list(number_words)),
        "cue_blocker": _ending(raw["cue_blockers"]["before"]),
        "cue_blocker_unless": re.compile(raw["cue_blockers"]["unless_after"], re.I),
        "cue_blocker_unless_before": (
            re.compile(raw["cue_blockers"]["unless_before"], re.I) if raw["cue_blockers"].get("unless_before") else None
        ),
        "cue_blocker_unless_stage": (
            re.compile(raw["cue_blockers"]["unless_stage_before"], re.I) if raw["cue_blockers"].get("unless_stage_before") else None
        ),
        "stages": tuple((raw.get("shared_predicates") or {}).get("stages") or ()),
        "whole_group": _optional_pattern((raw.get("shared_predicates") or {}).get("whole_group")),
        "all_but": _optional_pattern((raw["numbers"].get("all_but") or {}).get("before")),
        "cue_group_before": (
            re.compile(raw["cue_blockers"]["group_before"], re.I) if raw["cue_blockers"].get("group_before") else None
        ),
        "denied_measures": frozenset(raw["cue_blockers"].get("denied_measures", [])),
        "apposition": (
            (re.compile(numbers["article"]["apposition"]["before"], re.I),
             re.compile(numbers["article"]["apposition"]["after"], re.I))
            if numbers["article"].get("apposition") else None
        ),
        "another_before": (
            re.compile(numbers["article"]["another_before"], re.I) if numbers["article"].get("another_before") else None
        ),
        "cue_denied": (
            re.compile(first_char_prefilter(raw["cue_blockers"]["denied"], re.I), re.I)
            if raw["cue_blockers"].get("denied") else None
        ),
        "relative_object": re.compile(raw["relative_object"]["pattern"], re.I),
        "ellipsis": re.compile(raw["ellipsis"]["joiner"], re.I),
    }


def _place_patterns(loc: Mapping[str, Any]) -> dict[str, Any]:
    """Step 7b: the place after a figure ("in Luton", "from Kent")."""
    place = r"[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|upon|on|de|le))*"
    return {
        "not_place_words": frozenset(loc.get("not_place_words", [])),
        "location": re.compile(rf"\b(?:{_words(loc['prepositions'])})\s+(?:the\s+)?(?P<place>{place})"),
        "location_stop": re.compile("|".join(loc["stop"])),
        "not_places": frozenset(loc["not_places"]),
        "location_max": int(loc["max_chars"]),
        "location_fronted": re.compile(
            rf"^\W*(?i:{_words(loc['fronted']['prepositions'])})\s+(?:the\s+)?(?P<place>{place})\s*,"
        ) if loc.get("fronted") else None,
    }


def _frame_patterns(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Step 7c: clauses, scope carrying, plans, release kinds and cue conditions."""
    scope, court = raw["scope"], raw["court_release"]
    return {
        "carry": int(scope.get("carry_sentences", 0)),
        "court_lead": frozenset(court["lead_measures"]),
        "court_retold": frozenset(court["retold_measures"]),
        "court_kinds": frozenset(court.get("kinds", [])),
        "period_kinds": frozenset(raw.get("period_kinds", {}).get("kinds", [])),
        "background_kinds": frozenset(raw.get("background_kinds", {}).get("kinds", [])),
        "clause_boundary": re.compile(
            first_char_prefilter(grouped_alternation(raw["clauses"]["boundaries"], re.I), re.I), re.I
        ),
        "relative_clause": re.compile(raw["clauses"].get("relative", r"(?!)"), re.I),
        "main_verb_after": re.compile(raw["clauses"].get("main_verb_after", r"(?!)"), re.I),
        "verb_after_count": re.compile(raw["clauses"].get("verb_after_count", r"(?!)"), re.I),
        "own_verb_after_count": re.compile(raw["clauses"].get("own_verb_after_count", r"(?!)"), re.I),
        "stative_verb_after_count": re.compile(raw["clauses"].get("stative_verb_after_count", r"(?!)"), re.I),
        "time_of_clause_before": re.compile(raw["clauses"].get("time_of_clause_before", r"(?!)"), re.I),
        "part_relative": re.compile(raw["clauses"].get("part_relative", r"(?!)"), re.I),
        "reason_after": re.compile(raw["clauses"].get("reason_after", r"(?!)"), re.I),
        "place_before_relative": re.compile(raw["clauses"].get("place_before_relative", r"(?!)")),
        "carry_when": re.compile(scope.get("carry_when", r"(?!)"), re.I),
        "carry_when_numbered": re.compile(scope.get("carry_when_numbered", r"(?!)"), re.I),
        "carry_when_counted": re.compile(scope.get("carry_when_counted", r"(?!)"), re.I),
        "plans": tuple((r["name"], re.compile(r["pattern"], _flags(r))) for r in scope.get("plan", [])),
        "cue_requires": {c["name"]: re.compile(c["requires"], re.I) for c in raw["cues"] if "requires" in c},
        "cue_before_only": frozenset(c["name"] for c in raw["cues"] if c.get("figure_after")),
        "neutral": (
            re.compile(first_char_prefilter("|".join(raw["neutral_predicates"]["patterns"]), re.I), re.I)
            if raw.get("neutral_predicates")
            else None
        ),
    }


def _compile(raw: Mapping[str, Any]) -> FigureRules:
    """Compile checked rules (see :func:`check_rules`): numbers, counted
    nouns, the patterns after a quantity, cues and scopes, special
    quantities, prefilters, then the word lists, places and frames."""
    numbers = _number_patterns(raw["numbers"])
    subjects = _subject_classes(raw["subjects"])
    counted = _counted_patterns(raw, subjects.nouns, numbers.number_words)
    cues = _cue_patterns(raw["cues"])
    scopes = _scope_patterns(raw["scope"])
    sticky = _sticky_pattern(scopes)
    special = _special_patterns(raw["numbers"])
    masks = tuple((m["name"], re.compile(m["pattern"], _flags(m))) for m in raw["not_counts"])
    prefilters = _rule_prefilters(raw, numbers, subjects, special, masks, cues, scopes, sticky)
    return FigureRules(
        raw=raw,
        grammar=Grammar.of(raw.get("grammar")),
        masks=tuple((name, _first_char_prefiltered(pattern)) for name, pattern in masks),
        quantity=numbers.quantity,
        specials=numbers.specials,
        number_words=numbers.number_words,
        nouns=subjects.nouns,
        classes=subjects.classes,
        bare_class=subjects.bare,
        cues=tuple((name, measure, _first_char_prefiltered(pattern)) for name, measure, pattern in cues),
        named=tuple(_first_char_prefiltered(pattern) for pattern in special.named),
        person_age=special.person_age,
        definite=_first_char_prefiltered(special.definite) if special.definite else None,
        negated=_first_char_prefiltered(special.negated) if special.negated else None,
        age_list=_first_char_prefiltered(special.age_list) if special.age_list else None,
        reference=_first_char_prefiltered(special.reference) if special.reference else None,
        plural=_first_char_prefiltered(special.plural),
        sticky=sticky,
        scopes=tuple((n, scope, _first_char_prefiltered(p), st, after) for n, scope, p, st, after in scopes),
        prefilters=prefilters,
        **counted,
        **_word_endings(raw, numbers.number_words),
        **_place_patterns(raw["location"]),
        **_frame_patterns(raw),
    )


def _quantity_alternatives(
    numbers: Mapping[str, Any],
    specials: Mapping[str, Any],
    number_words: frozenset[str],
    words: Callable[[Iterable[str]], str],
) -> list[str]:
    """The named alternatives of the quantity pattern, in priority order
    (``words`` writes the word lists: as tries, or flat for prefilters)."""
    nw = words(number_words)
    number_run = (
        rf"\b(?:{nw})(?:(?:[\s-]+|(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+)(?:{nw}))*\b"
    )
    return [
        rf"(?P<vague>\b(?:{words(numbers['vague']['words'])})\b)",
        rf"(?P<special>\b(?:{words(specials)})\b)",
        rf"(?P<zero>\b(?:{words(numbers['zero']['words'])})\b)",
        rf"(?P<article>\b(?:{words(numbers['article']['words'])})\b)",
        rf"(?P<possessive>{numbers['possessive']['pattern']})",
        rf"(?P<words>{number_run})",
        # "arrested11 people": a number glued to a lower-case word is still a number
        r"(?P<digits>(?:(?<![\w£$€.,:/#-])|(?<=[a-z]{4}))(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w£$€]|[.,:/-]\d))",
    ]


def _checked_raw(path: str) -> Any:
    """The figure rule file at ``path`` as read, its sections and measure registry checked (no pattern
    compiled: the rest is checked by :meth:`FigureRules.load`).

    Raises :class:`RuleError` as :meth:`FigureRules.load` does for a file that cannot be read or a faulty registry."""
    try:
        raw = read_rule_file(path)
    except RuleFileError as error:
        raise RuleError(str(error)) from error
    if not isinstance(raw, Mapping):
        raise RuleError(f"{where(path)}: not a mapping of sections")
    check = _Checker(raw, path)
    check.sections()
    check.registry()
    return raw


def load_rules(path: str | os.PathLike[str] | None = None) -> FigureRules:
    """:meth:`FigureRules.load` of ``path``, or :meth:`FigureRules.default`
    when it is None (kept for callers of the earlier API)."""
    return FigureRules.default() if path is None else FigureRules.load(path)


def measure_registry(rules: FigureRules | None = None) -> tuple[Measure, ...]:
    """The measures, in table order, from the rule file's ``measures`` section
    (of the packaged file, read and checked but not compiled, when ``rules`` is None;
    kept on ``rules`` otherwise: :attr:`FigureRules.measures`)."""
    if rules is not None:
        return rules.measures
    return _measures_of(load_cached(_checked_raw, packaged_path(_RULES_NAME)))


def _measures_of(raw: Mapping[str, Any]) -> tuple[Measure, ...]:
    """The :class:`Measure` entries of a checked rule file's ``measures`` section."""
    return tuple(
        Measure(m["name"], m["label"], m["unit"], str(m["codebook"]), bool(m["charted"])) for m in raw["measures"]
    )


# --------------------------------------------------------------- checking

_QUALIFIERS = ("exact", "at_least", "approx", "vague")
_SCOPES = ("current", "period", "background")
_KINDS = ("operation", "charge", "court", "statistics", "awareness", "funding", "other")
_UNITS = ("people", "places")
#: Keys each section may hold ("*": a mapping of named entries checked below).
_SECTIONS: Mapping[str, frozenset[str] | None] = {
    "version": None,
    "measures": frozenset({"name", "label", "unit", "codebook", "charted"}),
    "grammar": frozenset({"name", *_GRAMMAR_KEYS}),
    "clauses": frozenset({"boundaries", "relative", "main_verb_after", "place_before_relative", "verb_after_count",
                          "own_verb_after_count", "stative_verb_after_count", "time_of_clause_before",
                          "part_relative", "reason_after"}),
    "numbers": frozenset({"max_value", "digits", "words", "special", "article", "named",
                          "bare_plural", "possessive", "zero", "vague", "ordinal", "collective", "definite",
                          "negated", "age_list", "reference", "visits", "definite_plural", "all_but"}),
    "modifiers": frozenset({"max_modifiers", "not_modifiers"}),
    "bare_followers": None,
    "cue_distance": frozenset({"max_left_chars", "max_left_chars_short", "max_right_chars_bare"}),
    "ellipsis": frozenset({"name", "max_chars", "joiner"}),
    "not_counts": frozenset({"name", "pattern", "case_sensitive"}),
    "qualifiers": frozenset(_QUALIFIERS) - {"exact", "vague"},
    "relative_object": frozenset({"name", "pattern"}),
    "anaphora": frozenset({"name", "before", "restating"}),
    "further": frozenset({"name", "before", "after", "clause", "nouns", "opening", "again", "alongside"}),
    "totals": frozenset({"total_markers", "generic", "lead", "list_item", "restatement_tolerance",
                         "disjoint_groups", "subset", "headline", "example_list", "example_sentence", "other_outcome", "places_abroad", "with_part",
                         "breakdown", "results_list", "quoted", "beside"}),
    "subjects": None,
    "cues": frozenset({"name", "measure", "patterns", "requires", "figure_after"}),
    "cue_blockers": frozenset({"name", "before", "unless_after", "unless_before", "unless_stage_before", "not_for", "group_before", "denied",
                                "denied_measures"}),
    "neutral_predicates": frozenset({"name", "patterns"}),
    "shared_predicates": frozenset({"name", "joiner", "whole_group", "stages"}),
    "scope": frozenset({"carry_sentences", "carry_when", "carry_when_numbered", "carry_when_counted", "plan", *_SCOPES}),
    "period_kinds": frozenset({"name", "kinds"}),
    "background_kinds": frozenset({"name", "kinds"}),
    "court_release": frozenset({"name", "kinds", "lead_measures", "retold_measures"}),
    "location": frozenset({"prepositions", "not_place_words", "not_places", "stop", "max_chars", "fronted"}),
}
_SUBJECT_KEYS = frozenset({"name", "measure", "measures", "needs_cue", "further_is_part", "nouns", "singular"})
_REFERENCE_KEYS = frozenset({"name", "measure", "pattern", "case_sensitive"})
_DEFINITE_PLURAL_KEYS = frozenset({"name", "nouns", "modifiers", "verbs", "pronouns"})
#: Keys each entry of ``numbers`` may hold (``reference`` and ``definite_plural`` are checked in full by
#: :meth:`_Checker.cues`).
_NUMBER_ENTRY_KEYS: Mapping[str, frozenset[str]] = {
    "digits": frozenset({"name"}),
    "words": frozenset({"name", "words"}),
    "special": frozenset({"name", "phrase", "value"}),
    "article": frozenset({"name", "words", "not_after", "another_before", "apposition"}),
    "named": frozenset({"name", "name_pattern", "person_pattern", "person_age", "patterns", "not_after", "not_names",
                        "relations"}),
    "definite": frozenset({"name", "pattern"}),
    "age_list": frozenset({"name", "pattern"}),
    "negated": frozenset({"name", "pattern"}),
    "bare_plural": frozenset({"name", "classes", "max_left_chars", "max_right_chars", "modal_window", "modifiers",
                              "not_after", "not_after_modal", "nouns", "right_between", "street_list"}),
    "possessive": frozenset({"name", "classes", "pattern"}),
    "visits": frozenset({"name", "pattern"}),
    "ordinal": frozenset({"name", "words"}),
    "all_but": frozenset({"name", "before"}),
    "collective": frozenset({"name", "nouns"}),
    "zero": frozenset({"name", "words", "pronouns"}),
    "vague": frozenset({"name", "words"}),
}
_SCOPE_RULE_KEYS = frozenset({"name", "pattern", "sticky", "weak", "only_after_lead", "case_sensitive"})
_PATTERN_KEYS = frozenset({"pattern", "patterns", "requires", "alongside", "custodial", "other", "after", "after_sum", "before", "closer", "joiner", "right_between", "not_after_modal", "relative",
                           "intro", "abroad", "home",
                           "carry_when", "carry_when_numbered", "carry_when_counted", "boundaries", "stop", "name_pattern", "person_pattern", "person_age", "unless_after", "unless_before", "unless_stage_before", "group_before", "denied",
                           "main_verb_after", "place_before_relative", "another_before", "verb_after_count", "own_verb_after_count",
                           "time_of_clause_before", "part_relative", "stative_verb_after_count", "whole_group", "reason_after",
                           *_GRAMMAR_KEYS})


class _Checker:
    """Checks of one parsed figure rule file (see :func:`check_rules`): each
    method checks one section and raises :class:`RuleError` at its first fault."""

    def __init__(self, raw: Mapping[str, Any], source: str) -> None:
        self.raw = raw
        self.source = source
        self.measures: list[str] = []

    def fail(self, section: str, rule: str | None, message: str) -> None:
        raise RuleError(f"{where(self.source, section, rule)}: {message}")

    def sections(self) -> None:
        """Known sections only, and the required ones present."""
        for section in self.raw:
            if section not in _SECTIONS:
                self.fail(section, None, f"unknown section (known: {', '.join(_SECTIONS)})")
        for section in ("measures", "numbers", "subjects", "cues", "scope", "totals", "qualifiers"):
            if section not in self.raw:
                self.fail(section, None, "missing section")

    def registry(self) -> None:
        """The measure registry: named entries with exactly the registry keys, each once."""
        allowed: frozenset[str] = _SECTIONS["measures"]  # type: ignore[assignment]
        for i, m in enumerate(self.raw["measures"] or []):
            name = m.get("name") if isinstance(m, Mapping) else None
            if not name:
                self.fail("measures", f"#{i + 1}", "every measure needs a name")
            if set(m) != allowed:
                self.fail("measures", name, f"keys must be exactly {', '.join(sorted(allowed))} (got {', '.join(sorted(m))})")
            if m["unit"] not in _UNITS:
                self.fail("measures", name, f"unit must be people or places, not {m['unit']!r}")
            if name in self.measures:
                self.fail("measures", name, "measure listed twice")
            self.measures.append(name)

    def measure_ok(self, section: str, rule: str | None, value: Any) -> None:
        for v in [value] if isinstance(value, str) else list(value or []):
            if v not in self.measures:
                self.fail(section, rule, f"unknown measure {v!r} (the registry has: {', '.join(self.measures)})")

    def kinds_ok(self, section: str, rule: str | None, values: Any) -> None:
        for v in values or []:
            if v not in _KINDS:
                self.fail(section, rule, f"unknown release kind {v!r} (codebook section 11: {', '.join(_KINDS)})")

    def keys_ok(self, section: str, rule: str | None, node: Mapping[str, Any], allowed: frozenset[str]) -> None:
        extra = sorted(set(node) - allowed)
        if extra:
            self.fail(section, rule, f"unknown key(s) {', '.join(extra)} (known: {', '.join(sorted(allowed))})")

    def section_keys(self) -> None:
        """The keys of each section (of each entry, for a list of rules)."""
        for section, allowed in _SECTIONS.items():
            node = self.raw.get(section)
            if node is None or allowed is None:
                continue
            if isinstance(node, list):
                for i, item in enumerate(node):
                    rule = item.get("name", f"#{i + 1}") if isinstance(item, Mapping) else f"#{i + 1}"
                    if not isinstance(item, Mapping):
                        self.fail(section, rule, "each entry must be a mapping")
                    self.keys_ok(section, rule, item, allowed)
            elif isinstance(node, Mapping) and section != "qualifiers":  # qualifiers: see qualifiers()
                self.keys_ok(section, node.get("name") if isinstance(node.get("name"), str) else None, node, allowed)

    def subjects(self) -> None:
        """Noun classes: known keys and measures."""
        for key, spec in (self.raw.get("subjects") or {}).items():
            name = spec.get("name", key)
            self.keys_ok("subjects", name, spec, _SUBJECT_KEYS)
            if "measure" in spec:
                self.measure_ok("subjects", name, spec["measure"])
            elif "measures" in spec:
                self.measure_ok("subjects", name, spec["measures"])
            else:
                self.fail("subjects", name, "needs a measure or measures")

    def cues(self) -> None:
        """Measure cues and the person referred back: known measures."""
        reference = (self.raw.get("numbers") or {}).get("reference")
        if isinstance(reference, Mapping):
            self.keys_ok("numbers", reference.get("name"), reference, _REFERENCE_KEYS)
            self.measure_ok("numbers", reference.get("name"), reference.get("measure"))
        plural = (self.raw.get("numbers") or {}).get("definite_plural")
        if plural is not None:
            name = plural.get("name") if isinstance(plural, Mapping) else None
            if not isinstance(plural, Mapping):
                self.fail("numbers", name, "definite_plural must be a mapping")
            self.keys_ok("numbers", name, plural, _DEFINITE_PLURAL_KEYS)
            for key in sorted(_DEFINITE_PLURAL_KEYS - {"name", "pronouns"}):
                words = plural.get(key)
                if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
                    self.fail("numbers", name, f"{key} must be a non-empty list of words")
            pronouns = plural.get("pronouns", [])
            if not isinstance(pronouns, list) or not all(isinstance(w, str) and w for w in pronouns):
                self.fail("numbers", name, "pronouns must be a list of words")
        for cue in self.raw.get("cues") or []:
            if "measure" not in cue:
                self.fail("cues", cue.get("name"), "needs a measure")
            self.measure_ok("cues", cue.get("name"), cue["measure"])
        blockers = self.raw.get("cue_blockers") or {}
        for measure in blockers.get("denied_measures") or []:
            self.measure_ok("cue_blockers", blockers.get("name"), measure)

    def scopes(self) -> None:
        """Scope markers and plans: known keys, a name and a pattern each."""
        for scope, rules_ in (self.raw.get("scope") or {}).items():
            if scope in _SCOPES or scope == "plan":
                for rule in rules_ or []:
                    self.keys_ok("scope", rule.get("name"), rule, _SCOPE_RULE_KEYS)
                    if "pattern" not in rule or "name" not in rule:
                        self.fail("scope", rule.get("name"), f"a {scope} rule needs a name and a pattern")

    def qualifiers(self) -> None:
        """Qualifiers of the codebook only (exact and vague need no words)."""
        for qual, spec in (self.raw.get("qualifiers") or {}).items():
            if qual not in _QUALIFIERS:
                self.fail("qualifiers", qual, f"unknown qualifier (codebook section 2: {', '.join(_QUALIFIERS)})")
            self.keys_ok("qualifiers", spec.get("name"), spec, frozenset({"name", "words", "suffix"}))

    def outcomes(self) -> None:
        """``totals.other_outcome``: a name, known measures and its two patterns."""
        spec = (self.raw.get("totals") or {}).get("other_outcome")
        if spec is None:
            return
        name = spec.get("name") if isinstance(spec, Mapping) else None
        if not isinstance(spec, Mapping) or set(spec) != {"name", "measures", "custodial", "other"}:
            self.fail("totals", name or "other_outcome", "other_outcome holds exactly name, measures, custodial and other")
        self.measure_ok("totals", name, spec["measures"])

    def grammar(self) -> None:
        """The verb after a zero pronoun names its groups ``verb`` and ``participle`` (read by the code)."""
        pattern = (self.raw.get("grammar") or {}).get("verb_after_zero")
        if not isinstance(pattern, str):
            return
        try:
            groups = re.compile(pattern).groupindex
        except re.error:
            return  # reported by patterns()
        missing = [g for g in ("verb", "participle") if g not in groups]
        if missing:
            self.fail("grammar", "verb_after_zero", f"needs the group(s) {', '.join(missing)}")

    def number_entries(self) -> None:
        """The keys of each entry of ``numbers`` (a misspelt key would be read as absent)."""
        for key, node in (self.raw.get("numbers") or {}).items():
            allowed = _NUMBER_ENTRY_KEYS.get(key)
            if allowed is None or not isinstance(node, (Mapping, list)):
                continue
            for item in node if isinstance(node, list) else [node]:
                if isinstance(item, Mapping):
                    self.keys_ok("numbers", item.get("name") or key, item, allowed)

    def release_kinds(self) -> None:
        """Measures of the court section and release kinds of the kind sections."""
        court = self.raw.get("court_release") or {}
        self.measure_ok("court_release", court.get("name"), court.get("lead_measures"))
        self.measure_ok("court_release", court.get("name"), court.get("retold_measures"))
        shared = self.raw.get("shared_predicates") or {}
        self.measure_ok("shared_predicates", shared.get("name"), shared.get("stages"))
        for section in ("court_release", "period_kinds", "background_kinds"):
            self.kinds_ok(section, (self.raw.get(section) or {}).get("name"), (self.raw.get(section) or {}).get("kinds"))

    def list_items(self, section: str, rule: str | None, node: Any) -> None:
        """No true/false among the items of a list: YAML reads a bare on, off,
        yes or no as a boolean, so a word list holding one would lose the word."""
        if isinstance(node, Mapping):
            name = node.get("name") if isinstance(node.get("name"), str) else rule
            for value in node.values():
                self.list_items(section, name, value)
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, bool):
                    self.fail(section, rule, f"a list holds {str(item).lower()}: a bare on, off, yes or no is read by YAML "
                                             "as true or false; quote the word")
                self.list_items(section, rule, item)

    def patterns(self, section: str, rule: str | None, node: Any, key: str | None = None) -> None:
        """Compile every pattern-valued entry under ``node`` (named by its rule)."""
        if isinstance(node, Mapping):
            name = node.get("name") if isinstance(node.get("name"), str) else rule
            for k, v in node.items():
                self.patterns(section, name, v, k)
        elif isinstance(node, list):
            for item in node:
                self.patterns(section, rule, item, key)
        elif isinstance(node, str) and key in _PATTERN_KEYS:
            try:
                re.compile(node.replace("{names}", "x").replace("{nouns}", "x").replace("{people}", "x").replace("{name}", "x"))
            except re.error as error:
                self.fail(section, rule, f"{key} does not compile: {error} in {node!r}")


def check_rules(raw: Any, source: str = "figure_rules.yaml") -> None:
    """Check a parsed figure rule file; raise :class:`RuleError` naming the
    file, section and rule at the first fault (see :meth:`FigureRules.load`)."""
    if not isinstance(raw, Mapping):
        raise RuleError(f"{where(source)}: not a mapping of sections")
    check = _Checker(raw, source)
    check.sections()
    check.registry()
    check.section_keys()
    check.number_entries()
    check.subjects()
    check.cues()
    check.scopes()
    check.qualifiers()
    check.release_kinds()
    check.grammar()
    check.outcomes()
    for section in raw:
        check.list_items(section, None, raw[section])
        check.patterns(section, None, raw[section])


def rule_names(rules: FigureRules | None = None) -> frozenset[str]:
    """Every rule name defined in the YAML (for checks and documentation)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("name"), str):
                found.add(node["name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk((rules or FigureRules.default()).raw)
    return frozenset(found)


# ------------------------------------------------------------ quantities


@lru_cache(maxsize=4096)
def _word_value(phrase: str) -> int | None:
    """Value of a run of number words, via text2num ("twenty-one" -> 21)."""
    converted = alpha2digit(phrase.lower(), "en", threshold=0).strip()
    if converted.isdigit():
        return int(converted)
    first = re.match(r"\d+", converted)
    return int(first.group()) if first else None


@dataclass(frozen=True, slots=True)
class _Quantity:
    """A quantity in a sentence, before its noun and measure are known."""

    kind: str  # digits | words | special | zero | article | vague
    rule: str
    value: int | None
    start: int  # of the number itself (relative to the sentence)
    end: int


def _masked(sentence: str, bits: int, rules: FigureRules, until: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentence that can never be counts (``bits``: its
    key-set bits, :meth:`KeyFinder.bits`). With ``until``, only the
    spans that start before it: each mask's matches are read in text order
    and the reading stops at the first that starts there or later (the
    matches before it are those of the whole sentence)."""
    spans = []
    for (_, pattern), need in zip(rules.masks, rules.prefilters.needs.masks):
        if bits & need != need:
            continue
        for m in pattern.finditer(sentence):
            if until is not None and m.start() >= until:
                break
            spans.append(m.span())
    return sorted(spans)


def _overlaps(span: tuple[int, int], masked: Sequence[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in masked)


def _tail(pattern: re.Pattern[str], text: str, end: int, window: int = 48) -> re.Match[str] | None:
    """Search a phrase that ends ``text[:end]``, looking only at its tail
    (the phrase patterns are anchored at the end: a full scan is wasted)."""
    return pattern.search(text, max(0, end - window), end)


def _quantity_matches(sentence: str, bits: int, rules: FigureRules) -> Iterator[re.Match[str]]:
    """The matches of ``rules.quantity`` in the sentence (whose key-set bits
    are ``bits``, :meth:`KeyFinder.bits`), found with its alternatives run one by one.

    ``rules.quantity`` tries its alternatives in order at each position, from
    the left, and goes on after each match. The same, with each alternative
    searched alone (only those whose keys occur): the next match starts at
    the leftmost next match of any of them, and is that of the first
    alternative (in order) that matches there; an alternative's next match
    is searched again only once the text has moved past its start. No
    pattern is compiled per sentence, and each alternative skips ahead on
    its own first characters. None of them matches the empty string (else
    the whole pattern runs).
    """
    parts = rules.prefilters.quantity_parts
    if parts is None:
        yield from rules.quantity.finditer(sentence)
        return
    patterns = [pattern for (pattern, _), need in zip(parts, rules.prefilters.needs.quantity_parts) if bits & need == need]
    found = [pattern.search(sentence) for pattern in patterns]
    while True:
        best = None
        for match in found:
            if match is not None and (best is None or match.start() < best.start()):
                best = match  # the first alternative wins a tie
        if best is None:
            return
        yield best
        pos = best.end()
        for i, match in enumerate(found):
            if match is not None and match.start() < pos:
                found[i] = patterns[i].search(sentence, pos)


def _quantities(sentence: str, bits: int, rules: FigureRules) -> Iterator[_Quantity]:
    """Candidate quantities of one sentence, in text order.

    Numbers inside a masked span ("aged 20", "in 2019") are candidates too:
    :func:`_drop_masked` removes them once they are counted, so that the
    masks are only read for sentences with a counted number.
    """
    numbers = rules.raw["numbers"]
    for match in _quantity_matches(sentence, bits, rules):
        kind = match.lastgroup or ""
        text = match.group()
        if kind in ("digits", "words"):
            digits = text.replace(",", "")  # > 18 digits is above any max_value (and int() refuses > 4,300)
            value = (int(digits) if len(digits) <= 18 else None) if kind == "digits" else _word_value(text)
            if value is None or value > numbers["max_value"]:
                continue
            rule = numbers[kind]["name"]
        elif kind == "special":
            rule, value = rules.specials[" ".join(text.lower().split())]
        elif kind == "zero":
            rule, value = numbers["zero"]["name"], 0
        elif kind in ("article", "possessive"):
            rule, value = numbers[kind]["name"], 1
        else:
            rule, value = numbers["vague"]["name"], None
        yield _Quantity(kind, rule, value, match.start(), match.end())


def _drop_masked(sentence: str, bits: int, counted: list[_Counted], rules: FigureRules) -> list[_Counted]:
    """Counted numbers (digits, number words, special phrases such as "both") and article counts ("a person")
    that lie in no masked span."""
    numbers = [c.quantity.end for c in counted if c.quantity.kind in _MASKABLE]
    if not numbers:
        return counted
    masked = _masked(sentence, bits, rules, until=max(numbers))  # a later span overlaps no number
    return [
        c
        for c in counted
        if c.quantity.kind not in _MASKABLE
        or not _overlaps((c.quantity.start, c.quantity.end), masked)
    ]


#: The kinds of count a masked span (``not_counts``) drops: numbers, special phrases and articles
#: ("requiring a person to perform forced labour").
_MASKABLE = frozenset({"digits", "words", "special", "article"})


def _counts_persons(cls: _NounClass) -> bool:
    """Whether a noun class counts persons who may be arrested ("a fourth man", "a fourth suspect")."""
    return not cls.implied and "arrested" in cls.measures


def _in_quote(text: str, position: int, opened: bool = False) -> bool:
    """Whether ``position`` of a sentence lies inside a quotation: its last
    quotation mark before ``position`` opens one (a curly opening mark, or a
    straight one of odd rank, counted from the quotation the sentence starts
    in when ``opened``, :func:`_opened_in_quote`); with no mark before it,
    whether the sentence starts inside one."""
    last = max(text.rfind("“", 0, position), text.rfind("”", 0, position), text.rfind('"', 0, position))
    if last < 0:
        return opened
    mark = text[last]
    if mark != '"':
        return mark == "“"
    return (text.count('"', 0, position) + (1 if opened else 0)) % 2 == 1


def _opened_in_quote(body: str, sentences: Sequence[Sentence]) -> frozenset[int]:
    """The ids of the sentences that start inside a quotation opened in a
    sentence before them in the same paragraph ('... said: "These eight
    workers came to Lincolnshire ... We visited six sites on Tuesday ...'):
    a quotation runs to its closing mark or the paragraph's end (a line
    break; a quotation that runs on opens the next paragraph again)."""
    inside: set[int] = set()
    opened = False
    end = 0
    for sentence in sentences:
        if "\n" in body[end : sentence.start]:
            opened = False
        if opened:
            inside.add(sentence.sentence_id)
        text = sentence.text
        opened = _in_quote(text, len(text), opened)
        end = sentence.end
    return frozenset(inside)


def _is_number_word(word: str, rules: FigureRules) -> bool:
    """Whether ``word`` is a number in words ("Nine", "Twenty-one")."""
    return all(part in rules.number_words for part in word.lower().split("-"))


def _named(sentence: str, folded: str, bits: int, rules: FigureRules) -> Iterator[_Quantity]:
    """Named people before a court or arrest cue ("Harrison was sentenced")."""
    name_rule = rules.raw["numbers"]["named"]["name"]
    needs = rules.prefilters.needs
    for pattern, need in zip(rules.named, needs.named):
        if bits & need != need:
            continue
        for match in pattern.finditer(sentence):
            names = re.split(r"\s*,\s*|,?\s+and\s+", match.group("names"))
            if any(set(n.split()) & rules.not_names for n in names):
                continue
            if any(_is_number_word(word, rules) for n in names for word in n.split()):
                continue  # a number word opening a sentence is a count, never a name ("Nine were arrested")
            subject = match.start() == match.start("names")
            if subject and rules.named_not_after.ends(sentence, match.start()):
                continue  # "two women from Luton were arrested": a place
            # a list of people, each told with an age and perhaps an address, counts one per age
            value = (
                len(rules.person_age.findall(match.group("names")))
                if "people" in pattern.groupindex and rules.person_age is not None else len(names)
            )
            yield _Quantity("named", name_rule, value, *match.span("names"))
    if rules.definite is not None and bits & needs.definite == needs.definite:
        rule = rules.raw["numbers"]["definite"]["name"]
        for match in rules.definite.finditer(sentence):
            yield _Quantity("named", rule, 1, *match.span("who"))
    if rules.negated is not None and bits & needs.negated == needs.negated:
        rule = rules.raw["numbers"]["negated"]["name"]
        for match in rules.negated.finditer(sentence):
            yield _Quantity("negated", rule, 0, *match.span())
    if rules.reference is not None and ("nrm" in folded or "referral mechanism" in folded):
        rule = rules.raw["numbers"]["reference"]["name"]
        for match in rules.reference.finditer(sentence):
            # "He ... agreed to enter the National Referral Mechanism": one person
            yield _Quantity("reference", rule, 1, *match.span("who"))
    if rules.age_list is not None and "aged" in folded:
        rule = rules.raw["numbers"]["age_list"]["name"]
        for match in rules.age_list.finditer(sentence):
            # "the men, aged 52, 27 and 41": one person per age, where the
            # noun has no number of its own ("The two women, aged 36 and 24")
            if _COUNTED_BEFORE.search(sentence, max(0, match.start() - 40), match.start()):
                continue
            ages = len(re.findall(r"\d+", match.group("ages")))
            yield _Quantity("age_list", rule, ages, match.start("who"), match.end())


#: A number or quantifier right before a noun (with at most one modifier between, or a partitive:
#: "Two of the men, aged 31 and 44").
_COUNTED_BEFORE = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|hundred|dozen|both|all|these|those|several|many))\s+(?:of\s+(?:the|those|these)\s+)?(?:[\w-]+\s+)?$",
    re.I,
)


def _plurals(sentence: str, bits: int, rules: FigureRules) -> Iterator[_Quantity]:
    """Plural nouns with no quantity of their own ("rescued suspected victims")."""
    rule = rules.raw["numbers"]["bare_plural"]["name"]
    need = rules.prefilters.needs.plural
    if bits & need != need:
        return
    for match in rules.plural.finditer(sentence):
        if rules.plural_not_after.ends(sentence, match.start()):
            continue
        yield _Quantity("plural", rule, None, match.start(), match.end())


# ---------------------------------------------------------- noun and cue


@dataclass(frozen=True, slots=True)
class _Counted:
    """A quantity with its counted noun: the figure before measure/scope."""

    quantity: _Quantity
    start: int  # figure words, qualifier and "a further" included
    end: int
    value: int | None
    qualifier: str
    subject: str | None
    noun_class: _NounClass
    further: bool
    rules: tuple[str, ...]


def _qualify(before: str, quantity: _Quantity, rules: FigureRules) -> tuple[str, int, str | None]:
    """Qualifier from the words before the number: (qualifier, chars, rule)."""
    if quantity.kind == "vague":
        return "vague", 0, None
    if quantity.value is not None and quantity.value <= 1:
        return "exact", 0, None  # "concerns about one address": a preposition
    end = len(before)
    if quantity.kind == "words":
        # "more than a hundred": the article belongs to the number
        article = re.search(r"\ban?\s+$", before)
        if article and quantity.value is not None and quantity.value in (100, 1000, 1000000):
            end = article.start()
    for name, ending in (("at_least", rules.at_least), ("approx", rules.approx)):
        hit = ending.ends(before, end)
        if hit:
            return name, len(before) - hit.start(), rules.raw["qualifiers"][name]["name"]
    return "exact", 0, None


def _count(sentence: str, quantity: _Quantity, rules: FigureRules) -> _Counted | None:
    """Attach the counted noun (or a bare-number reading) to a quantity."""
    if quantity.kind in ("named", "plural", "negated", "age_list", "reference"):
        return _count_whole(sentence, quantity, rules)
    single = quantity.kind in ("article", "possessive")
    noun = rules.subject.match(sentence, quantity.end)
    if noun is not None and not single and quantity.value != 1:
        noun = _compound_head(sentence, quantity, noun, rules)
    # cheap exits first (the same ones as below): most articles count nothing
    if noun is None and quantity.kind in ("article", "possessive", "vague", "zero"):
        verb = _zero_pronoun(sentence, quantity, rules) if quantity.kind == "zero" else None
        if verb is not None:
            # "Nobody was charged", "None were identified as victims": a stated zero of people; a
            # participle after the pronoun is part of it ("No one arrested during the operation has been
            # charged": the count's span runs to its verb, so "arrested" is no predicate of it)
            names = (quantity.rule, rules.bare_class.name)
            end = verb.start("verb") if verb.group("participle") else quantity.end
            return _Counted(quantity, quantity.start, end, 0, "exact", None, rules.bare_class, False, names)
        return _bare_article(sentence, quantity, rules) if quantity.kind == "article" else None
    collective = rules.raw["numbers"].get("collective", {})
    if single and noun:
        named = " ".join(noun.group("noun").lower().split())
        if named not in rules.nouns[named].singular and named not in collective.get("nouns", {}):
            return None
    before = sentence[: quantity.start]
    anaphoric: tuple[str, ...] = ()
    if quantity.kind in ("digits", "words", "special", "vague") and rules.anaphora.ends(before, len(before)):
        # "the 528 arrests", "All six": people already counted. A numbered
        # noun is kept as a restatement (it may make a rounded figure exact)
        # a number word is kept for people only ("The two girls ... were identified as potential
        # victims"), who may be counted under another measure or none before
        if (
            noun is None or rules.anaphora_the is None or not rules.anaphora_the.ends(before, len(before))
            or quantity.kind not in ("digits", "words")
            or (quantity.kind == "words" and not _counts_persons(rules.nouns[" ".join(noun.group("noun").lower().split())]))
        ):
            return None
        anaphoric = (rules.raw["anaphora"]["name"],)
    if single and (
        (rules.article_not_after.ends(before, len(before)) and not re.search(r"\bas well as\s*$", before, re.I))
        or _tail(rules.relative_object, before, len(before))
    ):
        return None
    if (
        quantity.kind == "article" and rules.apposition is not None
        and rules.apposition[0].search(before[-60:]) and rules.apposition[1].match(sentence, quantity.end)
    ):
        return None  # the same person told again: "A further suspect, a 52-year-old woman from Lewisham, has been ..."
    qualifier, qual_chars, qual_rule = _qualify(before, quantity, rules)
    start = quantity.start - qual_chars
    further = quantity.kind == "article" and sentence[quantity.start : quantity.end].lower() == "another"
    hit = rules.further_before.ends(sentence, start)
    if hit and quantity.kind != "article":
        further, start = True, hit.start()
    if quantity.kind == "article" and rules.further_before.pattern.search(
        sentence[quantity.start : quantity.end + 9]
    ):
        further = True  # "a further arrest"
    value = quantity.value
    ordinal_spec = rules.raw["numbers"].get("ordinal")
    ordinal = (
        re.match(r"\s+([a-z]+)\b", sentence[quantity.end :].lower())
        if ordinal_spec and quantity.kind == "article" and noun is not None else None
    )
    extra: tuple[str, ...] = ()
    if ordinal and ordinal.group(1) in ordinal_spec["words"] and _counts_persons(
        rules.nouns[" ".join(noun.group("noun").lower().split())]
    ):
        value, further, extra = int(ordinal_spec["words"][ordinal.group(1)]), False, (ordinal_spec["name"],)
    if noun:
        subject = " ".join(noun.group("noun").lower().split())
        cls = rules.nouns[subject]
        end = noun.end()
        if noun.group("after") or subject in rules.further_nouns:
            further = True  # "five more people", "two others arrested"
        if single and quantity.kind == "article" and subject in collective.get("nouns", {}):
            value, extra = int(collective["nouns"][subject]), extra + (collective["name"],)
        elif single:
            if subject not in cls.singular:
                return None
            if noun.group("noun")[:1].isupper() and "premises" in cls.measures and (
                quantity.kind == "possessive" or _NAME_GOES_ON.match(sentence, noun.end())
            ):
                # "Sussex Police's Modern Slavery Unit", "a Home Office team": a name, no place; but the
                # name may qualify the counted place after it ("a Farm Road address", "a Home Office hotel")
                later = rules.subject.match(sentence, noun.end()) if quantity.kind == "article" else None
                if later is None or later.group("noun")[:1].isupper():
                    return None
                noun, subject = later, " ".join(later.group("noun").lower().split())
                cls, end = rules.nouns[subject], later.end()
                if subject not in cls.singular:
                    return None
            if quantity.kind == "possessive" and all(
                rules.classes[c] is not cls for c in rules.raw["numbers"]["possessive"]["classes"]
            ):
                return None
            if re.search(r"\bfurther\b", noun.group(), re.I):
                further = True
            second = rules.second_conjunct.match(sentence, end)
            if second and rules.nouns[" ".join(second.group("noun").lower().split())] is cls:
                value, end = 2, second.end()
    else:
        if quantity.kind in ("article", "possessive", "vague", "zero"):
            return None
        visit = rules.visit_object.match(sentence, quantity.end) if rules.visit_object is not None else None
        if visit:  # "31 safe and well visits to addresses": the places visited
            subject = " ".join(visit.group("noun").lower().split())
            cls, end, extra = rules.nouns[subject], visit.end(), extra + (rules.raw["numbers"]["visits"]["name"],)
        else:
            end = quantity.end
            more = rules.further_after.match(sentence, end)
            if more:  # "five more have been detained", "with two more arrested"
                further, end = True, more.end()
            if not rules.bare.match(sentence, end) or _part_of_things(sentence, end, rules):
                return None
            subject, cls = None, rules.bare_class
    if qualifier == "exact" and quantity.kind == "digits" and rules.at_least_suffix.match(
        sentence, quantity.end
    ):
        qualifier, qual_rule = "at_least", rules.raw["qualifiers"]["at_least"]["name"]
    if quantity.kind == "vague":
        qualifier = "vague"
    names = (quantity.rule, cls.name) + ((qual_rule,) if qual_rule else ()) + extra + anaphoric
    return _Counted(quantity, start, end, value, qualifier, subject, cls, further, names)


#: The spaces before the next words of a group's phrase (a noun's pattern reads the space before it).
_NEXT_WORDS = re.compile(r"(?:['’]s)?\s+(?=[\w-])")
#: A number in digits or one word after "of the" ("two of the five addresses").
_GROUP_NUMBER = re.compile(r"\s+(?:\d[\d,]*|[a-z]+(?:-[a-z]+)?)\b", re.I)


def _part_of_things(sentence: str, end: int, rules: FigureRules) -> bool:
    """Whether a bare count ending at ``end`` is a part of a group of places
    (``grammar.partitive_of_group`` and a noun of the measure ``premises``
    only: "A man who was at one of the addresses was also arrested", "two
    of the five car washes"): it counts none of the people the bare reading
    would give it. Not when a noun of another measure follows within the
    group's words ("two of the car wash workers")."""
    partitive = rules.grammar.partitive_of_group.match(sentence, end)
    if partitive is None:
        return False
    at = partitive.end() - 1  # (the noun's pattern reads the space before it)
    noun = rules.subject.match(sentence, at)
    if noun is None and (number := _GROUP_NUMBER.match(sentence, at)) is not None:
        noun = rules.subject.match(sentence, number.end())
    if noun is None and (ranked := rules.grammar.superlative.match(sentence, at)) is not None:
        # a rank among things, not a part of people told: "one of the worst crimes threatening our society",
        # "one of the largest operations" (but "one of the youngest victims was rescued" is a person)
        later = rules.subject.match(sentence, ranked.end())
        return later is None or not set(rules.nouns[" ".join(later.group("noun").lower().split())].measures) & set(
            rules.bare_class.measures)
    if noun is None or not _only_places(noun, rules):
        return False
    # a place that describes people told after it: "two of the car wash workers", "one of the brothel's
    # workers", "one of the nail bar staff" (any other noun within 40 characters)
    for word in _NEXT_WORDS.finditer(sentence, noun.end(), min(len(sentence), noun.end() + 40)):
        later = rules.subject.match(sentence, word.end() - 1)
        if later is not None and not _only_places(later, rules):
            return False
    return True


def _only_places(noun: re.Match[str], rules: FigureRules) -> bool:
    """Whether the noun of a ``rules.subject`` match counts places only (measure ``premises``)."""
    return set(rules.nouns[" ".join(noun.group("noun").lower().split())].measures) == {"premises"}


def _compound_head(sentence: str, quantity: _Quantity, noun: re.Match[str], rules: FigureRules) -> re.Match[str]:
    """The head of a compound noun after a plural number: a singular noun
    found first is a modifier of a counted noun after it ("Two site managers",
    "40 car wash workers", "two farm workers": people, not a site, a car wash
    or a farm), within ``modifiers.max_modifiers`` words. ``noun`` itself
    otherwise ("two sites", "four farms", "Two men")."""
    named = " ".join(noun.group("noun").lower().split())
    if named not in rules.nouns[named].singular:
        return noun
    longer = rules.subject_compound.match(sentence, quantity.end)
    if longer is None or longer.start("noun") <= noun.start("noun"):
        return noun
    return longer


def _zero_pronoun(sentence: str, quantity: _Quantity, rules: FigureRules) -> re.Match[str] | None:
    """The verb after a zero word that is a pronoun (``numbers.zero.pronouns``:
    "nobody", "none", "neither"), the subject of a stated zero (group
    ``verb``; group ``participle`` when a participle phrase stands between:
    "No one arrested during the operation has ..."); None otherwise, and
    for "had" with an adverb of the past after it ("none of whom had been
    charged with an offence before": their past, no zero now)."""
    pronouns = rules.raw["numbers"]["zero"].get("pronouns", ())
    word = " ".join(sentence[quantity.start : quantity.end].lower().split())
    verb = rules.grammar.verb_after_zero.match(sentence, quantity.end) if word in pronouns else None
    if verb is not None and verb.group("verb").lower() == "had" and rules.grammar.past_after.match(sentence, verb.end()):
        return None
    return verb


def _bare_article(sentence: str, quantity: _Quantity, rules: FigureRules) -> _Counted | None:
    """An article with no noun that still counts, read like a bare number:
    "another" before a place or time ("four addresses in Aberdeen and
    another in Dundee": one more), and "a fifth" ("Four members ... have
    been jailed and a fifth has received a suspended sentence": the running
    total of the people told, rule ``numbers.ordinal``, codebook s.9). None
    for any other article without a noun."""
    word = sentence[quantity.start : quantity.end].lower()
    if word == "another":
        if rules.another_before is None or not rules.another_before.match(sentence, quantity.end):
            return None
        return _Counted(quantity, quantity.start, quantity.end, 1, "exact", None, rules.bare_class,
                        True, (quantity.rule, rules.bare_class.name))
    spec = rules.raw["numbers"].get("ordinal")
    if not spec or word != "a":
        return None
    word = re.match(r"\s+([a-z]+)\b", sentence[quantity.end :])
    if word is None or word.group(1) not in spec["words"]:
        return None
    end = quantity.end + word.end()
    before = sentence[: quantity.start]
    if (
        not (rules.bare.match(sentence, end) or _PARTICIPLE_AFTER.match(sentence, end))  # "a fifth received ..."
        or re.match(r"\s+of\b", sentence[end:])  # "a fifth of the workers": a share
        or rules.article_not_after.ends(before, len(before))
    ):
        return None
    return _Counted(quantity, quantity.start, end, int(spec["words"][word.group(1)]), "exact", None, rules.bare_class,
                    False, (quantity.rule, spec["name"], rules.bare_class.name))


def _count_whole(sentence: str, quantity: _Quantity, rules: FigureRules) -> _Counted | None:
    """A named group or a bare plural: the quantity is its own noun phrase."""
    text = sentence[quantity.start : quantity.end]
    if quantity.kind == "negated":  # "who have not been charged": a stated zero
        return _Counted(quantity, quantity.start, quantity.end, 0, "exact", None, rules.bare_class,
                        False, (quantity.rule, rules.bare_class.name))
    if quantity.kind == "reference":
        spec = rules.raw["numbers"]["reference"]
        cls = _NounClass(spec["name"], (spec["measure"],), True, frozenset())
        further = re.search(r"\b(?:also|too|as well)\b", sentence[quantity.end :]) is not None
        return _Counted(quantity, quantity.start, quantity.end, 1, "exact", REFERENCE_SUBJECT, cls,
                        further, (quantity.rule,))
    if quantity.kind == "age_list":
        cls = rules.classes["people"]
        noun = re.match(r"[A-Za-z]+", text)
        return _Counted(quantity, quantity.start, quantity.end, quantity.value, "exact",
                        noun.group().lower() if noun else None, cls, False, (quantity.rule, cls.name))
    if quantity.kind == "named":
        cls = rules.classes["people"]
        return _Counted(quantity, quantity.start, quantity.end, quantity.value, "exact",
                        "named people", cls, False, (quantity.rule, cls.name))
    noun = rules.plural.fullmatch(text)
    subject = " ".join((noun.group("noun") if noun else text).lower().split())
    cls = rules.nouns.get(subject)
    allowed = rules.raw["numbers"]["bare_plural"]["classes"]
    if cls is None or all(rules.classes[c] is not cls for c in allowed):
        return None
    streets = _street_list(sentence, quantity.end, cls, rules)
    if streets:
        # "raided houses in A Avenue, B Road and C Close": one place per street
        count, end = streets
        name = rules.raw["numbers"]["bare_plural"]["street_list"]["name"]
        return _Counted(quantity, quantity.start, end, count, "exact", subject, cls,
                        False, (quantity.rule, cls.name, name))
    return _Counted(quantity, quantity.start, quantity.end, None, "vague", subject, cls,
                    False, (quantity.rule, cls.name))


def _street_list(sentence: str, at: int, cls: _NounClass, rules: FigureRules) -> tuple[int, int] | None:
    """(number of streets, end) of a list of two or more named streets right
    after a plural place noun ("houses in Derby's A Avenue, B Road and C
    Close"), else None."""
    spec = rules.raw["numbers"]["bare_plural"].get("street_list")
    if not spec or "premises" not in cls.measures:
        return None
    suffix = "|".join(map(re.escape, spec["suffixes"]))
    street = rf"(?:[A-Z][\w’'-]*\s+){{1,3}}(?:{suffix})\b"
    match = re.match(
        rf"\s+(?:in|on|at)\s+(?:[A-Z][\w’'-]*[’']s\s+)?(?P<list>{street}(?:\s*,\s*{street})*(?:,?\s+and\s+{street})?)",
        sentence[at:],
    )
    if not match:
        return None
    count = len(re.findall(rf"\b(?:{suffix})\b", match.group("list")))
    return (count, at + match.end()) if count >= 2 else None


@dataclass(frozen=True, slots=True)
class _Cue:
    name: str
    measure: str  # "" for a predicate that counts nothing here ("found" without victims)
    start: int
    end: int
    clause: int = 0


def _cues(
    sentence: str,
    bits: int,
    rules: FigureRules,
    clauses: Sequence[tuple[int, int]] = ((0, 10**9),),
    follow: str = "",
) -> list[_Cue]:
    """Measure cues of a sentence, minus references ("those arrested").

    A cue rule with ``requires`` gives its measure only when its clause
    matches that pattern ("found" counts victims only in a clause that
    describes them as victims, or in a next sentence ``follow`` that refers
    back to them: "20 men were discovered ... They have been safeguarded");
    otherwise it stays a predicate of its clause that counts nothing
    (measure ""). A victim status denied (rule ``cue_blockers.denied``:
    "were not identified as victims", "were not considered to be victims of
    exploitation"; codebook sections 8 and 10) is no such description: a
    cue inside a denial counts nothing, a denial's words do not meet
    ``requires``, and a clause with a denial (in it, or in a relative clause
    right after it) takes no description from ``follow``.
    """
    found = []
    denials: list[tuple[int, int]] | None = None  # the sentence's denied spans, found when first needed
    for (name, measure, pattern), need in zip(rules.cues, rules.prefilters.needs.cues):
        if bits & need != need:
            continue
        requires = rules.cue_requires.get(name)
        blockable = measure not in rules.raw["cue_blockers"].get("not_for", [])
        for match in pattern.finditer(sentence):
            if blockable and rules.cue_blocker.ends(sentence, match.start()) and not (
                rules.cue_blocker_unless.match(sentence, match.end())
                or (
                    rules.cue_blocker_unless_before is not None
                    and rules.cue_blocker_unless_before.search(sentence, max(0, match.start() - 120), match.start())
                )
                or (
                    measure in rules.stages and rules.cue_blocker_unless_stage is not None
                    and rules.cue_blocker_unless_stage.search(sentence, max(0, match.start() - 40), match.start())
                )
            ):
                continue
            if rules.cue_group_before is not None and rules.cue_group_before.search(
                sentence, max(0, match.start() - 40), match.start()
            ):
                continue  # "Two of the three people arrested have since been charged": names the group, not what happened
            clause = clause_of(match.start(), clauses)
            usable = measure
            if rules.cue_denied is not None and (requires is not None or measure in rules.denied_measures):
                if denials is None:
                    denials = _denied_spans(sentence, rules)
                if any(s <= match.start() < e for s, e in denials):
                    usable = ""
            if requires is not None and usable:
                lo, hi = clauses[clause]
                # a next sentence that refers back lends its description only when no other clause of this
                # sentence gives one: "23 workers were found ..., nine of whom were identified as potential
                # victims. They have been supported since" (they are the nine; the 23 were found)
                # ... and none when the cue's clause denies the status: "Two other women found at the address
                # ... were not believed to be victims of exploitation. They were given information about local
                # support services"
                # (or a relative clause right after it: "found 14 workers at the farm, who were not considered to
                # be victims")
                told_to = clauses[clause + 1][1] if clause + 1 < len(clauses) and rules.relative_clause.match(
                    sentence[clauses[clause + 1][0] : clauses[clause + 1][1]]) else hi
                usable = measure if _required(requires, sentence, lo, hi, denials or ()) or (
                    not any(lo <= start < told_to for start, _ in denials or ())
                    and not _part_described_after(sentence, hi, requires, denials or (), rules)
                    and _required(requires, follow, 0, len(follow), _denied_spans(follow, rules))
                ) else ""
            found.append(_Cue(name, usable, match.start(), match.end(), clause))
    if rules.neutral is not None and len(clauses) > 1:
        name = rules.raw["neutral_predicates"]["name"]
        for match in rules.neutral.finditer(sentence):
            found.append(_Cue(name, "", match.start(), match.end(), clause_of(match.start(), clauses)))
    if denials and len(clauses) > 1:  # a denial is its clause's predicate: "while two others were not considered victims"
        name = rules.raw["cue_blockers"]["name"]
        found += [_Cue(name, "", s, e, clause_of(s, clauses)) for s, e in denials]
    return found


def _part_described_after(
    sentence: str, at: int, requires: re.Pattern[str], denials: Sequence[tuple[int, int]], rules: FigureRules
) -> bool:
    """Whether a part of the people before ``at`` is told after it with the
    description ``requires`` asks for ("..., nine of whom were identified as
    potential victims"): a next sentence referring back then means them."""
    part = rules.grammar.part_clause_after.search(sentence, at)
    return part is not None and _required(requires, sentence, part.start(), len(sentence), denials)


def _denied_spans(text: str, rules: FigureRules) -> list[tuple[int, int]]:
    """Spans of ``text`` where a victim status is denied (rule ``cue_blockers.denied``)."""
    if rules.cue_denied is None or not text:
        return []
    return [m.span() for m in rules.cue_denied.finditer(text)]


def _required(requires: re.Pattern[str], text: str, lo: int, hi: int, denials: Sequence[tuple[int, int]]) -> bool:
    """Whether ``requires`` matches ``text[lo:hi]`` outside every span of ``denials``."""
    for match in requires.finditer(text, lo, hi):
        if not any(s <= match.start() < e for s, e in denials):
            return True
    return False


def _nearest_cue(
    counted: _Counted,
    cues: Sequence[_Cue],
    taken: Sequence[tuple[int, int]],
    rules: FigureRules,
    clauses: Sequence[tuple[int, int]] = ((0, 10**9),),
    holders: Mapping[int, Sequence[tuple[int, int]]] | None = None,
    closed: frozenset[int] = frozenset(),
    verb_after: bool = False,
    own_verb: bool = False,
    coordinated: frozenset[int] = frozenset(),
    parts: frozenset[int] = frozenset(),
    right_from: int | None = None,
    text: str = "",
) -> _Cue | None:
    """The nearest cue of a measure the noun allows, in the count's own clause.

    A count takes the predicate of its own clause (codebook section 10):
    cues of other clauses are read only when its clause has no predicate
    at all ("Seven people - three men and four women - have been
    arrested"). Cues to the left count 1.5 times their distance and must be
    near (``cue_distance`` in the rules); cues inside another figure's words
    ("a further arrest") belong to that figure; a count in a closed
    relative clause (``closed``: their indices) reads only its own clause.
    ``holders`` maps the start
    of each cue to the spans of ``taken`` that hold it (:func:`_holders`;
    found here when None). ``verb_after``: the count is the subject of the
    verb right after it ("and a fifth man has been detained"), so a cue to
    its right, where there is one, is its predicate, not a nearer one to
    its left. ``own_verb``: a finite verb follows the count in its clause,
    so a clause with no cue has a predicate that counts nothing and lends
    the count no cue of a clause an "and" stands between (``coordinated``:
    the indices of the clauses opened by "and"). ``parts``: the indices of
    clauses that tell a part of the people before them (:func:`_part_clauses`),
    whose cues are the part's only. ``right_from``: where the count's subject
    ends when it runs on past the count (a partitive of a numbered group:
    "Four of the six people arrested during the raids have been charged"),
    from which cues to its right are measured; the count's end when None.
    ``text``: the sentence (read for a finite verb between another count
    and a cue past it, when ``verb_after``).
    """
    if holders is None:
        holders = _holders(cues, taken)
    own = clause_of(counted.quantity.start, clauses)
    if own in closed:
        # a count inside a closed relative clause has that clause's predicate or none: "One man, who was
        # travelling with two of the children, was detained" (the children were not detained)
        cues = [cue for cue in cues if cue.clause == own]
    elif own + 1 in closed and not any(cue.clause == own for cue in cues):
        # the subject of a main verb told after a relative clause: "Two men, who were arrested on
        # Tuesday, have been charged" (charged; the relative clause's "arrested" is added as shared)
        main = [cue for cue in cues if cue.clause == own + 2 and cue.measure in counted.noun_class.measures]
        if main:
            # the main verb is the subject's whatever the relative clause's length ("A couple who kept a
            # woman as an unpaid domestic servant in their Bristol home for six years have been jailed")
            return min(main, key=lambda cue: cue.start)
        elif any(cue.clause == own + 2 for cue in cues):
            # a main verb that counts nothing: "Twelve workers, three of whom were identified as potential
            # victims, were spoken to by officers" (the twelve are not victims)
            return None
    elif own - 1 in closed and not any(cue.clause == own for cue in cues):
        # an object of the main verb resumed after a relative clause takes its subject's cue however long
        # the relative clause ("The searches, which took place on Tuesday 8th April, were carried out at four
        # residential properties": the properties were searched)
        subject = [cue for cue in cues if cue.clause == own - 2 and cue.measure in counted.noun_class.measures]
        if subject:
            return max(subject, key=lambda cue: cue.start)
    if parts and any(cue.clause in parts and cue.clause != own for cue in cues):
        # a clause telling a part of the people before it ("14 workers, of whom five were identified as
        # potential victims") lends its predicate to the part only: the 14 were not identified (codebook s.10)
        cues = [cue for cue in cues if cue.clause not in parts or cue.clause == own]
    if counted.quantity.kind in ("named", "zero"):
        # "The 47-year-old man arrested in Kelbridge has since been charged": the subject's own participle is no predicate
        cues = [cue for cue in cues if not counted.start <= cue.start < counted.end]
    if any(cue.clause == own for cue in cues):
        cues = [cue for cue in cues if cue.clause == own]
    elif own_verb and coordinated:
        # its clause has a verb of its own that counts nothing: it takes no cue of a clause coordinated
        # with it: "Sixteen men were living at the house and two men were arrested" (the sixteen take
        # no cue of the next clause; but "Five people are being investigated ... after arrests" reads
        # its subordinate clause's, and "No one has been charged and 12 people remain on bail after
        # raids in which officers arrested 12 men" the "arrested" after "after", not "charged")
        cues = [cue for cue in cues if not any(min(own, cue.clause) < k <= max(own, cue.clause) for k in coordinated)]
        if not any(cue.measure in counted.noun_class.measures for cue in cues):
            return None
    limits = rules.raw["cue_distance"]
    short = counted.subject is None or counted.value == 1
    max_left = limits["max_left_chars_short" if short else "max_left_chars"]
    max_right: float = float("inf")
    if counted.quantity.kind == "plural":
        plural = rules.raw["numbers"]["bare_plural"]
        max_left, max_right = plural["max_left_chars"], plural["max_right_chars"]
    elif counted.subject is None:
        max_right = limits["max_right_chars_bare"]
    best: tuple[float, _Cue] | None = None
    if verb_after and any(
        cue.start >= counted.end and cue.measure in counted.noun_class.measures and cue.start - counted.end <= max_right
        for cue in cues
    ):
        cues = [cue for cue in cues if cue.start >= counted.end]
    for cue in cues:
        if cue.measure not in counted.noun_class.measures:
            continue
        if any(span != (counted.start, counted.end) for span in holders[cue.start]):
            continue  # the cue word belongs to another figure ("a further arrest")
        if cue.start >= counted.end:
            if cue.name in rules.cue_before_only:
                continue  # "recovered from the same address": the place follows
            if verb_after and any(
                counted.end < s and e <= cue.start and rules.grammar.finite_verb.search(text, e, cue.start)
                for s, e in taken
            ):
                # the subject of a verb of its own takes no cue past another count with a verb of its own:
                # "Seven people have been detained and 11 potential victims are being supported" (the eleven
                # are supported; but "Four men were held ... along with a woman and arrested": all five)
                continue
            if right_from is not None and cue.start < right_from:
                continue  # inside the subject's partitive phrase: the group's own participle ("who were arrested")
            distance: float = cue.start - max(counted.end, right_from or 0)
            if distance > max_right:
                continue
        elif cue.end <= counted.start:
            if counted.start - cue.end > max_left:
                continue
            if own_verb and any(0 <= cue.start - e <= 1 and (s, e) != (counted.start, counted.end) for s, e in taken):
                # a count with a verb of its own after it is no object of a participle right after another
                # count ("two men charged and six men who now have a way out": the six were not charged)
                continue
            distance = (counted.start - cue.end) * 1.5
        else:
            distance = 0.0
        if best is None or distance < best[0]:
            best = (distance, cue)
    return best[1] if best else None


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_JOINED_NOUN = re.compile(r"(?:and|or)\s+[a-z-]+\s+")


def _group_cue(
    sentence: str, counted: _Counted, rules: FigureRules, clauses: Sequence[tuple[int, int]]
) -> tuple[bool, _Cue | None]:
    """The participle right after a count referred back inside "of the"
    ("Of the 12 people arrested, five have been charged": arrested), which
    names what the group is (:func:`_cues` drops it as a cue of the other
    counts: ``cue_blockers.group_before``); None for any other count. The
    group is a restatement (``skip_anaphora``), so it counts only where no
    other figure gives its measure (:func:`_with_restated_groups`).

    Returns ``(is_group, cue)``: ``is_group`` for a count inside such a
    phrase; ``cue`` None when no cue word follows it ("One of the two men
    was charged") or that word is no measure here (a cue whose clause does
    not meet its ``requires``: "Of the 12 workers found at the car wash"; a
    group dated by a year: "Of the 12 people arrested in 2021"): the group
    then takes no other cue either.
    """
    if rules.raw["anaphora"]["name"] not in counted.rules or rules.cue_group_before is None:
        return False, None
    if sentence.startswith(",", counted.end) and rules.grammar.fronted_of_the.match(sentence[: counted.start]):
        return True, None  # "Of the 12 workers, three were identified as victims": the group names the part's people
    at = counted.end + len(sentence[counted.end :]) - len(sentence[counted.end :].lstrip(" "))
    if at == counted.end or not rules.cue_group_before.search(sentence, max(0, at - 40), at):
        return False, None
    joined = _JOINED_NOUN.match(sentence, at)  # "Of the 12 men and women arrested"
    if joined is not None:
        at = joined.end()
    for name, measure, pattern in rules.cues:
        if measure not in counted.noun_class.measures or (match := pattern.match(sentence, at)) is None:
            continue
        clause = clause_of(match.start(), clauses)
        lo, hi = clauses[clause]
        requires = rules.cue_requires.get(name)
        # the group's own words meet ``requires``, not the predicate of the part told after them:
        # "Two of the nine workers found at the farm | were identified as potential victims" (the nine
        # were found, not described as victims)
        verb = rules.grammar.verb_after_group.match(sentence, match.end())
        own_hi = min(hi, verb.start("verb")) if verb is not None else hi
        if requires is not None and not _required(requires, sentence, lo, own_hi, _denied_spans(sentence[lo:own_hi], rules)):
            return True, None
        if _YEAR.search(sentence, match.end(), hi):
            return True, None
        return True, _Cue(name, measure, match.start(), match.end(), clause)
    return True, None  # "One of the two men was charged": the two men name the group, nothing happened to them


def _names_group(sentence: str, draft: _Draft, rules: FigureRules) -> bool:
    """Whether ``draft`` took its cue from :func:`_group_cue` (the participle
    right after it): a bare number after it is a part of the group, not the
    group's predicate told again ("Of the three women rescued, two have
    returned home": the two are not rescued again)."""
    cue = draft.cue
    return (
        cue is not None and rules.raw["anaphora"]["name"] in draft.counted.rules
        and cue.start >= draft.counted.end and not sentence[draft.counted.end : cue.start].strip(" ")
    )


def _relative_cue(
    sentence: str, counted: _Counted, cues: Sequence[_Cue], clauses: Sequence[tuple[int, int]], rules: FigureRules,
    others: Sequence[_Counted],
) -> _Cue | None:
    """The cue of a closed relative clause told right after a count, with at
    most the count's place between, when the count's own clause gives it
    none it can take: "detained ... at an address in Birmingham, which
    officers searched" (the address was searched). Not when one of the
    ``others`` (the sentence's counts) stands between: the relative is about
    them ("20 workers at the premises of two men, who were both arrested").
    None otherwise."""
    nxt = clause_of(counted.quantity.start, clauses) + 1
    if nxt >= len(clauses):
        return None
    lo, hi = clauses[nxt]
    if any(counted.end <= c.start < lo for c in others):
        return None
    if not rules.place_before_relative.fullmatch(sentence, counted.end, lo) or not rules.relative_clause.match(sentence[lo:hi]):
        return None
    if rules.part_relative.match(sentence, lo, hi):
        return None  # the clause tells a part: "Twelve workers, three of whom were identified as victims, ..."
    cue = next((c for c in cues if c.clause == nxt and c.measure in counted.noun_class.measures), None)
    if cue is None or re.search(r"\b(?:not|never|no)\b", sentence[lo : cue.start]):
        return None  # "three people, who have not been charged": no charge
    if counted.value != 1 and rules.grammar.singular_verb.search(sentence, lo, cue.start):
        return None  # "11 men working at the farm of their employer, who was arrested": about one person
    return cue


def _part_clauses(sentence: str, clauses: Sequence[tuple[int, int]], rules: FigureRules) -> frozenset[int]:
    """The indices of the clauses that tell a part of the people before them
    (``clauses.part_relative``: ", three of whom ...", ", of whom five ...",
    ", among them four who ...")."""
    return frozenset(i for i, (lo, hi) in enumerate(clauses) if i and rules.part_relative.match(sentence, lo, hi))


def _holders(cues: Sequence[_Cue], taken: Sequence[tuple[int, int]]) -> dict[int, list[tuple[int, int]]]:
    """The spans of ``taken`` that hold each cue's start, keyed by it: read
    once per sentence, not once per count and cue."""
    return {start: [(s, e) for s, e in taken if s <= start < e] for start in {cue.start for cue in cues}}


# ----------------------------------------------------------------- place


def _location(sentence: str, start: int, stop: int, rules: FigureRules) -> str | None:
    """The first place named after a figure ("in Luton", "from Kent")."""
    window = sentence[start : min(stop, start + rules.location_max)]
    cut = rules.location_stop.search(window)
    if cut:
        window = window[: cut.start()]
    for match in rules.location.finditer(window):
        place = _place_named(match.group("place"), rules)
        if place is not None:
            return place
    return None


def _place_named(place: str, rules: FigureRules) -> str | None:
    """``place`` without trailing words that are no place, None when it names no place (an organisation, a month)."""
    words = place.split()
    while words and (words[-1] in rules.not_places or words[-1].lower() in ("on", "de", "le", "upon")):
        words.pop()
    if rules.not_place_words.intersection(words):
        return None
    if words and words[0] not in rules.not_places and place not in rules.not_places:
        return " ".join(words)
    return None


def _fronted_place(sentence: str, rules: FigureRules) -> tuple[str, int] | None:
    """The place a sentence opens with before a comma, and where that opening
    ends ("In Preston, nine people were arrested"): the place of the figures after it."""
    match = rules.location_fronted.match(sentence) if rules.location_fronted is not None else None
    place = _place_named(match.group("place"), rules) if match is not None else None
    return (place, match.end()) if place is not None and match is not None else None


# ----------------------------------------------------------------- scope


def _clauses(text: str, rules: FigureRules) -> list[tuple[int, int]]:
    """:func:`clause_spans` of ``text``, read once per release."""
    spans = rules.prefilters.clause_memo.get(text)
    if spans is None:
        spans = rules.prefilters.clause_memo[text] = clause_spans(text, rules.clause_boundary)
    return spans



def _sentence_scope(
    text: str, rules: FigureRules, after_lead: bool = True, within: int | None = None
) -> tuple[str | None, str | None, bool]:
    """(scope, rule name, sticky) of the first scope cue in a sentence (or
    clause). ``within``: the key-set bits (:meth:`KeyFinder.bits`) of a text
    that holds ``text`` (its sentence), a superset of its own: a scope whose
    keys are not there cannot match, the others are searched."""
    memo = rules.prefilters.scope_memo
    key = (text, after_lead)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _read_scope(text, rules, after_lead, within)
    return found


def _read_scope(
    text: str, rules: FigureRules, after_lead: bool, within: int | None = None
) -> tuple[str | None, str | None, bool]:
    needs = rules.prefilters.needs
    if within is not None:
        bits = within
        if bits & needs.any_scope != needs.any_scope:
            return None, None, False
    else:
        folded = fold(text)
        if not rules.prefilters.any_scope.may_match(text, folded):
            return None, None, False
        bits = rules.prefilters.keys.text_bits(text, folded)
    for (name, scope, pattern, sticky, only_after_lead), need in zip(rules.scopes, needs.scopes):
        if only_after_lead and not after_lead:
            continue
        if bits & need == need and pattern.search(text):
            return scope, name, sticky
    return None, None, False


# ------------------------------------------------------------- extraction


@dataclass(frozen=True, slots=True)
class _Draft:
    """A figure inside one sentence, before release-level scope and role."""

    counted: _Counted
    measure: str
    location: str | None
    cue: _Cue | None
    rules: tuple[str, ...]


def _sentence_figures(sentence: str, rules: FigureRules, follow: str = "") -> list[_Draft]:
    """Figures of one sentence (measure, noun, qualifier, place).

    Bare plurals ("rescued suspected victims") are read last and kept only
    for measures that no numbered figure of the sentence gives.

    Every figure takes its measure from a noun that implies it or from a cue
    (a bare number after a figure takes that figure's), and a cue needs
    something counted (a number, a noun, a name), so a sentence with neither
    gives none and is not read further: most sentences.
    """
    folded = fold(sentence)
    prefilters = rules.prefilters
    # the keys of every prefilter, found in one pass, as one bit per key set
    bits = prefilters.keys.text_bits(sentence, folded)
    needs = prefilters.needs
    if not (
        bits & needs.implied == needs.implied
        or (bits & needs.any_cue == needs.any_cue and bits & needs.any_count == needs.any_count)
    ):
        return []
    prefilters.bits_memo[sentence] = bits
    quantities = sorted(
        [*_named(sentence, folded, bits, rules), *_quantities(sentence, bits, rules)],
        key=lambda q: (q.start, -q.end),
    )
    counted = _drop_overlaps(
        sorted(
            _drop_masked(
                sentence,
                bits,
                [c for q in quantities if (c := _count(sentence, q, rules)) is not None],
                rules,
            ),
            key=lambda c: (c.start, -c.end),
        )
    )
    plural_here = bits & prefilters.needs.plural == prefilters.needs.plural and rules.plural.search(sentence)
    if not (counted or plural_here):
        return []
    taken = [(c.start, c.end) for c in counted]
    plurals = [
        c
        for q in _plurals(sentence, bits, rules)
        if not any(s < q.end and q.start < e for s, e in taken)
        and (c := _count(sentence, q, rules)) is not None
    ]
    if not (counted or plurals):
        return []  # nothing counted, numbered or plural: no frame to read (most bare-plural sentences)
    clauses = _clauses(sentence, rules)
    cues = _cues(sentence, bits, rules, clauses, follow)
    drafts = _drafts(sentence, counted, cues, rules, clauses=clauses)
    drafts = _with_shared_predicates(sentence, drafts, cues, counted, rules)
    if plurals:
        numbered = {d.measure for d in drafts}
        extra = [
            d
            for d in _drafts(sentence, plurals, cues, rules, taken, clauses)
            if d.measure not in numbered and _plural_reading_ok(sentence, d, rules)
        ]
        drafts = sorted(drafts + extra, key=lambda d: d.counted.start)
    return drafts


def _with_definite_plurals(
    body: str, per_sentence: list[tuple[Sentence, list[_Draft]]], rules: FigureRules
) -> list[tuple[Sentence, list[_Draft]]]:
    """``per_sentence`` with the people referred back to that are the subject
    of a measure cue's passive verb, as restatements (``skip_anaphora``: they
    count only where no other figure gives the measure): "the" and a plural
    noun (``numbers.definite_plural``: "... and the women were taken to a
    place of safety"), as many as the last group of that noun told before
    them (:func:`_antecedent`); and a plural pronoun opening a sentence with
    no figure of its own (``pronouns``: "They have since been arrested and
    charged"), as many as the one group of people told in the sentence
    before (:func:`_pronoun_antecedent`), not with the case's past after its
    cue ("They were charged in 2020"). Without such a group, no figure."""
    pronoun = rules.pronoun_group
    spec = (rules.raw.get("numbers") or {}).get("definite_plural") or {}
    if rules.definite_plural is None or (
        rules.definite_plural[1].search(body) is None
        and (pronoun is None or not any(word in body for word in spec["pronouns"]))
    ):
        return per_sentence
    pattern = rules.definite_plural[0]
    restating = rules.raw["anaphora"]["name"]
    people = rules.classes["people"]

    def referred(start: int, end: int, value: int, qualifier: str, subject: str | None) -> _Counted:
        quantity = _Quantity("plural", spec["name"], value, start, end)
        return _Counted(quantity, start, end, value, qualifier, subject, people, False,
                        (spec["name"], people.name, restating))

    out = []
    for i, (sentence, drafts) in enumerate(per_sentence):
        text = sentence.text
        extra: list[_Draft] = []
        taken = [(d.counted.start, d.counted.end) for d in drafts]
        read: tuple[Sequence[tuple[int, int]], list[_Cue]] | None = None  # clauses and cues, read once

        def frame() -> tuple[Sequence[tuple[int, int]], list[_Cue]]:
            nonlocal read
            if read is None:
                clauses = _clauses(text, rules)
                read = clauses, _cues(text, rules.prefilters.keys.text_bits(text, fold(text)), rules, clauses)
            return read

        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            noun = match.group("noun").lower()
            value = _antecedent(per_sentence, i, noun, rules)
            if value is None:
                continue
            clauses, cues = frame()
            counted = referred(match.start(), match.end(), value, "exact", noun)
            extra += [d for d in _drafts(text, [counted], cues, rules, taken, clauses) if _passive_subject(text, d, rules)]
        match = pronoun.match(text) if pronoun is not None and not drafts else None
        group = _pronoun_antecedent(per_sentence, i, rules) if match is not None else None
        if match is not None and group is not None and group.value is not None:
            clauses, cues = frame()
            counted = referred(match.start(), match.end(), group.value, group.qualifier, group.subject)
            told = [
                d for d in _drafts(text, [counted], cues, rules, [], clauses)
                if _passive_subject(text, d, rules) and rules.grammar.earlier_after.match(text, d.cue.end) is None
            ]
            extra += _with_shared_predicates(text, told, cues, [counted], rules)  # "arrested and charged"
        out.append((sentence, sorted(drafts + extra, key=lambda d: d.counted.start) if extra else drafts))
    return out


def _passive_subject(text: str, draft: _Draft, rules: FigureRules) -> bool:
    """Whether ``draft``'s words are the subject of its cue's passive verb
    ("the women were taken to ...", "They have since been charged";
    ``numbers.bare_plural.right_between``)."""
    cue = draft.cue
    return cue is not None and cue.start >= draft.counted.end and rules.plural_right.match(
        text[draft.counted.end : cue.start]
    ) is not None


def _pronoun_antecedent(
    per_sentence: Sequence[tuple[Sentence, list[_Draft]]], index: int, rules: FigureRules
) -> _Counted | None:
    """The one numbered group of people told in the sentence right before
    ``index`` ("Two men, aged 36 and 41, were detained ..."), which a plural
    pronoun opening the next sentence refers back to; None when that
    sentence tells none or several."""
    if index == 0:
        return None
    groups = {
        d.counted.start: d.counted for d in per_sentence[index - 1][1]
        if d.counted.value and d.counted.subject and _counts_persons(d.counted.noun_class)
    }
    return next(iter(groups.values())) if len(groups) == 1 else None


def _antecedent(
    per_sentence: Sequence[tuple[Sentence, list[_Draft]]], index: int, noun: str, rules: FigureRules
) -> int | None:
    """The number of the last group of ``noun`` told in the sentences before
    ``index`` ("three young women" for "the women"), counted or not; None
    when there is none."""
    for j in range(index - 1, -1, -1):
        text = per_sentence[j][0].text
        if noun not in text.lower():
            continue
        bits = rules.prefilters.keys.text_bits(text, fold(text))
        found = None
        for quantity in _quantities(text, bits, rules):
            counted = _count(text, quantity, rules)
            if counted is not None and counted.value and counted.subject and counted.subject.split()[-1] == noun:
                found = counted.value
        if found:
            return found
    return None


def _with_shared_predicates(
    sentence: str, drafts: list[_Draft], cues: Sequence[_Cue], counted: Sequence[_Counted], rules: FigureRules
) -> list[_Draft]:
    """``drafts`` and, after each whose cue is joined to a cue of another
    measure ("Two men have been arrested and charged"; rule
    ``shared_predicates``), the same count with that measure too, when its
    noun allows it and no other count stands between the two cues."""
    spec = rules.raw.get("shared_predicates")
    if not spec or len(cues) < 2:
        return drafts
    out: list[_Draft] = []
    for draft in drafts:
        out.append(draft)
        cue = draft.cue
        if cue is None:
            continue
        for other in cues:
            if other.start < cue.end or not other.measure or other.measure == draft.measure:
                continue
            if other.measure not in draft.counted.noun_class.measures:
                break
            if any(cue.end <= c.start < other.start for c in counted):
                break
            if re.match(spec["joiner"], sentence[cue.end : other.start], re.I) is None:
                break
            if "after" in sentence[cue.end : other.start].lower() and rules.grammar.earlier_after.match(sentence, other.end):
                break  # "charged after being arrested in 2021": that stage is the case's past
            names = tuple(n for n in draft.rules if n != cue.name) + (other.name, spec["name"])
            out.append(_Draft(draft.counted, other.measure, draft.location, other, names))
            break
    return out


def _plural_reading_ok(sentence: str, draft: _Draft, rules: FigureRules) -> bool:
    """A bare plural is a figure only as the object of a near cue ("visited
    nail bars") or the subject of a passive cue ("victims ... were
    safeguarded"), and not in a general statement ("must ... safeguard
    victims")."""
    cue = draft.cue
    if cue is None:
        return True  # an event noun ("arrests made")
    window = rules.raw["numbers"]["bare_plural"]["modal_window"]
    if rules.plural_modal.search(sentence, max(0, min(cue.start, draft.counted.start) - window), cue.start):
        return False
    if cue.start >= draft.counted.end:
        return rules.plural_right.match(sentence[draft.counted.end : cue.start]) is not None
    return True


def _drafts(
    sentence: str,
    counted: Sequence[_Counted],
    cues: Sequence[_Cue],
    rules: FigureRules,
    taken: Sequence[tuple[int, int]] | None = None,
    clauses: Sequence[tuple[int, int]] = ((0, 10**9),),
) -> list[_Draft]:
    """Give each counted quantity its measure, cue and place."""
    taken = list(taken or []) + [(c.start, c.end) for c in counted]
    holders = _holders(cues, taken)
    # closed relative clauses: "One man, who was travelling with ..., was detained" (the main verb follows)
    closed = frozenset(
        i for i, (lo, hi) in enumerate(clauses)
        if i and i + 1 < len(clauses) and rules.relative_clause.match(sentence[lo:hi])
        and rules.main_verb_after.match(sentence, clauses[i + 1][0])
    )
    opening = _fronted_place(sentence, rules) if counted else None
    coordinated = frozenset(i for i, (lo, hi) in enumerate(clauses) if i and rules.grammar.and_clause.match(sentence, lo, hi))
    parts = _part_clauses(sentence, clauses, rules) if len(clauses) > 1 else frozenset()
    drafts: list[_Draft] = []
    for i, item in enumerate(counted):
        bare = item.subject is None
        if bare and _all_but(sentence, item, rules):
            # "14 people, all but two of whom ...": the rest of the group before; none without one
            rest = _rest_of(item, _group_before(sentence, counted, i, rules), rules) if i else None
            if rest is None:
                continue
            item = rest
        previous = drafts[-1] if drafts else None
        cue: _Cue | None = None
        names = item.rules
        if bare and previous and not _names_group(sentence, previous, rules) and _is_ellipsis(sentence, previous.counted, item, rules) and not (
            clause_of(item.quantity.start, clauses) in closed
            and clause_of(previous.counted.quantity.start, clauses) != clause_of(item.quantity.start, clauses)
        ):  # not into a closed relative clause: "One man, who was travelling with two of the children, ..."
            item = _inherit(item, previous.counted)
            measure = previous.measure
            cue = previous.cue
            names = names + (rules.raw["ellipsis"]["name"],)
            # the noun comes from the figure before, the predicate from its own clause when it has
            # one: "Eleven people were arrested and two were charged" (2 charged)
            own_clause = clause_of(item.quantity.start, clauses)
            own_cues = [c for c in cues if c.clause == own_clause]
            if own_cues and not any(c.measure for c in own_cues):
                continue  # only predicates that count nothing: "One man was arrested and another was released"
            if item.quantity.kind == "zero" and not own_cues:
                continue  # a zero says nothing of a predicate told before it: "arrested 14 people, none of whom were victims"
            if not own_cues and _own_predicate_after(sentence, item, previous, rules):
                # a verb of its own that counts nothing: "Two men have been charged and four remain on bail";
                # but a state told with how they came to it is that predicate's: "and two others remain
                # in hospital after being rescued" (2 safeguarded)
                cue = _reason_cue(sentence, item, cues, clauses, rules)
                if cue is None:
                    continue
                measure = cue.measure
            elif (own := _nearest_cue(item, cues, taken, rules, clauses, holders, closed)) is not None and (
                own.measure and own.measure != measure and own.clause == own_clause
            ):
                measure, cue = own.measure, own
        elif item.noun_class.implied:
            measure = item.noun_class.measures[0]
        else:
            is_group, cue = _group_cue(sentence, item, rules, clauses)
            if is_group and cue is None:
                continue  # a group named by a word that counts nothing here takes no other cue
            cue = cue or _nearest_cue(
                item, cues, taken, rules, clauses, holders, closed,
                verb_after=rules.verb_after_count.match(sentence, item.end) is not None,
                own_verb=rules.own_verb_after_count.match(sentence, item.end) is not None
                or rules.grammar.own_verb_after_relative.match(sentence, item.end) is not None
                or rules.grammar.state_relative.match(sentence, item.end) is not None,
                coordinated=coordinated,
                parts=parts,
                right_from=_partitive_group_end(sentence, item, counted, rules) if bare else None,
                text=sentence,
            )
            own = clause_of(item.quantity.start, clauses)
            if (
                cue is None
                and previous
                # not when its clause has a predicate that counts nothing ("referred to immigration"),
                # nor when a verb of its own follows it after an object ("Officers arrested two men, and
                # four women were living at the address"; but "86 children and seven adults were judged
                # to be vulnerable" share the verb after them)
                and not any(c.clause == own and not c.measure for c in cues)
                and not _own_predicate_after(sentence, item, previous, rules)
                and _is_coordinated(sentence, previous, item, rules)
            ):
                # "arrested a man over ... offences and a woman over ..."
                cue = previous.cue
                names = names + (rules.raw["ellipsis"]["name"],)
                measure = previous.measure
            elif cue is None and (cue := _relative_cue(sentence, item, cues, clauses, rules, counted)) is None:
                continue
            else:
                measure = cue.measure
        if cue is not None and cue.name not in names:
            names = names + (cue.name,)
        stop = counted[i + 1].start if i + 1 < len(counted) else len(sentence)
        place = _location(sentence, item.end, stop, rules)
        if place is None and opening is not None and opening[1] <= item.start:
            place = opening[0]
            names = names + (rules.raw["location"]["fronted"]["name"],)
        if (
            not item.further and cue is not None
            and (_also_between(sentence, item, cue, rules) or _opened_as_further(sentence, item, rules))
            and not _inside_group_told(sentence, item, measure, drafts, rules)
        ):
            item = _with_further(item)
        drafts.append(_Draft(item, measure, place, cue, names))
        shared = _relative_predicate(item, cue, cues, clauses, closed, rules, counted, sentence)
        if shared is not None:
            drafts.append(_Draft(item, shared.measure, place, shared,
                                 tuple(n for n in names if n != cue.name) + (shared.name, rules.raw["shared_predicates"]["name"])))
    return drafts


def _part_of_other_measure(text: str, draft: _Draft, drafts: Sequence[_Draft], rules: FigureRules) -> bool:
    """Whether ``draft`` is a partitive of a numbered group told right after it
    for another measure ("Four of the six people arrested in May have been
    charged": four charged of six arrested). In the sentence that first gives
    its own measure (the lead) it is no part of anything told: it states that
    measure's figure, and a list of the people charged after it is its
    breakdown; after a figure of its measure it stays a part ("Three men have
    been charged ... Two of the five people arrested were charged with ...")."""
    partitive = rules.grammar.partitive_of_group.match(text, draft.counted.end)
    return partitive is not None and any(
        d.counted.start == partitive.end() and d.measure != draft.measure for d in drafts
    )


def _partitive_group_end(sentence: str, item: _Counted, counted: Sequence[_Counted], rules: FigureRules) -> int | None:
    """Where the subject of a bare count with a partitive of a numbered group
    ends ("Four of the six people arrested during raids in May | have now been
    charged"): at the finite verb after the group's phrase
    (``grammar.verb_after_group``), else at the group's end; None for a count
    without such a partitive (``grammar.partitive_of_group``). A partitive of
    people told before with an aside ("Eleven of them, nine men and two
    women from Romania and Bulgaria, | were identified", ``grammar.partitive_aside``)
    ends at the aside's comma."""
    partitive = rules.grammar.partitive_of_group.match(sentence, item.end)
    if partitive is None:
        aside = rules.grammar.partitive_aside.match(sentence, item.end)
        return aside.end() if aside is not None else None
    group = next((c for c in counted if c.start == partitive.end()), None)
    if group is None:
        return None
    verb = rules.grammar.verb_after_group.match(sentence, group.end)
    return verb.start("verb") if verb is not None else group.end


#: A capitalised word (the words of a name).
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]+")

#: A past participle or past tense right after a word ("a fifth received a suspended sentence").
_PARTICIPLE_AFTER = re.compile(r"\s+[a-z]+ed\b")


def _reason_cue(
    sentence: str, item: _Counted, cues: Sequence[_Cue], clauses: Sequence[tuple[int, int]], rules: FigureRules
) -> _Cue | None:
    """The cue of the clause right after a count's own that tells how its
    people came to their state (``clauses.reason_after``: "four others remain
    on police bail | after being arrested"), of a measure its noun allows;
    None otherwise."""
    nxt = clause_of(item.quantity.start, clauses) + 1
    if nxt >= len(clauses) or not rules.reason_after.match(sentence, clauses[nxt][0], clauses[nxt][1]):
        return None
    return next((c for c in cues if c.clause == nxt and c.measure in item.noun_class.measures), None)


def _own_predicate_after(sentence: str, item: _Counted, previous: _Draft, rules: FigureRules) -> bool:
    """Whether ``item`` has a predicate of its own that counts nothing, so it
    shares no cue of the figure before: a verb of its own
    (``clauses.own_verb_after_count``) after an object ("Officers arrested two
    men, and four women were living at the address"), a custody verb of its
    own after the figure before and its predicate when that predicate gives
    a measure suspects never have (``grammar.custody_passive_after_count``:
    "Eight women are now safe and getting support, and four men have been
    detained"), or a stative verb
    (``clauses.stative_verb_after_count``) after a cue told before it ("Two
    men have been charged and four others remain on bail": 2 charged). Not
    "were" alone after a subject's cue: the verb may be left out ("Five
    people were arrested in Luton and another three were in Romania") or be
    one no cue knows. A relative clause with a verb of its own after it,
    after the predicate told of the figure before, is the count's own
    predicate (``grammar.own_verb_after_relative``: "two men charged and six
    men who now have a way out"), and so is one that tells a present state
    (``grammar.state_relative``: "and three women who now face a brighter
    future", "and a woman who is now facing deportation"). Codebook s.10."""
    if previous.cue is None:
        return False
    if previous.cue.end <= previous.counted.start and rules.own_verb_after_count.match(sentence, item.end):
        return True
    if (
        previous.cue.end <= item.start and previous.cue.measure not in rules.raw["subjects"]["suspects"]["measures"]
        and rules.grammar.custody_passive_after_count.match(sentence, item.end)
    ):
        # a custody verb of its own: suspects, who share no victims' predicate: "Eight women are now safe
        # and getting support, and four men have been detained" (the men are not safe)
        return True
    if previous.counted.end <= previous.cue.start < item.start and (
        rules.grammar.own_verb_after_relative.match(sentence, item.end) or rules.grammar.state_relative.match(sentence, item.end)
    ):
        # a relative clause with its verb after it, after the predicate of the figure before: "two men
        # charged and six men who now have a way out" (the six were not charged)
        return True
    return previous.cue.end <= item.start and rules.stative_verb_after_count.match(sentence, item.end) is not None



def _relative_predicate(
    item: _Counted, cue: _Cue | None, cues: Sequence[_Cue], clauses: Sequence[tuple[int, int]],
    closed: frozenset[int], rules: FigureRules, counted: Sequence[_Counted], sentence: str,
) -> _Cue | None:
    """The cue of a closed relative clause about a count that took the main
    verb after it, when it gives another measure the noun allows: "Two men,
    who were arrested on Tuesday, have been charged" (also 2 arrested; the
    count shares both predicates, rule ``shared_predicates``); or of a
    clause about the whole of the people a count told, right after them
    (:func:`_whole_group_predicate`). None otherwise."""
    if cue is None or not rules.raw.get("shared_predicates"):
        return None
    if (whole := _whole_group_predicate(sentence, item, cue, cues, counted, rules)) is not None:
        return whole
    own = clause_of(item.quantity.start, clauses)
    if own + 1 not in closed or cue.clause != own + 2:
        return None
    if any(clause_of(c.quantity.start, clauses) == own + 1 for c in counted):
        return None  # the relative clause has a subject of its own: "A man, whose two brothers were jailed, ..."
    return next(
        (c for c in cues if c.clause == own + 1 and c.measure and c.measure != cue.measure
         and c.measure in item.noun_class.measures),
        None,
    )


def _whole_group_predicate(
    sentence: str, item: _Counted, cue: _Cue, cues: Sequence[_Cue], counted: Sequence[_Counted], rules: FigureRules,
) -> _Cue | None:
    """The cue of a clause about the whole of the people a count told, right
    after them, when it is a later stage of their case than the count's own
    cue (``shared_predicates.whole_group`` and ``stages``): "Police arrested
    14 people, all of whom have since been charged", "... who have all since
    been charged", "... and all have since been charged" (also 14 charged;
    codebook s.10: the same people under each measure). Not a part ("five
    of whom", :func:`_part_clauses`), a denial, an alternative ("charged or
    released") or their past ("had been jailed before"). None otherwise."""
    stages = rules.stages
    if rules.whole_group is None or cue.measure not in stages:
        return None
    later = stages[stages.index(cue.measure) + 1 :]
    after = [c for c in cues if c.start >= item.end and c.measure in later and c.measure in item.noun_class.measures]
    if not after:
        return None
    shared = min(after, key=lambda c: c.start)
    # the people coordinated with the count are in the whole too: "three men and a woman, all of whom
    # have since been charged" (each shares; the relative is read from the last one's end)
    end = item.end
    for c in sorted(counted, key=lambda c: c.start):
        if end <= c.start < shared.start and c.noun_class is item.noun_class and rules.grammar.coordinated.fullmatch(sentence, end, c.start):
            end = c.end
    if any(end <= c.start < shared.start and shared.measure in c.noun_class.measures for c in counted):
        return None  # other people counted between: the relative is about them (a place between is none)
    if not rules.whole_group.fullmatch(sentence[end : shared.start]):  # (the pattern is anchored: read a slice)
        return None
    if rules.grammar.alternative_after.match(sentence, shared.end):
        return None  # "charged or released under investigation": not all charged
    return shared


def _drop_overlaps(counted: list[_Counted]) -> list[_Counted]:
    """Keep the first of figures whose spans overlap ("a man and woman")."""
    kept: list[_Counted] = []
    for item in counted:
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept


def _is_ellipsis(sentence: str, previous: _Counted, item: _Counted, rules: FigureRules) -> bool:
    """ "seven addresses in Luton and 11 in Romania": 11 addresses."""
    between = sentence[previous.end : item.start]
    spec = rules.raw["ellipsis"]
    subset = rules.raw["totals"].get("subset")
    if ";" in between or (subset and re.search(subset["before"], between, re.I)):
        return False  # "97 people were arrested ...; of these, 14 have been referred"
    return (
        previous.subject is not None
        and len(between) <= int(spec["max_chars"])
        and rules.ellipsis.search(between) is not None
    )


def _is_coordinated(sentence: str, previous: _Draft, item: _Counted, rules: FigureRules) -> bool:
    """A counted noun of the previous figure's class joined to it by "and"
    or a comma, with no cue of its own: it shares that figure's predicate.
    The previous group's complement ("on suspicion of ...",
    ``grammar.object_complement``) does not count in the distance between."""
    if previous.counted.noun_class is not item.noun_class or previous.cue is None:
        return False
    between = sentence[previous.counted.end : item.start]
    # (the previous group's complement is no distance: "... on suspicion of holding people in slavery, and a fourth man")
    complement = rules.grammar.object_complement.match(between)
    near = between[complement.end() :] if complement is not None else between
    if ";" in between or len(near) > int(rules.raw["ellipsis"]["max_chars"]):
        return False
    if rules.ellipsis.search(between) is not None:
        return True
    # the preposition of the previous figure repeated: "at four homes in Belfast and at a food processing unit"
    repeated = rules.grammar.coordinated_preposition.search(between)
    return repeated is not None and re.search(
        rf"\b{re.escape(repeated.group('prep'))}\s+(?:\w+\s+){{0,3}}$", sentence[: previous.counted.start], re.I
    ) is not None


def _inherit(item: _Counted, previous: _Counted) -> _Counted:
    return _Counted(
        item.quantity, item.start, item.end, item.value, item.qualifier,
        previous.subject, previous.noun_class, item.further, item.rules,
    )


def _inside_group_told(
    sentence: str, item: _Counted, measure: str, drafts: Sequence[_Draft], rules: FigureRules
) -> bool:
    """Whether ``item`` is inside a group told before it, so that "also"
    makes it no further group: someone named after "including" and a role
    ("Three of them, including the alleged head of the line, Connor
    Haworth, are also charged"), or a partitive of a group of the same
    measure ("Two of them ... were also charged with money laundering"; but
    "Eight women were safeguarded and two of them were also arrested" adds
    two: the group before is of another measure)."""
    if item.quantity.kind == "named" and rules.grammar.including_before.search(sentence, max(0, item.start - 80), item.start):
        return True
    return rules.grammar.partitive_after.match(sentence, item.end) is not None and (
        not drafts or drafts[-1].measure == measure
    )


def _all_but(sentence: str, item: _Counted, rules: FigureRules) -> bool:
    """Whether "all but" stands right before a count (``numbers.all_but``)."""
    start = item.quantity.start
    return rules.all_but is not None and rules.all_but.search(sentence, max(0, start - 20), start) is not None


def _group_before(sentence: str, counted: Sequence[_Counted], i: int, rules: FigureRules) -> int | None:
    """The number of people or places told right before ``counted[i]``: the
    count before it with those coordinated with it ("nine men and two women"
    = 11); None when one of them has no number."""
    last = counted[i - 1]
    total, j = last.value, i - 1
    while total is not None and j > 0:
        before = counted[j - 1]
        if before.noun_class is not last.noun_class or not rules.grammar.coordinated.fullmatch(sentence, before.end, counted[j].start):
            break
        total = None if before.value is None else total + before.value
        j -= 1
    return total


def _rest_of(item: _Counted, group: int | None, rules: FigureRules) -> _Counted | None:
    """The rest of the ``group`` (a number) after the ``item`` "all but"
    excepts ("14 people, all but two of whom have since been charged" =
    12); None when the group is no larger or has no number."""
    if item.value is None or group is None or item.value >= group:
        return None
    return replace(item, value=group - item.value, rules=item.rules + (rules.raw["numbers"]["all_but"]["name"],))


def _with_further(item: _Counted) -> _Counted:
    return _Counted(
        item.quantity, item.start, item.end, item.value, item.qualifier,
        item.subject, item.noun_class, True, item.rules,
    )


def _also_between(sentence: str, item: _Counted, cue: _Cue, rules: FigureRules) -> bool:
    """ "A 45-year-old man was also arrested": a further group; and "Two of his
    associates were sentenced alongside him" (``further.alongside`` after the
    cue: others than the person told before)."""
    lo, hi = sorted((item.end, cue.start)) if cue.start >= item.end else (max(0, cue.start - 25), cue.start)
    return rules.further_clause.search(sentence, lo, hi) is not None or (
        # (a named person told beside another is no group added to a stated total: "Two men were jailed ...
        # his cousin Liam Dunmore ... was sentenced alongside him")
        item.quantity.kind != "named" and cue.start >= item.end
        and rules.further_alongside.match(sentence, cue.end) is not None
    )


def _opened_as_further(sentence: str, item: _Counted, rules: FigureRules) -> bool:
    """ "In addition, two men were arrested in Edinburgh": a sentence opened by an
    explicit addition (``further.opening``) adds the groups it counts (codebook
    section 10), but not people it refers back to ("Additionally, two of the
    four men were charged with ...", "In addition, both men ...") or tells of
    again (``further.again``: "one man was further arrested on suspicion of")."""
    opening = rules.further_opening.match(sentence)
    if opening is None or opening.end() > item.start:
        return False
    # not people referred back to ("two of the four men", "both men": a word of ``anaphora.before``) or
    # told again ("was further arrested")
    referring = {" ".join(w.lower().split()) for w in rules.raw["anaphora"]["before"]}
    return not (
        item.quantity.kind in ("zero", "possessive")
        or " ".join(sentence[item.quantity.start : item.quantity.end].lower().split()) in referring
        or rules.grammar.partitive_after.match(sentence, item.end)
        or rules.grammar.partitive_of_group.match(sentence, item.end)
        or rules.further_again.search(sentence, item.end)
    )


def extract_figures(
    body: str,
    sentences: Sequence[Sentence],
    *,
    rules: FigureRules | None = None,
    kind: str | None = None,
) -> list[Figure]:
    """Every figure stated in ``body``, in text order (see module docstring).

    ``rules`` defaults to the packaged ``figure_rules.yaml`` (see
    :func:`load_rules` to load another file). ``kind`` is the release kind
    (codebook section 11, :func:`releasekit.extract.kind.classify_release`),
    the scope prior: in a court result the arrests, searches and victims
    retold from the case are background; in a statistics release a figure
    without a scope marker of its own is ``period``.
    """
    rules = rules or FigureRules.default()
    rules.prefilters.clause_memo.clear()
    rules.prefilters.scope_memo.clear()
    rules.prefilters.bits_memo.clear()
    lines = list(sentences)
    line_starts = [line.start for line in lines]
    sentences = _rejoin(body, sentences)
    per_sentence = [
        (s, _sentence_figures(s.text, rules, _follow(sentences, i, rules))) for i, s in enumerate(sentences)
    ]
    per_sentence = _with_definite_plurals(body, per_sentence, rules)
    frames = _frames(per_sentence, rules, kind)
    court = _is_court(per_sentence, rules, kind)
    court_rule = rules.raw["court_release"]["name"]
    headlines = _headlines(sentences, rules)
    opened = _opened_in_quote(body, sentences)
    leads: dict[str, int] = {}  # measure -> its first non-list sentence
    headline_values: dict[str, set[int]] = {}  # measure -> the values its headlines state
    in_body: set[str] = set()  # measures the body has given a figure of
    for sentence, drafts in per_sentence:
        headline = sentence.sentence_id in headlines
        # a measure first given in a list item has its parts first: no lead total
        sid = -1 if rules.list_item.match(sentence.text) else sentence.sentence_id
        for draft in drafts:
            if draft.counted.value is None or rules.raw["anaphora"]["name"] in draft.counted.rules:
                continue
            if headline:
                headline_values.setdefault(draft.measure, set()).add(draft.counted.value)
            elif draft.measure not in in_body:
                in_body.add(draft.measure)
                if draft.counted.value in headline_values.get(draft.measure, ()):
                    # "Five jailed ..." then "Five people have been jailed ...": the body's first
                    # figure restates the headline, so it states the total (the headline's groups
                    # otherwise: "Nine arrested ..." then "Four people ... five people")
                    leads[draft.measure] = sid
            leads.setdefault(draft.measure, sid)
    figures: list[Figure] = []
    headline_rule = rules.raw["totals"].get("headline") or {}
    example_spec = rules.raw["totals"].get("example_list")
    example_sentence = rules.raw["totals"].get("example_sentence")
    results_spec = rules.raw["totals"].get("results_list")
    quoted_name = (rules.raw["totals"].get("quoted") or {}).get("name")
    ordinal_name = (rules.raw["numbers"].get("ordinal") or {}).get("name")
    examples = False  # inside a list introduced as examples ("Results included:")
    in_example = False  # in a sentence told as an example of the action (``totals.example_sentence``)
    results = False  # inside a list introduced as the results ("Results:", "The outcomes of the week:")
    for sentence, drafts in per_sentence:
        list_item = bool(rules.list_item.match(sentence.text))
        if not list_item:
            text = sentence.text.rstrip()
            examples = bool(example_spec) and text.endswith(":") and re.search(example_spec["intro"], text, re.I) is not None
            results = bool(results_spec) and text.endswith(":") and re.search(results_spec["intro"], text, re.I) is not None
        headline = sentence.sentence_id in headlines
        # an example of the action, or a sentence that refers back to one at its start ("In one case, officers
        # ... found a 15-year-old boy ... the two men in the car ... were among those arrested. Both have been
        # charged ...")
        in_example = bool(example_sentence) and (
            re.match(example_sentence["intro"], sentence.text, re.I) is not None
            or (in_example and rules.carry_when.match(sentence.text) is not None)
        )
        for draft in drafts:
            frame = frames[(sentence.sentence_id, draft.counted.start)]
            if frame is None:
                continue  # a plan, capacity or target: not a figure
            fig_scope, fig_scope_rule = frame
            if court and draft.measure in rules.court_retold and fig_scope == "current":
                fig_scope, fig_scope_rule = "background", court_rule
            role, role_rule = _role(sentence, draft, drafts, list_item, leads, rules)
            if role == "further" and _of_a_group_told(body, sentence.start, sentence.text, draft, figures, rules):
                # "Three men and two women were arrested ... One of the women was also arrested on suspicion of
                # money laundering": one of a group told with this measure, no one more
                role, role_rule = "subset", rules.raw["totals"]["subset"]["name"]
            if examples and list_item and role in ("part", "total"):
                role, role_rule = "subset", example_spec["name"]
            elif example_sentence and role in ("part", "total") and in_example:
                # "Among the activity, Kent Police arrested six people ...": an example, inside the totals
                role, role_rule = "subset", example_sentence["name"]
            elif results and list_item and role == "part":
                role_rule = results_spec["name"]  # may restate the body (see _distinct_parts)
            if headline and role != "restated":
                role, role_rule = "headline", headline_rule["name"]
            # a part, or a running count ("and a tenth at the airport"), told inside a quote
            quoted = (
                quoted_name
                if quoted_name and (role == "part" or (role == "total" and ordinal_name in draft.counted.rules))
                and _in_quote(sentence.text, draft.counted.start, sentence.sentence_id in opened) else None
            )
            names = draft.rules + tuple(n for n in (fig_scope_rule, role_rule, quoted) if n)
            c = draft.counted
            # a figure belongs to the sentence (row of ``sentences``) it starts
            # in; read across a hard-wrapped line, its words stop at that line
            line = lines[max(0, bisect_right(line_starts, sentence.start + c.start) - 1)]
            start = sentence.start + c.start
            end = min(sentence.start + c.end, line.end)
            while end > start and body[end - 1].isspace():
                end -= 1
            figures.append(
                Figure(
                    measure=draft.measure,
                    value=c.value,
                    qualifier=c.qualifier,
                    subject=c.subject,
                    location=draft.location,
                    scope=fig_scope,
                    sentence_id=line.sentence_id,
                    start=start,
                    end=end,
                    evidence=line.text,
                    rule="+".join(dict.fromkeys(names)),
                    role=role,
                    text=body[start:end],
                )
            )
    return figures


def _rejoin(body: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    """Sentences with hard-wrapped lines joined back: a line that starts
    lower-case after one without a closing stop goes on the same sentence
    ("* 822" / "premises visited;"). Ids and spans stay those of the body
    (a joined sentence keeps the id of its first line). A joined sentence
    stays within :data:`~releasekit.text.MAX_SENTENCE_CHARS`, like every
    sentence: a line past it is not joined, so that the pairwise work on a
    sentence's figures stays bounded (a body without full stops, cut at
    that length, was joined back into one sentence)."""
    out: list[Sentence] = []
    for sentence in sentences:
        text = sentence.text.lstrip()
        if (
            out
            and text[:1].islower()
            and sentence.end - out[-1].start <= MAX_SENTENCE_CHARS
            and not re.search(r"[.!?:;][\"”’')]*\s*$", out[-1].text)
        ):
            first = out[-1]
            out[-1] = Sentence(first.sentence_id, first.start, sentence.end, body[first.start : sentence.end])
        else:
            out.append(sentence)
    return out


def _headlines(sentences: Sequence[Sentence], rules: FigureRules) -> set[int]:
    """Ids of the headline lines: the leading sentences without a closing
    stop (title, standfirst), at most ``max_lines``, before the first
    sentence that has one; none when that is the whole text."""
    spec = rules.raw["totals"].get("headline")
    if not spec:
        return set()
    found: set[int] = set()
    for sentence in sentences[: int(spec.get("max_lines", 1))]:
        text = sentence.text.strip()
        if (
            len(text) > int(spec["max_chars"])
            or not re.search(spec["pattern"], text)
            or not text[:1].isupper() and not text[:1].isdigit()  # a hard-wrapped line goes on
        ):
            break
        found.add(sentence.sentence_id)
    return found if len(found) < len(sentences) else set()


def _follow(sentences: Sequence[Sentence], i: int, rules: FigureRules) -> str:
    """The next sentence when it opens with a reference back ("They have
    been safeguarded"), else "" (it may tell what the counted people were)."""
    if i + 1 < len(sentences) and rules.carry_when.match(sentences[i + 1].text):
        return sentences[i + 1].text
    return ""


def _is_court(per_sentence: Sequence[tuple[Sentence, list[_Draft]]], rules: FigureRules, kind: str | None) -> bool:
    """A court result: its kind says so, or (kind unknown) its first figure
    sentence reports a court outcome."""
    if kind is not None:
        return kind in rules.court_kinds
    lead = next((d for _, d in per_sentence if d), None)
    return bool(lead and {d.measure for d in lead} & rules.court_lead)


_Frame = tuple[str, str | None] | None  # (scope, scope rule), None for a plan


def _frames(
    per_sentence: Sequence[tuple[Sentence, list[_Draft]]], rules: FigureRules, kind: str | None
) -> dict[tuple[int, int], _Frame]:
    """Scope of every figure, keyed by (sentence id, start in sentence).

    Scope belongs to a figure, not to a sentence (codebook section 10). A
    figure takes the scope marker of its own clause; else a period marker
    of a clause of its sentence with no figure ("... rescued 100 victims
    since it set up a unit"); else that of the sentence's first clause (a
    fronted adverbial: "In April this year, ..."); else, when its sentence opens
    with a reference back ("They were ..."), the scope of the sentence
    before; else the release default: ``period`` when the release kind is
    a statistics kind or its first sentence (the title) or first figure
    sentence is a period statistic, ``current`` otherwise. A list item with
    no marker of its own takes the period marker of the list's introduction
    ("During the year, the team: - made 63 arrests"). A sentence of stated
    zeros within two sentences of one with figures and a current marker
    takes that marker ("... visited 12 nail bars on Saturday ... No arrests were
    made"). Notes to editors
    (a sticky marker) keep their scope to the end. A figure in a clause
    with a plan marker ("will let the service help as many as 60") is no
    figure (None).
    """
    lead = next(((s, d) for s, d in per_sentence if d), None)
    lead_id = lead[0].sentence_id if lead else None
    default: tuple[str, str | None] = ("current", None)
    if kind is not None and kind in rules.period_kinds:
        default = ("period", rules.raw["period_kinds"]["name"])
    elif kind is not None and kind in rules.background_kinds:
        default = ("background", rules.raw["background_kinds"]["name"])
    else:
        # the title's marker, and that of the lead figure's own frame (a closed
        # relative clause borrows none: "The five, who have not been charged,
        # were detained between May and June")
        firsts = [per_sentence[0][0]] if per_sentence and (lead is None or per_sentence[0][0] is not lead[0]) else []
        lead_period = lead is not None and _lead_frame_scope(lead[0].text, lead[1][0], rules) == "period"
        if lead_period or any(_sentence_scope(s.text, rules, False)[0] == "period" for s in firsts):
            default = ("period", None)
        elif lead is not None and _lead_clause_scope(lead[0].text, lead[1][0], rules) == "background":
            # the release opens by retelling an earlier case ("A little over
            # two years ago, a couple were arrested ..."): its story is background
            default = ("background", None)
    result: dict[tuple[int, int], _Frame] = {}
    sticky: tuple[str, str | None] | None = None
    previous: tuple[str, str | None] | None = None  # first marker of the sentence before
    previous_counted = False  # whether the sentence before gave figures
    intro: tuple[str, str | None] | None = None  # the marker of the introduction of the list being read
    dated: tuple[tuple[str, str | None], int] | None = None  # the last sentence with figures and a current marker, and its index
    latest: tuple[str, str | None] | None = None  # last marker of the sentence before (when it gave figures)
    restating = rules.raw["anaphora"]["name"]
    for index, (sentence, drafts) in enumerate(per_sentence):
        text = sentence.text
        after_lead = lead_id is not None and sentence.sentence_id > lead_id
        if rules.sticky is not None and sticky is None and rules.prefilters.sticky is not None:
            if rules.prefilters.sticky.may_match(text, fold(text)) and rules.sticky.search(text):
                scope, name, is_sticky = _sentence_scope(text, rules, after_lead)
                if is_sticky and scope:
                    sticky = (scope, name)
        item = rules.list_item.match(text) is not None
        if not item:
            # a list's introduction lends its time to the items after it ("During the year, the team:
            # - made 63 arrests ..."): read only for a sentence that opens a list
            # (a period only: "The defendants were sentenced ... on Friday, following a nine-week trial last autumn:"
            # dates nothing of its items)
            intro = _list_intro(text, rules, after_lead) if text.rstrip().endswith(":") else None
        if not drafts:
            previous = _first_marker(text, rules, after_lead) if _may_carry(per_sentence, sentence, rules) else None
            previous_counted = False
            continue
        clauses = _clauses(text, rules)
        zeros_only = any(d.counted.quantity.kind == "zero" for d in drafts) and all(
            d.counted.quantity.kind == "zero" or d.counted.value is None for d in drafts
        )
        within = rules.prefilters.bits_memo.get(text)
        markers = [_sentence_scope(text[lo:hi], rules, after_lead, within) for lo, hi in clauses]
        plan_rules = [p for (_, p), need in zip(rules.plans, rules.prefilters.needs.plans) if within is None or within & need == need]
        plans = [any(p.search(text, lo, hi) for p in plan_rules) for lo, hi in clauses]
        with_figure = {clause_of(d.counted.quantity.start, clauses) for d in drafts}
        # a period marker of a clause with no figure lends itself ("rescued
        # 100 victims since it set up a unit"); a background marker there
        # dates another event ("jailed today after raids in 2019")
        lending = next(
            (
                (m[0], m[1])
                for i, m in enumerate(markers)
                if m[0] == "period" and i not in with_figure and not m[2]
            ),
            None,
        )
        carried = previous if previous and previous != default and rules.carry_when.match(text) else None
        if carried is None and previous_counted and latest and latest != default and rules.carry_when_counted.match(text):
            # "at the time", "during that visit": the action told last in the sentence before ("In 2023 ... three
            # arrests; on Tuesday officers returned ... Two women were safeguarded during that visit")
            carried = latest
        # a count referred back by its number ("The two men received ...") takes the time of the
        # sentence before for itself only: other counts of its sentence are new ("... and a third
        # man has also been arrested")
        numbered = rules.carry_when_numbered.match(text) if previous and previous != default and not carried else None
        for draft in drafts:
            own = clause_of(draft.counted.quantity.start, clauses)
            lo, hi = clauses[own]
            # a closed relative clause ("The five, who have not been charged
            # ..., were detained ...") borrows no marker from the main clause
            closed_relative = hi < len(text) and text[hi] == "," and rules.relative_clause.match(text[lo:hi])
            frame: _Frame
            if plans[own]:
                frame = None
            elif sticky:
                frame = sticky
            elif markers[own][0]:
                frame = (markers[own][0], markers[own][1])
            elif item and intro:
                frame = intro
            elif own and markers[own - 1][0] and rules.time_of_clause_before.match(text, lo, hi):
                # "warrants executed ... in October, when five people were arrested": the time of the
                # clause before
                frame = (markers[own - 1][0], markers[own - 1][1])
            elif (
                draft.cue is not None and draft.cue.clause != own and draft.cue.clause < len(markers)
                and markers[draft.cue.clause][0] and not closed_relative
            ):
                # a subject cut off by an apposition takes the time of its predicate's clause:
                # "A seventh man, Daniel Kearns, 45, ... was jailed for four years in October 2024"
                frame = (markers[draft.cue.clause][0], markers[draft.cue.clause][1])
            elif draft.counted.quantity.kind == "negated":
                # "who have not been charged with any offence": a state at the
                # time of the release, whatever the period of the main clause
                frame = ("current", None)
            elif lending and not closed_relative:
                frame = lending
            elif markers[0][0] and ";" not in text[max(0, clauses[0][1] - 1) : lo + 1]:
                # (a fronted adverbial lends its time, not a clause across a semicolon: "The last crackdown saw
                # nine arrests; this time officers arrested 15 people")
                frame = (markers[0][0], markers[0][1])
            elif carried:
                frame = carried
            elif numbered is not None and draft.counted.start < numbered.end():
                frame = previous
            elif zeros_only and dated is not None and index - dated[1] <= 2:
                # a sentence of stated zeros right after a dated action tells its outcome: "On Saturday, officers
                # ... visited 12 nail bars ... They spoke to 34 workers. No potential victims were identified and
                # no arrests were made" (codebook s.8: a stated zero counts)
                frame = dated[0]
            elif restating in draft.counted.rules and (
                told := _antecedent_frame(per_sentence, index, text[draft.counted.quantity.start : draft.counted.end],
                                          rules, lead_id)
            ):
                # "... a raid in March, when three women were found ... Police said the three women were
                # identified as potential victims": a group referred back keeps the time it was told with
                frame = told
            else:
                frame = default
            result[(sentence.sentence_id, draft.counted.start)] = frame
        previous = next(((m[0], m[1]) for m in markers if m[0]), None)
        latest = next(((m[0], m[1]) for m in reversed(markers) if m[0]), None)
        previous_counted = True
        if previous is not None and previous[0] == "current":
            dated = (previous, index)
    return result


def _antecedent_frame(
    per_sentence: Sequence[tuple[Sentence, list[_Draft]]], index: int, words: str, rules: FigureRules,
    lead_id: int | None,
) -> tuple[str, str | None] | None:
    """The scope marker of the clause where the group a count refers back to
    was told: the last sentence before ``index`` holding the count's words
    ("three women" for "the three women"); the marker of its clause, the
    clause before (``time_of_clause_before``) or its first clause. None
    when no sentence holds them or they were told without a marker."""
    told = re.compile(r"\b" + r"\s+".join(map(re.escape, words.split())) + r"\b", re.I)
    for j in range(index - 1, -1, -1):
        text = per_sentence[j][0].text
        match = told.search(text)
        if match is None:
            continue
        clauses = _clauses(text, rules)
        after_lead = lead_id is not None and per_sentence[j][0].sentence_id > lead_id
        markers = [_sentence_scope(text[lo:hi], rules, after_lead)[:2] for lo, hi in clauses]
        own = clause_of(match.start(), clauses)
        if markers[own][0]:
            return markers[own][0], markers[own][1]
        if own and markers[own - 1][0] and rules.time_of_clause_before.match(text, *clauses[own]):
            return markers[own - 1][0], markers[own - 1][1]
        return (markers[0][0], markers[0][1]) if markers[0][0] else None
    return None


def _lead_frame_scope(text: str, draft: _Draft, rules: FigureRules) -> str | None:
    """Scope marker of the lead figure's frame: its own clause, else a
    figure-less clause of its sentence (not for a closed relative clause),
    else the sentence's first clause."""
    clauses = _clauses(text, rules)
    own = clause_of(draft.counted.quantity.start, clauses)
    lo, hi = clauses[own]
    closed_relative = hi < len(text) and text[hi] == "," and rules.relative_clause.match(text[lo:hi])
    within = rules.prefilters.bits_memo.get(text)
    markers = [_sentence_scope(text[a:b], rules, False, within)[0] for a, b in clauses]
    if markers[own]:
        return markers[own]
    if not closed_relative and any(m for i, m in enumerate(markers) if i != own):
        return next(m for i, m in enumerate(markers) if i != own and m)
    return markers[0]


def _lead_clause_scope(text: str, draft: _Draft, rules: FigureRules) -> str | None:
    """Scope marker of the clause of a release's first figure (else of the
    sentence's first clause, a fronted adverbial)."""
    clauses = _clauses(text, rules)
    own = clause_of(draft.counted.quantity.start, clauses)
    for index in (own, 0):
        lo, hi = clauses[index]
        scope = _sentence_scope(text[lo:hi], rules, False, rules.prefilters.bits_memo.get(text))[0]
        if scope:
            return scope
    return None


def _may_carry(per_sentence: Sequence[tuple[Sentence, list[_Draft]]], sentence: Sentence, rules: FigureRules) -> bool:
    """Whether the sentence after ``sentence`` has figures and opens with a
    reference back (only then is the marker of ``sentence`` read)."""
    # sentence ids ascend in text order (merged lines keep their first id): a bisection finds
    # the sentence instead of a list of every id built per sentence (that was quadratic)
    k = sentence.sentence_id
    j = bisect_left(per_sentence, k, key=lambda pair: pair[0].sentence_id)
    if j < len(per_sentence) and per_sentence[j][0].sentence_id == k:
        i = j + 1
    else:  # ids out of order, or not there
        ids = [s.sentence_id for s, _ in per_sentence]
        i = ids.index(sentence.sentence_id) + 1 if sentence.sentence_id in ids else len(ids)
    if i >= len(per_sentence):
        return False
    following, drafts = per_sentence[i]
    return bool(drafts) and (
        rules.carry_when.match(following.text) is not None or rules.carry_when_numbered.match(following.text) is not None
    )


def _list_intro(text: str, rules: FigureRules, after_lead: bool) -> tuple[str, str | None] | None:
    """The period marker a list's introduction lends its items: its first
    marker when that is a period and no clause of it tells a current time
    ("Following a year-long investigation, officers on Tuesday:" lends
    nothing)."""
    first = _first_marker(text, rules, after_lead)
    if first is None or first[0] != "period":
        return None
    clauses = _clauses(text, rules)
    if any(_sentence_scope(text[lo:hi], rules, after_lead)[0] == "current" for lo, hi in clauses):
        return None
    return first


def _first_marker(text: str, rules: FigureRules, after_lead: bool) -> tuple[str, str | None] | None:
    scope, name, _ = _sentence_scope(text, rules, after_lead)
    return (scope, name) if scope else None


def _role(
    sentence: Sentence,
    draft: _Draft,
    drafts: Sequence[_Draft],
    list_item: bool,
    leads: Mapping[str, int],
    rules: FigureRules,
) -> tuple[str, str | None]:
    """total | part | further, with the rule that decided it.

    A stated total has a generic subject ("people", "arrests", "addresses",
    none: "Three arrested") and stands in the first sentence that gives the
    measure (the lead), after a total marker ("a total of"), or before its
    breakdown in the same sentence ("seven arrests - five men ... two
    women"). Figures of one measure in one sentence share the role of the
    first ("seven addresses in Luton and 11 in Romania" state one total
    together), except such a breakdown. Specific groups ("Ten men", "a
    42-year-old man", "two farms") and list items are parts. "Further" on an
    event noun ("led to a further arrest") continues the story the total
    sums; on people or places ("a further four", "Another man") it adds.
    """
    if rules.raw["anaphora"]["name"] in draft.counted.rules:
        return "restated", None
    ordinal = rules.raw["numbers"].get("ordinal", {}).get("name")
    if ordinal and ordinal in draft.counted.rules:
        return "total", None
    breakdown = rules.raw["totals"].get("breakdown")
    ellipsis = rules.raw["ellipsis"]["name"]
    event = draft.counted.noun_class.further_is_part and draft.counted.quantity.kind == "article"
    if draft.counted.further and not event:
        # the counts of a further group's breakdown are inside it ("A couple, a man aged 34 and
        # a woman aged 31, were also detained"), not more further groups
        if breakdown and _in_breakdown(sentence.text, draft, drafts, breakdown, ellipsis, rules):
            return "subset", breakdown["name"]
        # "Three further warrants were also carried out" adds; "led to a
        # further arrest" (an event noun with an article) continues the story
        return "further", rules.raw["further"]["name"]
    subset = rules.raw["totals"].get("subset")
    if subset and (
        (re.match(subset["after"], sentence.text[draft.counted.end :], re.I)
         and not (leads.get(draft.measure) == sentence.sentence_id and _part_of_other_measure(sentence.text, draft, drafts, rules)))
        or re.search(subset["before"], sentence.text[max(0, draft.counted.start - 160) : draft.counted.start], re.I)
    ):
        return "subset", subset["name"]
    # "five addresses – two in Preston and three in Blackburn": the counts of a
    # breakdown are inside the figure before them (codebook s.10)
    if breakdown and _in_breakdown(sentence.text, draft, drafts, breakdown, ellipsis, rules):
        return "subset", breakdown["name"]
    if list_item:
        return "part", None
    same = [d for d in drafts if d.measure == draft.measure and not d.counted.further]
    first = same[0] if same else draft
    totals = rules.raw["totals"]
    text = sentence.text
    if rules.total_marker.search(text, 0, first.counted.start + 1) or (
        rules.total_marker_before.search(text[max(0, draft.counted.start - 90) : draft.counted.start])
        or rules.total_marker_after.match(text, draft.counted.end)
    ):
        return "total", totals["total_markers"]["name"]
    if subset and any(
        d.measure == draft.measure and d.counted.start > draft.counted.end
        and (d.counted.value or 0) < (draft.counted.value or 0)
        and re.match(subset["after"], sentence.text[d.counted.end :], re.I)
        for d in drafts
    ):
        # "more than 280 businesses across the UK, 160 of them in London":
        # a figure with a part named after it states the total (codebook s.10)
        return "total", totals["with_part"]["name"]
    specific = [d for d in same[1:] if not _is_generic(d, rules)]
    # a breakdown's groups are inside the figure before them, so they cannot add up to more than it:
    # "executed 14 drugs warrants, carried out 41 visits to the homes of ..." are two actions, which
    # state the lead's total together. Not groups that share the first's predicate ("Five people have
    # been detained and 11 women supported") or are told in another clause ("searched four addresses
    # on Tuesday, following raids on 15 car washes")
    beyond = (
        _is_generic(first, rules) and bool(specific) and _exceeds(first, specific)
        and all(d.cue is None or first.cue is None or d.cue.start != first.cue.start for d in specific)
        and _in_one_clause(text, [first, *specific], rules)
    )
    if not _is_generic(draft, rules):
        if beyond and draft is not first and leads.get(draft.measure) == sentence.sentence_id:
            return "total", totals["lead"]["name"]
        return "part", None
    if _group_beside(text, draft, drafts, rules):
        # "searched four addresses and a car wash": a group coordinated after a generic figure of its
        # measure stands beside it, so the generic figure is a group too, not their total (5 places;
        # a breakdown is told after a comma, a dash or "including": "Eight people, seven men and a woman")
        return "part", rules.raw["totals"]["beside"]["name"]
    if (
        draft is not first and not _is_generic(first, rules) and first.counted.end <= draft.counted.start
        and _SIDE_BY_SIDE.match(sentence.text, first.counted.end, draft.counted.start)
    ):
        # a group told after a specific one is beside it, not its total: "searched a mushroom farm
        # and two residential properties" (3)
        return "part", None
    breakdown = _is_generic(first, rules) and bool(specific) and not beyond
    if breakdown and draft is not first:
        return "part", None
    if leads.get(draft.measure) == sentence.sentence_id:
        return "total", totals["lead"]["name"]
    if breakdown:
        return "total", totals["generic"]["name"]
    return "part", None


#: After a capitalised place noun, another capitalised word or a lower-case word that is not a preposition or
#: verb: the noun was part of a name ("a Home Office team"), not the counted place ("a Luton Car Wash in ...").
_NAME_GOES_ON = re.compile(
    r"\s+(?:[A-Z]|(?!(?:in|at|on|near|from|of|for|by|to|with|and|or|was|were|is|are|has|had|have|where|which|that|who|after|before)\b)[a-z])"
)


#: Between two groups told side by side: the first's place, then "and" ("a mushroom farm in X and two ...").
_SIDE_BY_SIDE = re.compile(r"(?:\s+(?:in|at|on|near)\s+[^,;:.()]{1,40}?)?,?\s+(?:and|as well as|plus)\s+(?:(?:at|in|on|to|from)\s+)?", re.I)


def _group_beside(text: str, draft: _Draft, drafts: Sequence[_Draft], rules: FigureRules) -> bool:
    """Whether the next figure of ``draft``'s measure in the sentence is a
    specific group joined to it by "and", "as well as" or "plus" (perhaps
    after a place phrase), with no comma, dash or bracket between
    (``totals.beside``): "four addresses and a car wash"."""
    if "beside" not in rules.raw["totals"]:
        return False
    after = [d for d in drafts if d.measure == draft.measure and d.counted.start >= draft.counted.end]
    if not after:
        return False
    following = after[0]
    return (
        not _is_generic(following, rules)
        # not the subject of a verb of its own: "Police arrested six people and a woman was later released"
        and rules.own_verb_after_count.match(text, following.counted.end) is None
        and not following.counted.further
        and "," not in text[draft.counted.end : following.counted.start]
        and _SIDE_BY_SIDE.fullmatch(text, draft.counted.end, following.counted.start) is not None
    )


def _in_breakdown(
    text: str, draft: _Draft, drafts: Sequence[_Draft], spec: Mapping[str, str], ellipsis: str, rules: FigureRules
) -> bool:
    """Whether ``draft`` stands in a breakdown of a figure before it
    (``totals.breakdown``): an opener follows that figure, with at most its
    own predicate between; the breakdown starts with a count and runs to a
    closer (a closing bracket or dash, a semicolon) or the sentence's end;
    ``draft`` is one of its counts of the same measure. After a dash, a
    bracket or a colon (``after``) bare numbers that took the figure's noun
    are enough ("five addresses – two in Preston and three in Blackburn";
    not "three men – all Romanian nationals – ... and two"); counts with
    nouns of their own ("Six Romanian nationals – four men and two women"),
    and any counts after a comma (``after_sum``: "Six people were arrested,
    four on Tuesday and two on Wednesday"), must add up to the figure.
    Single people or places with an article ("a man aged 34 and a woman
    aged 31") are counts of a breakdown after a generic or collective
    figure ("A couple, a man ... and a woman ..."), or after a dash, a
    bracket or a colon when they make up its sum and have no verb of their
    own (``grammar.finite_verb``: "12 businesses – seven hand car washes,
    four nail bars and a takeaway –"); after a specific one and a comma, or
    a dash that opens a clause of its own ("Two men were arrested – a woman
    and a teenager were arrested later"), they are more groups ("two farms,
    a house and a shop")."""
    value = draft.counted.value
    for head in reversed([d for d in drafts if d.measure == draft.measure and d.counted.end <= draft.counted.start]):
        rest = text[head.counted.end : draft.counted.start]
        for key in ("after", "after_sum"):
            if key == "after_sum" and head.location is not None:
                continue  # "three men in Luton, two in Bedford and one in Dunstable": groups side by side
            opener = re.match(spec[key], rest) if key in spec else None
            if opener is None:
                continue
            inside = head.counted.end + opener.end()
            breakdown = text[inside:]
            first = inside + len(breakdown) - len(breakdown.lstrip())
            closer = re.search(spec["closer"], breakdown)
            end = inside + closer.start() if closer is not None else len(text)
            parts = [d for d in drafts if d.measure == draft.measure and first <= d.counted.start < end]
            if not parts or parts[0].counted.start != first or draft not in parts or value is None:
                continue
            if key == "after" and all(ellipsis in d.rules for d in parts):
                return True
            kinds = (
                ("digits", "words", "article")
                if _is_generic(head, rules) or (
                    key == "after" and rules.grammar.finite_verb.search(text, parts[-1].counted.end, end) is None
                ) else ("digits", "words")
            )
            numbers = all(d.counted.quantity.kind in kinds for d in parts)  # not "two farms, a house and a shop"
            if numbers and len(parts) >= 2 and sum(d.counted.value or 0 for d in parts) == head.counted.value:
                return True
    return False


def _in_one_clause(text: str, drafts: Sequence[_Draft], rules: FigureRules) -> bool:
    """Whether the counts of ``drafts`` all stand in one clause of the sentence ``text``."""
    clauses = _clauses(text, rules)
    return len({clause_of(d.counted.start, clauses) for d in drafts}) == 1


def _exceeds(whole: _Draft, parts: Sequence[_Draft]) -> bool:
    """Whether the values of ``parts`` add up to more than that of ``whole``
    (so they are not its breakdown; False when a value is unknown)."""
    values = [d.counted.value for d in parts]
    if whole.counted.value is None or any(v is None for v in values):
        return False
    return sum(values) > whole.counted.value  # type: ignore[arg-type]


def _is_generic(draft: _Draft, rules: FigureRules) -> bool:
    """A subject that states a total ("people", "arrests") or none at all."""
    c = draft.counted
    return c.quantity.kind != "named" and (c.subject is None or c.subject in rules.generic)


# ----------------------------------------------------------------- totals


def _weakest(qualifiers: Iterable[str]) -> str:
    """The weakest qualifier: exact < approx/at_least < vague."""
    ordered = sorted(qualifiers, key=lambda q: _QUALIFIER_RANK[q])
    if not ordered:
        return "exact"
    worst = ordered[-1]
    ties = {q for q in ordered if _QUALIFIER_RANK[q] == _QUALIFIER_RANK[worst]}
    return worst if len(ties) == 1 else "approx"


def _located_totals_as_parts(totals: list[Figure], lead: str | None) -> tuple[list[Figure], list[Figure]]:
    """Stated totals for different places are groups: (totals, parts). A
    lead total told for several places ("Seven people have been arrested in
    the UK and Bulgaria"; ``lead``: the rule name of a lead total), no
    smaller than any other, stays the total of them all."""
    places = {f.location for f in totals if f.location}
    if len(places) < 2:
        return totals, []
    whole = [
        f for f in totals
        if lead is not None and lead in f.rule.split("+") and f.location and _several_places(f)
        and all((f.value or 0) >= (g.value or 0) for g in totals)
    ][:1]
    return (
        [f for f in totals if not f.location or f in whole],
        [f for f in totals if f.location and f not in whole],
    )


def _several_places(figure: Figure) -> bool:
    """Whether the figure's place is told as one of several joined by "and" ("in the UK and Bulgaria")."""
    place = re.escape(figure.location or "")
    return re.search(rf"\b{place}\s*(?:,\s*[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*\s*)*(?:,\s*)?and\s+(?:the\s+)?[A-Z]", figure.evidence) is not None


def _sum(figures: Sequence[Figure]) -> int:
    return sum(f.value or 0 for f in figures)


def _rank(figures: Sequence[Figure]) -> int:
    return max((_QUALIFIER_RANK[f.qualifier] for f in figures), default=0)


def _stated_totals(totals: Sequence[Figure]) -> list[list[Figure]]:
    """Stated totals grouped by sentence: coordinated totals add up."""
    groups: dict[int, list[Figure]] = {}
    for figure in totals:
        groups.setdefault(figure.sentence_id, []).append(figure)
    return list(groups.values())


#: A day of the week (a stated total told for one day holds no one told for another).
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def _measure_total(measure: str, figures: Sequence[Figure], rules: FigureRules) -> Total:
    """Total of one measure from its current figures, with running counts.

    "A fourth man is still being held" states the running total of its
    noun (codebook section 9: "A third man has been arrested" is three):
    of everyone for a generic noun ("a fourth person", "a fourth
    suspect"), else of the groups of the same head noun told before it
    ("the men, aged 52, 27 and 41 ... A fourth man" = the three men and
    one more). The other figures are totalled by :func:`_graph_total`.
    """
    figures = _with_restated_groups(figures)
    ordinal = rules.raw["numbers"].get("ordinal", {}).get("name")
    running = [
        f for f in figures
        if ordinal and ordinal in f.rule.split("+") and f.value is not None and f.role != "headline"
    ]
    if not running:
        return _graph_total(measure, figures, rules)
    counted_running = set(running)
    definite = (rules.raw["numbers"].get("definite") or {}).get("name")
    # a person told before ("The driver ... was arrested") is inside the running total ("A second man")
    rest = [f for f in figures if f not in counted_running and not (definite and definite in f.rule.split("+"))]
    base = _graph_total(measure, rest, rules)
    if base.value is None:
        top = max(running, key=lambda f: f.value or 0)
        if rules.bare_class.name in top.rule.split("+"):
            return Total(measure, 1, "exact", 1)  # "a fifth was charged" with no one else charged: one person
        return Total(measure, top.value, "exact", 1)
    value, n_figures = base.value, base.n_figures
    generic_heads = rules.generic_heads
    # the groups of a specific noun told on their own (men, women, workers; not people or arrests, and
    # not a stated total's breakdown): where the base is a stated total, an ordinal's one more is more
    # than it only when those groups and it outgrow it ("Five people have been arrested ... arrested
    # two men ... A third man ... a woman ... a fifth suspect" = 5, not 6); after a breakdown it is one
    # more ("Six people were arrested, including two women. A third woman" = 7)
    stated_totals = [f for f in rest if f.role == "total" and f.value == value]
    stated = bool(stated_totals)
    stated_days = {d.lower() for f in stated_totals for d in _WEEKDAY.findall(f.evidence)}
    told_groups = sum(
        f.value or 0 for f in rest
        if f.value is not None and f.role in ("part", "further")
        and f.subject not in (None, "named people", REFERENCE_SUBJECT) and _head(f.subject) not in generic_heads
    )
    heads: dict[str | None, int] = {}
    for f in running:  # the largest running count of each head noun
        heads[_head(f.subject)] = max(heads.get(_head(f.subject), 0), f.value or 0)
    for head, count in heads.items():
        if head is None or head in generic_heads:
            value = max(value, count)
            continue
        last = max(g.start for g in running if _head(g.subject) == head)
        if not any(
            _head(f.subject) == head and f.start < last and f.role not in ("restated", "headline", "subset")
            for f in rest
        ) and any(
            f.value == count - 1 and f.start < last and f.role != "headline"
            and (_head(f.subject) is None or _head(f.subject) in generic_heads)
            for f in rest
        ):
            # the ordinal goes on from a generic group one short of it, its noun told only inside that
            # group's breakdown: "Five suspects - three men and two women - were arrested ... A sixth man,
            # aged 38, was arrested" is the sixth suspect (not the sixth man after three; but "Two men ...
            # three men ... five people ... A sixth man" is the sixth man)
            value = max(value, count)
            continue
        if not any(_head(f.subject) == head and f.start < last for f in rest) and any(
            f.role == "total" and f.value is not None and f.value >= count and f.start < last
            and (_head(f.subject) is None or _head(f.subject) in generic_heads)
            for f in rest
        ):
            # "Four people have been charged ... A fourth man, ..., has been charged": the running
            # count of men is inside the stated total of people told before it, where no group of
            # men was told ("Eight people, seven men and a woman, ... A second woman" adds one)
            value = max(value, count)
            continue
        told = _sum([f for f in rest if f.value is not None and _head(f.subject) == head
                     and f.role not in ("restated", "headline", "subset") and f.start < last])
        if not told:
            # the noun told only as a part of a total: "Six people were arrested, including two
            # women. A third woman was arrested" (one more)
            told = _sum([f for f in rest if f.value is not None and _head(f.subject) == head
                         and f.role == "subset" and f.start < last])
        if not told and count == value + 1 and not _other_sex(head, [_head(f.subject) for f in rest if f.value]):
            # no group of the noun told, and the ordinal one past everyone told, none of whom is of the
            # other sex: the running count of them all ("Two site managers were arrested ... A third man
            # was arrested" = 3; but "the women, aged 18 and 50. A third man" = 5)
            value, n_figures = count, n_figures + 1
            continue
        if count > told:
            told_groups += count - told
            days = {d.lower() for g in running if _head(g.subject) == head and g.start == last for d in _WEEKDAY.findall(g.evidence)}
            on_their_own = stated and any(
                _head(f.subject) == head and f.role in ("part", "further") and f.start < last for f in rest
            ) and not (stated_days and days and not stated_days & days)  # (told for another day: one more)
            value = max(value, told_groups) if on_their_own else value + count - told
            n_figures += 1
    return Total(measure, value, base.qualifier, n_figures)


def _with_restated_groups(figures: Sequence[Figure]) -> list[Figure]:
    """``figures`` with the groups referred back to ("The two girls ... were
    identified as potential victims", "Of the 12 people arrested, ...") as
    parts, when they are all that gives the measure: no other figure does,
    but for explicit additions ("Four other people were arrested in
    Romania") and parts of a group ("two of them"). Each group counts once
    (one figure per head noun and number: "The two men ... The two men"),
    different groups add ("The two men ... the three women"). Otherwise
    they stay restatements, which never add (codebook section 10)."""
    restated = [f for f in figures if f.role == "restated" and f.value is not None]
    if not restated or any(
        f.value is not None and f.role not in ("restated", "further", "headline", "subset") for f in figures
    ):
        return list(figures)
    seen: set[tuple[str | None, int | None]] = set()
    groups = []
    for f in sorted(restated, key=lambda f: f.start):
        key = (_head(f.subject), f.value)
        if key not in seen:
            seen.add(key)
            groups.append(f)
    chosen = {id(f) for f in groups}
    return [replace(f, role="part") if id(f) in chosen else f for f in figures if f.role != "restated" or id(f) in chosen]


def _example_held(figure: Figure, figures: Sequence[Figure], rules: FigureRules) -> bool:
    """Whether an example of the action (``totals.example_sentence``: "In one
    case, two women were found ...") lies inside a group of its measure
    told before it that can hold it: as large, and generic ("10 people",
    "214 potential victims") or of the same noun. "Officers arrested five
    men ... In one raid, three women were arrested" adds the women."""
    generic = rules.generic
    head = _head(figure.subject)
    return any(
        g.start < figure.start and (g.value or 0) >= (figure.value or 0) and g is not figure
        and (g.subject in generic or head is None or _head(g.subject) == head)
        and (not _is_subset(g) or (rules.raw["totals"].get("example_list") or {}).get("name") in g.rule.split("+"))
        for g in figures
    )


def _inside_subset_before(figure: Figure, figures: Sequence[Figure]) -> bool:
    """Whether a subset ``figure`` told right after another subset of its
    sentence, in that subset's own breakdown, lies inside it: named with
    "including" ("Four of them, including a 16-year-old girl, were
    identified as potential victims": the girl is one of the four), or one
    of the groups of an aside after it that add up to no more than it
    ("Eleven of them, nine men and two women, were identified as potential
    victims" = 11; "Five of those held (three men and two women)"; codebook
    s.10: a breakdown is inside its total). Not a subset told in a clause
    of its own ("Four of them were jailed and two of them were given
    suspended sentences" are six) or "others" ("Eleven of them, and two
    others, were ...")."""
    if not figure.text:
        return False
    if re.search(rf",\s*including\s+{re.escape(figure.text)}", figure.evidence) is not None:
        return any(
            g is not figure and _is_subset(g) and g.sentence_id == figure.sentence_id and g.start < figure.start
            and (g.value or 0) >= (figure.value or 0)
            and re.search(rf"\b{re.escape(g.text)}(?:\s+of\s+(?:them|those|these|whom))?\s*,\s*including\s+{re.escape(figure.text)}", figure.evidence)
            for g in figures
        )
    for g in figures:
        if g is figure or not _is_subset(g) or g.sentence_id != figure.sentence_id or g.start >= figure.start \
                or not g.text or g.value is None:
            continue
        if (g.value >= (figure.value or 0) and re.search(
                rf"\b{re.escape(g.text)}\b[^.;]{{0,100}},\s*{re.escape(figure.text)}\s+of\s+(?:whom|them)\b", figure.evidence)):
            # a part told of a partitive in a relative clause: "Nine of those arrested have been charged, seven
            # of whom have been remanded in custody" (the seven are of the nine)
            return True
        aside = re.search(rf"\b{re.escape(g.text)}{_SUBSET_OPENER}", figure.evidence)
        if aside is None:
            continue
        parts = [
            f for f in figures
            if f.sentence_id == figure.sentence_id and _is_subset(f) and f.start > g.start and f.text
            and f.value is not None and f.evidence.find(f.text, aside.end()) >= 0
            and _SUBSET_ASIDE.fullmatch(f.evidence, aside.end(), f.evidence.find(f.text, aside.end()))
        ]
        if any(f is figure for f in parts) and sum(f.value or 0 for f in parts) <= g.value:
            return True
    return False


#: What follows a partitive subset when its own breakdown comes next: "Eleven of them, ", "Five of those held (".
_SUBSET_OPENER = r"\s+(?:of|among)\s+(?:them|those|these|whom)(?:\s+(?:held|arrested|found|rescued))?(?:\s*,\s*|\s*\(\s*|\s+[-–—]\s*|[–—]\s*)"
#: The words between that opener and a count of the breakdown: earlier counts of it and their joiners, no verb,
#: no "other(s)" ("nine men and ").
_SUBSET_ASIDE = re.compile(r"(?:(?![^,;()]*\bothers?\b)[^.;:()–—]{0,60}?(?:,\s*|,?\s+and\s+))?", re.I)


def _graph_total(measure: str, figures: Sequence[Figure], rules: FigureRules) -> Total:
    """Total of one measure from its current figures (codebook sections 1, 3, 10).

    The figures form a small graph: stated totals, their parts, explicit
    additions ("a further", "another", "N more") and restatements. A
    restatement is the same people or places told again - the same number
    of a compatible noun in another sentence ("280 nail bars" in the
    headline and the body), a group of another sentence whose parts add up
    to it ("Three men and three women" ... "three men, aged ..., and three
    women"), or an approximate figure that an exact one of another sentence
    falls close to ("Nearly 600 ... arrested" ... "500 men and 86 women") -
    and counts once, the exact number winning. A subset ("two of those
    held") and named people ("Vitols was jailed") are inside a numbered
    group when there is one. The base is the larger of the largest stated
    total (coordinated totals of one sentence add up) and the sum of the
    parts; further groups are added. Vague figures give way to numbers; a
    vague stated total with no numbered parts keeps the total vague.
    """
    generic = rules.generic
    numeric = [f for f in figures if f.value is not None]
    if not numeric:
        return Total(measure, None, "vague", len(figures))
    # a subset is inside a group of its measure counted before it that can
    # hold it ("Eleven people were arrested ... Of those, eight were
    # arrested on suspicion of ..."); else it is a group of its own ("Two
    # of those arrested have since been charged")
    # (the items of a list of examples are groups that can hold a later example - not one another: "Results
    # from the week included: - warrants executed at 58 addresses ... Among the activity, Kent Police ...
    # during warrants at four addresses" = 58)
    example_item = (rules.raw["totals"].get("example_list") or {}).get("name")

    def listed(figure: Figure) -> bool:
        return bool(example_item) and example_item in figure.rule.split("+")

    groups_told = sorted((g.start, g.value or 0, listed(g)) for g in numeric if not _is_subset(g) or listed(g))
    group_starts = [start for start, _, _ in groups_told]
    told_before = [0]  # told_before[i]: the values of the first i groups, added
    unlisted_before = [0]  # ... less the items of a list of examples
    for _, value, item in groups_told:
        told_before.append(told_before[-1] + value)
        unlisted_before.append(unlisted_before[-1] + (0 if item else value))
    example = (rules.raw["totals"].get("example_sentence") or {}).get("name")
    numeric = [
        replace(f, role="part") if _is_subset(f) else f
        for f in numeric
        # (a stated zero is no part of a group: "None of them has been charged" = 0, codebook s.8)
        if not (_is_subset(f) and f.value != 0 and (
            (_example_held(f, numeric, rules) if example and example in f.rule.split("+")
             else (unlisted_before if listed(f) else told_before)[bisect_left(group_starts, f.start)] >= (f.value or 0))
            or _inside_subset_before(f, numeric)
        ))
    ]
    restating = [f for f in numeric if f.role == "restated"]
    numeric = [f for f in numeric if f.role != "restated"]
    if not numeric:
        return Total(measure, None, "vague", len(figures))
    # people referred back to ("He agreed to enter the NRM") count only where
    # no number is given; the first counts, a later one only with "also"
    refs = [f for f in numeric if f.subject == REFERENCE_SUBJECT]
    if refs:
        others = [f for f in numeric if f.subject != REFERENCE_SUBJECT]
        numeric = others or [refs[0]] + [f for f in refs[1:] if f.role == "further"]
    # a headline restates the body: it counts only when the body has no number
    if any(f.role != "headline" for f in numeric):
        numeric = [f for f in numeric if f.role != "headline"]
    else:
        numeric = [replace(f, role="total") for f in numeric]
    definite_rule = (rules.raw["numbers"].get("definite") or {}).get("name")
    if definite_rule and any(definite_rule not in f.rule.split("+") for f in numeric):
        # "The 47-year-old man ... has since been charged" refers back: it counts only where
        # no other figure, numbered or named, gives the measure
        numeric = [f for f in numeric if definite_rule not in f.rule.split("+")]
    named = [f for f in numeric if f.subject == "named people" and f.role != "further"]
    named_ids = {id(f) for f in named}  # (an equal figure is named too: identity is enough, and hashes no fields)
    numbered = [f for f in numeric if id(f) not in named_ids]
    base_numbered = [f for f in numbered if f.role != "further"]
    further_numbered = [f for f in numbered if f.role == "further"]
    if (
        base_numbered and named and further_numbered and all(f.qualifier == "exact" for f in numbered)
        and _sum(base_numbered) < _sum(named) <= _sum(base_numbered) + _sum(further_numbered)
    ):
        # the names retell the numbered group and the further one together: "A man ... has been jailed
        # ..., and two people who helped him have also been sentenced. Marius Dobrescu ... Elena Stanciu
        # ... Luca Marin ..." (3, codebook s.10: a restated figure is the same figure)
        numeric = numbered
    elif base_numbered and named and all(f.qualifier == "exact" for f in base_numbered) and _sum(named) > _sum(base_numbered):
        # more people named than the numbered groups hold ("A man ... has been jailed ... Constantin Lupu
        # ... was sentenced ... His co-accused, Andreea Matei, ... was given a community payback order"):
        # the names are the people, the numbered group one of them
        numeric = named + further_numbered
    elif base_numbered:
        numeric = numbered
    elif numbered and named and _names_further(named, numbered):
        # "Two more members of the gang have been jailed ... Tran and Pham were sentenced": the names
        # tell the further group told before them (codebook s.10: a restated figure is the same figure)
        numeric = numbered
    elif further_numbered and named and (later := _names_after_further(named, further_numbered)):
        # "Kyle Dunmore ... was sentenced ... Two of his associates were sentenced alongside him. Connor Bell
        # ... was jailed ..., and Jade Whitfield ... was given a community order": the names after the further
        # group are its people (3)
        numeric = [f for f in numeric if not any(f is g for g in later)]
    totals, moved = _located_totals_as_parts(
        [f for f in numeric if f.role == "total"], (rules.raw["totals"].get("lead") or {}).get("name")
    )
    fronted = (rules.raw["location"].get("fronted") or {}).get("name")
    if fronted and totals and all(fronted in f.rule.split("+") for f in totals):
        # "In Blackpool, 14 people were arrested. In Preston, nine people were arrested.": a total
        # told for the place a sentence opens with is not the total of groups told for other places
        places = {f.location for f in totals}
        if any(f.role == "part" and f.location is not None and f.location not in places for f in numeric):
            totals, moved = [], moved + totals
    groups = _stated_totals(totals)
    # "almost 100 arrests" ... "a total of 94 arrests": the exact number wins
    groups = [g for g in groups if not any(h is not g and _close(g, _sum(h), exact=h, rules=rules) for h in groups)]
    stated = max(groups, key=lambda g: (_sum(g), -_rank(g)), default=[])
    stated_value = _sum(stated) if stated else None
    further = [f for f in numeric if f.role == "further"]
    marker = rules.raw["totals"]["total_markers"]["name"]
    if stated and all(marker in g.rule.split("+") for g in stated):
        # a marked total told after them sums up the further groups too: "a further two properties
        # ... In all, seven premises were searched" (codebook s.10: a restated figure is the same figure)
        first = min(g.start for g in stated)
        further = [f for f in further if f.start > first]
    parts, restated = _distinct_parts(
        sorted([f for f in numeric if f.role == "part"] + moved, key=lambda f: f.start),
        stated, generic, rules, further,
    )
    parts = _retold_in_quotes(parts, rules)
    other = _other_outcomes(measure, stated, parts, rules)
    if other:
        # "Three members of a gang ... have been jailed ... A woman who helped run the business was given a
        # suspended sentence" (4): a part with another outcome than the total's is outside it
        parts = [p for p in parts if not any(p is o for o in other)]
        further = further + other
        numeric = [f for f in numeric if not any(f is o for o in other)]
    if stated and parts and _close(stated, _sum(parts), exact=parts, rules=rules):
        stated = []  # an approximate stated total and its exact breakdown: the number wins
    if stated and _sum(stated) >= _sum(parts):
        base = stated
        # a restatement of the same number may qualify it ("over 1,660 criminals")
        qualifiers = [f.qualifier for f in stated + restated if f.value == stated_value]
    elif parts:
        base, qualifiers = parts, [f.qualifier for f in parts]
    else:
        # only vague groups besides the further ones: "visiting suspected
        # brothels ... also attended an address in Barnet" = 1, vague
        vague = any(f.value is None and f.role != "further" for f in figures)
        base, qualifiers = [], ["vague"] if vague else []
    told_parts = [  # (not a quote retelling the total: "Eleven arrests in three countries")
        f for f in numeric if f.role == "part" and f.value is not None
        and not (f.value == stated_value and _is_quoted(f, rules))
    ]
    if (
        stated and told_parts and further and base is stated
        and _sum(stated) == _sum(told_parts) + _sum(further)
        and all(f.qualifier == "exact" for f in [*stated, *told_parts, *further])
    ):
        # the further group completes the breakdown of the total told before it: "Nine people have
        # been arrested ... Six people ... were arrested in Essex ... and arrested a further three men" = 9
        further = []
    elif further and base and _inside_total(base, further, numeric):
        # ... or completes one other count told beside the total: "48 people were arrested ...
        # arresting 46 people ... A further two men were arrested on Friday" = 48 (codebook s.10)
        further = []
    used = base + further
    value, qualifier = _sum(used), _weakest(qualifiers + [f.qualifier for f in further])
    # "more than 500 people arrested ... of the 528 arrests made": the exact restatement wins
    exact = [f for f in restating if f.qualifier == "exact" and _close(used, f.value or 0, exact=[f], rules=rules)]
    if exact and qualifier in ("approx", "at_least"):
        value, qualifier = exact[0].value or 0, "exact"
    return Total(measure, value, qualifier, len(used))


def _other_outcomes(
    measure: str, stated: Sequence[Figure], parts: Sequence[Figure], rules: FigureRules
) -> list[Figure]:
    """The ``parts`` told with another outcome than every stated total of
    their measure (``totals.other_outcome``): a total told as jailed only
    ("Three members of a family-run gang ... have been jailed") holds no
    part told as given a suspended sentence or a community order ("A woman
    who helped run the business was given a suspended sentence"), which is
    one more person (codebook s.2: a suspended sentence is a sentence).
    Empty when a stated total tells both outcomes or neither."""
    spec = rules.raw["totals"].get("other_outcome")
    if not spec or measure not in spec["measures"] or not stated or not parts:
        return []
    custodial, other = rules.outcome_custodial, rules.outcome_other
    if not all(custodial.search(g.evidence) and not other.search(g.evidence) for g in stated):
        return []
    return [p for p in parts if other.search(p.evidence) and not custodial.search(p.evidence)]


def _retold_in_quotes(parts: list[Figure], rules: FigureRules) -> list[Figure]:
    """``parts`` less the groups a quote told after them sums up: a quoted
    exact figure of the same head noun as groups told before it outside
    quotes, at no other place, and larger than they are together (or as
    large as two groups or more), is their whole told again ("Eight women
    found at two of the addresses ... Bulgarian officers located another
    woman ... 'Nine women are now safe'" = 9, not 17; "Four women ... and
    three women ... 'Seven women are now safe'" = 7; codebook s.10: a
    restated figure is the same figure). Not a quote that tells more
    (``grammar.more_in_quote``: "are also being supported")."""
    dropped: set[int] = set()
    for quote in parts:
        head = _head(quote.subject)
        if head is None or quote.value is None or quote.qualifier != "exact" or not _is_quoted(quote, rules):
            continue
        if rules.grammar.more_in_quote.search(quote.evidence):
            continue  # "are also being supported": more people, not the whole told again
        told = [
            f for f in parts
            if f is not quote and _head(f.subject) == head and not _is_quoted(f, rules) and f.value is not None
            and (f.sentence_id, f.start) < (quote.sentence_id, quote.start)
            and (f.location is None or quote.location is None or f.location == quote.location)
        ]
        if told and (_sum(told) < quote.value or (len(told) >= 2 and _sum(told) == quote.value)):
            dropped.update(id(f) for f in told)
    return [f for f in parts if id(f) not in dropped] if dropped else parts


def _names_further(named: Sequence[Figure], further: Sequence[Figure]) -> bool:
    """Whether the ``named`` people are as many as the ``further`` groups
    told before the first of them (all exact): those people named. (Fewer
    names may be one more person: "Three more men were arrested ... In
    addition, Adam Brown was arrested".)"""
    first = min((f.sentence_id, f.start) for f in named)
    before = [f for f in further if (f.sentence_id, f.start) < first]
    return bool(before) and all(f.qualifier == "exact" for f in before) and _sum(named) == _sum(before)


def _names_after_further(named: Sequence[Figure], further: Sequence[Figure]) -> list[Figure]:
    """The ``named`` people told after the first of the ``further`` groups
    when they are as many as those groups (all exact) and at least one
    person is named before them: the further groups' people, named ("Kyle
    Dunmore ... Two of his associates were sentenced alongside him. Connor
    Bell ... Jade Whitfield ..."). Empty otherwise."""
    if not all(f.qualifier == "exact" for f in further):
        return []
    first = min((f.sentence_id, f.start) for f in further)
    later = [f for f in named if (f.sentence_id, f.start) > first]
    if len(later) < len(named) and later and _sum(later) == _sum(further):
        return later
    return []


def _inside_total(base: Sequence[Figure], further: Sequence[Figure], numeric: Sequence[Figure]) -> bool:
    """Whether the ``further`` figures complete another exact count told
    beside the total ``base`` (one figure, not a sum of parts): one figure
    outside ``base``, told before the further ones, with ``value + further
    == base`` ("13 women are being supported ... Eleven women were found ...
    A further two women came forward" = 13: the total already holds the
    two). All figures exact. A total added up from parts ("Two men and a
    woman ... the men, aged 44 and 52 ... Another man" = 4) is left alone,
    and so is a total whose parts told before the further ones make it up
    already ("two people arrested ... A 46-year-old man ... A 29-year-old
    woman ... A man ... was also arrested" = 3)."""
    if len(base) != 1 or not all(f.qualifier == "exact" and f.value is not None for f in [*base, *further]):
        return False
    rest = _sum(base) - _sum(further)
    first = min((f.sentence_id, f.start) for f in further)
    told = [f for f in numeric if f.role == "part" and f.value is not None and (f.sentence_id, f.start) < first]
    if told and _sum(told) == _sum(base) and all(f.qualifier == "exact" for f in told):
        # the parts told before already make up the total: the further group is more ("two people
        # arrested ... A 46-year-old man ... A 29-year-old woman ... A man ... was also arrested" = 3)
        return False
    return rest > 0 and any(
        f.value == rest and f.qualifier == "exact" and f.role in ("part", "total")
        and (f.sentence_id, f.start) < first and not any(f is b for b in base)
        for f in numeric
    )


def _is_subset(figure: Figure) -> bool:
    """A count of part of a group already counted ("two of those held")."""
    return figure.role == "subset"


def _close(approximate: Sequence[Figure], value: int, *, exact: Sequence[Figure], rules: FigureRules) -> bool:
    """Whether ``value`` (the sum of the ``exact`` figures) is what the
    approximate or lower-bound figures state: "nearly 600" and 586, "more
    than 100" and 112 (the tolerance is ``totals.restatement_tolerance``)."""
    if not approximate or any(f.qualifier == "vague" for f in exact) or any(f.qualifier != "exact" for f in exact):
        return False
    return _close_values({f.qualifier for f in approximate}, _sum(approximate), value, _tolerance(rules))


def _tolerance(rules: FigureRules) -> float:
    return float(rules.raw["totals"].get("restatement_tolerance", 0.15))


def _close_values(qualifiers: set[str], stated: int, value: int, tolerance: float) -> bool:
    """:func:`_close` on numbers: approximate figures of ``qualifiers`` adding
    up to ``stated``, exact ones adding up to ``value``."""
    if value == stated or stated == 0:
        return False
    if qualifiers == {"approx"}:
        return abs(value - stated) <= tolerance * stated
    if qualifiers == {"at_least"}:
        return stated < value <= (1 + tolerance) * stated
    return False


def _sorted_range(values: list[int], lo: float, hi: float) -> list[int]:
    """The items of the sorted list ``values`` from ``lo`` to ``hi``."""
    return values[bisect_left(values, lo):bisect_right(values, hi)]


def _compatible(a: Figure, b: Figure, rules: FigureRules) -> bool:
    """Two figures may count the same people or places: no two different
    places, and no two disjoint groups ("men" and "women")."""
    if a.location and b.location and a.location != b.location:
        return False
    for groups in rules.raw["totals"].get("disjoint_groups", {}).values():
        ga = {g for g, nouns in groups.items() if a.subject in nouns}
        gb = {g for g, nouns in groups.items() if b.subject in nouns}
        if ga and gb and not ga & gb:
            return False
    return True


#: How many of the first kept parts a bare number told later is compared with (the groups it may be
#: inside are told first; the bound keeps a release of thousands of list items linear).
_BARE_INSIDE_READS = 32


class _KeptParts:
    """The parts :func:`_distinct_parts` has kept so far, indexed so that each
    of its tests reads only the kept figures that can pass it (a release of
    thousands of list items is read in linear time, not compared pairwise).

    Kept parts are only ever added a sentence at a time and removed
    (approximate ones replaced by an exact group), so each index is kept
    up to date on both.
    """

    def __init__(self, rules: FigureRules) -> None:
        self.rules = rules
        self.tolerance = _tolerance(rules)
        self.figures: dict[int, Figure] = {}  # serial -> figure, in the order kept
        self.told_again: set[int] = set()  # serials of kept singles a results list told again
        self.next_serial = 0
        self.values: dict[int | None, int] = {}  # value -> number of kept figures
        # value -> (location, subject) -> kept figures (what _compatible reads)
        self.by_value: dict[int | None, dict[tuple[str | None, str | None], dict[int, Figure]]] = {}
        # head noun -> (location, subject) -> [max-heap of (-value, serial), a figure with that key]
        self.by_head: dict[str, dict[tuple[str | None, str | None], list[Any]]] = {}
        # sentence id -> [sum, number not exact, number] of its kept parts
        self.groups: dict[int, list[int]] = {}
        self.exact_sums: dict[int, int] = {}  # sum -> number of all-exact groups
        self.sorted_exact_sums: list[int] = []
        # qualifier (approx, at_least) -> value -> kept figures, and the sorted values
        self.inexact: dict[str, dict[int, dict[int, Figure]]] = {"approx": {}, "at_least": {}}
        self.sorted_inexact: dict[str, list[int]] = {"approx": [], "at_least": []}
        # the sum of the kept values, the number of kept figures not exact, and location -> kept figures
        self.total = 0
        self.not_exact = 0
        self.locations: dict[str | None, int] = {}

    def kept(self) -> list[Figure]:
        return list(self.figures.values())

    def first(self, n: int) -> list[Figure]:
        """The first ``n`` figures kept (at most), in the order kept."""
        return list(islice(self.figures.values(), n))

    def add(self, figure: Figure) -> None:
        serial = self.next_serial
        self.next_serial += 1
        self.figures[serial] = figure
        self.total += figure.value or 0
        self.not_exact += figure.qualifier != "exact"
        self.locations[figure.location] = self.locations.get(figure.location, 0) + 1
        self.values[figure.value] = self.values.get(figure.value, 0) + 1
        key = (figure.location, figure.subject)
        self.by_value.setdefault(figure.value, {}).setdefault(key, {})[serial] = figure
        head = _head(figure.subject)
        if head is not None and not self.rules.list_item.match(figure.evidence):
            entry = self.by_head.setdefault(head, {}).setdefault(key, [[], figure])
            heappush(entry[0], (-(figure.value or 0), serial))
        group = self.groups.get(figure.sentence_id)
        if group is None:
            group = self.groups[figure.sentence_id] = [0, 0, 0]
        self._group_change(group, figure, +1)
        if figure.qualifier in self.inexact:
            by_value = self.inexact[figure.qualifier]
            value = figure.value or 0
            if value not in by_value:
                by_value[value] = {}
                insort(self.sorted_inexact[figure.qualifier], value)
            by_value[value][serial] = figure

    def remove(self, serial: int) -> None:
        figure = self.figures.pop(serial)
        self.total -= figure.value or 0
        self.not_exact -= figure.qualifier != "exact"
        self.locations[figure.location] -= 1
        if not self.locations[figure.location]:
            del self.locations[figure.location]
        self.values[figure.value] -= 1
        del self.by_value[figure.value][(figure.location, figure.subject)][serial]
        self._group_change(self.groups[figure.sentence_id], figure, -1)
        if figure.qualifier in self.inexact:
            by_value = self.inexact[figure.qualifier]
            value = figure.value or 0
            del by_value[value][serial]
            if not by_value[value]:
                del by_value[value]
                values = self.sorted_inexact[figure.qualifier]
                del values[bisect_left(values, value)]

    def _group_change(self, group: list[int], figure: Figure, step: int) -> None:
        if group[2] and not group[1]:
            self._count_exact_sum(group[0], -1)
        group[0] += step * (figure.value or 0)
        group[1] += step * (figure.qualifier != "exact")
        group[2] += step
        if group[2] and not group[1]:
            self._count_exact_sum(group[0], +1)

    def _count_exact_sum(self, total: int, step: int) -> None:
        count = self.exact_sums.get(total, 0) + step
        if count:
            if count == step:
                insort(self.sorted_exact_sums, total)
            self.exact_sums[total] = count
        else:
            del self.exact_sums[total]
            del self.sorted_exact_sums[bisect_left(self.sorted_exact_sums, total)]

    def sum_restated_by(self, figure: Figure, added: tuple[int, int] = (0, 0), stated: int | None = None) -> bool:
        """Whether ``figure`` states what the figures before it add up to: the
        larger of the stated total and the sum of every kept figure (all
        exact, none of a place other than its own), plus ``added`` = (sum,
        number) of further groups told before it; two figures or more in all."""
        base, n = max((self.total, len(self.figures)), (stated or 0, 1 if stated else 0))
        if figure.qualifier != "exact" or self.not_exact or n + added[1] < 2:
            return False
        places = set(self.locations) - {None}
        if figure.location is not None and places and places != {figure.location}:
            return False
        return base + added[0] == figure.value

    def has_value(self, value: int | None) -> bool:
        """A kept figure has this value."""
        return self.values.get(value, 0) > 0

    def same_number(self, figure: Figure) -> bool:
        """A kept figure has the figure's value and a compatible noun."""
        return any(
            found and _compatible(next(iter(found.values())), figure, self.rules)
            for found in self.by_value.get(figure.value, {}).values()
        )

    def same_single(self, figure: Figure, head: str) -> bool:
        """A kept figure of one, of the same head noun, at the same place (or none told), not told
        again before (it is marked so: two list items of one place each are two)."""
        if figure.value != 1:
            return False
        for (location, subject), found in self.by_value.get(1, {}).items():
            if _head(subject) != head or not (location is None or figure.location is None or location == figure.location):
                continue
            serial = next((k for k in found if k not in self.told_again), None)
            if serial is not None:
                self.told_again.add(serial)
                return True
        return False

    def larger_same_head(self, figure: Figure, head: str) -> bool:
        """A kept figure of the same head noun, not a list item, is larger
        than the figure and compatible with it."""
        for heap, example in self.by_head.get(head, {}).values():
            while heap and heap[0][1] not in self.figures:
                heappop(heap)  # removed since
            if heap and -heap[0][0] > (figure.value or 0) and _compatible(example, figure, self.rules):
                return True
        return False

    def close_to_exact_group(self, figure: Figure) -> bool:
        """:func:`_close` of the approximate figure and some kept sentence's
        group of exact figures."""
        if figure.qualifier not in self.inexact:
            return False  # _close needs an approximate or lower-bound figure
        stated = figure.value or 0
        lo, hi = _padded(min(stated, stated * (1 - self.tolerance)), stated * (1 + self.tolerance), stated)
        return any(
            _close_values({figure.qualifier}, stated, total, self.tolerance)
            for total in _sorted_range(self.sorted_exact_sums, lo, hi)
        )

    def close_to(self, value: int) -> list[int]:
        """Serials of the kept approximate figures that an exact group of
        ``value`` is close to (:func:`_close`), in the order kept."""
        tolerance = self.tolerance
        lo = value / (1 + tolerance) if 1 + tolerance > 0 else float("-inf")
        hi = value / (1 - tolerance) if tolerance < 1 else float("inf")
        lo, hi = _padded(lo, hi, value)
        serials: list[int] = []
        for qualifier, by_value in self.inexact.items():
            for stated in _sorted_range(self.sorted_inexact[qualifier], lo, hi):
                if _close_values({qualifier}, stated, value, tolerance):
                    serials.extend(by_value[stated])
        return sorted(serials)


def _padded(lo: float, hi: float, value: int) -> tuple[float, float]:
    """A range of whole numbers holding [lo, hi] whatever the rounding of the floats."""
    pad = 1 + (abs(value) >> 40)
    return lo - pad, hi + pad


def _distinct_parts(
    parts: Sequence[Figure], stated: Sequence[Figure], generic: frozenset[str], rules: FigureRules,
    further: Sequence[Figure] = (),
) -> tuple[list[Figure], list[Figure]]:
    """(parts that count new people or places, restatements), in text order.

    Parts are read sentence by sentence: a part is a restatement when a
    kept figure of another sentence (or the stated total) has its number
    and a compatible noun, when it repeats the same indefinite words, or
    when it is a generic figure equal to the stated total; a sentence's
    group whose parts add up to a kept figure restates it; an exact group
    close to a kept approximate figure replaces it, and an approximate one
    close to a kept exact group is dropped. An item of a list introduced as
    the results (rule ``totals.results_list``: "Results:", not "In
    addition, officers:") of a generic noun ("- 2 arrests") that states what
    the figures before it add up to (the stated total or the parts kept,
    plus the ``further`` groups told before it: "A man and a woman were
    arrested"; "Three people were arrested ... A further man") repeats
    them: a results list restates the body (codebook s.10).

    Kept figures are looked up in a :class:`_KeptParts` index: linear in
    the number of parts.
    """
    stated_value = _sum(stated) if stated else None
    kept = _KeptParts(rules)
    results_rule = (rules.raw["totals"].get("results_list") or {}).get("name")
    quoted_rule = (rules.raw["totals"].get("quoted") or {}).get("name")
    further_starts = sorted(f.start for f in further)
    further_sums = [0]  # further_sums[i]: the values of the first i further groups, added
    for f in sorted(further, key=lambda f: f.start):
        further_sums.append(further_sums[-1] + (f.value or 0))
    restated: list[Figure] = []
    seen: set[str] = set()
    by_sentence: dict[int, list[Figure]] = {}
    for f in parts:
        by_sentence.setdefault(f.sentence_id, []).append(f)
    for sentence_id, group in by_sentence.items():
        # every sentence is read once: no kept figure is of this sentence
        stated_before = [k for k in stated if k.sentence_id != sentence_id]
        fresh: list[Figure] = []
        for f in group:
            # a quote restates even one person ("A man was arrested ..." then "One man is in custody")
            names = f.rule.split("+")
            quoted = quoted_rule is not None and quoted_rule in names
            # (one person again only in a quote of its own sentence: a quotation running on from a sentence
            # before may tell a new arrest, "... said: 'We will not tolerate this. A 52-year-old man was
            # arrested on Wednesday.'")
            quoted_here = quoted and _in_quote(f.evidence, max(0, f.evidence.find(f.text)))
            same = (f.value or 0) >= (1 if quoted_here else 2) and (
                kept.same_number(f)
                or any(k.value == f.value and _compatible(k, f, rules) for k in stated_before)
            )
            # a smaller group of a compatible noun told after a larger one,
            # with no explicit addition, is inside it ("arrested two men in
            # Rotherham and Sheffield ... One man was arrested in Rotherham")
            head = _head(f.subject)
            inside = len(group) == 1 and head is not None and not rules.list_item.match(f.evidence) and (
                kept.larger_same_head(f, head)
                or any(
                    (k.value or 0) > (f.value or 0) and _compatible(k, f, rules)
                    and not rules.list_item.match(k.evidence) and _head(k.subject) == head
                    for k in stated_before
                )
            )
            # ... as is a bare number told in a later sentence with a stative verb, the state of some of
            # the people told before ("Three men have been charged. Two remain in custody after being
            # charged"); not a bare number with an action of its own ("Four were rescued in Bradford")
            inside = inside or (
                len(group) == 1 and f.subject is None and f.role != "further" and f.value is not None
                and _stative_after(f, rules)
                and any((k.value or 0) > f.value and k.sentence_id < f.sentence_id and _compatible(k, f, rules)
                        for k in [*stated_before, *kept.first(_BARE_INSIDE_READS)])
            )
            # a results list tells a single place or person again too ("a home address in Dalton ...,
            # which was then searched" ... "- 6 car washes visited and 1 home address searched")
            same = same or inside or (
                results_rule in names and head is not None and kept.same_single(f, head)
            )
            if not same and (quoted or results_rule in names) and (
                f.subject is None or f.subject in generic
                # a quote summing up every group told, of any noun: "visited two food packing sites ... a
                # vegetable farm ... three houses" ... "We visited six sites on Tuesday" (6)
                or (quoted and not rules.grammar.more_in_quote.search(f.evidence))
            ):
                i = bisect_left(further_starts, f.start)
                same = kept.sum_restated_by(f, (further_sums[i], i), stated_value)
            if same or _is_restatement(f, stated_value, seen, generic):
                restated.append(f)
            else:
                fresh.append(f)
            seen.add(_words_key(f))
        if not fresh:
            continue
        value = _sum(fresh)
        if len(fresh) > 1 and (kept.has_value(value) or any(k.value == value for k in stated)):
            restated.extend(fresh)
            continue
        if len(fresh) == 1 and (
            kept.close_to_exact_group(fresh[0])
            # an approximate figure that an exact stated total falls close to tells it again: "Twenty-three
            # people were arrested ... 'Almost two dozen arrests in seven days'" (codebook s.8: the number wins)
            or (stated_before and all(_compatible(k, fresh[0], rules) for k in stated_before)
                and _close(fresh, _sum(stated_before), exact=stated_before, rules=rules))
        ):
            restated.extend(fresh)
            continue
        if all(f.qualifier == "exact" for f in fresh):  # else _close is never true
            for serial in kept.close_to(value):
                restated.append(kept.figures[serial])
                kept.remove(serial)
        for f in fresh:
            kept.add(f)
    return sorted(kept.kept(), key=lambda f: f.start), restated


_IRREGULAR = {"men": "man", "women": "woman", "people": "person", "children": "child", "persons": "person"}


#: The sex a head noun names (a man is no woman); other heads ("manager", "person") name either.
_SEX = {"man": "m", "boy": "m", "male": "m", "woman": "f", "girl": "f", "female": "f"}


def _other_sex(head: str | None, heads: Sequence[str | None]) -> bool:
    """Whether any of ``heads`` names the other sex than ``head`` (singular head nouns, :func:`_head`)."""
    sex = _SEX.get(head or "")
    return sex is not None and any(_SEX.get(h or "") not in (None, sex) for h in heads)


def _stative_after(figure: Figure, rules: FigureRules) -> bool:
    """Whether a stative verb (``clauses.stative_verb_after_count``) follows
    the figure's words in its sentence ("Two remain in custody")."""
    at = figure.evidence.find(figure.text) if figure.text else -1
    return at >= 0 and rules.stative_verb_after_count.match(figure.evidence, at + len(figure.text)) is not None


def _of_a_group_told(
    body: str, at: int, text: str, draft: _Draft, figures: Sequence[Figure], rules: FigureRules
) -> bool:
    """Whether ``draft`` (a further group by "also", in the sentence
    ``text`` that starts at ``at`` in ``body``) is a partitive of a group
    told before with its noun and its measure: "One of the women was also
    arrested on suspicion of money laundering" after "Three men and two
    women were arrested" (the woman is one of the two; codebook s.10: a
    part is inside its group). The latest figure told with that noun
    decides ("Eight women were safeguarded and two of the women were also
    arrested" adds two), and only when the noun is not told again after it
    ("officers found several women working, and two of the women were also
    arrested": those women). Not after "a further" or "another", nor for a
    possessive ("Two of the suspects' relatives", "One of the women's
    partners"); a number after "the" is passed over ("One of the two
    women")."""
    if draft.counted.subject is not None or rules.further_before.ends(text, draft.counted.quantity.start):
        return False
    partitive = rules.grammar.partitive_of_group.match(text, draft.counted.end)
    noun = _GROUP_NOUN.match(text, partitive.end()) if partitive is not None else None
    if noun is None:
        return False
    word = noun.group("noun").lower()
    head = _head(word)
    told = [f for f in figures if f.value is not None and _head(f.subject) == head]
    if not told or told[-1].measure != draft.measure:
        return False
    mentions = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", body[told[-1].end : at + noun.start("noun")], re.I)]
    return not mentions


#: The noun of a partitive's group, past a number ("the two women"), not a possessive ("the women's partners").
_GROUP_NOUN = re.compile(
    r"(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+)?(?P<noun>[\w-]+)(?![\w-]|['’])",
    re.I,
)



def _head(subject: str | None) -> str | None:
    """The singular head noun of a figure's subject ("men" -> "man",
    "addresses" -> "address"), None without one."""
    if not subject or subject == "named people":
        return None
    word = subject.split()[-1]
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("ies", "y"), ("s", "")):
        if word.endswith(suffix) and word != "premises":
            return word[: -len(suffix)] + repl
    return word


def _groups(figures: Sequence[Figure]) -> list[list[Figure]]:
    """Figures grouped by sentence."""
    groups: dict[int, list[Figure]] = {}
    for f in figures:
        groups.setdefault(f.sentence_id, []).append(f)
    return list(groups.values())


def _words_key(figure: Figure) -> str:
    """The figure's words, lower-cased (figure spans lie in its evidence)."""
    return " ".join(figure.text.lower().split())


def _is_restatement(figure: Figure, stated: int | None, earlier: set[str], generic: frozenset[str]) -> bool:
    """A part that repeats people or places already counted: a generic figure
    equal to the stated total ("Three arrested ..." then "Three people have
    been arrested ..."), or the same indefinite words again ("a nail bar"
    ... "visited a nail bar")."""
    if stated is not None and figure.value == stated and (figure.subject is None or figure.subject in generic):
        return True
    key = _words_key(figure)
    return not any(ch.isdigit() for ch in key) and key in earlier


def total_figures(figures: Sequence[Figure], *, rules: FigureRules | None = None) -> list[Total]:
    """Release totals per measure from the ``current`` figures, in the order
    of the measure registry of ``rules`` (the rules ``extract_figures`` was
    given; :meth:`FigureRules.default` when None).

    Measures with no figure at all are left out (their total is null).
    ``n_figures`` is the number of figures whose values were added.
    """
    rules = rules or FigureRules.default()
    # a headline restates the body, whatever the body's scope ("11 women
    # freed in past year" ... "freed 11 women ... over the past year")
    told = {f.measure for f in figures if f.role != "headline" and f.value is not None}
    current = [f for f in figures if f.scope == "current" and not (f.role == "headline" and f.measure in told)]
    current = _ordinals_across_measures(_named_told_again(current, rules), rules)
    return [
        _pooled_total(m.name, [f for f in current if f.measure == m.name], rules)
        for m in rules.measures
        if any(f.measure == m.name for f in current)
    ]


def _named_told_again(current: list[Figure], rules: FigureRules) -> list[Figure]:
    """``current`` without the named people of a measure who were all named
    before for it: "Marek Nowak, 41, of Leicester, and Piotr Zielinski, 38,
    of Derby, were jailed. Nowak was jailed for six years and Zielinski for
    four" counts two (codebook section 10: a restated figure is the same
    figure). A name is told again when its capitalised words were all among
    those of an earlier named figure ("Kofi Mensah" after "Kwame Mensah and
    Abena Mensah" is someone else)."""
    named = rules.raw["numbers"]["named"]["name"]
    seen: dict[str, set[str]] = {}
    again: set[int] = set()
    for f in sorted(current, key=lambda f: (f.sentence_id, f.start)):
        if named in f.rule.split("+") and f.role != "headline":
            words = set(_CAPITALISED.findall(f.text))
            told = seen.setdefault(f.measure, set())
            if words and words <= told:
                again.add(id(f))
            told |= words
    return [f for f in current if id(f) not in again] if again else current


def _ordinals_across_measures(current: list[Figure], rules: FigureRules) -> list[Figure]:
    """``current`` with an ordinal that is the only count of its measure, and
    that follows people of its noun counted for another measure, read as
    one person: "Three women were charged and a fourth woman was arrested"
    (arrested 1). The ordinal is the running count of the people told
    (codebook section 9), but those before it were not counted for its
    measure. An ordinal told alone ("A third man has been arrested") keeps
    its running total."""
    ordinal = rules.raw["numbers"].get("ordinal", {}).get("name")
    if not ordinal:
        return current
    generic = rules.generic_heads
    out = []
    for f in current:
        if ordinal in f.rule.split("+") and f.value and f.value > 1 and f.role != "headline":
            head = _head(f.subject)
            alone = not any(g.measure == f.measure and g is not f and g.role != "headline" for g in current)
            before = any(
                g.measure != f.measure and g.value and g.role != "headline" and ordinal not in g.rule.split("+")
                and (g.sentence_id, g.start) < (f.sentence_id, f.start)
                and (head in generic or _head(g.subject) == head)
                for g in current
            )
            if alone and before:
                f = replace(f, value=1)
        out.append(f)
    return out


def _pooled_total(measure: str, figures: Sequence[Figure], rules: FigureRules) -> Total:
    """Total of a measure whose figures are told for home and for places
    abroad (``totals.places_abroad``): each pool is totalled and they add.
    Each sentence is searched once, however many figures it holds."""
    spec = rules.raw["totals"].get("places_abroad")
    if spec:
        said_abroad = _memo(lambda evidence: re.search(spec["abroad"], evidence, re.I) is not None)
        said_home = _memo(lambda evidence: re.search(spec["home"], evidence) is not None)
        abroad = [f for f in figures if said_abroad(f.evidence)]
        if any(_is_quoted(f, rules) for f in abroad):
            # a quote that retells a number told outside it ("Eleven arrests in three countries")
            # opens no pool of its own
            told = {f.value for f in figures if f.value is not None and not _is_quoted(f, rules)}
            abroad = [f for f in abroad if not (f.value in told and _is_quoted(f, rules))]
        told_abroad = {id(f) for f in abroad}  # (an equal figure has the same evidence: abroad too)
        home = [f for f in figures if id(f) not in told_abroad and said_home(f.evidence)]
        if abroad and home and any(f.value is not None for f in abroad):
            rest = [f for f in figures if id(f) not in told_abroad]
            a, b = _measure_total(measure, rest, rules), _measure_total(measure, abroad, rules)
            if a.value is not None and b.value is not None:
                return Total(measure, a.value + b.value, _weakest([a.qualifier, b.qualifier]), a.n_figures + b.n_figures)
    return _measure_total(measure, figures, rules)


def _is_quoted(figure: Figure, rules: FigureRules) -> bool:
    """Whether ``figure`` was told inside a quote (its rules hold ``totals.quoted``)."""
    quoted = (rules.raw["totals"].get("quoted") or {}).get("name")
    return quoted is not None and quoted in figure.rule.split("+")


def _memo(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """``test`` remembering its answer for each text (local to one call)."""
    answers: dict[str, bool] = {}

    def remembered(text: str) -> bool:
        if text not in answers:
            answers[text] = test(text)
        return answers[text]

    return remembered


def measure_names(rules: FigureRules | None = None) -> tuple[str, ...]:
    """Names of the measures of the registry, in table order (the packaged
    rules when ``rules`` is None, read again when the file changes): the one
    list that totals, evaluation, the site and the notebook parameters read."""
    return tuple(m.name for m in measure_registry(rules))


def charted_measures(rules: FigureRules | None = None) -> tuple[str, ...]:
    """Names of the measures charted by default (``charted: true``), in table order."""
    return tuple(m.name for m in measure_registry(rules) if m.charted)


#: :func:`measure_names` of the packaged rules when this module was imported
#: (code that must see an edited rule file calls the function).
MEASURES: tuple[str, ...] = measure_names()
#: :func:`charted_measures` of the packaged rules when this module was imported.
CHARTED_MEASURES: tuple[str, ...] = charted_measures()
