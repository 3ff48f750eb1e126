"""The prefilter engine (extract/prefilter.py): the same matches as the plain pattern."""

from __future__ import annotations

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
