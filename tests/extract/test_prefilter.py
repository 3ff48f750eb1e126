"""The prefilter engine (extract/prefilter.py): the same matches as the plain pattern."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.extract.figures import load_rules
from releasekit.extract.prefilter import first_char_prefilter

PATTERNS = [
    r";|\s[-–—]\s|,?\s+(?:following|after)\b",
    r",\s+(?:who|which)\b[^,;.]{1,40}?(?P<close>,)(?=\s+[a-z])|,\s+(?=\d)",
    r"(?:a|b)?c\d*",
    r"\b(?:under|over)\s+1\d\b",
    r"(?<=[a-z]),\s*\d{1,2}\s*,",
    r"[a-c\d]+z",
]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("source", [p for p in PATTERNS if not p.startswith(",")])
def test_lookahead_prefilter_is_added(source: str) -> None:
    assert first_char_prefilter(source, re.I).startswith("(?=[")


@pytest.mark.parametrize(
    "source",
    [
        r"x*", r"[^a]b", r"(?i:a)b", r"(?i)abc",  # first characters unreadable
        r"[£$€]\s?\d", r"^\s*\d+[.)]\s", r",\s+who|,\s+(?=\d)",  # the engine already skips ahead
    ],
)
def test_unreadable_first_characters_leave_the_pattern(source: str) -> None:
    assert first_char_prefilter(source, re.I) == source


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcz019 ,;-–\nAUnderoverwhich", max_size=80), st.sampled_from(PATTERNS))
def test_same_matches(text: str, source: str) -> None:
    plain, prefiltered = re.compile(source, re.I), re.compile(first_char_prefilter(source, re.I), re.I)
    assert _matches(prefiltered, text) == _matches(plain, text)


def test_clause_boundaries_of_the_rules_are_prefiltered() -> None:
    boundary = load_rules().clause_boundary
    text = "Two men were arrested; one, who is 30, was charged, and 4 women were safeguarded."
    plain = re.compile(boundary.pattern.split(")(?:", 1)[1][:-1], boundary.flags)
    assert boundary.pattern.startswith("(?=[")
    assert _matches(boundary, text) == _matches(plain, text) != []


# ------------------------------------------------ the prefilter engine, as used

import releasekit.extract.prefilter as prefilter_module  # noqa: E402
from releasekit.extract import dates as dates_module  # noqa: E402
from releasekit.extract.figures import FigureRules, extract_figures  # noqa: E402
from releasekit.extract.prefilter import (  # noqa: E402
    KeyFinder,
    Prefilter,
    first_char_prefilter,
    fold,
    internals_available,
    longest_space_run,
    pattern_reach,
    required_literals,
)
from releasekit.rulefiles import packaged_path  # noqa: E402
from releasekit.text import split_sentences  # noqa: E402


def _rule_prefilters() -> list[Prefilter]:
    """Every prefilter the figure and date rules build (their plain patterns inside)."""
    own = FigureRules.default().prefilters
    found = [own.implied, own.any_cue, own.any_count, own.plural, own.any_scope, *own.masks, *own.cues, *own.scopes, *own.named]
    found += [p for _, p in own.quantity]
    found += [own.sticky] if own.sticky is not None else []
    found += [p for p in (own.definite, own.negated) if p is not None]
    found += list(dates_module.load_rules().prefilters)
    return found


RULE_PREFILTERS = _rule_prefilters()

#: Pieces of release text that the rules match, and characters that stress
#: case folding (dotted capital I, long s, Kelvin sign) and whitespace runs.
FRAGMENTS = [
    "Three men were arrested", "a further two women were arrested", "Nine premises were searched",
    "more than 40 victims were rescued since January", "12 officers took part", "Five people were charged",
    "the couple were jailed", "nearly 100 people were safeguarded", "Last year 300 people were arrested",
    "Smith, 34, was jailed", "the sentencing of Jones", "referred to the NRM", "arrested11 people",
    "charged £100 each", "20% of", "aged 20 and 31", "in their 20s", "on 12 March 2024", "last Tuesday",
    "between 2019 and 2021", "Section 2", "07700 900123", "a dozen", "dozens of", "No arrests",
    "ARRESTED", "Arrest", "İ", "ſ", "\u212a", "  ", "\n\n", "\t", ", ", "; ", " - ", ".", " ", "1,660", "£", "€",
    "(NRM)", "\u00a0", "\x1c", "(arrested),",
]


def _search_all(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="aeiorstn 0123456789,.İK", max_size=6)), max_size=14).map("".join),
    st.sampled_from(range(len(RULE_PREFILTERS))),
)
def test_prefiltered_search_finds_exactly_what_the_plain_pattern_finds(text: str, index: int) -> None:
    prefilter = RULE_PREFILTERS[index]
    plain = _search_all(prefilter.pattern, text)
    folded = fold(text)
    found = [(m.span(), m.groups()) for m in prefilter.finditer(text, folded, longest_space_run(text))]
    assert found == plain
    if not prefilter.may_match(text, folded):
        assert plain == []


KEY_FINDER = KeyFinder(RULE_PREFILTERS)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="aeiorstn 0123456789,.İKſ£%", max_size=6)), max_size=14).map("".join)
)
def test_keys_found_in_one_pass_give_what_may_match_gives(text: str) -> None:
    """KeyFinder.present + may_match_keys (one scan per text) against
    may_match (a search per key set), for every prefilter of the rules."""
    folded = fold(text)
    present = KEY_FINDER.present(text, folded)
    bits = KEY_FINDER.bits(present)
    assert KEY_FINDER.text_bits(text, folded) == bits  # read per token, without the set of keys
    for prefilter in RULE_PREFILTERS:
        assert prefilter.may_match_keys(present) == prefilter.may_match(text, folded), (text, prefilter.pattern.pattern)
        need = KEY_FINDER.need(prefilter)
        assert (bits & need == need) == prefilter.may_match(text, folded), (text, prefilter.pattern.pattern)
    own = FigureRules.default().prefilters
    figure_present = own.keys.present(text, folded)  # the finder the figure rules build, on their prefilters
    for prefilter in RULE_PREFILTERS[: len(RULE_PREFILTERS) - len(dates_module.load_rules().prefilters)]:
        assert prefilter.may_match_keys(figure_present) == prefilter.may_match(text, folded), (text, prefilter.pattern.pattern)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="aeiorstn 0123456789,.İKſ£%", max_size=6)), max_size=14).map("".join)
)
def test_the_figure_rules_needs_give_what_may_match_gives(text: str) -> None:
    """The key-set bits of a text against the need of each prefilter the
    figure extraction reads per sentence (``_Needs``, in pattern order)
    give what ``may_match`` gives."""
    own = FigureRules.default().prefilters
    folded = fold(text)
    bits = own.keys.bits(own.keys.present(text, folded))
    assert own.keys.text_bits(text, folded) == bits
    needs = own.needs
    paired = [
        *zip(own.masks, needs.masks),
        *zip((p for _, p in own.quantity), needs.quantity_parts),
        *zip(own.cues, needs.cues),
        *zip(own.scopes, needs.scopes),
        (own.any_scope, needs.any_scope),
        (own.implied, needs.implied),
        (own.any_cue, needs.any_cue),
        (own.any_count, needs.any_count),
        *zip(own.named, needs.named),
        (own.plural, needs.plural),
        *zip(own.plans, needs.plans),
        *((own.definite, needs.definite),) * (own.definite is not None),
        *((own.negated, needs.negated),) * (own.negated is not None),
    ]
    assert len(paired) > 60
    for prefilter, need in paired:
        assert (bits & need == need) == prefilter.may_match(text, folded), (text, prefilter.pattern.pattern)


def test_key_set_bits_of_a_real_sentence() -> None:
    prefilters = [Prefilter(re.compile(p, re.I)) for p in (r"\barrested\b", r"\b(?:charged|jailed)\b", r"\d+\s+victims")]
    finder = KeyFinder(prefilters)
    sentence = "Two men were arrested and 12 victims were safeguarded."
    bits = finder.bits(finder.present(sentence, fold(sentence)))
    needs = [finder.need(p) for p in prefilters]
    assert all(needs) and needs[0] != needs[1]
    assert [bits & need == need for need in needs] == [True, False, True]
    assert finder.need(Prefilter(re.compile(r"."))) == 0  # no key sets: may match anywhere
    # keys inside tokens with punctuation and across case: the same bits as per word
    for text in ("(ARRESTED), jailed.", "arrested\u00a0and\tcharged; 12\nvictims", ""):
        assert finder.text_bits(text, fold(text)) == finder.bits(finder.present(text, fold(text)))


def test_key_finder_sees_overlapping_and_nested_keys() -> None:
    finder = KeyFinder([Prefilter(re.compile(p, re.I)) for p in (r"\barrest", r"\barrested\b", r"rested", r"\bsentencing ")])
    assert {k for k, _ in finder.present("ARRESTED", "arrested")} >= {"arrest", "arrested", "rested"}
    assert not {k for k, _ in finder.present("sentencing.", "sentencing.")} & {"sentencing "}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=10).map("".join), st.sampled_from(range(len(RULE_PREFILTERS))))
def test_required_literals_never_skip_a_match(text: str, index: int) -> None:
    pattern = RULE_PREFILTERS[index].pattern
    clauses = required_literals(pattern)
    if any(not any(literal in text for literal in clause) for clause in clauses):
        assert pattern.search(text) is None


def test_the_rules_get_prefilters_when_the_internals_are_there() -> None:
    assert internals_available()
    assert sum(bool(p.sets) for p in RULE_PREFILTERS) > len(RULE_PREFILTERS) // 2
    assert required_literals(re.compile(r"National Crime Agency")) == (("National Crime Agency",),)


# ------------------------------------------- fallback: no re internals, same results

SENTENCES = (
    "Ten men were arrested in Luton. A further four were apprehended in Romania. "
    "Officers visited 30 addresses and more than 40 victims were safeguarded. "
    "Last year 300 people were arrested across the county. Smith, 34, was jailed for six years."
)


def test_pattern_reach_is_the_reach_a_prefilter_reads() -> None:
    """The reach alone (the agency cues need no keys) equals a full prefilter's, on every pattern
    of the packaged rules and on the bounded and unbounded shapes."""
    from releasekit.extract.agencies import Gazetteer, _compiled

    rules = FigureRules.load(packaged_path("figure_rules.yaml"))
    comp = _compiled(Gazetteer.load(packaged_path("agencies.yaml")))
    patterns = [p.pattern for p in rules.prefilters.cues + rules.prefilters.scopes + rules.prefilters.masks]
    patterns += [regex for _, regex in comp.before] + list(comp.before_any.values())
    patterns += [re.compile(p) for p in (r"\bled by\s+", r"(?:a|b)+", r"x*", r"\d{1,3}(?:,\d{3})*", r"\s+and\s+the\b", "")]
    reaches = [pattern_reach(p) for p in patterns]
    assert reaches == [Prefilter(p).reach for p in patterns]
    assert pattern_reach(re.compile(r"\bled by\s+")) == (9, 1)  # "\b" counts 2, "led by" 6, a run of spaces 1 + W
    assert pattern_reach(re.compile(r"(?:a|b)+")) is None and pattern_reach(re.compile("x*")) is None
    assert any(r is not None for r in reaches) and any(r is None for r in reaches)


@pytest.fixture()
def no_internals(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a Python whose ``re`` internals moved: the import found nothing."""
    monkeypatch.setattr(prefilter_module, "_sre_parse", None)


def test_without_internals_there_is_no_prefilter_and_the_same_matches(no_internals: None) -> None:
    assert not internals_available()
    pattern = re.compile(r"\b(?:arrested|detained)\b", re.I)
    bare = Prefilter(pattern)
    assert bare.sets == () and bare.anchor is None and bare.may_match("nothing here", "nothing here")
    text = "Two were Arrested; one was detained."
    assert [m.span() for m in bare.finditer(text, fold(text), 1)] == [m.span() for m in pattern.finditer(text)]
    assert first_char_prefilter(r";|\s[-–]\s", re.I) == r";|\s[-–]\s"
    assert required_literals(re.compile("National Crime Agency")) == ()
    assert pattern_reach(re.compile(r"\bby\s+officers\b")) is None  # unbounded: the whole text is searched


def test_without_internals_extraction_gives_the_same_figures(no_internals: None) -> None:
    without = FigureRules.load(packaged_path("figure_rules.yaml"))
    assert all(not p.sets for p in without.prefilters.cues)
    assert not without.clause_boundary.pattern.startswith("(?=[")
    sentences = split_sentences(SENTENCES)
    assert extract_figures(SENTENCES, sentences, rules=without) == extract_figures(SENTENCES, sentences)


def test_a_parser_that_fails_gives_no_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        @staticmethod
        def parse(pattern: str, flags: int = 0) -> None:
            raise AttributeError("internals changed shape")

    monkeypatch.setattr(prefilter_module, "_sre_parse", Broken)
    assert internals_available()
    pattern = re.compile(r"\barrested\b", re.I)
    assert Prefilter(pattern).sets == ()
    assert first_char_prefilter(r"\s+and\b", re.I) == r"\s+and\b"
    assert required_literals(re.compile("Police")) == ()


# ------------------- figure patterns behind a first-character lookahead: same matches


def _lookahead_pairs() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """(plain, as compiled by the rules) for the figure patterns that the
    rules compile behind a first-character lookahead."""
    rules = FigureRules.default()
    numbers = rules.raw["numbers"]
    pairs = []
    for compiled, rule in (
        (rules.definite, numbers.get("definite")),
        (rules.negated, numbers.get("negated")),
        (rules.age_list, numbers.get("age_list")),
    ):
        if compiled is not None:
            plain = compiled.pattern.split(")(?:", 1)[1][:-1] if compiled.pattern.startswith("(?=[") else compiled.pattern
            assert plain == rule["pattern"]
            pairs.append((re.compile(rule["pattern"], compiled.flags), compiled))
    if rules.neutral is not None:
        pairs.append((re.compile("|".join(rules.raw["neutral_predicates"]["patterns"]), re.I), rules.neutral))
    return pairs


LOOKAHEAD_PAIRS = _lookahead_pairs()


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS + ["The man", "the woman, who", "have not been charged", "men aged 20, 31 and 40", "referred to immigration", "several", "dozens of", "twenty-one", "a couple of", "an", "another"]), st.text(alphabet="aeiorstnTA 0123456789,.İKſ£%-", max_size=6)), max_size=14).map("".join),
    st.sampled_from(range(len(LOOKAHEAD_PAIRS))),
)
def test_lookahead_rule_patterns_find_what_the_plain_ones_find(text: str, index: int) -> None:
    plain, compiled = LOOKAHEAD_PAIRS[index]
    assert [(m.span(), m.groupdict()) for m in compiled.finditer(text)] == [(m.span(), m.groupdict()) for m in plain.finditer(text)]


# --------------- quantities: alternatives searched one by one = the alternation

QUANTITY_TEXT = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS + [
            "a dozen", "a couple of", "several", "dozens of", "twenty-one", "one hundred and five", "No arrests",
            "an", "another man", "a further three", "the man's", "his", "1,660", "arrested11", "2,000 and 30",
            "hundreds of", "none", "zero", "a handful of", "A", "Three", "seven-year", "£5", "10.5",
        ]),
        st.text(alphabet="adnehtoswr 0123456789,.-'İ", max_size=6),
    ),
    max_size=14,
).map(" ".join)


def _quantity_reference(text: str) -> list[tuple[object, ...]]:
    """The matches as the factored alternation of the quantity parts gives
    them (how the quantities were found before they were searched one by one)."""
    from releasekit.extract.figures import _factor_boundary

    rules = FigureRules.default()
    parts = tuple(part for part, _ in rules.prefilters.quantity)
    return [(m.span(), m.lastgroup, m.group()) for m in re.compile(_factor_boundary(parts), re.I).finditer(text)]


@settings(max_examples=500, deadline=None)
@given(QUANTITY_TEXT)
def test_quantities_searched_one_by_one_are_the_alternation_matches(text: str) -> None:
    from releasekit.extract.figures import _quantity_matches

    rules = FigureRules.default()
    keys = rules.prefilters.keys
    bits = keys.bits(keys.present(text, fold(text)))
    found = [(m.span(), m.lastgroup, m.group()) for m in _quantity_matches(text, bits, rules)]
    assert found == _quantity_reference(text)
    assert found == [(m.span(), m.lastgroup, m.group()) for m in rules.quantity.finditer(text)]


def test_quantities_one_by_one_on_adjacent_and_tied_matches() -> None:
    from releasekit.extract.figures import _quantity_matches

    rules = FigureRules.default()
    for text in ("a dozen men", "A couple of 20 3,000 twenty-one", "no one", "another 2", "several hundred people", "12 13 14"):
        keys = rules.prefilters.keys
        bits = keys.bits(keys.present(text, fold(text)))
        found = [(m.span(), m.lastgroup, m.group()) for m in _quantity_matches(text, bits, rules)]
        assert found == _quantity_reference(text) != []


SCOPE_FRAGMENTS = FRAGMENTS + [
    "since January", "last year", "in 2019", "this morning", "will help", "Notes to editors", "so far this year",
    "following the imprisonment of", "earlier this year", "between May and June", "today", "during 2019",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SCOPE_FRAGMENTS), min_size=1, max_size=10), st.data(), st.booleans())
def test_scope_of_a_clause_read_with_its_sentence_keys_is_its_own(pieces: list[str], data: st.DataObject, after_lead: bool) -> None:
    """A clause's scope read with the keys of its sentence (a superset of
    its own) is the scope read from the clause alone."""
    from releasekit.extract.figures import _read_scope

    rules = FigureRules.default()
    sentence = " ".join(pieces)
    lo = data.draw(st.integers(0, len(sentence)))
    hi = data.draw(st.integers(lo, len(sentence)))
    keys = rules.prefilters.keys
    within = keys.bits(keys.present(sentence, fold(sentence)))
    clause = sentence[lo:hi]
    assert _read_scope(clause, rules, after_lead, within) == _read_scope(clause, rules, after_lead)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "1", ".", " ", "\n", "\t", "\r", "\xa0", "\u2003", "\x1c", "\u200b"]), max_size=60))
def test_longest_space_run_is_the_longest_run_of_whitespace(text: str) -> None:
    """At least 1, else the longest run of characters ``str.isspace`` (and ``\\s``) holds."""
    runs = [len(list(run)) for space, run in itertools.groupby(text, str.isspace) if space]
    assert longest_space_run(text) == max([1, *runs])


@pytest.mark.parametrize(
    "source, flags",
    [(r"\b(?:arrested|detained)\b|\bcharged\b", re.I), (r"(?<![\w-])(?:safeguarded|rescued)\b", re.I), (r"\d+ men", 0)],
)
def test_a_prefilter_for_keys_reads_the_same_keys_and_compiles_only_when_run(source: str, flags: int) -> None:
    eager = Prefilter(re.compile(source, flags))
    lazy = Prefilter.for_keys(source, flags)
    assert [k.keys for k in lazy.sets] == [k.keys for k in eager.sets] and lazy.reach == eager.reach
    assert lazy._pattern is None  # nothing compiled while its keys gate other patterns
    text = "Two men were arrested and charged; 4 men were rescued."
    spans = [m.span() for m in lazy.finditer(text, fold(text), longest_space_run(text))]
    assert spans and spans == [m.span() for m in eager.finditer(text, fold(text), longest_space_run(text))]
    assert lazy.pattern is lazy.pattern and lazy.pattern.pattern == source  # compiled once, on first use


def test_a_prefilter_for_keys_of_a_bad_pattern_fails_when_run() -> None:
    lazy = Prefilter.for_keys("(?:unclosed", 0)
    assert lazy.sets == ()
    with pytest.raises(re.error):
        lazy.pattern


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="abc ", min_size=1, max_size=6), st.sampled_from(["fold", "case"])), max_size=40))
def test_pruning_drops_exactly_the_keys_that_hold_another(keys: list[tuple[str, str]]) -> None:
    """_pruned (which looks up substrings in large sets) equals the pairwise definition."""
    from releasekit.extract.prefilter import _pruned

    given_keys = frozenset(keys)
    expected = frozenset((k, m) for k, m in given_keys if not any(m2 == m and k2 != k and k2 in k for k2, m2 in given_keys))
    assert _pruned(given_keys) == expected


# ------------------------------------------------ alternatives that share a lead

from releasekit.extract.prefilter import WHITESPACE, grouped_alternation  # noqa: E402

import yaml  # noqa: E402

#: The clause boundaries of the packaged rules, as written (each an alternative).
BOUNDARIES = yaml.safe_load(open(packaged_path("figure_rules.yaml"), encoding="utf-8").read())["clauses"]["boundaries"]

#: Alternatives of the kinds grouped_alternation meets: shared leads, a rest that may start with
#: whitespace, a single ``\s`` lead, a back-reference, named groups, a lookahead rest.
SYNTHETIC = [
    r"\s+and\s+(?=\d)", r",\s+who\b", r"\s\(", r"\s+(?P<w>which)\b", r",?\s+since\b", r"\s+\s*x",
    r"\s+(?=(?:for|with)\s+\d)", r"(a)\s+\1", r"\b(?:were|was)\s+and", r",\s+(?=\d)", r"\s+and\b",
]


def test_whitespace_is_every_character_backslash_s_matches() -> None:
    assert set(WHITESPACE) == {chr(c) for c in range(0x110000) if re.match(r"\s", chr(c))}


def test_the_clause_boundaries_share_their_leads() -> None:
    grouped = grouped_alternation(BOUNDARIES, re.I)
    plain = "|".join(f"(?:{b})" for b in BOUNDARIES)
    leads = sum(b.startswith(r"\s+") for b in BOUNDARIES)
    assert leads >= 4 and grouped.count(r"(?:\s+") < plain.count(r"(?:\s+") - 2  # written once per group
    assert load_rules().clause_boundary.pattern.endswith("(?:" + grouped + ")")


def _spans_and_names(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


BOUNDARY_PIECES = [
    " ", "  ", ", ", ",", "; ", " - ", " – ", " (", ")", "\n", "\xa0", "and ", "who ", "which ", "while ",
    "since ", "has since ", "were ", "was ", "three ", "4 ", "two of whom ", "for trafficking ",
    "relating to ", "identifying ", "on Tuesday ", "men ", "arrested ", "up from ", "jailed", "x", "a",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BOUNDARY_PIECES), max_size=25).map("".join))
def test_grouped_clause_boundaries_match_what_the_plain_alternation_matches(text: str) -> None:
    plain = re.compile("|".join(f"(?:{b})" for b in BOUNDARIES), re.I)
    grouped = re.compile(grouped_alternation(BOUNDARIES, re.I), re.I)
    assert _spans_and_names(grouped, text) == _spans_and_names(plain, text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(SYNTHETIC), min_size=1, max_size=7, unique=True),
    st.text(alphabet=" ,(x\t1anwhichsdforteuslma", max_size=40),
)
def test_grouped_alternatives_match_what_the_plain_alternation_matches(branches: list[str], text: str) -> None:
    plain = re.compile("|".join(f"(?:{b})" for b in branches), re.I)
    grouped = re.compile(grouped_alternation(branches, re.I), re.I)
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert _spans_and_names(grouped, text) == _spans_and_names(plain, text)


def test_an_alternative_is_grouped_only_where_the_match_cannot_change() -> None:
    # a rest that may start with whitespace, a back-reference: never grouped
    assert grouped_alternation([r"\s+a", r"\s+\s*x"]) == r"(?:\s+a)|(?:\s+\s*x)"
    assert grouped_alternation([r"\s+a", r"(b)\s+\1"]) == r"(?:\s+a)|(?:(b)\s+\1)"
    # no moving past an alternative that can start where the lead starts ...
    assert grouped_alternation([r"\s+a", r"\s\(", r"\s+b"]) == r"(?:\s+a)|(?:\s\()|(?:\s+b)"
    # ... but past one that cannot
    assert grouped_alternation([r"\s+a", r",\s+c", r"\s+b"]) == r"(?:\s+(?:(?:a)|(?:b)))|(?:,\s+c)"
    text = "x  b, c \tb"
    plain, grouped = re.compile(r"(?:\s+a)|(?:,\s+c)|(?:\s+b)"), re.compile(grouped_alternation([r"\s+a", r",\s+c", r"\s+b"]))
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)] == [(1, 4), (4, 7), (7, 10)]


def test_without_internals_the_alternation_is_plain(no_internals: None) -> None:
    assert grouped_alternation([r"\s+a", r"\s+b"]) == r"(?:\s+a)|(?:\s+b)"
