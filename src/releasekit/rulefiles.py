"""Reading rule files (YAML): the shared error, the loader and the default cache.

Every rule set of ``releasekit/data`` is a public frozen type with
``load(path)`` (read and check one file) and ``default()`` (the packaged
file). This module holds what they share:

- :class:`RuleFileError`, raised by every ``load``: the message names the
  file, the section and the rule (``figure_rules.yaml, cues, rule
  'cue_arrested': unknown measure 'arested'``).
- :func:`load_rule_yaml`: libyaml's safe loader when present. Every rule file
  is read once per process (a worker loads the gazetteer, figure, date, kind,
  level and chrome rules when it starts), so the pure-Python YAML parser was a
  visible share of a small build's start-up. ``yaml.CSafeLoader`` builds the
  same plain Python values (it is the C implementation of the same safe
  loader); it is used when PyYAML was built with libyaml, the pure-Python
  ``SafeLoader`` otherwise.
- :func:`packaged_path` and :func:`file_key`: ``default()`` caches the packaged
  file keyed on its (path, mtime_ns, size), so a file edited in a notebook
  session is read again.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib.resources import files
from typing import Any, Callable, TypeVar

import yaml

__all__ = ["RuleFileError", "file_key", "load_cached", "load_rule_yaml", "packaged_path", "read_rule_file", "where"]


class RuleFileError(ValueError):
    """A rule file that cannot be used. The message starts with the file's
    name, then the section and the rule, then what is wrong."""


def where(source: str, section: str | None = None, rule: str | None = None) -> str:
    """The place of a fault as the messages give it: ``file, section, rule 'name'``."""
    parts = [str(source)]
    if section:
        parts.append(section)
    if rule:
        parts.append(f"rule {rule!r}")
    return ", ".join(parts)


def load_rule_yaml(text: str) -> Any:
    """Parse a rule file's YAML text with the safe loader (C when available).

    Raises ``yaml.YAMLError`` for text that is not YAML, as ``yaml.safe_load`` does.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def where_short(source: str, section: str | None = None, rule: object = None) -> str:
    """:func:`where` with the file's base name (the date and quote rules' messages:
    ``date_rules.yaml, rules, rule 'dmy'``); a rule of 0 or "" is still named."""
    parts = [os.path.basename(source) or source]
    if section:
        parts.append(section)
    if rule is not None:
        parts.append(f"rule {rule!r}")
    return ", ".join(parts)


def read_rule_file(
    path: str | os.PathLike[str], *, error: type[RuleFileError] = RuleFileError, label: str | None = None
) -> Any:
    """The parsed YAML of the rule file at ``path``.

    Raises ``error`` (a :class:`RuleFileError`) naming the file as ``label``
    (default: :func:`where` of the path) when it cannot be read or is not YAML.
    """
    label = label or where(str(path))
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as fault:
        raise error(f"{label}: cannot be read ({fault.strerror or fault})") from fault
    try:
        return load_rule_yaml(text)
    except yaml.YAMLError as fault:
        raise error(f"{label}: not YAML ({fault})") from fault


@lru_cache(maxsize=None)
def packaged_path(name: str) -> str:
    """Path of the packaged rule file ``data/<name>`` (memoised: where the package
    lies does not change while a process runs, and ``default()`` of every rule
    type asks on each call)."""
    return str(files("releasekit").joinpath("data", name))


def file_key(path: str) -> tuple[str, int, int]:
    """``(path, mtime_ns, size)`` of a file: the cache key of ``default()``."""
    stat = os.stat(path)
    return path, stat.st_mtime_ns, stat.st_size


_Rules = TypeVar("_Rules")


def load_cached(loader: Callable[[str], _Rules], path: str) -> _Rules:
    """``loader(path)``, cached while the file's (path, mtime_ns, size) is
    unchanged (:func:`file_key`): what ``default()`` of every rule type returns,
    so a rule file edited in a running session is read again.

    Raises what ``loader`` raises, and :class:`OSError` when ``path`` cannot be
    stat'ed.
    """
    return _load_keyed(loader, file_key(path))


@lru_cache(maxsize=32)
def _load_keyed(loader: Callable[[str], Any], key: tuple[str, int, int]) -> Any:
    return loader(key[0])
