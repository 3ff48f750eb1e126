"""Fast paths of the agency, kind and event-date extractors give what the plain algorithm gives.

Each speed-up that replaces an algorithm (issue 15) is checked here against
the algorithm it replaced, on generated inputs built from the words the
rules look for (cue words, agency names, countries, whitespace runs and
punctuation), so that the cases the rules care about are hit often.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.extract.agencies import (
    _LEADING_PAREN,
    _LIST_COLON,
    _OWNED_UNIT,
    _compiled,
    _Containment,
    _cue_role,
    _pattern_candidates,
    load_gazetteer,
)
from releasekit.extract.dates import DateRules, _best_candidate, _candidates, _matches
from releasekit.extract.kind import _PREFILTER_AFTER, KindRules, _first_cue, _override, _prefilters
from releasekit.extract.prefilter import fold, longest_space_run
from releasekit.text import split_sentences

GAZETTEER = load_gazetteer()
COMP = _compiled(GAZETTEER)
KIND_RULES = KindRules.default()
KIND_PATTERNS = [pattern for _, _, pattern in (*KIND_RULES.overrides, *KIND_RULES.rules)]

#: Pieces of text the cue, country and kind rules react to, and separators.
FRAGMENTS = [
    "officers from ", "working with ", "alongside ", "supported by ", "report it to ", "contact ",
    "call ", "the ", "a team from: ", "team: ", "with the support of ", "joined ", "in partnership with ",
    "Kent Police", "the National Crime Agency", "Border Force", "police in ", "Romania", "Spain",
    "the Republic of Ireland", "Czech  Republic", "law enforcement partners from ", "and ", ", ",
    ".", ";", ":", "\n", "  ", "\t\t\t", " ", "(GLAA) ", "'s ", "arrested ", "charged ", "jailed ",
    "court ", "last year ", "12 ", "victims ", "statistics ", "warrant ", "ſ", "K", "İ", "x", "-",
    "’s own team ", ")", "(", " (NCA)", "\u00a0", " officers ", "-led ", " on 0800 555 111", " website ",
]
texts = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)


def _cue_role_plain(before: str, after: str) -> tuple[str, str]:
    """The cue role as it was read before the fast paths: every regex searched
    over all of ``before``, every substitution tried."""
    before = _LIST_COLON.sub(r"\1\2", before)
    found = {"involved": None, "contact": None}
    absent = {role for role, regex in COMP.before_any.items() if not regex.search(before)}
    for cue, regex in COMP.before:
        if found[cue.role] is None and cue.role not in absent and regex.search(before):
            found[cue.role] = cue.name
    after = _LEADING_PAREN.sub("", _OWNED_UNIT.sub("", after))
    for cue, regex in COMP.after:
        if found[cue.role] is None and regex.match(after):
            found[cue.role] = cue.name
    for role in ("involved", "contact"):
        if found[role]:
            return role, found[role]
    return "mentioned", ""


@settings(max_examples=400, deadline=None)
@given(texts, texts, texts)
def test_cue_role_tail_search_same_as_full_search(prefix: str, before: str, after: str) -> None:
    # ``space_run`` comes from the whole body, which holds ``before`` (here: prefix + before + after)
    body = prefix + before + after
    assert _cue_role(before, after, COMP, longest_space_run(body)) == _cue_role_plain(before, after)
    assert _cue_role(before, after, COMP) == _cue_role_plain(before, after)


def _covers_plain(spans: list[tuple[int, int]], start: int, end: int, longer: bool) -> bool:
    return any(s <= start and end <= e and ((e - s) > (end - start) or not longer) for s, e in spans)


spans = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1])), max_size=12)


@settings(max_examples=500, deadline=None)
@given(spans, st.integers(0, 30), st.integers(0, 12), st.booleans())
def test_containment_same_as_scan(found: list[tuple[int, int]], start: int, width: int, longer: bool) -> None:
    end = start + width
    assert _Containment(found).covers(start, end, longer=longer) == _covers_plain(found, start, end, longer)


def _pattern_candidates_gated_first(body: str) -> list:
    """The old order: one search for any country first; without one, no countries pattern runs."""
    has_country = COMP.country_re is not None and COMP.country_re.search(body) is not None
    countries = {f"pattern:{p.name}" for p in GAZETTEER.patterns if p.kind == "countries"}
    return [c for c in _pattern_candidates(body, COMP, None, GAZETTEER) if has_country or c.rule not in countries]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_country_search_only_after_a_countries_match(body: str) -> None:
    """The any-country search runs only once a countries pattern matched: same
    candidates as searching first ("police in Romaniaofficers" has a countries
    match but no country as a whole word: no candidate either way)."""
    assert list(_pattern_candidates(body, COMP, None, GAZETTEER)) == _pattern_candidates_gated_first(body)


def test_countries_match_without_a_whole_word_country_gives_no_candidate() -> None:
    body = "police in Romaniaofficers from Kent"
    rules = {c.rule for c in _pattern_candidates(body, COMP, None, GAZETTEER)}
    assert "pattern:police_of_countries" not in rules
    assert "pattern:police_of_countries" in {c.rule for c in _pattern_candidates("police in Romania.", COMP, None, GAZETTEER)}


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(range(len(KIND_PATTERNS))))
def test_kind_keys_never_skip_a_part_the_pattern_matches(part: str, index: int) -> None:
    """A part is searched unless its key bits lack what the pattern needs: then the pattern cannot match it."""
    pattern = KIND_PATTERNS[index]
    keys = KIND_RULES.keys()
    needs = dict(zip([p for _, _, p in (*KIND_RULES.overrides, *KIND_RULES.rules)], (*keys.overrides, *keys.rules)))
    bits = keys.finder.text_bits(part, fold(part))
    if pattern.search(part) is not None:
        assert bits & needs[pattern] == needs[pattern]
    assert (bits & needs[pattern] == needs[pattern]) == KIND_RULES.prefilters()[pattern].may_match(part, fold(part))


# --------------------------------------------------------------- event date

DATE_FRAGMENTS = [
    "On 3 March 2023 ", "on Tuesday ", "yesterday ", "last week ", "12/05/2022 ", "4th June ", "in 2019 ",
    "officers arrested ", "two men ", "were charged ", "will appear at court on 5 May ", "published 1 May 2023",
    "Anti-Slavery Day ", "today ", "\u201c", "\u201d", "\"", "said ", ". ", ".\n", "\n\n", ", ", "bail until 9 July ",
    "a raid ", "victims were safeguarded ", "Published: 2 June 2023\n", "the campaign ",
]
date_texts = st.lists(st.sampled_from(DATE_FRAGMENTS), max_size=20).map("".join)


def _best_by_min(body: str, published: dt.date | None, precision: str):
    """The old way: every candidate built, then the lowest (rank, start) of the ranked and resolved ones."""
    rules = DateRules.default()
    sentences = split_sentences(body)
    ranked = [c for c in _candidates(body, sentences, _matches(body, rules), published, precision, rules, reasons=False)
              if c.rank is not None and c.date is not None]
    return min(ranked, key=lambda c: (c.rank, c.start)) if ranked else None


@settings(max_examples=400, deadline=None)
@given(date_texts, st.sampled_from([None, dt.date(2023, 6, 14)]), st.sampled_from(["day", "month"]))
def test_best_date_candidate_same_as_min_over_all(body: str, published: dt.date | None, precision: str) -> None:
    rules = DateRules.default()
    sentences = split_sentences(body)
    new = _best_candidate(body, sentences, _matches(body, rules), published, precision, rules)
    old = _best_by_min(body, published, precision)
    key = lambda c: c and (c.date, c.start, c.end, c.evidence, c.rule, c.agrees, c.sentence_id, c.rank)  # noqa: E731
    assert key(new) == key(old)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_kind_cues_with_prefilters_same_as_without(part: str) -> None:
    bits = KIND_RULES.keys().finder.text_bits(part, fold(part))
    assert _override(part, KIND_RULES, bits) == _override(part, KIND_RULES, None)
    assert _first_cue(part, KIND_RULES, bits) == _first_cue(part, KIND_RULES, None)


def _kind_rules_path():
    from releasekit.rulefiles import packaged_path

    return packaged_path("kind_rules.yaml")


def test_kind_prefilters_built_after_the_break_even_number_of_parts() -> None:
    rules = KindRules.load(_kind_rules_path())
    assert _prefilters(rules, _PREFILTER_AFTER - 1) is None
    assert _prefilters(rules, 1) is not None
    assert _prefilters(rules, 0) is rules.keys()


# --------------------------------------------------------------------------
# Quotes: speaker phrases read from their end

from releasekit.extract.quotes import QuoteRules, _drop_postnominals, _role_org  # noqa: E402

QUOTE_PATTERNS = QuoteRules.default()._patterns
SPEAKER_FRAGMENTS = [
    "MP", "QPM", "OBE", "KC", "M", "P", "Q", " ", "  ", "\t", "\n", "\u00a0", "\x1c", ",", ", ", "of", "at",
    "the", "Of The", " of the ", " at the ", "Head", "Chief Constable", "Smith", "Jane", "Police", "Home Office",
    "GLAA", "’s", "'s", ".", "-", "é", "x",
]
speaker_texts = st.lists(st.sampled_from(SPEAKER_FRAGMENTS), max_size=30).map("".join)


def _role_org_plain(text: str) -> tuple[str | None, str | None]:
    """_role_org before the of_the_key gate: the "of the" split always tried."""
    import re

    text = text.strip(" ,")
    if not text:
        return None, None
    if QUOTE_PATTERNS.role.fullmatch(text):
        return text, None
    of_the = re.match(r"(?P<role>.+?)\s+(?:of|at)\s+the\s+(?P<org>.+)$", text)
    if of_the and QUOTE_PATTERNS.role.search(of_the["role"]):
        return of_the["role"], of_the["org"]
    org = QUOTE_PATTERNS.org.match(text)
    if org:
        return (org["rest"].strip() or None), org["org"]
    return text, None


@settings(max_examples=1000, deadline=None)
@given(speaker_texts)
def test_postnominals_dropped_from_the_end_same_as_everywhere(segment: str) -> None:
    assert _drop_postnominals(segment, QUOTE_PATTERNS) == QUOTE_PATTERNS.postnominals.sub("", segment)


@settings(max_examples=1000, deadline=None)
@given(speaker_texts)
def test_role_org_gated_same_as_plain(text: str) -> None:
    assert _role_org(text, QUOTE_PATTERNS) == _role_org_plain(text)


# --------------------------------------------------------------------------
# Agencies: cue searches with a word run ("[a-z]+ly", "\w+") read only the tail

from releasekit.extract.agencies import _tail_from  # noqa: E402

WORD_CUE_FRAGMENTS = [
    "working ", "worked ", "partnered ", "liaising ", "very ", "closely ", "really ", "extraordinarily ",
    "Supercalifragilisticexpialidociously ", "hard ", "together ", "in partnership ", "with ", "alongside ",
    "officers ", "staff ", "teams ", "and ", "& ", "colleagues ", "from ", "of ", "at ", "in ", "assisted ",
    "supported ", "by ", "the ", "Kent Police ", "Detective Chief Inspector Smith Of The ", "x" * 60, "ſ", "K",
    "\u00a0", " ", "   ", "\t" * 9, "\n", ".", ":", ";", ",", "’", "-", "é", "_", "0123456789",
]
long_texts = st.lists(st.sampled_from(WORD_CUE_FRAGMENTS), max_size=90).map("".join)
#: A cue with long words, as long as a match can be: "working Super...ly ... with" + a tail.
_long_word = st.sampled_from(["Supercalifragilisticexpialidociously", "x" * 58 + "ly", "very", "hard", "ſ" * 40 + "ly"])
_space = st.sampled_from([" ", " ", " ", "  ", "\t" * 9, "\u00a0"])
long_cues = st.builds(
    lambda lead, verb, words, spaces, end, tail: lead + verb + "".join(w + s for w, s in zip(words, spaces)) + end + tail,
    st.sampled_from(["", "Detective Chief Inspector Smith Of The ", "x" * 60 + " and "]),
    st.sampled_from(["working ", "collaborating ", "officers ", "staff and ", "teams & ", "co-operating\t\t"]),
    st.lists(_long_word, min_size=2, max_size=4),
    st.lists(_space, min_size=4, max_size=4),
    st.sampled_from(["with", "alongside", "from", "in", "Supercalifragilisticexpialidociously from"]),
    st.text(alphabet=" abcxyz.\n", max_size=50),
)
cue_texts = st.one_of(long_texts, long_cues)


@settings(max_examples=600, deadline=None)
@given(long_texts, cue_texts, st.sampled_from([*COMP.word_reaches]) if COMP.word_reaches else st.nothing())
def test_word_run_tail_search_same_as_full_search(prefix: str, before: str, regex) -> None:  # type: ignore[no-untyped-def]
    body = prefix + before
    token_run = lambda: max(map(len, body.split()), default=0)  # noqa: E731
    cut = _tail_from(regex, before, COMP, longest_space_run(body), token_run)
    fast, plain = regex.search(before, cut), regex.search(before)
    assert (fast and fast.span()) == (plain and plain.span())


@settings(max_examples=400, deadline=None)
@given(long_texts, cue_texts, texts)
def test_cue_role_with_word_runs_same_as_full_search(prefix: str, before: str, after: str) -> None:
    body = prefix + before + after
    token_run = lambda: max(map(len, body.split()), default=0)  # noqa: E731
    assert _cue_role(before, after, COMP, longest_space_run(body), token_run) == _cue_role_plain(before, after)


def test_the_word_run_cues_have_a_word_reach() -> None:
    # the cues with "[a-z]+ly" and "\w+" are bounded by the longest non-space run (else no fast path)
    assert any("[a-z]+ly" in regex.pattern for regex in COMP.word_reaches)
    assert any(r"\w+" in regex.pattern for regex in COMP.word_reaches)


@settings(max_examples=500, deadline=None)
@given(long_texts, cue_texts, st.integers(0, 400), st.sampled_from(sorted(COMP.before_any)))
def test_any_cue_keys_first_same_as_search(prefix: str, before: str, start: int, role: str) -> None:
    from releasekit.extract.agencies import _any_cue_search

    text = prefix + before
    regex = COMP.before_any[role]
    start = min(start, len(text))
    assert _any_cue_search(regex, text, start, COMP.before_any_keys[role]) == (regex.search(text, start) is not None)


# --------------------------------------------------------------------------
# Event date: context words of a long sentence looked for by their keys first

from releasekit.extract.dates import _BodyIndex  # noqa: E402

CONTEXT_FRAGMENTS = [
    "arrested ", "raided ", "warrant ", "executed ", "safeguarded ", "operation ", "carried out ", "took place ",
    "launched ", "began ", "back in ", "last year ", "previously ", "for example ", "Anti-Slavery Day ",
    "national modern slavery awareness day ", "world day ", "day against ", "timestamp ", "TIMESTAMP ",
    "on 3 March 2023, ", "3/03/2021 and Tuesday 3th June ", "ſ", "K", "İ", "\u00a0", " ", "\n", ".", "x" * 80,
]
context_texts = st.lists(st.sampled_from(CONTEXT_FRAGMENTS), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(context_texts)
def test_context_words_keys_first_same_as_search(text: str) -> None:
    rules = DateRules.default()
    plain = (
        "timestamp" in text.lower(),
        bool(rules.background.search(text)),
        bool(rules.action_strong.search(text)),
        bool(rules.action_weak.search(text)),
        bool(rules.campaign.search(text)),
    )
    assert _BodyIndex(text).context_words(0, text, rules) == plain


# --------------------------------------------------------------------------
# Agencies: one KeyFinder per body gates every prefiltered pattern; the alias
# scan consumes the character before a word instead of looking behind

import re  # noqa: E402

from releasekit.extract.agencies import _ALIAS_BEFORE, _alias_spans, _excluded_spans  # noqa: E402

#: Aliases glued to what may precede them: start of text, word characters,
#: the apostrophes and hyphen that count as word characters, punctuation.
ALIAS_FRAGMENTS = [
    *FRAGMENTS, "NCA", "GLAA", "Met", "Police Scotland", "Europol", "Salvation Army", "Home Office",
    "’", "'", "x-", "—", "/", "\"", "NCA’s ", "Kent-Police", "Kent Police’s", "un", "CPS", "Crown Prosecution Service",
]
alias_texts = st.lists(st.sampled_from(ALIAS_FRAGMENTS), max_size=25).map("".join)


@settings(max_examples=600, deadline=None)
@given(alias_texts)
def test_alias_scan_same_as_look_behind(body: str) -> None:
    assert COMP.alias_re.pattern.startswith(_ALIAS_BEFORE)
    plain = re.compile(r"(?<![\w’'\-])" + COMP.alias_re.pattern[len(_ALIAS_BEFORE):])
    assert list(_alias_spans(body, COMP)) == [m.span(1) for m in plain.finditer(body)]


from releasekit.extract.agencies import _alias_regex, _forms  # noqa: E402


def _plain_alias_scan() -> re.Pattern[str]:
    """Every alias regex in one plain alternation, in the priority order of the gazetteer's compile
    (longest form first): what the alias scan, dispatched on the first character and then a trie, must match."""
    regexes: dict[str, str] = {}
    for agency in GAZETTEER.agencies:
        for form in _forms(agency):
            regexes.setdefault(_alias_regex(form, agency.case_sensitive), form)
    ordered = sorted(regexes, key=lambda regex: -len(regexes[regex]))
    return re.compile(r"(?<![\w’'\-])(?=(" + "|".join(ordered) + r")(?![\w\-]|['’]\w\w))")


PLAIN_ALIAS_SCAN = _plain_alias_scan()
FORMS = sorted({form for agency in GAZETTEER.agencies for form in _forms(agency)})


def _spelt(form: str, changes: list[int]) -> str:
    """``form`` with some letters in the other case or as a case-insensitive equivalent
    ("ſ" for "s", the Kelvin sign for "k"), some spaces as hyphens or new lines."""
    out = list(form)
    for i, change in zip(range(len(out)), changes):
        char = out[i]
        if change == 1:
            out[i] = char.swapcase()
        elif change == 2 and char in "sS":
            out[i] = "ſ"
        elif change == 3 and char in "kK":
            out[i] = "\u212a"
        elif change == 4 and char == " ":
            out[i] = "-"
        elif change == 5 and char == " ":
            out[i] = "\n"
    return "".join(out)


spelt_alias_texts = st.lists(
    st.one_of(
        st.sampled_from(ALIAS_FRAGMENTS),
        st.builds(_spelt, st.sampled_from(FORMS), st.lists(st.integers(0, 8), max_size=40)),
        st.sampled_from(FORMS).map(str.lower),
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=600, deadline=None)
@given(spelt_alias_texts)
def test_alias_scan_as_a_trie_same_as_plain_alternation(body: str) -> None:
    assert list(_alias_spans(body, COMP)) == [m.span(1) for m in PLAIN_ALIAS_SCAN.finditer(body)]


def test_alias_scan_shares_the_pieces_aliases_start_with() -> None:
    # "the" reads "t", "h", "e" and the spaces once, whatever follows: Salvation Army, Home Office, ...
    assert re.search(r"\[hH\](?:\(\?:)?\[eE\](?:\(\?:)?\[\\s\\-\]\+\(\?:", COMP.alias_re.pattern)
    assert "[sSſ]" in COMP.alias_re.pattern
    body = "Officers said the Salvation Army and SALVATION ARMY and ſalvation army helped; Kent Police too."
    found = [body[s:e] for s, e in _alias_spans(body, COMP)]
    assert found == [body[m.start(1):m.end(1)] for m in PLAIN_ALIAS_SCAN.finditer(body)]
    assert "Salvation Army" in found and "Kent Police" in found


from releasekit.extract.agencies import _alias_tokens, _alias_trie, _literal  # noqa: E402

#: Forms that share pieces, end where another goes on, differ in case only, or go on with a piece
#: that may match nothing (an apostrophe, a hyphen).
TRIE_FORMS = ["ab", "abc", "a b", "a-b", "A b", "ab c", "a's", "a’s x", "a and b", "aB", "a  b", "b", "ab-c", "a.b", "aéb", "aÉ c"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(TRIE_FORMS), st.booleans()), min_size=1, max_size=6, unique_by=lambda t: t[0]),
    st.text(alphabet="abcABxéÉ .-'’&\n", max_size=14),
)
def test_alias_trie_matches_what_the_plain_alternation_matches(forms: list[tuple[str, bool]], text: str) -> None:
    members = []
    for form, ignore_case in forms:
        tokens = _alias_tokens(_literal(form))
        assert tokens is not None and "".join(tokens) == _literal(form)
        members.append((tokens, ignore_case))
    plain = "|".join(f"(?i:{_literal(f)})" if ic else _literal(f) for f, ic in forms)
    end = r"(?![\w\-]|['’]\w\w)"
    trie, flat = re.compile(f"(?:{_alias_trie(members)}){end}"), re.compile(f"(?:{plain}){end}")
    for at in range(len(text) + 1):
        a, b = trie.match(text, at), flat.match(text, at)
        assert (a and a.span()) == (b and b.span())


def test_alias_trie_keeps_an_ending_alias_after_the_longer_one() -> None:
    members = [(_alias_tokens(_literal(f)), True) for f in ["Kent Police Force", "Kent Police"]]
    pattern = re.compile(f"(?:{_alias_trie(members)})" + r"(?![\w\-]|['’]\w\w)")
    assert pattern.match("Kent Police Force").group() == "Kent Police Force"
    assert pattern.match("Kent Police Forces").group() == "Kent Police"  # the longer one fails at its end
    assert _alias_trie(members).count("Force") == 1 and _alias_trie(members).count("(?:") == 1  # shared pieces once


@settings(max_examples=400, deadline=None)
@given(alias_texts)
def test_key_finder_bits_never_skip_a_pattern_that_matches(body: str) -> None:
    assert COMP.finder is not None
    bits = COMP.finder.text_bits(body, fold(body))
    gated = [(c.start, c.end, c.rule) for c in _pattern_candidates(body, COMP, None, GAZETTEER, (), bits)]
    plain = [(c.start, c.end, c.rule) for c in _pattern_candidates(body, COMP, None, GAZETTEER, (), -1)]
    assert gated == plain
    assert _excluded_spans(body, COMP, bits) == _excluded_spans(body, COMP, -1)
    for regex in COMP.titles:
        assert list(map(re.Match.span, regex.finditer(body, bits))) == [m.span() for m in regex.regex.finditer(body)]


def test_alias_trie_never_moves_an_alias_past_one_that_can_start_the_same_way() -> None:
    # "a b c" (any case) may not join "ax" past "A b" (this case): at "A b c" the plain alternation
    # gives "A b", the second alias in order
    forms = [("ax", True), ("A b", False), ("a b c", True)]
    members = [(_alias_tokens(_literal(f)), ic) for f, ic in forms]
    end = r"(?![\w\-]|['’]\w\w)"
    trie = re.compile(f"(?:{_alias_trie(members)}){end}")
    flat = re.compile("(?:" + "|".join(f"(?i:{_literal(f)})" if ic else _literal(f) for f, ic in forms) + f"){end}")
    assert trie.match("A b c").span() == flat.match("A b c").span() == (0, 3)
    assert trie.match("a b c").span() == flat.match("a b c").span() == (0, 5)
    # nor past one that ends there: "a b" comes before "a b c", so at "a b c" it wins
    forms = [("a b x", True), ("a b", True), ("a b c", True)]
    members = [(_alias_tokens(_literal(f)), ic) for f, ic in forms]
    trie = re.compile(f"(?:{_alias_trie(members)}){end}")
    assert trie.match("a b c").span() == (0, 3)


def test_alias_trie_keeps_the_case_of_letters_beyond_ascii_insensitive() -> None:
    # two aliases going on with "é" in any case: "aÉb" is "aéb" for a case-insensitive alias
    forms = [("aéb", True), ("aéc x", True)]
    members = [(_alias_tokens(_literal(f)), ic) for f, ic in forms]
    trie = re.compile(f"(?:{_alias_trie(members)})" + r"(?![\w\-]|['’]\w\w)")
    assert trie.match("aÉb").span() == (0, 3) and trie.match("AÉC x").span() == (0, 5)
