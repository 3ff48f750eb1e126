"""Corrections as data (data/corrections.csv): checked, applied at every build, kept by rebuilds."""

from __future__ import annotations

from corpus import N_FILES, chrome_only_ids

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from releasekit.build import build
from releasekit.corrections import CORRECTION_COLUMNS, FIELDS, read_corrections
from releasekit.tables import SCHEMAS, load

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
# "Ten arrested in Luton during international sex trafficking operation" (Bedfordshire Police, 2022):
# extraction gives arrested 14, safeguarded 4, event date 2022-03-29, Europol involved.
LUTON = "000_cf7962ac4bf17ccd"
HAS_KIND = "kind" in SCHEMAS["releases"].names


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CORRECTION_COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({"who": "tester", "date": "2026-11-30", **row})
    return path


GOOD = [
    {"release_id": LUTON, "field": "arrested", "value": "10", "reason": "headline: ten arrested; 14 adds a restated figure"},
    {"release_id": LUTON, "field": "event_date", "value": "2022-03-28", "reason": "the raids began on Monday"},
    {"release_id": LUTON, "field": "agency_remove", "value": "Eurojust", "reason": "only mentioned as background"},
    {"release_id": LUTON, "field": "agency_add", "value": "National Crime Agency | involved", "reason": "named in the full release"},
    {"release_id": LUTON, "field": "premises", "value": "", "reason": "18 is a period statistic"},
    {"release_id": LUTON, "field": "kind", "value": "other", "reason": "a reviewer disputes the kind (differs from the extracted operation)"},
]
NOT_NEEDED = {"release_id": LUTON, "field": "safeguarded", "value": "4", "reason": "check"}
BAD = [
    ({"release_id": "no-such-release", "field": "arrested", "value": "3", "reason": "typo in id"}, "correction_unknown_release"),
    ({"release_id": LUTON, "field": "victims", "value": "3", "reason": "not a field"}, "correction_bad_row"),
    ({"release_id": LUTON, "field": "charged", "value": "-2", "reason": "impossible"}, "correction_bad_row"),
    ({"release_id": LUTON, "field": "sentenced", "value": "three", "reason": "words, not a number"}, "correction_bad_row"),
    ({"release_id": LUTON, "field": "officers", "value": "5000000", "reason": "too many"}, "correction_bad_row"),
    ({"release_id": LUTON, "field": "level", "value": "galactic", "reason": "not a level"}, "correction_bad_row"),
    ({"release_id": LUTON, "field": "agency_add", "value": "Europol | boss", "reason": "not a role"}, "correction_bad_row"),
    ({"release_id": LUTON, "field": "charged", "value": "2", "reason": ""}, "correction_bad_row"),
]


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("corrected")
    path = _write(folder / "corrections.csv", GOOD + [NOT_NEEDED] + [row for row, _ in BAD])
    out = folder / "processed"
    build(RAW, out, jobs=1, corrections=path)
    return out, path


@pytest.fixture(scope="module")
def tables(corrected: tuple[Path, Path]):
    return load(corrected[0])


def _total(tables, measure: str) -> pd.Series:
    t = tables.totals
    return t[(t["release_id"] == LUTON) & (t["measure"] == measure)].iloc[0]


def test_the_shipped_corrections_file_is_empty_with_its_header() -> None:
    lines = (ROOT / "data" / "corrections.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(CORRECTION_COLUMNS)
    assert read_corrections(ROOT / "data" / "corrections.csv") == ({}, [])


@pytest.mark.parametrize(
    "measure, value, extracted, qualifier",
    [("arrested", 10, 14, "exact"), ("premises", None, 18, None)],
)
def test_a_measure_correction_replaces_the_total_and_keeps_the_extracted_value(tables, measure, value, extracted, qualifier) -> None:
    row = _total(tables, measure)
    assert (None if pd.isna(row["value"]) else int(row["value"])) == value
    assert int(row["extracted_value"]) == extracted
    assert (None if pd.isna(row["qualifier"]) else row["qualifier"]) == qualifier
    assert row["source"] == "corrected"


def test_uncorrected_totals_say_extracted_and_keep_their_value(tables) -> None:
    t = tables.totals
    plain = t[t["source"] == "extracted"]
    assert len(plain) == len(t) - 2
    same = plain["value"].fillna(-1) == plain["extracted_value"].fillna(-1)
    assert same.all()


def test_an_event_date_correction(tables) -> None:
    r = tables.releases.set_index("release_id").loc[LUTON]
    assert r["event_date"] == pd.Timestamp("2022-03-28")
    assert r["extracted_event_date"] == pd.Timestamp("2022-03-29")
    assert r["source"] == "corrected"
    others = tables.releases[tables.releases["release_id"] != LUTON]
    assert set(others["source"]) == {"extracted"}


def test_agency_corrections_remove_and_add(tables) -> None:
    a = tables.agencies[tables.agencies["release_id"] == LUTON]
    assert "Eurojust" not in set(a["agency"])
    assert "Europol" in set(a["agency"])
    added = a[a["agency"] == "National Crime Agency"]
    assert len(added) == 1
    row = added.iloc[0]
    assert (row["agency_type"], row["role"], row["rule"]) == ("national_agency", "involved", "correction")
    assert pd.isna(row["start"]) and row["mention"] == ""


def test_kind_correction_applies_when_the_column_exists(tables) -> None:
    codes = tables.problems[tables.problems["source_path"] == "corrections.csv"]
    if HAS_KIND:
        assert tables.releases.set_index("release_id").at[LUTON, "kind"] == "other"
    else:
        assert "correction_unknown_field" in set(codes["code"])


def test_applied_corrections_are_a_table_with_reason_and_extracted_value(tables) -> None:
    c = tables.corrections.set_index("field")
    assert c.at["arrested", "extracted"] == "14" and c.at["arrested", "value"] == "10"
    assert c.at["event_date", "extracted"] == "2022-03-29"
    assert c.at["agency_remove", "extracted"].startswith("Eurojust")
    assert pd.isna(c.at["agency_add", "extracted"])
    assert c.at["arrested", "reason"].startswith("headline")
    assert set(c.index) == {"arrested", "event_date", "agency_remove", "agency_add", "premises"} | ({"kind"} if HAS_KIND else set())


@pytest.mark.parametrize("row, code", BAD, ids=[r["field"] + ":" + r["value"] for r, _ in BAD])
def test_a_bad_correction_is_a_problem_and_the_build_carries_on(tables, corrected, row, code) -> None:
    path = corrected[1]
    line = next(i for i, r in enumerate(csv.DictReader(open(path, encoding="utf-8")), start=2) if r["field"] == row["field"] and r["value"] == row["value"] and r["release_id"] == row["release_id"])
    p = tables.problems[(tables.problems["source_path"] == "corrections.csv") & (tables.problems["code"] == code)]
    assert p["message"].str.startswith(f"line {line} ").any(), p["message"].tolist()
    assert len(tables.releases) == N_FILES - len(chrome_only_ids())  # nothing dropped


def test_a_correction_equal_to_the_extraction_is_reported_as_no_longer_needed(tables) -> None:
    p = tables.problems[tables.problems["code"] == "correction_not_needed"]
    assert len(p) == 1 and p.iloc[0]["severity"] == "info" and "safeguarded" in p.iloc[0]["message"]
    assert _total(tables, "safeguarded")["source"] == "extracted"


def test_a_rebuild_keeps_corrections_and_a_changed_file_changes_the_tables(corrected, tmp_path) -> None:
    out, path = corrected
    again = build(RAW, out, jobs=1, corrections=path)
    assert again.up_to_date
    assert _total(load(out), "arrested")["value"] == 10
    changed = _write(tmp_path / "corrections.csv", [dict(GOOD[0], value="11")])
    summary = build(RAW, out, jobs=1, corrections=changed)
    assert not summary.up_to_date
    t = load(out)
    assert _total(t, "arrested")["value"] == 11
    assert _total(t, "premises")["value"] == 18  # the dropped correction is undone
    assert json.loads((out / "_build.json").read_text())["rows"]["corrections"] == 1
    summary = build(RAW, out, jobs=1, corrections=None)
    assert not summary.up_to_date and _total(load(out), "arrested")["value"] == 14


def test_every_field_kind_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for field in FIELDS:
        assert f"`{field}`" in readme, field


def test_a_file_without_the_header_is_one_problem(tmp_path) -> None:
    path = tmp_path / "corrections.csv"
    path.write_text("id,what\nx,y\n", encoding="utf-8")
    found, problems = read_corrections(path)
    assert found == {} and [p.code for p in problems] == ["correction_bad_file"]


def test_a_later_row_for_the_same_field_replaces_an_earlier_one(tmp_path) -> None:
    path = _write(tmp_path / "c.csv", [GOOD[0], dict(GOOD[0], value="12")])
    found, problems = read_corrections(path)
    assert [c.parsed for c in found[LUTON]] == [12]
    assert [p.code for p in problems] == ["correction_duplicate"]
    assert dt.date.fromisoformat(found[LUTON][0].date) == dt.date(2026, 11, 30)


# --------------------------------------------------------------------------
# apply_corrections on one release's rows, field kind by field kind


def _rows(**releases_extra) -> dict:
    from releasekit.extract.figures import MEASURES

    return {
        "releases": {"release_id": ["r1"], "event_date": [dt.date(2024, 5, 1)], "extracted_event_date": [None], "source": [None], **{k: [v] for k, v in releases_extra.items()}},
        "totals": {
            "release_id": ["r1"] * len(MEASURES),
            "measure": list(MEASURES),
            "value": [3, None, None, None, 2, None],
            "qualifier": ["exact", None, None, "vague", "at_least", None],
            "n_figures": [1, 0, 0, 1, 1, 0],
            "extracted_value": [None] * len(MEASURES),
            "source": [None] * len(MEASURES),
        },
        "agencies": {
            "release_id": ["r1"], "agency": ["Europol"], "agency_type": ["international"], "role": ["mentioned"],
            "mention_role": ["mentioned"], "mention": ["Europol"], "sentence_id": [0], "start": [0], "end": [7], "rule": ["Europol"],
        },
    }


def _apply(field: str, value: str, **releases_extra):
    from releasekit.corrections import Correction, _parse, apply_corrections

    parsed, role = _parse(field, value)
    correction = Correction(2, "r1", field, value, "a reason", "me", "2026-11-30", parsed, role)
    resolve = lambda name: ("National Crime Agency", "national_agency") if name.lower() in ("nca", "national crime agency") else (name, "unknown")  # noqa: E731
    return apply_corrections(_rows(**releases_extra), [correction], resolve)


def _total_of(columns: dict, measure: str) -> tuple:
    i = columns["totals"]["measure"].index(measure)
    return tuple(columns["totals"][c][i] for c in ("value", "qualifier", "extracted_value", "source"))


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("arrested", "5", (5, "exact", 3, "corrected")),
        ("charged", "1,200", (1200, "exact", None, "corrected")),
        ("premises", "2", (2, "exact", 2, "corrected")),  # "at least 2" made exact
        ("arrested", "none", (None, None, 3, "corrected")),
        ("safeguarded", "", (None, None, None, "corrected")),  # a vague total removed
    ],
)
def test_apply_a_measure(field, value, expected) -> None:
    columns, problems = _apply(field, value)
    assert _total_of(columns, field) == expected and problems == []
    assert columns["corrections"]["field"] == [field]


@pytest.mark.parametrize("field, value", [("arrested", "3"), ("charged", ""), ("event_date", "2024-05-01"), ("agency_remove", "Interpol"), ("agency_add", "Europol | mentioned")])
def test_apply_a_correction_that_changes_nothing_is_not_needed(field, value) -> None:
    columns, problems = _apply(field, value)
    assert [p.code for p in problems] == ["correction_not_needed"] and problems[0].severity == "info"
    assert columns["corrections"]["field"] == []
    assert set(columns["totals"]["source"]) == {"extracted"} and columns["releases"]["source"] == ["extracted"]


@pytest.mark.parametrize("value, expected", [("2024-04-29", dt.date(2024, 4, 29)), ("none", None)])
def test_apply_an_event_date(value, expected) -> None:
    columns, _ = _apply("event_date", value)
    r = columns["releases"]
    assert (r["event_date"], r["extracted_event_date"], r["source"]) == ([expected], [dt.date(2024, 5, 1)], ["corrected"])


@pytest.mark.parametrize("field, value", [("kind", "court"), ("level", "national")])
def test_apply_kind_and_level_when_the_column_exists_else_a_problem(field, value) -> None:
    columns, problems = _apply(field, value, **{field: "operation" if field == "kind" else "force"})
    assert columns["releases"][field] == [value] and columns["releases"]["source"] == ["corrected"] and problems == []
    columns, problems = _apply(field, value)
    assert [p.code for p in problems] == ["correction_unknown_field"]


def test_apply_agencies_add_by_alias_change_role_and_remove() -> None:
    columns, _ = _apply("agency_add", "NCA")
    a = columns["agencies"]
    assert a["agency"] == ["Europol", "National Crime Agency"] and a["agency_type"][1] == "national_agency"
    assert (a["start"][1], a["rule"][1], a["role"][1]) == (None, "correction", "involved")
    columns, _ = _apply("agency_add", "Europol | involved")  # a role corrected
    assert columns["agencies"]["role"] == ["involved"] and columns["corrections"]["extracted"] == ["Europol (mentioned)"]
    columns, _ = _apply("agency_remove", "europol")
    assert columns["agencies"]["agency"] == [] and columns["corrections"]["value"] == ["europol"]


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("arrested", "-1", "whole number"), ("arrested", "2.5", "whole number"), ("arrested", "ten", "whole number"),
        ("event_date", "2024-02-30", "date"), ("event_date", "30/05/2024", "date"), ("kind", "raid", "kind"),
        ("level", "county", "level"), ("agency_add", "", "agency"), ("agency_add", "NCA | boss", "role"), ("victims", "3", "unknown field"),
    ],
)
def test_impossible_values_are_refused_with_a_reason(field, value, words) -> None:
    from releasekit.corrections import _parse

    with pytest.raises(ValueError, match=words):
        _parse(field, value)
