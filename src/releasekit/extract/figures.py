"""Figures of a release: people arrested, charged, sentenced, safeguarded,
premises searched and officers deployed, and the release totals.

Method (codebook sections 1-3, 8). The rules are data, in
``releasekit/data/figure_rules.yaml``; this module only interprets them.
Each sentence is read on its own:

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
5. *Scope*: background and period cues of the sentence ("back in December",
   "last year", "In 2017, ..."), else current cues ("yesterday"), else the
   cue of the sentence before (one sentence: "In April this year ... With
   raids starting at 4am, 12 properties ..."), else the release default:
   ``period`` when the release's first sentence (its title) or first figure
   sentence is a statistic over a period. In a court-result release the
   arrests, searches and victims retold from the original raid are
   background.
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

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import yaml
from text_to_num import alpha2digit

from releasekit.extract.prefilter import Prefilter, fold, trie_pattern
from releasekit.text import Sentence

__all__ = [
    "MEASURES",
    "Figure",
    "Total",
    "extract_figures",
    "load_rules",
    "total_figures",
]

#: The measures, in table order.
MEASURES: tuple[str, ...] = (
    "arrested",
    "charged",
    "sentenced",
    "safeguarded",
    "premises",
    "officers",
)

#: Strength of a qualifier for totals: the weakest (highest) wins.
_QUALIFIER_RANK: Mapping[str, int] = {"exact": 0, "approx": 1, "at_least": 1, "vague": 2}

_RULES_FILE = "data/figure_rules.yaml"
_PEOPLE_MEASURES = ("arrested", "charged", "sentenced", "safeguarded")


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


@dataclass(frozen=True)
class _Rules:
    """The YAML rules, compiled once."""

    raw: Mapping[str, Any]
    masks: tuple[tuple[str, re.Pattern[str]], ...]
    quantity: re.Pattern[str]
    specials: Mapping[str, tuple[str, int]]
    number_words: frozenset[str]
    subject: re.Pattern[str]
    second_conjunct: re.Pattern[str]
    nouns: Mapping[str, _NounClass]
    classes: Mapping[str, _NounClass]
    bare: re.Pattern[str]
    bare_class: _NounClass
    anaphora: re.Pattern[str]
    article_not_after: re.Pattern[str]
    at_least: re.Pattern[str]
    approx: re.Pattern[str]
    at_least_suffix: re.Pattern[str]
    further_before: re.Pattern[str]
    further_clause: re.Pattern[str]
    total_marker: re.Pattern[str]
    generic: frozenset[str]
    list_item: re.Pattern[str]
    cues: tuple[tuple[str, str, re.Pattern[str]], ...]
    named: tuple[re.Pattern[str], ...]
    named_not_after: re.Pattern[str]
    not_names: frozenset[str]
    plural_right: re.Pattern[str]
    plural_modal: re.Pattern[str]
    plural: re.Pattern[str]
    plural_not_after: re.Pattern[str]
    cue_blocker: re.Pattern[str]
    cue_blocker_unless: re.Pattern[str]
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
    court_lead: frozenset[str]
    court_retold: frozenset[str]
    gates: _Gates


@dataclass(frozen=True)
class _Gates:
    """Prefilters of the rule patterns run on every sentence (see
    :class:`Prefilter`), and the pattern variants compiled from them."""

    implied: Prefilter  # nouns that imply their measure ("arrests", "officers")
    any_cue: Prefilter  # every measure cue
    any_count: Prefilter  # every quantity that can count with a noun, a name or alone
    masks: tuple[Prefilter, ...]
    quantity: tuple[tuple[str, Prefilter], ...]  # (alternative, its prefilter)
    cues: tuple[Prefilter, ...]  # per cue rule
    scopes: tuple[Prefilter, ...]
    named: tuple[Prefilter, ...]
    plural: Prefilter
    sticky: Prefilter | None
    variants: dict[tuple[str, ...], re.Pattern[str]]  # alternations of the keys that occur

    def alternation(self, parts: tuple[str, ...]) -> re.Pattern[str]:
        """The alternation of ``parts`` (compiled once, case-insensitive)."""
        pattern = self.variants.get(parts)
        if pattern is None:
            pattern = self.variants[parts] = re.compile(_factor_boundary(parts), re.I)
        return pattern


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


def _any_of(*sources: str) -> Prefilter:
    """A prefilter that passes when any of the patterns ``sources`` may match
    (their union is only read for keys, never run; group names are dropped
    to join them, and case is ignored: more keys pass, never fewer)."""
    union = "|".join(f"(?:{re.sub(r'[(][?]P<[^>]*>', '(?:', source)})" for source in sources)
    return Prefilter(re.compile(union, re.I))


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


def _ending(items: Iterable[str]) -> re.Pattern[str]:
    """Pattern for a phrase that ends the text before a figure."""
    return re.compile(rf"(?:^|(?<=[^\w]))(?:{_words(items)})\s*$", re.I)


def _compile(raw: Mapping[str, Any]) -> _Rules:
    numbers = raw["numbers"]
    specials = {
        s["phrase"].lower(): (s["name"], int(s["value"])) for s in numbers["special"]
    }
    number_words = frozenset(w.lower() for w in numbers["words"]["words"])
    quantity_parts = _quantity_alternatives(numbers, specials, number_words, _words)
    quantity = re.compile("|".join(quantity_parts), re.I)
    nouns: dict[str, _NounClass] = {}
    classes: dict[str, _NounClass] = {}
    bare_class = _NounClass("noun_none", _PEOPLE_MEASURES, False, frozenset())
    for key, spec in raw["subjects"].items():
        measures = (spec["measure"],) if "measure" in spec else tuple(spec["measures"])
        cls = _NounClass(
            spec["name"],
            measures,
            implied="measure" in spec and not spec.get("needs_cue", False),
            singular=frozenset(" ".join(n.lower().split()) for n in spec.get("singular", [])),
            further_is_part=bool(spec.get("further_is_part", False)),
        )
        classes[key] = cls
        if not spec.get("nouns"):
            bare_class = cls
        for noun in spec.get("nouns", []):
            nouns.setdefault(" ".join(noun.lower().split()), cls)
    mods = raw["modifiers"]
    not_mod = _words(mods["not_modifiers"] + list(number_words))
    mod = rf"(?:\d+[\s-]years?[\s-]old|(?!(?:{not_mod})(?![\w’'-]))[A-Za-z][\w’'-]*)"
    noun_alt = _words(nouns)
    subject = re.compile(
        rf"(?P<after>\s+(?:{_words(raw['further']['after'])})\b)?"
        rf"(?:\s+{mod}){{0,{int(mods['max_modifiers'])}}}?\s+(?P<noun>{noun_alt})\b"
        r"(?!\s+(?:arrest\s+)?warrants?\b)",
        re.I,
    )
    second = re.compile(
        rf"\s+and\s+(?!a\b|an\b)(?:{mod}\s+){{0,2}}?(?P<noun>{noun_alt})\b", re.I
    )
    followers = raw["bare_followers"]
    word_followers = [f for f in followers if re.fullmatch(r"[\w ]+", f)]
    sym_followers = [f for f in followers if not re.fullmatch(r"[\w ]+", f) and f != "$"]
    bare = re.compile(
        rf"\s*(?:(?:{_words(word_followers)})\b|[{''.join(map(re.escape, sym_followers))}]|$)",
        re.I,
    )
    quals = raw["qualifiers"]
    cues = tuple(
        (c["name"], c["measure"], re.compile("|".join(c["patterns"]), re.I)) for c in raw["cues"]
    )
    scopes = tuple(
        (
            r["name"],
            scope,
            re.compile(r["pattern"], re.I),
            bool(r.get("sticky", False)),
            bool(r.get("only_after_lead", False)),
        )
        for scope, weak in (("background", False), ("period", False), ("current", False), ("period", True))
        for r in raw["scope"][scope]
        if bool(r.get("weak", False)) == weak
    )
    named = numbers["named"]
    one_name = named["name_pattern"]
    names = rf"{one_name}(?:\s*,\s*{one_name}){{0,2}}(?:,?\s+and\s+{one_name})?"
    plural = numbers["bare_plural"]
    loc = raw["location"]
    place = r"[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|upon|on|de|le))*"
    masks = tuple((m["name"], re.compile(m["pattern"], re.I)) for m in raw["not_counts"])
    named_patterns = tuple(re.compile(p.replace("{names}", names)) for p in named["patterns"])
    plural_pattern = re.compile(
        rf"\b(?:(?:{_words(plural['modifiers'])})\s+)?(?P<noun>{_words(plural['nouns'])})\b", re.I
    )
    sticky = (
        re.compile("|".join(f"(?:{p.pattern})" for _, _, p, st, _ in scopes if st), re.I)
        if any(st for *_, st, _ in scopes) else None
    )
    implied_nouns = [noun for noun, cls in nouns.items() if cls.implied]
    flat_quantity = _quantity_alternatives(numbers, specials, number_words, _flat_words)
    gates = _Gates(
        implied=Prefilter(re.compile(rf"\b(?:{_flat_words(implied_nouns)})\b", re.I)),
        any_cue=Prefilter(re.compile("|".join(p for c in raw["cues"] for p in c["patterns"]), re.I)),
        any_count=_any_of(
            rf"\s(?:{_flat_words(nouns)})\b",  # the noun after an article, a vague word...
            *flat_quantity[1:2],  # "a dozen"
            *flat_quantity[-2:],  # number words, digits
            rf"\b(?:{_flat_words(plural['nouns'])})\b",
            *(pattern.pattern for pattern in named_patterns),
        ),
        masks=tuple(Prefilter(pattern) for _, pattern in masks),
        quantity=tuple(
            (part, Prefilter(re.compile(part, re.I), keys_from=flat))
            for part, flat in zip(quantity_parts, flat_quantity)
        ),
        cues=tuple(Prefilter(pattern) for _, _, pattern in cues),
        scopes=tuple(Prefilter(pattern) for _, _, pattern, _, _ in scopes),
        named=tuple(Prefilter(pattern) for pattern in named_patterns),
        plural=Prefilter(
            plural_pattern,
            keys_from=rf"\b(?:(?:{_flat_words(plural['modifiers'])})\s+)?"
            rf"(?P<noun>{_flat_words(plural['nouns'])})\b",
        ),
        sticky=Prefilter(sticky) if sticky is not None else None,
        variants={},
    )
    return _Rules(
        raw=raw,
        masks=masks,
        quantity=quantity,
        specials=specials,
        number_words=number_words,
        subject=subject,
        second_conjunct=second,
        nouns=nouns,
        classes=classes,
        bare=bare,
        bare_class=bare_class,
        anaphora=_ending(raw["anaphora"]["before"]),
        article_not_after=_ending(numbers["article"]["not_after"]),
        at_least=_ending(quals["at_least"]["words"]),
        approx=_ending(quals["approx"]["words"]),
        at_least_suffix=re.compile(
            "|".join(re.escape(s) for s in quals["at_least"].get("suffix", ["+"]))
        ),
        further_before=_ending(raw["further"]["before"]),
        further_clause=re.compile(rf"\b(?:{_words(raw['further']['clause'])})\b", re.I),
        total_marker=re.compile(
            rf"\b(?:{_words(raw['totals']['total_markers']['words'])})\b", re.I
        ),
        generic=frozenset(" ".join(s.lower().split()) for s in raw["totals"]["generic"]["subjects"]),
        list_item=re.compile(raw["totals"]["list_item"]["pattern"]),
        cues=cues,
        named=named_patterns,
        named_not_after=_ending(named["not_after"]),
        not_names=frozenset(named["not_names"]),
        plural_right=re.compile(plural["right_between"], re.I),
        plural_modal=re.compile(plural["not_after_modal"], re.I),
        plural=plural_pattern,
        plural_not_after=_ending(plural["not_after"] + list(number_words)),
        cue_blocker=_ending(raw["cue_blockers"]["before"]),
        cue_blocker_unless=re.compile(raw["cue_blockers"]["unless_after"], re.I),
        relative_object=re.compile(raw["relative_object"]["pattern"], re.I),
        carry=int(raw["scope"].get("carry_sentences", 0)),
        sticky=sticky,
        ellipsis=re.compile(raw["ellipsis"]["joiner"], re.I),
        not_place_words=frozenset(loc.get("not_place_words", [])),
        scopes=scopes,
        location=re.compile(
            rf"\b(?:{_words(loc['prepositions'])})\s+(?:the\s+)?(?P<place>{place})"
        ),
        location_stop=re.compile("|".join(loc["stop"])),
        not_places=frozenset(loc["not_places"]),
        location_max=int(loc["max_chars"]),
        court_lead=frozenset(raw["court_release"]["lead_measures"]),
        court_retold=frozenset(raw["court_release"]["retold_measures"]),
        gates=gates,
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
        r"(?P<digits>(?<![\w£$€.,:/#-])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w£$€]|[.,:/-]\d))",
    ]


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> _Rules:
    """Load and compile the figure rules (the packaged YAML by default)."""
    if path is None:
        text = files("releasekit").joinpath(_RULES_FILE).read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    return _compile(yaml.safe_load(text))


def rule_names(rules: _Rules | None = None) -> frozenset[str]:
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

    walk((rules or load_rules()).raw)
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


def _masked(sentence: str, folded: str, rules: _Rules) -> list[tuple[int, int]]:
    """Spans of the sentence that can never be counts."""
    return sorted(
        m.span()
        for (_, pattern), gate in zip(rules.masks, rules.gates.masks)
        if gate.may_match(sentence, folded)
        for m in pattern.finditer(sentence)
    )


def _overlaps(span: tuple[int, int], masked: Sequence[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in masked)


def _tail(pattern: re.Pattern[str], text: str, end: int, window: int = 48) -> re.Match[str] | None:
    """Search a phrase that ends ``text[:end]``, looking only at its tail
    (the phrase patterns are anchored at the end: a full scan is wasted)."""
    return pattern.search(text, max(0, end - window), end)


def _quantity_pattern(sentence: str, folded: str, rules: _Rules) -> re.Pattern[str] | None:
    """``rules.quantity`` without the alternatives that cannot match in the
    sentence (same matches, fewer attempts); None when none can."""
    parts = tuple(part for part, gate in rules.gates.quantity if gate.may_match(sentence, folded))
    return rules.gates.alternation(parts) if parts else None


def _quantities(sentence: str, folded: str, rules: _Rules) -> Iterator[_Quantity]:
    """Candidate quantities of one sentence, in text order.

    Numbers inside a masked span ("aged 20", "in 2019") are candidates too:
    :func:`_drop_masked` removes them once they are counted, so that the
    masks are only read for sentences with a counted number.
    """
    numbers = rules.raw["numbers"]
    pattern = _quantity_pattern(sentence, folded, rules)
    if pattern is None:
        return
    for match in pattern.finditer(sentence):
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


def _drop_masked(sentence: str, folded: str, counted: list[_Counted], rules: _Rules) -> list[_Counted]:
    """Counted numbers (digits, number words) that lie in no masked span."""
    if not any(c.quantity.kind in ("digits", "words") for c in counted):
        return counted
    masked = _masked(sentence, folded, rules)
    return [
        c
        for c in counted
        if c.quantity.kind not in ("digits", "words")
        or not _overlaps((c.quantity.start, c.quantity.end), masked)
    ]


def _named(sentence: str, folded: str, rules: _Rules) -> Iterator[_Quantity]:
    """Named people before a court or arrest cue ("Harrison was sentenced")."""
    name_rule = rules.raw["numbers"]["named"]["name"]
    for pattern, gate in zip(rules.named, rules.gates.named):
        if not gate.may_match(sentence, folded):
            continue
        for match in pattern.finditer(sentence):
            names = re.split(r"\s*,\s*|,?\s+and\s+", match.group("names"))
            if any(set(n.split()) & rules.not_names for n in names):
                continue
            subject = match.start() == match.start("names")
            if subject and _tail(rules.named_not_after, sentence, match.start()):
                continue  # "two women from Luton were arrested": a place
            yield _Quantity("named", name_rule, len(names), *match.span("names"))


def _plurals(sentence: str, folded: str, rules: _Rules) -> Iterator[_Quantity]:
    """Plural nouns with no quantity of their own ("rescued suspected victims")."""
    rule = rules.raw["numbers"]["bare_plural"]["name"]
    if not rules.gates.plural.may_match(sentence, folded):
        return
    for match in rules.plural.finditer(sentence):
        if _tail(rules.plural_not_after, sentence, match.start()):
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


def _qualify(before: str, quantity: _Quantity, rules: _Rules) -> tuple[str, int, str | None]:
    """Qualifier from the words before the number: (qualifier, chars, rule)."""
    if quantity.kind == "vague":
        return "vague", 0, None
    if quantity.value is not None and quantity.value <= 1:
        return "exact", 0, None  # "concerns about one address": a preposition
    for name, pattern in (("at_least", rules.at_least), ("approx", rules.approx)):
        hit = _tail(pattern, before, len(before))
        if hit:
            return name, len(before) - hit.start(), rules.raw["qualifiers"][name]["name"]
    return "exact", 0, None


def _count(sentence: str, quantity: _Quantity, rules: _Rules) -> _Counted | None:
    """Attach the counted noun (or a bare-number reading) to a quantity."""
    if quantity.kind in ("named", "plural"):
        return _count_whole(sentence, quantity, rules)
    single = quantity.kind in ("article", "possessive")
    noun = rules.subject.match(sentence, quantity.end)
    # cheap exits first (the same ones as below): most articles count nothing
    if noun is None and quantity.kind in ("article", "possessive", "vague", "zero"):
        return None
    if single and noun:
        named = " ".join(noun.group("noun").lower().split())
        if named not in rules.nouns[named].singular:
            return None
    before = sentence[: quantity.start]
    if quantity.kind in ("digits", "words", "special", "vague") and _tail(rules.anaphora, before, len(before)):
        return None
    if single and (
        _tail(rules.article_not_after, before, len(before))
        or _tail(rules.relative_object, before, len(before))
    ):
        return None
    qualifier, qual_chars, qual_rule = _qualify(before, quantity, rules)
    start = quantity.start - qual_chars
    further = quantity.kind == "article" and sentence[quantity.start : quantity.end].lower() == "another"
    hit = _tail(rules.further_before, sentence, start)
    if hit and quantity.kind != "article":
        further, start = True, hit.start()
    if quantity.kind == "article" and rules.further_before.search(
        sentence[quantity.start : quantity.end + 9]
    ):
        further = True  # "a further arrest"
    value = quantity.value
    if noun:
        subject = " ".join(noun.group("noun").lower().split())
        cls = rules.nouns[subject]
        end = noun.end()
        if noun.group("after"):
            further = True
        if single:
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
        if not rules.bare.match(sentence, quantity.end):
            return None
        subject, cls, end = None, rules.bare_class, quantity.end
    if qualifier == "exact" and quantity.kind == "digits" and rules.at_least_suffix.match(
        sentence, quantity.end
    ):
        qualifier, qual_rule = "at_least", rules.raw["qualifiers"]["at_least"]["name"]
    if quantity.kind == "vague":
        qualifier = "vague"
    names = (quantity.rule, cls.name) + ((qual_rule,) if qual_rule else ())
    return _Counted(quantity, start, end, value, qualifier, subject, cls, further, names)


def _count_whole(sentence: str, quantity: _Quantity, rules: _Rules) -> _Counted | None:
    """A named group or a bare plural: the quantity is its own noun phrase."""
    text = sentence[quantity.start : quantity.end]
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
    return _Counted(quantity, quantity.start, quantity.end, None, "vague", subject, cls,
                    False, (quantity.rule, cls.name))


@dataclass(frozen=True, slots=True)
class _Cue:
    name: str
    measure: str
    start: int
    end: int


def _cues(sentence: str, folded: str, rules: _Rules) -> list[_Cue]:
    """Measure cues of a sentence, minus references ("those arrested")."""
    found = []
    for (name, measure, pattern), gate in zip(rules.cues, rules.gates.cues):
        if not gate.may_match(sentence, folded):
            continue
        for match in pattern.finditer(sentence):
            if _tail(rules.cue_blocker, sentence, match.start()) and not (
                rules.cue_blocker_unless.match(sentence, match.end())
            ):
                continue
            found.append(_Cue(name, measure, match.start(), match.end()))
    return found


def _nearest_cue(
    counted: _Counted, cues: Sequence[_Cue], taken: Sequence[tuple[int, int]], rules: _Rules
) -> _Cue | None:
    """The nearest cue of a measure the noun allows.

    Cues to the left count 1.5 times their distance and must be near
    (``cue_distance`` in the rules); cues inside another figure's words
    ("a further arrest") belong to that figure.
    """
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
    for cue in cues:
        if cue.measure not in counted.noun_class.measures:
            continue
        if any(s <= cue.start < e for s, e in taken if (s, e) != (counted.start, counted.end)):
            continue  # the cue word belongs to another figure ("a further arrest")
        if cue.start >= counted.end:
            distance: float = cue.start - counted.end
            if distance > max_right:
                continue
        elif cue.end <= counted.start:
            if counted.start - cue.end > max_left:
                continue
            distance = (counted.start - cue.end) * 1.5
        else:
            distance = 0.0
        if best is None or distance < best[0]:
            best = (distance, cue)
    return best[1] if best else None


# ----------------------------------------------------------------- place


def _location(sentence: str, start: int, stop: int, rules: _Rules) -> str | None:
    """The first place named after a figure ("in Luton", "from Kent")."""
    window = sentence[start : min(stop, start + rules.location_max)]
    cut = rules.location_stop.search(window)
    if cut:
        window = window[: cut.start()]
    for match in rules.location.finditer(window):
        place = match.group("place")
        words = place.split()
        while words and (words[-1] in rules.not_places or words[-1].lower() in ("on", "de", "le", "upon")):
            words.pop()
        if rules.not_place_words.intersection(words):
            continue
        if words and words[0] not in rules.not_places and place not in rules.not_places:
            return " ".join(words)
    return None


# ----------------------------------------------------------------- scope


def _sentence_scope(
    text: str, rules: _Rules, after_lead: bool = True
) -> tuple[str | None, str | None, bool]:
    """(scope, rule name, sticky) of the first scope cue in a sentence."""
    folded = fold(text)
    for (name, scope, pattern, sticky, only_after_lead), gate in zip(rules.scopes, rules.gates.scopes):
        if only_after_lead and not after_lead:
            continue
        if gate.may_match(text, folded) and pattern.search(text):
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


def _sentence_figures(sentence: str, rules: _Rules) -> list[_Draft]:
    """Figures of one sentence (measure, noun, qualifier, place).

    Bare plurals ("rescued suspected victims") are read last and kept only
    for measures that no numbered figure of the sentence gives.

    Every figure takes its measure from a noun that implies it or from a cue
    (a bare number after a figure takes that figure's), and a cue needs
    something counted (a number, a noun, a name), so a sentence with neither
    gives none and is not read further: most sentences.
    """
    folded = fold(sentence)
    gates = rules.gates
    if not (
        gates.implied.may_match(sentence, folded)
        or (gates.any_cue.may_match(sentence, folded) and gates.any_count.may_match(sentence, folded))
    ):
        return []
    quantities = sorted(
        [*_named(sentence, folded, rules), *_quantities(sentence, folded, rules)],
        key=lambda q: (q.start, -q.end),
    )
    counted = _drop_overlaps(
        sorted(
            _drop_masked(
                sentence,
                folded,
                [c for q in quantities if (c := _count(sentence, q, rules)) is not None],
                rules,
            ),
            key=lambda c: (c.start, -c.end),
        )
    )
    plural_here = rules.gates.plural.may_match(sentence, folded) and rules.plural.search(sentence)
    cues = _cues(sentence, folded, rules) if counted or plural_here else []
    drafts = _drafts(sentence, counted, cues, rules)
    taken = [(c.start, c.end) for c in counted]
    plurals = [
        c
        for q in _plurals(sentence, folded, rules)
        if not any(s < q.end and q.start < e for s, e in taken)
        and (c := _count(sentence, q, rules)) is not None
    ]
    if plurals:
        numbered = {d.measure for d in drafts}
        extra = [
            d
            for d in _drafts(sentence, plurals, cues, rules, taken)
            if d.measure not in numbered and _plural_reading_ok(sentence, d, rules)
        ]
        drafts = sorted(drafts + extra, key=lambda d: d.counted.start)
    return drafts


def _plural_reading_ok(sentence: str, draft: _Draft, rules: _Rules) -> bool:
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
    rules: _Rules,
    taken: Sequence[tuple[int, int]] | None = None,
) -> list[_Draft]:
    """Give each counted quantity its measure, cue and place."""
    taken = list(taken or []) + [(c.start, c.end) for c in counted]
    drafts: list[_Draft] = []
    for i, item in enumerate(counted):
        bare = item.subject is None
        previous = drafts[-1] if drafts else None
        cue: _Cue | None = None
        names = item.rules
        if bare and previous and _is_ellipsis(sentence, previous.counted, item, rules):
            item = _inherit(item, previous.counted)
            measure = previous.measure
            cue = previous.cue
            names = names + (rules.raw["ellipsis"]["name"],)
        elif item.noun_class.implied:
            measure = item.noun_class.measures[0]
        else:
            cue = _nearest_cue(item, cues, taken, rules)
            if cue is None:
                continue
            measure = cue.measure
        if cue is not None and cue.name not in names:
            names = names + (cue.name,)
        stop = counted[i + 1].start if i + 1 < len(counted) else len(sentence)
        place = _location(sentence, item.end, stop, rules)
        if not item.further and cue is not None and _also_between(sentence, item, cue, rules):
            item = _with_further(item)
        drafts.append(_Draft(item, measure, place, cue, names))
    return drafts


def _drop_overlaps(counted: list[_Counted]) -> list[_Counted]:
    """Keep the first of figures whose spans overlap ("a man and woman")."""
    kept: list[_Counted] = []
    for item in counted:
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept


def _is_ellipsis(sentence: str, previous: _Counted, item: _Counted, rules: _Rules) -> bool:
    """ "seven addresses in Luton and 11 in Romania": 11 addresses."""
    between = sentence[previous.end : item.start]
    spec = rules.raw["ellipsis"]
    return (
        previous.subject is not None
        and len(between) <= int(spec["max_chars"])
        and rules.ellipsis.search(between) is not None
    )


def _inherit(item: _Counted, previous: _Counted) -> _Counted:
    return _Counted(
        item.quantity, item.start, item.end, item.value, item.qualifier,
        previous.subject, previous.noun_class, item.further, item.rules,
    )


def _with_further(item: _Counted) -> _Counted:
    return _Counted(
        item.quantity, item.start, item.end, item.value, item.qualifier,
        item.subject, item.noun_class, True, item.rules,
    )


def _also_between(sentence: str, item: _Counted, cue: _Cue, rules: _Rules) -> bool:
    """ "A 45-year-old man was also arrested": a further group."""
    lo, hi = sorted((item.end, cue.start)) if cue.start >= item.end else (max(0, cue.start - 25), cue.start)
    return rules.further_clause.search(sentence, lo, hi) is not None


def extract_figures(
    body: str, sentences: Sequence[Sentence], *, rules: _Rules | None = None
) -> list[Figure]:
    """Every figure stated in ``body``, in text order (see module docstring).

    ``rules`` defaults to the packaged ``figure_rules.yaml`` (see
    :func:`load_rules` to load another file).
    """
    rules = rules or load_rules()
    per_sentence = [(s, _sentence_figures(s.text, rules)) for s in sentences]
    scopes, court = _scopes(per_sentence, rules)
    leads: dict[str, int] = {}  # measure -> its first non-list sentence
    for sentence, drafts in per_sentence:
        if not rules.list_item.match(sentence.text):
            for draft in drafts:
                leads.setdefault(draft.measure, sentence.sentence_id)
    figures: list[Figure] = []
    for sentence, drafts in per_sentence:
        scope, scope_rule = scopes[sentence.sentence_id]
        list_item = bool(rules.list_item.match(sentence.text))
        for draft in drafts:
            fig_scope, fig_scope_rule = scope, scope_rule
            if court and draft.measure in rules.court_retold and scope_rule is None:
                fig_scope, fig_scope_rule = "background", rules.raw["court_release"]["name"]
            role, role_rule = _role(sentence, draft, drafts, list_item, leads, rules)
            names = draft.rules + tuple(n for n in (fig_scope_rule, role_rule) if n)
            c = draft.counted
            figures.append(
                Figure(
                    measure=draft.measure,
                    value=c.value,
                    qualifier=c.qualifier,
                    subject=c.subject,
                    location=draft.location,
                    scope=fig_scope,
                    sentence_id=sentence.sentence_id,
                    start=sentence.start + c.start,
                    end=sentence.start + c.end,
                    evidence=sentence.text,
                    rule="+".join(dict.fromkeys(names)),
                    role=role,
                    text=body[sentence.start + c.start : sentence.start + c.end],
                )
            )
    return figures


def _scopes(
    per_sentence: Sequence[tuple[Sentence, list[_Draft]]], rules: _Rules
) -> tuple[dict[int, tuple[str, str | None]], bool]:
    """Scope and scope rule of every sentence, and whether the release is a
    court result (its first figure sentence reports a court outcome).

    The release default is ``period`` when its first sentence (the title,
    where the body has one) or its first figure sentence is a period
    statistic; a background or period sentence lends its scope to the next
    ``carry_sentences`` sentences without a cue of their own.
    """
    lead = next(((s, d) for s, d in per_sentence if d), None)
    lead_id = lead[0].sentence_id if lead else None
    default, court = "current", False
    firsts = [per_sentence[0][0]] if per_sentence else []
    if lead is not None:
        firsts.append(lead[0])
        court = bool({d.measure for d in lead[1]} & rules.court_lead)
    if any(_sentence_scope(s.text, rules, False)[0] == "period" for s in firsts):
        default = "period"
    # only sentences with figures, and those that may lend them a scope, are read
    needed = {s.sentence_id for s, d in per_sentence if d}
    needed |= {i - k for i in needed for k in range(1, rules.carry + 1)}
    result: dict[int, tuple[str, str | None]] = {}
    sticky: tuple[str, str | None] | None = None
    carried: tuple[str, str | None] | None = None
    left = 0
    for sentence, _ in per_sentence:
        after_lead = lead_id is not None and sentence.sentence_id > lead_id
        read = sentence.sentence_id in needed or (
            rules.sticky is not None
            and rules.gates.sticky is not None
            and rules.gates.sticky.may_match(sentence.text, fold(sentence.text))
            and rules.sticky.search(sentence.text) is not None
        )
        scope, name, is_sticky = (
            _sentence_scope(sentence.text, rules, after_lead) if read else (None, None, False)
        )
        if is_sticky and scope:
            sticky = (scope, name)
        if sticky:
            result[sentence.sentence_id] = sticky
        elif scope:
            result[sentence.sentence_id] = (scope, name)
            carried, left = ((scope, name), rules.carry) if scope != default else (None, 0)
            continue
        elif carried and left > 0:
            result[sentence.sentence_id] = carried
        else:
            result[sentence.sentence_id] = (default, None)
        left -= 1
    return result, court


def _role(
    sentence: Sentence,
    draft: _Draft,
    drafts: Sequence[_Draft],
    list_item: bool,
    leads: Mapping[str, int],
    rules: _Rules,
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
    if draft.counted.further and not draft.counted.noun_class.further_is_part:
        return "further", rules.raw["further"]["name"]
    if list_item:
        return "part", None
    same = [d for d in drafts if d.measure == draft.measure and not d.counted.further]
    first = same[0] if same else draft
    totals = rules.raw["totals"]
    if rules.total_marker.search(sentence.text, 0, first.counted.start + 1):
        return "total", totals["total_markers"]["name"]
    if not _is_generic(draft, rules):
        return "part", None
    breakdown = _is_generic(first, rules) and any(not _is_generic(d, rules) for d in same[1:])
    if breakdown and draft is not first:
        return "part", None
    if leads.get(draft.measure) == sentence.sentence_id:
        return "total", totals["lead"]["name"]
    if breakdown:
        return "total", totals["generic"]["name"]
    return "part", None


def _is_generic(draft: _Draft, rules: _Rules) -> bool:
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


def _located_totals_as_parts(totals: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """Stated totals for different places are groups: (totals, parts)."""
    places = {f.location for f in totals if f.location}
    if len(places) < 2:
        return totals, []
    return [f for f in totals if not f.location], [f for f in totals if f.location]


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


def _measure_total(measure: str, figures: Sequence[Figure]) -> Total:
    """Total of one measure from its current figures (codebook section 3).

    The base is the larger of the largest stated total (coordinated totals
    of one sentence add up) and the sum of the parts; further groups are
    added. Vague figures give way to numbers for the same people; a vague
    stated total with no numbered parts keeps the total's qualifier vague.
    """
    generic = load_rules().generic
    numeric = [f for f in figures if f.value is not None]
    if not numeric:
        return Total(measure, None, "vague", len(figures))
    totals, moved = _located_totals_as_parts([f for f in numeric if f.role == "total"])
    stated = max(_stated_totals(totals), key=lambda g: (_sum(g), -_rank(g)), default=[])
    stated_value = _sum(stated) if stated else None
    parts: list[Figure] = []
    restated: list[Figure] = []
    seen: set[str] = set()
    for f in sorted([f for f in numeric if f.role == "part"] + moved, key=lambda f: f.start):
        (restated if _is_restatement(f, stated_value, seen, generic) else parts).append(f)
        seen.add(_words_key(f))
    further = [f for f in numeric if f.role == "further"]
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
    used = base + further
    return Total(
        measure,
        _sum(used),
        _weakest(qualifiers + [f.qualifier for f in further]),
        len(used),
    )


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


def total_figures(figures: Sequence[Figure]) -> list[Total]:
    """Release totals per measure from the ``current`` figures, in MEASURES order.

    Measures with no figure at all are left out (their total is null).
    ``n_figures`` is the number of figures whose values were added.
    """
    current = [f for f in figures if f.scope == "current"]
    return [
        _measure_total(m, [f for f in current if f.measure == m])
        for m in MEASURES
        if any(f.measure == m for f in current)
    ]
