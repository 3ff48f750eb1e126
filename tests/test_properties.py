"""Property-based tests (hypothesis): the reader and every extractor on
arbitrary input and on shuffled and mutated real sentences of data/raw.

Properties: nothing raises; the body never holds a NUL; problems are
well-formed and documented; every span lies inside the body and
``body[start:end]`` is the recorded words; values and totals are never
negative; the tables do not depend on the order of files or on ``jobs``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releasekit.build import build
from releasekit.chrome import ChromeStats
from releasekit.extract.agencies import extract_agencies, load_gazetteer
from releasekit.extract.dates import extract_event_date
from releasekit.extract.figures import extract_figures, total_figures
from releasekit.extract.quotes import extract_quotes
from releasekit.read import list_raw_files, read_release, scan
from releasekit.tables import TABLES, load
from releasekit.text import split_sentences, tokenize

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SEVERITIES = {"error", "warning", "info"}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def documented_codes() -> dict[str, str]:
    doc = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([a-z_0-9]+)` \| (error|warning|info) \|", doc, flags=re.M))


@lru_cache(maxsize=1)
def real_sentences() -> tuple[str, ...]:
    """Sentences of the real corpus (clean bodies of data/raw)."""
    out: list[str] = []
    for name in list_raw_files(RAW):
        raw = scan(name, (RAW / name).read_bytes())
        if isinstance(raw, list):
            continue
        release, _ = read_release(raw, ChromeStats(), {})
        if release is not None:
            out += [s.text for s in split_sentences(release.body) if len(s.text) > 20]
    assert len(out) > 300
    return tuple(out)


# --------------------------------------------------------------------------
# Strategies

#: Characters that matter to the extractors: digits, quotes, dashes, slashes,
#: commas, pound signs, line ends, NUL and other control characters.
SPECIAL = st.sampled_from(list("0123456789 \n\t\r\"'“”‘’–—-/.,:;()£%\x00\x0b\ufeff\u00a0\u200b"))
TEXT = st.text(
    st.one_of(st.characters(blacklist_categories=("Cs",)), SPECIAL),
    max_size=400,
)
WORDS = st.sampled_from(
    "arrested charged safeguarded sentenced men women children people addresses premises warrants officers "
    "police Police NCA GLAA Bedfordshire Luton yesterday today Tuesday 12 February 2020 three 1,200 100s "
    "dozens more than at least around a an further had been were was said: “ ” \" ' ( ) . , and in on at"
    .split()
)
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**7).map(str),
    st.integers(min_value=0, max_value=10**7).map(lambda n: f"{n:,}"),
    st.sampled_from(["-5", "0", "00", "1.5", "½", "9" * 25, "twenty-one", "a hundred", "million", "1st", "10s"]),
)


@st.composite
def mutated_real_text(draw) -> str:
    """Real sentences, shuffled, with words, numbers and characters changed."""
    sentences = draw(st.lists(st.sampled_from(real_sentences()), min_size=1, max_size=8))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    out = []
    for sentence in sentences:
        words = sentence.split(" ")
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["number", "word", "delete", "swap", "char"]))
            i = rng.randrange(len(words))
            if kind == "number":
                words[i] = draw(NUMBERS)
            elif kind == "word":
                words.insert(i, draw(WORDS))
            elif kind == "delete" and len(words) > 1:
                del words[i]
            elif kind == "swap":
                j = rng.randrange(len(words))
                words[i], words[j] = words[j], words[i]
            else:
                words[i] = words[i][: len(words[i]) // 2] + draw(SPECIAL) + words[i][len(words[i]) // 2 :]
        out.append(" ".join(words))
    joiner = draw(st.sampled_from([" ", "\n", "\n\n", " “", "” "]))
    return joiner.join(out)


def clean(text: str) -> str:
    """A body as the reader makes it: stripped non-blank lines, no control characters."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


# --------------------------------------------------------------------------
# Reader


def check_read(data: bytes) -> None:
    scanned = scan("p/x y.txt", data)
    problems = scanned if isinstance(scanned, list) else list(scanned.problems)
    release = None
    if not isinstance(scanned, list):
        assert "\x00" not in scanned.text and "\r" not in scanned.text
        release, problems = read_release(scanned, ChromeStats(), {}, as_of=dt.date(2025, 1, 1))
    documented = documented_codes()
    for problem in problems:
        assert problem.source_path == "p/x y.txt"
        assert problem.severity in SEVERITIES
        assert documented.get(problem.code) == problem.severity, problem
        assert isinstance(problem.message, str) and len(problem.message.split()) >= 3
        problem.message.encode("utf-8")  # storable in Parquet
    errors = [p for p in problems if p.severity == "error"]
    assert (release is None) == bool(errors), problems
    if release is not None:
        assert "\x00" not in release.body and "\r" not in release.body and "\ufeff" not in release.body
        release.body.encode("utf-8")
        assert release.published is None or release.published <= dt.date(2025, 1, 1)
        assert release.published_precision in {"day", "month", "unknown"}


@FAST
@given(st.binary(max_size=600))
def test_reader_on_arbitrary_bytes(data: bytes) -> None:
    check_read(data)


@FAST
@given(
    st.one_of(TEXT, mutated_real_text()),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
    st.sampled_from(["", "```yaml\n", "---\n"]),
    st.text(st.sampled_from(list("abc: \n-[]{}!&*'\"#0123456789./")), max_size=60),
)
def test_reader_on_text_with_any_encoding_and_metadata(text: str, encoding: str, fence: str, block: str) -> None:
    if fence:
        close = "```" if fence.startswith("`") else "---"
        text = f"{fence}{block}\npublish.date: {block[:12]}\n{close}\n{text}"
    check_read(text.encode(encoding, errors="replace"))


# --------------------------------------------------------------------------
# Text and extractors


def check_extractors(body: str) -> None:
    sentences = split_sentences(body)
    previous_end = 0
    for index, s in enumerate(sentences):
        assert s.sentence_id == index
        assert previous_end <= s.start < s.end <= len(body)
        assert body[s.start : s.end] == s.text
        previous_end = s.end

    def sentence_holds(sentence_id: int | None, start: int, end: int) -> None:
        if sentence_id is not None:
            s = sentences[sentence_id]
            assert s.start <= start and end <= s.end, (s, start, end)

    tokens = tokenize(body, sentences)
    for index, t in enumerate(tokens):
        assert t.token_id == index
        assert 0 <= t.start < t.end <= len(body) and body[t.start : t.end] == t.token
        sentence_holds(t.sentence_id, t.start, t.end)

    figures = extract_figures(body, sentences)
    for f in figures:
        assert 0 <= f.start < f.end <= len(body)
        assert body[f.start : f.end] == f.text
        assert f.value is None or f.value >= 0, f
        assert (f.value is None) == (f.qualifier == "vague"), f
        assert f.evidence == sentences[f.sentence_id].text
        sentence_holds(f.sentence_id, f.start, f.end)
    for total in total_figures(figures):
        assert total.value is None or total.value >= 0, total
        assert total.n_figures >= 0

    for a in extract_agencies(body, sentences, load_gazetteer()):
        assert 0 <= a.start < a.end <= len(body) and body[a.start : a.end] == a.mention, a
        sentence_holds(a.sentence_id, a.start, a.end)

    for published in (None, dt.date(2020, 2, 29)):
        event = extract_event_date(body, sentences, published)
        if event is not None:
            assert 0 <= event.start < event.end <= len(body) and body[event.start : event.end] == event.evidence
            sentence_holds(event.sentence_id, event.start, event.end)
            if published is not None:
                assert event.date <= published

    for q in extract_quotes(body, sentences):
        assert 0 <= q.start <= q.end <= len(body) and body[q.start : q.end] == q.quote, q
        assert q.n_words >= 0


@FAST
@given(TEXT)
def test_extractors_on_arbitrary_text(text: str) -> None:
    check_extractors(clean(text))


@FAST
@given(mutated_real_text())
def test_extractors_on_mutated_real_sentences(text: str) -> None:
    check_extractors(clean(text))


@settings(max_examples=30, deadline=None)
@given(TEXT)
def test_extractors_on_raw_text_that_the_reader_would_clean(text: str) -> None:
    # the build only ever passes clean bodies, but a library caller may not
    check_extractors(text.replace("\x00", ""))


def test_real_corpus_spans_hold(built: Path) -> None:
    tables = load(built)
    bodies = dict(zip(tables.releases.release_id, tables.releases.body))
    for name, column in (("sentences", "text"), ("tokens", "token"), ("agencies", "mention"), ("quotes", "quote")):
        frame = getattr(tables, name)
        for row in frame.itertuples():
            assert bodies[row.release_id][row.start : row.end] == getattr(row, column), (name, row)
    for row in tables.figures.itertuples():
        text = bodies[row.release_id]
        assert 0 <= row.start < row.end <= len(text), row
    assert (tables.totals.value.dropna() >= 0).all()
    assert (tables.figures.value.dropna() >= 0).all()


# --------------------------------------------------------------------------
# Order independence


def test_jobs_do_not_change_the_tables(built: Path, tmp_path: Path) -> None:
    # `built` is data/raw with jobs=2 (worker processes); rebuild in one process
    build(RAW, tmp_path / "one", jobs=1, cache=False)
    one, two = load(tmp_path / "one"), load(built)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name), obj=name)


@settings(max_examples=4, deadline=None)
@given(st.randoms(use_true_random=False))
def test_file_creation_order_does_not_change_the_tables(tmp_path_factory: pytest.TempPathFactory, rng: random.Random) -> None:
    # the same files, written in a different order (so listed in a different
    # directory order): duplicates ("first" copy), chrome recurrence and row
    # order must not change
    names = list_raw_files(RAW)[:24]
    files = {name: (RAW / name).read_bytes() for name in names}
    files["zz-copy.txt"] = files["a-copy.txt"] = files[names[5]]  # the first copy is decided by name
    base = tmp_path_factory.mktemp("order")
    for order, folder in ((sorted(files), base / "raw-a"), (rng.sample(sorted(files), len(files)), base / "raw-b")):
        folder.mkdir()
        for name in order:
            (folder / name).write_bytes(files[name])
        (folder / "manifest.csv").write_bytes((RAW / "manifest.csv").read_bytes())
    build(base / "raw-a", base / "out-a", jobs=1, cache=False)
    build(base / "raw-b", base / "out-b", jobs=1, cache=False)
    a, b = load(base / "out-a"), load(base / "out-b")
    assert set(a.releases.duplicate_of.dropna()) == {"a-copy"}
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
