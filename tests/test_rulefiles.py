"""The fast rule-file loader gives exactly what the pure-Python safe loader gives."""

from __future__ import annotations

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
