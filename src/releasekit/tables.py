"""Table schemas and Parquet writing.

Every table has an explicit pyarrow schema (below), documented column by
column in ``docs/tables.md``; a test keeps the two in step. Rows are written
in a defined order (release id, then position in the text) and streamed to
Parquet in row groups, so no table is ever held whole in memory.
"""

from __future__ import annotations

import mmap
import os
from dataclasses import dataclass, field
from pathlib import Path
from contextlib import contextmanager
from functools import partial
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from releasekit import splice

__all__ = ["ROW_GROUP_ROWS", "SCHEMAS", "TABLES", "OldRows", "SplicingWriters", "TableWriters", "Tables", "TablesChanged", "load", "returning_pool", "read_table", "rows_to_table", "write_partitioned"]

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
    groups of :data:`ROW_GROUP_ROWS` rows. ``flushes`` records, per table, each
    flush as ``[first row, [rows of each table appended], row groups written]``:
    what :class:`SplicingWriters` needs to copy the flush's row groups next time.
    """

    folder: Path
    row_group_rows: int = ROW_GROUP_ROWS
    counts: dict[str, int] = field(default_factory=dict)
    flushes: dict[str, list] = field(default_factory=dict)
    _buffers: dict[str, list[pa.Table]] = field(default_factory=dict)
    _pending: dict[str, int] = field(default_factory=dict)
    _sizes: dict[str, list[int]] = field(default_factory=dict)
    _writers: dict[str, pq.ParquetWriter] = field(default_factory=dict)

    def __enter__(self) -> "TableWriters":
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            self._buffers[name] = []
            self._sizes[name] = []
            self.counts[name] = 0
            self.flushes[name] = []
            self._open(name)
        return self

    def _open(self, name: str) -> None:
        self._writers[name] = pq.ParquetWriter(self.folder / f"{name}.parquet", SCHEMAS[name], compression="zstd")

    def write(self, name: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Append ``rows`` (dicts) to table ``name``."""
        rows = list(rows)
        if rows:
            self.write_table(name, rows_to_table(name, rows))

    def write_table(self, name: str, table: pa.Table) -> None:
        """Append an Arrow ``table`` with the schema of table ``name``."""
        self._append(name, table, table.num_rows)

    def _append(self, name: str, part: Any, n_rows: int) -> None:
        buffer = self._buffers[name]
        buffer.append(part)
        self._sizes[name].append(n_rows)
        self._pending[name] = self._pending.get(name, 0) + n_rows
        if self._pending[name] >= self._group_rows(name):
            self._flush(name)
        elif len(buffer) >= COMPACT_TABLES:
            self._compact(name)

    def _compact(self, name: str) -> None:
        # many one-release tables cost far more memory than one table of their rows
        buffer = self._buffers[name]
        buffer[:] = [pa.concat_tables(buffer).combine_chunks()]

    def _group_rows(self, name: str) -> int:
        return min(self.row_group_rows, ROW_GROUP_ROWS_RELEASES) if name == "releases" else self.row_group_rows

    def _n_groups(self, n_rows: int) -> int:
        return max(1, -(-n_rows // self.row_group_rows))

    def _flush(self, name: str) -> None:
        buffer = self._buffers[name]
        if buffer:
            table = pa.concat_tables(buffer) if len(buffer) > 1 else buffer[0]
            self._writers[name].write_table(table, row_group_size=self.row_group_rows)
            self._flushed(name, table.num_rows)

    def _flushed(self, name: str, n_rows: int) -> None:
        self.flushes[name].append([self.counts[name], self._sizes[name], self._n_groups(n_rows)])
        self.counts[name] += n_rows
        self._buffers[name].clear()
        self._sizes[name] = []
        self._pending[name] = 0

    def __exit__(self, *exc: object) -> None:
        for name in TABLES:
            if exc[0] is None:
                self._flush(name)
            self._close(name, exc[0] is None)

    def _close(self, name: str, ok: bool) -> None:
        self._writers[name].close()


@dataclass(frozen=True)
class OldRows:
    """Rows ``start`` to ``start + n_rows`` of a table of the previous build (see :class:`SplicingWriters`)."""

    start: int
    n_rows: int


@dataclass
class SplicingWriters(TableWriters):
    """:class:`TableWriters` for a rebuild: parts may be rows of the previous build's tables (:class:`OldRows`).

    Each table is buffered and flushed exactly as :class:`TableWriters` does
    (the same appends, compactions and row groups), so the files are byte for
    byte those of a clean build. A flush made of the same appends of the same
    old rows as a flush of the previous build is not encoded again: its row
    groups are copied from the previous file (:mod:`releasekit.splice`). Any
    other flush is encoded, its old rows decoded from the previous file.
    ``previous``: the previous build's folder; ``previous_flushes``: its
    :attr:`TableWriters.flushes`. A table whose previous file cannot be spliced
    is written whole (old rows decoded), still identical.
    """

    previous: Path = Path(".")
    previous_flushes: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    #: per table: flushes copied and flushes encoded
    copied: dict[str, int] = field(default_factory=dict)
    encoded: dict[str, int] = field(default_factory=dict)
    _old: dict[str, Any] = field(default_factory=dict)
    _groups: dict[str, list] = field(default_factory=dict)
    _template: dict[str, Any] = field(default_factory=dict)
    _decoded: dict[str, tuple[int, int, pa.Table]] = field(default_factory=dict)
    #: per table: the previous build's flushes by first row -> (append sizes, first row group, row groups)
    _starts: dict[str, dict[int, tuple[list[int], int, int]]] = field(default_factory=dict)

    def _open(self, name: str) -> None:
        self.copied[name] = self.encoded[name] = 0
        self._groups[name] = []
        try:
            data = pq.ParquetFile(self.previous / f"{name}.parquet")  # decoding old rows
            with open(self.previous / f"{name}.parquet", "rb") as handle:
                # mapped, not read: the copied row groups go from the page cache to the new file
                raw = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
            footer = splice.read_footer(raw)
            fresh = _empty_footer(name)
            same = [f for f in footer.fields if f[0] not in (3, 4)] == [f for f in fresh.fields if f[0] not in (3, 4)]
            flushes = list(self.previous_flushes.get(name) or [])
            if not same or sum(f[2] for f in flushes) != len(footer.spans):
                raise splice.SpliceError("not the same writer, schema or flushes")
        except (OSError, ValueError, pa.ArrowException, splice.SpliceError, TypeError, IndexError):
            self._old[name] = None
            self._template[name] = None
            super()._open(name)
            return
        self._old[name] = (data, raw, footer)
        self._template[name] = footer
        starts, group = {}, 0
        for first, sizes, n_groups in flushes:
            starts[first] = (list(sizes), group, n_groups)
            group += n_groups
        self._starts[name] = starts

    def write_old(self, name: str, parts: Sequence["pa.Table | OldRows"]) -> None:
        """Append one table made of ``parts`` (fresh tables and old rows, in order) to table ``name``."""
        self._append(name, list(parts), sum(p.n_rows if isinstance(p, OldRows) else p.num_rows for p in parts))

    def write_table(self, name: str, table: pa.Table) -> None:
        self._append(name, [table], table.num_rows)

    def _compact(self, name: str) -> None:
        self._buffers[name][:] = [("compacted", list(self._buffers[name]))]

    def _flush(self, name: str, closing: bool = False) -> None:
        buffer = self._buffers[name]
        if not buffer:
            return
        n_rows = sum(self._sizes[name])
        copy = self._copy_of(name)
        if copy is not None:
            group, n_groups = copy
            self._groups[name] += _old_groups(self._old[name], group, n_groups)
            self.copied[name] += 1
        else:
            table = self._materialize(name, buffer)
            if self._template[name] is None:
                self._writers[name].write_table(table, row_group_size=self.row_group_rows)
            else:
                self._groups[name] += _encoded_groups(name, table, self.row_group_rows)
            self.encoded[name] += 1
        self._flushed(name, n_rows)

    def _copy_of(self, name: str) -> tuple[int, int] | None:
        """The previous build's row groups (first, count) that this flush equals, if any."""
        if self._template[name] is None:
            return None
        parts = [p for entry in _flat(self._buffers[name]) for p in entry]
        if not parts or not all(isinstance(p, OldRows) for p in parts):
            return None
        start = parts[0].start
        at = start
        for part in parts:
            if part.start != at:
                return None
            at += part.n_rows
        found = self._starts[name].get(start)
        if found is None or found[0] != self._sizes[name]:
            return None
        return found[1], found[2]

    def _materialize(self, name: str, buffer: list) -> pa.Table:
        """The flush's table, chunked as :class:`TableWriters` would have it."""

        def one(entry: Any) -> pa.Table:
            if isinstance(entry, tuple):  # a compaction: its appends, combined into one chunk
                return pa.concat_tables([one(e) for e in entry[1]]).combine_chunks()
            tables = [self._old_rows(name, p) if isinstance(p, OldRows) else p for p in entry]
            if len(tables) == 1 and not any(isinstance(p, OldRows) for p in entry):
                return tables[0]
            return pa.concat_tables(tables).combine_chunks()

        tables = [one(entry) for entry in buffer]
        return pa.concat_tables(tables) if len(tables) > 1 else tables[0]

    def _old_rows(self, name: str, part: OldRows) -> pa.Table:
        """Rows of the previous build's table, decoded from its file (the row groups that hold them)."""
        if part.n_rows == 0:
            return SCHEMAS[name].empty_table()
        decoded = self._decoded.get(name)
        if decoded is None or not (decoded[0] <= part.start and part.start + part.n_rows <= decoded[1]):
            source = self._old[name][0] if self._old[name] else pq.ParquetFile(self.previous / f"{name}.parquet")
            meta = source.metadata
            groups, first, at = [], None, 0
            for g in range(meta.num_row_groups):
                rows = meta.row_group(g).num_rows
                if at + rows > part.start and at < part.start + part.n_rows:
                    groups.append(g)
                    first = at if first is None else first
                at += rows
            table = source.read_row_groups(groups, use_threads=False).cast(SCHEMAS[name])
            decoded = self._decoded[name] = (first, first + table.num_rows, table)
        return decoded[2].slice(part.start - decoded[0], part.n_rows)

    def _close(self, name: str, ok: bool) -> None:
        if self._template[name] is None:
            self._writers[name].close()
            return
        if ok:
            path = self.folder / f"{name}.parquet"
            with open(path, "wb") as sink:
                splice.splice(self._template[name], self._groups[name], sink)
            _check_spliced(path, name, self._groups[name])


def _check_spliced(path: Path, name: str, groups: Sequence[Any]) -> None:
    """Read a spliced file back with pyarrow: its footer, schema, row count and last row group.

    Raises :class:`splice.SpliceError` (the build fails and the previous
    output stays; ``--no-cache`` writes every table afresh) when pyarrow
    does not read back what was spliced.
    """
    expected = sum(splice.num_rows(group) for group in groups)
    try:
        data = pq.ParquetFile(path)
        readable = data.schema_arrow.equals(SCHEMAS[name], check_metadata=False) and data.metadata.num_rows == expected
        if readable and data.metadata.num_row_groups:
            data.read_row_group(data.metadata.num_row_groups - 1, use_threads=False)
    except (OSError, ValueError, pa.ArrowException) as error:
        raise splice.SpliceError(f"{path}: the spliced table does not read back ({error}); rebuild with --no-cache") from error
    if not readable:
        raise splice.SpliceError(f"{path}: the spliced table does not read back as written; rebuild with --no-cache")


def _flat(buffer: list) -> Iterable[list]:
    for entry in buffer:
        if isinstance(entry, tuple):
            yield from _flat(entry[1])
        else:
            yield entry


def _old_groups(old: Any, first: int, count: int) -> list:
    _, raw, footer = old
    return splice.row_groups(raw, footer)[first : first + count]


def _encoded_groups(name: str, table: pa.Table, row_group_rows: int) -> list:
    """``table`` encoded as :class:`TableWriters` encodes a flush of table ``name``: its row groups."""
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, SCHEMAS[name], compression="zstd") as writer:
        writer.write_table(table, row_group_size=row_group_rows)
    return splice.row_groups(sink.getvalue().to_pybytes())


def _empty_footer(name: str) -> Any:
    """The footer the writer gives table ``name`` with no rows (to check the previous file was written alike)."""
    sink = pa.BufferOutputStream()
    pq.ParquetWriter(sink, SCHEMAS[name], compression="zstd").close()
    return splice.read_footer(sink.getvalue().to_pybytes())


def read_table(folder: Path | str, name: str, columns: Sequence[str] | None = None) -> pa.Table:
    """Read table ``name`` from a processed folder with its schema."""
    return pq.read_table(Path(folder) / f"{name}.parquet", columns=columns, schema=SCHEMAS[name])


def fsync_tree(folder: Path) -> None:
    """Flush every file of ``folder`` to disk before it is swapped in."""
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def load(folder: Path | str = "data/processed", tables: Sequence[str] | None = None, *, categories: bool = False) -> "Tables":
    """The processed tables as pandas DataFrames, each read when it is first used.

    Returns a :class:`Tables` namespace with one DataFrame per table
    (``tables.releases``, ``tables.figures``, ...; ``tables``: only these
    names). A table is read from its Parquet file the first time its
    attribute is used and kept for later uses, so a researcher pays only for
    the tables they use: ``load()`` itself reads nothing but the file list,
    and the analysis tables (releases, figures, totals, agencies, quotes)
    never bring ``tokens`` into memory. Dates come back as ``datetime64``
    columns. Tables are converted one column at a time, so the peak while
    reading a table is about the frame itself plus one column.

    Memory of each frame per 1,000 releases (pandas 3, whose strings are
    Arrow arrays; measured on the releases of ``data/raw``, every text
    distinct; see ``docs/scale.md``)::

        table        default   categories=True   rows per release
        releases      2.5 MB    2.4 MB             1  (the body: about 2 kB)
        sentences     2.8 MB    2.0 MB            14
        tokens       34.1 MB   11.7 MB           297
        figures       0.9 MB    0.8 MB           2.5
        totals        0.7 MB    0.2 MB             6
        agencies      1.2 MB    0.6 MB           5.3
        quotes        0.4 MB    0.4 MB           0.7
        problems     0.01 MB   0.01 MB          0.03

    So at 300,000 releases the analysis tables (releases, figures, totals,
    agencies, quotes, problems) take about 1.7 GB (1.3 GB with
    ``categories=True``), and ``tokens`` alone 10 GB (3.5 GB as
    categories): no frame of it fits a laptop at that size. Read ``tokens``
    of a corpus that size with pyarrow, DuckDB or Polars (``docs/scale.md``).
    :func:`releasekit.analysis.filter_tables` cuts each table when it is
    first used (a table never used is never read), but reads it whole to cut it.

    ``categories``: text columns whose values repeat (at most one distinct
    value per :data:`CATEGORY_SHARE` rows: release ids in ``tokens``, words,
    measures, rules...) come back as pandas categoricals with the categories
    in sorted order, not as strings: several times less memory on a large
    corpus (a 100,000-release ``tokens`` table holds 28 million release ids).
    The values are the same, but some pandas operations answer differently on
    a categorical (``value_counts`` and ``groupby(..., observed=False)`` list
    categories with no rows, ``unique`` returns a ``Categorical``), so the
    default is strings; the notebooks and the analysis layer use the default.

    Raises :class:`FileNotFoundError` when ``folder`` holds no tables or
    lacks a table named in ``tables``, :class:`KeyError` for a name that is
    not a table. Reading a table whose file changed since ``load()`` (a
    rebuild in between) raises :class:`TablesChanged`: the tables of one
    namespace always come from one build.

    >>> t = load("data/processed")            # doctest: +SKIP
    >>> t.totals.query("measure == 'arrested'")  # doctest: +SKIP
    """
    folder = Path(folder)
    if not (folder / "releases.parquet").exists():
        raise FileNotFoundError(f"no tables in {folder}: run `releasekit build` first")
    names = tuple(tables or TABLES)
    for name in names:
        SCHEMAS[name]  # a KeyError for a name that is not a table
    stats = {name: _file_identity(folder / f"{name}.parquet") for name in names}
    return Tables(names, partial(_table_frame, folder, stats, categories=categories))


class TablesChanged(RuntimeError):
    """A table file changed between :func:`load` and the first use of the table: call ``load()`` again."""


class Tables:
    """A namespace of DataFrames, one per table name, each read on first use and then kept.

    ``tables.NAME`` calls ``read(NAME)`` the first time and stores the frame
    as an ordinary attribute, so ``vars(tables)`` holds the frames read so
    far (and any attribute set by hand); :attr:`names` are every table it
    can read. Attributes can be set and deleted as on a ``SimpleNamespace``
    (deleting a frame that was read frees it; the next use reads it again).
    """

    __slots__ = ("__dict__", "_names", "_read")

    def __init__(self, names: Sequence[str], read: Callable[[str], Any]) -> None:
        object.__setattr__(self, "_names", tuple(names))
        object.__setattr__(self, "_read", read)

    @property
    def names(self) -> tuple[str, ...]:
        """The tables this namespace reads (in :data:`TABLES` order when ``load()`` was given none)."""
        return self._names

    def read(self, name: str) -> Any:
        """Table ``name`` as read now, without keeping it (for a caller that cuts it down at once)."""
        if name not in self._names:
            raise AttributeError(name)
        found = self.__dict__.get(name)
        return found if found is not None else self._read(name)

    def __getattr__(self, name: str) -> Any:
        names = object.__getattribute__(self, "_names") if not name.startswith("__") else ()
        if name not in names:
            raise AttributeError(f"no table {name!r} here (tables: {', '.join(names)})" if names else name)
        frame = object.__getattribute__(self, "_read")(name)
        self.__dict__[name] = frame
        return frame

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._names))

    def __repr__(self) -> str:
        shown = [f"{name}={'<' + str(len(self.__dict__[name])) + ' rows>' if name in self.__dict__ else '<not read>'}" for name in self._names]
        shown += [f"{name}={value!r}" for name, value in self.__dict__.items() if name not in self._names]
        return f"Tables({', '.join(shown)})"


def _file_identity(path: Path) -> tuple[int, int, int]:
    """``(size, mtime_ns, inode)`` of a table file; :class:`FileNotFoundError` when it is missing."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        raise FileNotFoundError(f"no table file {path}: run `releasekit build` first") from None
    return found.st_size, found.st_mtime_ns, found.st_ino


def _table_frame(folder: Path, identities: Mapping[str, tuple[int, int, int]], name: str, *, categories: bool = False) -> Any:
    """Table ``name`` as :func:`load` gives it, when its file is the one ``load()`` saw."""
    path = folder / f"{name}.parquet"
    if _file_identity(path) != identities[name]:
        raise TablesChanged(f"{path} changed since load() (a rebuild?): call releasekit.load() again")
    frame = _read_frame(folder, name, categories=categories)
    if name == "releases" and frame["issuer"].isna().all() and frame["force"].notna().any():
        frame["issuer"] = frame["force"]  # tables built before the column was renamed (0.1.0)
    for column in frame.columns:
        if SCHEMAS[name].field(column).type == pa.date32():
            frame[column] = frame[column].astype("datetime64[ns]")
    return frame


#: ``load(categories=True)``: a text column becomes categorical when it has at most one distinct value per this many rows.
CATEGORY_SHARE = 4


def _read_frame(folder: Path, name: str, *, categories: bool = False) -> Any:
    """Table ``name`` as a DataFrame, decoded and converted one column at a time.

    The same frame as ``read_table(folder, name).to_pandas()`` (the same
    dtypes and values, strings deduplicated per column), but the whole Arrow
    table is never held beside the frame: peak memory is the frame plus one
    Arrow column, not twice the table (a 100,000-release tokens table is
    several GB as Arrow).
    """
    with returning_pool():
        return _read_columns(folder, name, categories=categories)


@contextmanager
def returning_pool() -> Iterator[None]:
    """Arrow's default memory pool, for the block, one that gives freed memory back to the system.

    The default (mimalloc) keeps much of what short-lived buffers used:
    reading the analysis tables of 10,000 releases grew the process by 80 MB
    for 57 MB of frames, against 56 MB with jemalloc or the system allocator,
    and writing 10,000 files' rows peaked at 330 against 307 MB. Buffers keep
    the pool they came from; the default is restored after the block (one
    process-wide setting, changed while tables are read or written).
    """
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc
        pool = pa.system_memory_pool()
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _read_columns(folder: Path, name: str, *, categories: bool = False) -> Any:
    """:func:`_read_frame` in Arrow's current default memory pool."""
    import pandas as pd

    schema = SCHEMAS[name]
    path = Path(folder) / f"{name}.parquet"
    source = pq.ParquetFile(path)
    text = [f.name for f in schema if pa.types.is_string(f.type)] if categories else []
    coded = pq.ParquetFile(path, read_dictionary=text) if text else None
    pool = pa.default_memory_pool()
    columns = {}
    present = set(source.schema_arrow.names)
    for column in schema.names:
        if column not in present:  # a column added since the file was written: nulls, as read_table(schema=) gives
            columns[column] = pa.table({column: pa.nulls(source.metadata.num_rows, schema.field(column).type)}).to_pandas()[column]
        elif column in text and coded is not None:
            columns[column] = _category_or_text(coded.read(columns=[column], use_threads=False).column(0))
        else:
            table = source.read(columns=[column], use_threads=False).cast(pa.schema([schema.field(column)]))
            columns[column] = table.to_pandas()[column]
            del table
        pool.release_unused()  # give the decoded column back before the next one
    return pd.DataFrame(columns, columns=schema.names, copy=False)


def _category_or_text(values: pa.ChunkedArray) -> Any:
    """A text column read with its dictionary: a categorical (sorted categories) when values repeat, else text."""
    if not pa.types.is_dictionary(values.type):
        return values.cast(pa.string()).to_pandas()
    distinct = pa.concat_arrays([chunk.dictionary for chunk in values.chunks]).unique() if values.num_chunks else pa.array([], pa.string())
    if len(values) == 0 or len(distinct) * CATEGORY_SHARE > len(values):
        return values.cast(pa.string()).to_pandas()
    series = values.to_pandas()
    return series.cat.set_categories(sorted(series.cat.categories))


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
