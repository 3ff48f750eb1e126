"""Bounded work per release: hostile text costs time linear in its length, and a time budget backs that up.

Before issue 11 a paragraph of capitals or a chain of dates grew near n^2
to n^3 (a 10,000-character chain of dates took 10 s in the event-date
extractor alone), and a number of 4,301 digits dropped its release.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import body
from releasekit.build import build
from releasekit.extract.agencies import Gazetteer
from releasekit.extract.agencies import extract_agencies
from releasekit.extract.dates import extract_event_date
from releasekit.extract.figures import extract_figures
from releasekit.extract.quotes import extract_quotes
from releasekit.tables import load
from releasekit.text import MAX_SENTENCE_CHARS, split_sentences

#: Hostile runs of text, each repeated to any length.
UNITS = {
    "capitals": "POLICE ARRESTED MEN IN LUTON ",
    "names": "Detective Inspector Jane Smith Of The Metropolitan Police Service ",
    "dates": "12 March 2022, ",
    "weekdays": "Tuesday 12 March and ",
    "numbers": "3, ",
    "words": "arrested ",
    "quotes": '"We will ',
}


def extract_all(text: str) -> float:
    """Seconds to split and run every extractor on ``text``."""
    started = time.perf_counter()
    sentences = split_sentences(text)
    extract_figures(text, sentences)
    extract_agencies(text, sentences, Gazetteer.default())
    extract_event_date(text, sentences, dt.date(2022, 3, 1))
    extract_quotes(text, sentences)
    return time.perf_counter() - started


def hostile(kind: str, chars: int) -> str:
    unit = UNITS[kind]
    return "Officers arrested three men on " + unit * (chars // len(unit))


@pytest.mark.parametrize("kind", sorted(UNITS))
def test_hostile_text_costs_time_linear_in_its_length(kind: str) -> None:
    extract_all(hostile(kind, 500))  # warm the rule caches
    small = min(extract_all(hostile(kind, 3_000)) for _ in range(2))
    large = min(extract_all(hostile(kind, 12_000)) for _ in range(2))
    # four times the text: about four times the time when linear, sixteen when quadratic
    assert large < max(10 * small, 0.25), f"{kind}: {small:.3f} s -> {large:.3f} s for 4x the text"


TEXT = st.lists(
    st.one_of(
        st.sampled_from(sorted(UNITS.values())),
        st.sampled_from(["\n", ". ", ", ", "“", "”", " (", ") ", "Bedfordshire Police ", "NCA ", "9" * 50, "on Monday "]),
        st.text(max_size=20),
    ),
    max_size=60,
).flatmap(lambda parts: st.integers(1, 400).map(lambda times: "".join(parts) * times))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(TEXT)
def test_fuzz_every_extractor_ends_in_bounded_time_with_spans_that_hold(text: str) -> None:
    text = text[:40_000]
    sentences = split_sentences(text)
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert len(sentence.text) <= MAX_SENTENCE_CHARS
    seconds = extract_all(text)
    # generous (a linear pass over 40,000 characters takes well under a second);
    # the superlinear extractors took minutes on such text
    assert seconds < 20, f"{seconds:.1f} s for {len(text):,} characters"
    for figure in extract_figures(text, sentences):
        assert text[figure.start : figure.end]
        assert figure.value is None or 0 <= figure.value <= 10_000_000


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .\n\t\u00a0")), max_size=4_000))
def test_sentences_are_capped_and_cover_their_text(text: str) -> None:
    covered = set()
    for sentence in split_sentences(text):
        assert 0 < len(sentence.text) <= MAX_SENTENCE_CHARS
        assert text[sentence.start : sentence.end] == sentence.text
        assert not covered & set(range(sentence.start, sentence.end))
        covered |= set(range(sentence.start, sentence.end))
    assert {i for i, c in enumerate(text) if c not in " .\n\t\u00a0"} <= covered


def test_a_number_of_thousands_of_digits_keeps_its_release(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "digits.txt").write_text(body("Digitby").replace("three men", "9" * 5_000 + " men"), encoding="utf-8")
    (raw / "grouped.txt").write_text(body("Groupby").replace("three men", "1," + ",".join(["000"] * 2_000) + " men"), encoding="utf-8")
    summary = build(raw, tmp_path / "out", jobs=1, cache=False)
    tables = load(tmp_path / "out")
    assert summary.n_releases == 2 and "internal_error" not in set(tables.problems.code)
    assert (tables.figures.value.dropna() < 10_000_000).all()


def test_a_release_over_the_time_budget_is_a_problem_and_the_build_goes_on(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "fast.txt").write_text(body("Fastby"), encoding="utf-8")
    (raw / "slow.txt").write_text(body("Slowby"), encoding="utf-8")
    from releasekit.extract import figures as figures_module  # where the build looks it up when it extracts

    real = figures_module.extract_figures

    def stalls_on_slowby(text, sentences, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if "Slowby" in text:
            while True:  # an extractor that never ends on this text
                sum(range(1000))
        return real(text, sentences, *args, **kwargs)

    monkeypatch.setattr(figures_module, "extract_figures", stalls_on_slowby)
    import signal

    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    summary = build(raw, tmp_path / "out", jobs=1, cache=False, time_budget=0.5)
    assert time.monotonic() - started < 30
    # the timer's handler, installed once for a batch of files, is the caller's again after the build
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    tables = load(tmp_path / "out")
    assert list(tables.releases.source_path) == ["fast.txt"]
    assert summary.n_rejected == 1
    problem = tables.problems.set_index("source_path").loc["slow.txt"]
    assert problem.code == "time_budget_exceeded" and problem.severity == "error"
