"""Sentences and tokens of a release body, offline.

Sentence splitting uses NLTK's Punkt algorithm with parameters we ship (no
NLTK data download): a list of police ranks, titles and other abbreviations
that must not end a sentence, in ``releasekit/data/text_rules.yaml``
(:class:`TextRules`). Each line (paragraph) of the body is split on
its own, so that headlines and list items without a full stop never run into
the next paragraph.

Tokens come from one regular expression (formerly run through NLTK's
``RegexpTokenizer``, now run directly with the ``regex`` engine that NLTK
uses) whose match spans give character offsets, so ``body[start:end] ==
token`` holds for every row of the tokens table. Stems come from NLTK's
Snowball stemmer; stopwords from the list shipped in
``releasekit/data/stopwords.txt``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files
from itertools import accumulate
from operator import sub
from typing import Iterator, Sequence

import regex
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize.punkt import PunktLanguageVars, PunktSentenceTokenizer, PunktToken

from releasekit.rulefiles import RuleFileError, load_cached, packaged_path, read_rule_file, where

__all__ = [
    "MAX_SENTENCE_CHARS",
    "Sentence",
    "TextRuleError",
    "TextRules",
    "Token",
    "load_stopwords",
    "split_sentences",
    "token_columns",
    "tokenize",
]

_RULES_NAME = "text_rules.yaml"


class TextRuleError(RuleFileError):
    """A text rule file that cannot be used (names the file, section and rule)."""


@dataclass(frozen=True)
class TextRules:
    """The sentence-splitting rules of one file (``data/text_rules.yaml`` by default).

    ``abbreviations`` maps each named group (a rule) to its words: lower
    case, without the final full stop, as Punkt expects. :meth:`load` reads
    and checks any file; :meth:`default` is the packaged one.
    """

    abbreviations: tuple[tuple[str, tuple[str, ...]], ...]

    @cached_property
    def abbreviation_set(self) -> frozenset[str]:
        """Every abbreviation of every group (the Punkt parameter; computed once per rules object)."""
        return frozenset(word for _, words in self.abbreviations for word in words)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> TextRules:
        """Read and check the text rule file at ``path``.

        Raises :class:`TextRuleError` (a ``RuleFileError``) naming the file,
        section and rule for a file that cannot be read or is not YAML, an
        unknown section, a group that is not a list of words, or a word that is
        empty, not lower case, holds a space or is listed twice.
        """
        try:
            raw = read_rule_file(path)
        except RuleFileError as error:
            raise TextRuleError(str(error)) from error
        return _check_text_rules(raw, str(path))

    @classmethod
    def default(cls) -> TextRules:
        """The packaged ``data/text_rules.yaml`` (cached while the file is unchanged)."""
        return load_cached(cls.load, packaged_path(_RULES_NAME))


def _check_text_rules(raw: object, source: str) -> TextRules:
    if not isinstance(raw, Mapping):
        raise TextRuleError(f"{where(source)}: not a mapping of sections")
    known = {"version", "abbreviations"}
    for key in raw:
        if key not in known:
            raise TextRuleError(f"{where(source, str(key))}: unknown section {key!r} (known: {', '.join(sorted(known))})")
    if raw.get("version", 1) != 1:
        raise TextRuleError(f"{where(source, 'version')}: unknown version {raw['version']!r} (this releasekit reads version 1)")
    groups = raw.get("abbreviations")
    if not isinstance(groups, Mapping) or not groups:
        raise TextRuleError(f"{where(source, 'abbreviations')}: must map group names to lists of words")
    seen: dict[str, str] = {}
    checked: list[tuple[str, tuple[str, ...]]] = []
    for name, words in groups.items():
        place = where(source, "abbreviations", str(name))
        if not isinstance(words, list) or not words:
            raise TextRuleError(f"{place}: must be a non-empty list of words")
        for word in words:
            if not isinstance(word, str) or not word:
                raise TextRuleError(f"{place}: {word!r} is not a word")
            if word != word.lower() or any(c.isspace() for c in word):
                raise TextRuleError(f"{place}: {word!r} must be lower case without spaces (Punkt compares lower-case words)")
            if word in seen:
                raise TextRuleError(f"{place}: {word!r} is listed twice (also in rule {seen[word]!r})")
            seen[word] = str(name)
        checked.append((str(name), tuple(words)))
    return TextRules(abbreviations=tuple(checked))


_LINE = re.compile(r"[^\n]+")

#: The word pattern. It is compiled with the third-party ``regex`` engine (a
#: dependency of NLTK) and the flags with which NLTK's ``RegexpTokenizer``
#: compiles it, so the spans are those of ``RegexpTokenizer.span_tokenize``
#: (NLTK 3.10 as installed); calling it directly skips two generator layers and a
#: timeout wrapper per sentence. The engine matters: stdlib ``re`` splits a
#: word at a combining accent ("Ca\u0301fe"), ``regex`` does not.
_WORD_PATTERN = (
    r"£?\d+(?:[.,:/]\d+)*(?:%|[a-z]{1,2}\b)?"  # numbers, money, times, 20s, 1st
    r"|\w+(?:[’'\-]\w+)*"                      # words with inner apostrophes/hyphens
    r"|[^\w\s]"                                # any other single symbol
)
_WORD = regex.compile(_WORD_PATTERN, regex.UNICODE)

#: :data:`_WORD_PATTERN` for stdlib ``re`` with the spaces before a word (see
#: :func:`_stdlib_word`), written so the engine does less per word and finds
#: the same words: the word branch comes first, for words that do not start
#: with a digit (a digit or "£" and a digit always starts a number, so the
#: two branches never compete), and every repeat is possessive (nothing
#: after a repeat can make it give back characters: the greedy match is the
#: only one tried). ``tests/test_text.py`` checks it against the ``regex``
#: engine's words.
_SPACED_WORD_PATTERN = (
    r"\s*+(?:[^\W\d]\w*+(?:[’'\-]\w++)*+"  # words
    r"|£?\d++(?:[.,:/]\d++)*+(?:%|[a-z]{1,2}\b)?"  # numbers, money, times, 20s, 1st
    r"|[^\w\s])"  # any other single symbol
)


@lru_cache(maxsize=1)
def _stdlib_word() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``(other, spaced_word)``: the word pattern on stdlib ``re`` (with the spaces before a word), for texts where no character matches ``other``.

    The engines differ on which characters are ``\\w``, ``\\d`` and
    ``\\s`` (``regex`` counts combining marks as word characters, ``re``
    counts superscript digits and fractions, and U+001C..U+001F as spaces).
    ``other`` matches every character on which they differ (found by asking
    both engines about each code point below U+3000) and every character from
    U+3000 on; on any other text the pattern, compiled by either engine, gives
    the same matches (and ``str.lstrip`` strips exactly the spaces of both),
    and stdlib ``re`` is about twice as fast.
    """
    below = "".join(map(chr, range(0x3000)))
    differ: set[int] = set()
    for name in (r"\w", r"\d", r"\s"):
        ours = {m.start() for m in regex.finditer(name, below, regex.UNICODE)}
        theirs = {m.start() for m in re.finditer(name, below)}
        differ |= ours ^ theirs
    ranges: list[list[int]] = []
    for point in sorted(differ):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    other = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "\\u3000-\\U0010ffff"
    return re.compile(f"[{other}]"), re.compile(_SPACED_WORD_PATTERN)


@lru_cache(maxsize=1)
def _ascii_other() -> re.Pattern[str]:
    """The characters of ``other`` (:func:`_stdlib_word`) below U+0080, as a
    class of their own: an ASCII text (``str.isascii``, read from the
    string's header) is tested against these few instead of the whole class."""
    other, _ = _stdlib_word()
    chars = "".join(re.escape(chr(c)) for c in range(0x80) if other.match(chr(c)))
    return re.compile(f"[{chars}]" if chars else "(?!)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a release body: ``body[start:end] == text``."""

    sentence_id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Token:
    """A token of a release body (one row of the tokens table)."""

    sentence_id: int
    token_id: int
    start: int
    end: int
    token: str
    lower: str
    stem: str
    is_stopword: bool
    is_alpha: bool


def _untimed(pattern: object) -> regex.Pattern[str]:
    """The ``regex`` pattern behind one of NLTK's time-limited patterns, recompiled without the limit.

    NLTK 3.10 wraps every pattern in ``nltk.redos.TimedPattern``, which runs
    each match with a wall-clock timeout (system calls per match). The
    pattern source and flags are taken from NLTK itself and compiled with the
    same engine, so matches are identical; only the timeout goes.
    """
    return regex.compile(pattern.pattern, pattern.flags)  # type: ignore[attr-defined]


def _as_stdlib(pattern: object) -> re.Pattern[str]:
    """One of NLTK's ``regex`` patterns whose only classes are ``\\s``/``\\S``, compiled with the faster stdlib ``re``.

    The two engines agree on everything these patterns use except ``\\s``:
    stdlib ``re`` also counts U+001C..U+001F as spaces (``str.isspace``),
    ``regex`` does not; the classes are spelled out so that the matches are
    those of the ``regex`` pattern (``tests/test_text.py`` checks every code point).
    """
    source = pattern.pattern  # type: ignore[attr-defined]
    if regex.search(r"\\[^sSux\W]", source):  # e.g. \\w, \\d, \\b: their meanings differ too
        raise ValueError(f"pattern uses a class other than \\s and \\S: {source!r}")
    source = re.sub(r"\\([sS])", lambda m: _RE_SPACE if m.group(1) == "s" else _RE_NON_SPACE, source)
    return re.compile(source, pattern.flags & (re.MULTILINE | re.VERBOSE))  # type: ignore[attr-defined]


#: ``regex``'s ``\\s`` and ``\\S`` in stdlib ``re`` (which also counts U+001C..U+001F as spaces).
_RE_SPACE = r"[^\S\x1c-\x1f]"
_RE_NON_SPACE = r"[\S\x1c-\x1f]"

_NLTK_VARS = PunktLanguageVars()
#: NLTK's Punkt patterns (English language variables, token properties), untimed.
_PERIOD_CONTEXT = _as_stdlib(_NLTK_VARS.period_context_re())
_PUNKT_WORD = _untimed(_NLTK_VARS._word_tokenizer_re())
_REALIGNMENT = _as_stdlib(PunktLanguageVars.re_boundary_realignment)
_RE_ELLIPSIS = _untimed(PunktToken._RE_ELLIPSIS)
_RE_NUMERIC = _untimed(PunktToken._RE_NUMERIC)
_RE_INITIAL = _untimed(PunktToken._RE_INITIAL)
_SENT_END_CHARS = tuple(PunktLanguageVars.sent_end_chars)
_PUNCTUATION = tuple(PunktSentenceTokenizer.PUNCTUATION)
#: Punkt looks back for the word before a candidate full stop up to the last
#: of these (``string.whitespace``, which NLTK's ``_get_last_whitespace_index`` uses).
_ASCII_SPACE = regex.compile(r"(?r)[ \t\n\r\x0b\x0c]")
_OTHER_ASCII_SPACE = regex.compile(r"[\t\n\r\x0b\x0c]")


class _Punkt:
    """NLTK 3.10's Punkt sentence splitter for parameters that hold only abbreviations, without its overheads.

    ``span_tokenize(line)`` gives exactly the spans of
    ``PunktSentenceTokenizer(params).span_tokenize(line)`` where ``params``
    has ``abbrev_types`` set and no collocations, sentence starters or
    orthographic context (what :class:`TextRules` gives), for a line without
    ``"\\n"``. It follows NLTK's steps (candidate contexts, break decision,
    realignment) on the same patterns (compiled untimed), but:

    - decides a candidate from its word tokens as plain strings instead of
      annotating ``PunktToken`` objects through four generator layers: with
      empty collocations, starters and orthographic context, the second pass
      can only *cancel* a break after an initial or number followed by a
      punctuation mark or a lower-case word (or, for an initial, an
      upper-case word);
    - caches the decision per context string (bounded LRU on this object),
      so that long runs of the same initials or abbreviations cost a look-up;
    - finds the last ASCII space before a candidate with one reverse search
      instead of a Python loop over characters.

    ``tests/test_text.py`` checks the spans against NLTK's on the corpus and
    on generated lines (hypothesis), adversarial ones included.
    """

    def __init__(self, abbreviations: frozenset[str]) -> None:
        self.abbreviations = abbreviations
        self.contains_break = lru_cache(maxsize=1 << 16)(self._contains_break)

    def _breaks_before(self, tok: str, following: str) -> bool:
        """Whether Punkt marks ``tok`` a sentence break when ``following`` comes next (both words of one context)."""
        if tok in _SENT_END_CHARS:
            if tok != ".":
                return True
        elif _RE_ELLIPSIS.match(tok):
            return False
        elif tok[-1:] == "." and tok[-2:] != "..":
            stem = tok[:-1].lower()
            if stem in self.abbreviations or stem.split("-")[-1] in self.abbreviations:
                return False
        else:
            return False
        # a first-pass break on a period-final token; the second pass may cancel it
        initial = _RE_INITIAL.match(tok)
        if not initial:
            typ = _RE_NUMERIC.sub("##number##", tok.lower())
            if len(typ) > 1 and typ[-1] == ".":
                typ = typ[:-1]
            if typ != "##number##":
                return True
        if following in _PUNCTUATION or following[0].islower():
            return False  # orthographic heuristic: not a sentence starter
        return not (initial and following[0].isupper())

    def _contains_break(self, context: str) -> bool:
        """NLTK's ``text_contains_sentbreak``: a token other than the last of ``context`` is a break."""
        words = _PUNKT_WORD.findall(context)
        breaks_before = self._breaks_before
        return any(breaks_before(words[i], words[i + 1]) for i in range(len(words) - 1))

    def _slices(self, text: str) -> list[tuple[int, int]]:
        """NLTK's ``_slices_from_text`` (with ``_match_potential_end_contexts``) as ``(start, stop)`` pairs."""
        contains_break = self.contains_break
        # (position, end of the context, start of the next word or -1) of every candidate
        candidates = [(m.start(), m.end(1), m.start(2)) for m in _PERIOD_CONTEXT.finditer(text)]
        if _OTHER_ASCII_SPACE.search(text) is None:
            last_space = text.rfind  # the last space before a candidate: one str.rfind
        else:
            search = _ASCII_SPACE.search

            def last_space(_: str, start: int, end: int) -> int:
                found = search(text, start, end)
                return -1 if found is None else found.start()

        slices: list[tuple[int, int]] = []
        last_break = prev_at = prev_start = 0
        prev_end = prev_next = -1  # no candidate before the first
        for at, end, next_start in candidates:
            space = last_space(" ", prev_at, at)
            # NLTK treats a space at the first index of the text between two candidates as no space
            word_start = space + 1 if space > prev_at else prev_start
            if prev_end >= 0 and prev_at <= word_start and contains_break(text[prev_start:prev_end]):
                slices.append((last_break, prev_at + 1))
                last_break = prev_next if prev_next >= 0 else prev_at + 1
            prev_at, prev_start, prev_end, prev_next = at, word_start, end, next_start
        if prev_end >= 0 and contains_break(text[prev_start:prev_end]):
            slices.append((last_break, prev_at + 1))
            last_break = prev_next if prev_next >= 0 else prev_at + 1
        slices.append((last_break, len(text.rstrip())))
        return slices

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans of ``text`` (one line), as NLTK's ``span_tokenize`` with realigned boundaries."""
        spans: list[tuple[int, int]] = []
        slices = self._slices(text)
        realignment = _REALIGNMENT.match
        realign = 0
        current = slices[0]
        for following in slices[1:]:
            start, stop = current[0] + realign, current[1]
            found = realignment(text, following[0], following[1])
            if found:
                spans.append((start, following[0] + len(found.group().rstrip())))
                realign = found.end() - following[0]
            else:
                realign = 0
                if start < stop:
                    spans.append((start, stop))
            current = following
        start, stop = current[0] + realign, current[1]
        if start < stop:
            spans.append((start, stop))
        return spans


@lru_cache(maxsize=4)
def _punkt(abbreviations: frozenset[str]) -> _Punkt:
    """Punkt with ``abbreviations`` (see :class:`_Punkt`)."""
    return _Punkt(abbreviations)


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """Return the English stopword list shipped inside the package."""
    text = files("releasekit").joinpath("data/stopwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def _stemmer() -> SnowballStemmer:
    return SnowballStemmer("english")


@lru_cache(maxsize=65536)
def _stem(lower: str) -> str:
    return _stemmer().stem(lower)


#: A sentence longer than this is cut into parts at spaces. No sentence of a
#: real release comes near (the longest of the corpus and the evaluation set
#: has about 400 characters); the cap bounds the work of extractors that look
#: at a sentence once per candidate, so a page of capitals or a chain of
#: thousands of dates costs time linear in its length.
MAX_SENTENCE_CHARS = 1_000


def _capped(start: int, end: int, body: str) -> Iterator[tuple[int, int]]:
    """``(start, end)``, or its parts of at most :data:`MAX_SENTENCE_CHARS` cut at the last space."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = body.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        part_end = len(body[start:cut].rstrip(" \t\u00a0")) + start
        if part_end > start:
            yield start, part_end
        start = cut
        while start < end and body[start] in " \t\u00a0":
            start += 1
    if end > start:
        yield start, end


def _sentence_spans(body: str, rules: TextRules) -> list[tuple[int, int]]:
    span_tokenize = _punkt(rules.abbreviation_set).span_tokenize
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(body):
        offset = line.start()
        for start, end in span_tokenize(line.group()):
            # Punkt keeps most leading/trailing spaces out of spans already, but a
            # line of only spaces or bullets is not a sentence.
            chunk = body[offset + start : offset + end]
            if not chunk.strip(" \t\u00a0•·-–—*"):
                continue
            start += offset + len(chunk) - len(chunk.lstrip(" \t\u00a0"))
            end += offset - (len(chunk) - len(chunk.rstrip(" \t\u00a0")))
            if end - start <= MAX_SENTENCE_CHARS:
                spans.append((start, end))
            else:
                spans += _capped(start, end, body)
    return spans


def split_sentences(body: str, *, rules: TextRules | None = None) -> list[Sentence]:
    """Split ``body`` into sentences, numbered from 0 in text order.

    ``rules`` gives the abbreviations that do not end a sentence
    (:meth:`TextRules.default` when None).

    >>> [s.text for s in split_sentences("Det Ch Insp Smith said: \\"Go.\\" He left.")]
    ['Det Ch Insp Smith said: "Go."', 'He left.']
    """
    return [
        Sentence(i, start, end, body[start:end])
        for i, (start, end) in enumerate(_sentence_spans(body, rules or TextRules.default()))
    ]


@lru_cache(maxsize=65536)
def _word_features(word: str) -> tuple[str, str, bool, bool]:
    """``(lower, stem, is_stopword, is_alpha)`` of a token, computed once per distinct word.

    ``lower`` folds the typographic apostrophe; a word is alphabetic when only
    letters remain after dropping apostrophes and hyphens; only alphabetic
    words are stemmed.
    """
    lower = word.lower().replace("’", "'")
    alpha = lower.replace("'", "").replace("-", "").isalpha()
    return lower, _stem(lower) if alpha else lower, lower in load_stopwords(), alpha


def token_columns(sentences: Sequence[Sentence]) -> dict[str, list]:
    """The tokens of ``sentences`` as column lists (the tokens table without ``release_id``).

    Building columns directly spares one object per token on the build's hot
    path; :func:`tokenize` gives the same tokens as :class:`Token` objects.
    Each sentence's words come from one ``findall`` (no match objects).
    Only whitespace lies between two matches (every other character starts a
    match) and no word holds whitespace, so offsets follow from lengths: when
    the sentence has no character on which the ``regex`` and stdlib ``re``
    engines differ (:func:`_stdlib_word`), ``re`` finds each word with the
    spaces before it and the ends are their summed lengths (no Python step
    per word); otherwise a word's offset is found with ``str.find`` from the
    end of the word before.
    """
    sentence_ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    findall = _WORD.findall  # hoisted look-ups
    other, spaced_word = _stdlib_word()
    other_char, ascii_other_char, fast_findall = other.search, _ascii_other().search, spaced_word.findall
    for sentence in sentences:
        if not (ascii_other_char(sentence.text) if sentence.text.isascii() else other_char(sentence.text)):
            # each match is a word with the spaces before it: the matches tile
            # the text, so their lengths add up to the words' ends (in C)
            spaced = fast_findall(sentence.text)
            if spaced:
                found = list(map(str.lstrip, spaced))
                word_ends = list(accumulate(map(len, spaced), initial=sentence.start))
                del word_ends[0]
                starts += map(sub, word_ends, map(len, found))
                ends += word_ends
                words += found
                sentence_ids += [sentence.sentence_id] * len(found)
            continue
        found = findall(sentence.text)
        if not found:
            continue
        find, offset, pos = sentence.text.find, sentence.start, 0
        for word in found:
            start = find(word, pos)
            pos = start + len(word)
            starts.append(offset + start)
            ends.append(offset + pos)
        words += found
        sentence_ids += [sentence.sentence_id] * len(found)
    # the per-word features, transposed into their four columns in C (``zip``), not four list comprehensions
    lower, stem, is_stopword, is_alpha = map(list, zip(*map(_word_features, words))) if words else ([], [], [], [])
    return {
        "sentence_id": sentence_ids,
        "token_id": list(range(len(words))),
        "start": starts,
        "end": ends,
        "token": words,
        "lower": lower,
        "stem": stem,
        "is_stopword": is_stopword,
        "is_alpha": is_alpha,
    }


def tokenize(body: str, sentences: Sequence[Sentence]) -> list[Token]:
    """Tokenize each sentence of ``body``; token ids run on across the release."""
    columns = token_columns(sentences)
    return [Token(*row) for row in zip(*columns.values())]
