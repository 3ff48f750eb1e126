"""The fast rule-file loader gives exactly what the pure-Python safe loader gives."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
import yaml

from releasekit.rulefiles import load_rule_yaml

RULE_FILES = sorted(p.name for p in files("releasekit").joinpath("data").iterdir() if p.name.endswith(".yaml"))


def test_every_packaged_rule_file_is_covered() -> None:
    assert {"figure_rules.yaml", "agencies.yaml", "date_rules.yaml", "kind_rules.yaml", "level_rules.yaml"} <= set(RULE_FILES)


@pytest.mark.parametrize("name", RULE_FILES)
def test_rule_file_values_equal_the_safe_loaders(name: str) -> None:
    text = files("releasekit").joinpath("data", name).read_text("utf-8")
    assert load_rule_yaml(text) == yaml.safe_load(text)


def test_no_python_tag_is_executed() -> None:
    with pytest.raises(yaml.YAMLError):
        load_rule_yaml("!!python/object/apply:os.system ['true']")


def test_read_rule_file_raises_the_rule_type_s_error_under_the_label_it_is_given(tmp_path) -> None:
    from releasekit.extract.dates import DateRulesError
    from releasekit.rulefiles import RuleFileError, read_rule_file, where_short

    bad = tmp_path / "sub" / "date_rules.yaml"
    bad.parent.mkdir()
    bad.write_text("rules: [unclosed\n", encoding="utf-8")
    with pytest.raises(DateRulesError, match=r"^date_rules\.yaml: not YAML"):
        read_rule_file(bad, error=DateRulesError, label=where_short(str(bad)))
    with pytest.raises(RuleFileError, match=rf"^{re.escape(str(bad))}: not YAML"):
        read_rule_file(bad)
    with pytest.raises(DateRulesError, match=r"^missing\.yaml: cannot be read"):
        read_rule_file(tmp_path / "missing.yaml", error=DateRulesError, label=where_short(str(tmp_path / "missing.yaml")))
    assert where_short("/a/b/quote_rules.yaml", "speech_verbs", 0) == "quote_rules.yaml, speech_verbs, rule 0"
