"""Sentences and tokens (releasekit.text): spans, the untimed Punkt, the abbreviation rules."""

from __future__ import annotations

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
    params.abbrev_types = set(text.ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def test_punkt_runs_no_time_limited_pattern() -> None:
    """Every pattern our Punkt matches with is a bare ``regex`` pattern, not NLTK's TimedPattern."""
    punkt = text._punkt()
    lang = punkt._lang_vars
    token = punkt._Token
    patterns = [
        lang.period_context_re(),
        lang._word_tokenizer_re(),
        lang.re_boundary_realignment,
        token._RE_ELLIPSIS,
        token._RE_NUMERIC,
        token._RE_INITIAL,
        token._RE_ALPHA,
        token._RE_NON_PUNCT,
    ]
    assert all(isinstance(p, regex.Pattern) for p in patterns), [type(p) for p in patterns]


def test_untimed_punkt_gives_the_spans_of_nltk_punkt_on_the_corpus() -> None:
    stock, ours = _stock_punkt(), text._punkt()
    lines = [line for path in sorted(RAW.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    assert len(lines) > 1000
    for line in lines:
        assert list(ours.span_tokenize(line)) == list(stock.span_tokenize(line)), line


_PIECES = st.sampled_from(
    ["Det. Insp. Smith", "Mr. Jones", "U.K.", "e.g.", "J. R.", "...", "..", ".", "?", "!", "\u201c", "\u201d",
     '"', "'", "(", ")", " ", "  ", "arrested", "Police", "12.5", "3.", "No. 4", "-", "--", "\u2019", "a.m.", "The"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join))
def test_untimed_punkt_gives_the_spans_of_nltk_punkt_on_any_line(line: str) -> None:
    assert list(text._punkt().span_tokenize(line)) == list(_stock_punkt().span_tokenize(line))


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
