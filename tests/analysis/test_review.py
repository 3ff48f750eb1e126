"""The review queue on a folder with planted conflicts, and its round trip through corrections.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from releasekit.build import build
from releasekit.cli import main
from releasekit.corrections import CORRECTION_COLUMNS
from releasekit.analysis.review import REVIEW_COLUMNS, load_review_rules, review_queue
from releasekit.tables import load

PLANTED = {
    # a stated total (12) whose breakdown adds to 9
    "stated-total": """Twelve arrested in Luton brothel raids

A total of 12 people were arrested during a day of action against sexual exploitation in Luton on Tuesday.
Five men were arrested at an address in Dunstable Road and four women were arrested at a flat in Leagrave.
Detective Inspector Jane Smith said: "We will not tolerate exploitation in our county."
""",
    # the same victims stated as six, then as eight
    "restated": """Car wash workers safeguarded in Bedford

Officers safeguarded six potential victims of modern slavery at a car wash in Bedford on Wednesday.
The warrant was carried out by Bedfordshire Police with the Gangmasters and Labour Abuse Authority.
In all, officers safeguarded eight potential victims during the visit and offered them support.
""",
    # a counted figure in a sentence with a running total ("since the operation began")
    "marker": """Operation targets county lines in Ipswich

Officers arrested 14 people in Ipswich on Thursday, bringing the number of arrests since the operation began to 60.
Suffolk Constabulary worked with the National Crime Agency.
""",
    # nothing suspect
    "plain": """Two men charged with trafficking offences

Two men have been charged with human trafficking offences after an investigation by Kent Police.
They will appear at Maidstone Magistrates' Court on Friday.
""",
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("planted")
    raw = root / "raw"
    raw.mkdir()
    for name, text in PLANTED.items():
        (raw / f"{name}.txt").write_text(text, encoding="utf-8")
    build(raw, root / "processed", jobs=1, cache=False)
    return root


@pytest.fixture(scope="module")
def no_largest(tmp_path_factory: pytest.TempPathFactory):
    """The shipped rules with the `largest` flag off, so only real suspicions remain."""
    import yaml
    from importlib.resources import files

    data = yaml.safe_load(files("releasekit").joinpath("data/review_rules.yaml").read_text("utf-8"))
    data["largest"] = 0
    path = tmp_path_factory.mktemp("rules") / "review_rules.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_review_rules(path)


def _row(queue: pd.DataFrame, release_id: str) -> pd.Series:
    rows = queue[queue["release_id"] == release_id]
    assert len(rows) == 1, queue[["release_id", "field", "flags"]]
    return rows.iloc[0]


@pytest.mark.parametrize(
    "release_id, field, flag, evidence",
    [
        ("stated-total", "arrested", "stated_total_differs", "A total of 12 people were arrested"),
        ("restated", "safeguarded", "restated_other_value", "safeguarded eight potential victims"),
        ("marker", "arrested", "near_marker", "since the operation began"),
    ],
)
def test_each_planted_conflict_is_flagged_with_its_evidence(planted, no_largest, release_id, field, flag, evidence) -> None:
    queue = review_queue(load(planted / "processed"), no_largest)
    row = _row(queue, release_id)
    assert row["field"] == field
    assert flag in row["flags"].split(";")
    assert evidence in row["evidence"]
    assert row["value"] == "" and row["reason"] == ""


def test_a_release_with_nothing_suspect_is_not_queued(planted, no_largest) -> None:
    queue = review_queue(load(planted / "processed"), no_largest)
    assert "plain" not in set(queue["release_id"])


def test_the_strongest_suspicion_comes_first(planted, no_largest) -> None:
    queue = review_queue(load(planted / "processed"), no_largest)
    assert queue.iloc[0]["release_id"] == "stated-total"
    assert list(queue["priority"]) == sorted(queue["priority"], reverse=True)


def test_largest_totals_are_flagged_with_the_shipped_rules(planted) -> None:
    queue = review_queue(load(planted / "processed"))
    assert "largest" in _row(queue, "plain")["flags"]


def test_cli_writes_review_csv_whose_last_columns_are_those_of_corrections(planted, tmp_path) -> None:
    out = tmp_path / "review.csv"
    assert main(["review", str(planted / "processed"), str(out)]) == 0
    with open(out, encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == REVIEW_COLUMNS
    assert tuple(header[-len(CORRECTION_COLUMNS):]) == CORRECTION_COLUMNS


def test_a_reviewed_row_appended_to_corrections_fixes_the_total_and_leaves_the_queue(planted, tmp_path) -> None:
    queue = review_queue(load(planted / "processed"))
    row = queue[queue["release_id"] == "stated-total"].iloc[0].copy()
    extracted = int(float(row["total"])) if str(row["total"]).strip() not in ("", "nan", "None") else None
    # the reviewer's value must differ from the extraction, or the correction is only "not needed"
    value = 13 if extracted == 12 else 12
    row["value"], row["reason"], row["who"], row["date"] = str(value), "the force's follow-up release gives the count", "reviewer", "2026-11-30"
    corrections = tmp_path / "corrections.csv"
    pd.DataFrame([row[list(CORRECTION_COLUMNS)]]).to_csv(corrections, index=False)
    out = tmp_path / "processed"
    build(planted / "raw", out, jobs=1, corrections=corrections)
    tables = load(out)
    total = tables.totals[(tables.totals["release_id"] == "stated-total") & (tables.totals["measure"] == "arrested")].iloc[0]
    assert (total["value"], total["source"]) == (value, "corrected")
    assert "stated-total" not in set(review_queue(tables)["release_id"])


@pytest.mark.parametrize(
    "text, words",
    [
        ("version: 1\nweights: {bogus: 3}\n", "bogus"),
        ("version: 1\nweak_rules: {count_imaginary: why}\n", "count_imaginary"),
        ("version: 1\nthresholds: 3\n", "thresholds"),
        ("version: 1\nlargest: -1\n", "largest"),
    ],
)
def test_a_bad_rules_file_names_the_file_and_key(tmp_path, text, words) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=words) as error:
        load_review_rules(path)
    assert str(path) in str(error.value)
