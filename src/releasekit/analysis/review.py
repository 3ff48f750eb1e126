"""The review queue: the release totals most worth a human look, first.

:func:`review_queue` reads the tables and flags each release total
(``totals`` row with a value) for the reasons below; the rules (weights,
period markers, weak rule parts) are data in ``releasekit/data/review_rules.yaml``:

- ``stated_total_differs``: a stated total ("a total of 12 people", a figure
  whose rule has a ``role_total_*`` part) disagrees with the sum of the other
  counted figures of the measure (its parts), or with the release total;
- ``restated_other_value``: two counted figures of the measure with the same
  subject and location and different numbers (a figure restated with another
  value; "a further" group is not a restatement);
- ``near_marker``: a counted figure in a sentence holding a period or
  background marker ("so far", "this year", "since") or a figure that was
  left out as ``period`` / ``background``: its scope may be wrong;
- ``weak_rule``: a counted figure made by a rule part listed as weak;
- ``largest``: among the largest totals of its measure.

:func:`write_review` writes the queue as ``reports/review.csv``; its last six
columns are those of ``data/corrections.csv`` (field and release filled in),
so a reviewer fills in ``value``, ``reason``, ``who`` and ``date`` and
appends the row to the corrections file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Mapping

import pandas as pd

from releasekit.rulefiles import load_rule_yaml

from releasekit.corrections import CORRECTION_COLUMNS
from releasekit.extract.figures import rule_names
from releasekit.files import write_atomic

__all__ = ["FLAGS", "REVIEW_COLUMNS", "ReviewRules", "load_review_rules", "review_queue", "write_review"]

#: The flags, strongest first.
FLAGS: tuple[str, ...] = ("stated_total_differs", "restated_other_value", "near_marker", "weak_rule", "largest")
#: Columns of the queue (and of ``reports/review.csv``): the finding, then those of corrections.csv.
REVIEW_COLUMNS: tuple[str, ...] = ("priority", "flags", "why", "title", "url", "total", "qualifier", "evidence", *CORRECTION_COLUMNS)
_RULES_FILE = "data/review_rules.yaml"


@dataclass(frozen=True)
class ReviewRules:
    """The checked content of ``review_rules.yaml``."""

    weights: Mapping[str, int]
    largest: int
    markers: tuple[str, ...]
    weak_rules: Mapping[str, str]

    def marker_pattern(self) -> re.Pattern[str]:
        """One case-insensitive pattern matching any marker as whole words."""
        words = sorted(self.markers, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def load_review_rules(path: Path | str | None = None) -> ReviewRules:
    """Load and check the review rules (the packaged file by default).

    Raises ``ValueError`` naming the file and the key when a key, flag or
    rule part is unknown or a value has the wrong type.
    """
    name = str(path) if path is not None else f"releasekit/{_RULES_FILE}"
    text = Path(path).read_text(encoding="utf-8") if path is not None else files("releasekit").joinpath(_RULES_FILE).read_text("utf-8")
    data = load_rule_yaml(text)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: not a mapping")
    unknown = set(data) - {"version", "weights", "largest", "markers", "weak_rules"}
    if unknown:
        raise ValueError(f"{name}: unknown key(s) {sorted(unknown)}")
    weights = data.get("weights") or {}
    bad = set(weights) - set(FLAGS)
    if bad or not all(isinstance(v, int) for v in weights.values()):
        raise ValueError(f"{name}: weights: unknown flag(s) {sorted(bad)} or a weight that is not a whole number")
    weak = data.get("weak_rules") or {}
    parts = rule_names()
    bad = set(weak) - parts
    if bad:
        raise ValueError(f"{name}: weak_rules: {sorted(bad)} are not rule parts of figure_rules.yaml")
    markers = data.get("markers") or []
    if not all(isinstance(m, str) and m.strip() for m in markers):
        raise ValueError(f"{name}: markers: every marker must be a non-empty string")
    largest = data.get("largest", 5)
    if not isinstance(largest, int) or largest < 0:
        raise ValueError(f"{name}: largest: a whole number >= 0")
    return ReviewRules({f: int(weights.get(f, 0)) for f in FLAGS}, largest, tuple(markers), dict(weak))


def _qualified(value: Any, qualifier: Any) -> str:
    prefix = {"at_least": "at least ", "approx": "about "}.get(qualifier, "")
    return f"{prefix}{int(value)}"


def review_queue(tables: Any, rules: ReviewRules | None = None) -> pd.DataFrame:
    """The release totals worth a human look, most suspect first.

    ``tables``: the namespace of :func:`releasekit.load` (``releases``,
    ``figures``, ``totals``). Totals already corrected (``source`` =
    ``corrected``) are left out. One row per (release, measure) flagged, with
    the columns :data:`REVIEW_COLUMNS`: ``priority`` (sum of the flags'
    weights), ``flags`` (``;``-separated), ``why`` (in words), ``title``,
    ``url``, ``total`` (the release total), ``qualifier``, ``evidence`` (the
    sentences, `` | ``-separated) and ``release_id, field, value, reason, who,
    date`` (``field`` = the measure; the rest empty for the reviewer).
    Sorted by priority, then total (largest first), release id and measure.
    """
    rules = rules or load_review_rules()
    marker = rules.marker_pattern()
    releases = tables.releases.set_index("release_id")
    totals = tables.totals[tables.totals["value"].notna()]
    if "source" in totals.columns:
        totals = totals[totals["source"] != "corrected"]
    figures = tables.figures
    by_release: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for f in figures.to_dict("records"):
        f["value"] = None if pd.isna(f["value"]) else int(f["value"])
        by_release.setdefault((f["release_id"], f["measure"]), []).append(f)
    largest: set[tuple[str, str]] = set()
    for measure, group in totals.groupby("measure", sort=True):
        top = group.sort_values("release_id", kind="stable").sort_values("value", ascending=False, kind="stable").head(rules.largest)
        largest |= {(rid, measure) for rid in top["release_id"]}
    total_part = re.compile(r"(?:^|\+)role_total_(?:marker|generic)(?:\+|$)")
    rows = []
    for t in totals.sort_values(["release_id", "measure"]).itertuples():
        figs = by_release.get((t.release_id, t.measure), [])
        counted = [f for f in figs if f["scope"] == "current"]
        left = {f["sentence_id"]: f["scope"] for f in figs if f["scope"] != "current"}
        total = int(t.value)
        flags: dict[str, tuple[str, list[str]]] = {}
        for s in (f for f in counted if f["value"] is not None and total_part.search(f["rule"])):
            parts = [f for f in counted if f is not s and f["value"] is not None and "role_total_" not in f["rule"]]
            added = sum(f["value"] for f in parts)
            if parts and added != s["value"]:
                flags["stated_total_differs"] = (f"stated total {s['value']}, its parts add to {added}", [s["evidence"], *(f["evidence"] for f in parts)])
                break
            if s["value"] != total:
                flags["stated_total_differs"] = (f"stated total {s['value']}, release total {total}", [s["evidence"]])
                break
        by_subject: dict[str, list[dict[str, Any]]] = {}
        for f in counted:
            if isinstance(f["subject"], str) and f["value"] is not None and "role_further" not in f["rule"]:
                place = f["location"].lower() if isinstance(f["location"], str) else ""
                by_subject.setdefault(f"{f['subject'].lower()}{' in ' + place if place else ''}", []).append(f)
        for subject, group in sorted(by_subject.items()):
            if len({f["value"] for f in group}) > 1:
                values = ", ".join(str(f["value"]) for f in group)
                flags["restated_other_value"] = (f"“{subject}” stated as {values}", [f["evidence"] for f in group])
                break
        near = [f for f in counted if marker.search(f["evidence"]) or f["sentence_id"] in left]
        if near:
            found = marker.search(near[0]["evidence"])
            why = f"a counted figure next to “{found.group(0)}”" if found else f"a counted figure beside a {left[near[0]['sentence_id']]} figure"
            flags["near_marker"] = (why, [f["evidence"] for f in near])
        weak = [(f, part) for f in counted for part in f["rule"].split("+") if part in rules.weak_rules]
        if weak:
            part = weak[0][1]
            flags["weak_rule"] = (f"rule part {part}: {rules.weak_rules[part]}", [f["evidence"] for f, _ in weak])
        if (t.release_id, t.measure) in largest:
            flags["largest"] = (f"one of the {rules.largest} largest {t.measure} totals", [f["evidence"] for f in counted])
        if not flags:
            continue
        ordered = [f for f in FLAGS if f in flags]
        evidence: list[str] = []
        for f in ordered:
            evidence += [e for e in flags[f][1] if e not in evidence]
        release = releases.loc[t.release_id]
        rows.append({
            "priority": sum(rules.weights[f] for f in ordered),
            "flags": ";".join(ordered),
            "why": "; ".join(flags[f][0] for f in ordered),
            "title": release["title"],
            "url": release["url"],
            "total": total,
            "qualifier": t.qualifier,
            "evidence": " | ".join(evidence),
            "release_id": t.release_id,
            "field": t.measure,
            "value": "",
            "reason": "",
            "who": "",
            "date": "",
        })
    queue = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))
    if queue.empty:
        return queue
    queue = queue.sort_values(["priority", "total", "release_id", "field"], ascending=[False, False, True, True], kind="stable")
    return queue.reset_index(drop=True)


def write_review(tables_dir: Path | str = "data/processed", out: Path | str = "reports/review.csv", *, rules: ReviewRules | None = None) -> pd.DataFrame:
    """Write :func:`review_queue` of the tables in ``tables_dir`` to ``out`` (CSV, UTF-8); return it.

    The CSV has the columns :data:`REVIEW_COLUMNS` (one row per release
    total flagged). Raises ``FileNotFoundError`` when ``tables_dir`` holds no
    tables (build them with ``releasekit build``) and ``ValueError`` for a bad
    rules file.
    """
    from releasekit.tables import load

    tables = load(tables_dir, tables=["releases", "figures", "totals"])
    queue = review_queue(SimpleNamespace(releases=tables.releases, figures=tables.figures, totals=tables.totals), rules)
    write_atomic(Path(out), queue.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return queue
