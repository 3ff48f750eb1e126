"""The notebooks run top to bottom, headless, on tables built from data/raw.

Each notebook is executed with papermill (through
:func:`releasekit.analysis.notebooks.run_notebook`) against the session's ``built``
tables, writing figures and outputs to a temporary folder: the committed
notebooks and reports are never touched.
"""

from __future__ import annotations

from corpus import N_FILES, chrome_only_ids

import json
import time
from pathlib import Path

import nbformat
import pytest

from releasekit.analysis.notebooks import clean_notebook, notebook_paths, run_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = notebook_paths(ROOT / "notebooks")
EXPECTED = ["01_corpus_overview", "02_figures_over_time", "03_agencies", "04_wording",
            "05_extraction_quality"]


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def test_the_five_notebooks_exist_in_reading_order() -> None:
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_structure(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown"
    assert "**Question:**" in nb.cells[0].source
    tagged = [c for c in nb.cells if "parameters" in _tags(c)]
    assert len(tagged) == 1, f"{path.name}: {len(tagged)} cells tagged parameters"
    assert tagged[0].cell_type == "code"
    for name in ("PROCESSED", "FIGURES", "START", "END", "FORCES"):
        assert f"{name} = " in tagged[0].source, f"{path.name}: no {name} parameter"
    # no leftovers of a parameterised run or of run metadata in the committed file
    assert not [c for c in nb.cells if "injected-parameters" in _tags(c)]
    assert "papermill" not in nb.metadata
    assert all("execution" not in c.metadata for c in nb.cells)
    assert "nltk.download" not in "".join(c.source for c in nb.cells)


def test_wording_notebook_cites_its_methods_and_switches_stock_paragraphs() -> None:
    nb = nbformat.read(ROOT / "notebooks" / "04_wording.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    for citation in ("Monroe", "Colaresi", "Quinn", "2008", "Dunning", "1993", "Hardie", "Log Ratio"):
        assert citation in text
    params = next(c for c in nb.cells if "parameters" in _tags(c)).source
    assert "EXCLUDE_STOCK_PARAGRAPHS = True" in params


def test_committed_notebooks_are_executed_without_errors() -> None:
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.execution_count is not None for c in code), f"{path.name} is not executed"
        assert not [o for c in code for o in c.outputs if o.output_type == "error"], path.name
        assert (ROOT / "reports" / f"{path.stem}.html").exists(), f"no HTML render of {path.name}"


@pytest.fixture(scope="module")
def executed(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every notebook executed once against the built tables. The time taken
    is printed (``pytest -s``), not asserted: speed targets live in
    benchmarks/, never in timed unit tests (DEVELOPERS.md)."""
    out = tmp_path_factory.mktemp("notebooks")
    figures = out / "figures"
    results, timings = {}, {}
    for path in NOTEBOOKS:
        began = time.perf_counter()
        results[path.stem] = run_notebook(
            path, output_path=out / path.name, html_path=out / f"{path.stem}.html",
            parameters={"PROCESSED": str(built), "FIGURES": str(figures),
                        "RAW": str(ROOT / "data" / "raw"), "GOLD": str(ROOT / "tests" / "gold")},
            cwd=ROOT / "notebooks", timeout=300,
        )
        timings[path.stem] = time.perf_counter() - began
    print("notebook execution (s):", json.dumps({k: round(v, 1) for k, v in timings.items()}),
          f"total {sum(timings.values()):.1f}")
    return {"out": out, "figures": figures, "notebooks": results, "timings": timings}


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_executes(executed: dict, name: str) -> None:
    nb = executed["notebooks"][name]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    injected = [c for c in nb.cells if "injected-parameters" in _tags(c)]
    assert len(injected) == 1 and "PROCESSED = " in injected[0].source
    html = (executed["out"] / f"{name}.html").read_text(encoding="utf-8")
    assert "<html" in html and "Question:" in html


def test_notebooks_print_the_data_they_use(executed: dict) -> None:
    for name, nb in executed["notebooks"].items():
        text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        assert f"{N_FILES - len(chrome_only_ids())} releases" in text, name
        assert "truncated" in text, name


def test_charts_are_saved_as_png_and_svg(executed: dict) -> None:
    saved = sorted(p.name for p in executed["figures"].iterdir())
    for stem in ("01_releases_per_force", "02_arrested_Y", "02_safeguarded_Y",
                 "03_agency_type_by_Y", "03_co_involvement_types",
                 "04_keyness_logodds_pattern_stock_excluded", "04_keyness_g2_pattern_stock_excluded"):
        assert f"{stem}.png" in saved and f"{stem}.svg" in saved, stem
    svg = (executed["figures"] / "02_arrested_Y.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<dc:date>" not in svg


def test_parameter_override_changes_the_period(built: Path, tmp_path: Path) -> None:
    path = ROOT / "notebooks" / "02_figures_over_time.ipynb"
    nb = run_notebook(path, output_path=tmp_path / path.name, cwd=ROOT / "notebooks",
                      parameters={"PROCESSED": str(built), "FIGURES": str(tmp_path / "fig"),
                                  "PERIOD": "Q", "MEASURES": ["arrested"]})
    injected = [c for c in nb.cells if "injected-parameters" in _tags(c)]
    assert len(injected) == 1 and 'PERIOD = "Q"' in injected[0].source
    assert sorted(p.name for p in (tmp_path / "fig").glob("02_arrested_*.png")) == [
        "02_arrested_Q.png", "02_arrested_Q_by_level.png", "02_arrested_Q_per_area.png", "02_arrested_per_force.png"]
    assert not list((tmp_path / "fig").glob("02_safeguarded_*"))
    # the per-period table shows quarters such as 2022Q1
    tables = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells
                     if c.cell_type == "code" for o in c.outputs)
    assert "Q1" in tables or "Q2" in tables or "Q3" in tables or "Q4" in tables


def test_rerun_is_byte_identical(built: Path, tmp_path: Path) -> None:
    path = ROOT / "notebooks" / "01_corpus_overview.ipynb"
    params = {"PROCESSED": str(built), "FIGURES": str(tmp_path / "fig")}
    snapshots = []
    for _ in range(2):
        run_notebook(path, output_path=tmp_path / path.name, html_path=tmp_path / "01.html",
                     cwd=ROOT / "notebooks", parameters=params)
        snapshots.append(((tmp_path / path.name).read_bytes(), (tmp_path / "01.html").read_bytes(),
                          (tmp_path / "fig" / "01_releases_per_force.svg").read_bytes(),
                          (tmp_path / "fig" / "01_releases_per_force.png").read_bytes()))
    assert snapshots[0] == snapshots[1]
    nb = nbformat.reads(snapshots[0][0].decode("utf-8"), as_version=4)
    assert "papermill" not in nb.metadata
    assert all("papermill" not in c.metadata and "execution" not in c.metadata for c in nb.cells)


def test_clean_notebook_strips_run_metadata() -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["papermill"] = {"start_time": "2024-01-01T00:00:00", "duration": 1.0}
    cell.metadata["execution"] = {"iopub.execute_input": "2024-01-01T00:00:00"}
    cell.outputs = [nbformat.v4.new_output("stream", text="hi")]
    injected = nbformat.v4.new_code_cell("PERIOD = 'Q'")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells = [cell, injected]
    nb.metadata["papermill"] = {"start_time": "2024-01-01T00:00:00"}
    cleaned = clean_notebook(nb, clear_outputs=True, drop_injected=True)
    assert "papermill" not in cleaned.metadata
    assert len(cleaned.cells) == 1
    assert cleaned.cells[0].metadata == {} and cleaned.cells[0].outputs == []
    assert nb.cells[0].metadata["papermill"]  # the input is not modified


def test_releasekit_notebooks_refuses_a_folder_without_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from releasekit.cli import main

    assert main(["notebooks", "--processed", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"releasekit notebooks: error: no tables in {tmp_path}" in err and "releasekit build" in err
    assert not (tmp_path / "out").exists()


def test_releasekit_notebooks_refuses_a_folder_without_notebooks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Run outside the project folder, the default ``notebooks`` folder is missing: an error, not a silent success."""
    from releasekit.cli import main

    empty = tmp_path / "notebooks"
    empty.mkdir()
    for folder in (empty, tmp_path / "missing"):
        assert main(["notebooks", "--notebooks", str(folder), "--out", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err
        assert f"no notebooks (NN_*.ipynb) in {folder}" in err and "--notebooks DIR" in err
    assert not (tmp_path / "out").exists()


def test_releasekit_notebooks_refuses_a_name_that_matches_no_notebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from releasekit.cli import main

    assert main(["notebooks", "--out", str(tmp_path / "out"), "02_figures_over_tim"]) == 2
    err = capsys.readouterr().err
    assert "no notebook named 02_figures_over_tim in notebooks" in err and "02_figures_over_time" in err
    assert not (tmp_path / "out").exists()
