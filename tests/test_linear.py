"""Regression tests of the superlinear cases found by benchmarks/bench_fuzz.py.

Each asserts an operation count or a structural property, never wall-clock
time: the work an extractor does on a hostile body must grow linearly with
the body (benchmarks/bench_fuzz.py prints the times).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Iterable

from hypothesis import example, given, settings
from hypothesis import strategies as st

import releasekit.extract.quotes as quotes_module
from releasekit.extract.quotes import _ends_sentence, extract_quotes

# --- extract_quotes: the "after a sentence" test read the whole paragraph before each mark ---

_END_OF_SENTENCE = re.compile(r"[.!?][”\"’]?\s+$")


def _counting_any() -> tuple[dict[str, int], Callable[[Iterable[object]], bool]]:
    """An ``any()`` that counts the items it reads (in ``items["n"]``), to patch into a module."""
    items = {"n": 0}

    def counting_any(iterable: Iterable[object]) -> bool:
        for item in iterable:
            items["n"] += 1
            if item:
                return True
        return False

    return items, counting_any


@settings(deadline=None)  # no wall-clock limits here: the machine may be busy
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


# --- extract_agencies: the greedy selection compared each candidate with every chosen one ---

import releasekit.extract.agencies as agencies_module  # noqa: E402
from releasekit.extract.agencies import _Candidate, _select, extract_agencies, load_gazetteer  # noqa: E402
from releasekit.text import split_sentences  # noqa: E402


def _greedy_reference(candidates: list[_Candidate]) -> list[tuple[int, int]]:
    """The selection as it was written before: longest first, each candidate checked against every chosen span."""
    pool = sorted(candidates, key=lambda c: (c.fallback, -(c.end - c.start), not c.gazetteer, c.start))
    chosen: list[_Candidate] = []
    for cand in pool:
        if any(cand.start < c.end and c.start < cand.end for c in chosen):
            continue
        chosen.append(cand)
    return sorted((c.start, c.end) for c in chosen)


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12), st.booleans()), max_size=40))
def test_select_chooses_what_the_pairwise_greedy_chose(spans: list[tuple[int, int, bool]]) -> None:
    candidates = [
        _Candidate(start, start + length, "pattern:test", False, gazetteer, (("X", "police_force", start, start + length),))
        for start, length, gazetteer in spans
    ]
    body = " " * 80  # no possessives or unit names: only the overlap rule decides
    chosen = _select(candidates, (), body)
    assert sorted((c.start, c.end) for c in chosen) == _greedy_reference(candidates)


def test_agency_selection_makes_a_linear_number_of_span_comparisons(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A body naming hundreds of agencies: the items ``any()`` reads in agencies.py grow linearly with it."""
    items, counting_any = _counting_any()

    unit = "Metropolitan Police, National Crime Agency, Border Force, Kent Police and "
    gazetteer = load_gazetteer()
    counts = []
    for repeat in (50, 200):
        body = unit * repeat
        items["n"] = 0
        monkeypatch.setattr(agencies_module, "any", counting_any, raising=False)
        mentions = extract_agencies(body, split_sentences(body), gazetteer)
        monkeypatch.undo()
        assert len(mentions) >= 4 * repeat
        counts.append(items["n"])
    # 4x the text: at most about 4x the comparisons (a comparison with every chosen span was ~16x)
    assert counts[1] <= 5 * counts[0]


# --- extract_figures: _may_carry built the list of every sentence id once per sentence ---

from releasekit.extract import figures as figures_module  # noqa: E402
from releasekit.text import Sentence  # noqa: E402


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts the items read from it (by iteration, index or bisection)."""

    reads = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for item in super().__iter__():
            _CountingList.reads += 1
            yield item

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        _CountingList.reads += 1
        return super().__getitem__(index)


def _carry_reads(n: int) -> int:
    rules = figures_module.load_rules()
    sentences = [Sentence(i, 10 * i, 10 * i + 9, "They were") for i in range(n)]
    per_sentence = _CountingList((s, []) for s in sentences)
    _CountingList.reads = 0
    for sentence in sentences:
        figures_module._may_carry(per_sentence, sentence, rules)
    return _CountingList.reads


def test_may_carry_reads_a_bounded_part_of_the_release_per_sentence() -> None:
    small, large = _carry_reads(200), _carry_reads(800)
    # 4x the sentences: n log n reads stay under 6x (one list of every id per sentence was 16x)
    assert large <= 6 * small


# --- total_figures: _distinct_parts compared every part with every part kept before it ---

from releasekit.extract.figures import Figure, _close, _compatible, _distinct_parts, _head, _is_restatement, _sum, _words_key  # noqa: E402


def _single_told(f, kept, used):  # type: ignore[no-untyped-def]
    """A kept single of ``f``'s head noun at its place (or none told), not told again before: marked used."""
    if f.value != 1:
        return False
    keys: list[tuple] = []
    for k in kept:
        if k.value == 1 and (k.location, k.subject) not in keys:
            keys.append((k.location, k.subject))
    for location, subject in keys:
        if _head(subject) != _head(f.subject) or not (location is None or f.location is None or location == f.location):
            continue
        for k in kept:
            if (k.location, k.subject) == (location, subject) and k.value == 1 and id(k) not in used:
                used.add(id(k))
                return True
    return False


def _distinct_parts_reference(parts, stated, generic, rules, further=()):  # type: ignore[no-untyped-def]
    """_distinct_parts as it was written before the index: every test read every kept part."""
    stated_value = _sum(stated) if stated else None
    kept: list[Figure] = []
    restated: list[Figure] = []
    seen: set[str] = set()
    used: set[int] = set()  # kept singles a results list told again
    by_sentence: dict[int, list[Figure]] = {}
    for f in parts:
        by_sentence.setdefault(f.sentence_id, []).append(f)
    for sentence_id, group in by_sentence.items():
        fresh: list[Figure] = []
        for f in group:
            earlier = [k for k in kept + list(stated) if k.sentence_id != sentence_id]
            same = (f.value or 0) >= 2 and any(k.value == f.value and _compatible(k, f, rules) for k in earlier)
            inside = len(group) == 1 and not rules.list_item.match(f.evidence) and any(
                (k.value or 0) > (f.value or 0) and _compatible(k, f, rules)
                and not rules.list_item.match(k.evidence)
                and _head(k.subject) is not None and _head(k.subject) == _head(f.subject) for k in earlier
            )
            if not (same or inside) and "role_results_list" in f.rule.split("+") and _head(f.subject) is not None:
                # a results list tells a single place or person again, each kept single once
                same = _single_told(f, kept, used)
            if not (same or inside) and (f.subject is None or f.subject in generic) and "role_results_list" in f.rule.split("+"):
                # a results-list item stating the stated total or the parts kept, plus the further groups told before it
                told = [g for g in further if g.start < f.start]
                base, n = max((_sum(kept), len(kept)), (stated_value or 0, 1 if stated_value else 0))
                places = {k.location for k in kept} - {None}
                same = (
                    f.qualifier == "exact" and all(k.qualifier == "exact" for k in kept) and n + len(told) >= 2
                    and base + _sum(told) == f.value and not (f.location and places and places != {f.location})
                )
            if same or inside or _is_restatement(f, stated_value, seen, generic):
                restated.append(f)
            else:
                fresh.append(f)
            seen.add(_words_key(f))
        if not fresh:
            continue
        value = _sum(fresh)
        others = [k for k in kept if k.sentence_id != sentence_id]
        if len(fresh) > 1 and any(k.value == value for k in others + list(stated)):
            restated.extend(fresh)
            continue
        groups: dict[int, list[Figure]] = {}
        for k in others:
            groups.setdefault(k.sentence_id, []).append(k)
        stated_before = [k for k in stated if k.sentence_id != sentence_id]
        if len(fresh) == 1 and (
            any(_close([fresh[0]], _sum(g), exact=g, rules=rules) for g in groups.values())
            or (stated_before and all(_compatible(k, fresh[0], rules) for k in stated_before)
                and _close(fresh, _sum(stated_before), exact=stated_before, rules=rules))
        ):
            restated.extend(fresh)
            continue
        replaced = [k for k in others if _close([k], value, exact=fresh, rules=rules)]
        if replaced:
            kept = [k for k in kept if k not in replaced]
            restated.extend(replaced)
        kept.extend(fresh)
    return sorted(kept, key=lambda f: f.start), restated


_part = st.builds(
    lambda value, qualifier, subject, location, sentence_id, item: (value, qualifier, subject, location, sentence_id, item),
    st.sampled_from([0, 1, 2, 3, 5, 9, 10, 11, 12, 20, 23, 100, 112, 115, 586, 600]),
    st.sampled_from(["exact", "exact", "approx", "at_least", "vague"]),
    st.sampled_from([None, "men", "women", "people", "victims", "man", "addresses"]),
    st.sampled_from([None, None, "Leeds", "Hull"]),
    st.integers(0, 8),
    st.booleans(),
)


@settings(deadline=None, max_examples=300)
@given(st.lists(_part, max_size=25), st.lists(_part, max_size=3), st.lists(_part, max_size=3))
# a results-list item stating the sum of the body's groups ("A man and women were arrested" ... "- 2 people")
@example([(1, "exact", "man", None, 0, False), (1, "exact", "women", None, 0, False), (2, "exact", "people", None, 1, True)], [], [])
def test_distinct_parts_keeps_what_the_pairwise_reading_kept(parts, stated, further) -> None:  # type: ignore[no-untyped-def]
    rules = figures_module.FigureRules.default()

    def figure(i: int, spec) -> Figure:  # type: ignore[no-untyped-def]
        value, qualifier, subject, location, sentence_id, item = spec
        words = f"{value} {subject or 'of them'}"
        evidence = ("- " if item else "They held ") + words
        return Figure("arrested", value, qualifier, subject, location, "current", sentence_id,
                      10 * i, 10 * i + 5, evidence, "test+role_results_list" if item else "test", "part", words)

    part_figures = sorted((figure(i, p) for i, p in enumerate(parts)), key=lambda f: (f.sentence_id, f.start))
    stated_figures = [figure(100 + i, p) for i, p in enumerate(stated)]
    further_figures = [replace(figure(3 * i + 1, p), role="further") for i, p in enumerate(further)]  # told among the parts
    generic = rules.generic
    assert _distinct_parts(part_figures, stated_figures, generic, rules, further_figures) == _distinct_parts_reference(
        part_figures, stated_figures, generic, rules, further_figures
    )


def _figure_comparisons(n_items: int, monkeypatch) -> int:  # type: ignore[no-untyped-def]
    """Calls of the pairwise tests (_close, _close_values, _compatible) while totalling ``n_items`` list items."""
    calls = {"n": 0}

    def counted(function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            return function(*args, **kwargs)
        return wrapper

    figures = []
    for i in range(n_items):
        qualifier = "approx" if i % 5 == 0 else "exact"
        words = f"{i + 1} people"  # "- 1 people arrested", "- 2 people arrested", ...
        figures.append(Figure("arrested", i + 1, qualifier, "people", None, "current", i,
                              20 * i + 2, 20 * i + 2 + len(words), f"- {words} arrested", "test", "part", words))
    with monkeypatch.context() as patch:
        for name in ("_close", "_close_values", "_compatible"):
            if hasattr(figures_module, name):
                patch.setattr(figures_module, name, counted(getattr(figures_module, name)))
        figures_module.total_figures(figures)
    return calls["n"]


def test_total_figures_of_list_items_makes_a_linear_number_of_comparisons(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    small, large = _figure_comparisons(200, monkeypatch), _figure_comparisons(800, monkeypatch)
    # 4x the items: at most about 4x the comparisons (every item against every kept one was ~16x)
    assert large <= 5 * max(small, 200)


# --- extract_event_date: overlaps checked against every match taken, quote marks counted in a copy of the paragraph ---

import datetime as dt  # noqa: E402

import releasekit.extract.dates as dates_module  # noqa: E402
from releasekit.extract.dates import _BodyIndex, extract_event_date  # noqa: E402


def _in_quote_reference(body: str, pos: int) -> bool:
    """_in_quote as it was written before _BodyIndex: a copy of the paragraph before ``pos``."""
    para_start = body.rfind("\n", 0, pos) + 1
    para = body[para_start:pos]
    stripped = para.lstrip()
    if stripped[:1] in "“\"‘":
        return True
    opened = para.count("“") - para.count("”")
    return opened > 0 or para.count('"') % 2 == 1


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab “”\"‘’\n\t\u00a0")), max_size=40))
def test_body_index_reads_quotes_and_lines_as_the_copies_did(body: str) -> None:
    index = _BodyIndex(body)
    for pos in range(len(body) + 1):
        assert index.in_quote(pos) == _in_quote_reference(body, pos)
        end = body.find("\n", pos)
        assert index.line(pos) == (body.rfind("\n", 0, pos) + 1, end if end >= 0 else len(body))


class _SlicedBody(str):
    """A body that counts the characters copied out of it by slicing."""

    copied = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        piece = super().__getitem__(key)
        _SlicedBody.copied += len(piece)
        return piece


def _event_date_work(n: int, monkeypatch) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(characters copied out of the body, items read by any()) for ``n`` dated sentences in one paragraph."""
    text = "".join(f"On {i % 28 + 1} March 2023 officers arrested {i % 9 + 1} men. " for i in range(n))
    sentences = split_sentences(text)
    items, counting_any = _counting_any()

    _SlicedBody.copied = 0
    with monkeypatch.context() as patch:
        patch.setattr(dates_module, "any", counting_any, raising=False)
        found = extract_event_date(_SlicedBody(text), sentences, dt.date(2023, 6, 1))
    assert found is not None and found.date == dt.date(2023, 3, 1)
    return _SlicedBody.copied, items["n"]


def test_event_date_reads_a_linear_amount_of_a_long_paragraph(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (copied_small, any_small), (copied_large, any_large) = (
        _event_date_work(100, monkeypatch), _event_date_work(400, monkeypatch)
    )
    # 4x the text: at most about 4x the work (the paragraph copied before each date was ~16x,
    # every match compared with every match taken ~16x)
    assert copied_large <= 5 * max(copied_small, 100)
    assert any_large <= 5 * max(any_small, 100)


# --- extract_quotes: the paragraph before each quotation mark was copied (and read) once per mark ---

from releasekit.extract.quotes import QuoteRules, _intro_search, _is_after_intro, _mark_at, _Paragraph, _Reading  # noqa: E402


@settings(deadline=None, max_examples=300)
@given(
    st.lists(st.sampled_from(["said", "says", ":", ",", ".", "!", " ", "  ", "\t", "\u00a0", "“", "”", '"', "‘", "’",
                              "Ann Lee", "Det Insp", "he", "x"]), max_size=25),
    st.booleans(),
)
def test_marks_read_through_offsets_as_through_copies(pieces: list[str], had_speech: bool) -> None:
    rules = QuoteRules.default()
    pat = rules._patterns
    text = "".join(pieces)
    body = "Intro line.\n" + text + "\nLast."
    para = _Paragraph(12, 12 + len(text), text, None)
    reading = _Reading(body, rules)
    for index in range(para.start, para.end):
        if body[index] not in "“\"‘":
            continue
        before = body[para.start:index]
        mark = _mark_at(reading, para, index, had_speech)
        assert mark.at_start == (not before.strip())
        assert mark.after_intro == _is_after_intro(before, pat)
        assert mark.after_sentence == (had_speech and bool(_END_OF_SENTENCE.search(before)))
        assert mark.after_colon == before.rstrip().endswith(":")
        copied, offsets = _intro_search(before, pat), _intro_search(body, pat, para.start, index)
        assert (copied is None) == (offsets is None)
        if copied and offsets:
            assert (copied["who"], para.start + copied.start()) == (offsets["who"], offsets.start())


def _quote_chars_copied(n: int) -> int:
    unit = "“We will find you,” said Det Insp Smith. \"It is done.\" "
    _SlicedBody.copied = 0
    quotes = extract_quotes(_SlicedBody(unit * n))
    assert len(quotes) == 2 * n
    return _SlicedBody.copied


def test_quotes_copy_a_linear_amount_of_a_paragraph_of_many_marks() -> None:
    small, large = _quote_chars_copied(100), _quote_chars_copied(400)
    # 4x the text: at most about 4x the characters copied (the text before each mark was ~16x)
    assert large <= 5 * max(small, 100)


# --- extract_event_date skips the tests of the text before a date when its sentence cannot rank it ---

from releasekit.extract.dates import date_candidates  # noqa: E402


@settings(deadline=None, max_examples=150)
@given(st.lists(st.sampled_from([
    "On 3 March 2023 ", "on Tuesday 14 March ", "yesterday ", "12/03/2023 ", "officers arrested two men ",
    "was arrested ", "bailed until 4 April ", "Published ", "back in ", "Anti-Slavery Day ", "will appear ",
    "said: ", "“", "”", "\"", ". ", "\n", "timestamp ", "Police ",
]), max_size=20))
def test_event_date_is_the_best_ranked_of_the_candidates(pieces: list[str]) -> None:
    body = "".join(pieces)
    sentences = split_sentences(body)
    published = dt.date(2023, 6, 1)
    ranked = [c for c in date_candidates(body, sentences, published) if c.rank is not None and c.date is not None]
    found = extract_event_date(body, sentences, published)
    if not ranked:
        assert found is None
    else:
        best = min(ranked, key=lambda c: (c.rank, c.start))
        assert found is not None and (found.date, found.start, found.end, found.rule) == (best.date, best.start, best.end, best.rule)


# --- extract_figures: _rejoin joined a body without full stops, cut into bounded sentences, back into one ---

from releasekit.text import MAX_SENTENCE_CHARS  # noqa: E402


def test_rejoined_sentences_stay_within_the_sentence_bound() -> None:
    body = "officers arrested people and safeguarded victims of modern slavery and " * 200
    sentences = split_sentences(body)
    assert len(sentences) > 10  # cut at the bound, every piece starting lower-case
    joined = figures_module._rejoin(body, sentences)
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in joined)
    # hard-wrapped lines are still joined ("* 822" / "premises visited;")
    wrapped = "Officers visited 822\npremises and arrested 12 men.\nNext."
    assert [s.text for s in figures_module._rejoin(wrapped, split_sentences(wrapped))][0] == (
        "Officers visited 822\npremises and arrested 12 men."
    )


def _figures_any_items(n: int, monkeypatch) -> int:  # type: ignore[no-untyped-def]
    body = "officers arrested people and safeguarded victims of modern slavery and " * n
    items, counting_any = _counting_any()

    sentences = split_sentences(body)
    with monkeypatch.context() as patch:
        patch.setattr(figures_module, "any", counting_any, raising=False)
        figures_module.extract_figures(body, sentences)
    return items["n"]


def test_figures_of_a_body_without_full_stops_make_linear_work(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    small, large = _figures_any_items(100, monkeypatch), _figures_any_items(400, monkeypatch)
    # 4x the text: at most about 4x the pairwise tests (one joined sentence was ~16x)
    assert large <= 5 * max(small, 100)


# --- _nearest_cue: the test "does another figure hold this cue" read every figure's span, per count and cue ---


def _sentence_any_items(units: int, monkeypatch) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(figures, items read by any() in figures.py) for one sentence of ``units`` x 3 figures."""
    sentence = "".join(
        f"officers arrested {i % 50 + 2} men and {i % 7 + 2} women and safeguarded {i % 30 + 2} victims, "
        for i in range(units)
    )
    items, counting_any = _counting_any()

    with monkeypatch.context() as patch:
        patch.setattr(figures_module, "any", counting_any, raising=False)
        drafts = figures_module._sentence_figures(sentence, figures_module.FigureRules.default())
    assert len(drafts) >= 3 * units
    return len(drafts), items["n"]


def test_cues_of_a_dense_sentence_are_read_once_per_cue(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """120 figures in one sentence: the spans that hold a cue are found once per cue
    (about 40 tests per figure here), not by reading every figure's span per count
    and cue (about 240 per figure)."""
    figures, items = _sentence_any_items(40, monkeypatch)
    assert items <= 100 * figures


# --- _name_at_end: the whole speaker phrase was split into words to read its last three ---

from releasekit.extract.quotes import _last_words  # noqa: E402


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("aB’- \t\n\u00a0\u2003\x1c.")), max_size=30), st.integers(0, 4))
def test_last_words_are_the_last_runs_of_non_spaces(text: str, n: int) -> None:
    words = [(m.start(), m.group()) for m in re.finditer(r"[^\s]+", text)]
    assert _last_words(text, n) == words[::-1][:n]
