"""Table schemas and Parquet writing.

Every table has an explicit pyarrow schema (below), documented column by
column in ``docs/tables.md``; a test keeps the two in step. Rows are written
in a defined order (release id, then position in the text) and streamed to
Parquet in row groups, so no table is ever held whole in memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterable, Mapping, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["ROW_GROUP_ROWS", "SCHEMAS", "TABLES", "TableWriters", "load", "read_table", "rows_to_table", "write_partitioned"]

#: Rows buffered per table before a row group is written.
ROW_GROUP_ROWS = 65_536
#: Rows per row group of the releases table (each row holds a whole body).
ROW_GROUP_ROWS_RELEASES = 4_096
#: Small per-release tables buffered before they are compacted into one.
COMPACT_TABLES = 256

_str = pa.string()
_int = pa.int32()
_big = pa.int64()


def _schema(*fields: tuple[str, pa.DataType, bool], name: str) -> pa.Schema:
    return pa.schema(
        [pa.field(col, kind, nullable=nullable) for col, kind, nullable in fields],
        metadata={"table": name},
    )


SCHEMAS: dict[str, pa.Schema] = {
    "releases": _schema(
        ("release_id", _str, False),
        ("source_path", _str, False),
        ("url", _str, True),
        ("issuer", _str, True),
        ("publisher", _str, True),
        ("title", _str, True),
        ("published", pa.date32(), True),
        ("published_precision", _str, False),
        ("published_source", _str, False),
        ("year", _int, True),
        ("event_date", pa.date32(), True),
        ("event_date_evidence", _str, True),
        ("event_date_rule", _str, True),
        ("kind", _str, False),
        ("kind_evidence", _str, True),
        ("kind_rule", _str, False),
        ("body", _str, False),
        ("n_sentences", _int, False),
        ("n_words", _int, False),
        ("chrome_chars_removed", _int, False),
        ("sha256", _str, False),
        ("format", _str, False),
        ("truncated", pa.bool_(), True),
        ("duplicate_of", _str, True),
        ("area", _str, True),
        ("area_metadata", _str, True),
        ("level", _str, True),
        ("level_rule", _str, False),
        ("level_evidence", _str, True),
        ("description", _str, True),
        ("extracted_event_date", pa.date32(), True),
        ("source", _str, False),
        ("title_source", _str, False),
        ("url_source", _str, False),
        # deprecated alias of issuer (its name until 0.1.0), kept one release; read issuer
        ("force", _str, True),
        name="releases",
    ),
    "sentences": _schema(
        ("release_id", _str, False),
        ("sentence_id", _int, False),
        ("start", _int, False),
        ("end", _int, False),
        ("text", _str, False),
        name="sentences",
    ),
    "tokens": _schema(
        ("release_id", _str, False),
        ("sentence_id", _int, False),
        ("token_id", _int, False),
        ("start", _int, False),
        ("end", _int, False),
        ("token", _str, False),
        ("lower", _str, False),
        ("stem", _str, False),
        ("is_stopword", pa.bool_(), False),
        ("is_alpha", pa.bool_(), False),
        name="tokens",
    ),
    "figures": _schema(
        ("release_id", _str, False),
        ("figure_id", _int, False),
        ("measure", _str, False),
        ("value", _big, True),
        ("qualifier", _str, False),
        ("subject", _str, True),
        ("location", _str, True),
        ("scope", _str, False),
        ("sentence_id", _int, False),
        ("start", _int, False),
        ("end", _int, False),
        ("evidence", _str, False),
        ("rule", _str, False),
        name="figures",
    ),
    "totals": _schema(
        ("release_id", _str, False),
        ("measure", _str, False),
        ("value", _big, True),
        ("qualifier", _str, True),
        ("n_figures", _int, False),
        ("extracted_value", _big, True),
        ("source", _str, False),
        name="totals",
    ),
    "agencies": _schema(
        ("release_id", _str, False),
        ("agency", _str, False),
        ("agency_type", _str, False),
        ("role", _str, False),
        ("mention_role", _str, False),
        ("mention", _str, False),
        ("sentence_id", _int, True),
        ("start", _int, True),
        ("end", _int, True),
        ("rule", _str, False),
        name="agencies",
    ),
    "quotes": _schema(
        ("release_id", _str, False),
        ("quote_id", _int, False),
        ("speaker", _str, True),
        ("speaker_role", _str, True),
        ("organisation", _str, True),
        ("quote", _str, False),
        ("start", _int, False),
        ("end", _int, False),
        ("n_words", _int, False),
        name="quotes",
    ),
    "problems": _schema(
        ("source_path", _str, False),
        ("severity", _str, False),
        ("code", _str, False),
        ("message", _str, False),
        name="problems",
    ),
    "corrections": _schema(
        ("release_id", _str, False),
        ("field", _str, False),
        ("extracted", _str, True),
        ("value", _str, True),
        ("reason", _str, False),
        ("who", _str, True),
        ("date", _str, True),
        ("line", _int, False),
        name="corrections",
    ),
}

#: Table names in the order they are documented and written.
TABLES: tuple[str, ...] = tuple(SCHEMAS)


def rows_to_table(name: str, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Rows (dicts) of table ``name`` as an Arrow table with its schema.

    Raises when a value does not fit the schema (e.g. an integer beyond int64).
    Column lists are several times faster to convert than a list of dicts.
    """
    schema = SCHEMAS[name]
    return pa.Table.from_pydict({col: [row.get(col) for row in rows] for col in schema.names}, schema=schema)


@dataclass
class TableWriters:
    """Stream rows (dicts) into one Parquet file per table under ``folder``.

    Use as a context manager; rows are buffered per table and flushed as row
    groups of :data:`ROW_GROUP_ROWS` rows.
    """

    folder: Path
    row_group_rows: int = ROW_GROUP_ROWS
    counts: dict[str, int] = field(default_factory=dict)
    _buffers: dict[str, list[pa.Table]] = field(default_factory=dict)
    _pending: dict[str, int] = field(default_factory=dict)
    _writers: dict[str, pq.ParquetWriter] = field(default_factory=dict)

    def __enter__(self) -> "TableWriters":
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            self._buffers[name] = []
            self.counts[name] = 0
            self._writers[name] = pq.ParquetWriter(
                self.folder / f"{name}.parquet", SCHEMAS[name], compression="zstd"
            )
        return self

    def write(self, name: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Append ``rows`` (dicts) to table ``name``."""
        rows = list(rows)
        if rows:
            self.write_table(name, rows_to_table(name, rows))

    def write_table(self, name: str, table: pa.Table) -> None:
        """Append an Arrow ``table`` with the schema of table ``name``."""
        buffer = self._buffers[name]
        buffer.append(table)
        self._pending[name] = self._pending.get(name, 0) + table.num_rows
        if self._pending[name] >= self._group_rows(name):
            self._flush(name)
        elif len(buffer) >= COMPACT_TABLES:
            # many one-release tables cost far more memory than one table of their rows
            buffer[:] = [pa.concat_tables(buffer).combine_chunks()]

    def _group_rows(self, name: str) -> int:
        return min(self.row_group_rows, ROW_GROUP_ROWS_RELEASES) if name == "releases" else self.row_group_rows

    def _flush(self, name: str) -> None:
        buffer = self._buffers[name]
        if buffer:
            table = pa.concat_tables(buffer) if len(buffer) > 1 else buffer[0]
            self._writers[name].write_table(table, row_group_size=self.row_group_rows)
            self.counts[name] += table.num_rows
            buffer.clear()
            self._pending[name] = 0

    def __exit__(self, *exc: object) -> None:
        for name in TABLES:
            if exc[0] is None:
                self._flush(name)
            self._writers[name].close()


def read_table(folder: Path | str, name: str, columns: Sequence[str] | None = None) -> pa.Table:
    """Read table ``name`` from a processed folder with its schema."""
    return pq.read_table(Path(folder) / f"{name}.parquet", columns=columns, schema=SCHEMAS[name])


def fsync_tree(folder: Path) -> None:
    """Flush every file of ``folder`` to disk before it is swapped in."""
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def load(folder: Path | str = "data/processed", tables: Sequence[str] | None = None) -> SimpleNamespace:
    """Load the processed tables as pandas DataFrames.

    Returns a namespace with one DataFrame per table (``tables.releases``,
    ``tables.figures``, ...). Dates come back as ``datetime64`` columns.

    >>> t = load("data/processed")            # doctest: +SKIP
    >>> t.totals.query("measure == 'arrested'")  # doctest: +SKIP
    """
    folder = Path(folder)
    if not (folder / "releases.parquet").exists():
        raise FileNotFoundError(f"no tables in {folder}: run `releasekit build` first")
    frames = {}
    for name in tables or TABLES:
        frame = read_table(folder, name).to_pandas()
        if name == "releases" and frame["issuer"].isna().all() and frame["force"].notna().any():
            frame["issuer"] = frame["force"]  # tables built before the column was renamed (0.1.0)
        for column in frame.columns:
            if SCHEMAS[name].field(column).type == pa.date32():
                frame[column] = frame[column].astype("datetime64[ns]")
        frames[name] = frame
    return SimpleNamespace(**frames)


def write_partitioned(folder: Path | str, dest: Path | str | None = None, *, by: str = "year") -> Path:
    """Write every table of ``folder`` as a Hive-partitioned Parquet dataset.

    Each table gets the release's ``year`` (``__HIVE_DEFAULT_PARTITION__`` when
    unknown) and is written under ``dest/<table>/year=YYYY/``, which pyarrow,
    DuckDB, Polars, Dask and Spark read as they are (see ``docs/scale.md``).
    Tables are streamed batch by batch; no table is held whole in memory.
    The ``problems`` table has no release and is written unpartitioned.
    """
    import pyarrow.dataset as ds

    if by != "year":
        raise ValueError("only partitioning by year is supported")
    folder = Path(folder)
    dest = Path(dest) if dest is not None else folder / "dataset"
    years = read_table(folder, "releases", columns=["release_id", "year"])
    year_of = dict(zip(years.column("release_id").to_pylist(), years.column("year").to_pylist()))
    partitioning = ds.partitioning(pa.schema([("year", _int)]), flavor="hive")
    for name in TABLES:
        source = pq.ParquetFile(folder / f"{name}.parquet")
        target = dest / name
        if name == "problems" or "release_id" not in SCHEMAS[name].names:
            target.mkdir(parents=True, exist_ok=True)
            pq.write_table(read_table(folder, name), target / "part-0.parquet")
            continue
        schema = SCHEMAS[name] if name == "releases" else SCHEMAS[name].append(pa.field("year", _int))

        def batches(source: pq.ParquetFile = source, name: str = name):
            for batch in source.iter_batches(batch_size=ROW_GROUP_ROWS):
                table = pa.Table.from_batches([batch])
                if name != "releases":
                    ids = table.column("release_id").to_pylist()
                    table = table.append_column("year", pa.array([year_of.get(i) for i in ids], type=_int))
                yield from table.cast(schema).to_batches()

        ds.write_dataset(
            batches(),
            target,
            schema=schema,
            format="parquet",
            partitioning=partitioning,
            existing_data_behavior="delete_matching",
            basename_template="part-{i}.parquet",
            max_rows_per_group=ROW_GROUP_ROWS,
        )
    return dest
