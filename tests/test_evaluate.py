"""`releasekit evaluate`: the scoring itself, and the extraction's scores on our gold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import releasekit
from releasekit.extract.figures import MEASURES
from releasekit.evaluate import GoldError, evaluate, format_report, load_gold, prf

GOLD = Path(__file__).resolve().parent / "gold"


def test_prf_on_a_hand_counted_example() -> None:
    # predicted {a, a, b, c}, expected {a, b, b, d}: tp = a + b = 2
    precision, recall, f1, tp, n_p, n_e = prf(["a", "a", "b", "c"], ["a", "b", "b", "d"])
    assert (tp, n_p, n_e) == (2, 4, 4)
    assert precision == 0.5 and recall == 0.5 and f1 == 0.5
    assert prf([], ["a"])[:3] == (None, 0.0, None)


def test_gold_covers_every_raw_file_and_is_well_formed(raw_dir: Path) -> None:
    gold = load_gold(GOLD)
    from releasekit.read import list_raw_files, release_id_for

    assert set(gold) == {release_id_for(f) for f in list_raw_files(raw_dir)}
    for path in sorted(GOLD.glob("*.yaml")):
        g = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(g["totals"]) == set(MEASURES), path.name
        for figure in g.get("figures") or []:
            assert figure["measure"] in MEASURES and figure["scope"] in {"current", "period", "background"}, path.name
        assert g.get("rationale"), path.name
    for record in gold.values():
        if record.source.endswith(".yaml"):
            continue
        assert set(record.totals) >= {"arrested", "charged", "sentenced", "safeguarded", "premises"}, record.release_id
        assert record.agencies is not None and record.kind, record.release_id


@pytest.fixture(scope="module")
def report(built: Path, raw_dir: Path):
    """Scores on the in-sample gold: the YAML files the rules were first written against."""
    in_sample = {rid: g for rid, g in load_gold(GOLD).items() if g.source.endswith(".yaml")}
    return evaluate(raw_dir, in_sample, tables=releasekit.load(built))


def test_scores_meet_the_targets_on_our_gold(report) -> None:
    # Targets of the extraction issue; on the held-back releases the scores are lower.
    for measure in ("arrested", "safeguarded", "charged", "sentenced", "premises"):
        assert report.score(f"totals {measure}: accuracy") >= 0.95, measure
        assert report.score(f"totals {measure}: null kept null") >= 0.95, measure
        assert report.score(f"totals {measure}: accuracy where gold states one") >= 0.80, measure
    assert report.score("agencies (all mentions): F1") >= 0.95
    assert report.score("event_date: accuracy") >= 0.90
    assert report.score("release vs chrome-only page") == 1.0


def test_the_seed_releases_agree_with_the_codebook(report) -> None:
    seeds = ("000_cf7962ac4bf17ccd", "002_d9cd9735170886ed")
    assert not [d for d in report.disagreements if any(seed in d for seed in seeds)]


def test_report_lists_every_disagreement_with_evidence(report) -> None:
    text = format_report(report)
    assert "totals arrested: accuracy" in text and "disagreements:" in text
    assert all(d.startswith("[") for d in report.disagreements)


def test_cli_evaluate_runs(raw_dir: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "releasekit", "evaluate", str(raw_dir), str(GOLD), "--quiet"],
        capture_output=True, text=True, check=True,
    )
    assert "event_date: accuracy" in out.stdout and "disagreements:" not in out.stdout


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


RELEASE_TEXT = (
    "Two men arrested in Luton modern slavery raid\n\n"
    "Two men have been arrested on suspicion of modern slavery offences in Luton. "
    "Bedfordshire Police worked with the National Crime Agency on the operation.\n"
)


def test_jsonl_gold_is_read_with_alternatives_and_unannotated_files_are_left_out(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _write(raw, "a.txt", RELEASE_TEXT)
    _write(raw, "b.txt", RELEASE_TEXT.replace("Two men", "Three women").replace("Luton", "Derby"))
    gold = tmp_path / "gold.jsonl"
    record = {
        "file": "a.txt", "arrested": 2, "safeguarded": None, "charged": None, "sentenced": None, "premises": None,
        "qualifiers": {"arrested": "exact"},
        "agencies": ["Bedfordshire Police|Beds Police", "NCA (wrong canonical)|national crime agency"],
        "roles": {"Bedfordshire Police": "involved", "NCA (wrong canonical)": "involved"},
        "event_date": None, "published": None, "evidence": {}, "notes": "", "kind": "operation",
    }
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = evaluate(raw, gold)
    assert (report.annotated, report.unannotated) == (1, 1)
    assert report.score("totals arrested: accuracy") == 1.0
    # the second alternative matches the extracted canonical name, compared without case
    assert report.get("agencies (all mentions): recall").numerator == 2
    assert report.score("releases stating no figure: none invented") is None
    assert "1 files without an annotation left out" in format_report(report)


def test_gold_matching_no_release_is_an_error(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _write(raw, "a.txt", RELEASE_TEXT)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "elsewhere.txt", "arrested": 1}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="matches no release"):
        evaluate(raw, gold)
    out = subprocess.run(
        [sys.executable, "-m", "releasekit", "evaluate", str(raw), str(gold)], capture_output=True, text=True
    )
    assert out.returncode == 2 and "matches no release" in out.stderr and "Traceback" not in out.stderr


def test_gold_matching_none_of_the_tables_given_says_so_and_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Notebook 05 on one's own collection: the shipped gold against other tables."""
    from releasekit.analysis import scores_against_gold
    from releasekit.build import build
    from releasekit.evaluate import GoldMatchesNothing
    from releasekit.tables import load

    raw = tmp_path / "raw"
    _write(raw, "a.txt", RELEASE_TEXT)
    build(raw, tmp_path / "out", jobs=1, cache=False)
    tables = load(tmp_path / "out")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "elsewhere.txt", "arrested": 1}) + "\n", encoding="utf-8")
    with pytest.raises(GoldMatchesNothing, match="matches no release of the tables given") as caught:
        evaluate("data/raw", gold, tables=tables)
    assert "1 annotations, 1 releases and rejected files" in str(caught.value) and "tests/gold/README.md" in str(caught.value)
    report = scores_against_gold("data/raw", gold, tables)
    assert report.scores == [] and report.disagreements == []
    assert capsys.readouterr().out.startswith(f"No scores: the gold at {gold} matches no release of the tables given")
    with pytest.raises(GoldError, match="no gold at"):  # a gold that cannot be read is still an error
        scores_against_gold("data/raw", tmp_path / "missing", tables)


def test_a_release_annotated_twice_is_an_error(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    line = json.dumps({"file": "a.txt", "arrested": 1})
    gold.write_text(line + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="annotated twice"):
        load_gold(gold)


@pytest.mark.parametrize(("record", "message"), [
    ({"file": "a.txt", "arrestd": 5}, r"gold.jsonl:1: unknown key 'arrestd'; known: .*arrested"),
    ({"file": "a.txt", "safeguarded": "twelve"}, r"gold.jsonl:1: safeguarded: 'twelve' is not a whole number or null"),
    ({"file": "a.txt", "is_release": "no"}, r"gold.jsonl:1: is_release: 'no' is not true or false"),
])
def test_a_gold_record_with_an_unknown_key_or_a_bad_value_is_an_error_naming_it(tmp_path: Path, record, message) -> None:
    """A misspelt measure was ignored (the measure left unscored) and a word for a number raised int()'s error."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        load_gold(gold)


def test_fields_a_jsonl_record_leaves_out_are_not_scored_and_is_release_false_marks_a_rejected_file(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _write(raw, "a.txt", RELEASE_TEXT)
    (raw / "junk.txt").write_bytes(b"\x00\x01\x02" * 50)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "a.txt", "arrested": 2}) + "\n"
                    + json.dumps({"file": "junk.txt", "is_release": False}) + "\n", encoding="utf-8")
    report = evaluate(raw, gold)
    assert report.score("totals arrested: accuracy") == 1.0
    assert report.score("release vs chrome-only page") == 1.0
    # no agencies or event date were annotated: none is scored (they were scored as "none", 0.0)
    assert report.get("agencies (all mentions): precision").denominator == 0
    assert report.get("event_date: accuracy").denominator == 0
    assert not [d for d in report.disagreements if d.startswith(("[agency", "[event_date", "[release"))]


def test_an_invented_figure_is_counted_against_a_release_stating_none(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _write(raw, "a.txt", RELEASE_TEXT)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "a.txt", "arrested": None, "safeguarded": None, "charged": None,
                                "sentenced": None, "premises": None}) + "\n", encoding="utf-8")
    report = evaluate(raw, gold)
    assert report.get("releases stating no figure: none invented").denominator == 1
    assert report.score("releases stating no figure: none invented") == 0.0
    assert report.score("totals arrested: null kept null") == 0.0


# --------------------------------------------------------------------------
# Scores on text the rules were not first written on (issues 9 and 10's
# targets). Both groups were read while the rules were improved, so these
# guard against regressions; the held-back releases are the real test.

EVALSET = Path(__file__).resolve().parent / "evalset"


@pytest.fixture(scope="module")
def additions_report(built: Path, raw_dir: Path):
    return evaluate(raw_dir, GOLD / "corpus-additions.jsonl", tables=releasekit.load(built))


@pytest.fixture(scope="module")
def evalset_report(tmp_path_factory: pytest.TempPathFactory):
    from releasekit.build import build

    out = tmp_path_factory.mktemp("evalset") / "processed"
    build(EVALSET / "texts", out, jobs=1, cache=False)
    return evaluate(EVALSET / "texts", EVALSET / "gold.jsonl", tables=releasekit.load(out))


@pytest.mark.parametrize("group", ["additions_report", "evalset_report"])
def test_targets_on_text_the_rules_were_not_written_on(group: str, request: pytest.FixtureRequest) -> None:
    report = request.getfixturevalue(group)
    assert report.annotated >= 50 and report.unannotated == (0 if group == "evalset_report" else report.unannotated)
    assert report.score("stated figures: accuracy") >= 0.90
    assert report.score("releases stating no figure: none invented") == 1.0
    for measure in ("arrested", "charged", "sentenced", "safeguarded", "premises"):
        assert report.score(f"totals {measure}: null kept null") == 1.0, measure
    assert report.score("agencies (all mentions): F1") >= 0.93
    assert report.score("event_date: accuracy") >= 0.90
