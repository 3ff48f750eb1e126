"""Export the Parquet tables to CSV files or one Excel workbook.

For readers who work in a spreadsheet, Stata, SPSS or any tool without a
Parquet reader (R and Python read the Parquet files directly: see the
README). Only reads the tables; never changes them.

- ``csv``: one UTF-8 file per table (``OUT_DIR/<table>.csv``), a header row,
  dates as ISO ``YYYY-MM-DD``, booleans ``true``/``false``, missing values
  empty. Written batch by batch by pyarrow, so a table of any size streams.
- ``xlsx``: one workbook ``OUT_DIR/releasekit.xlsx`` with a sheet per table
  (openpyxl, write-only mode) and a first sheet ``README`` listing every
  sheet, its rows and where its columns are documented. Excel's limits are
  kept, never silently: a table longer than 1,048,575 rows continues on
  ``<table> (2)``, ...; a text longer than 32,767 characters (a long
  release body) is cut there and counted in ``README``; characters Excel
  cannot store (control characters) are removed and counted.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any, Sequence

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from releasekit.tables import TABLES

__all__ = ["FORMATS", "XLSX_MAX_CELL", "XLSX_MAX_ROWS", "export_tables"]

FORMATS = ("csv", "xlsx")
#: Data rows per sheet (Excel's 1,048,576 rows, less the header).
XLSX_MAX_ROWS = 1_048_575
#: Characters per cell in Excel.
XLSX_MAX_CELL = 32_767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _tables(tables_dir: Path, names: Sequence[str] | None) -> list[str]:
    if not tables_dir.is_dir():
        raise FileNotFoundError(f"tables folder not found: {tables_dir}")
    wanted = list(names) if names else list(TABLES)
    unknown = [n for n in wanted if n not in TABLES]
    if unknown:
        raise ValueError(f"unknown table(s) {', '.join(unknown)}; the tables are {', '.join(TABLES)}")
    missing = [n for n in wanted if not (tables_dir / f"{n}.parquet").exists()]
    if missing:
        raise FileNotFoundError(f"no {missing[0]}.parquet in {tables_dir}: run `releasekit build` first")
    return wanted


def export_tables(
    tables_dir: Path | str,
    out_dir: Path | str,
    *,
    fmt: str = "csv",
    tables: Sequence[str] | None = None,
) -> list[Path]:
    """Write the tables of ``tables_dir`` to ``out_dir`` as CSV files or one xlsx workbook.

    ``tables``: the table names to export (default: all, in the order of
    :data:`releasekit.tables.TABLES`). Returns the files written. Raises
    ``FileNotFoundError`` when the folder or a table is missing and
    ``ValueError`` for an unknown format or table name.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use {' or '.join(FORMATS)}")
    tables_dir, out_dir = Path(tables_dir), Path(out_dir)
    names = _tables(tables_dir, tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        written = [_write_csv(tables_dir / f"{name}.parquet", out_dir / f"{name}.csv") for name in names]
    else:
        written = [_write_xlsx(tables_dir, names, out_dir / "releasekit.xlsx")]
    notice = licence_notice(tables_dir)
    if notice is not None:  # the licence travels with the data (data/raw/LICENCE.md)
        shutil.copyfile(notice, out_dir / "LICENCE.md")
        written.append(out_dir / "LICENCE.md")
    return written


def licence_notice(tables_dir: Path | str) -> Path | None:
    """The ``LICENCE.md`` of the raw folder the tables were built from (named in ``_build.json``), or None."""
    tables_dir = Path(tables_dir)
    try:
        raw_dir = json.loads((tables_dir / "_build.json").read_text(encoding="utf-8")).get("raw_dir")
    except (OSError, ValueError):
        return None
    if not raw_dir:
        return None
    for path in (Path(raw_dir) / "LICENCE.md", tables_dir.parent / Path(raw_dir).name / "LICENCE.md"):
        if path.is_file():
            return path
    return None


def _write_csv(source: Path, dest: Path) -> Path:
    parquet = pq.ParquetFile(source)
    tmp = dest.with_name(f".{dest.name}.tmp")
    with pacsv.CSVWriter(tmp, parquet.schema_arrow) as writer:
        for batch in parquet.iter_batches(batch_size=65_536):
            writer.write_batch(batch)
    tmp.replace(dest)
    return dest


def _cell(value: Any, counts: dict[str, int]) -> Any:
    if isinstance(value, str):
        if _ILLEGAL.search(value):
            value = _ILLEGAL.sub("", value)
            counts["cleaned"] += 1
        if len(value) > XLSX_MAX_CELL:
            value = value[:XLSX_MAX_CELL]
            counts["cut"] += 1
    return value


def _write_xlsx(tables_dir: Path, names: Sequence[str], dest: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    readme = book.create_sheet("README")
    notes: list[list[Any]] = []
    for name in names:
        parquet = pq.ParquetFile(tables_dir / f"{name}.parquet")
        columns = parquet.schema_arrow.names
        counts = {"rows": 0, "cut": 0, "cleaned": 0}
        part, sheet, in_sheet = 1, None, XLSX_MAX_ROWS
        for batch in parquet.iter_batches(batch_size=16_384):
            for row in zip(*(column.to_pylist() for column in batch.columns)):
                if in_sheet >= XLSX_MAX_ROWS:
                    title = name if part == 1 else f"{name} ({part})"
                    sheet, in_sheet, part = book.create_sheet(title), 0, part + 1
                    sheet.append(columns)
                sheet.append([_cell(value, counts) for value in row])
                in_sheet += 1
                counts["rows"] += 1
        if sheet is None:
            book.create_sheet(name).append(columns)
        notes.append([name, counts["rows"], part - 1 if counts["rows"] else 1, counts["cut"], counts["cleaned"]])
    readme.append(["releasekit tables exported from", str(tables_dir)])
    readme.append(["columns documented in", "docs/tables.md (data dictionary); figures defined in docs/codebook.md"])
    readme.append([])
    readme.append(["table", "rows", "sheets", f"texts cut at {XLSX_MAX_CELL:,} characters", "texts with control characters removed"])
    for note in notes:
        readme.append(note)
    tmp = dest.with_name(f".{dest.name}.tmp")
    book.save(tmp)
    tmp.replace(dest)
    return dest
