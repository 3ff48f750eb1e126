"""Quoted speech in a release and who said it.

Method
------
The body is read paragraph by paragraph (one line is one paragraph), with
the conventions of English press writing:

- **Marks.** Double marks (“ ” and straight ") open and close quotations;
  they are treated as one family because releases mix them
  (``said: "... servitude.”``). Single curly marks (‘ ’) open a quotation
  only right after an attribution ("said: ‘") or at the start of a paragraph
  that continues one, because ’ is also the apostrophe and ‘...’ marks scare
  quotes ("the ‘lover boy’ method"). Other marks („ ‟) are ignored.
- **Speech, not scare quotes.** A quotation counts as speech when it opens a
  paragraph, follows an attribution ("said: “", "added “"), follows another
  quotation's sentence in the same paragraph, or is followed by an
  attribution ("..., ” she said"). Mid-sentence quoted words ("clicking on
  “Customise Cookies”", "spot the signs") are skipped.
- **Paragraphs.** A quotation that runs over several paragraphs (each
  paragraph opens with a mark, only the last one closes) is ONE ``Quote``
  spanning all its paragraphs: ``body[start:end]`` then holds the inner line
  breaks and the opening marks of the later paragraphs, exactly as printed.
  A paragraph that does not open with a mark ends the quotation at the end
  of the previous paragraph. A capture truncated mid-quotation keeps the
  quotation to the end of the body.
- **Unmarked speech.** After an attribution that ends its paragraph with a
  colon ("Paul Whitehouse, Chair of the Gangmasters Licensing Authority
  said:") the next paragraph is speech even without an opening mark, up to
  its closing mark or its end; a following paragraph that has no opening
  mark but ends with a closing one is speech by the same speaker. Further
  unmarked paragraphs are not taken (nothing marks where the speech ends).

Attribution
-----------
The speaker phrase is the text before the speech verb ("said", "added",
"told ... that"), before the quotation in the same paragraph or ending the
previous paragraph, or after the closing mark ("” said X", "” she said").
It is split at commas: the segment with a personal name gives the name
(the last one to three capitalised words that are not ranks, titles or
organisation words), the words before the name give the rank or title and
a leading organisation ("GLAA Chief Executive Paul Broadbent", "Suffolk
Police Detective Chief Inspector Angus Moir"); other segments give the
organisation ("from Azalea", "Chair of the Gangmasters Licensing Authority",
"NPCC lead for County Lines"). Ranks and titles come from the ``roles`
section of ``releasekit/data/quote_rules.yaml`` (:class:`QuoteRules`).
A pronoun ("He added:", "” she said") is the most recent person named before
it (a speaker or a narrative mention such as "Home Office minister Victoria
Atkins MP"); a quotation that opens a paragraph after another quotation,
with no attribution of its own, is by the same speaker. A surname alone
("Mr Hyland", "DCI Cobley") is completed from an earlier full name in the
body. Organisations are kept as written.

Rules
-----
Every word list the method uses (speech verbs, ranks and titles,
honorifics, post-nominal letters, pronouns, organisation heads, words that
end a name) is data: ``releasekit/data/quote_rules.yaml``, read and checked
by :meth:`QuoteRules.load`. :func:`extract_quotes` and :func:`parse_speaker`
take the rules as ``rules=``; ``None`` is :meth:`QuoteRules.default`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from typing import Iterator, Mapping, Sequence


from releasekit.extract.prefilter import Prefilter, fold
from releasekit.rulefiles import RuleFileError, load_cached, packaged_path, read_rule_file
from releasekit.rulefiles import where_short as _where
from releasekit.text import Sentence

__all__ = ["Quote", "QuoteRules", "QuoteRulesError", "Speaker", "extract_quotes", "parse_speaker"]

_DOUBLE_OPEN = "“\""
#: Any opening mark: a double one or the single curly one.
_OPEN_MARK = re.compile("[" + _DOUBLE_OPEN + "‘]")
#: Patterns of the hot paths, compiled once (a module-level ``re.fullmatch(str, ...)``
#: looks its pattern up in ``re``'s cache at every call).
_NAME_WORD = re.compile(r"[A-Z][\w’'-]*")  # a capitalised word: can be part of a name
_ACRONYM = re.compile(r"[A-Z]{2,}[a-z]?")  # "GLAA", "PCs": never part of a name
_COMMA = re.compile(r",\s*")  # splits a speaker phrase into segments
_FROM = re.compile(r"^(?:from|From)\s+(?:the\s+)?")  # "from the" opening an organisation
_COUNTED_WORD = re.compile(r"[A-Za-z0-9£][\w’'£.,%-]*")  # a word of a quotation (``n_words``)
_SINGLE_CLOSE = re.compile(r"[.!?,;]’(?=[\s.,;:)]|$)|’\s*$")  # the ’ closing a ‘ quotation
_LINE = re.compile(r"[^\n]+")
_DOUBLE_CLOSE = "”\""


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted speech: ``body[start:end] == quote`` (outer marks excluded).

    One row of the ``quotes`` table (docs/tables.md; codebook sections 6
    and 9: a quotation over several paragraphs is one quote).
    """

    #: The person quoted, as named in the release ("Katie Dounias"); None when unknown.
    speaker: str | None
    #: Rank or title before the name ("Detective Chief Inspector"), as written; None when not given.
    speaker_role: str | None
    #: The speaker's organisation as written ("Bedfordshire Police", "GLAA"); None when not given.
    organisation: str | None
    #: The quoted words without the outer marks; may span paragraphs (inner line breaks kept).
    quote: str
    #: Character offset of the first quoted character in the body (0-based).
    start: int
    #: Character offset after the last quoted character.
    end: int
    #: Number of words in ``quote`` (tokens starting with a letter, digit or £).
    n_words: int


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said it, as written: a personal name, its rank or title, its organisation."""

    name: str
    role: str | None = None
    organisation: str | None = None


# --------------------------------------------------------------------------
# Rules as data


class QuoteRulesError(RuleFileError):
    """A quote rules file that cannot be used.

    The message names the file, the section and the rule:
    ``quote_rules.yaml, speech_verbs, rule 'intro': must be a list of non-empty strings``.
    """


#: Sections of quote_rules.yaml and the rules each must hold (``None``: any
#: named rules, at least one).
_SECTIONS: Mapping[str, tuple[str, ...] | None] = {
    "roles": None,
    "speech_verbs": ("intro", "after_quote"),
    "names": ("honorifics", "postnominals", "stop_words", "small_words"),
    "pronouns": ("pronouns",),
    "organisations": ("heads",),
    "speaker_phrase": ("lead_ins", "clauses"),
}


def _words(source: str, section: str, rule: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        bad = next((v for v in value if not (isinstance(v, str) and v.strip())), None) if isinstance(value, list) else value
        raise QuoteRulesError(
            f"{_where(source, section, rule)}: must be a non-empty list of non-empty strings "
            f"(got {bad!r}; quote words such as on, yes, no that YAML reads as booleans)"
        )
    twice = sorted({v for v in value if value.count(v) > 1})
    if twice:
        raise QuoteRulesError(f"{_where(source, section, rule)}: {twice[0]!r} is listed twice")
    return tuple(value)


def _alternation(words: Sequence[str], *, longest_first: bool = False) -> str:
    """A regex alternation matching any of ``words`` literally."""
    if longest_first:
        words = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The regexes compiled from a :class:`QuoteRules` (built once per rules object)."""

    role: re.Pattern[str]
    org: re.Pattern[str]
    intro: re.Pattern[str]
    speech_verb: re.Pattern[str]
    speech_before: re.Pattern[str]
    speech_before_span: int
    trailing: re.Pattern[str]
    mention: re.Pattern[str]
    mention_prefilter: Prefilter
    postnominals: re.Pattern[str]
    postnominal_span: int  # longest postnominal: how far from the end one can start
    of_the: re.Pattern[str]  # "Head of the Unit": role, then organisation
    of_the_key: re.Pattern[str]  # what every of_the match contains
    lead_in: re.Pattern[str]
    clause: re.Pattern[str]
    honorific: str  # alternation, for the surname search of _complete


def _compile(rules: QuoteRules) -> _Patterns:
    roles = _alternation(rules.roles, longest_first=True)
    verbs = _alternation(rules.speech_verbs)
    after_verbs = _alternation(rules.after_quote_verbs)
    pronouns = "|".join(re.escape(p) for p in rules.pronouns if p.islower())  # after a mark: ", she said"
    honorifics = _alternation(rules.honorifics)
    name = r"(?P<name>[A-Z][a-z][\w’'-]*\s+[A-Z][\w’'-]+)"
    mention = re.compile(
        r"(?:(?<![\w-])(?:" + roles + r")\s+" + name + r")"
        r"|(?:" + name.replace("name", "name2") + r",\s+(?:[A-Z][\w’'-]*\s+){0,3}(?:" + roles + r")\b)"
    )
    return _Patterns(
        role=re.compile(r"(?<![\w-])(?:" + roles + r")(?![\w-])"),
        # an organisation at the start of a phrase ("Suffolk Constabulary’s", "GLAA")
        org=re.compile(
            r"^(?:the\s+)?(?P<org>(?:[A-Z][\w’'&.-]*\s+){0,4}(?:" + _alternation(rules.organisation_heads) + r")"
            r"|[A-Z]{2,}[a-z]?)(?:['’]s)?(?![\w-])\s*(?P<rest>.*)$"
        ),
        # speaker phrase, speech verb and tail before a quotation or a colon
        intro=re.compile(r"(?P<who>[^.!?“”\"]*?)\s*,?\s*\b(?P<verb>" + verbs + r")\b(?P<tail>[^“”\"‘]*)$"),
        speech_verb=re.compile(r"\b(?:" + verbs + r")\b"),
        # text just before an opening mark that makes it speech ("said: ")
        speech_before=re.compile(r"\b(?:" + verbs + r")\b[^“”\"‘’.]{0,40}?[:,]?\s*$"),
        # how far before the trailing whitespace a speech_before match can
        # start: the longest verb, 40 characters and a colon or comma
        speech_before_span=max(map(len, rules.speech_verbs)) + 40 + 1,
        # attribution right after a closing mark: ", she said", " said X"
        trailing=re.compile(
            r"\s*,?\s*(?:(?P<pron>" + pronouns + r")\s+(?:" + after_verbs + r")\b"
            r"|(?:" + after_verbs + r")\s+(?P<after>[A-Z][^.;:“”\"!?]*)"
            r"|(?P<before>(?:[A-Z][\w’'-]*\s+){1,6}?)(?:" + after_verbs + r")\b)"
        ),
        # a named person in narrative text: "minister Victoria Atkins MP", "Matt Horne, Deputy ..."
        mention=mention,
        # its keys (role words): a paragraph with none of them names nobody
        mention_prefilter=Prefilter(mention),
        postnominals=re.compile(r"\s+(?:" + _alternation(rules.postnominals) + r")(?=\s*(?:,|$))"),
        postnominal_span=max(map(len, rules.postnominals)),
        of_the=re.compile(r"(?P<role>.+?)\s+(?:of|at)\s+the\s+(?P<org>.+)$"),
        of_the_key=re.compile(r"\s(?:of|at)\s+the\s"),
        lead_in=re.compile(
            r"^(?:" + _alternation(rules.lead_ins) + r")\b[^,]*?"
            r"(?:,\s*|\s+(?=(?:" + honorifics + r")\b))"
        ),
        clause=re.compile(r"(?:" + _alternation(rules.clause_words) + r")\b"),
        honorific=honorifics,
    )


@dataclass(frozen=True, eq=False)
class QuoteRules:
    """The word lists of quote extraction (``releasekit/data/quote_rules.yaml``).

    Build one with :meth:`load` (any file) or :meth:`default` (the packaged
    file); pass it to :func:`extract_quotes` / :func:`parse_speaker` as
    ``rules=``. Compared and hashed by identity; the regexes are compiled
    once, when the object is made.
    """

    #: Ranks and titles that stand before a name, in file order (``roles``; matched longest first, case-sensitively).
    roles: tuple[str, ...]
    #: Verbs that attribute speech before or around a quotation (``speech_verbs: intro``).
    speech_verbs: tuple[str, ...]
    #: Verbs that attribute speech right after a closing mark (``speech_verbs: after_quote``).
    after_quote_verbs: tuple[str, ...]
    #: Titles that belong to a name ("Mr", "Dr") (``names: honorifics``).
    honorifics: tuple[str, ...]
    #: Letters after a name that are dropped ("MP", "QPM") (``names: postnominals``).
    postnominals: tuple[str, ...]
    #: Words never part of a personal name (``names: stop_words``).
    name_stop_words: frozenset[str]
    #: Words after which a capitalised word is not a name (``names: small_words``).
    small_words: frozenset[str]
    #: Pronouns that refer to the person named last (``pronouns: pronouns``); the
    #: lowercase ones also attribute a quotation after its closing mark (", she said").
    pronouns: tuple[str, ...]
    #: Words that close an organisation's name (``organisations: heads``).
    organisation_heads: tuple[str, ...]
    #: Words opening a phrase dropped before the speaker ("Speaking after ...") (``speaker_phrase: lead_ins``).
    lead_ins: tuple[str, ...]
    #: Words opening a comma segment that is not the speaker ("who ...") (``speaker_phrase: clauses``).
    clause_words: tuple[str, ...]
    #: The file the rules were read from (for messages).
    source: str = "<quote rules>"
    _patterns: _Patterns = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_patterns", _compile(self))

    @classmethod
    def from_data(cls, data: object, source: str = "<quote rules>") -> QuoteRules:
        """Check parsed YAML (see :meth:`load`) and build the rules.

        Raises :class:`QuoteRulesError` naming ``source``, the section and the rule.
        """
        if not isinstance(data, Mapping):
            raise QuoteRulesError(f"{_where(source)}: the file must hold a mapping of sections")
        unknown = sorted(map(str, set(data) - set(_SECTIONS)))
        if unknown:
            raise QuoteRulesError(f"{_where(source, unknown[0])}: unknown section; known: {sorted(_SECTIONS)}")
        words: dict[str, dict[str, tuple[str, ...]]] = {}
        for section, required in _SECTIONS.items():
            rules = data.get(section)
            if not isinstance(rules, Mapping) or not rules:
                raise QuoteRulesError(f"{_where(source, section)}: section missing or not a mapping of named word lists")
            if required is not None:
                extra = sorted(map(str, set(rules) - set(required)))
                if extra:
                    raise QuoteRulesError(f"{_where(source, section, extra[0])}: unknown rule; known: {list(required)}")
                missing = [r for r in required if r not in rules]
                if missing:
                    raise QuoteRulesError(f"{_where(source, section, missing[0])}: rule missing")
            words[section] = {str(name): _words(source, section, str(name), value) for name, value in rules.items()}
        return cls(
            roles=tuple(w for rule in words["roles"].values() for w in rule),
            speech_verbs=words["speech_verbs"]["intro"],
            after_quote_verbs=words["speech_verbs"]["after_quote"],
            honorifics=words["names"]["honorifics"],
            postnominals=words["names"]["postnominals"],
            name_stop_words=frozenset(words["names"]["stop_words"]),
            small_words=frozenset(words["names"]["small_words"]),
            pronouns=words["pronouns"]["pronouns"],
            organisation_heads=words["organisations"]["heads"],
            lead_ins=words["speaker_phrase"]["lead_ins"],
            clause_words=words["speaker_phrase"]["clauses"],
            source=source,
        )

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> QuoteRules:
        """Read and check the quote rules file at ``path``.

        Raises :class:`QuoteRulesError` naming the file (and, where it
        applies, the section and rule) when the file cannot be read, is not
        YAML, has an unknown or missing section or rule, or a rule that is
        not a non-empty list of distinct non-empty strings.
        """
        source = os.fspath(path)
        data = read_rule_file(source, error=QuoteRulesError, label=_where(source))
        return cls.from_data(data, source)

    @classmethod
    def default(cls) -> QuoteRules:
        """The packaged rules (``releasekit/data/quote_rules.yaml``).

        Cached on the file's (path, mtime_ns, size): an edited file is read again.
        """
        return load_cached(cls.load, packaged_path("quote_rules.yaml"))


def _intro_search(text: str, pat: _Patterns, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """``pat.intro.search(text[start:end])``, started where a match can start
    (offsets of the match are into ``text``: passing the bounds instead of a
    slice spares a copy of the paragraph before each quotation mark).

    The pattern's speaker phrase holds none of ``.!?“”"`` and its tail no
    quotation mark, so a match starts after the last of those characters
    before the first speech verb that follows every quotation mark. Searching
    from there gives the same match without trying (and failing at) every
    earlier start, which costs time in the square of the paragraph length.
    """
    end = len(text) if end is None else end
    last_mark = max(text.rfind(mark, start, end) for mark in "“”\"‘")
    verb = pat.speech_verb.search(text, max(last_mark + 1, start), end)
    if verb is None:
        return None
    stop = max(text.rfind(char, start, verb.start()) for char in ".!?“”\"")
    return pat.intro.search(text, max(stop + 1, start), end)


def _is_after_intro(text: str, pat: _Patterns, start: int = 0, stripped: int | None = None, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` ends with an attribution (``pat.speech_before``).

    The pattern is anchored at the end, so only the tail is searched: a
    match ends in the trailing whitespace and starts at most
    ``pat.speech_before_span`` characters before it. ``stripped`` is the
    end of ``text[start:end]`` without its trailing whitespace (found here
    when None).
    """
    end = len(text) if end is None else end
    if stripped is None:
        stripped = start + len(text[start:end].rstrip())
    return pat.speech_before.search(text, max(start, stripped - pat.speech_before_span - 1), end) is not None


def _ends_sentence(text: str, start: int = 0, stripped: int | None = None, end: int | None = None) -> bool:
    r"""Whether ``text[start:end]`` ends a sentence: ``[.!?]``, an optional closing mark, then whitespace.

    The same test as ``re.search(r"[.!?][”\"’]?\s+$", text[start:end])`` (``\s`` and
    ``str.rstrip`` strip the same characters), reading only the tail: the
    search scanned the whole text before each quotation mark of a paragraph,
    so a paragraph of many marks cost time quadratic in its length.
    ``stripped`` is the end of the text without its trailing whitespace
    (found here when None).
    """
    end = len(text) if end is None else end
    if stripped is None:
        stripped = start + len(text[start:end].rstrip())
    if stripped == end:
        return False
    if stripped > start and text[stripped - 1] in ".!?":
        return True
    return stripped - start >= 2 and text[stripped - 1] in "”\"’" and text[stripped - 2] in ".!?"


# --------------------------------------------------------------------------
# Speaker phrases


def _name_at_end(segment: str, rules: QuoteRules) -> tuple[str, str] | None:
    """Split ``segment`` into (words before the name, name) or None."""
    pat = rules._patterns
    segment = _drop_postnominals(segment.strip().rstrip(","), pat)
    name: list[int] = []  # starts of the name's words
    for word_start, word in _last_words(segment, 3):
        is_name_word = (
            _NAME_WORD.fullmatch(word) is not None
            and not _ACRONYM.fullmatch(word)
            and word not in rules.name_stop_words
        )
        if not is_name_word or len(name) == 2:
            break
        name.insert(0, word_start)
    if not name:
        return None
    start = name[0]
    before = segment[:start].rstrip()
    previous = before.rsplit(None, 1)[-1] if before else ""
    if previous in rules.honorifics:
        start = segment.rfind(previous, 0, start)
        before = segment[:start].rstrip()
    elif previous.lower() in rules.small_words or previous.endswith(("’s", "'s")) and not before:
        return None
    elif len(name) == 1 and not (before and pat.role.search(previous)):
        return None
    return before, segment[start:]


def _drop_postnominals(segment: str, pat: _Patterns) -> str:
    """``pat.postnominals.sub("", segment)``, searching only the end of a
    comma-free segment: there a match (whitespace, a postnominal, then only
    whitespace) ends within the trailing whitespace, so it starts in the
    whitespace run before the last ``postnominal_span`` characters or later."""
    if "," in segment:
        return pat.postnominals.sub("", segment)
    start = max(0, len(segment.rstrip()) - pat.postnominal_span - 1)
    while start > 0 and segment[start - 1].isspace():
        start -= 1
    if start == 0:
        return pat.postnominals.sub("", segment)
    return segment[:start] + pat.postnominals.sub("", segment[start:])


def _last_words(text: str, n: int) -> list[tuple[int, str]]:
    r"""(start, word) of the last ``n`` words of ``text`` (runs of non-space
    characters), last first: what ``re.finditer(r"[^\s]+", text)`` ends with,
    read from the end only (a speaker phrase may be a long run of capitals)."""
    found: list[tuple[int, str]] = []
    end = len(text)
    while len(found) < n:
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == 0:
            break
        start = end
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        found.append((start, text[start:end]))
        end = start
    return found


def _role_org(text: str, pat: _Patterns) -> tuple[str | None, str | None]:
    """Split a title phrase into (role, organisation)."""
    text = text.strip(" ,")
    if not text:
        return None, None
    if pat.role.fullmatch(text):
        return text, None
    # every match contains an of_the_key match: text without one is not searched
    of_the = pat.of_the.match(text) if "the" in text and pat.of_the_key.search(text) else None
    if of_the and pat.role.search(of_the["role"]):
        return of_the["role"], of_the["org"]
    org = pat.org.match(text)
    if org:
        return (org["rest"].strip() or None), org["org"]
    return text, None


def _is_from(segment: str) -> bool:
    return segment.startswith(("from ", "From "))


#: "of" or "from" before a capitalised word (an organisation may follow).
_OF = re.compile(r"(?:^|\s)(?:of|Of|from|From)\s+(?=(?:the\s+)?[A-Z])")


def _of_organisation(segment: str, pat: _Patterns) -> list[str]:
    """A speaker segment with its organisation after "of" apart, as a "from"
    segment: "of the Crown Prosecution Service" -> ["from the Crown
    Prosecution Service"] (a comma segment, like "from ..."), "Detective
    Sergeant Mark Ellis of Kent Police" -> ["Detective Sergeant Mark Ellis",
    "from Kent Police"]. Inside a segment only an organisation that ends it
    (closed by an organisation head, ``organisations: heads``) is split off:
    "Head of the Unit Jane Smith" stays whole."""
    if segment.startswith(("of ", "Of ")) and _OF.match(segment):
        return ["from " + segment[3:]]
    for match in _OF.finditer(segment):
        if match.start() == 0:
            continue
        rest = segment[match.end():]
        org = pat.org.match(rest)
        if org is not None and not org.group("rest"):
            return [segment[: match.start()].rstrip(), "from " + rest]
    return [segment]


def parse_speaker(phrase: str, *, rules: QuoteRules | None = None) -> Speaker | None:
    """Read name, role and organisation from a speaker phrase.

    ``phrase`` is the text before a speech verb or after a closing mark;
    ``rules`` defaults to :meth:`QuoteRules.default`. Returns ``None`` when
    the phrase names no person ("who led the operation").

    >>> parse_speaker("Detective Chief Inspector Katie Dounias, from Bedfordshire Police")
    Speaker(name='Katie Dounias', role='Detective Chief Inspector', organisation='Bedfordshire Police')
    >>> parse_speaker("GLAA Chief Executive Paul Broadbent")
    Speaker(name='Paul Broadbent', role='Chief Executive', organisation='GLAA')
    """
    rules = rules or QuoteRules.default()
    pat = rules._patterns
    phrase = pat.lead_in.sub("", phrase.strip())
    segments = [s.strip() for s in _COMMA.split(phrase) if s.strip()]
    segments = [s for s in segments if not pat.clause.match(s)]
    segments = [part for s in segments for part in _of_organisation(s, pat)]
    found = None
    for index, segment in enumerate(segments):
        if _is_from(segment):
            continue
        split = _name_at_end(segment, rules)
        if split:
            found = index, split
            break
    if found is None:
        return None
    index, (before, name) = found
    role: str | None = None
    org: str | None = None
    from_org = next((_FROM.sub("", s) for s in segments if _is_from(s)), None)
    if before:
        if from_org:
            role = before
        else:
            role, org = _role_org(before, pat)
    for other in segments[:index] + segments[index + 1 :]:
        if _is_from(other):
            continue
        extra_role, extra_org = _role_org(other, pat)
        role = role or extra_role
        org = org or extra_org
    return Speaker(name=name, role=role, organisation=from_org or org)


# --------------------------------------------------------------------------
# People named so far (pronouns and surnames)


def _complete(speaker: Speaker, people: Sequence[tuple[int, Speaker]], body: str, rules: QuoteRules) -> Speaker:
    """Complete "Mr Hyland" / "Cobley" from an earlier full name; inherit what is missing."""
    words = speaker.name.split()
    surname = words[-1]
    if len(words) >= 2 and words[0] not in rules.honorifics:
        earlier = next((p for _, p in reversed(people) if p.name == speaker.name), None)
    else:
        earlier = next(
            (p for _, p in reversed(people) if p.name.split()[-1] == surname and len(p.name.split()) >= 2
             and p.name.split()[0] not in rules.honorifics),
            None,
        )
        if earlier is None:
            honorific = rules._patterns.honorific
            match = re.search(r"\b(?!(?:" + honorific + r")\b)([A-Z][a-z]+)\s+" + re.escape(surname) + r"\b", body)
            if match and match.group(1) not in rules.name_stop_words:
                return replace(speaker, name=f"{match.group(1)} {surname}")
            return speaker
    if earlier is None:
        return speaker
    return Speaker(
        name=earlier.name,
        role=speaker.role or earlier.role,
        organisation=speaker.organisation or earlier.organisation,
    )


def _resolve_who(
    who: str, pos: int, people: Sequence[tuple[int, Speaker]], body: str, rules: QuoteRules
) -> Speaker | None:
    """Speaker for a phrase: a pronoun is the last person named before ``pos``."""
    who = who.strip(" ,")
    if who in rules.pronouns:
        return next((p for at, p in reversed(people) if at < pos), None)
    speaker = parse_speaker(who, rules=rules) if who else None
    return _complete(speaker, people, body, rules) if speaker else None


def _mentions(text: str, offset: int, body: str, people: list[tuple[int, Speaker]], rules: QuoteRules) -> None:
    """Add people named in narrative text to ``people``."""
    pat = rules._patterns
    if not pat.mention_prefilter.may_match(text, fold(text)):
        return
    for match in pat.mention.finditer(text):
        start = match.start()
        lookback = max(0, start - 1_000)  # bounded: a comma-free page of capitals costs linear time
        phrase_start = text.rfind(",", lookback, start)
        speaker = parse_speaker(text[phrase_start + 1 if phrase_start >= 0 else lookback : match.end()].strip(), rules=rules)
        if speaker is None:
            speaker = Speaker(name=match["name"] or match["name2"])
        people.append((offset + start, _complete(speaker, people, body, rules)))


# --------------------------------------------------------------------------
# Marks and spans


def _paragraphs(body: str) -> Iterator[tuple[int, int]]:
    for match in _LINE.finditer(body):
        if match.group().strip():
            yield match.start(), match.end()


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces (and a trailing comma) from a span."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] == ","):
        end -= 1
    return start, end


def _n_words(text: str) -> int:
    return len(_COUNTED_WORD.findall(text))


def _find_close(body: str, pos: int, end: int, family: str) -> int | None:
    """Position of the closing mark of a quotation opened before ``pos``."""
    if family == "double":
        for index in range(pos, end):
            if body[index] in _DOUBLE_CLOSE:
                return index
        return None
    match = _SINGLE_CLOSE.search(body, pos, end)
    return match.start() + (1 if body[match.start()] != "’" else 0) if match else None


def _first_mark(text: str) -> str | None:
    stripped = text.lstrip()
    if stripped[:1] in _DOUBLE_OPEN:
        return "double"
    if stripped[:1] == "‘":
        return "single"
    return None


def _make(body: str, start: int, end: int, speaker: Speaker | None) -> Quote | None:
    start, end = _trim(body, start, end)
    if end <= start:
        return None
    text = body[start:end]
    return Quote(
        speaker=speaker.name if speaker else None,
        speaker_role=speaker.role if speaker else None,
        organisation=speaker.organisation if speaker else None,
        quote=text,
        start=start,
        end=end,
        n_words=_n_words(text),
    )


# --------------------------------------------------------------------------
# Reading a body paragraph by paragraph


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """One line of the body: ``body[start:end] == text``; ``family`` of its first mark."""

    start: int
    end: int
    text: str
    family: str | None  # "double", "single" or None (does not open with a mark)


@dataclass(frozen=True, slots=True)
class _Open:
    """A quotation still open at the end of a paragraph."""

    start: int
    family: str
    speaker: Speaker | None


@dataclass(slots=True)
class _Reading:
    """What one call of :func:`extract_quotes` has read so far (local to the call)."""

    body: str
    rules: QuoteRules
    quotes: list[Quote] = field(default_factory=list)
    #: people named so far: (offset, speaker), in text order
    people: list[tuple[int, Speaker]] = field(default_factory=list)
    open_quote: _Open | None = None
    last_para_end: int = 0
    #: what the previous paragraph was: narrative | quote | intro | intro_speech
    prev_kind: str = "narrative"
    intro_speaker: Speaker | None = None

    def emit(self, start: int, end: int, speaker: Speaker | None) -> None:
        """Record the quotation ``body[start:end]`` (trimmed) and its speaker."""
        quote = _make(self.body, start, end, speaker)
        if quote:
            self.quotes.append(quote)
            if speaker:
                self.people.append((start, speaker))

    def last_speaker_before(self, pos: int) -> Speaker | None:
        return next((p for at, p in reversed(self.people) if at < pos), None)

    def resolve(self, who: str, pos: int) -> Speaker | None:
        return _resolve_who(who, pos, self.people, self.body, self.rules)

    def end_paragraph(self, para: _Paragraph, kind: str) -> None:
        self.prev_kind = kind
        self.last_para_end = para.end


def _continue_open(reading: _Reading, para: _Paragraph) -> int | None:
    """Carry an open quotation into ``para``.

    A paragraph opening with a mark of the same family continues it: the
    quotation closes here (returns the position after the closing mark) or
    runs on (``reading.open_quote`` stays set, returns None). Any other
    paragraph ends it at the end of the previous paragraph (returns None).
    """
    assert reading.open_quote is not None
    open_quote = reading.open_quote
    if para.family != open_quote.family:
        reading.emit(open_quote.start, reading.last_para_end, open_quote.speaker)
        reading.open_quote = None
        return None
    lead = len(para.text) - len(para.text.lstrip())
    close = _find_close(reading.body, para.start + lead + 1, para.end, open_quote.family)
    if close is None:
        return None
    reading.emit(open_quote.start, close, open_quote.speaker)
    reading.open_quote = None
    return close + 1


def _unmarked_speech(reading: _Reading, para: _Paragraph) -> bool:
    """Take ``para`` as speech without an opening mark; whether it was.

    After "X said:" the paragraph is speech up to its closing mark or its
    end; after a quotation, a paragraph whose one mark closes at its end
    continues the speech (an orphan closing mark).
    """
    body = reading.body
    if para.family is not None:
        return False
    if reading.prev_kind == "intro_speech":
        # unmarked speech after "X said:"
        close = _find_close(body, para.start, para.end, "double")
        reading.emit(para.start, close if close is not None else para.end, reading.intro_speaker)
    elif (
        reading.prev_kind == "quote"
        and sum(para.text.count(mark) for mark in "“”\"‘") == 1
        and re.search(r"[”\"][.\s]*$", para.text)
    ):
        # orphan closing mark: speech continued without an opening mark
        close = _find_close(body, para.start, para.end, "double")
        assert close is not None
        reading.emit(para.start, close, reading.last_speaker_before(para.start))
    else:
        return False
    reading.end_paragraph(para, "quote")
    return True


@dataclass(frozen=True, slots=True)
class _Mark:
    """An opening mark in a paragraph and what surrounds it: the paragraph
    text before it is ``body[para.start:index]``, read through offsets (a
    copy of it before each mark cost time quadratic in the paragraph)."""

    index: int  # offset of the mark in the body
    family: str  # "double" or "single"
    at_start: bool  # nothing but spaces before it in the paragraph
    after_intro: bool  # the text before it ends with an attribution ("said: ")
    after_sentence: bool  # it follows the sentence of an earlier quotation
    after_colon: bool  # the text before it ends with a colon and spaces


def _mark_at(reading: _Reading, para: _Paragraph, index: int, had_speech: bool) -> _Mark:
    body = reading.body
    # ``stripped``: the end of the text before the mark without its trailing spaces
    # (``len(before.rstrip())`` in the body's offsets; each space is read once per mark
    # that follows it directly, and marks are not spaces)
    stripped = index
    while stripped > para.start and body[stripped - 1].isspace():
        stripped -= 1
    return _Mark(
        index=index,
        family="single" if body[index] == "‘" else "double",
        at_start=stripped == para.start,
        after_intro=_is_after_intro(body, reading.rules._patterns, para.start, stripped, index),
        after_sentence=had_speech and _ends_sentence(body, para.start, stripped, index),
        after_colon=stripped > para.start and body[stripped - 1] == ":",
    )


def _single_opens_speech(mark: _Mark, prev_kind: str) -> bool:
    """‘ opens speech only right after "said: " or at the start of a paragraph continuing speech."""
    return (mark.after_intro and mark.after_colon) or (
        mark.at_start and prev_kind in ("quote", "intro", "intro_speech")
    )


def _attribute(
    reading: _Reading, para: _Paragraph, mark: _Mark, trailing: re.Match[str] | None, had_speech: bool
) -> Speaker | None:
    """The speaker of the quotation opened by ``mark``.

    In order: the attribution before the mark ("X said: “"), the one after
    its closing mark ("” she said"), the speaker of a preceding "X said:"
    paragraph, the last speaker (a quotation continuing earlier speech).
    """
    speaker: Speaker | None = None
    if mark.after_intro:
        intro = _intro_search(reading.body, reading.rules._patterns, para.start, mark.index)
        if intro:
            speaker = reading.resolve(intro["who"], intro.start())
    if speaker is None and trailing:
        who = trailing["pron"] or trailing["after"] or trailing["before"] or ""
        speaker = reading.resolve(who, mark.index)
    if speaker is None and mark.at_start and reading.prev_kind in ("intro", "intro_speech"):
        speaker = reading.intro_speaker
    elif speaker is None and (mark.at_start or mark.after_sentence) and (reading.prev_kind == "quote" or had_speech):
        speaker = reading.last_speaker_before(mark.index)
    return speaker


def _scan_marks(reading: _Reading, para: _Paragraph, pos: int, had_speech: bool) -> bool:
    """Read the quotations opened in ``para`` from ``pos``; whether it holds speech.

    A mark opens speech when it opens the paragraph, follows an
    attribution or an earlier quotation's sentence, or is followed by an
    attribution; other quoted words (scare quotes) are skipped. A
    quotation not closed in the paragraph is left in ``reading.open_quote``.
    """
    body = reading.body
    pat = reading.rules._patterns
    while pos < para.end:
        found = _OPEN_MARK.search(body, pos, para.end)
        if found is None:
            break
        mark = _mark_at(reading, para, found.start(), had_speech)
        if mark.family == "single" and not _single_opens_speech(mark, reading.prev_kind):
            pos = mark.index + 1
            continue
        close = _find_close(body, mark.index + 1, para.end, mark.family)
        trailing = pat.trailing.match(body, close + 1, para.end) if close is not None else None
        if not (mark.at_start or mark.after_intro or mark.after_sentence or trailing):
            # scare quotes: skip to after their closing mark
            pos = (close + 1) if close is not None else mark.index + 1
            continue
        speaker = _attribute(reading, para, mark, trailing, had_speech)
        had_speech = True
        if close is None:
            reading.open_quote = _Open(mark.index + 1, mark.family, speaker)
            break
        reading.emit(mark.index + 1, close, speaker)
        pos = close + 1
    return had_speech


def _classify(reading: _Reading, para: _Paragraph, had_speech: bool) -> None:
    """Close ``para``: speech, an attribution ending in a colon, or narrative.

    "X said:" ending a paragraph makes the next one speech by X
    (``intro_speech``); a colon without a speech verb (``intro``) lets a
    quotation opening the next paragraph take the previous speaker. People
    named in narrative are remembered for pronouns and surnames.
    """
    body, rules = reading.body, reading.rules
    text = para.text
    if had_speech or reading.open_quote is not None:
        kind = "quote"
    elif text.rstrip().endswith(":"):
        intro = _intro_search(text.rstrip()[:-1], rules._patterns)
        reading.intro_speaker = reading.resolve(intro["who"], para.start + intro.start()) if intro else None
        kind = "intro_speech" if intro else "intro"
        if reading.intro_speaker:
            reading.people.append((para.start, reading.intro_speaker))
        if not intro:
            _mentions(text, para.start, body, reading.people, rules)
    else:
        _mentions(text, para.start, body, reading.people, rules)
        kind = "narrative"
    reading.end_paragraph(para, kind)


def _read_paragraph(reading: _Reading, para: _Paragraph) -> None:
    """Read one paragraph: an open quotation, unmarked speech, then its marks."""
    pos, had_speech = para.start, False
    if reading.open_quote is not None:
        resumed = _continue_open(reading, para)
        if reading.open_quote is not None:  # the quotation runs on past this paragraph
            reading.end_paragraph(para, "quote")
            return
        if resumed is not None:
            pos, had_speech = resumed, True
    if not had_speech and _unmarked_speech(reading, para):
        return
    had_speech = _scan_marks(reading, para, pos, had_speech)
    _classify(reading, para, had_speech)


def extract_quotes(
    body: str, sentences: Sequence[Sentence] = (), *, rules: QuoteRules | None = None
) -> list[Quote]:
    """Quoted speech in ``body`` with its speaker, in text order.

    Returns :class:`Quote` rows (the ``quotes`` table, docs/tables.md) with
    ``body[start:end] == quote``. ``sentences`` is accepted for the shared
    extractor interface; quotations are read by paragraph, because they
    cross sentence boundaries. ``rules`` defaults to
    :meth:`QuoteRules.default`. Never raises on text; see the module
    docstring for the method.
    """
    del sentences
    reading = _Reading(body, rules or QuoteRules.default())
    for start, end in _paragraphs(body):
        text = body[start:end]
        _read_paragraph(reading, _Paragraph(start, end, text, _first_mark(text)))
    if reading.open_quote is not None:
        # a capture truncated mid-quotation keeps it to the end of the body
        reading.emit(reading.open_quote.start, reading.last_para_end, reading.open_quote.speaker)
    return reading.quotes
