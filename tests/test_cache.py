"""The content-hash cache (releasekit.cache): what its fingerprint covers, and its entries."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import releasekit
from releasekit import cache
from releasekit.cache import PIPELINE_MODULES, pipeline_sources, rules_fingerprint


def _imported_by_build() -> set[str]:
    """The package's modules that a build loads when it extracts a release (in a fresh interpreter;
    the extractors are imported when the first release is extracted, not with releasekit.build)."""
    code = (
        "import sys, tempfile, pathlib, releasekit.build\n"
        "with tempfile.TemporaryDirectory() as name:\n"
        "    folder = pathlib.Path(name)\n"
        "    (folder / 'raw').mkdir()\n"
        "    (folder / 'raw' / 'r1.txt').write_text('Two arrested\\n\\nTwo men were arrested in Leeds on Friday.\\n', encoding='utf-8')\n"
        "    releasekit.build.build(folder / 'raw', folder / 'out', jobs=1, cache=False)\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('releasekit.')))"
    )
    names = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return {name.removeprefix("releasekit.").replace(".", "/") for name in names}


def test_the_fingerprint_covers_exactly_the_modules_the_pipeline_imports() -> None:
    hashed = {name.removesuffix(".py").removesuffix("/__init__") for name in pipeline_sources() if name.endswith(".py")}
    assert hashed == _imported_by_build()


def test_the_fingerprint_leaves_out_the_analysis_layer_and_its_data() -> None:
    sources = pipeline_sources()
    for name in ("plots.py", "wording.py", "report.py", "notebooks.py", "site.py", "review.py", "data/review_rules.yaml"):
        assert name not in sources
    assert "data/figure_rules.yaml" in sources and "extract/figures.py" in sources


@pytest.fixture()
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package whose files a test may edit (cache.files() pointed at it)."""
    copy = tmp_path / "releasekit"
    shutil.copytree(Path(releasekit.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "files", lambda _name: copy)
    return copy


def test_an_analysis_module_edit_keeps_the_fingerprint(package_copy: Path) -> None:
    before = rules_fingerprint()
    plots = package_copy / "plots.py"
    if not plots.exists():  # the analysis layer has moved into releasekit/analysis/
        plots = package_copy / "analysis" / "plots.py"
    plots.write_text(plots.read_text(encoding="utf-8") + "\n# a chart edit\n", encoding="utf-8")
    assert rules_fingerprint() == before


@pytest.mark.parametrize("name", ["data/figure_rules.yaml", "extract/agencies.py", "read.py"])
def test_a_rule_file_or_pipeline_module_edit_changes_the_fingerprint(package_copy: Path, name: str) -> None:
    before = rules_fingerprint()
    path = package_copy / name
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rules_fingerprint() != before


def test_an_analysis_module_edit_keeps_the_extraction_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw_dir: Path) -> None:
    from releasekit import build as build_module

    raw = tmp_path / "raw"
    raw.mkdir()
    for path in sorted(raw_dir.glob("*.txt"))[:6]:
        shutil.copyfile(path, raw / path.name)
    out = tmp_path / "out"
    build_module.build(raw, out, jobs=1)
    copy = tmp_path / "releasekit"
    shutil.copytree(Path(releasekit.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "files", lambda _name: copy)
    plots = copy / "plots.py" if (copy / "plots.py").exists() else copy / "analysis" / "plots.py"
    plots.write_text(plots.read_text(encoding="utf-8") + "\n# a chart edit\n", encoding="utf-8")
    extracted: list[str] = []
    real = build_module.process_release
    monkeypatch.setattr(build_module, "process_release", lambda release, *a, **k: extracted.append(release.release_id) or real(release, *a, **k))
    (out / "_build.json").write_text(json.dumps({}), encoding="utf-8")  # not up to date: the build runs
    build_module.build(raw, out, jobs=1)
    assert extracted == []  # every release came from the cache
    (copy / "data" / "figure_rules.yaml").write_text((copy / "data" / "figure_rules.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    (out / "_build.json").write_text(json.dumps({}), encoding="utf-8")
    build_module.build(raw, out, jobs=1)
    assert len(extracted) == 6  # a rule edit re-extracts every release


def test_pipeline_modules_exist() -> None:
    package = Path(releasekit.__file__).parent
    assert all((package / name).is_file() for name in PIPELINE_MODULES)
