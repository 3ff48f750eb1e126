"""Packaging: environment.yml in step with pyproject.toml; the data dictionary in step with the schemas."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from releasekit.tables import SCHEMAS

ROOT = Path(__file__).resolve().parents[1]


def _requirements(project: dict) -> list[str]:
    """Every requirement of pyproject: the core and every extra, without the extras' references to releasekit itself."""
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return project["dependencies"] + [r for r in extras if not r.startswith("releasekit")]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_every_dependency_of_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in _requirements(project)}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = {_name(d) for block in env["dependencies"] if isinstance(block, dict) for d in block["pip"]}
    missing = wanted - conda - pip
    assert not missing, f"environment.yml lacks {sorted(missing)}"
    assert "-e ." in [d for block in env["dependencies"] if isinstance(block, dict) for d in block["pip"]]
    assert any(str(d).startswith("python") for d in env["dependencies"])


def test_data_dictionary_documents_exactly_the_schema_columns() -> None:
    doc = (ROOT / "docs" / "tables.md").read_text()
    sections = re.split(r"^## ", doc, flags=re.M)[1:]
    documented = {}
    for section in sections:
        name = section.split("\n", 1)[0].strip()
        documented[name] = re.findall(r"^\| `([a-z_0-9]+)` \| (?:string|int32|int64|bool|date) \|", section, flags=re.M)
    assert set(documented) >= set(SCHEMAS)
    for name, schema in SCHEMAS.items():
        assert documented[name] == schema.names, name


def test_problem_codes_used_in_code_are_documented() -> None:
    doc = (ROOT / "docs" / "tables.md").read_text()
    codes = doc.split("### Problem codes", 1)[1].split("\n## ", 1)[0]  # the section, not a table of columns
    documented = set(re.findall(r"^\| `([a-z_0-9]+)` \| (?:error|warning|info) \|", codes, flags=re.M))
    elsewhere = re.findall(r"^\| `([a-z_0-9]+)` \| (?:error|warning|info) \|", doc.replace(codes, ""), flags=re.M)
    assert not elsewhere, f"problem codes outside the section of problem codes: {elsewhere}"
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "releasekit").rglob("*.py"))
    used = set(re.findall(r'Problem\([^)]*?"(?:error|warning|info)",\s*"([a-z_0-9]+)"', source, flags=re.S))
    used |= set(re.findall(r'"(?:error|warning|info)", "([a-z_0-9]+)"', source))
    assert used, "no problem codes found in the source"
    assert used <= documented, f"undocumented problem codes: {sorted(used - documented)}"


def test_cli_version_and_help() -> None:
    out = subprocess.run([sys.executable, "-m", "releasekit", "--version"], capture_output=True, text=True, check=True)
    assert re.match(r"releasekit \d+\.\d+", out.stdout)
    out = subprocess.run([sys.executable, "-m", "releasekit", "build", "--help"], capture_output=True, text=True, check=True)
    for option in ("RAW_DIR", "OUT_DIR", "--jobs"):
        assert option.lower() in out.stdout.lower()


def test_nothing_downloads_or_opens_the_network() -> None:
    calls = re.compile(r"nltk\.download\(|urlopen\(|requests\.(get|post)\(|urllib\.request")
    for path in list((ROOT / "src").rglob("*.py")) + list((ROOT / "notebooks").glob("*.ipynb")):
        assert not calls.search(path.read_text(encoding="utf-8")), path
