"""Release kind: the action a release reports (codebook section 11).

One of ``operation``, ``charge``, ``court``, ``statistics``, ``awareness``,
``funding``, ``other``: the one its headline and opening sentence lead
with. The rules are data (``releasekit/data/kind_rules.yaml``): the lead is
read in order (title, then the first sentences of the body); in the first
part with a cue, the earliest cue wins, after the ``overrides`` (a period
statistic leads even where an action word comes first). The kind is the
scope prior of figure extraction (:func:`releasekit.extract.figures.extract_figures`).

>>> classify_release("Three men jailed for trafficking", "Three men were jailed.", []).kind
'court'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any, Mapping, Sequence

import yaml

from releasekit.text import Sentence

__all__ = ["KINDS", "Kind", "KindRuleError", "classify_release", "load_kind_rules"]

#: The release kinds of codebook section 11, in its order.
KINDS: tuple[str, ...] = ("operation", "charge", "court", "statistics", "awareness", "funding", "other")

_RULES_FILE = "data/kind_rules.yaml"


class KindRuleError(ValueError):
    """A kind rule file that cannot be used; the message names the file, section and rule."""


@dataclass(frozen=True, slots=True)
class Kind:
    """The kind of one release, with the words and rule that decided it."""

    kind: str
    evidence: str | None  # the cue's words (None for the default)
    rule: str


@dataclass(frozen=True)
class _KindRules:
    lead_sentences: int
    default: tuple[str, str]  # (rule name, kind)
    overrides: tuple[tuple[str, str, re.Pattern[str]], ...]
    rules: tuple[tuple[str, str, re.Pattern[str]], ...]


def _compile(raw: Any, source: str) -> _KindRules:
    if not isinstance(raw, Mapping):
        raise KindRuleError(f"{source}: not a mapping of sections")
    known = {"version", "lead_sentences", "default", "kinds", "overrides", "rules"}
    for key in raw:
        if key not in known:
            raise KindRuleError(f"{source}: unknown section {key!r} (known: {', '.join(sorted(known))})")
    kinds = tuple(raw.get("kinds") or KINDS)
    for kind in kinds:
        if kind not in KINDS:
            raise KindRuleError(f"{source}, section 'kinds': unknown kind {kind!r} (codebook section 11: {', '.join(KINDS)})")

    def rule_list(section: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
        out = []
        for i, rule in enumerate(raw.get(section) or []):
            name = rule.get("name") if isinstance(rule, Mapping) else None
            label = f"{source}, section {section!r}, rule {name or f'#{i + 1}'!r}"
            if not isinstance(rule, Mapping) or not name:
                raise KindRuleError(f"{label}: every rule needs a name")
            extra = set(rule) - {"name", "kind", "pattern"}
            if extra:
                raise KindRuleError(f"{label}: unknown key(s) {', '.join(sorted(extra))}")
            if rule.get("kind") not in kinds:
                raise KindRuleError(f"{label}: unknown kind {rule.get('kind')!r} (known: {', '.join(kinds)})")
            try:
                pattern = re.compile(str(rule["pattern"]), re.I)
            except (KeyError, re.error) as error:
                raise KindRuleError(f"{label}: pattern does not compile ({error})") from error
            out.append((name, rule["kind"], pattern))
        return tuple(out)

    default = raw.get("default") or {"name": "kind_default", "kind": "other"}
    if default.get("kind") not in kinds:
        raise KindRuleError(f"{source}, section 'default': unknown kind {default.get('kind')!r}")
    ranked = rule_list("rules")
    order = {k: i for i, k in enumerate(kinds)}
    return _KindRules(
        lead_sentences=int(raw.get("lead_sentences", 2)),
        default=(default["name"], default["kind"]),
        overrides=rule_list("overrides"),
        rules=tuple(sorted(ranked, key=lambda r: order[r[1]])),
    )


@lru_cache(maxsize=4)
def load_kind_rules(path: str | None = None) -> _KindRules:
    """Load and check the kind rules (the packaged YAML by default).

    Raises :class:`KindRuleError` naming the file, section and rule for an
    unknown section, key or kind, or a pattern that does not compile.
    """
    if path is None:
        text, source = files("releasekit").joinpath(_RULES_FILE).read_text("utf-8"), "kind_rules.yaml"
    else:
        with open(path, encoding="utf-8") as handle:
            text, source = handle.read(), path
    return _compile(yaml.safe_load(text), source)


def classify_release(
    title: str | None, body: str, sentences: Sequence[Sentence], *, rules: _KindRules | None = None
) -> Kind:
    """The kind of a release from its title and opening sentences."""
    rules = rules or load_kind_rules()
    lead = [t for t in [title or ""] + [s.text for s in sentences[: rules.lead_sentences]] if t.strip()]
    if not sentences and body:
        lead.append(body[:400])
    for name, kind, pattern in rules.overrides:
        for part in lead:
            match = pattern.search(part)
            if match:
                return Kind(kind, match.group(), name)
    for part in lead:
        best: tuple[int, int, str, str, str] | None = None
        for rank, (name, kind, pattern) in enumerate(rules.rules):
            match = pattern.search(part)
            if match and (best is None or (match.start(), rank) < best[:2]):
                best = (match.start(), rank, name, kind, match.group())
        if best is not None:
            return Kind(best[3], best[4], best[2])
    name, kind = rules.default
    return Kind(kind, None, name)
