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
"NPCC lead for County Lines"). Ranks and titles come from :data:`ROLES`.
A pronoun ("He added:", "” she said") is the most recent person named before
it (a speaker or a narrative mention such as "Home Office minister Victoria
Atkins MP"); a quotation that opens a paragraph after another quotation,
with no attribution of its own, is by the same speaker. A surname alone
("Mr Hyland", "DCI Cobley") is completed from an earlier full name in the
body. Organisations are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterator, Sequence

from releasekit.extract.prefilter import Prefilter, fold
from releasekit.text import Sentence

__all__ = ["ROLES", "Quote", "extract_quotes", "parse_speaker"]

#: Ranks and titles that stand before a name (data: extend here). Matched
#: longest first and case-sensitively, so "Chief Inspector" is not read as
#: "Inspector".
ROLES: tuple[str, ...] = (
    # police ranks, full and abbreviated
    "Detective Chief Superintendent", "Detective Superintendent", "Detective Chief Inspector",
    "Detective Inspector", "Detective Sergeant", "Detective Constable", "Chief Superintendent",
    "Superintendent", "Chief Inspector", "Inspector", "Sergeant", "Police Constable", "Constable",
    "Chief Constable", "Deputy Chief Constable", "Assistant Chief Constable",
    "Temporary Chief Constable", "Commander", "Deputy Assistant Commissioner",
    "Assistant Commissioner", "Deputy Commissioner", "Commissioner",
    "Det Ch Supt", "Det Supt", "Det Ch Insp", "Det Insp", "Det Sgt", "Det Con", "Ch Supt",
    "Ch Insp", "Supt", "Insp", "Sgt", "DCS", "DSupt", "DCI", "DI", "DS", "DC", "PC", "PCSO",
    "ACC", "DCC",
    # titles
    "Police and Crime Commissioner", "Senior Investigating Officer", "Chief Executive Officer",
    "Chief Executive", "Chief Operating Officer", "Chairwoman", "Chairman", "Chair",
    "Deputy Director General", "Director General", "Director", "Deputy Director",
    "Head", "Lead", "Minister", "minister", "Secretary", "Home Secretary", "Prime Minister",
    "Commissioner", "Officer", "Advisor", "Adviser", "Coordinator", "Co-ordinator", "Manager",
    "Prosecutor", "Chief Crown Prosecutor", "District Crown Prosecutor", "Specialist Prosecutor",
)

#: Words that end a personal name when read backwards (ranks, titles and
#: organisation words are never part of a name).
_STOP_WORDS: frozenset[str] = frozenset(
    """
    Detective Chief Inspector Superintendent Sergeant Constable Commander Commissioner
    Officer Investigating Senior Executive Chair Chairman Chairwoman Director Deputy General
    Head Lead Minister Secretary Advisor Adviser Coordinator Co-ordinator Manager President
    Assistant Acting Temporary Insp Supt Sgt Det Ch Con Prosecutor Crown District Specialist
    Police Constabulary Council Authority Agency Office Service Services Unit Team Force
    Commission Department Ministry Army Cross Trust Network Centre Partnership Government
    Helpline Charity Operations Operation Enforcement The A An This That These Those
    Speaking Commenting He She They It We Our Mr Mrs Ms Miss Dr Sir
    """.split()
)

#: Words that close an organisation name ("Suffolk Police", "Home Office").
_ORG_HEADS = (
    r"Police|Constabulary|Council|Authority|Agency|Office|Service|Services|Unit|Team|"
    r"Commission|Department|Ministry|Army|Cross|Trust|Network|Centre|Partnership|Government|"
    r"Helpline|Crimestoppers|Brigade"
)
_HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir")
_POSTNOMINALS = ("MP", "KPM", "QPM", "OBE", "MBE", "CBE", "QC", "KC", "DL", "JP", "MEP", "AM", "MSP")
_SPEECH_VERBS = (
    "said", "says", "added", "adds", "commented", "comments", "explained", "stated", "continued",
    "concluded", "warned", "urged", "remarked", "told",
)
_PRONOUNS = frozenset({"he", "she", "they", "He", "She", "They"})
_SMALL_WORDS = frozenset({"of", "for", "the", "and", "from", "at", "in", "on", "to", "by", "with"})

_DOUBLE_OPEN = "“\""
#: Any opening mark: a double one or the single curly one.
_OPEN_MARK = re.compile("[" + _DOUBLE_OPEN + "‘]")
_DOUBLE_CLOSE = "”\""


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted speech: ``body[start:end] == quote`` (outer marks excluded)."""

    speaker: str | None
    speaker_role: str | None
    organisation: str | None
    quote: str
    start: int
    end: int
    n_words: int


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said it, as written."""

    name: str
    role: str | None = None
    organisation: str | None = None


# --------------------------------------------------------------------------
# Patterns


@lru_cache(maxsize=1)
def _role_pattern() -> re.Pattern[str]:
    roles = sorted(set(ROLES), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(r) for r in roles) + r")(?![\w-])")


@lru_cache(maxsize=1)
def _org_pattern() -> re.Pattern[str]:
    """An organisation at the start of a phrase ("Suffolk Constabulary’s", "GLAA")."""
    return re.compile(
        r"^(?:the\s+)?(?P<org>(?:[A-Z][\w’'&.-]*\s+){0,4}(?:" + _ORG_HEADS + r")"
        r"|[A-Z]{2,}[a-z]?)(?:['’]s)?(?![\w-])\s*(?P<rest>.*)$"
    )


@lru_cache(maxsize=1)
def _intro_pattern() -> re.Pattern[str]:
    """Speaker phrase, speech verb and tail before a quotation or a colon."""
    verbs = "|".join(_SPEECH_VERBS)
    return re.compile(r"(?P<who>[^.!?“”\"]*?)\s*,?\s*\b(?P<verb>" + verbs + r")\b(?P<tail>[^“”\"‘]*)$")


def _intro_search(text: str) -> re.Match[str] | None:
    """``_intro_pattern().search(text)``, started where a match can start.

    The pattern's speaker phrase holds none of ``.!?“”"`` and its tail no
    quotation mark, so a match starts after the last of those characters
    before the first speech verb that follows every quotation mark. Searching
    from there gives the same match without trying (and failing at) every
    earlier start, which costs time in the square of the paragraph length.
    """
    last_mark = max(text.rfind(mark) for mark in "“”\"‘")
    verb = _speech_verb().search(text, last_mark + 1)
    if verb is None:
        return None
    stop = max(text.rfind(char, 0, verb.start()) for char in ".!?“”\"")
    return _intro_pattern().search(text, stop + 1)


@lru_cache(maxsize=1)
def _speech_verb() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(_SPEECH_VERBS) + r")\b")


@lru_cache(maxsize=1)
def _speech_before() -> re.Pattern[str]:
    """Text just before an opening mark that makes it speech ("said: ")."""
    verbs = "|".join(_SPEECH_VERBS)
    return re.compile(r"\b(?:" + verbs + r")\b[^“”\"‘’.]{0,40}?[:,]?\s*$")


#: How far before the trailing whitespace a :func:`_speech_before` match can
#: start: the longest verb, 40 characters and a colon or comma.
_SPEECH_BEFORE_SPAN = max(map(len, _SPEECH_VERBS)) + 40 + 1


def _is_after_intro(before: str) -> bool:
    """Whether ``before`` ends with an attribution (``_speech_before``).

    The pattern is anchored at the end, so only the tail is searched: a
    match ends in the trailing whitespace and starts at most
    ``_SPEECH_BEFORE_SPAN`` characters before it.
    """
    start = max(0, len(before.rstrip()) - _SPEECH_BEFORE_SPAN - 1)
    return _speech_before().search(before, start) is not None


def _ends_sentence(before: str) -> bool:
    r"""Whether ``before`` ends a sentence: ``[.!?]``, an optional closing mark, then whitespace.

    The same test as ``re.search(r"[.!?][”\"’]?\s+$", before)`` (``\s`` and
    ``str.rstrip`` strip the same characters), reading only the tail: the
    search scanned the whole text before each quotation mark of a paragraph,
    so a paragraph of many marks cost time quadratic in its length.
    """
    stripped = before.rstrip()
    if len(stripped) == len(before):
        return False
    if stripped[-1:] in (".", "!", "?"):
        return True
    return len(stripped) >= 2 and stripped[-1] in "”\"’" and stripped[-2] in ".!?"


@lru_cache(maxsize=1)
def _trailing_pattern() -> re.Pattern[str]:
    """Attribution right after a closing mark: ", she said", " said X"."""
    verbs = "said|says|added|adds|explained|continued|concluded|warned|told"
    return re.compile(
        r"\s*,?\s*(?:(?P<pron>he|she|they)\s+(?:" + verbs + r")\b"
        r"|(?:" + verbs + r")\s+(?P<after>[A-Z][^.;:“”\"!?]*)"
        r"|(?P<before>(?:[A-Z][\w’'-]*\s+){1,6}?)(?:" + verbs + r")\b)"
    )


@lru_cache(maxsize=1)
def _mention_prefilter() -> Prefilter:
    """Keys of :func:`_mention_pattern` (its role words): a paragraph with
    none of them names nobody and is not searched."""
    return Prefilter(_mention_pattern())


@lru_cache(maxsize=1)
def _mention_pattern() -> re.Pattern[str]:
    """A named person in narrative text: "minister Victoria Atkins MP", "Matt Horne, Deputy ..."."""
    name = r"(?P<name>[A-Z][a-z][\w’'-]*\s+[A-Z][\w’'-]+)"
    roles = "|".join(re.escape(r) for r in sorted(set(ROLES), key=len, reverse=True))
    return re.compile(
        r"(?:(?<![\w-])(?:" + roles + r")\s+" + name + r")"
        r"|(?:" + name.replace("name", "name2") + r",\s+(?:[A-Z][\w’'-]*\s+){0,3}(?:" + roles + r")\b)"
    )


# --------------------------------------------------------------------------
# Speaker phrases


def _strip_postnominals(text: str) -> str:
    return re.sub(r"\s+(?:" + "|".join(_POSTNOMINALS) + r")(?=\s*(?:,|$))", "", text)


def _name_at_end(segment: str) -> tuple[str, str] | None:
    """Split ``segment`` into (words before the name, name) or None."""
    segment = _strip_postnominals(segment.strip().rstrip(","))
    tokens = list(re.finditer(r"[^\s]+", segment))
    name: list[re.Match[str]] = []
    for token in reversed(tokens):
        word = token.group()
        is_name_word = (
            re.fullmatch(r"[A-Z][\w’'-]*", word) is not None
            and not re.fullmatch(r"[A-Z]{2,}[a-z]?", word)
            and word not in _STOP_WORDS
        )
        if not is_name_word or len(name) == 2:
            break
        name.insert(0, token)
    if not name:
        return None
    start = name[0].start()
    before = segment[:start].rstrip()
    previous = before.split()[-1] if before.split() else ""
    if previous in _HONORIFICS:
        start = segment.rfind(previous, 0, start)
        before = segment[:start].rstrip()
    elif previous.lower() in _SMALL_WORDS or previous.endswith(("’s", "'s")) and not before:
        return None
    elif len(name) == 1 and not (before and _role_pattern().search(before.split()[-1] if before.split() else "")):
        return None
    return before, segment[start:]


def _role_org(text: str) -> tuple[str | None, str | None]:
    """Split a title phrase into (role, organisation)."""
    text = text.strip(" ,")
    if not text:
        return None, None
    if _role_pattern().fullmatch(text):
        return text, None
    of_the = re.match(r"(?P<role>.+?)\s+(?:of|at)\s+the\s+(?P<org>.+)$", text)
    if of_the and _role_pattern().search(of_the["role"]):
        return of_the["role"], of_the["org"]
    org = _org_pattern().match(text)
    if org:
        return (org["rest"].strip() or None), org["org"]
    return text, None


def parse_speaker(phrase: str) -> Speaker | None:
    """Read name, role and organisation from a speaker phrase.

    >>> parse_speaker("Detective Chief Inspector Katie Dounias, from Bedfordshire Police")
    Speaker(name='Katie Dounias', role='Detective Chief Inspector', organisation='Bedfordshire Police')
    >>> parse_speaker("GLAA Chief Executive Paul Broadbent")
    Speaker(name='Paul Broadbent', role='Chief Executive', organisation='GLAA')
    """
    phrase = re.sub(
        r"^(?:Speaking|Commenting|Talking|Responding|Reacting|Writing)\b[^,]*?"
        r"(?:,\s*|\s+(?=(?:" + "|".join(_HONORIFICS) + r")\b))",
        "",
        phrase.strip(),
    )
    segments = [s.strip() for s in re.split(r",\s*", phrase) if s.strip()]
    segments = [s for s in segments if not re.match(r"(?:who|which|whose|speaking|as)\b", s)]
    found = None
    for index, segment in enumerate(segments):
        if segment.startswith(("from ", "From ")):
            continue
        split = _name_at_end(segment)
        if split:
            found = index, split
            break
    if found is None:
        return None
    index, (before, name) = found
    role: str | None = None
    org: str | None = None
    from_org = next(
        (re.sub(r"^(?:from|From)\s+(?:the\s+)?", "", s) for s in segments if s.startswith(("from ", "From "))),
        None,
    )
    if before:
        if from_org:
            role = before
        else:
            role, org = _role_org(before)
    for other in segments[:index] + segments[index + 1 :]:
        if other.startswith(("from ", "From ")):
            continue
        extra_role, extra_org = _role_org(other)
        role = role or extra_role
        org = org or extra_org
    return Speaker(name=name, role=role, organisation=from_org or org)


# --------------------------------------------------------------------------
# People named so far (pronouns and surnames)


def _complete(speaker: Speaker, people: Sequence[tuple[int, Speaker]], body: str) -> Speaker:
    """Complete "Mr Hyland" / "Cobley" from an earlier full name; inherit what is missing."""
    words = speaker.name.split()
    surname = words[-1]
    if len(words) >= 2 and words[0] not in _HONORIFICS:
        earlier = next((p for _, p in reversed(people) if p.name == speaker.name), None)
    else:
        earlier = next(
            (p for _, p in reversed(people) if p.name.split()[-1] == surname and len(p.name.split()) >= 2
             and p.name.split()[0] not in _HONORIFICS),
            None,
        )
        if earlier is None:
            match = re.search(r"\b(?!(?:" + "|".join(_HONORIFICS) + r")\b)([A-Z][a-z]+)\s+" + re.escape(surname) + r"\b", body)
            if match and match.group(1) not in _STOP_WORDS:
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
    who: str, pos: int, people: Sequence[tuple[int, Speaker]], body: str
) -> Speaker | None:
    """Speaker for a phrase: a pronoun is the last person named before ``pos``."""
    who = who.strip(" ,")
    if who in _PRONOUNS:
        return next((p for at, p in reversed(people) if at < pos), None)
    speaker = parse_speaker(who) if who else None
    return _complete(speaker, people, body) if speaker else None


def _mentions(text: str, offset: int, body: str, people: list[tuple[int, Speaker]]) -> None:
    """Add people named in narrative text to ``people``."""
    if not _mention_prefilter().may_match(text, fold(text)):
        return
    for match in _mention_pattern().finditer(text):
        start = match.start()
        lookback = max(0, start - 1_000)  # bounded: a comma-free page of capitals costs linear time
        phrase_start = text.rfind(",", lookback, start)
        speaker = parse_speaker(text[phrase_start + 1 if phrase_start >= 0 else lookback : match.end()].strip())
        if speaker is None:
            speaker = Speaker(name=match["name"] or match["name2"])
        people.append((offset + start, _complete(speaker, people, body)))


# --------------------------------------------------------------------------
# Scanning


def _paragraphs(body: str) -> Iterator[tuple[int, int]]:
    for match in re.finditer(r"[^\n]+", body):
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
    return len(re.findall(r"[A-Za-z0-9£][\w’'£.,%-]*", text))


def _find_close(body: str, pos: int, end: int, family: str) -> int | None:
    """Position of the closing mark of a quotation opened before ``pos``."""
    if family == "double":
        for index in range(pos, end):
            if body[index] in _DOUBLE_CLOSE:
                return index
        return None
    match = re.compile(r"[.!?,;]’(?=[\s.,;:)]|$)|’\s*$").search(body, pos, end)
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


def extract_quotes(body: str, sentences: Sequence[Sentence] = ()) -> list[Quote]:
    """Quoted speech in ``body`` with its speaker, in text order.

    ``sentences`` is accepted for the shared extractor interface; quotations
    are read by paragraph, because they cross sentence boundaries.
    """
    del sentences
    quotes: list[Quote] = []
    people: list[tuple[int, Speaker]] = []
    # an open quotation: (start, family, speaker)
    open_quote: tuple[int, str, Speaker | None] | None = None
    last_para_end = 0
    prev_kind = "narrative"  # narrative | quote | intro | intro_speech
    intro_speaker: Speaker | None = None

    def emit(start: int, end: int, speaker: Speaker | None) -> None:
        quote = _make(body, start, end, speaker)
        if quote:
            quotes.append(quote)
            if speaker:
                people.append((start, speaker))

    def last_speaker_before(pos: int) -> Speaker | None:
        return next((p for at, p in reversed(people) if at < pos), None)

    for p_start, p_end in _paragraphs(body):
        text = body[p_start:p_end]
        lead = len(text) - len(text.lstrip())
        pos = p_start
        had_speech = False
        family_here = _first_mark(text)

        if open_quote is not None:
            q_start, family, speaker = open_quote
            if family_here == family:
                pos = p_start + lead + 1
                close = _find_close(body, pos, p_end, family)
                if close is None:
                    prev_kind = "quote"
                    last_para_end = p_end
                    continue
                emit(q_start, close, speaker)
                open_quote = None
                pos = close + 1
                had_speech = True
            else:
                emit(q_start, last_para_end, speaker)
                open_quote = None

        if not had_speech and prev_kind == "intro_speech" and family_here is None:
            # unmarked speech after "X said:"
            close = _find_close(body, p_start, p_end, "double")
            emit(p_start, close if close is not None else p_end, intro_speaker)
            prev_kind = "quote"
            last_para_end = p_end
            continue
        if (
            not had_speech
            and prev_kind == "quote"
            and family_here is None
            and sum(text.count(mark) for mark in "“”\"‘") == 1
            and re.search(r"[”\"][.\s]*$", text)
        ):
            # orphan closing mark: speech continued without an opening mark
            close = _find_close(body, p_start, p_end, "double")
            assert close is not None
            emit(p_start, close, last_speaker_before(p_start))
            prev_kind = "quote"
            last_para_end = p_end
            continue

        while pos < p_end:
            found = _OPEN_MARK.search(body, pos, p_end)
            if found is None:
                break
            index = found.start()
            mark = body[index]
            family = "single" if mark == "‘" else "double"
            before = body[p_start:index]
            at_start = not before.strip()
            after_intro = _is_after_intro(before)
            after_sentence = had_speech and _ends_sentence(before)
            if family == "single" and not (
                (after_intro and before.rstrip().endswith(":"))
                or (at_start and prev_kind in ("quote", "intro", "intro_speech"))
            ):
                pos = index + 1
                continue
            close = _find_close(body, index + 1, p_end, family)
            trailing = _trailing_pattern().match(body, close + 1, p_end) if close is not None else None
            if not (at_start or after_intro or after_sentence or trailing):
                # scare quotes: skip to after their closing mark
                pos = (close + 1) if close is not None else index + 1
                continue

            speaker: Speaker | None = None
            if after_intro:
                intro = _intro_search(before)
                if intro:
                    speaker = _resolve_who(intro["who"], p_start + intro.start(), people, body)
            if speaker is None and trailing:
                who = trailing["pron"] or trailing["after"] or trailing["before"] or ""
                speaker = _resolve_who(who, index, people, body)
            if speaker is None and at_start and prev_kind in ("intro", "intro_speech"):
                speaker = intro_speaker
            elif speaker is None and (at_start or after_sentence) and (prev_kind == "quote" or had_speech):
                speaker = last_speaker_before(index)

            had_speech = True
            if close is None:
                open_quote = (index + 1, family, speaker)
                break
            emit(index + 1, close, speaker)
            pos = close + 1

        if had_speech or open_quote is not None:
            prev_kind = "quote"
        elif text.rstrip().endswith(":"):
            intro = _intro_search(text.rstrip()[:-1])
            intro_speaker = (
                _resolve_who(intro["who"], p_start + intro.start(), people, body) if intro else None
            )
            prev_kind = "intro_speech" if intro else "intro"
            if intro_speaker:
                people.append((p_start, intro_speaker))
            if not intro:
                _mentions(text, p_start, body, people)
        else:
            _mentions(text, p_start, body, people)
            prev_kind = "narrative"
        last_para_end = p_end

    if open_quote is not None:
        emit(open_quote[0], last_para_end, open_quote[2])
    return quotes
