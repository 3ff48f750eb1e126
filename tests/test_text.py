"""Sentences and tokens (releasekit.text): spans, the untimed Punkt, the abbreviation rules."""

from __future__ import annotations

import re
from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from releasekit import text
from releasekit.text import split_sentences

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _stock_punkt() -> PunktSentenceTokenizer:
    """NLTK's Punkt as shipped (every pattern time-limited), with our abbreviations."""
    params = PunktParameters()
    params.abbrev_types = set(text.TextRules.default().abbreviation_set)
    return PunktSentenceTokenizer(params)


def test_punkt_runs_no_time_limited_pattern() -> None:
    """Every pattern our Punkt matches with is a bare ``regex`` pattern, not NLTK's TimedPattern."""
    patterns = [
        text._PERIOD_CONTEXT,
        text._PUNKT_WORD,
        text._REALIGNMENT,
        text._RE_ELLIPSIS,
        text._RE_NUMERIC,
        text._RE_INITIAL,
        text._ASCII_SPACE,
    ]
    assert all(isinstance(p, (regex.Pattern, re.Pattern)) for p in patterns), [type(p) for p in patterns]


def test_stdlib_space_classes_are_those_of_the_regex_engine_on_every_code_point() -> None:
    """The period-context and realignment patterns run on stdlib ``re`` with ``regex``'s ``\\s`` spelled out."""
    space, non_space = re.compile(text._RE_SPACE), re.compile(text._RE_NON_SPACE)
    theirs_space, theirs_non_space = regex.compile(r"\s", regex.UNICODE), regex.compile(r"\S", regex.UNICODE)
    for point in range(0x110000):
        char = chr(point)
        assert bool(space.match(char)) == bool(theirs_space.match(char)), hex(point)
        assert bool(non_space.match(char)) == bool(theirs_non_space.match(char)), hex(point)


def test_a_pattern_with_other_classes_is_not_moved_to_stdlib_re() -> None:
    import pytest

    with pytest.raises(ValueError, match="other than"):
        text._as_stdlib(regex.compile(r"\w+\."))


def test_untimed_punkt_gives_the_spans_of_nltk_punkt_on_the_corpus() -> None:
    stock, ours = _stock_punkt(), text._punkt(text.TextRules.default().abbreviation_set)
    lines = [line for path in sorted(RAW.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    assert len(lines) > 1000
    for line in lines:
        assert ours.span_tokenize(line) == list(stock.span_tokenize(line)), line


_PIECES = st.sampled_from(
    ["Det. Insp. Smith", "Mr. Jones", "U.K.", "e.g.", "J. R.", "...", "..", ".", "?", "!", "\u201c", "\u201d",
     '"', "'", "(", ")", " ", "  ", "arrested", "Police", "12.5", "3.", "No. 4", "-", "--", "\u2019", "a.m.", "The"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join))
def test_untimed_punkt_gives_the_spans_of_nltk_punkt_on_any_line(line: str) -> None:
    assert text._punkt(text.TextRules.default().abbreviation_set).span_tokenize(line) == list(_stock_punkt().span_tokenize(line))


#: Characters that steer Punkt: sentence ends, the punctuation its word pattern and
#: realignment treat apart, ASCII and non-ASCII spaces (Punkt looks back to the last
#: ASCII one only), letters of both cases, digits, an underscore (an "initial").
_PUNKT_CHARS = st.sampled_from(list('..?!,;:"\'()[]{}-*@&#`%$ \t\r\x0b\x0c\x1c\x1f\x85\u00a0\u2003\u2028\u3000aAbBzZ09_\u2018\u2019\u201c\u201d\xab\xbb\u00e9\u00c9'))
_PUNKT_WORDS = st.sampled_from(
    ["e.g.", "U.K.", "Det.", "Insp.", "rt.hon.", "anti-Mr.", "No.", "1.", "12.5.", "-3.", ",5.", "A.", "b.", "St.", "...", ". . .", "--"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(_PUNKT_CHARS, _PUNKT_WORDS), max_size=60).map("".join))
def test_punkt_gives_the_spans_of_nltk_punkt_on_generated_characters(line: str) -> None:
    """Old (NLTK's Punkt) and new (text._Punkt) agree character by character, adversarial runs included."""
    assert text._punkt(text.TextRules.default().abbreviation_set).span_tokenize(line) == list(_stock_punkt().span_tokenize(line))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["J. R. R. A. B. C. ... .. U.K. U.S.A. ", "Det. Ch. Insp. Supt. Mr. Dr. St. No. e.g. i.e. a.m. ",
                        "x.)", "a.. ", "A. b. 1. ; ", ". " , "\u201cGo.\u201d She ", "(Sent.) Sent. "]),
       st.integers(1, 60), st.text(max_size=8))
def test_punkt_gives_the_spans_of_nltk_punkt_on_long_runs(unit: str, times: int, tail: str) -> None:
    line = (unit * times + tail).replace("\n", " ")
    assert text._punkt(text.TextRules.default().abbreviation_set).span_tokenize(line) == list(_stock_punkt().span_tokenize(line))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80).map(lambda s: s.replace("\n", " ")))
def test_punkt_gives_the_spans_of_nltk_punkt_on_any_text(line: str) -> None:
    assert text._punkt(text.TextRules.default().abbreviation_set).span_tokenize(line) == list(_stock_punkt().span_tokenize(line))


def test_sentences_are_spans_of_the_body() -> None:
    body = 'Det Ch Insp Smith said: "Go." He left.\nOfficers arrested 3 men. Mr. Jones, of the U.K. team, spoke.'
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        'Det Ch Insp Smith said: "Go."',
        "He left.",
        "Officers arrested 3 men.",
        "Mr. Jones, of the U.K. team, spoke.",
    ]
    assert all(body[s.start : s.end] == s.text for s in sentences)


# --- TextRules: the abbreviations as data -------------------------------------------------

import pytest  # noqa: E402

from releasekit.rulefiles import RuleFileError  # noqa: E402
from releasekit.text import TextRuleError, TextRules  # noqa: E402


def _write(tmp_path: Path, text_: str) -> Path:
    path = tmp_path / "text_rules.yaml"
    path.write_text(text_, encoding="utf-8")
    return path


def test_default_rules_are_the_packaged_file_and_hold_police_ranks() -> None:
    rules = TextRules.default()
    groups = dict(rules.abbreviations)
    assert {"det", "insp", "supt", "sgt", "pcso"} <= set(groups["police_ranks"])
    assert "no" in rules.abbreviation_set  # quoted in the YAML, not read as false
    assert all(isinstance(w, str) and w == w.lower() for w in rules.abbreviation_set)
    assert TextRules.default() is rules  # cached while the file is unchanged


def test_split_sentences_uses_the_rules_it_is_given(tmp_path: Path) -> None:
    body = "Sgt. Smith arrested two men. They were charged."
    assert [s.text for s in split_sentences(body)] == ["Sgt. Smith arrested two men.", "They were charged."]
    bare = TextRules.load(_write(tmp_path, "abbreviations:\n  titles: [mr]\n"))
    assert [s.text for s in split_sentences(body, rules=bare)] == ["Sgt.", "Smith arrested two men.", "They were charged."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("abbreviations:\n  titles: [mr]\nextra: 1\n", "text_rules.yaml, extra: unknown section 'extra'"),
        ("abbreviations:\n  titles: [Mr]\n", "abbreviations, rule 'titles': 'Mr' must be lower case"),
        ("abbreviations:\n  titles: [mr]\n  more: [dr, mr]\n", "rule 'more': 'mr' is listed twice (also in rule 'titles')"),
        ("abbreviations:\n  general: [st, no]\n", "rule 'general': False is not a word"),
        ("abbreviations:\n  titles: mr\n", "rule 'titles': must be a non-empty list of words"),
        ("abbreviations:\n  titles: [rt hon]\n", "'rt hon' must be lower case without spaces"),
        ("abbreviations: []\n", "abbreviations: must map group names to lists of words"),
        ("version: 2\nabbreviations:\n  titles: [mr]\n", "version: unknown version 2"),
        ("- a list\n", "not a mapping of sections"),
        ("abbreviations: [unclosed\n", "not YAML"),
    ],
)
def test_a_bad_rule_file_is_an_error_naming_file_section_and_rule(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(TextRuleError) as caught:
        TextRules.load(_write(tmp_path, content))
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "text_rules.yaml"))
    assert isinstance(caught.value, RuleFileError)


def test_a_missing_rule_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(TextRuleError, match="nothing.yaml: cannot be read"):
        TextRules.load(tmp_path / "nothing.yaml")


def test_cached_rules_are_read_again_when_the_file_changes(tmp_path: Path) -> None:
    from releasekit.rulefiles import load_cached

    path = _write(tmp_path, "abbreviations:\n  titles: [mr]\n")
    first = load_cached(TextRules.load, str(path))
    assert load_cached(TextRules.load, str(path)) is first
    path.write_text("abbreviations:\n  titles: [mr, mrs]\n", encoding="utf-8")
    assert load_cached(TextRules.load, str(path)).abbreviation_set == {"mr", "mrs"}


# --- token columns: one findall per sentence, offsets by str.find ------------------------

from releasekit.text import _WORD, token_columns  # noqa: E402

_TOKEN_PIECES = st.sampled_from(
    ["arrested", "£1.5m", "12,000", "3rd", "20s", "O’Brien", "anti-slavery", "don't", "Cafe\u0301", "%", "--", "(", ")",
     "“", "”", " ", "  ", "\t", "\u00a0", "\u2003", "5:30pm", "1/2", "x", "_", "é", "٣", "\u0301", "a", "'", "-",
     "\u00b2", "\u00bd", "\x1c", "\x85", "\u2028", "\u00aa", "\u00b5", "\u3000", "\U0001d7d9", "\u2160", "\u203f"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_TOKEN_PIECES, max_size=25).map("".join), min_size=1, max_size=4))
def test_token_columns_are_the_spans_of_the_word_pattern(texts: list[str]) -> None:
    """Offsets found by str.find are the match spans of the pattern, and body[start:end] == token."""
    body, sentences, at = "", [], 0
    for i, t in enumerate(texts):
        sentences.append(text.Sentence(i, at, at + len(t), t))
        body += t + "\n"
        at += len(t) + 1
    columns = token_columns(sentences)
    expected = [(s.sentence_id, s.start + m.start(), s.start + m.end(), m.group()) for s in sentences for m in _WORD.finditer(s.text)]
    assert list(zip(columns["sentence_id"], columns["start"], columns["end"], columns["token"])) == expected
    assert all(body[a:b] == w for a, b, w in zip(columns["start"], columns["end"], columns["token"]))
    assert columns["token_id"] == list(range(len(expected)))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x3100), st.sampled_from("£’'-.,:/%5aZ "))))
def test_the_stdlib_word_pattern_matches_as_the_regex_one_wherever_it_is_used(sentence: str) -> None:
    """Where no character on which the engines differ occurs, stdlib ``re`` gives the ``regex`` engine's words."""
    other, spaced_word = text._stdlib_word()
    if other.search(sentence) is None:
        spaced = spaced_word.findall(sentence)
        assert [w.lstrip() for w in spaced] == _WORD.findall(sentence)
        assert "".join(spaced) == sentence[: len("".join(spaced))]  # the matches tile the text
        assert not sentence[len("".join(spaced)) :].strip()  # up to trailing spaces


def test_the_engines_differ_on_the_characters_set_apart() -> None:
    other, spaced_word = text._stdlib_word()
    for sample in ["Cafe\u0301", "x\u00b2", "a\x1cb", "\u3000x"]:
        assert other.search(sample)
    assert [w.lstrip() for w in spaced_word.findall("Cafe\u0301")] != _WORD.findall("Cafe\u0301")  # why combining accents are set apart
    assert other.search("It’s £5.5m, 20s and 1st – “yes”") is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_an_ascii_text_holds_a_character_set_apart_exactly_when_the_ascii_class_finds_one(sentence: str) -> None:
    other, _ = text._stdlib_word()
    assert (text._ascii_other().search(sentence) is None) == (other.search(sentence) is None)


def test_the_ascii_class_holds_the_separators_the_engines_disagree_on() -> None:
    assert text._ascii_other().search("a\x1cb") and not text._ascii_other().search("plain text, 12 (ok)")
