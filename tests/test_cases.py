"""The small failing cases of ``tests/cases/`` (copied from the project's shared cases).

Each ``BH-NN.txt`` is built on its own (one file per raw folder: several
files written in one style would share lines that the chrome detector
removes) and its totals, agencies and event date are compared (three tests, each
with its own list of known failures) with
``BH-NN.expected.json``, whose ``notes`` give the codebook's reason for each
value. A role of ``"*"`` leaves the role open; only the type is checked.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import releasekit
from releasekit.build import build

CASES = Path(__file__).resolve().parent / "cases"
MEASURES = ("arrested", "charged", "sentenced", "safeguarded", "premises", "officers")
CASE_IDS = sorted(p.stem for p in CASES.glob("BH-*.txt"))


def _built(case: str, tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(CASES / f"{case}.txt", raw)
    build(raw, tmp_path / "out", jobs=1, cache=False)
    return releasekit.load(tmp_path / "out")


def _expected(case: str) -> dict:
    return json.loads((CASES / f"{case}.expected.json").read_text(encoding="utf-8"))


def test_every_case_has_its_expectation() -> None:
    assert len(CASE_IDS) >= 12
    for case in CASE_IDS:
        expected = _expected(case)
        assert expected.get("notes"), case


@pytest.fixture(scope="module")
def built_cases(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Each case built once, on its own."""
    return {case: _built(case, tmp_path_factory.mktemp(case)) for case in CASE_IDS}


def _totals_wrong(case: str, tables, expected: dict) -> list[str]:
    totals = tables.totals
    wrong = []
    for measure in MEASURES:
        if measure not in expected:
            continue
        rows = totals[totals.measure == measure]
        got = None if rows.empty or pd.isna(rows.value.iloc[0]) else int(rows.value.iloc[0])
        if got != expected[measure]:
            wrong.append(f"{measure}: got {got}, want {expected[measure]} ({expected['notes'].get(measure, '')})")
    return wrong


def _event_date_wrong(case: str, tables, expected: dict) -> list[str]:
    if "event_date" not in expected:
        return []
    value = tables.releases.event_date.iloc[0]
    got_date = None if pd.isna(value) else pd.Timestamp(value).date().isoformat()
    if got_date != expected["event_date"]:
        return [f"event_date: got {got_date}, want {expected['event_date']} ({expected['notes'].get('event_date', '')})"]
    return []


def _agencies_wrong(case: str, tables, expected: dict) -> list[str]:
    wrong = []
    if "agencies" in expected:
        got_agencies = {a.agency: (a.agency_type, a.role) for a in tables.agencies.itertuples()}
        for name, (agency_type, role) in expected["agencies"].items():
            if name not in got_agencies:
                wrong.append(f"agency missed: {name}")
            elif got_agencies[name][0] != agency_type or (role != "*" and got_agencies[name][1] != role):
                wrong.append(f"agency {name}: got {got_agencies[name]}, want {(agency_type, role)}")
        for name in sorted(set(got_agencies) - set(expected["agencies"])):
            wrong.append(f"agency not in the case: {name} {got_agencies[name]}")
    return wrong


#: Cases whose figures still fail (strict: a case that starts passing must leave this list).
FIGURES_FAILING: frozenset[str] = frozenset()
#: Cases whose agencies still fail.
AGENCIES_FAILING: frozenset[str] = frozenset()
#: Cases whose event date still fails.
DATES_FAILING: frozenset[str] = frozenset()


def _mark(case: str, failing: frozenset[str]):
    return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason="known failure")) if case in failing else case


@pytest.mark.parametrize("case", [_mark(c, FIGURES_FAILING) for c in CASE_IDS])
def test_case_totals(case: str, built_cases: dict) -> None:
    wrong = _totals_wrong(case, built_cases[case], _expected(case))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("case", [_mark(c, AGENCIES_FAILING) for c in CASE_IDS])
def test_case_agencies(case: str, built_cases: dict) -> None:
    wrong = _agencies_wrong(case, built_cases[case], _expected(case))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("case", [_mark(c, DATES_FAILING) for c in CASE_IDS])
def test_case_event_date(case: str, built_cases: dict) -> None:
    wrong = _event_date_wrong(case, built_cases[case], _expected(case))
    assert not wrong, "\n".join(wrong)
