"""The core install (``pip install releasekit``, no extras) parses releases and builds tables.

The analysis extra (matplotlib, Jupyter, papermill, nbconvert, openpyxl) is
blocked in a child Python by a ``sys.meta_path`` finder that raises
``ImportError`` for those names, as if they were not installed; the build
must still run, and the commands that need the extra must say how to get it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

#: What `pip install releasekit` does not install (the analysis extra and what only it pulls in).
BLOCKED = ["matplotlib", "matplotlib_inline", "nbformat", "nbclient", "nbconvert", "papermill", "ipykernel",
           "jupyterlab", "jupyter_client", "jupyter_core", "IPython", "openpyxl"]

_BLOCKER = """
import sys
BLOCKED = set({blocked!r})

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked: not in the core install)", name=name)
        return None

sys.meta_path.insert(0, Block())
"""


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    program = _BLOCKER.format(blocked=BLOCKED) + code
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def few_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four real releases (text and HTML if there is one) with the corpus licence notice."""
    raw = tmp_path_factory.mktemp("core") / "raw"
    raw.mkdir()
    files = sorted(p for p in RAW.iterdir() if p.is_file() and p.suffix in {".txt", ".html", ".htm"})
    for path in files[:4]:
        shutil.copy(path, raw / path.name)
    return raw


def test_the_blocker_blocks(tmp_path: Path) -> None:
    out = _run("import matplotlib\n", tmp_path)
    assert out.returncode != 0 and "blocked" in out.stderr


def test_build_runs_without_the_analysis_extra(few_raw: Path) -> None:
    out_dir = few_raw.parent / "processed"
    code = f"""
from releasekit.cli import main
status = main(["build", {str(few_raw)!r}, {str(out_dir)!r}, "--no-progress", "--no-cache", "--jobs", "1"])
import json
print(json.dumps({{"status": status, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)}}))
"""
    out = _run(code, few_raw.parent)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"status": 0, "loaded": []}
    assert "issuer" in pq.read_schema(out_dir / "releases.parquet").names
    releases = pq.read_table(out_dir / "releases.parquet")
    assert releases.num_rows + pq.read_table(out_dir / "problems.parquet").num_rows >= 4
    assert pq.read_table(out_dir / "figures.parquet").num_rows > 0


def test_importing_releasekit_and_build_loads_no_chart_or_notebook_library(tmp_path: Path) -> None:
    code = """
import sys
import releasekit, releasekit.build, releasekit.cli, releasekit.tables
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"matplotlib", "nbformat", "papermill", "nbconvert", "openpyxl", "IPython"})
assert not heavy, heavy
layers = sorted(m for m in sys.modules if m.startswith("releasekit.analysis"))
assert not layers, f"the pipeline imports the analysis layer: {layers}"
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr


def test_table_functions_of_the_analysis_layer_need_no_extra(tmp_path: Path) -> None:
    out = _run("import releasekit.analysis, releasekit.analysis.wording, releasekit.analysis.review\nprint('ok')\n", tmp_path)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


@pytest.mark.parametrize("argv", [["notebooks"], ["export", "TABLES", "OUT", "--format", "xlsx"]])
def test_commands_that_need_the_extra_say_how_to_install_it(argv: list[str], tmp_path: Path, few_raw: Path) -> None:
    tables = few_raw.parent / "processed"
    if not (tables / "releases.parquet").exists():
        pytest.skip("needs the tables of test_build_runs_without_the_analysis_extra")
    argv = [str(tables) if a == "TABLES" else str(tmp_path / "out") if a == "OUT" else a for a in argv]
    out = _run(f"from releasekit.cli import main\nsys.exit(main({argv!r}))\n", tmp_path)
    assert out.returncode == 2, out.stderr
    assert "pip install 'releasekit[analysis]'" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_csv_export_needs_no_extra(tmp_path: Path, few_raw: Path) -> None:
    tables = few_raw.parent / "processed"
    if not (tables / "releases.parquet").exists():
        pytest.skip("needs the tables of test_build_runs_without_the_analysis_extra")
    out = _run(f"from releasekit.cli import main\nsys.exit(main(['export', {str(tables)!r}, {str(tmp_path / 'csv')!r}]))\n", tmp_path)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "csv" / "releases.csv").exists()
