"""Rule types (FigureRules, KindRules, LevelRules): load(path) checks the file,
default() is the packaged file re-read when it changes, and every error names
the file, the section and the rule."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from releasekit.extract import figures as figures_module
from releasekit.extract.figures import FigureRules, RuleError, extract_figures, total_figures
from releasekit.extract.kind import KindRuleError, KindRules, classify_release
from releasekit.extract.level import LevelRules, LevelRulesError, release_level
from releasekit.rulefiles import RuleFileError, packaged_path
from releasekit.text import split_sentences

Change = Callable[[dict[str, Any]], None]


def _edited(tmp_path: Path, name: str, change: Change) -> Path:
    raw = yaml.safe_load(Path(packaged_path(name)).read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _cue(raw: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in raw["cues"] if c["name"] == name)


# ------------------------------------------------------------ FigureRules


@pytest.mark.parametrize(
    "change, words",
    [
        # unknown measure in a cue, a noun class and the court section
        (lambda r: _cue(r, "cue_arrested").__setitem__("measure", "arested"),
         ["cues", "rule 'cue_arrested'", "unknown measure 'arested'", "arrested, charged"]),
        (lambda r: r["subjects"]["victims"].__setitem__("measures", ["rescued"]),
         ["subjects", "rule 'noun_victims'", "unknown measure 'rescued'"]),
        (lambda r: r["court_release"].__setitem__("retold_measures", ["arrested", "convicted"]),
         ["court_release", "unknown measure 'convicted'"]),
        # unknown qualifier, scope, key and section
        (lambda r: r["qualifiers"].__setitem__("about", {"name": "qual_about", "words": ["about"]}),
         ["qualifiers", "about", "unknown qualifier"]),
        (lambda r: r["scope"].__setitem__("future", [{"name": "scope_future", "pattern": "next year"}]),
         ["scope", "future"]),
        (lambda r: _cue(r, "cue_charged").__setitem__("weight", 2), ["cues", "rule 'cue_charged'", "unknown key(s) weight"]),
        (lambda r: r["scope"]["period"][0].__setitem__("case_sensitiv", True), ["scope", "case_sensitiv"]),
        (lambda r: r.__setitem__("extras", {}), ["extras", "unknown section"]),
        # a misspelt key of a numbers entry (it would be read as absent)
        (lambda r: r["numbers"]["named"].__setitem__("relatoins", ["wife"]),
         ["numbers", "rule 'count_named'", "unknown key(s) relatoins"]),
        (lambda r: r["numbers"]["zero"].__setitem__("pronoun", ["none"]), ["numbers", "rule 'count_zero'", "pronoun"]),
        # the grammar section: known keys, patterns that compile, the groups the code reads
        (lambda r: r["grammar"].__setitem__("conjunction", "and"), ["grammar", "unknown key(s) conjunction"]),
        (lambda r: r["grammar"].__setitem__("coordinated", "(and"), ["grammar", "coordinated does not compile"]),
        (lambda r: r["grammar"].__setitem__("verb_after_zero", r"\s+(?P<verb>was|were)\b"),
         ["grammar", "verb_after_zero", "participle"]),
        (lambda r: r.pop("cues"), ["cues", "missing section"]),
        # the measure registry itself
        (lambda r: r["measures"][1].__setitem__("unit", "cases"), ["measures", "rule 'charged'", "unit", "cases"]),
        (lambda r: r["measures"][2].pop("codebook"), ["measures", "rule 'sentenced'", "codebook"]),
        (lambda r: r["measures"].append(dict(r["measures"][0])), ["measures", "rule 'arrested'", "twice"]),
        # release kinds
        (lambda r: r["period_kinds"].__setitem__("kinds", ["statistics", "annual"]), ["period_kinds", "unknown release kind 'annual'"]),
    ],
)
def test_figure_rule_errors_name_file_section_and_rule(tmp_path: Path, change: Change, words: list[str]) -> None:
    path = _edited(tmp_path, "figure_rules.yaml", change)
    with pytest.raises(RuleError) as error:
        FigureRules.load(path)
    message = str(error.value)
    assert message.startswith(str(path))
    for word in words:
        assert word in message


def test_a_bad_regex_names_its_rule_and_pattern_not_only_a_position(tmp_path: Path) -> None:
    path = _edited(tmp_path, "figure_rules.yaml", lambda r: _cue(r, "cue_sentenced")["patterns"].append(r"\bjailed (for"))
    with pytest.raises(RuleError) as error:
        FigureRules.load(path)
    message = str(error.value)
    assert "cues, rule 'cue_sentenced'" in message and "does not compile" in message
    assert r"'\\bjailed (for'" in message  # the pattern itself, as written


def test_a_bare_on_or_no_in_a_word_list_is_an_error_naming_the_list(tmp_path: Path) -> None:
    """YAML reads a bare on, off, yes or no as true/false: a word list holding one would lose the word
    (an unquoted `on` in bare_followers once crashed the build with a TypeError)."""
    text = Path(packaged_path("figure_rules.yaml")).read_text(encoding="utf-8")
    assert '"on", during' in text  # the packaged word is quoted
    path = tmp_path / "figure_rules.yaml"
    path.write_text(text.replace('"on", during', "on, during", 1), encoding="utf-8")
    with pytest.raises(RuleError) as error:
        FigureRules.load(path)
    assert str(error.value).startswith(f"{path}, bare_followers: a list holds true")
    path.write_text(text.replace("  name: role_further\n  before: [", "  name: role_further\n  before: [no, ", 1), encoding="utf-8")
    with pytest.raises(RuleError, match="further, rule 'role_further': a list holds false"):
        FigureRules.load(path)


def test_unreadable_and_non_yaml_files_are_rule_errors(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot be read"):
        FigureRules.load(tmp_path / "missing.yaml")
    bad = tmp_path / "figure_rules.yaml"
    bad.write_text("cues: [unclosed", encoding="utf-8")
    with pytest.raises(RuleError, match="not YAML"):
        FigureRules.load(bad)
    bad.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(RuleError, match="not a mapping"):
        FigureRules.load(bad)


def test_every_rule_error_is_a_rule_file_error() -> None:
    for error in (RuleError, KindRuleError, LevelRulesError):
        assert issubclass(error, RuleFileError) and issubclass(error, ValueError)


def test_default_is_reread_when_the_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "figure_rules.yaml"
    shutil.copy(packaged_path("figure_rules.yaml"), copy)
    monkeypatch.setattr(figures_module, "packaged_path", lambda name: str(copy))
    first = FigureRules.default()
    assert FigureRules.default() is first  # cached while unchanged
    text = copy.read_text(encoding="utf-8").replace("label: People charged,", "label: People charged or summonsed,")
    copy.write_text(text, encoding="utf-8")
    again = FigureRules.default()
    assert again is not first
    assert next(m for m in again.measures if m.name == "charged").label == "People charged or summonsed"


def test_total_figures_uses_the_rules_it_is_given(tmp_path: Path) -> None:
    # the rules of this file order "safeguarded" before "arrested": totals follow them
    def reorder(raw: dict[str, Any]) -> None:
        raw["measures"].insert(0, raw["measures"].pop(3))
        raw["totals"]["restatement_tolerance"] = 0.0

    rules = FigureRules.load(_edited(tmp_path, "figure_rules.yaml", reorder))
    body = "Six people were arrested and nine women were safeguarded. About ten women were safeguarded in all."
    found = extract_figures(body, split_sentences(body), rules=rules)
    given = total_figures(found, rules=rules)
    packaged = total_figures(found)
    assert [t.measure for t in given] == ["safeguarded", "arrested"]
    assert [t.measure for t in packaged] == ["arrested", "safeguarded"]


def test_case_sensitive_is_honoured_where_the_file_says_so(tmp_path: Path) -> None:
    rule = {"name": "scope_plan_shout", "pattern": r"\bWILL\b", "case_sensitive": True}
    rules = FigureRules.load(_edited(tmp_path, "figure_rules.yaml", lambda r: r["scope"].setdefault("plan", []).append(rule)))
    pattern = dict(rules.plans)["scope_plan_shout"]
    assert pattern.search("they WILL help") and not pattern.search("they will help")


def test_case_sensitive_is_refused_where_it_would_be_ignored(tmp_path: Path) -> None:
    path = _edited(tmp_path, "figure_rules.yaml", lambda r: _cue(r, "cue_arrested").__setitem__("case_sensitive", True))
    with pytest.raises(RuleError, match="cue_arrested.*case_sensitive"):
        FigureRules.load(path)


# --------------------------------------------------------------- KindRules


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda r: r["rules"][0].__setitem__("kind", "trial"), ["rules", "unknown kind 'trial'"]),
        (lambda r: r["rules"][0].__setitem__("pattern", "(jailed"), ["rules", "does not compile", "'(jailed'"]),
        (lambda r: r["rules"][0].pop("pattern"), ["rules", "needs a pattern"]),
        (lambda r: r.__setitem__("default", {"name": "kind_default", "kind": "misc"}), ["default", "kind_default", "misc"]),
        (lambda r: r.__setitem__("stages", ["appeal"]), ["stages", "appeal"]),
    ],
)
def test_kind_rule_errors(tmp_path: Path, change: Change, words: list[str]) -> None:
    path = _edited(tmp_path, "kind_rules.yaml", change)
    with pytest.raises(KindRuleError) as error:
        KindRules.load(path)
    assert str(error.value).startswith(str(path))
    for word in words:
        assert word in str(error.value)


def test_kind_rules_are_passed_explicitly(tmp_path: Path) -> None:
    rules = KindRules.load(_edited(tmp_path, "kind_rules.yaml", lambda r: r.__setitem__("default", {"name": "kind_fallback", "kind": "awareness"})))
    body = "Contact us."
    assert classify_release("A page", body, split_sentences(body), rules=rules).rule == "kind_fallback"
    assert classify_release("A page", body, split_sentences(body)).rule == "kind_default"
    assert KindRules.default() is KindRules.default()


# -------------------------------------------------------------- LevelRules


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda r: r["cues"][0].__setitem__("level", "county"), ["cues", "unknown level 'county'"]),
        (lambda r: r["cues"][0].__setitem__("patterns", ["(across"]), ["cues", "does not compile", "'(across'"]),
        (lambda r: r["cues"][0].__setitem__("weight", 1), ["cues", "unknown key(s) weight"]),
        (lambda r: r.pop("regions"), ["regions", "missing section"]),
        (lambda r: r.__setitem__("extra", 1), ["unknown sections", "extra"]),
    ],
)
def test_level_rule_errors(tmp_path: Path, change: Change, words: list[str]) -> None:
    path = _edited(tmp_path, "level_rules.yaml", change)
    with pytest.raises(LevelRulesError) as error:
        LevelRules.load(path)
    assert str(error.value).startswith(str(path))
    for word in words:
        assert word in str(error.value)


def test_level_rules_are_passed_explicitly(tmp_path: Path) -> None:
    body = "Officers across the country took part in the week of action."
    rules = LevelRules.load(_edited(tmp_path, "level_rules.yaml", lambda r: None))
    assert release_level(body, split_sentences(body), rules=rules) == release_level(body, split_sentences(body))
    assert LevelRules.default() is LevelRules.default()


def test_a_rule_file_without_the_grammar_section_loads_and_reads_no_grammar(tmp_path: Path) -> None:
    path = _edited(tmp_path, "figure_rules.yaml", lambda r: r.pop("grammar"))
    rules = FigureRules.load(path)
    # every grammar pattern then never matches, and figures are still read
    assert rules.grammar.coordinated.match(" and ") is None
    assert rules.grammar.verb_after_zero.match(" was") is None
    body = "Police arrested 14 people."
    assert [f.value for f in extract_figures(body, split_sentences(body), rules=rules)] == [14]
