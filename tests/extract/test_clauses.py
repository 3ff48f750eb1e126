"""Clauses of a sentence (extract/clauses.py) with the packaged boundaries."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.extract.clauses import clause_of, clause_spans
from releasekit.extract.figures import FigureRules

BOUNDARY = FigureRules.default().clause_boundary


def _clauses(text: str) -> list[str]:
    return [text[s:e] for s, e in clause_spans(text, BOUNDARY)]


def test_a_following_clause_is_its_own_frame() -> None:
    text = "Four women were jailed on Monday, following the conviction of two men last spring."
    assert _clauses(text) == ["Four women were jailed on Monday", ", following the conviction of two men last spring."]


def test_a_comma_before_a_new_count_cuts() -> None:
    text = "Six people were detained, 12 children were taken to a place of safety"
    assert _clauses(text)[1] == ", 12 children were taken to a place of safety"


def test_a_parenthetical_relative_clause_is_cut_at_both_commas() -> None:
    text = "The three, who have not been charged, were released on bail"
    assert _clauses(text) == ["The three", ", who have not been charged", ", were released on bail"]


def test_a_sentence_without_boundary_is_one_clause() -> None:
    assert clause_spans("Nine men were arrested", BOUNDARY) == [(0, 22)]
    assert clause_spans("", BOUNDARY) == [(0, 0)]


def test_clause_of_finds_the_clause_holding_a_position() -> None:
    spans = [(0, 10), (10, 25), (25, 40)]
    assert [clause_of(p, spans) for p in (0, 9, 10, 24, 25, 99)] == [0, 0, 1, 1, 2, 2]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc ,;-–who which following and 0123", max_size=80))
def test_clauses_cover_the_text_in_order(text: str) -> None:
    spans = clause_spans(text, BOUNDARY)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(s < e for s, e in spans) or text == ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc ,;-–who which following and 0123", max_size=80), st.integers(0, 90))
def test_clause_of_with_kept_starts_is_clause_of_a_plain_list(text: str, position: int) -> None:
    spans = clause_spans(text, BOUNDARY)
    assert spans == list(spans)
    assert clause_of(position, spans) == clause_of(position, list(spans))


def test_a_boundary_with_several_closing_groups_cuts_at_each() -> None:
    """Every group whose name starts with ``close`` cuts where it starts (a relative clause closed before the main verb)."""
    boundary = re.compile(r",\s+which\b[^,]*(?P<close>,)|\s+who\s+trafficked\b[^,.]*?(?P<close_relative>\s)(?=has been jailed)")
    text = "A man who trafficked three women into the UK has been jailed."
    assert [text[s:e] for s, e in clause_spans(text, boundary)] == [
        "A man", " who trafficked three women into the UK", " has been jailed.",
    ]


def test_a_boundary_cuts_where_its_open_group_starts() -> None:
    # the words before the group only say where the boundary may stand
    boundary = re.compile(r"\bwere\s+[a-z]+(?:\s+to)?(?P<open_x>\s+and\s+)(?=two\b)")
    text = "Nine workers were spoken to and two men were arrested."
    assert [text[s:e] for s, e in clause_spans(text, boundary)] == [
        "Nine workers were spoken to", " and two men were arrested."
    ]
    # without such a group the cut falls where the match starts
    plain = re.compile(r"\bwere\s+[a-z]+(?:\s+to)?\s+and\s+(?=two\b)")
    assert [text[s:e] for s, e in clause_spans(text, plain)][0] == "Nine workers "
