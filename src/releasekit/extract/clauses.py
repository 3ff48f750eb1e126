"""Clauses of a sentence: the frame a figure's cue and scope are read in.

A count takes the predicate and the time, plan and background markers of
its own clause (codebook section 10: "Scope belongs to a figure, not to a
sentence"; "A number takes the cue of its own clause"). Clauses are cut at
the boundaries the rule file lists (``clauses.boundaries`` in
``figure_rules.yaml``): semicolons, spaced dashes, "while", "following",
"after", relative pronouns after a comma, and a comma before a new count
("two men were arrested, five women were taken to a place of safety").
Cutting is shallow on purpose: a boundary that is wrong only moves a cue
search to its sentence-wide fallback, never loses a figure.

>>> import re
>>> boundary = re.compile(r";|\\s[-–—]\\s|,?\\s+following\\b")
>>> text = "Three men were jailed today, following the imprisonment of five others earlier this year."
>>> [text[s:e] for s, e in clause_spans(text, boundary)]
['Three men were jailed today', ', following the imprisonment of five others earlier this year.']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Sequence

__all__ = ["ClauseSpans", "clause_of", "clause_spans"]


class ClauseSpans(list):  # type: ignore[type-arg]
    """The ``(start, end)`` list of :func:`clause_spans`, with the starts
    kept (``starts``) so that :func:`clause_of` bisects without building
    them again for every position."""

    __slots__ = ("starts",)

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        super().__init__(spans)
        self.starts = [s for s, _ in spans]


def clause_spans(text: str, boundary: re.Pattern[str]) -> ClauseSpans:
    """``(start, end)`` of each clause of ``text``, in order, covering it.

    A clause starts at a boundary match (the boundary words belong to the
    clause they open: "following ..." is where "following" stands, or
    where its group whose name starts with ``open`` starts) and ends
    where the next one starts; a boundary with a group whose name starts
    with ``close`` (the comma that closes a parenthetical clause, the space
    before the main predicate after a relative clause) also cuts where that
    group starts. Empty clauses are merged into the next.
    """
    cuts = [0]
    closers = [name for name in boundary.groupindex if name.startswith("close")]
    openers = [name for name in boundary.groupindex if name.startswith("open")]
    for match in boundary.finditer(text):
        # a boundary with a group whose name starts with ``open`` cuts where that group starts (the
        # words before it only say where such a boundary may stand)
        at = next((match.start(name) for name in openers if match.group(name) is not None), match.start())
        if at > cuts[-1]:
            cuts.append(at)
        for name in closers:
            if match.group(name) is not None and match.start(name) > cuts[-1]:
                cuts.append(match.start(name))  # where a parenthetical or relative clause closes
    cuts.append(len(text))
    return ClauseSpans([(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i + 1] > cuts[i]] or [(0, len(text))])


def clause_of(position: int, spans: Sequence[tuple[int, int]]) -> int:
    """Index of the clause that holds character ``position`` (spans from
    :func:`clause_spans`; a position past the end is in the last clause)."""
    starts = spans.starts if isinstance(spans, ClauseSpans) else [s for s, _ in spans]
    return max(0, bisect_right(starts, position) - 1)
