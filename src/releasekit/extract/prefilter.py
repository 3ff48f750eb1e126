r"""Regex prefilters: skip a pattern where it cannot match.

The rules are many case-insensitive regular expressions starting with
``\b``: Python's engine tries them at every position of the text, which is
where most of the extraction time went. A prefilter is derived from a rule's
pattern (never written by hand, so the rules stay data) and never changes a
result: a pattern that is skipped could not have matched. This module is the
one prefilter engine of the extractors, in three forms:

- :class:`Prefilter`: sets of literal *keys* such that every match holds a
  key of each set ("arrest" in ``(?<![\w-])(?:arrested|arresting|arrests?)\b``;
  "£", "$" or "€" and a digit in the money mask). When a set has no key in
  the text the pattern is not run at all (``may_match``); ``finditer`` runs
  it only near the keys. Used by the figure, date and quote extractors.
- :func:`required_literals`: clauses of case-sensitive literals a text must
  contain (a plain ``in`` test per clause), used by the agency extractor.
- :func:`first_char_prefilter`: the pattern behind a lookahead of the
  characters its matches can start with; :func:`grouped_alternation` writes
  a leading part that alternatives share (``\s+``) once, so that the engine
  reads it once per position instead of once per alternative.

All three read the pattern with the parser of the ``re`` module
(``re._parser`` and ``re._constants``, private, read-only). This module is
the only place in releasekit that touches them, and it is guarded: when they
are missing (a future Python) or a pattern surprises them, there is no
prefilter - :class:`Prefilter` runs the plain pattern everywhere,
:func:`required_literals` requires nothing and :func:`first_char_prefilter`
returns the pattern as it is - so the results stay the same, only slower
(``tests/extract/test_prefilter.py`` checks this fallback).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from typing import Any, Iterable, Iterator, Mapping, Sequence

from releasekit.text import load_stopwords

try:  # the parser of the re module, read-only (Python 3.11+ names, then the old ones)
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10, or internals moved
    try:
        import sre_constants as _sre  # type: ignore[no-redef]
        import sre_parse as _sre_parse  # type: ignore[no-redef]
    except ImportError:
        _sre = _sre_parse = None  # type: ignore[assignment]

__all__ = [
    "WHITESPACE",
    "KeyFinder",
    "Prefilter",
    "first_char_prefilter",
    "fold",
    "grouped_alternation",
    "internals_available",
    "longest_space_run",
    "min_width",
    "pattern_reach",
    "required_literals",
    "trie_pattern",
]


def internals_available() -> bool:
    """Whether the parser of the ``re`` module can be read (else: no prefilters)."""
    return _sre is not None and _sre_parse is not None


def _parse(pattern: str, flags: int) -> Any | None:
    """The parsed pattern, or None when the ``re`` internals are missing or
    fail on it (the caller then uses no prefilter).

    Rules are read several times while they load (first characters, keys,
    reach, required literals), so parses are remembered like ``re``
    remembers compiled patterns (:func:`_parsed`); the trees are only read.
    """
    if not internals_available():
        return None
    return _parsed(pattern, flags, _sre_parse)


@functools.lru_cache(maxsize=2048)
def _parsed(pattern: str, flags: int, parser: Any) -> Any | None:
    """:func:`_parse` with ``parser`` (the ``re`` parser module), remembered
    (a bounded memo of a pure function)."""
    try:
        return parser.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - private API: any surprise means "no prefilter"
        return None


def _op(name: str) -> Any:
    """An opcode of the ``re`` internals (None when missing)."""
    return getattr(_sre, name, None) if _sre is not None else None


#: Characters that ``re.IGNORECASE`` equates with an ASCII letter but that
#: ``str.lower`` does not turn into one (or turns into two characters).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_FOLD_CHARS = re.compile("[\u0130\u0131\u017f\u212a]")
_DIGIT = re.compile(r"\d")
_REPEATS = tuple(op for op in map(_op, ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")) if op is not None)
_ATOMIC_GROUP = _op("ATOMIC_GROUP")  # Python 3.11+

# A key is (text, mode): mode "case" is searched in the text as it is,
# "fold" in its folded lower-case copy (case-insensitive literals), "digit"
# (text "") stands for any character matching \d.
_Key = tuple[str, str]


def fold(text: str) -> str:
    """Lower-case copy of ``text`` in which a case-insensitive literal key is
    found wherever ``re.IGNORECASE`` could match it (same length as ``text``)."""
    if not text.isascii() and _FOLD_CHARS.search(text):
        text = text.translate(_FOLD)
    return text.lower()


def _requirements(items: Any, icase: bool) -> list[frozenset[_Key]]:
    """Key sets of a parsed sequence: every match holds a key of each set.

    A run of literals (a small character class makes several) gives a set;
    so do groups, required repeats and lookaheads (their own sets) and a
    branch (one set: the best set of every alternative, if each has one).
    Optional parts and lookbehinds give none.
    """
    found: list[frozenset[_Key]] = []
    run: list[str] = [""]

    def flush() -> None:
        if run != [""]:
            found.append(frozenset((text, "fold" if icase else "case") for text in run))
        run[:] = [""]

    for op, av in items:
        chars = _literal_chars(op, av, icase)
        if chars and len(run) * len(chars) <= 8:
            run[:] = [text + char for text in run for char in chars]
            continue
        flush()
        if op is _sre.IN and all(kind is _sre.CATEGORY and v is _sre.CATEGORY_DIGIT for kind, v in av):
            found.append(frozenset({("", "digit")}))
        elif op is _sre.SUBPATTERN:
            _, add, remove, sub = av
            found += _requirements(sub, (icase or bool(add & re.I)) and not remove & re.I)
        elif op is _ATOMIC_GROUP:
            found += _requirements(av, icase)
        elif op is _sre.BRANCH:
            found += _branch_requirements([_requirements(sub, icase) for sub in av[1]])
        elif op in _REPEATS and av[0] >= 1:
            found += _requirements(av[2], icase)
        elif op is _sre.ASSERT and av[0] == 1:
            found += _requirements(av[1], icase)
    flush()
    return found


def _branch_requirements(alternatives: list[list[frozenset[_Key]]]) -> list[frozenset[_Key]]:
    """Key sets of a branch: a set from each alternative, joined (every way
    of choosing among the best few, while that stays small)."""
    options = [sorted(sets, key=_quality, reverse=True)[:3] for sets in alternatives]
    if not all(options):
        return []
    if math.prod(len(o) for o in options) > 27:
        options = [o[:1] for o in options]
    return [_pruned(frozenset().union(*combo)) for combo in itertools.product(*options)]


def _pruned(keys: frozenset[_Key]) -> frozenset[_Key]:
    """Without keys that hold another key of the set ("years" beside "year").

    A key is tested against the others of its mode, or, when that is
    cheaper (a large set: a branch of many words), its own substrings are
    looked up in them."""
    by_mode: dict[str, set[str]] = {}
    for k, m in keys:
        by_mode.setdefault(m, set()).add(k)
    kept = []
    for k, m in keys:
        others = by_mode[m]
        if m == "digit" or len(others) == 1:
            kept.append((k, m))
            continue
        n = len(k)
        if len(others) <= n * (n + 1) // 2:
            inside = any(k2 != k and k2 in k for k2 in others)
        else:
            inside = any(k[i:j] in others for i in range(n) for j in range(i + 1, n + 1) if j - i < n)
        if not inside:
            kept.append((k, m))
    return frozenset(kept)


def _literal_chars(op: Any, av: Any, icase: bool) -> list[str]:
    """The characters a literal or small literal class stands for (as keys)."""
    if op is _sre.LITERAL:
        values = [av]
    elif op is _sre.IN and len(av) <= 4 and all(kind is _sre.LITERAL for kind, _ in av):
        values = [v for _, v in av]
    else:
        return []
    if icase and any(v >= 128 and _cased(chr(v)) for v in values):
        return []  # non-ASCII case folding: no key
    return sorted({chr(v).lower() if icase else chr(v) for v in values})


def _cased(char: str) -> bool:
    """Whether ``re.IGNORECASE`` may match ``char`` with another character."""
    return char.lower() != char or char.upper() != char or char.casefold() != char


def _quality(keys: frozenset[_Key]) -> tuple[int, int]:
    """How selective a key set is: its shortest key, then its size. A digit
    counts as 2 characters, a rare sign ("£", "%", "/") as 3."""
    return min(_key_length(k, m) for k, m in keys), -len(keys)


@functools.lru_cache(maxsize=8192)
def _key_length(text: str, mode: str) -> int:
    """Selectivity of one key: its length, but 1 for a key of only common
    words (" the ", "in a"), 2 for a digit, 3 for a rare sign ("£", "%")."""
    if mode == "digit":
        return 2
    if len(text) == 1 and not (text.isalnum() or text.isspace() or text in ",.-'’"):
        return 3
    words = re.findall(r"[a-z0-9]+", text.lower())
    if words and all(w in load_stopwords() for w in words):
        return 1
    return len(text)


def _best(found: list[frozenset[_Key]]) -> frozenset[_Key] | None:
    return max(found, key=_quality) if found else None


def min_width(pattern: re.Pattern[str]) -> int | None:
    """The fewest characters a match of ``pattern`` spans (None when the
    ``re`` internals cannot read it)."""
    parsed = _parse(pattern.pattern, pattern.flags)
    try:
        return int(parsed.getwidth()[0]) if parsed is not None else None
    except Exception:  # noqa: BLE001 - private parser API
        return None


def pattern_reach(pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """How far past its start a match attempt of ``pattern`` can look:
    ``(a, b)`` for at most ``a + b * W`` characters, W the longest run of
    whitespace in the text; None when unbounded, when the pattern can match
    the empty string, or when the ``re`` internals cannot read it. The same
    as ``Prefilter(pattern).reach``, without reading the pattern's keys."""
    parsed = _parse(pattern.pattern, pattern.flags)
    try:
        return _reach_of(parsed) if parsed is not None and parsed.getwidth()[0] > 0 else None
    except Exception:  # noqa: BLE001 - private parser API: unbounded
        return None


def _reach_of(items: Any) -> tuple[int, int] | None:
    """How far past its start a match attempt can look: ``(a, b)`` for at most
    ``a + b * W`` characters, W the longest run of whitespace in the text
    (None: unbounded). Generous: zero-width checks count as characters."""
    a = b = 0
    for op, av in items:
        part: tuple[int, int] | None
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN, _sre.ANY):
            part = (1, 0)
        elif op is _sre.AT:
            part = (2, 0)
        elif op is _sre.SUBPATTERN:
            part = _reach_of(av[3])
        elif op is _ATOMIC_GROUP:
            part = _reach_of(av)
        elif op is _sre.BRANCH:
            parts = [_reach_of(sub) for sub in av[1]]
            known = [q for q in parts if q is not None]
            part = (max(q[0] for q in known), max(q[1] for q in known)) if len(known) == len(parts) else None
        elif op in _REPEATS:
            low, high, sub = av
            inner = _reach_of(sub)
            if inner is None:
                return None
            if high is _sre.MAXREPEAT:
                if not _is_space(sub):
                    return None
                part = (inner[0], 1)  # a whitespace run: at most W characters
            else:
                part = (high * inner[0], high * inner[1])
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            part = _reach_of(av[1]) if av[0] == 1 else (0, 0)
        else:
            return None
        if part is None:
            return None
        a, b = a + part[0], b + part[1]
    return a, b


def _is_space(items: Any) -> bool:
    """Whether a parsed sequence is one whitespace character (``\\s``, " ")."""
    if len(items) != 1:
        return False
    op, av = items[0]
    if op is _sre.LITERAL:
        return chr(av).isspace() and re.fullmatch(r"\s", chr(av)) is not None
    return op is _sre.IN and av == [(_sre.CATEGORY, _sre.CATEGORY_SPACE)]


def _literal_finder(literals: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of ``literals``, written as a trie ("arrest(?:ed|ing)?"):
    far fewer attempts per position than a flat alternation of many words."""
    trie = char_trie(set(literals))
    return re.compile(trie_pattern(trie)) if trie else None


def char_trie(words: Iterable[str]) -> dict[str, Any]:
    """``words`` as a character trie for :func:`trie_pattern`: nested dicts, ``""`` marking a word's end."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return trie


def trie_pattern(node: Mapping[str, Any], space: str | None = None) -> str:
    """Pattern of a character trie (key "" marks an end; ``space`` replaces " ")."""
    branches = [
        (space if char == " " and space else re.escape(char)) + trie_pattern(child, space)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class _KeySet:
    """Finds the keys of one set in a text (see :class:`Prefilter`)."""

    __slots__ = ("keys", "case", "folded", "digit", "longest", "in_text", "in_folded", "search_text", "search_folded")

    #: Up to this many keys, ``in`` tests are faster than one regex search.
    FEW = 6

    def __init__(self, keys: frozenset[_Key]) -> None:
        self.keys = keys
        self.case = _literal_finder(k for k, m in keys if m == "case")
        self.folded = _literal_finder(k for k, m in keys if m == "fold")
        self.digit = ("", "digit") in keys
        self.longest = max((len(k) for k, _ in keys), default=0)
        few = len(keys) <= self.FEW
        self.in_text = tuple(sorted(k for k, m in keys if m == "case")) if few else ()
        self.in_folded = tuple(sorted(k for k, m in keys if m == "fold")) if few else ()
        self.search_text = None if few else self.case
        self.search_folded = None if few else self.folded

    def occurs(self, text: str, folded: str) -> bool:
        """Whether a key of the set occurs in ``text`` (``folded`` = :func:`fold` of it)."""
        for key in self.in_folded:
            if key in folded:
                return True
        for key in self.in_text:
            if key in text:
                return True
        if self.search_folded is not None and self.search_folded.search(folded) is not None:
            return True
        if self.search_text is not None and self.search_text.search(text) is not None:
            return True
        return self.digit and _DIGIT.search(text) is not None

    def starts(self, text: str, folded: str) -> list[int]:
        """Where keys start (never a digit key); overlapping keys may be hidden."""
        found = [m.start() for m in self.case.finditer(text)] if self.case is not None else []
        if self.folded is not None:
            found += [m.start() for m in self.folded.finditer(folded)]
        return sorted(found)


class Prefilter:
    """Keys and reach of one compiled pattern (see the section comment).

    ``may_match(text, folded)`` is False only when the pattern cannot match
    anywhere in ``text``: every match holds a key of each of its key sets
    (the best one or two are checked). ``finditer(text, folded, whitespace)`` gives exactly the
    matches of ``pattern.finditer(text)``, running the pattern only near the
    keys of its best set.
    """

    __slots__ = ("_pattern", "_source", "sets", "anchor", "reach")

    def __init__(self, pattern: re.Pattern[str], keys_from: str | None = None) -> None:
        """``keys_from``: a pattern with the same matches to read the keys
        from (a flat word list where ``pattern`` has a trie)."""
        self._init(pattern, (pattern.pattern, pattern.flags), keys_from)

    @classmethod
    def for_keys(cls, source: str, flags: int = 0) -> Prefilter:
        """A prefilter of the pattern ``source`` whose keys are read now and
        whose pattern is compiled only if it is ever run (:attr:`pattern`):
        for a union of patterns that only gates others ("any cue", "any
        scope"), which a rule set never runs. Raises ``re.error`` on first
        use of :attr:`pattern` when ``source`` does not compile."""
        prefilter = cls.__new__(cls)
        prefilter._init(None, (source, flags), None)
        return prefilter

    def _init(self, pattern: re.Pattern[str] | None, source: tuple[str, int], keys_from: str | None) -> None:
        self._pattern = pattern
        self._source = source
        self.sets: tuple[_KeySet, ...] = ()
        self.anchor: _KeySet | None = None
        self.reach: tuple[int, int] | None = None
        try:
            self._read(source, keys_from)
        except Exception:  # noqa: BLE001 - private parser API: no prefilter, the plain pattern
            self.sets, self.anchor, self.reach = (), None, None

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled pattern (compiled on first use for :meth:`for_keys`)."""
        if self._pattern is None:
            self._pattern = re.compile(*self._source)
        return self._pattern

    def _read(self, source: tuple[str, int], keys_from: str | None) -> None:
        """Set the key sets, anchor and reach from the parsed pattern (none
        when the ``re`` internals cannot read it: the plain pattern runs)."""
        text, flags = source
        parsed = _parse(keys_from or text, flags)
        own = _parse(text, flags) if keys_from else parsed
        if parsed is None or own is None:
            return
        icase = bool(parsed.state.flags & re.I)
        found = sorted(set(_requirements(parsed, icase)), key=_quality, reverse=True)
        # the best set always; a second one only if it is selective (keys of 2+ characters)
        self.sets = tuple(
            _KeySet(keys) for i, keys in enumerate(found[:2]) if i == 0 or _quality(keys)[0] >= 2
        )
        anchors = [keys for keys in found if ("", "digit") not in keys]
        self.anchor = _KeySet(anchors[0]) if anchors else None
        self.reach = _reach_of(own) if own.getwidth()[0] > 0 else None

    def may_match(self, text: str, folded: str) -> bool:
        """False when a key set has no key in ``text`` (``folded`` = :func:`fold` of it)."""
        for keys in self.sets:
            if not keys.occurs(text, folded):
                return False
        return True

    def may_match_keys(self, present: frozenset[_Key] | set[_Key]) -> bool:
        """:meth:`may_match` of a text whose keys are ``present``
        (:meth:`KeyFinder.present` of a finder that knows this prefilter)."""
        for keys in self.sets:
            if keys.keys.isdisjoint(present):
                return False
        return True

    def finditer(
        self, text: str, folded: str, whitespace: int, found: dict[tuple[Any, Any], list[int]] | None = None
    ) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, searching only the windows around keys.

        ``whitespace`` is the length of the longest run of whitespace in
        ``text`` (see :func:`longest_space_run`). A match holds a key, so it
        starts at most ``reach`` characters before one; each window is
        searched with an end far enough that no attempt starting inside it
        sees the cut. ``found`` keeps the key positions for patterns of the
        same text that share keys (month names, weekdays).
        """
        if self.anchor is None or self.reach is None:
            yield from self.pattern.finditer(text)
            return
        reach = self.reach[0] + self.reach[1] * whitespace
        anchor = self.anchor
        identity = (anchor.case and anchor.case.pattern, anchor.folded and anchor.folded.pattern)
        starts = found.get(identity) if found is not None else None
        if starts is None:
            starts = self.anchor.starts(text, folded)
            if found is not None:
                found[identity] = starts
        windows = _windows(starts, reach, self.anchor.longest)
        end = 0  # matches never overlap: the next search starts after the last match
        for low, high in windows:
            pos = max(low, end)
            stop = min(len(text), high + reach + 4)
            while pos <= high:
                match = self.pattern.search(text, pos, stop)
                if match is None or match.start() > high:
                    break
                yield match
                pos = end = match.end()


class KeyFinder:
    """Finds which keys of many prefilters occur in a text, in one pass.

    ``present(text, folded)`` is the set of keys (of the prefilters given)
    found in ``text``; then ``prefilter.may_match_keys(present)`` equals
    ``prefilter.may_match(text, folded)`` for each of them, at the cost of a
    set test instead of a search per key set.

    A key made of word characters only occurs inside one run of word
    characters, so those keys are read per word: the keys inside a word are
    found once (a lookahead scan of a trie of the keys: at each position the
    longest key starting there, and the keys that are prefixes of it) and
    remembered in ``words`` (a cache of this finder, emptied when it grows
    past :attr:`MAX_WORDS`). Any other key ("per ", "last night", "£", a
    case-sensitive key) is tested with ``in``, and only when its *gate* was
    found in a word: its longest run of word characters (lower-cased), which
    any text holding the key holds inside a word ("night" for "last night");
    keys without a gate of two characters or more are always tested.

    ``bits(present)`` gives one bit per key set that has a key in a text and
    ``need(prefilter)`` the bits a prefilter needs (``bits & need == need``
    is ``may_match_keys``); ``text_bits(text, folded)`` gives those bits of a
    text directly, read per token.
    """

    __slots__ = (
        "scan", "closure", "word_keys", "gated", "gates", "ungated", "digit", "words", "set_bits", "key_bits",
        "token_bits", "ungated_bits",
    )

    #: The per-word cache is emptied past this many words (it stays small).
    MAX_WORDS = 50_000

    _WORD = re.compile(r"\w+")

    def __init__(self, prefilters: Iterable[Prefilter]) -> None:
        prefilters = list(prefilters)
        keys = {key for prefilter in prefilters for keyset in prefilter.sets for key in keyset.keys}
        # one bit per distinct key set; a key carries the bits of the sets holding it (see bits())
        self.set_bits: dict[frozenset[_Key], int] = {}
        for prefilter in prefilters:
            for keyset in prefilter.sets:
                self.set_bits.setdefault(keyset.keys, 1 << len(self.set_bits))
        self.key_bits: dict[_Key, int] = {}
        for keyset, bit in self.set_bits.items():
            for key in keyset:
                self.key_bits[key] = self.key_bits.get(key, 0) | bit
        self.digit = ("", "digit") in keys
        self.word_keys = {k for k, m in keys if m == "fold" and k and re.fullmatch(r"\w+", k)}
        others = sorted((k, m) for k, m in keys if m in ("fold", "case") and k and k not in self.word_keys or m == "case")
        gated: dict[str, list[_Key]] = {}
        ungated: list[_Key] = []
        for key, mode in others:
            gate = max(re.findall(r"\w+", key.lower()), key=len, default="")
            if len(gate) >= 2 and gate.isascii() and gate == fold(gate):
                gated.setdefault(gate, []).append((key, mode))
            else:
                ungated.append((key, mode))
        self.gated = {gate: tuple(found) for gate, found in gated.items()}
        self.gates = frozenset((gate, "gate") for gate in gated)
        self.ungated = tuple(ungated)
        self.ungated_bits = tuple((key, mode, self.key_bits.get((key, mode), 0)) for key, mode in ungated)
        self.words: dict[str, frozenset[_Key]] = {}
        # a token's key-set bits and the gated keys (with their bits) its gates open (see text_bits)
        self.token_bits: dict[str, tuple[int, tuple[tuple[str, str, int], ...]]] = {}
        self.scan: re.Pattern[str] | None = None
        self.closure: dict[str, frozenset[_Key]] = {}
        scanned = self.word_keys | set(gated)
        if scanned:
            self.scan = re.compile("(?=(" + trie_pattern(char_trie(scanned)) + "))")
            self.closure = {
                key: frozenset(
                    [(key[:i], "fold") for i in range(1, len(key) + 1) if key[:i] in self.word_keys]
                    + [(key[:i], "gate") for i in range(1, len(key) + 1) if key[:i] in gated]
                )
                for key in scanned
            }

    def _scanned(self, word: str) -> frozenset[_Key]:
        """The word keys and gates inside ``word`` (a piece of a folded text)."""
        keys: set[_Key] = set()
        if self.scan is not None:
            for key in set(self.scan.findall(word)):
                keys |= self.closure[key]
        return frozenset(keys)

    def _in_word(self, word: str) -> frozenset[_Key]:
        """The word keys and gates inside ``word`` (a run of word characters of a folded text)."""
        if len(self.words) >= self.MAX_WORDS:
            self.words.clear()
        found = self.words[word] = self._scanned(word)
        return found

    def present(self, text: str, folded: str) -> set[_Key]:
        """The keys that occur in ``text`` (``folded`` = :func:`fold` of it),
        with the gates found (``(gate, "gate")``, in no key set)."""
        found: set[_Key] = set()
        words = self.words
        for word in set(self._WORD.findall(folded)):
            keys = words.get(word)
            if keys is None:
                keys = self._in_word(word)
            if keys:
                found |= keys
        for gate, _ in self.gates.intersection(found):
            for key, mode in self.gated[gate]:
                if key in (folded if mode == "fold" else text):
                    found.add((key, mode))
        for key, mode in self.ungated:
            if key in (folded if mode == "fold" else text):
                found.add((key, mode))
        if self.digit and _DIGIT.search(text) is not None:
            found.add(("", "digit"))
        return found

    def text_bits(self, text: str, folded: str) -> int:
        """``bits(present(text, folded))``, found without building the set of keys.

        The keys read per word (word keys and gates, made of word characters
        only) found inside a whitespace-separated token of ``folded`` are
        those found inside its runs of word characters (a run never holds
        whitespace, and a key found in a token lies inside one run), so they
        are read per token: ``str.split`` instead of a regex scan, with a
        token's bits and the gated keys its gates open remembered in
        ``token_bits`` (emptied past :attr:`MAX_WORDS`, like ``words``).
        """
        tokens = self.token_bits
        found = 0
        opened: list[tuple[str, str, int]] = []
        for token in folded.split():
            known = tokens.get(token)
            if known is None:
                known = self._token(token)
            found |= known[0]
            if known[1]:
                opened += known[1]
        for key, mode, bit in opened:
            if found & bit != bit and key in (folded if mode == "fold" else text):
                found |= bit
        for key, mode, bit in self.ungated_bits:
            if found & bit != bit and key in (folded if mode == "fold" else text):
                found |= bit
        if self.digit and _DIGIT.search(text) is not None:
            found |= self.key_bits.get(("", "digit"), 0)
        return found

    def _token(self, token: str) -> tuple[int, tuple[tuple[str, str, int], ...]]:
        """(key-set bits, gated keys opened) of one token of a folded text (see :meth:`text_bits`)."""
        keys = self._scanned(token)
        bits = self.bits(keys)
        opened = tuple(
            (key, mode, self.key_bits.get((key, mode), 0))
            for gate, _ in self.gates.intersection(keys)
            for key, mode in self.gated[gate]
        )
        if len(self.token_bits) >= self.MAX_WORDS:
            self.token_bits.clear()
        found = self.token_bits[token] = (bits, opened)
        return found

    def bits(self, present: set[_Key] | frozenset[_Key]) -> int:
        """The key sets that have a key in ``present`` (:meth:`present` of a
        text), one bit each: ``bits & need == need``, with ``need`` =
        :meth:`need` of a prefilter given to this finder, equals that
        prefilter's ``may_match_keys(present)``, at the cost of two integer
        operations instead of a method call and a set test per key set."""
        key_bits = self.key_bits
        found = 0
        for key in present:
            found |= key_bits.get(key, 0)
        return found

    def need(self, prefilter: Prefilter) -> int:
        """The bits of ``prefilter``'s key sets (see :meth:`bits`; 0 for one
        without key sets, which may match anywhere). Raises ``KeyError`` for
        a prefilter with key sets this finder was not given."""
        need = 0
        for keyset in prefilter.sets:
            need |= self.set_bits[keyset.keys]
        return need


def _windows(starts: Sequence[int], reach: int, longest_key: int) -> list[tuple[int, int]]:
    """Merged ranges of positions where a match may start.

    A match holding a key found at ``k`` starts in ``[k - reach, k]``; a key
    hidden by an overlapping one found at ``k`` starts before
    ``k + longest_key``.
    """
    merged: list[tuple[int, int]] = []
    for k in starts:
        low, high = max(0, k - reach), k + longest_key
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


_SPACE_RUN = re.compile(r"\s\s+")  # the runs of \s{2,}, found in 0.6 of the time


def longest_space_run(text: str) -> int:
    """Length of the longest run of whitespace characters in ``text`` (at least 1)."""
    return max(map(len, _SPACE_RUN.findall(text)), default=1)


_CATEGORY_CLASS = {
    _op("CATEGORY_SPACE"): r"\s",
    _op("CATEGORY_DIGIT"): r"\d",
    _op("CATEGORY_WORD"): r"\w",
}
_ZERO_WIDTH = tuple(op for op in map(_op, ("AT", "ASSERT", "ASSERT_NOT")) if op is not None)


def _first_chars(items: Any, index: int = 0) -> set[str] | None:
    """Class items (``a``, ``\\s``, ``a-z``) of every character a match of the
    parsed sequence ``items[index:]`` can start with; None when unknown or
    when the sequence can match the empty string."""
    for i in range(index, len(items)):
        op, av = items[i]
        if op is _sre.LITERAL:
            return {re.escape(chr(av))}
        if op is _sre.IN:
            found: set[str] = set()
            for item_op, item_av in av:
                if item_op is _sre.LITERAL:
                    found.add(re.escape(chr(item_av)))
                elif item_op is _sre.RANGE:
                    found.add(f"{re.escape(chr(item_av[0]))}-{re.escape(chr(item_av[1]))}")
                elif item_op is _sre.CATEGORY and item_av in _CATEGORY_CLASS:
                    found.add(_CATEGORY_CLASS[item_av])
                else:  # a negated class, another category
                    return None
            return found
        if op is _sre.SUBPATTERN:
            if av[1] or av[2]:  # local flags
                return None
            inner = _first_chars(av[3])
            if inner is None:
                return None
            return inner
        if op is _sre.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                chars = _first_chars(branch)
                if chars is None:
                    return None
                union |= chars
            return union
        if op in _REPEATS:
            inner = _first_chars(av[2])
            if inner is None:
                return None
            if av[0] >= 1:
                return inner
            rest = _first_chars(items, i + 1)  # the repeat may be skipped
            return None if rest is None else inner | rest
        if op in _ZERO_WIDTH:  # \b, lookarounds: the first character comes after
            continue
        return None
    return None


def _scanned_fast(items: Any) -> bool:
    """Whether Python's engine already skips ahead to where ``items`` can
    start (a first literal or class, alternatives opening with literals, an
    anchor at the start of the text): a lookahead prefilter would only slow it down."""
    if not items:
        return False
    op, av = items[0]
    if op is _sre.SUBPATTERN:
        return _scanned_fast(list(av[3]))
    if op in (_sre.LITERAL, _sre.IN):
        return True
    if op is _sre.BRANCH:
        return all(branch and list(branch)[0][0] is _sre.LITERAL for branch in av[1])
    return op is _sre.AT and av in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING)


def first_char_prefilter(pattern: str, flags: int = 0) -> str:
    """``pattern`` behind a lookahead of the characters its matches can start
    with (``(?=[;,\\s])(?:...)``): the same matches, found faster, since
    Python's engine then rejects most positions with one class test instead of
    trying every alternative. ``pattern`` is returned as it is when its first
    characters cannot be read (a negated class, local flags, an empty match,
    ``re`` internals missing) or where the engine already skips ahead (a
    pattern opening with a literal or a class)."""
    parsed = _parse(pattern, flags)
    if parsed is None:
        return pattern
    try:
        chars = _first_chars(list(parsed))
        fast = _scanned_fast(list(parsed))
    except Exception:  # noqa: BLE001 - private parser API: leave the pattern
        return pattern
    if not chars or fast or parsed.state.flags & ~re.UNICODE != flags & ~re.UNICODE:  # inline global flags
        return pattern
    with_lookahead = "(?=[" + "".join(sorted(chars)) + "])(?:" + pattern + ")"
    try:
        re.compile(with_lookahead, flags)
    except re.error:
        return pattern
    return with_lookahead


#: Every character ``\s`` matches (``str.isspace``; ``tests/extract/test_prefilter.py`` checks the list).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: The leading parts :func:`grouped_alternation` writes once, with the characters each can start with.
_SHARED_LEADS = {r",?\s+": "," + WHITESPACE, r",\s+": ",", r"\s+": WHITESPACE}


def _start_class(pattern: str, flags: int) -> re.Pattern[str] | None:
    """A compiled class of every character a match of ``pattern`` can start
    with (those of a lookahead it opens with, when nothing follows that);
    None when unknown."""
    parsed = _parse(pattern, flags)
    if parsed is None:
        return None
    try:
        items = list(parsed)
        chars = _first_chars(items)
        if chars is None and len(items) == 1 and items[0][0] is _sre.ASSERT and items[0][1][0] == 1:
            chars = _first_chars(list(items[0][1][1]))
        if not chars:
            return None
        return re.compile("[" + "".join(sorted(chars)) + "]", flags)
    except Exception:  # noqa: BLE001 - private parser API: unknown
        return None


def _shared_lead(branch: str, flags: int) -> tuple[str, str] | None:
    """``(lead, rest)`` when ``branch`` is a lead of :data:`_SHARED_LEADS`
    followed by a ``rest`` that cannot start with whitespace (so the lead's
    ``\\s+`` always takes the whole run of spaces), else None."""
    parsed = _parse(branch, flags)
    if parsed is None or len(parsed) < 2 or parsed[0][0] is _sre.BRANCH:
        return None
    if re.search(r"\(\?P=|\\[1-9]", branch):  # a back-reference: group numbers must not move
        return None
    for lead in _SHARED_LEADS:
        rest = branch[len(lead):]
        if not branch.startswith(lead) or not rest or rest[0] in "?*+{":
            continue
        starts = _start_class(rest, flags)
        if starts is not None and not any(starts.match(c) for c in WHITESPACE):
            return lead, rest
        return None
    return None


def _open_slot(slots: Sequence[tuple[str | None, list[str], list[re.Pattern[str] | None]]], lead: str) -> int | None:
    """Index of the last slot of :func:`grouped_alternation` with ``lead``, when
    no slot after it can start with one of the lead's characters (else None)."""
    chars = _SHARED_LEADS[lead]
    for j in range(len(slots) - 1, -1, -1):
        if slots[j][0] == lead:
            return j
        if any(cls is None or any(cls.match(c) for c in chars) for cls in slots[j][2]):
            return None
    return None


def grouped_alternation(branches: Sequence[str], flags: int = 0) -> str:
    """The alternation ``(?:b1)|(?:b2)|...`` of ``branches``, with the
    alternatives that open with the same lead (``\\s+``, ``,\\s+`` or
    ``,?\\s+``) written as one: ``\\s+(?:(?:and ...)|(?:who ...))``.

    Python's engine tries the alternatives one by one at every position, so
    twelve alternatives opening with ``\\s+`` read each run of spaces twelve
    times; grouped, once. The matches (spans and named groups) are the same:

    - an alternative joins a group only when what follows its lead cannot
      start with whitespace, so the lead's ``\\s+`` can only succeed by
      taking the whole run of spaces, as it does alone;
    - it moves up to the group's place only past alternatives that cannot
      start where the lead starts (their first characters, read from the
      parsed pattern, hold none of the lead's): at any position the
      alternatives that can match are tried in the original order.

    An alternative whose first characters cannot be read stops any group
    from moving past it; one with a back-reference is never grouped (the
    numbers of unnamed groups may change, names do not). Without the ``re``
    internals the plain alternation is returned.
    """
    plain = "|".join(f"(?:{b})" for b in branches)
    if not internals_available():
        return plain
    slots: list[tuple[str | None, list[str], list[re.Pattern[str] | None]]] = []  # lead, members, start classes
    for branch in branches:
        shared = _shared_lead(branch, flags)
        start = _start_class(branch, flags)
        if shared is None:
            slots.append((None, [branch], [start]))
            continue
        lead, rest = shared
        j = _open_slot(slots, lead)
        if j is None:
            slots.append((lead, [rest], [start]))
        else:
            slots[j][1].append(rest)
            slots[j][2].append(start)
    parts = []
    for lead, members, _ in slots:
        if lead is None or len(members) == 1:
            parts.append(f"(?:{lead or ''}{members[0]})")
        else:
            parts.append(f"(?:{lead}(?:" + "|".join(f"(?:{m})" for m in members) + "))")
    return "|".join(parts)


# ------------------------------------------------- required literals (agencies)

#: At most this many clauses of at most this many literals make a prefilter.
_MAX_CLAUSES, _MAX_LITERALS = 3, 32


def required_literals(regex: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Clauses of literals that a text must contain for ``regex`` to match in it.

    Read from the parsed pattern: a run of case-sensitive literal characters
    in a sequence is a clause of one literal; a group, a positive look-around
    and a repetition of at least once add the clauses of their content; an
    alternation adds one clause, the union of the best clause of each branch
    (none if a branch has none). Case-insensitive parts, classes, optional
    parts and negative look-arounds add nothing, and a pattern the parser
    cannot read (or ``re`` internals missing) gets no clauses: ``()``
    requires nothing. The best few clauses (longest shortest literal first)
    are kept.
    """
    parsed = _parse(regex.pattern, regex.flags)
    if parsed is None:
        return ()
    try:
        clauses = _clauses(parsed, bool(regex.flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001 - private parser API: any surprise means "no prefilter"
        return ()
    kept = sorted({tuple(dict.fromkeys(c)) for c in clauses if len(c) <= _MAX_LITERALS}, key=_strength)
    return tuple(kept[:_MAX_CLAUSES])


def _strength(clause: tuple[str, ...]) -> tuple[int, int]:
    """Sort key: clauses with longer (rarer) literals, then fewer literals, first."""
    return -min(map(len, clause)), len(clause)


def _clauses(items: Iterable[Any], ignorecase: bool) -> list[tuple[str, ...]]:
    """Clauses of a parsed sequence (see :func:`required_literals`)."""
    clauses: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL and not ignorecase:
            run.append(chr(av))
            continue
        if run:
            clauses.append(("".join(run),))
            run = []
        clauses += _item_clauses(op, av, ignorecase)
    if run:
        clauses.append(("".join(run),))
    return clauses


def _item_clauses(op: Any, av: Any, ignorecase: bool) -> list[tuple[str, ...]]:
    """Clauses of one parsed item: group, look-around, alternation or repetition."""
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        if add_flags & re.IGNORECASE:
            ignorecase = True
        elif del_flags & re.IGNORECASE:
            ignorecase = False
        return _clauses(sub, ignorecase)
    if op is _sre.ASSERT:  # positive look-ahead or look-behind
        return _clauses(av[1], ignorecase)
    if op is _sre.BRANCH:
        union: list[str] = []
        for branch in av[1]:
            clauses = _clauses(branch, ignorecase)
            if not clauses:
                return []
            union += min(clauses, key=_strength)
        return [tuple(union)]
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
        return _clauses(av[2], ignorecase)
    return []
