"""Regression tests of the superlinear cases found by benchmarks/bench_fuzz.py.

Each asserts an operation count or a structural property, never wall-clock
time: the work an extractor does on a hostile body must grow linearly with
the body (benchmarks/bench_fuzz.py prints the times).
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

import releasekit.extract.quotes as quotes_module
from releasekit.extract.quotes import _ends_sentence, extract_quotes

# --- extract_quotes: the "after a sentence" test read the whole paragraph before each mark ---

_END_OF_SENTENCE = re.compile(r"[.!?][”\"’]?\s+$")


@given(st.text(alphabet=st.sampled_from(list("ab.!?”\"’ \n\t\u00a0\u2003:,")), max_size=30))
def test_ends_sentence_is_the_end_anchored_search(before: str) -> None:
    assert _ends_sentence(before) == bool(_END_OF_SENTENCE.search(before))


class _CountingRe:
    """Stand-in for the ``re`` module inside quotes.py that counts the characters handed to module-level searches."""

    def __init__(self) -> None:
        self.chars = 0

    def search(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        self.chars += len(string)
        return re.search(pattern, string, flags)

    def __getattr__(self, name: str) -> object:
        return getattr(re, name)


def _scanned_chars(body: str, monkeypatch) -> int:  # type: ignore[no-untyped-def]
    counting = _CountingRe()
    with monkeypatch.context() as patch:
        patch.setattr(quotes_module, "re", counting)
        extract_quotes(body)
    return counting.chars


def test_quotes_searches_read_text_linear_in_a_paragraph_of_unbalanced_marks(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    unit = "“He said “ she \" said ' and ‘ "
    small = _scanned_chars(unit * 100, monkeypatch)
    large = _scanned_chars(unit * 400, monkeypatch)
    # linear: 4x the text, at most about 4x the characters searched (quadratic would be 16x)
    assert large <= 5 * max(small, len(unit) * 100)
