"""releasekit export: the tables as CSV files or one xlsx workbook; CLI errors on one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import releasekit
from releasekit.analysis import export
from releasekit.cli import main
from releasekit.tables import SCHEMAS, TABLES


def test_csv_export_holds_every_row_of_every_table(built: Path, tmp_path: Path) -> None:
    written = export.export_tables(built, tmp_path / "csv")
    assert [p.name for p in written] == [f"{name}.csv" for name in TABLES] + ["LICENCE.md"]
    tables = releasekit.load(built)
    for name in TABLES:
        frame = pd.read_csv(tmp_path / "csv" / f"{name}.csv", keep_default_na=False, na_values=[""])
        original = getattr(tables, name)
        assert list(frame.columns) == list(original.columns), name
        assert len(frame) == len(original), name
    releases = pd.read_csv(tmp_path / "csv" / "releases.csv", keep_default_na=False, na_values=[""])
    seed = releases.set_index("release_id").loc["002_d9cd9735170886ed"]
    assert seed.published == "2020-06-19"  # ISO dates
    assert seed.body == tables.releases.set_index("release_id").loc["002_d9cd9735170886ed"].body  # newlines survive


def test_xlsx_export_has_a_sheet_per_table_and_a_readme(built: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path, licence = export.export_tables(built, tmp_path, fmt="xlsx", tables=["releases", "totals"])
    assert licence.name == "LICENCE.md"
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["README", "releases", "totals"]
    totals = list(book["totals"].values)
    assert list(totals[0]) == SCHEMAS["totals"].names
    assert len(totals) - 1 == len(releasekit.load(built, ["totals"]).totals)
    readme = [row for row in book["README"].values if row and row[0] == "totals"]
    assert readme[0][1] == len(totals) - 1


def test_xlsx_limits_are_kept_and_reported(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 100)
    monkeypatch.setattr(export, "XLSX_MAX_CELL", 500)
    path, licence = export.export_tables(built, tmp_path, fmt="xlsx", tables=["releases", "totals"])
    assert licence.name == "LICENCE.md"
    book = load_workbook(path, read_only=True)
    n_totals = len(releasekit.load(built, ["totals"]).totals)
    sheets = [s for s in book.sheetnames if s.startswith("totals")]
    assert sheets == ["totals"] + [f"totals ({i})" for i in range(2, len(sheets) + 1)]
    assert sum(len(list(book[s].values)) - 1 for s in sheets) == n_totals
    readme = {row[0]: row for row in book["README"].values if row and row[0] in ("releases", "totals")}
    assert readme["totals"][2] == len(sheets)
    assert readme["releases"][3] > 0  # bodies longer than the cell limit, cut and counted
    body = SCHEMAS["releases"].names.index("body")
    assert max(len(r[body] or "") for r in book["releases"].iter_rows(min_row=2, values_only=True)) == 500


def test_export_errors(built: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown table"):
        export.export_tables(built, tmp_path, tables=["releasez"])
    with pytest.raises(FileNotFoundError, match="tables folder not found"):
        export.export_tables(tmp_path / "nope", tmp_path)


def test_cli_export_and_one_line_errors_with_exit_2(built: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", str(built), str(tmp_path / "x"), "--format", "csv", "--tables", "releases,totals"]) == 0
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["LICENCE.md", "releases.csv", "totals.csv"]
    capsys.readouterr()
    assert main(["build", str(tmp_path / "missing"), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "raw folder not found" in err and err.startswith("releasekit build: error:")
    assert main(["export", str(tmp_path / "missing"), str(tmp_path / "y")]) == 2
    assert capsys.readouterr().err.startswith("releasekit export: error: tables folder not found")


@pytest.mark.parametrize("args", [["build", "--jobz", "2"], ["export", "a", "b", "--format", "ods"], ["frobnicate"]])
def test_bad_options_are_one_line_and_exit_2(args: list[str]) -> None:
    run = subprocess.run([sys.executable, "-m", "releasekit", *args], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and ": error: " in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == ""


def test_the_licence_notice_travels_with_every_export(built: Path, raw_dir: Path, tmp_path: Path) -> None:
    # data/raw/LICENCE.md must accompany any derived figure (README, "The data")
    for fmt in ("csv", "xlsx"):
        export.export_tables(built, tmp_path / fmt, fmt=fmt)
        assert (tmp_path / fmt / "LICENCE.md").read_bytes() == (raw_dir / "LICENCE.md").read_bytes(), fmt


def test_no_licence_is_invented_when_the_raw_folder_has_none(tmp_path: Path) -> None:
    from releasekit.build import build

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Two men arrested in Luton\n\nTwo men have been arrested in Luton.\n", encoding="utf-8")
    build(raw, tmp_path / "out", jobs=1)
    written = export.export_tables(tmp_path / "out", tmp_path / "csv")
    assert not (tmp_path / "csv" / "LICENCE.md").exists() and all(p.suffix == ".csv" for p in written)
