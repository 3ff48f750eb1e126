"""RuleBundle: one object holding every rule set of the extraction step."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from releasekit.extract.bundle import RULE_FILES, RuleBundle
from releasekit.extract.figures import extract_figures
from releasekit.rulefiles import RuleFileError, packaged_path
from releasekit.text import split_sentences

SENTENCE = "Officers arrested four men and safeguarded six women during raids in Luton on Tuesday."


def test_default_holds_every_packaged_rule_set() -> None:
    bundle = RuleBundle.default()
    assert [name for name, _ in bundle.sources] == list(RULE_FILES)
    for name, path in bundle.sources:
        assert Path(path).is_file(), name
        assert Path(path).name == RULE_FILES[name]


def test_a_folder_overrides_only_the_files_it_holds(tmp_path: Path) -> None:
    text = Path(packaged_path("figure_rules.yaml")).read_text(encoding="utf-8")
    (tmp_path / "figure_rules.yaml").write_text(text, encoding="utf-8")
    bundle = RuleBundle.load(tmp_path)
    sources = dict(bundle.sources)
    assert sources["figures"] == str(tmp_path / "figure_rules.yaml")
    assert sources["quotes"] == packaged_path("quote_rules.yaml")
    # the copied rules find what the packaged ones find
    sentences = split_sentences(SENTENCE)
    ours = extract_figures(SENTENCE, sentences, rules=bundle.figures)
    packaged = extract_figures(SENTENCE, sentences, rules=RuleBundle.default().figures)
    assert [(f.measure, f.value) for f in ours] == [(f.measure, f.value) for f in packaged]
    assert {("arrested", 4), ("safeguarded", 6)} <= {(f.measure, f.value) for f in ours}


def test_a_faulty_file_in_the_folder_is_a_rule_file_error(tmp_path: Path) -> None:
    (tmp_path / "quote_rules.yaml").write_text("speech_verbs: [said\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="quote_rules.yaml"):
        RuleBundle.load(tmp_path)


@pytest.mark.parametrize("make", ["missing", "empty", "file"])
def test_a_folder_without_rules_is_refused(tmp_path: Path, make: str) -> None:
    target = tmp_path / "rules"
    if make == "empty":
        target.mkdir()
    elif make == "file":
        target.write_text("x", encoding="utf-8")
    with pytest.raises(RuleFileError, match="rules"):
        RuleBundle.load(target)


def test_the_bundle_travels_to_worker_processes() -> None:
    bundle = RuleBundle.default()
    copy = pickle.loads(pickle.dumps(bundle))
    sentences = split_sentences(SENTENCE)
    assert extract_figures(SENTENCE, sentences, rules=copy.figures) == extract_figures(SENTENCE, sentences, rules=bundle.figures)
    assert copy.sources == bundle.sources


def test_prepare_compiles_the_gazetteer_now_and_a_pickled_copy_leaves_it_behind(tmp_path: Path) -> None:
    from releasekit.extract.agencies import extract_agencies

    (tmp_path / "agencies.yaml").write_text(Path(packaged_path("agencies.yaml")).read_text(encoding="utf-8"), encoding="utf-8")
    bundle = RuleBundle.load(tmp_path)  # fresh objects: nothing compiled yet
    assert "_compiled" not in vars(bundle.gazetteer)
    assert bundle.prepare() is bundle
    assert "_compiled" in vars(bundle.gazetteer)
    copy = pickle.loads(pickle.dumps(bundle))
    assert "_compiled" not in vars(copy.gazetteer)  # a receiving process compiles its own on first use
    text = "Officers from Bedfordshire Police and the National Crime Agency arrested four men."
    found = extract_agencies(text, split_sentences(text), gazetteer=copy.gazetteer)
    assert found == extract_agencies(text, split_sentences(text), gazetteer=bundle.gazetteer)
    assert {m.agency for m in found} >= {"Bedfordshire Police", "National Crime Agency"}
