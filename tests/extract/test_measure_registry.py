"""Adding a measure is a change to the measure registry (and the codebook):
a "convicted" measure written only in a rule file flows through figures,
totals, the tables, evaluation, the evidence site and the notebooks' report
functions and parameters, with no code change and no gold file edited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from releasekit.analysis import evidence, params
from releasekit.analysis import totals as totals_report
from releasekit.build import build
from releasekit.evaluate import evaluate
from releasekit.extract import figures as figures_module
from releasekit.extract.figures import FigureRules, extract_figures, measure_names, total_figures
from releasekit.rulefiles import packaged_path
from releasekit.analysis.site import write_site
from releasekit.tables import load
from releasekit.text import split_sentences

CONVICTED = "Three men were convicted of trafficking offences at Luton Crown Court on Friday."
_QUOTE = (
    " Detective Inspector Sam Carter said: \u201cWe are committed to tackling exploitation in all its forms and we"
    " will keep working with our partners to protect vulnerable people in our communities from this crime.\u201d"
    " Anyone with information about modern slavery is asked to contact the police or the Modern Slavery Helpline.\n"
)
RELEASES = {
    "convictions.txt": "Gang convicted of trafficking\n\n" + CONVICTED + _QUOTE,
    "arrests.txt": "Two arrested in Leeds\n\nTwo women were arrested in Leeds yesterday on suspicion of modern slavery offences." + _QUOTE,
}


def _with_convicted(path: Path) -> Path:
    """The packaged rules plus one measure: a registry entry, a cue, and the
    noun classes of people (and bare numbers) that may count it."""
    raw: dict[str, Any] = yaml.safe_load(Path(packaged_path("figure_rules.yaml")).read_text(encoding="utf-8"))
    raw["measures"].insert(3, {"name": "convicted", "label": "People convicted", "unit": "people", "codebook": "2", "charted": True})
    raw["cues"].append({"name": "cue_convicted", "measure": "convicted", "patterns": [r"\b(?:convicted|found guilty)\b"]})
    for key in ("people", "bare"):
        raw["subjects"][key]["measures"].append("convicted")
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture()
def rules_file(tmp_path: Path) -> Path:
    return _with_convicted(tmp_path / "figure_rules.yaml")


def test_a_new_measure_gives_figures_and_totals(rules_file: Path) -> None:
    rules = FigureRules.load(rules_file)
    assert "convicted" in measure_names(rules)
    found = extract_figures(CONVICTED, split_sentences(CONVICTED), rules=rules)
    assert [(f.measure, f.value) for f in found] == [("convicted", 3)]
    assert "cue_convicted" in found[0].rule.split("+")
    assert [(t.measure, t.value) for t in total_figures(found, rules=rules)] == [("convicted", 3)]
    # the packaged rules know no such measure: nothing to count, nothing dropped in silence
    assert extract_figures(CONVICTED, split_sentences(CONVICTED)) == []


def test_a_new_measure_flows_to_tables_evaluation_site_and_notebooks(
    rules_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the edited file stands for the packaged one (as if the registry had been edited)
    monkeypatch.setattr(figures_module, "packaged_path", lambda name: str(rules_file))
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    for name, text in RELEASES.items():
        (raw_dir / name).write_text(text, encoding="utf-8")

    # tables: one totals row per release and measure, the new one included
    build(raw_dir, tmp_path / "processed", jobs=1, cache=False)
    tables = load(tmp_path / "processed")
    totals = tables.totals.set_index(["release_id", "measure"])
    convictions = tables.releases.loc[tables.releases.source_path.str.endswith("convictions.txt"), "release_id"].item()
    assert list(tables.totals.measure.unique()) == list(measure_names())
    assert totals.loc[(convictions, "convicted"), "value"] == 3
    assert set(tables.figures.measure) == {"convicted", "arrested"}

    # evaluation: gold in the existing format, naming the new measure, scores it
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps(record)
            for record in (
                {"file": "convictions.txt", "convicted": 3, "arrested": None},
                {"file": "arrests.txt", "arrested": 2},  # a gold file that knows nothing of the new measure
            )
        ),
        encoding="utf-8",
    )
    scores = {s.name: s for s in evaluate(raw_dir, gold).scores}
    assert scores["totals convicted: accuracy"].value == 1.0
    assert scores["totals convicted: accuracy"].denominator == 1
    assert scores["totals arrested: accuracy"].denominator == 2

    # the evidence site: a column of the index and a colour key of the release pages
    index = write_site(tmp_path / "processed", tmp_path / "site").read_text(encoding="utf-8")
    assert '<th data-type="num" scope="col">convicted</th>' in index
    page = next((tmp_path / "site" / "releases").glob("*.html")).read_text(encoding="utf-8")
    assert 'data-label="convicted"' in page

    # notebooks: the parameter is accepted and the report functions chart it
    checked = params.check_parameters({"MEASURES": ["convicted", "arrested"]}, tables)
    assert checked["MEASURES"] == ["convicted", "arrested"]
    qualifiers = totals_report.qualifier_counts(tables.totals, ["convicted"])
    row = qualifiers[qualifiers["measure"] == "convicted"].iloc[0]
    assert (row["exact"], row["none"]) == (1, 1)
    audit = evidence.audit_totals(tables, ["convicted"])
    assert list(audit.total) == [3]


def test_the_packaged_registry_is_read_without_compiling_a_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """``MEASURES`` is made at import (corrections, the site and the notebook parameters read it):
    reading the registry must not compile the figure rules (half a second of every command's start)."""
    expected = figures_module.measure_registry(FigureRules.default())

    def refused(raw: Any) -> None:
        raise AssertionError("the figure rules were compiled")

    monkeypatch.setattr(figures_module, "_compile", refused)
    monkeypatch.setattr(figures_module, "load_cached", lambda loader, path: loader(path))  # no cached copy
    assert figures_module.measure_registry() == expected
    assert figures_module.MEASURES == tuple(m.name for m in expected)
    assert "arrested" in figures_module.MEASURES


def test_a_faulty_packaged_registry_is_named_when_read_without_compiling(tmp_path: Path) -> None:
    raw = yaml.safe_load(Path(packaged_path("figure_rules.yaml")).read_text(encoding="utf-8"))
    raw["measures"][0]["unit"] = "boats"
    path = tmp_path / "figure_rules.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(figures_module.RuleError, match="unit must be people or places"):
        figures_module._checked_raw(str(path))
