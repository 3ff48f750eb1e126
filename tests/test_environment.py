"""The environment a reader can recreate: lock file, conda file, Binder, quiet packaging metadata."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _requirements(project: dict) -> list[str]:
    """Every requirement of pyproject: the core and every extra, without the extras' references to releasekit itself."""
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return project["dependencies"] + [r for r in extras if not r.startswith("releasekit")]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_lock_file_pins_every_dependency_at_a_version_pyproject_allows() -> None:
    from packaging.requirements import Requirement

    pinned = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep, f"not an exact pin: {line!r}"
            pinned[_name(name)] = version.strip()
    assert "releasekit" not in pinned  # installed from the checkout, not pinned
    project = _pyproject()["project"]
    for text in _requirements(project):
        requirement = Requirement(text)
        name = _name(requirement.name)
        assert name in pinned, f"requirements.lock lacks {name} (run `make lock`)"
        assert requirement.specifier.contains(pinned[name], prereleases=True), f"{name}=={pinned[name]} does not satisfy {text}"


def test_environment_yml_has_the_new_dependencies_of_pyproject() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    listed |= {_name(d) for block in env["dependencies"] if isinstance(block, dict) for d in block["pip"]}
    assert {"trafilatura", "lxml", "openpyxl"} <= listed


def test_readme_explains_every_dependency() -> None:
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("### Libraries beyond the core stack") :]
    core = {"pandas", "pyarrow", "matplotlib", "nltk", "regex", "jupyterlab", "ipykernel", "pytest"}
    project = _pyproject()["project"]
    for text in _requirements(project):
        name = _name(text)
        if name not in core:
            assert f"`{name}`" in table or f"`{name.replace('pyyaml', 'PyYAML')}`" in table, f"README does not say why {name} is there"


def test_packaging_metadata_uses_no_deprecated_forms() -> None:
    config = _pyproject()
    assert isinstance(config["project"]["license"], str), "license as an SPDX string, not a table (deprecated)"
    assert not [c for c in config["project"].get("classifiers", []) if c.startswith("License ::")]
    requires = config["build-system"]["requires"]
    assert any(re.match(r"setuptools>=(7[7-9]|[89]\d)", r) for r in requires), "SPDX license strings need setuptools>=77"


def test_binder_builds_the_tables_and_the_readme_links_it() -> None:
    post = ROOT / "postBuild"
    assert post.stat().st_mode & 0o111, "postBuild must be executable"
    assert "releasekit build data/raw data/processed" in post.read_text()
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()  # else repo2docker ignores the root files
    readme = (ROOT / "README.md").read_text()
    assert "mybinder.org/badge_logo.svg" in readme and "make locked" in readme and "make lock" in readme
