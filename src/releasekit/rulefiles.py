"""Reading the packaged rule files (YAML) fast: libyaml's safe loader when present.

Every rule file of ``releasekit/data`` is read once per process (a worker
loads the gazetteer, figure, date, kind, level and chrome rules when it
starts), so the pure-Python YAML parser was a visible share of a small
build's start-up. ``yaml.CSafeLoader`` builds the same plain Python values
(it is the C implementation of the same safe loader); it is used when PyYAML
was built with libyaml, the pure-Python ``SafeLoader`` otherwise.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["load_rule_yaml"]


def load_rule_yaml(text: str) -> Any:
    """Parse a rule file's YAML text with the safe loader (C when available).

    Raises ``yaml.YAMLError`` for text that is not YAML, as ``yaml.safe_load`` does.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
