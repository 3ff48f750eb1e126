"""The rule bundle: every rule set the extraction step uses, loaded once.

A build loads one :class:`RuleBundle` and passes it to every release; the
extractors never read a rule file on their own while a build runs. Each member
is the public rule type of its step, with its own ``load(path)`` that checks
the file (errors are :class:`releasekit.rulefiles.RuleFileError` naming file,
section and rule):

=========  ======================  ====================================================
field      type                    file (in ``src/releasekit/data/`` when packaged)
=========  ======================  ====================================================
text       TextRules               text_rules.yaml (abbreviations of sentence splitting)
figures    FigureRules             figure_rules.yaml (measure registry, cues, scopes; codebook s.2-4)
kind       KindRules               kind_rules.yaml (release kind; codebook s.11)
level      LevelRules              level_rules.yaml (level and area; codebook s.12)
gazetteer  Gazetteer               agencies.yaml (agencies, types, roles, issuer types; codebook s.5-6)
dates      DateRules               date_rules.yaml (event date resolution; codebook s.7)
quotes     QuoteRules              quote_rules.yaml (speech verbs, speaker roles)
=========  ======================  ====================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from releasekit.extract.agencies import Gazetteer
from releasekit.extract.dates import DateRules
from releasekit.extract.figures import FigureRules
from releasekit.extract.kind import KindRules
from releasekit.extract.level import LevelRules
from releasekit.extract.quotes import QuoteRules
from releasekit.rulefiles import RuleFileError, packaged_path
from releasekit.text import TextRules

__all__ = ["RULE_FILES", "RuleBundle"]

#: The file each member of the bundle is read from, by field name.
RULE_FILES: dict[str, str] = {
    "text": "text_rules.yaml",
    "figures": "figure_rules.yaml",
    "kind": "kind_rules.yaml",
    "level": "level_rules.yaml",
    "gazetteer": "agencies.yaml",
    "dates": "date_rules.yaml",
    "quotes": "quote_rules.yaml",
}

_TYPES: dict[str, type] = {
    "text": TextRules,
    "figures": FigureRules,
    "kind": KindRules,
    "level": LevelRules,
    "gazetteer": Gazetteer,
    "dates": DateRules,
    "quotes": QuoteRules,
}


@dataclass(frozen=True)
class RuleBundle:
    """Every rule set of the extraction step (one build loads one bundle).

    Each field holds the loaded, checked rule set of one step; see the module
    docstring for the file behind each. Build one with :meth:`load` (a folder
    of rule files) or :meth:`default` (the packaged files).
    """

    #: Abbreviations that do not end a sentence (``releasekit.text``).
    text: TextRules
    #: Measure registry, number words, cues and scopes (``extract.figures``).
    figures: FigureRules
    #: Release-kind cues (``extract.kind``).
    kind: KindRules
    #: Level and area cues (``extract.level``).
    level: LevelRules
    #: Agencies, their types, roles and issuer types (``extract.agencies``).
    gazetteer: Gazetteer
    #: Event-date patterns and how each resolves (``extract.dates``).
    dates: DateRules
    #: Speech verbs, honorifics and speaker roles (``extract.quotes``).
    quotes: QuoteRules
    #: The file each member was read from, as ``(field, path)`` pairs in the
    #: order of :data:`RULE_FILES` (what a build's rule fingerprint hashes).
    sources: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> RuleBundle:
        """The rule sets read from the files of ``directory``.

        A file of :data:`RULE_FILES` present in ``directory`` replaces the
        packaged one; a file that is absent falls back to the packaged rules
        (so a folder may hold just the one file a user edits).

        Raises :class:`~releasekit.rulefiles.RuleFileError` when ``directory``
        is not a folder or holds no rule file at all (a mistyped path would
        otherwise give the packaged rules in silence), and the error of the
        rule type when one of its files is faulty.
        """
        folder = Path(directory)
        if not folder.is_dir():
            raise RuleFileError(f"{folder}: not a folder of rule files")
        present = {name: folder / file for name, file in RULE_FILES.items() if (folder / file).is_file()}
        if not present:
            raise RuleFileError(f"{folder}: no rule file in it (expected one of {', '.join(sorted(RULE_FILES.values()))})")
        loaded = {name: (_TYPES[name].load(present[name]) if name in present else _TYPES[name].default()) for name in RULE_FILES}
        sources = tuple((name, str(present.get(name) or packaged_path(file))) for name, file in RULE_FILES.items())
        return cls(**loaded, sources=sources)

    def prepare(self) -> RuleBundle:
        """Compile now what the rule sets otherwise compile on first use; returns ``self``.

        Loading a rule set compiles most of its patterns; the gazetteer's
        (:meth:`Gazetteer.prepare`) wait for the first release. A build calls
        this before it forks worker processes, so that they share one compiled
        form instead of each compiling its own.
        """
        self.gazetteer.prepare()
        return self

    @classmethod
    def default(cls) -> RuleBundle:
        """The packaged rule sets (each type's ``default()``, re-read when its file changed)."""
        sources = tuple((name, str(packaged_path(file))) for name, file in RULE_FILES.items())
        return cls(**{name: _TYPES[name].default() for name in RULE_FILES}, sources=sources)
