"""Shared fixtures: the real raw corpus and a built copy of its tables."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tables built once from data/raw into a temporary folder."""
    from releasekit.build import build

    out = tmp_path_factory.mktemp("processed") / "processed"
    build(RAW, out, jobs=2)
    return out


def pytest_configure(config: pytest.Config) -> None:
    # runs in CI like every test (Dask comes with the dev extra); select or skip with -m dask / -m "not dask"
    config.addinivalue_line("markers", "dask: builds on a local Dask cluster of worker processes")
    # The tests must prove that nothing needs downloaded NLTK data.
    nltk_data = os.environ.get("NLTK_DATA")
    if nltk_data is None:
        empty = ROOT / ".nltk_data_empty"
        empty.mkdir(exist_ok=True)
        os.environ["NLTK_DATA"] = str(empty)
    os.environ.setdefault("MPLBACKEND", "Agg")
