"""Release kind: the action a release reports (codebook section 11).

One of ``operation``, ``charge``, ``court``, ``statistics``, ``awareness``,
``funding``, ``other``: the one its headline and opening sentence lead
with. The rules are data (``releasekit/data/kind_rules.yaml``): the lead is
read in order (title, then the first sentences of the body); in the first
part with a cue, the ``overrides`` come first (a period statistic leads even
where an action word comes first), then the earliest cue wins, except
that among the ``stages`` of one case (court, charge, operation) the furthest
stage named in the part leads ("arrested and charged" is a charge). When
the lead leads with an action (``operation``) or with no cue, an override
anywhere in the lead still decides: the count of an action is read with the
period the lead gives it ("More than 100 victims rescued" then "... since
the unit was set up" is a statistic). Lines
that are not the lead (``skip``: dates, page chrome, the headline repeated)
are passed over. The kind is the scope prior of figure extraction
(:func:`releasekit.extract.figures.extract_figures`).

>>> classify_release("Three men jailed for trafficking", "Three men were jailed.", []).kind
'court'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from releasekit.rulefiles import RuleFileError, load_cached, packaged_path, read_rule_file, where

from releasekit.extract.prefilter import KeyFinder, Prefilter, fold
from releasekit.text import Sentence

__all__ = ["KINDS", "Kind", "KindRuleError", "KindRules", "classify_release", "load_kind_rules"]

#: The release kinds of codebook section 11, in its order.
KINDS: tuple[str, ...] = ("operation", "charge", "court", "statistics", "awareness", "funding", "other")

_RULES_NAME = "kind_rules.yaml"


class KindRuleError(RuleFileError):
    """A kind rule file that cannot be used; the message names the file, section and rule."""


@dataclass(frozen=True, slots=True)
class Kind:
    """The kind of one release, with the words and rule that decided it."""

    kind: str
    evidence: str | None  # the cue's words (None for the default)
    rule: str


@dataclass(frozen=True)
class KindRules:
    """The release-kind rules of one file (``data/kind_rules.yaml`` by
    default), checked and compiled: :meth:`load` reads any file,
    :meth:`default` the packaged one."""

    lead_sentences: int
    fallback: tuple[str, str]  # (rule name, kind) when no rule decides: section `default`
    skip: tuple[tuple[str, re.Pattern[str]], ...]  # (name, pattern matching a whole line)
    stages: tuple[str, ...]  # furthest stage first
    overrides: tuple[tuple[str, str, re.Pattern[str]], ...]
    rules: tuple[tuple[str, str, re.Pattern[str]], ...]
    #: What the rules keep of their use: the prefilters once built and the
    #: number of lead parts read before (see :func:`_prefilters`). Not compared.
    _state: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def prefilters(self) -> Mapping[re.Pattern[str], Prefilter]:
        """Per pattern of ``overrides`` and ``rules``, its prefilter (derived from
        the pattern, never written by hand; built once and kept on the rules):
        a part without the pattern's keys is not searched."""
        if "prefilters" not in self._state:
            self._state["prefilters"] = {pattern: Prefilter(pattern) for _, _, pattern in (*self.overrides, *self.rules)}
        return self._state["prefilters"]

    def keys(self) -> "_Keys":
        """The prefilters' keys, found in a part in one pass (:class:`KeyFinder`), and
        the bits each override and rule needs (built once and kept on the rules)."""
        if "keys" not in self._state:
            prefilters = self.prefilters()
            finder = KeyFinder(prefilters.values())
            self._state["keys"] = _Keys(
                finder,
                tuple(finder.need(prefilters[pattern]) for _, _, pattern in self.overrides),
                tuple(finder.need(prefilters[pattern]) for _, _, pattern in self.rules),
            )
        return self._state["keys"]

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> KindRules:
        """Read, check and compile the kind rule file at ``path``.

        Raises :class:`KindRuleError` (a ``RuleFileError``) naming the file,
        section and rule for a file that cannot be read or is not YAML, an
        unknown section, key or kind, or a pattern that does not compile
        (with the rule's name and the pattern).
        """
        try:
            raw = read_rule_file(path)
        except RuleFileError as error:
            raise KindRuleError(str(error)) from error
        return _compile(raw, str(path))

    @classmethod
    def default(cls) -> KindRules:
        """The packaged ``data/kind_rules.yaml`` (cached while the file is unchanged)."""
        return load_cached(cls.load, packaged_path(_RULES_NAME))


@dataclass(frozen=True)
class _Keys:
    """:meth:`KindRules.keys`: a part may match a pattern only if ``bits & need == need``,
    ``bits`` = ``finder.text_bits(part, fold(part))`` (one pass per part, then an
    integer test per rule instead of a prefilter look-up and test)."""

    finder: KeyFinder
    overrides: tuple[int, ...]
    rules: tuple[int, ...]


def _compile(raw: Any, source: str) -> KindRules:
    if not isinstance(raw, Mapping):
        raise KindRuleError(f"{where(source)}: not a mapping of sections")
    known = {"version", "lead_sentences", "default", "kinds", "stages", "skip", "overrides", "rules"}
    for key in raw:
        if key not in known:
            raise KindRuleError(f"{where(source, key)}: unknown section {key!r} (known: {', '.join(sorted(known))})")
    kinds = tuple(raw.get("kinds") or KINDS)
    for kind in kinds:
        if kind not in KINDS:
            raise KindRuleError(f"{where(source, 'kinds')}: unknown kind {kind!r} (codebook section 11: {', '.join(KINDS)})")

    stages = tuple(raw.get("stages") or ())
    for kind in stages:
        if kind not in kinds:
            raise KindRuleError(f"{where(source, 'stages')}: unknown kind {kind!r} (known: {', '.join(kinds)})")

    def rule_list(section: str, with_kind: bool = True) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
        out = []
        for i, rule in enumerate(raw.get(section) or []):
            name = rule.get("name") if isinstance(rule, Mapping) else None
            label = where(source, section, name or f"#{i + 1}")
            if not isinstance(rule, Mapping) or not name:
                raise KindRuleError(f"{label}: every rule needs a name")
            extra = set(rule) - ({"name", "kind", "pattern"} if with_kind else {"name", "pattern"})
            if extra:
                raise KindRuleError(f"{label}: unknown key(s) {', '.join(sorted(extra))}")
            if not with_kind:
                rule = {**rule, "kind": "other"}
            if rule.get("kind") not in kinds:
                raise KindRuleError(f"{label}: unknown kind {rule.get('kind')!r} (known: {', '.join(kinds)})")
            if "pattern" not in rule:
                raise KindRuleError(f"{label}: needs a pattern")
            try:
                pattern = re.compile(str(rule["pattern"]), re.I)
            except re.error as error:
                raise KindRuleError(f"{label}: pattern does not compile ({error}): {rule['pattern']!r}") from error
            out.append((name, rule["kind"], pattern))
        return tuple(out)

    default = raw.get("default") or {"name": "kind_default", "kind": "other"}
    if default.get("kind") not in kinds:
        raise KindRuleError(f"{where(source, 'default', default.get('name'))}: unknown kind {default.get('kind')!r}")
    ranked = rule_list("rules")
    order = {k: i for i, k in enumerate(kinds)}
    return KindRules(
        lead_sentences=int(raw.get("lead_sentences", 2)),
        fallback=(default["name"], default["kind"]),
        skip=tuple((name, pattern) for name, _, pattern in rule_list("skip", with_kind=False)),
        stages=stages,
        overrides=rule_list("overrides"),
        rules=tuple(sorted(ranked, key=lambda r: order[r[1]])),
    )


def load_kind_rules(path: str | os.PathLike[str] | None = None) -> KindRules:
    """:meth:`KindRules.load` of ``path``, or :meth:`KindRules.default` when None."""
    return KindRules.default() if path is None else KindRules.load(path)


def _headline(title: str | None) -> str:
    """The title as words: a URL slug's "+" as spaces, a trailing timestamp dropped."""
    text = (title or "").strip()
    if "+" in text and " " not in text:
        text = re.sub(r"\+?\d{8,}$", "", text).replace("+", " ").strip()
    return text


_NON_WORDS = re.compile(r"\W+")


def _norm(text: str) -> str:
    return _NON_WORDS.sub(" ", text).strip().lower()


def _lead(title: str | None, body: str, sentences: Sequence[Sentence], rules: KindRules) -> list[str]:
    """The headline, then up to ``lead_sentences`` opening sentences (skipped lines passed over)."""

    def skipped(text: str) -> bool:
        return any(pattern.fullmatch(text.strip()) for _, pattern in rules.skip)

    head = _headline(title)
    parts = [head] if head and not skipped(head) else []
    seen = {_norm(head)}
    texts = [s.text for s in sentences[: rules.lead_sentences + 6]] if sentences else [body[:400]]
    for text in texts[: rules.lead_sentences + 6]:
        if len(parts) > rules.lead_sentences:
            break
        if not text.strip():
            continue
        norm = _norm(text)
        if norm in seen or skipped(text):
            continue
        seen.add(norm)
        parts.append(text)
    return parts


#: Lead parts read before the prefilters and their key finder are built.
#: Building them costs about 30 ms; they save about 0.065 ms per part (0.094
#: ms searched plainly, 0.029 ms through the key bits), so they pay off after
#: some 500 parts (a collection of ~150 releases). Building at that break-even point
#: (as in the ski-rental problem) costs at most twice the better of always and
#: never building: a small collection never pays for them, a large one gains.
_PREFILTER_AFTER = 500


def _prefilters(rules: KindRules, parts: int) -> _Keys | None:
    """The prefilters' keys of ``rules`` (:meth:`KindRules.keys`) once they have read
    ``_PREFILTER_AFTER`` lead parts (counting ``parts`` more now), else None (plain searches)."""
    state = rules._state
    if "keys" not in state:
        state["parts"] = state.get("parts", 0) + parts
        if state["parts"] < _PREFILTER_AFTER:
            return None
    return rules.keys()


def _override(part: str, rules: KindRules, bits: int | None = None) -> Kind | None:
    """The kind an override rule gives ``part``; ``bits``: the part's :class:`_Keys` bits
    (None: every pattern is searched)."""
    needs = rules.keys().overrides if bits is not None else None
    for i, (name, kind, pattern) in enumerate(rules.overrides):
        if needs is not None and bits & needs[i] != needs[i]:  # type: ignore[operator]
            continue
        match = pattern.search(part)
        if match:
            return Kind(kind, match.group(), name)
    return None


def _first_cue(part: str, rules: KindRules, bits: int | None = None) -> Kind | None:
    """The kind a part leads with: its earliest cue, or the furthest stage of a case it names
    (``bits`` as in :func:`_override`)."""
    needs = rules.keys().rules if bits is not None else None
    best: tuple[int, int, str, str, str] | None = None
    stage: tuple[int, str, str, str] | None = None
    for rank, (name, kind, pattern) in enumerate(rules.rules):
        if needs is not None and bits & needs[rank] != needs[rank]:  # type: ignore[operator]
            continue
        match = pattern.search(part)
        if not match:
            continue
        if best is None or (match.start(), rank) < best[:2]:
            best = (match.start(), rank, name, kind, match.group())
        if kind in rules.stages:
            level = rules.stages.index(kind)
            if stage is None or level < stage[0]:
                stage = (level, name, kind, match.group())
    if best is None:
        return None
    if stage is not None and best[3] in rules.stages:
        return Kind(stage[2], stage[3], stage[1])
    return Kind(best[3], best[4], best[2])


def classify_release(
    title: str | None, body: str, sentences: Sequence[Sentence], *, rules: KindRules | None = None
) -> Kind:
    """The kind of a release from its headline and opening sentences.

    Returns a :class:`Kind` (``kind`` one of :data:`KINDS`, ``evidence`` the
    cue's words or None, ``rule`` the rule's name from ``kind_rules.yaml``).
    """
    rules = rules or KindRules.default()
    lead = _lead(title, body, sentences, rules)
    keys = _prefilters(rules, len(lead))

    # each part's key bits and override are found once, when first read (plain dicts: a
    # ``functools.cache`` made per call costs more than the lookups it saves)
    part_bits: dict[int, int | None] = {}
    overrides: dict[int, Kind | None] = {}

    def bits(i: int) -> int | None:
        """The part's key bits, found when the part is first read (None: no prefilters yet)."""
        if i not in part_bits:
            part_bits[i] = keys.finder.text_bits(lead[i], fold(lead[i])) if keys is not None else None
        return part_bits[i]

    def override(i: int) -> Kind | None:
        """The part's override, searched once."""
        if i not in overrides:
            overrides[i] = _override(lead[i], rules, bits(i))
        return overrides[i]

    found = next((k for k in (override(i) or _first_cue(p, rules, bits(i)) for i, p in enumerate(lead))
                  if k is not None), None)
    if found is None or found.kind == "operation":
        # an action's count is read with the period the lead gives it ("since ...", "last year")
        found = next((k for k in (override(i) for i in range(len(lead))) if k is not None), None) or found
    if found is not None:
        return found
    name, kind = rules.fallback
    return Kind(kind, None, name)
