"""Facts about data/raw taken from sources independent of the code under test.

The manifest lists every release file the corpus ships; the gold says which
of them are pages of site chrome only. Tests compare what the code finds
with these instead of hard-coding counts that change when releases are added.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "tests" / "gold"


def manifest_files() -> list[str]:
    """The file names listed in data/raw/manifest.csv, sorted."""
    with (RAW / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(row["file"] for row in csv.DictReader(handle))


def chrome_only_ids() -> set[str]:
    """Release ids the gold marks as pages of site chrome only (is_release: false)."""
    from releasekit.evaluate import load_gold

    return {rid for rid, g in load_gold(GOLD).items() if not g.is_release}


N_FILES = len(manifest_files())
