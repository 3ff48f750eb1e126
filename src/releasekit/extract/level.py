"""Level and area of a release: force, regional, national or international.

A national round-up (all forces' results in one county lines week) and a
force's own release about its part in it count the same arrests; adding them
would double them, and one national total dwarfs every force's bars. So every
release gets a ``level`` and an ``area`` (codebook section 12):

``force``
    it reports on one force area (``area``: the canonical force area,
    e.g. "Bedfordshire", "Scotland");
``regional``
    on a police region or several forces of one region ("in the East
    Midlands", a regional organised crime unit's release, a list of the
    region's forces' results; ``area``: the region);
``national``
    on the nation ("across the country", "all 43 forces", a national
    agency's round-up, a per-force list spanning regions; ``area``:
    "United Kingdom", or the nation a national body serves, e.g. "Scotland");
``international``
    on several countries ("across Europe", "in 20 countries").

The decision uses, in this order: the issuer (a territorial force reports on
its area unless its lead says the figures are national), the title and lead
(first sentences), a list of force areas, the force areas named, the
metadata block's ``area``, and finally a national issuer. Every rule is
named in ``data/level_rules.yaml``; the name and the words that decided are
returned with the level (``rule``, ``evidence``).

Pure functions of their arguments; :class:`LevelRules` is the checked rule
file (:meth:`LevelRules.load`, :meth:`LevelRules.default`), passed as
``rules=``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from itertools import islice
from typing import Any, Mapping, Sequence

from releasekit.rulefiles import RuleFileError, load_cached, packaged_path, read_rule_file, where

from releasekit.extract.prefilter import char_trie, first_char_prefilter, trie_pattern
from releasekit.text import Sentence

__all__ = ["LEVELS", "LevelRules", "LevelRulesError", "ReleaseLevel", "compile_level_rules", "load_level_rules", "release_level"]

#: The levels, from the smallest area to the largest.
LEVELS: tuple[str, ...] = ("force", "regional", "national", "international")

_SOURCE = "level_rules.yaml"


class LevelRulesError(RuleFileError):
    """``data/level_rules.yaml`` holds an unknown key or level, a force area in two regions, or a bad pattern."""


@dataclass(frozen=True, slots=True)
class ReleaseLevel:
    """The level of a release, the area it reports on, and why.

    ``level`` is one of :data:`LEVELS` or ``None`` when nothing decides;
    ``area`` a canonical force area, region or nation (or ``None``);
    ``rule`` the name of the rule that decided; ``evidence`` the words
    (or the issuer's name) it decided on.
    """

    level: str | None
    area: str | None
    rule: str
    evidence: str | None


@dataclass(frozen=True, slots=True)
class _Cue:
    name: str
    level: str
    area: str | None
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class LevelRules:
    """The level rules of one file (``data/level_rules.yaml`` by default),
    checked and compiled: :meth:`load` reads any file, :meth:`default` the
    packaged one."""

    area_region: Mapping[str, str]  # force area -> region
    force_area: Mapping[str, str]  # canonical force name -> force area
    places: re.Pattern[str]  # place names -> group per area
    place_area: Mapping[str, str]  # place as written -> force area
    region_names: re.Pattern[str]
    region_alias: Mapping[str, str]  # alias as written -> region
    regional_issuer: re.Pattern[str]
    regions_in_names: tuple[tuple[str, str], ...]
    national_issuer: re.Pattern[str]
    national_issuer_areas: Mapping[str, str]
    cues: tuple[_Cue, ...]
    lead_sentences: int
    list_min_areas: int

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> LevelRules:
        """Read, check and compile the level rule file at ``path``.

        Raises :class:`LevelRulesError` (a ``RuleFileError``) naming the
        file, section and rule for a file that cannot be read or is not YAML,
        an unknown section, key or level, a force area in two regions, or a
        pattern that does not compile (with the rule's name and pattern).
        """
        try:
            raw = read_rule_file(path)
        except RuleFileError as error:
            raise LevelRulesError(str(error)) from error
        if not isinstance(raw, Mapping):
            raise LevelRulesError(f"{where(str(path))}: not a mapping of sections")
        return compile_level_rules(raw, str(path))

    @classmethod
    def default(cls) -> LevelRules:
        """The packaged ``data/level_rules.yaml`` (cached while the file is unchanged)."""
        return load_cached(cls.load, packaged_path(_SOURCE))


def _alternation(words: Sequence[str]) -> str:
    """One pattern for a list of names, as a character trie (fast on long texts); spaces match any whitespace."""
    return trie_pattern(char_trie(words), space=r"\s+")


def _names_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Whole-word, case-sensitive names; a capital must start them (cheap rejection)."""
    first = sorted({w[0] for w in words if w})
    return re.compile(r"(?<![\w-])(?=[" + re.escape("".join(first)) + r"])(?:" + _alternation(words) + r")(?![\w-])")


def compile_level_rules(raw: Mapping[str, Any], source: str = _SOURCE) -> LevelRules:
    """Check and compile level rules read from YAML; :class:`LevelRulesError` names file and rule."""
    known = {"regions", "regional_issuers", "national_issuers", "cues", "lead_sentences", "list_min_areas"}
    if set(raw) - known:
        raise LevelRulesError(f"{where(source)}: unknown sections {sorted(set(raw) - known)} (known: {', '.join(sorted(known))})")
    for section in ("regions", "regional_issuers", "national_issuers", "cues"):
        if section not in raw:
            raise LevelRulesError(f"{where(source, section)}: missing section")
    area_region: dict[str, str] = {}
    force_area: dict[str, str] = {}
    place_area: dict[str, str] = {}
    region_alias: dict[str, str] = {}
    for region in raw["regions"]:
        if set(region) - {"name", "aliases", "areas"}:
            raise LevelRulesError(f"{where(source, 'regions', region.get('name'))}: unknown keys {sorted(set(region) - {'name', 'aliases', 'areas'})}")
        for alias in region.get("aliases") or ():
            region_alias[alias] = region["name"]
        for area, spec in (region.get("areas") or {}).items():
            if area in area_region:
                raise LevelRulesError(f"{where(source, 'regions', region.get('name'))}: force area {area!r} is in two regions")
            if set(spec) - {"forces", "places"}:
                raise LevelRulesError(f"{where(source, 'regions', region.get('name'))}: area {area!r}: unknown keys {sorted(set(spec) - {'forces', 'places'})}")
            area_region[area] = region["name"]
            for force in spec.get("forces") or ():
                force_area[force] = area
            for place in spec.get("places") or ():
                if place_area.get(place, area) != area:
                    raise LevelRulesError(f"{where(source, 'regions', region.get('name'))}: place {place!r} names two force areas")
                place_area[place] = area
    regional = raw["regional_issuers"]
    regions = set(area_region.values())
    for name, region in (regional.get("regions_in_names") or {}).items():
        if region not in regions:
            raise LevelRulesError(f"{where(source, 'regional_issuers')}: {name!r} names an unknown region {region!r}")
    region_pattern = _alternation(list(region_alias))
    cues = []
    for cue in raw["cues"]:
        label = where(source, "cues", cue.get("name") or "(no name)")
        if set(cue) - {"name", "level", "area", "patterns"}:
            raise LevelRulesError(f"{label}: unknown key(s) {', '.join(sorted(set(cue) - {'name', 'level', 'area', 'patterns'}))}")
        if cue.get("level") not in LEVELS:
            raise LevelRulesError(f"{label}: unknown level {cue.get('level')!r} (codebook section 12: {', '.join(LEVELS)})")
        for one in cue.get("patterns") or ():
            try:
                re.compile(one.replace("<<REGION>>", "x"))
            except re.error as exc:
                raise LevelRulesError(f"{label}: pattern does not compile ({exc}): {one!r}") from None
        text = "|".join(f"(?:{p})" for p in cue["patterns"]).replace("<<REGION>>", f"(?P<region>{region_pattern})")
        try:
            # behind a lookahead of its first characters: the same matches, about 40 % faster
            pattern = re.compile(first_char_prefilter(r"\b(?:" + text + r")\b", re.IGNORECASE), re.IGNORECASE)
        except re.error as exc:
            raise LevelRulesError(f"{label}: patterns do not compile together ({exc})") from None
        cues.append(_Cue(cue["name"], cue["level"], cue.get("area"), pattern))
    try:
        issuer_pattern = re.compile(regional["pattern"])
    except re.error as exc:
        raise LevelRulesError(f"{where(source, 'regional_issuers')}: pattern does not compile ({exc}): {regional['pattern']!r}") from None
    return LevelRules(
        area_region=area_region,
        force_area=force_area,
        places=_names_pattern(list(place_area)),
        place_area=place_area,
        region_names=_names_pattern(list(region_alias)),
        region_alias=region_alias,
        regional_issuer=issuer_pattern,
        regions_in_names=tuple((regional.get("regions_in_names") or {}).items()),
        national_issuer=_compile_issuer(raw["national_issuers"].get("pattern"), source),
        national_issuer_areas=dict(raw["national_issuers"].get("areas") or {}),
        cues=tuple(cues),
        lead_sentences=int(raw.get("lead_sentences", 2)),
        list_min_areas=int(raw.get("list_min_areas", 3)),
    )


def _compile_issuer(pattern: str | None, source: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern or "(?!x)x")
    except re.error as exc:
        raise LevelRulesError(f"{where(source, 'national_issuers')}: pattern does not compile ({exc}): {pattern!r}") from None


def load_level_rules(path: str | os.PathLike[str] | None = None) -> LevelRules:
    """:meth:`LevelRules.load` of ``path``, or :meth:`LevelRules.default` when None."""
    return LevelRules.default() if path is None else LevelRules.load(path)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _areas_in(text: str, rules: LevelRules) -> dict[str, str]:
    """Force areas named in ``text`` (places), area -> first words naming it."""
    found: dict[str, str] = {}
    for match in rules.places.finditer(text):
        area = rules.place_area[_norm(match.group())]
        found.setdefault(area, match.group())
    return found


def _region_of_issuer(issuer: str, rules: LevelRules) -> str | None:
    for key, region in rules.regions_in_names:
        if key.lower() in issuer.lower():
            return region
    match = rules.region_names.search(issuer)
    return rules.region_alias[_norm(match.group())] if match else None


def _cue(text: str, level: str, rules: LevelRules) -> tuple[_Cue, re.Match[str]] | None:
    for cue in rules.cues:
        if cue.level == level:
            match = cue.pattern.search(text)
            if match:
                return cue, match
    return None


def release_level(
    body: str,
    sentences: Sequence[Sentence],
    *,
    title: str | None = None,
    issuer: str | None = None,
    issuer_type: str | None = None,
    forces: Sequence[str] = (),
    metadata_area: str | None = None,
    rules: LevelRules | None = None,
) -> ReleaseLevel:
    """The level and area of one release (see the module docstring).

    ``issuer`` is the issuing organisation (``releases.force``) and
    ``issuer_type`` its gazetteer type; ``forces`` the canonical names of
    the police forces the text names (agency mentions); ``metadata_area``
    the metadata block's ``area`` as printed. ``rules`` defaults to
    :meth:`LevelRules.default`.
    """
    rules = rules or LevelRules.default()
    lead_parts = islice((s.text for s in sentences if len(s.text.split()) >= 5), rules.lead_sentences)
    lead = "\n".join([title or "", *lead_parts])
    lead_areas = _areas_in(lead, rules)

    def cued(found: tuple[_Cue, re.Match[str]], area: str | None = None) -> ReleaseLevel:
        cue, match = found
        region = match.groupdict().get("region")
        if cue.level == "regional":
            area = rules.region_alias.get(_norm(region)) if region else None
            if area is None and lead_areas:
                lead_regions = {rules.area_region[a] for a in lead_areas}
                area = lead_regions.pop() if len(lead_regions) == 1 else None
        return ReleaseLevel(cue.level, area or cue.area, cue.name, match.group())

    # 1. a territorial force reports on its own area, unless its lead says national
    issuer_area = rules.force_area.get(issuer or "")
    if issuer_area is not None:
        own_named = issuer_area in lead_areas or (issuer or "") in lead
        national = None if own_named else _cue(lead, "national", rules)
        if national:
            return cued(national)
        return ReleaseLevel("force", issuer_area, "force_issuer", issuer)

    national = _cue(lead, "national", rules)

    regional = _cue(lead, "regional", rules)
    # 2. a regional unit reports on its region (or on one force area its lead names)
    if issuer and rules.regional_issuer.search(issuer):
        region = _region_of_issuer(issuer, rules)
        in_region = [a for a in lead_areas if rules.area_region[a] == region]
        if national and not (regional or in_region):
            return cued(national)
        if regional:
            return cued(regional)
        if len(lead_areas) == 1 and in_region:
            return ReleaseLevel("force", in_region[0], "area_in_lead", lead_areas[in_region[0]])
        return ReleaseLevel("regional", region, "regional_issuer", issuer)

    # 3. national bodies, non-territorial forces, unknown issuers: the lead says
    national_issuer = bool(
        issuer and (
            issuer_type in ("national_agency", "oversight", "prosecution")
            or issuer in rules.national_issuer_areas
            or rules.national_issuer.search(issuer)
        )
    )
    nation = rules.national_issuer_areas.get(issuer or "")
    international = _cue(lead, "international", rules)
    if international:
        return cued(international)
    if national:
        return cued(national, nation)
    if regional:
        return cued(regional)
    if nation:  # a body serving one nation (Scotland, Northern Ireland)
        return ReleaseLevel("national", nation, "national_issuer", issuer)
    # one force area in the lead, or several of one region
    if len(lead_areas) == 1:
        area, words = next(iter(lead_areas.items()))
        return ReleaseLevel("force", area, "area_in_lead", words)
    # a list of force areas (per-force results)
    named = {} if national_issuer else {rules.force_area[f]: f for f in forces if f in rules.force_area}
    for area, words in _areas_in(body, rules).items():
        named.setdefault(area, words)
    if len(named) >= rules.list_min_areas:
        regions = {rules.area_region[a] for a in named}
        evidence = ", ".join(named.values())
        if len(regions) == 1:
            return ReleaseLevel("regional", regions.pop(), "per_force_list", evidence)
        return ReleaseLevel("national", "United Kingdom", "per_force_list", evidence)
    if len(lead_areas) > 1:
        lead_regions = {rules.area_region[a] for a in lead_areas}
        if len(lead_regions) == 1:
            return ReleaseLevel("regional", lead_regions.pop(), "areas_in_lead", ", ".join(lead_areas.values()))
    if national_issuer:
        return ReleaseLevel("national", "United Kingdom", "national_issuer", issuer)
    # other issuers: the one force they name, the metadata block's area
    forces_named = {rules.force_area[f] for f in forces if f in rules.force_area}
    if len(forces_named) == 1:
        area = forces_named.pop()
        return ReleaseLevel("force", area, "force_named", next(f for f in forces if rules.force_area.get(f) == area))
    if metadata_area:
        text = metadata_area.strip()
        if text.lower() == "national":
            return ReleaseLevel("national", "United Kingdom", "metadata_area", f"area: {text}")
        if text in rules.place_area:
            return ReleaseLevel("force", rules.place_area[text], "metadata_area", f"area: {text}")
    return ReleaseLevel(None, None, "undetermined", None)
