"""Organisations named in a release: gazetteer look-up, patterns and roles.

The method follows the spirit of NLTK's ``RegexpTagger``/``RegexpParser``:
readable rules are data (``releasekit/data/agencies.yaml``) and the code only
applies them, recording for every row the rule that produced it.

1. *Candidates.* All aliases of the gazetteer are compiled, once, into one
   alternation (longest alias first) inside a look-ahead, so that every
   starting position yields its longest alias. Names of two or more words
   match whatever the case ("Romanian police"); single words and acronyms
   match exactly ("Unseen" but not "unseen"). Named patterns add
   organisations the gazetteer does not list: coordinated forces ("Kent and
   Essex Police" is two forces), "police in Hertfordshire", Police and Crime
   Commissioners (by area, in lists), foreign police ("Romanian police",
   "Romanian officers", "police in Austria, Belgium and Spain"), councils
   (also "Leeds, Bradford and Wakefield councils"), fire services, NHS
   bodies, committees, generic partners, a name in apposition with
   "charity", units and teams, and a fallback ``unknown_org`` recogniser (a
   capitalised name ending in Trust, Foundation, Alliance, Network, ...).
2. *Selection.* Candidates are chosen greedily, longest first (the gazetteer
   wins ties), without overlap; fallback candidates only fill the gaps. A
   candidate inside a law, court, operation name, university, news title or
   image credit is dropped; so is a pattern match inside a job title ("Head
   of the Complex Casework Unit"), and a unit named as part of a known
   agency ("Hertfordshire Constabulary's Modern Slavery Unit, the Drone Unit
   and ..." are the force's; "a Team in Programme Challenger" is the
   programme's).
3. *Release-level resolution.* "The PCC" becomes the issuing commissioner,
   the one commissioner named by area, or the issuing force's; a force's
   unit or team becomes the force; a generic partner ("immigration
   officers") becomes the named agency it stands for when the release names
   one; a shortened unknown name becomes the full name used elsewhere.
4. *Roles.* Mentions of one sentence joined by commas and "and" form a list.
   Named cue regexes (``roles`` in the YAML) decide each list's role: an
   ``involved`` cue ("alongside", "working with", "officers from", "supported
   by", "... officers", "... joined") or a ``contact`` cue ("report it to",
   "contact", "... on 0800 ..."), else ``mentioned``. The issuer named in its
   own release is ``involved``. Finally every mention of an agency takes the
   strongest role of that agency in the release (involved > contact >
   mentioned); the mention's own cue stays in ``mention_role``.

>>> from releasekit.text import split_sentences
>>> body = "Officers from Kent and Essex Police arrested two men."
>>> [(m.agency, m.mention, m.role) for m in extract_agencies(body, split_sentences(body), load_gazetteer())]
[('Kent Police', 'Kent', 'involved'), ('Essex Police', 'Essex Police', 'involved')]
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from os import PathLike, fspath
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence
from urllib.parse import urlparse

import yaml

from releasekit.rulefiles import RuleFileError, load_cached, load_rule_yaml, packaged_path

from releasekit.extract.prefilter import (
    WHITESPACE,
    KeyFinder, Prefilter, first_char_prefilter, fold, longest_space_run, pattern_reach, required_literals,
)

try:  # the parser of the re module, read-only (as in releasekit.extract.prefilter)
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10, or internals moved
    try:
        import sre_constants as _sre  # type: ignore[no-redef]
        import sre_parse as _sre_parse  # type: ignore[no-redef]
    except ImportError:
        _sre = _sre_parse = None  # type: ignore[assignment]
from releasekit.text import Sentence

__all__ = [
    "ROLE_RANK",
    "Agency",
    "AgencyMention",
    "Gazetteer",
    "GazetteerError",
    "NamedPattern",
    "extract_agencies",
    "find_candidates",
    "load_gazetteer",
    "issuer_and_source",
    "resolve_issuer",
]

#: Strength of a role; an agency keeps its strongest role in a release.
ROLE_RANK: Mapping[str, int] = {"mentioned": 0, "contact": 1, "involved": 2}

_SEPARATOR = re.compile(
    r"\)?(?:\s*\([^()]{1,80}\))?"              # "(GLAA)", "(Environmental Health, Housing)" after a name
    r"(?:\s+[a-z][\w’'\-]*){0,5}?"             # descriptor: "public health's ... group"
    r"\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+|&\s+)?|\s+(?:and|&|or|as\s+well\s+as|along\s+with|plus)\s+)"
    r"(?:(?:the|our|their|its)\s+)?(?:[A-Z]\w*['’]s\s+)?"  # "the Government's"
    r"(?:[a-z][\w’'\-]*\s+){0,3}?(?<!\bby )(?<!\bby the )(?<!ing with )(?<!ed with )(?<!ing with the )(?<!ed with the )$"  # "charity ", "local charity "; not
    # a cue's agent or partner ("GLAA investigators, joined by Immigration Enforcement", "..., working with X":
    # the cue is the next group's; but ", with Devon and Cornwall Police co-ordinating" joins the list)
)
_SPEAKER_UNIT = re.compile(r"\b(?:[Oo]ur|[Ii]ts|[Tt]heir|[Tt]he\s+(?:force|constabulary|agency|authority)['’]s)\s+$")
_OWNED_UNIT = re.compile(r"^['’]s?(?:(?:\s+[A-Z][\w\-]*(?:\s+(?:and|of|for|&))*)+|\s+(?:own\s+)?(?:office|team|unit|department)\b)")
_LEADING_PAREN = re.compile(r"^\)?\s*\([^()]{0,25}\)|^\)")
_ISOLATED_PAREN = re.compile(r"^\s*\([^()]{1,25}\)\s*$")


@dataclass(frozen=True)
class Agency:
    """One gazetteer entry."""

    name: str
    agency_type: str
    aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    case_sensitive: bool = False


@dataclass(frozen=True)
class NamedPattern:
    """A named regular expression that recognises organisations."""

    name: str
    kind: str  # text | template | forces | pcc | issuer_pcc
    agency_type: str
    regex: str
    template: str = ""
    fallback: bool = False
    same_as: tuple[str, ...] = ()  # generic: named agencies the generic words stand for


@dataclass(frozen=True)
class Cue:
    """A named role cue: ``before`` ends just before a list, ``after`` follows it."""

    role: str
    side: str
    name: str
    regex: str


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Agencies, patterns, role cues and exclusions (compare/hash by identity)."""

    agencies: tuple[Agency, ...]
    patterns: tuple[NamedPattern, ...]
    cues: tuple[Cue, ...]
    nationalities: tuple[str, ...]
    exclude: tuple[tuple[str, str], ...]
    types: tuple[str, ...]
    background: tuple[tuple[str, str], ...] = ()
    lead_sentences: int = 0
    #: Involvement cues that do not hold in a sentence telling a past or separate action
    #: (``roles.weak``: its ``cues`` and the ``past`` pattern), in the lead as anywhere.
    weak_cues: frozenset[str] = frozenset()
    weak_past: str | None = None
    countries: tuple[tuple[str, str], ...] = ()  # (country, canonical police name)
    titles: tuple[tuple[str, str], ...] = ()  # (rule name, regex): job titles, never agencies
    #: Types an issuer (``releases.force``) may have when read from a release's text (``issuer_types``).
    issuer_types: tuple[str, ...] = ()
    #: Types of issuer that are ``involved`` when named in their own release (``issuer_involved_types``).
    issuer_involved_types: tuple[str, ...] = ()
    #: Police and Crime Commissioners (codebook s.10): ``name`` and ``fire_name``
    #: templates with ``{place}`` (the force's first place), the ``generic`` name,
    #: and the ``host`` regex of a commissioner's own web site (``commissioner``).
    commissioner: Mapping[str, str] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without its compiled form (rebuilt on first use)."""
        return {k: v for k, v in self.__dict__.items() if k != "_compiled"}

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Gazetteer:
        """Read and check the gazetteer YAML at ``path`` (see :func:`parse_gazetteer`).

        Raises :class:`GazetteerError` naming the file, the section and the
        agency or rule, also when the file cannot be read or is not YAML.
        """
        source = fspath(path)
        try:
            text = Path(source).read_text("utf-8")
        except OSError as exc:
            raise GazetteerError(f"{source}: cannot be read ({exc.strerror or exc})") from None
        try:
            data = load_rule_yaml(text)
        except yaml.YAMLError as exc:
            raise GazetteerError(f"{source}: not valid YAML: {exc}") from None
        return parse_gazetteer(data, source)

    @classmethod
    def default(cls) -> Gazetteer:
        """The packaged gazetteer (``releasekit/data/agencies.yaml``), cached on
        the file's (path, mtime_ns, size): an edited file is read again."""
        return load_cached(cls.load, packaged_path("agencies.yaml"))

    def prepare(self) -> Gazetteer:
        """Compile the gazetteer's patterns now rather than on first use; returns ``self``.

        The compiled form (alias scan, prefilters, cues: about 0.3-0.4 s of
        CPU) is kept on this object and shared by processes forked after this
        call; it is not pickled (a process that receives the gazetteer by
        pickle compiles its own on first use).
        """
        _compiled(self)
        return self

    def get(self, name: str) -> Agency | None:
        """Return the entry whose canonical name is ``name``."""
        return _compiled(self).by_name.get(name)

    def lookup(self, text: str) -> Agency | None:
        """Return the entry one of whose names or aliases is ``text`` (any case)."""
        return _compiled(self).by_key.get(_key(text))


@dataclass(frozen=True)
class AgencyMention:
    """One organisation named in a release: ``body[start:end] == mention``."""

    agency: str
    agency_type: str
    role: str  # strongest role of the agency in the release
    mention_role: str  # role cued at this mention
    mention: str
    sentence_id: int
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: str
    fallback: bool
    gazetteer: bool
    parts: tuple[tuple[str, str, int, int], ...]  # (agency, type, start, end)


@dataclass(frozen=True)
class _Prefiltered:
    """A compiled regex and two tests that a text it matches in passes.

    ``need``: the bits of its key sets in the gazetteer's :class:`KeyFinder`
    (``_Compiled.finder``): a text whose ``text_bits`` lack one of them holds
    no match (:meth:`releasekit.extract.prefilter.Prefilter.may_match`).
    ``required`` is a conjunction of clauses: the text contains one literal
    of every clause (see :func:`releasekit.extract.prefilter.required_literals`).
    A text that fails either test cannot match, so its scan is skipped; ``0``
    and ``()`` require nothing. The bits are found once per body for every
    pattern; the literals, searched one by one, are tested only after them.
    """

    regex: re.Pattern[str]
    required: tuple[tuple[str, ...], ...] = ()
    need: int = 0

    def finditer(self, text: str, bits: int = -1) -> Iterable[re.Match[str]]:
        """``regex.finditer(text)``, or nothing when ``bits`` (the finder's
        ``text_bits`` of ``text``; -1: all) lack a needed one or a required
        literal is missing."""
        if bits & self.need != self.need:
            return ()
        contains = text.__contains__
        for clause in self.required:
            if not any(map(contains, clause)):
                return ()
        return self.regex.finditer(text)


@dataclass(frozen=True)
class _Compiled:
    #: Finds the aliases (group 1) that start after a character that ends no word ("-", "'" and "’"
    #: count as word characters), that character being the match: the search then skips along with
    #: one class test a position (a pattern opening with a look-behind tries a match at every one).
    #: An alias at the very start of a text is found by searching the text behind a space (see
    #: :func:`_alias_spans`), so the large alternation is compiled once, not twice (about 0.1 s a process).
    alias_re: re.Pattern[str]
    by_key: Mapping[str, Agency]
    by_name: Mapping[str, Agency]
    place_force: Mapping[str, Agency]
    place_re: re.Pattern[str]
    patterns: tuple[tuple[NamedPattern, _Prefiltered], ...]
    agency_patterns: tuple[tuple[Agency, _Prefiltered], ...]
    exclude: tuple[_Prefiltered, ...]
    before: tuple[tuple[Cue, re.Pattern[str]], ...]
    before_any: Mapping[str, re.Pattern[str]]  # role -> search finds any of its before cues
    after: tuple[tuple[Cue, re.Pattern[str]], ...]
    background: tuple[tuple[str, re.Pattern[str]], ...]
    weak_past: re.Pattern[str] | None = None
    country_police: Mapping[str, str] = field(default_factory=dict)  # key of a country -> police
    country_re: re.Pattern[str] | None = None
    titles: tuple[_Prefiltered, ...] = ()
    #: Finds, once per body, the key sets of every prefiltered pattern above (see :attr:`_Prefiltered.need`).
    finder: KeyFinder | None = None
    exact_forms: frozenset[str] = frozenset()  # forms as written (a lowercase match must be one)
    host_re: re.Pattern[str] | None = None
    #: How far past its start an attempt of a ``before`` regex can read (see :func:`_tail_search`).
    reaches: Mapping[re.Pattern[str], tuple[int, int] | None] = field(default_factory=dict)
    #: Of the ``before`` regexes without a reach: ``(a, b, c)``, an attempt reads at most
    #: ``a + b * W + c * T`` characters, T the longest run of non-space characters (see :func:`_word_reach`).
    word_reaches: Mapping[re.Pattern[str], tuple[int, int, int]] = field(default_factory=dict)
    #: ``reaches`` and ``word_reaches`` by ``id`` of the regex (hashing a compiled
    #: regex hashes its whole code: a big alternation costs microseconds a look-up).
    reach_by_id: Mapping[int, tuple[tuple[int, int] | None, tuple[int, int, int] | None]] = field(default_factory=dict)
    #: Per role, the keys of ``before_any`` (a text without them holds no match; see :func:`_cue_role`).
    before_any_keys: Mapping[str, Prefilter] = field(default_factory=dict)
    #: Length of text up to which every ``before`` cue search starts at 0 (2 + their least ``a`` in ``reaches``).
    tail_min: int = 0
    rule_kinds: Mapping[str, str] = field(default_factory=dict)  # "pattern:<name>" -> the pattern's kind
    rule_same_as: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # "pattern:<name>" -> same_as


# ----------------------------------------------------------------- loading


class GazetteerError(RuleFileError):
    """A gazetteer file that cannot be used: the message names the file, the section and the rule."""


#: Keys each section of the gazetteer YAML may hold (anything else is an error).
_TOP_KEYS = {"types", "agencies", "patterns", "nationalities", "countries", "exclude", "titles",
             "roles", "issuer_types", "issuer_involved_types", "commissioner"}
_AGENCY_KEYS = {"name", "type", "aliases", "patterns", "domains", "places", "case_sensitive"}
_PATTERN_KEYS = {"name", "kind", "type", "regex", "template", "fallback", "same_as"}
_PATTERN_KINDS = {"text", "unit", "template", "forces", "pcc", "pcc_list", "issuer_pcc", "countries", "councils", "generic"}
_COMMISSIONER_KEYS = {"name", "fire_name", "generic", "host"}
_COMMISSIONER_REQUIRED = ("name", "fire_name", "generic")


def _fail(source: str, where: str, message: str) -> GazetteerError:
    return GazetteerError(f"{source}: {where}: {message}")


def _check_regex(source: str, where: str, regex: object, expand=None) -> None:
    if not isinstance(regex, str) or not regex:
        raise _fail(source, where, "regex missing or not a string")
    try:
        re.compile(expand(regex) if expand else regex)
    except re.error as exc:
        raise _fail(source, where, f"regex {regex!r} does not compile: {exc}") from None


def _strings(source: str, where: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, where, "must be a list of non-empty strings")
    return tuple(value)


def _agency(entry: object, source: str, types: set[str], index: int) -> Agency:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise _fail(source, f"agencies[{index}]", "an agency needs a 'name' (a string)")
    where = f"agencies: {entry['name']}"
    unknown = set(entry) - _AGENCY_KEYS
    if unknown:  # e.g. an unquoted comma in a flow mapping splits the name into a key
        raise _fail(source, where, f"unknown key(s) {sorted(map(str, unknown))}; known: {sorted(_AGENCY_KEYS)}")
    if entry.get("type") not in types:
        raise _fail(source, where, f"unknown type {entry.get('type')!r}; known: {sorted(types)}")
    return Agency(
        name=entry["name"],
        agency_type=entry["type"],
        aliases=_strings(source, f"{where}: aliases", entry.get("aliases")),
        patterns=_strings(source, f"{where}: patterns", entry.get("patterns")),
        domains=_strings(source, f"{where}: domains", entry.get("domains")),
        places=_strings(source, f"{where}: places", entry.get("places")),
        case_sensitive=bool(entry.get("case_sensitive", False)),
    )


def _pattern(entry: object, source: str, types: set[str], index: int) -> NamedPattern:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
        raise _fail(source, f"patterns[{index}]", "a pattern needs a 'name' (a string)")
    where = f"patterns: {entry['name']}"
    unknown = set(entry) - _PATTERN_KEYS
    if unknown:
        raise _fail(source, where, f"unknown key(s) {sorted(map(str, unknown))}; known: {sorted(_PATTERN_KEYS)}")
    kind = entry.get("kind", "text")
    if kind not in _PATTERN_KINDS:
        raise _fail(source, where, f"unknown kind {kind!r}; known: {sorted(_PATTERN_KINDS)}")
    if entry.get("type") not in types:
        raise _fail(source, where, f"unknown type {entry.get('type')!r}; known: {sorted(types)}")
    if kind in ("template", "generic") and not entry.get("template"):
        raise _fail(source, where, f"a {kind} pattern needs a 'template'")
    return NamedPattern(
        name=entry["name"],
        kind=kind,
        agency_type=entry["type"],
        regex=entry.get("regex"),
        template=entry.get("template", ""),
        fallback=bool(entry.get("fallback", False)),
        same_as=_strings(source, f"{where}: same_as", entry.get("same_as")),
    )


def _cues(roles: Mapping, source: str) -> tuple[Cue, ...]:
    cues = []
    for role, sides in roles.items():
        if role in ("background", "weak"):
            continue
        if role not in ROLE_RANK or role == "mentioned":
            raise _fail(source, f"roles: {role}", "unknown role; known: involved, contact, background, weak")
        if not isinstance(sides, Mapping) or set(sides) - {"before", "after"}:
            raise _fail(source, f"roles: {role}", "a role holds 'before' and/or 'after' cues")
        for side, named in sides.items():
            for name, regex in (named or {}).items():
                _check_regex(source, f"roles: {role}: {side}: {name}", regex)
                cues.append(Cue(role, side, name, regex))
    return tuple(cues)


def _background(roles: Mapping, source: str) -> tuple[int, tuple[tuple[str, str], ...]]:
    spec = dict(roles.get("background") or {})
    lead = int(spec.pop("lead_sentences", 0))
    for name, regex in spec.items():
        _check_regex(source, f"roles: background: {name}", regex)
    return lead, tuple(spec.items())


def _weak(roles: Mapping, cues: Sequence[Cue], source: str) -> tuple[frozenset[str], str | None]:
    """The ``roles.weak`` section: involvement cue names (each a cue of role
    ``involved``) and the ``past`` pattern that undoes them in its sentence."""
    spec = roles.get("weak")
    if not spec:
        return frozenset(), None
    if not isinstance(spec, Mapping) or set(spec) != {"cues", "past"}:
        raise _fail(source, "roles: weak", "holds 'cues' (names of involved cues) and 'past' (a pattern)")
    known = {c.name for c in cues if c.role == "involved"}
    names = _strings(source, "roles: weak: cues", spec["cues"])
    unknown = [n for n in names if n not in known]
    if unknown:
        raise _fail(source, f"roles: weak: {unknown[0]}", "not the name of an involved cue")
    _check_regex(source, "roles: weak: past", spec["past"])
    return frozenset(names), spec["past"]


def _named_regexes(data: Mapping, section: str, source: str) -> tuple[tuple[str, str], ...]:
    out = []
    for i, entry in enumerate(data.get(section) or ()):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise _fail(source, f"{section}[{i}]", "an entry needs a 'name' and a 'regex'")
        _check_regex(source, f"{section}: {entry['name']}", entry.get("regex"))
        out.append((entry["name"], entry["regex"]))
    return tuple(out)


def _check_aliases(agencies: Sequence[Agency], source: str) -> None:
    """No surface form (name, alias or place-derived name) may belong to two agencies."""
    owner: dict[str, str] = {}
    for agency in agencies:
        for form in _forms(agency):
            key = _key(form)
            other = owner.setdefault(key, agency.name)
            if other != agency.name:
                raise _fail(source, f"agencies: {agency.name}",
                            f"alias {form!r} is already claimed by {other!r}")


def _types_of(source: str, section: str, data: Mapping, types: set[str]) -> tuple[str, ...]:
    """A required, non-empty list of known agency types."""
    listed = _strings(source, section, data.get(section))
    if not listed:
        raise _fail(source, section, "the list of agency types is missing or empty")
    bad = [t for t in listed if t not in types]
    if bad:
        raise _fail(source, section, f"unknown type {bad[0]!r}; known: {sorted(types)}")
    return listed


def _commissioner(source: str, spec: object) -> dict[str, str]:
    """The ``commissioner`` section: name templates (with ``{place}``), generic name, host regex."""
    if not isinstance(spec, Mapping):
        raise _fail(source, "commissioner", f"a mapping with {list(_COMMISSIONER_REQUIRED)} (and optionally host) is required")
    unknown = set(spec) - _COMMISSIONER_KEYS
    if unknown:
        raise _fail(source, "commissioner", f"unknown key(s) {sorted(map(str, unknown))}; known: {sorted(_COMMISSIONER_KEYS)}")
    for key in _COMMISSIONER_REQUIRED:
        value = spec.get(key)
        if not isinstance(value, str) or not value.strip():
            raise _fail(source, f"commissioner: {key}", "missing or not a string")
        if key != "generic" and (value.count("{place}") != 1 or value.replace("{place}", "").count("{")):
            raise _fail(source, f"commissioner: {key}", f"template {value!r} must hold {{place}} once and no other field")
    if "host" in spec:
        _check_regex(source, "commissioner: host", spec["host"])
    return dict(spec)


def parse_gazetteer(data: object, source: str = "<gazetteer>") -> Gazetteer:
    """Check a parsed gazetteer YAML and build the :class:`Gazetteer`.

    Raises :class:`GazetteerError` naming ``source``, the section and the
    agency or rule for: an unknown top-level key, an agency or pattern with an
    unknown key, type or kind, an alias claimed by two agencies, a duplicated
    canonical name, a regex that does not compile (macros expanded), an
    unknown role, an issuer type that is not a known type, missing
    ``issuer_types`` / ``issuer_involved_types``, or a ``commissioner``
    section without its name templates.
    """
    if not isinstance(data, Mapping):
        raise _fail(source, "top level", "the file must hold a mapping")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise _fail(source, "top level", f"unknown section(s) {sorted(map(str, unknown))}; known: {sorted(_TOP_KEYS)}")
    types = set(_strings(source, "types", data.get("types")))
    if not types:
        raise _fail(source, "types", "the list of agency types is missing")
    agencies = tuple(_agency(e, source, types, i) for i, e in enumerate(data.get("agencies") or ()))
    names = Counter(a.name for a in agencies)
    twice = sorted(n for n, c in names.items() if c > 1)
    if twice:
        raise _fail(source, f"agencies: {twice[0]}", "canonical name listed twice")
    _check_aliases(agencies, source)
    patterns = tuple(_pattern(e, source, types, i) for i, e in enumerate(data.get("patterns") or ()))
    roles = data.get("roles") or {}
    lead, background = _background(roles, source)
    countries = data.get("countries") or {}
    if not isinstance(countries, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in countries.items()):
        raise _fail(source, "countries", "must map a country name to the canonical name of its police")
    issuer_types = _types_of(source, "issuer_types", data, types)
    involved_types = _types_of(source, "issuer_involved_types", data, types)
    commissioner = _commissioner(source, data.get("commissioner"))
    cues = _cues(roles, source)
    weak_cues, weak_past = _weak(roles, cues, source)
    gaz = Gazetteer(
        agencies=agencies,
        patterns=patterns,
        cues=cues,
        weak_cues=weak_cues,
        weak_past=weak_past,
        nationalities=tuple(dict.fromkeys(_strings(source, "nationalities", data.get("nationalities")))),
        exclude=_named_regexes(data, "exclude", source),
        types=tuple(data["types"]),
        background=background,
        lead_sentences=lead,
        countries=tuple(countries.items()),
        titles=_named_regexes(data, "titles", source),
        issuer_types=issuer_types,
        issuer_involved_types=involved_types,
        commissioner=commissioner,
    )
    known_names = {a.name for a in agencies}
    for p in patterns:
        _check_regex(source, f"patterns: {p.name}", p.regex, lambda r: _expand(r, gaz))
        unknown_same = [n for n in p.same_as if n not in known_names]
        if unknown_same:
            raise _fail(source, f"patterns: {p.name}: same_as", f"{unknown_same[0]!r} is not a canonical name of the gazetteer")
    for a in agencies:
        for r in a.patterns:
            _check_regex(source, f"agencies: {a.name}: patterns", r, lambda r: _expand(r, gaz))
    return gaz


def load_gazetteer(path: str | PathLike[str] | None = None) -> Gazetteer:
    """:meth:`Gazetteer.load` of ``path``, or :meth:`Gazetteer.default` when it is None.

    Raises :class:`GazetteerError` (see :func:`parse_gazetteer`) when the file
    is not a usable gazetteer, naming the file, the section and the rule.
    """
    return Gazetteer.default() if path is None else Gazetteer.load(path)


# --------------------------------------------------------------- compiling


_LEADING_THE = re.compile(r"^the\s+")
_SPACES_HYPHENS = re.compile(r"[\s\-]+")


def _key(text: str) -> str:
    """Normalise a name for look-up: case, spaces, hyphens, apostrophes."""
    text = text.replace("’", "'").replace("‘", "'").replace("&", " and ").lower()
    text = _LEADING_THE.sub("", text.strip())
    return _SPACES_HYPHENS.sub(" ", text)


def _forms(agency: Agency) -> list[str]:
    """Every surface form of an entry: name, aliases and place-derived names."""
    forms = [agency.name, *agency.aliases]
    for place in agency.places:
        forms += [f"{place} Police", f"{place} Constabulary", f"{place} Police Force"]
    return list(dict.fromkeys(forms))


def _literal(form: str) -> str:
    """Regex for one alias: flexible spaces, hyphens and apostrophes."""
    out = []
    if " and " in form:  # "Modern Slavery & Exploitation Helpline"
        return r"\s*(?:and|&)\s*".join(_literal(part) for part in form.split(" and "))
    for char in form:
        if char.isspace():
            out.append(r"[\s\-]+")
        elif char == "-":
            out.append(r"[\s\-]?")
        elif char in "'’":
            out.append(r"['’]?")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _alias_regex(form: str, case_sensitive: bool) -> str:
    body = _literal(form)
    multiword = len(form.split()) > 1
    if multiword and not case_sensitive:
        return f"(?i:{body})"
    return body


def _expand(regex: str, gaz: Gazetteer) -> str:
    places = sorted({p for a in gaz.agencies for p in a.places}, key=len, reverse=True)
    nats = sorted(gaz.nationalities, key=len, reverse=True)
    countries = sorted((c for c, _ in gaz.countries), key=len, reverse=True)
    return (
        regex.replace("{PLACES}", "|".join(_literal(p) for p in places))
        .replace("{NATIONALITIES}", "|".join(map(re.escape, nats)))
        .replace("{COUNTRIES}", "|".join(_literal(c) for c in countries) or "(?!)")
    )


def _alias_alternation(aliases: Sequence[tuple[str, str, bool]]) -> str:
    """One alternation of the alias regexes, dispatched on their first character, then as a trie.

    ``aliases`` are ``(regex, form, ignore_case)`` in priority order (longest
    form first). Python's ``re`` tries the branches of an alternation one by
    one, so ``"|".join(regexes)`` costs hundreds of attempts at every word.
    Here each alias is split into its first character and the rest, and the
    aliases are grouped under one branch per first character: ``S(?:...)``
    holds, in priority order, every alias that can start with "S" (those
    spelt with "S" and the case-insensitive ones spelt with "s" or "S"). The
    engine skips a branch that starts with a different literal at almost no
    cost. Inside a branch the rests form a trie (:func:`_rests_trie`), so a
    word such as "the" reads each character once, not once for each of the
    aliases that start "th". A last branch for
    non-ASCII characters keeps the rare case-insensitive equivalents ("ſ"
    for "s") through a look-behind.

    At every position the aliases that can match are tried in the same order
    as in the plain alternation, so the matches are the same. The plain
    alternation is used if a form does not start with an ASCII letter or digit.
    """
    if not all(form[:1].isascii() and form[:1].isalnum() and _literal(form)[:1] == form[:1]
               for _, form, _ in aliases):
        return "|".join(regex for regex, _, _ in aliases)
    branches: dict[str, list[tuple[str, bool]]] = {}
    non_ascii: list[str] = []
    for _, form, ignore_case in aliases:
        first, rest = form[0], _literal(form)[1:]
        if ignore_case:
            for char in dict.fromkeys((first.lower(), first.upper())):
                branches.setdefault(char, []).append((rest, True))
            non_ascii.append(f"(?<=(?i:{first}))(?i:{rest})")
        else:
            branches.setdefault(first, []).append((rest, False))
    alternation = [f"{char}(?:{_rests_trie(rests)})" for char, rests in branches.items()]
    if non_ascii:
        alternation.append(f"[\\x80-\\U0010ffff](?:{'|'.join(non_ascii)})")
    return "|".join(alternation)


#: Characters that ``re.IGNORECASE`` matches to an ASCII letter besides its two cases.
_CASE_EQUIVALENTS = "\u0130\u0131\u017f\u212a"


@functools.lru_cache(maxsize=128)
def _letter_class(letter: str) -> str:
    """A class of every character a case-insensitive ``letter`` matches (``[sSſ]`` for "s")."""
    same = [c for c in dict.fromkeys((letter.lower(), letter.upper(), *_CASE_EQUIVALENTS)) if re.fullmatch(letter, c, re.I)]
    return "[" + "".join(same) + "]"


#: The pieces :func:`_literal` writes besides single (escaped) characters.
_ALIAS_PIECES = (r"\s*(?:and|&)\s*", r"[\s\-]+", r"[\s\-]?", r"['’]?")
#: The characters each piece can start with (None: it may match nothing, so any).
_PIECE_STARTS: dict[str, frozenset[str] | None] = {
    r"\s*(?:and|&)\s*": None, r"[\s\-]+": frozenset(WHITESPACE + "-"), r"[\s\-]?": None, r"['’]?": None,
}


def _alias_tokens(rest: str) -> list[str] | None:
    """The pieces of an alias regex written by :func:`_literal` (None when it is not one)."""
    tokens: list[str] = []
    i = 0
    while i < len(rest):
        piece = next((p for p in _ALIAS_PIECES if rest.startswith(p, i)), None)
        if piece is None:
            piece = rest[i : i + 2] if rest[i] == "\\" else rest[i]
            if piece[-1:] in ("", "?", "*", "+", "{", "(", ")", "[", "]", "|") and piece != "\\" + piece[-1:]:
                return None
        tokens.append(piece)
        i += len(piece)
    return tokens


def _token_key(token: str | None, ignore_case: bool) -> tuple[str, str] | None:
    """How a member of :func:`_alias_trie` is grouped by its next piece: ``("i", "s")`` a letter
    in either case, ``("c", "S")`` an exact letter or other character, ``("p", piece)`` a
    repeated piece; None (the member ends, or its piece may match nothing) groups with nothing."""
    if token is None:
        return None
    if token in _PIECE_STARTS:
        return ("p", token) if _PIECE_STARTS[token] is not None else None
    char = token[-1]
    if ignore_case and char.isascii() and char.isalpha():
        return ("i", char.lower())
    if ignore_case and char.lower() != char.upper():
        return None  # a cased letter beyond ASCII: its case-insensitive class is not spelt out here
    return ("c", char)


@functools.lru_cache(maxsize=512)
def _key_starts(key: tuple[str, str]) -> frozenset[str]:
    """The characters a piece grouped under ``key`` can start with."""
    kind, value = key
    if kind == "p":
        return _PIECE_STARTS[value] or frozenset()
    if kind == "i":
        return frozenset(_letter_class(value)[1:-1])
    return frozenset(value)


def _alias_trie(members: Sequence[tuple[list[str], bool]]) -> str:
    r"""The alternation of ``members`` (pieces of alias regexes after their
    first character, with whether each ignores case; in priority order)
    written as a trie: members that go on with the same piece share it
    (``[hH](?:(?i:e[\s\-]+...)|...)``), so a word such as "the" reads each
    character once instead of once per alias that starts "th".

    The matches are those of the plain alternation: a member joins the
    group of an earlier one only past groups whose next character cannot
    be the same (so at any position the members that can match are tried
    in priority order); a member that ends, or goes on with a piece that
    may match nothing, is never passed; a repeated piece (``[\s\-]+``) is
    shared only by members whose next piece cannot start with what it
    repeats, so it takes the same characters in every member.
    """
    return "|".join(_trie_branches(members))


def _trie_branches(members: Sequence[tuple[list[str], bool]]) -> list[str]:
    """The branches of :func:`_alias_trie`, in order (one per group of members)."""
    if len(members) == 1:
        tokens, ignore_case = members[0]
        text = "".join(tokens)
        return [f"(?i:{text})" if ignore_case and text else text]
    groups: list[tuple[tuple[str, str] | None, list[tuple[list[str], bool]]]] = []
    for tokens, ignore_case in members:
        key = _token_key(tokens[0] if tokens else None, ignore_case)
        if key is not None and key[0] == "p":
            # a repeated piece is shared only when what follows it is known and cannot start with what it repeats
            follow = _token_key(tokens[1] if len(tokens) > 1 else None, ignore_case)
            if follow is None or _key_starts(follow) & _key_starts(key):
                key = None
        target = None
        if key is not None:
            for j in range(len(groups) - 1, -1, -1):
                other = groups[j][0]
                if other == key:
                    target = j
                    break
                if other is None or _key_starts(other) & _key_starts(key):
                    break
        if target is None:
            groups.append((key, [(tokens, ignore_case)]))
        else:
            groups[target][1].append((tokens, ignore_case))
    branches = []
    branching = len(groups) > 1
    for key, grouped in groups:
        if key is None or len(grouped) == 1:
            branches += [_alias_trie([member]) for member in grouped]
            continue
        kind, value = key
        inner = _trie_branches([(tokens[1:], ic) for tokens, ic in grouped])
        if kind == "i" and not branching:
            # a letter in either case where the engine chooses nothing: "(?i:x)", which compiles several
            # times faster than a class, joined to a case-insensitive group after it ("(?i:kent...)")
            head = f"(?i:{value})"
            if len(inner) == 1 and inner[0].startswith("(?i:"):
                branches.append(head[:-1] + inner[0][len("(?i:"):])
                continue
        else:
            # a class where the engine chooses among groups: it skips a branch that opens with one at once
            head = _letter_class(value) if kind == "i" else value if kind == "p" else grouped[0][0][0]
        # a group with one way on needs no brackets (a shorter pattern compiles faster)
        branches.append(head + (inner[0] if len(inner) == 1 else "(?:" + "|".join(inner) + ")"))
    return branches


def _rests_trie(rests: Sequence[tuple[str, bool]]) -> str:
    """The alternation of ``rests`` (``(regex, ignore_case)`` in priority
    order, each the rest of an alias after its first character) as a trie
    (:func:`_alias_trie`); the plain alternation when a rest is not made of
    :func:`_literal`'s pieces."""
    members = []
    for rest, ignore_case in rests:
        tokens = _alias_tokens(rest)
        if tokens is None:
            return "|".join(f"(?i:{r})" if ic else r for r, ic in rests)
        members.append((tokens, ignore_case))
    return _alias_trie(members)


#: A ``before`` cue ends at most 45 characters, none ending a clause, before a list.
_CUE_TAIL = r"[^.;:!?\"“”]{0,45}$"


def _any_cue(cues: Sequence[Cue]) -> dict[str, re.Pattern[str]]:
    """Per role, one regex whose search succeeds iff that of one of its ``before`` cues does.

    The cues become branches of one alternation before the common tail, so a
    context without any cue of a role costs one search instead of one per cue.
    Roles whose cues contain groups (a back-reference could change meaning)
    get no combined regex.
    """
    combined = {}
    for role in ROLE_RANK:
        regexes = [c.regex for c in cues if c.side == "before" and c.role == role]
        if regexes and all(re.compile(r).groups == 0 for r in regexes):
            alternation = "|".join(f"(?:{r})" for r in regexes)
            combined[role] = re.compile(first_char_prefilter(f"(?:{alternation})" + _CUE_TAIL, re.I), re.I)
    return combined


def _prefiltered(regex: str, flags: int = 0) -> _Prefiltered:
    """The prefiltered ``regex``: its literals read from it as written, the
    regex run behind a lookahead of its first characters (same matches,
    see :func:`releasekit.extract.prefilter.first_char_prefilter`)."""
    compiled = re.compile(regex, flags)
    return _Prefiltered(re.compile(first_char_prefilter(regex, compiled.flags), compiled.flags), required_literals(compiled))


def _with_needs(
    groups: Mapping[str, Sequence[tuple[Any, _Prefiltered]]],
) -> tuple[dict[str, list[tuple[Any, _Prefiltered]]], KeyFinder]:
    """``groups`` of ``(owner, prefiltered)`` pairs with each regex's
    :attr:`_Prefiltered.need` set, and the one :class:`KeyFinder` of them all."""
    prefilters = {id(pf): Prefilter(pf.regex) for pairs in groups.values() for _, pf in pairs}
    finder = KeyFinder(prefilters.values())
    needed = {
        name: [(owner, replace(pf, need=finder.need(prefilters[id(pf)]))) for owner, pf in pairs]
        for name, pairs in groups.items()
    }
    return needed, finder


def _compiled(gaz: Gazetteer) -> _Compiled:
    """The gazetteer compiled, once per :class:`Gazetteer` object (kept on the object)."""
    comp = gaz.__dict__.get("_compiled")
    if comp is None:
        comp = _compile(gaz)
        object.__setattr__(gaz, "_compiled", comp)
    return comp


def _reaches(regexes: Iterable[re.Pattern[str]]) -> dict[re.Pattern[str], tuple[int, int] | None]:
    """Per regex, ``(a, b)``: an attempt reads at most ``a + b * W`` characters
    past its start, W the longest run of whitespace (None: unbounded)."""
    return {regex: pattern_reach(regex) for regex in regexes}


def _is_word_char(items: object) -> bool:
    """Whether a parsed sequence is one character that is always a word
    character (``\\w``), also under ``re.IGNORECASE``: an ASCII letter, digit
    or underscore, a set of them, or ``\\w`` (their case equivalents, such as
    "ſ" or the Kelvin sign, are letters too)."""
    def ascii_word(code: int) -> bool:
        return code < 128 and (chr(code).isalnum() or chr(code) == "_")

    if len(items) != 1:  # type: ignore[arg-type]
        return False
    op, av = items[0]  # type: ignore[index]
    if op is _sre.LITERAL:
        return ascii_word(av)
    if op is not _sre.IN or not av:
        return False
    for item_op, item_av in av:
        if item_op is _sre.LITERAL:
            if not ascii_word(item_av):
                return False
        elif item_op is _sre.RANGE:
            if not all(ascii_word(code) for code in range(item_av[0], min(item_av[1], 128) + 1)) or item_av[1] >= 128:
                return False
        elif not (item_op is _sre.CATEGORY and item_av is _sre.CATEGORY_WORD):
            return False
    return True


def _word_reach_of(items: object) -> tuple[int, int, int] | None:
    """Like :func:`releasekit.extract.prefilter`'s reach, with one more kind of
    unbounded repeat: ``(a, b, c)`` for at most ``a + b * W + c * T``
    characters read past the start, W the longest whitespace run and T the
    longest run of non-space characters (a run of word characters, ``[a-z]+``
    or ``\\w+``, is at most T long). None: unbounded."""
    a = b = c = 0
    repeats = tuple(getattr(_sre, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, n))
    for op, av in items:  # type: ignore[attr-defined]
        part: tuple[int, int, int] | None
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN, _sre.ANY):
            part = (1, 0, 0)
        elif op is _sre.AT:
            part = (2, 0, 0)
        elif op is _sre.SUBPATTERN:
            part = _word_reach_of(av[3])
        elif op is getattr(_sre, "ATOMIC_GROUP", object()):
            part = _word_reach_of(av)
        elif op is _sre.BRANCH:
            parts = [_word_reach_of(sub) for sub in av[1]]
            if any(q is None for q in parts):
                return None
            part = tuple(max(q[i] for q in parts) for i in range(3))  # type: ignore[index,assignment]
        elif op in repeats:
            low, high, sub = av
            inner = _word_reach_of(sub)
            if inner is None:
                return None
            if high is _sre.MAXREPEAT:
                if _is_space_char(sub):
                    part = (inner[0], 1, 0)  # a whitespace run: at most W characters
                elif _is_word_char(sub):
                    part = (inner[0], 0, 1)  # a word run: at most T characters
                else:
                    return None
            else:
                part = (high * inner[0], high * inner[1], high * inner[2])
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            part = _word_reach_of(av[1]) if av[0] == 1 else (0, 0, 0)
        else:
            return None
        if part is None:
            return None
        a, b, c = a + part[0], b + part[1], c + part[2]
    return a, b, c


def _is_space_char(items: object) -> bool:
    """Whether a parsed sequence is one whitespace character (``\\s``, " ")."""
    if len(items) != 1:  # type: ignore[arg-type]
        return False
    op, av = items[0]  # type: ignore[index]
    if op is _sre.LITERAL:
        return chr(av).isspace() and re.fullmatch(r"\s", chr(av)) is not None
    return op is _sre.IN and av == [(_sre.CATEGORY, _sre.CATEGORY_SPACE)]


def _word_reaches(regexes: Iterable[re.Pattern[str]]) -> dict[re.Pattern[str], tuple[int, int, int]]:
    """Per regex of non-zero width that :func:`_word_reach_of` bounds: its ``(a, b, c)``."""
    found = {}
    if _sre is None or _sre_parse is None:
        return found
    for regex in regexes:
        try:
            parsed = _sre_parse.parse(regex.pattern, regex.flags)
            reach = _word_reach_of(parsed) if parsed.getwidth()[0] > 0 else None
        except Exception:  # noqa: BLE001 - private parser API: no bound, the whole text is searched
            reach = None
        if reach is not None:
            found[regex] = reach
    return found


def _compile(gaz: Gazetteer) -> _Compiled:
    by_key: dict[str, Agency] = {}
    regexes: dict[str, tuple[str, bool]] = {}  # alias regex -> (first form, ignore case)
    for agency in gaz.agencies:
        for form in _forms(agency):
            by_key.setdefault(_key(form), agency)
            regex = _alias_regex(form, agency.case_sensitive)
            regexes.setdefault(regex, (form, regex.startswith("(?i:")))
    ordered = sorted(regexes.items(), key=lambda item: -len(item[1][0]))
    alternation = _alias_alternation([(regex, form, ic) for regex, (form, ic) in ordered])
    alias_at = "(?=(" + alternation + r")(?![\w\-]|['’]\w\w))"  # group 1: the alias starting here
    place_force = {_key(p): a for a in gaz.agencies for p in a.places}
    before = tuple(
        (c, re.compile(first_char_prefilter(f"(?:{c.regex})" + _CUE_TAIL, re.I), re.I))
        for c in gaz.cues if c.side == "before"
    )
    before_any = _any_cue(gaz.cues)
    prefiltered, finder = _with_needs({
        "patterns": [(p, _prefiltered(_expand(p.regex, gaz))) for p in gaz.patterns],
        "agency_patterns": [(a, _prefiltered(_expand(r, gaz))) for a in gaz.agencies for r in a.patterns],
        "exclude": [(None, _prefiltered(r)) for _, r in gaz.exclude],
        "titles": [(None, _prefiltered(r)) for _, r in gaz.titles],
    })
    reaches = _reaches([*(r for _, r in before), *before_any.values(), _LIST_COLON])
    word_reaches = _word_reaches(r for r, reach in reaches.items() if reach is None)
    return _Compiled(
        alias_re=re.compile(_ALIAS_BEFORE + alias_at),
        by_key=by_key,
        by_name={a.name: a for a in gaz.agencies},
        place_force=place_force,
        place_re=re.compile(
            "|".join(_literal(p) for p in sorted(place_force, key=len, reverse=True)), re.I
        ),
        patterns=tuple(prefiltered["patterns"]),
        agency_patterns=tuple(prefiltered["agency_patterns"]),
        exclude=tuple(r for _, r in prefiltered["exclude"]),
        before=before,
        before_any=before_any,
        after=tuple((c, re.compile(c.regex, re.I)) for c in gaz.cues if c.side == "after"),
        background=tuple((name, re.compile(r)) for name, r in gaz.background),
        weak_past=re.compile(gaz.weak_past, re.I) if gaz.weak_past else None,
        country_police={_key(c): police for c, police in gaz.countries},
        country_re=re.compile(
            r"(?<![\w-])(?:" + "|".join(_literal(c) for c, _ in sorted(gaz.countries, key=lambda x: -len(x[0])))
            + r")(?![\w-])", re.I) if gaz.countries else None,
        titles=tuple(r for _, r in prefiltered["titles"]),
        finder=finder,
        exact_forms=frozenset(f for a in gaz.agencies for f in _forms(a)),
        host_re=re.compile(gaz.commissioner["host"], re.I) if gaz.commissioner.get("host") else None,
        reaches=reaches,
        before_any_keys={role: Prefilter(regex) for role, regex in before_any.items()},
        word_reaches=word_reaches,
        reach_by_id={id(r): (reach, word_reaches.get(r)) for r, reach in reaches.items()},
        tail_min=2 + min((reaches[r][0] for r in (*(r for _, r in before), *before_any.values())
                          if reaches[r] is not None), default=0),
        rule_kinds={f"pattern:{p.name}": p.kind for p in gaz.patterns},
        rule_same_as={f"pattern:{p.name}": p.same_as for p in gaz.patterns if p.same_as},
    )


# -------------------------------------------------------------- candidates


#: The character before an alias: one that ends no word ("-", "'" and "’" count as word characters).
_ALIAS_BEFORE = r"[^\w’'\-]"


def _alias_spans(body: str, comp: _Compiled) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every alias that starts a word of ``body``, in order.

    The text is searched behind a space, which ends no word: an alias at its
    very start is found like any other, and every span is shifted back by one.
    """
    for match in comp.alias_re.finditer(" " + body):
        yield match.start(1) - 1, match.end(1) - 1


def _alias_candidates(body: str, comp: _Compiled) -> Iterable[_Candidate]:
    for start, end in _alias_spans(body, comp):
        agency = comp.by_key.get(_key(body[start:end]))
        if agency is None:  # cannot happen unless two forms normalise apart
            continue
        text = body[start:end]
        if text.islower() and text not in comp.exact_forms:  # "focus on labour exploitation": a phrase
            continue
        yield _Candidate(
            start, end, f"alias:{body[start:end]}", False, True,
            ((agency.name, agency.agency_type, start, end),),
        )


def _place_parts(match: re.Match[str], group: str, comp: _Compiled) -> tuple[tuple[str, str, int, int], ...]:
    """Split a matched list of places into one part per force."""
    text, offset = match.group(group), match.start(group)
    found = [(m.start() + offset, m.end() + offset, m.group()) for m in comp.place_re.finditer(text)]
    parts = []
    for i, (start, end, place) in enumerate(found):
        force = comp.place_force[_key(place)]
        if i == 0 and match.start() < start:  # "police in Hertfordshire"
            start = match.start()
        if i == len(found) - 1 and match.start() >= found[0][0]:  # "Essex Police Forces"
            end = match.end()
        parts.append((force.name, force.agency_type, start, end))
    return tuple(parts)


def _template(pattern: NamedPattern, match: re.Match[str]) -> str:
    groups = {k: v.strip().title() for k, v in match.groupdict().items() if v}
    return pattern.template.format(**groups) if groups or "{" not in pattern.template else pattern.template


def _pcc_name(gaz: Gazetteer, force: Agency | None, fire: bool = False) -> str:
    """Canonical name of the Police and Crime Commissioner of ``force`` (generic name without one)."""
    spec = gaz.commissioner
    if force is None or not force.places:
        return spec["generic"]
    return spec["fire_name" if fire else "name"].format(place=force.places[0])


def _is_commissioner(name: str, gaz: Gazetteer) -> bool:
    """Whether ``name`` is a commissioner's canonical name (the ``commissioner``
    templates with any place, or the generic name)."""
    spec = gaz.commissioner
    if name == spec["generic"]:
        return True
    for key in ("name", "fire_name"):
        head, _, tail = spec[key].partition("{place}")
        if len(name) > len(head) + len(tail) and name.startswith(head) and name.endswith(tail):
            return True
    return False


def _split_list(text: str, offset: int, regex: re.Pattern[str]) -> list[tuple[int, int, str]]:
    return [(m.start() + offset, m.end() + offset, m.group()) for m in regex.finditer(text)]


def _pattern_parts(
    pattern: NamedPattern, match: re.Match[str], body: str, comp: _Compiled, issuer: str | None,
    gaz: Gazetteer,
) -> tuple[tuple[str, str, int, int], ...]:
    start, end = match.span()
    if pattern.kind == "forces":
        return _place_parts(match, "places", comp)
    if pattern.kind == "countries":  # "law enforcement agencies in Austria, Belgium and Spain"
        found = _split_list(match.group("places"), match.start("places"), comp.country_re)
        found[:1] = [(start, e, c) for _, e, c in found[:1]]  # the head words belong to the first
        return tuple((comp.country_police[_key(c)], pattern.agency_type, s, e) for s, e, c in found)
    if pattern.kind == "councils":  # "Leeds, Bradford and Wakefield councils"
        items = _COUNCIL_SEPARATOR.split(match.group("places"))
        out, pos = [], match.start("places")
        # a type word shared by the list: "Carmarthenshire, Ceredigion and Powys county councils"
        shared = match.groupdict().get("type")
        if shared is None and len(items) > 1 and match.group().endswith(("Councils", "councils")):
            # "Kent and Essex County Councils": the last item's type word is the list's
            last = re.search(r"\s(County|City|Borough)$", items[-1])
            if last and not any(re.search(r"\b(?:City|County|Borough|District)$", i) for i in items[:-1]):
                shared = last.group(1)
        for item in items:
            s = body.index(item, pos)
            pos = s + len(item)
            typed = shared and not re.search(r"\b(?:City|County|Borough|District)$", item)
            name = _canonical_text(f"{item} {shared.title()} Council" if typed else f"{item} Council")
            known = comp.by_key.get(_key(name))
            out.append((known.name if known else name, pattern.agency_type, s, pos))
        return tuple(out)
    if pattern.kind == "pcc_list":  # "the PCCs for Surrey, Hampshire and Thames Valley"
        found = _split_list(match.group("places"), match.start("places"), comp.place_re)
        found[:1] = [(start, e, p) for _, e, p in found[:1]]
        return tuple((_pcc_name(gaz, comp.place_force[_key(p)]), pattern.agency_type, s, e) for s, e, p in found)
    if pattern.kind == "pcc":
        place = match.group("place") or match.group("place2")
        force = comp.place_force[_key(place)]
        return ((_pcc_name(gaz, force, "Fire" in match.group()), pattern.agency_type, start, end),)
    if pattern.kind == "issuer_pcc":  # settled in _resolve_commissioners once all names are known
        return ((_pcc_name(gaz, None), pattern.agency_type, start, end),)
    if pattern.kind in ("template", "generic"):
        name = _template(pattern, match)
    else:
        lead = _LEADING_THE_WORD.match(match.group())
        if lead:
            start += lead.end()
        name = _canonical_text(body[start:end])
    known = comp.by_key.get(_key(name))
    if known is not None:
        return ((known.name, known.agency_type, start, end),)
    return ((name, pattern.agency_type, start, end),)


_SPACES = re.compile(r"\s+")
_PLACE_LINK = re.compile(r"-(on|upon|under|in|le|by|super)[\s-]+")
_LEADING_POSSESSIVE = re.compile(r"^([A-Z]\w+)['’]s ")
_LEADING_THE_WORD = re.compile(r"(?:[Tt]he\s+)")
_COUNCIL_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+")


def _canonical_text(text: str) -> str:
    """Canonical form of a name read from the text: spaces, "-on-", possessives."""
    text = _SPACES.sub(" ", text)
    text = _PLACE_LINK.sub(r"-\1-", text)
    return _LEADING_POSSESSIVE.sub(r"\1 ", text)


#: What joins the members of a list: "A and B", "A, B", "A and the B".
_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s(?:and|&)\s+)(?:the\s+)?")


def _trimmed(regex: _Prefiltered, match: re.Match[str], known: Sequence[tuple[int, int]], body: str) -> re.Match[str] | None:
    """The match, or its part after a known name it swallowed at its start ("Red Cross and Cornwall Council").

    A pattern match that begins inside a gazetteer name and runs past it
    joined by "and" or a comma names two organisations: the gazetteer one,
    and what the pattern matches after the joiner (``None`` if nothing).
    """
    at = match.start()
    i = bisect.bisect_right(known, (at, len(body) + 1))  # known spans sorted: those starting <= at
    for s, e in known[max(0, i - 4) : i]:
        if s <= at < e < match.end():
            joiner = _JOINER.match(body, e)
            if joiner is None:
                return match
            return regex.regex.match(body, joiner.end())
    return match


def _pattern_candidates(body: str, comp: _Compiled, issuer: str | None, gaz: Gazetteer,
                        known: Sequence[tuple[int, int]] = (), bits: int = -1) -> Iterable[_Candidate]:
    # A countries pattern counts only in a body where ``country_re`` finds a
    # country (as a whole word). That search costs ten times the pattern's own
    # prefiltered scan, so it runs only once a countries pattern has matched.
    has_country: bool | None = None
    for pattern, regex in comp.patterns:
        for match in regex.finditer(body, bits):
            if pattern.kind == "countries":
                if has_country is None:
                    has_country = comp.country_re is not None and comp.country_re.search(body) is not None
                if not has_country:
                    break
            if pattern.kind in ("text", "unit"):
                match = _trimmed(regex, match, known, body)
                if match is None or "\n" in match.group().strip():
                    continue
            parts = _pattern_parts(pattern, match, body, comp, issuer, gaz)
            if not parts:
                continue
            start = min(p[2] for p in parts)
            end = max(p[3] for p in parts)
            yield _Candidate(start, end, f"pattern:{pattern.name}", pattern.fallback, False, parts)
    for agency, regex in comp.agency_patterns:
        for match in regex.finditer(body, bits):
            s, e = match.span()
            yield _Candidate(s, e, f"pattern:{agency.name}", False, True,
                             ((agency.name, agency.agency_type, s, e),))


def _excluded_spans(body: str, comp: _Compiled, bits: int = -1) -> list[tuple[int, int]]:
    return [m.span() for regex in comp.exclude for m in regex.finditer(body, bits)]


class _Containment:
    """Spans (any order, may overlap) answering "does one contain [start, end)?"
    by bisection: the largest end among the spans starting at or before a
    position (a prefix maximum), so a query costs O(log n), not a scan."""

    __slots__ = ("starts", "max_end")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.max_end: list[int] = []
        best = -1
        for _, e in ordered:
            best = max(best, e)
            self.max_end.append(best)

    def _max_end(self, count: int) -> int:
        """Largest end among the first ``count`` spans (-1 for none)."""
        return self.max_end[count - 1] if count else -1

    def covers(self, start: int, end: int, longer: bool = False) -> bool:
        """Whether a span ``s <= start``, ``end <= e`` exists; with ``longer``,
        one that is also longer than ``[start, end)`` (not that very span)."""
        upto = self._max_end(bisect.bisect_right(self.starts, start))  # spans with s <= start
        if not longer:
            return upto >= end
        # longer iff s < start (then e >= end suffices) or s == start and e > end
        return upto > end or self._max_end(bisect.bisect_left(self.starts, start)) >= end


def _select(candidates: Iterable[_Candidate], excluded: Sequence[tuple[int, int]],
            body: str, titles: Sequence[tuple[int, int]] = ()) -> list[_Candidate]:
    """Greedy longest-first selection without overlap; fallbacks fill gaps.

    A candidate inside a longer excluded span (law, court, operation, ...)
    is dropped, and so is a pattern candidate that is one; so is a pattern candidate inside a job title ("Head of the
    Complex Casework Unit", "Programme Director"), which names a person's post.
    """
    inside_excluded = _Containment(excluded)
    inside_title = _Containment(titles)
    pool = [
        c for c in candidates
        if not inside_excluded.covers(c.start, c.end, longer=c.gazetteer)
        and (c.gazetteer or not inside_title.covers(c.start, c.end))
    ]
    pool.sort(key=lambda c: (c.fallback, -(c.end - c.start), not c.gazetteer, c.start))
    chosen: list[_Candidate] = []
    owned: list[_Candidate] = []
    # the chosen spans, sorted: they never overlap, so their ends are sorted too, and a
    # candidate overlaps one of them iff the last span starting before its end ends after
    # its start (a bisection instead of a scan of every chosen span: linear, not quadratic)
    spans: list[tuple[int, int]] = []
    for cand in pool:
        i = bisect.bisect_left(spans, (cand.end,)) - 1
        if i >= 0 and spans[i][1] > cand.start:
            continue
        if cand.fallback and _owned_unit(cand, chosen, body):
            owned.append(cand)
            continue
        chosen.append(cand)
        bisect.insort(spans, (cand.start, cand.end))
    chosen.sort(key=lambda c: c.start)
    starts = {c.start for c in chosen}
    chosen = [c for c in chosen if not _unit_of_next(c, starts, body)]
    if owned:  # "the force's Marine Unit, the Drone Unit and the Roads Policing Unit": all the force's
        ends = [c.end for c in owned]
        kept = []
        for cand in chosen:
            if cand.fallback and any(e <= cand.start and _LIST_GAP.fullmatch(body[e:cand.start]) for e in ends):
                ends.append(cand.end)
                continue
            kept.append(cand)
        chosen = kept
    return chosen


#: "in", "of", "within" ... between a unit and the organisation it belongs to.
_UNIT_OF = re.compile(r"\s+(?:in|of|at|within|from|for)\s+(?:the\s+)?")


def _unit_of_next(cand: _Candidate, starts: set[int], body: str) -> bool:
    """A unit followed by "in/of/within <named organisation>" is that organisation's."""
    if not cand.rule.startswith("pattern:force_unit"):
        return False
    link = _UNIT_OF.match(body, cand.end)
    return link is not None and link.end() in starts


#: The gap between two members of a list: ", ", " and ", ", and the ".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|\s(?:and|&)\s+)(?:the\s+)?")
#: A possessive and at most two lowercase words before a unit: "BTP's dedicated ".
_POSSESSIVE_BEFORE = re.compile(r"['’]s?\s+(?:[a-z][\w-]*\s+){0,2}$")


def _owned_unit(cand: _Candidate, chosen: Sequence[_Candidate], body: str) -> bool:
    """A unit named after a known agency's possessive belongs to that agency."""
    before = body[max(0, cand.start - 60) : cand.start]
    if _SPEAKER_UNIT.search(before):
        # "our"/"the force's" unit: a unit pattern resolves it to the issuer later
        return not cand.rule.startswith("pattern:force_unit")
    match = _POSSESSIVE_BEFORE.search(before)
    if match is None:
        return False
    owner_end = cand.start - len(before) + match.start()
    return any(0 <= owner_end - c.end <= 1 for c in chosen)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined: "Operations Manager" + "Manager for the X Service"."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def find_candidates(body: str, gazetteer: Gazetteer, issuer: str | None = None) -> list[_Candidate]:
    """Selected organisation matches of ``body`` in text order (before roles)."""
    comp = _compiled(gazetteer)
    bits = comp.finder.text_bits(body, fold(body)) if comp.finder is not None else -1
    aliases = list(_alias_candidates(body, comp))
    known = sorted((c.start, c.end) for c in aliases)
    cands = [*aliases, *_pattern_candidates(body, comp, issuer, gazetteer, known, bits)]
    titles = _merged(m.span() for regex in comp.titles for m in regex.finditer(body, bits))
    return _select(cands, _excluded_spans(body, comp, bits), body, titles)


# -------------------------------------------------------------------- roles


def _sentence_index(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence (by its ``starts``) holding ``offset``; 0 before the first."""
    i = bisect.bisect_right(starts, offset) - 1
    return max(i, 0)


_OPEN_PAREN = re.compile(r"\s*\(\s*")


def _runs(parts: Sequence[tuple[str, str, int, int]], text: str) -> list[list[int]]:
    """Group mentions of one sentence into lists joined by commas/'and'."""
    runs: list[list[int]] = []
    for i, part in enumerate(parts):
        if runs:
            prev = parts[runs[-1][-1]]
            gap = text[prev[3] : part[2]]
            # (a space alone joins a body and its service: "West Sussex County Council Trading Standards")
            if prev[3] == part[2] or gap == " " or _SEPARATOR.match(gap) or _ISOLATED_PAREN.match(gap) \
                    or _OPEN_PAREN.fullmatch(gap):
                runs[-1].append(i)
                continue
        runs.append([i])
    return runs


#: A colon that opens a list right after a cue ("a team from: the GLAA, ...") ends no clause.
_LIST_COLON = re.compile(r"(\w):(\s+(?:the\s+)?)$")


def _tail_from(regex: re.Pattern[str], text: str, comp: _Compiled, space_run: int | None,
               token_run: Callable[[], int] | None = None) -> int:
    """Where a search of ``regex`` (ending in ``$``) in ``text`` may start.

    A match ends at the end of ``text`` (or before a last newline) and an
    attempt reads at most ``a + b * W`` characters past its start (``reaches``,
    W = ``space_run``, the longest whitespace run of a text holding ``text``),
    so no match starts before ``len(text) - 2 - a - b * W``: searching from
    there finds a match iff searching the whole text does, in time independent
    of the length of ``text``. 0 when the reach or ``space_run`` is unknown.
    A regex with a word run (``[a-z]+ly``) reads at most ``a + b * W + c * T``
    characters (``comp.word_reaches``), T = ``token_run()``, the longest run of
    non-space characters of that text (asked only when the text is long
    enough for it to matter); without ``token_run`` such a search starts at 0.
    """
    if space_run is None:
        return 0
    reach, words = comp.reach_by_id.get(id(regex), (None, None))
    if reach is None:
        if words is None or token_run is None:
            return 0
        cut = len(text) - 2 - words[0] - words[1] * space_run
        return max(0, cut - words[2] * token_run()) if cut > 0 else 0
    return max(0, len(text) - 2 - reach[0] - reach[1] * space_run)


#: Length of searched text from which a combined cue search first looks for its keys.
_KEYS_FIRST = 100


def _any_cue_search(regex: re.Pattern[str], text: str, start: int, keys: Prefilter | None) -> bool:
    """Whether ``regex.search(text, start)`` finds a match; in a long text the
    keys of ``regex`` are looked for first (a match holds one of each key set,
    all inside ``text[start:]``): a text without them is not searched."""
    if keys is not None and len(text) - start >= _KEYS_FIRST:
        tail = text[start:]
        if not keys.may_match(tail, fold(tail)):
            return False
    return regex.search(text, start) is not None


def _cue_role(before: str, after: str, comp: _Compiled, space_run: int | None = None,
              token_run: Callable[[], int] | None = None) -> tuple[str, str]:
    """Role and cue name for a list with ``before``/``after`` sentence context.

    ``space_run``: the longest run of whitespace in a text holding ``before``
    (only the end of ``before`` is searched then; None: all of it);
    ``token_run``: gives the longest run of non-space characters of that text
    (see :func:`_tail_from`).
    """
    if ":" in before:  # _LIST_COLON matches a colon
        cut = _tail_from(_LIST_COLON, before, comp, space_run)
        before = before[:cut] + _LIST_COLON.sub(r"\1\2", before[cut:])
    whole = space_run is None or len(before) <= comp.tail_min  # every search starts at 0 anyway
    found = {"involved": None, "contact": None}
    absent = {role for role, regex in comp.before_any.items()
              if not _any_cue_search(regex, before, 0 if whole else _tail_from(regex, before, comp, space_run, token_run),
                                     comp.before_any_keys.get(role))}
    for cue, regex in comp.before:
        if found[cue.role] is None and cue.role not in absent \
                and regex.search(before, 0 if whole else _tail_from(regex, before, comp, space_run, token_run)):
            found[cue.role] = cue.name
    if after[:1] in ("'", "’"):  # _OWNED_UNIT starts with an apostrophe
        after = _OWNED_UNIT.sub("", after)
    if after and not after[0].isalnum():  # _LEADING_PAREN starts with ")", "(" or a space
        after = _LEADING_PAREN.sub("", after)
    for cue, regex in comp.after:
        if found[cue.role] is None and regex.match(after):
            found[cue.role] = cue.name
    for role in ("involved", "contact"):
        if found[role]:
            return role, found[role]
    return "mentioned", ""


#: "the force's" / "the constabulary's" right before a unit.
_FORCE_OWNED = re.compile(r"\b(?:force|constabulary|police\s+service)['’]s\s+(?:[a-z][\w-]*\s+){0,2}$", re.I)
#: A team named after an operation ("the Operation Lantern team") belongs to a force.
_OPERATION_TEAM = re.compile(r"(?:Operation|Op)\s")


def _resolve_parts(
    parts: list[tuple[tuple[str, str, int, int], str]], gazetteer: Gazetteer, issuer: str | None,
    body: str = "",
) -> list[tuple[tuple[str, str, int, int], str]]:
    """Settle what depends on the whole release: units of a force and "the PCC".

    - A unit or team (pattern kind ``unit``) belongs to a force: the issuing
      force, else the police force named last before it; a unit of a
      non-police issuer (the NCA's own unit) is its own agency.
    - Generic words with ``same_as`` ("immigration officers") are the named
      agency they stand for when the release names one (Immigration Enforcement).
    - "The PCC" / "the Police and Crime Commissioner" is the issuer when the
      issuer is a commissioner, else the one commissioner named by area in
      the release, else the issuing force's commissioner, else generic.
    """
    comp = _compiled(gazetteer)
    kinds = comp.rule_kinds
    issuing = gazetteer.get(issuer or "")
    generic_pcc = _pcc_name(gazetteer, None)
    named_pccs = {p[0] for p, rule in parts if kinds.get(rule) in ("pcc", "pcc_list")}
    if issuer and _is_commissioner(issuer, gazetteer):
        the_pcc = issuer
    elif len(named_pccs) == 1:
        the_pcc = next(iter(named_pccs))
    elif issuing is not None and issuing.agency_type == "police_force":
        the_pcc = _pcc_name(gazetteer, issuing)
    else:
        the_pcc = generic_pcc
    same_as = comp.rule_same_as
    named = {p[0] for p, _ in parts}
    out = []
    seen = [p[0] for p, rule in parts if kinds.get(rule) in ("text", "unit") and p[1] == "unknown"]
    last_force: str | None = None
    for (name, kind, start, end), rule in parts:
        rule_kind = kinds.get(rule)
        if rule in same_as:  # "immigration officers" in a release naming Immigration Enforcement
            agency = next((gazetteer.get(n) for n in same_as[rule] if n in named), None)
            if agency is not None:
                name, kind, rule = agency.name, agency.agency_type, rule + f"|same_as:{agency.name}"
        if rule_kind == "issuer_pcc":
            name = the_pcc
        elif rule_kind == "unit":
            if issuing is not None and issuing.agency_type == "police_force":
                name, kind, rule = issuing.name, issuing.agency_type, rule + "|unit_of:issuer"
            elif (issuing is None or _FORCE_OWNED.search(body, max(0, start - 40), start)
                  or _OPERATION_TEAM.match(name)) and last_force is not None:
                name, kind, rule = last_force, "police_force", rule + "|unit_of:force_named_before"
            elif _FORCE_OWNED.search(body, max(0, start - 40), start) or _OPERATION_TEAM.match(name):
                continue  # a force's team, but which force the release does not say
        if kind == "police_force":
            last_force = name
        if rule_kind in ("text", "unit") and kind == "unknown":
            # "the Regional Asset Recovery Team" after "the East Midlands Regional Asset
            # Recovery Team": a shortened name is the organisation named in full before
            name = next((n for n in seen if n.endswith(" " + name)), name)
        if name == generic_pcc:
            continue  # a commissioner is named by area (codebook s.10): "PCCs" alone names none
        out.append(((name, kind, start, end), rule))
    return out


def extract_agencies(
    body: str,
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer | None = None,
    issuer: str | None = None,
) -> list[AgencyMention]:
    """Every organisation named in ``body``, in text order, with its role (codebook section 4).

    ``sentences`` are the sentences of ``body`` (:func:`releasekit.text.split_sentences`;
    none: no mentions). ``gazetteer`` defaults to :meth:`Gazetteer.default`.
    ``issuer`` (canonical name) settles "the PCC" and a force's units, and
    the issuer named in its own release is ``involved`` when its type is one
    of the gazetteer's ``issuer_involved_types``.

    Returns :class:`AgencyMention` rows (canonical ``agency``, ``agency_type``,
    release-level ``role``, the mention's own ``mention_role``, the words and
    their character span in ``body``, the sentence index and the ``rule``
    chain that produced the row). A generic partner ("local authorities",
    "immigration officers") is kept only as a member of a list of agencies
    or with an ``involved`` cue (codebook section 8). Every row's
    ``body[start:end] == mention``; never raises on text.
    """
    gazetteer = gazetteer or Gazetteer.default()
    comp = _compiled(gazetteer)
    chosen = find_candidates(body, gazetteer, issuer)
    parts = _resolve_parts([(p, c.rule) for c in chosen for p in c.parts], gazetteer, issuer, body)
    if not parts or not sentences:
        return []
    generic = {rule for rule, kind in comp.rule_kinds.items() if kind == "generic"}
    starts = [s.start for s in sentences]
    space_run = longest_space_run(body)
    longest_token: list[int] = []  # found when a long context first asks (a plain memo: cheaper than functools.cache per call)

    def token_run() -> int:
        if not longest_token:
            longest_token.append(max(map(len, body.split()), default=0))
        return longest_token[0]

    by_sentence: dict[int, list[int]] = {}
    for i, (part, _) in enumerate(parts):
        by_sentence.setdefault(_sentence_index(starts, part[2]), []).append(i)
    mentions: list[AgencyMention] = []
    for sid, indices in sorted(by_sentence.items()):
        sent = sentences[sid]
        local = [parts[i][0] for i in indices]
        for run in _runs(local, body):
            first, last = local[run[0]], local[run[-1]]
            before = body[sent.start : first[2]]
            after = body[last[3] : max(sent.end, last[3])]
            role, cue = _cue_role(before, after, comp, space_run, token_run)
            if role == "involved" and cue in gazetteer.weak_cues and comp.weak_past is not None \
                    and comp.weak_past.search(sent.text):
                role, cue = "mentioned", f"background:weak:{cue}"
            if role == "involved" and sid >= gazetteer.lead_sentences:
                for name, regex in comp.background:
                    if regex.search(sent.text):
                        role, cue = "mentioned", f"background:{name}"
                        break
            named = sum(parts[indices[j]][1] not in generic for j in run)
            run = [j for j in run if not (parts[indices[j]][1] in generic and j > 0
                                          and _BLANKS.fullmatch(body[local[j - 1][3]:local[j][2]]))]
            for j in run:
                name, kind, start, end = local[j]
                rule = parts[indices[j]][1]
                if rule in generic and not named and role != "involved":
                    continue  # "local authorities have a duty": not named as a partner
                rule += f"|cue:{cue}" if cue else ""
                mentions.append(AgencyMention(name, kind, role, role, body[start:end], sid, start, end, rule))
    mentions.sort(key=lambda m: (m.start, m.end))
    issuing = gazetteer.get(issuer or "")
    issuer_type = issuing.agency_type if issuing is not None else None
    acting = issuer if issuer_type is None or issuer_type in gazetteer.issuer_involved_types else None
    return _release_roles(mentions, acting)


_BLANKS = re.compile(r"[ \t]*")


def _release_roles(mentions: Sequence[AgencyMention], issuer: str | None) -> list[AgencyMention]:
    """Give every mention its agency's strongest role in the release."""
    best: dict[str, str] = {}
    for m in mentions:
        role = "involved" if m.agency == issuer else m.mention_role
        if m.agency not in best or ROLE_RANK[role] > ROLE_RANK[best[m.agency]]:
            best[m.agency] = role
    return [m if m.role == best[m.agency] else AgencyMention(
        m.agency, m.agency_type, best[m.agency], m.mention_role, m.mention, m.sentence_id, m.start, m.end, m.rule,
    ) for m in mentions]


# ------------------------------------------------------------------- issuer


def _host_agencies(host: str, gazetteer: Gazetteer) -> list[Agency]:
    """Entries whose domain is the longest suffix of ``host``."""
    host = host.lower().split(":")[0]
    best, hits = 0, []
    for agency in gazetteer.agencies:
        for domain in agency.domains:
            if host == domain or host.endswith("." + domain):
                if len(domain) > best:
                    best, hits = len(domain), [agency]
                elif len(domain) == best:
                    hits.append(agency)
    return hits


def _from_text(text: str, gazetteer: Gazetteer, among: Sequence[Agency] | None = None) -> str | None:
    """Most often named (then first named) issuing agency of ``text``.

    Issuing agencies are those in ``among`` if given, else any entry of an
    issuing type (force, national agency, prosecutor, oversight body).
    """
    allowed = {a.name for a in among} if among else {
        a.name for a in gazetteer.agencies if a.agency_type in gazetteer.issuer_types
    }
    names = [p[0] for c in find_candidates(text, gazetteer) for p in c.parts if p[0] in allowed]
    if not names:
        return None
    counts = Counter(names)
    return max(names, key=lambda n: (counts[n], -names.index(n)))


def _publisher_name(publisher: str, gazetteer: Gazetteer) -> str:
    """Canonical name of a manifest publisher: a known name, or the one agency it names.

    "East Midlands Special Operations Unit (EMSOU)" is the unit; "Norfolk's
    Police and Crime Commissioner" is "Norfolk Police and Crime Commissioner".
    A publisher naming no agency, or several, is kept as written.
    """
    known = gazetteer.lookup(publisher)
    if known is not None:
        return known.name
    parts = [p for c in find_candidates(publisher, gazetteer) for p in c.parts]
    names = {p[0] for p in parts}
    if len(names) == 1:
        _, _, start, end = parts[0]
        rest = re.sub(r"\([^()]*\)|[\s,.;:'’-]|\b(?:the|The)\b", "", publisher[:start] + publisher[end:])
        if not rest:
            return parts[0][0]
    return publisher


def _commissioner_host(host: str, gazetteer: Gazetteer) -> str | None:
    """The Police and Crime Commissioner whose own site ``host`` is (``commissioner.host`` rule).

    The host must match the rule (e.g. "pcc", "commissioner") and hold the
    place of exactly one force, spelt without spaces or hyphens
    ("norfolkcommissioner.org.uk", "westyorkshire-pcc.gov.uk").
    """
    comp = _compiled(gazetteer)
    if comp.host_re is None or not comp.host_re.search(host):
        return None
    compact = re.sub(r"[^a-z]", "", host.lower())
    forces = {force.name: force for place, force in comp.place_force.items()
              if len(place) > 3 and re.sub(r"[^a-z]", "", place) in compact}
    if len(forces) != 1:
        return None
    return _pcc_name(gazetteer, next(iter(forces.values())))


def resolve_issuer(
    publisher: str | None,
    url: str | None,
    title: str | None,
    body: str,
    gazetteer: Gazetteer | None = None,
) -> str | None:
    """Canonical name of the organisation that issued a release (``gazetteer``
    defaults to :meth:`Gazetteer.default`).

    Order: the manifest publisher (normalised through the gazetteer), the URL
    host (a commissioner's own site, then ``domains`` in the YAML; a host
    shared by several agencies is settled by the title and body), then the
    title and body. See :func:`issuer_and_source` for where the name came from.
    """
    return issuer_and_source(publisher, url, title, body, gazetteer)[0]


def issuer_and_source(
    publisher: str | None,
    url: str | None,
    title: str | None,
    body: str,
    gazetteer: Gazetteer | None = None,
) -> tuple[str | None, str]:
    """:func:`resolve_issuer` and its source: ``publisher``, ``site`` or ``text``.

    An issuer read only from the text (``text``: no publisher, and a URL of no
    known agency, e.g. a newspaper's) is a guess: the release may be a third
    party's report of the agency's action.
    """
    gazetteer = gazetteer or Gazetteer.default()
    if publisher and publisher.strip():
        return _publisher_name(publisher.strip(), gazetteer), "publisher"
    text = "\n".join(t for t in (title, body) if t)
    if url:
        host = urlparse(url if "//" in url else "//" + url).hostname or ""
        commissioner = _commissioner_host(host, gazetteer)
        if commissioner:
            return commissioner, "site"
        hits = _host_agencies(host, gazetteer)
        if len(hits) == 1:
            return hits[0].name, "site"
        if len(hits) > 1:
            return _from_text(text, gazetteer, hits) or _from_text(text, gazetteer), "site"
    return _from_text(text, gazetteer), "text"
