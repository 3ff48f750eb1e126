"""Splicing Parquet row groups (releasekit.splice) and the rebuild's writers (releasekit.tables.SplicingWriters).

The invariant: a file put together from copied and freshly encoded row groups
is byte for byte the file pyarrow writes in one go, and a rebuild that copies
old rows writes the tables a clean build writes.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit import splice
from releasekit.tables import SCHEMAS, OldRows, SplicingWriters, TableWriters


def _tokens(n: int, seed: int = 0) -> pa.Table:
    words = ["Police", "arrested", "two", "men", "in", "Leeds", "on", "Friday", "."]
    rows = {
        "release_id": [f"r{(i + seed) // 7:05d}" for i in range(n)],
        "sentence_id": [i // 11 for i in range(n)],
        "token_id": list(range(n)),
        "start": [3 * i for i in range(n)],
        "end": [3 * i + 2 for i in range(n)],
        "token": [words[(i * (seed + 1)) % len(words)] for i in range(n)],
        "lower": [words[(i * (seed + 1)) % len(words)].lower() for i in range(n)],
        "stem": [words[(i * (seed + 1)) % len(words)].lower()[:4] for i in range(n)],
        "is_stopword": [i % 3 == 0 for i in range(n)],
        "is_alpha": [i % 9 != 8 for i in range(n)],
    }
    return pa.Table.from_pydict(rows, schema=SCHEMAS["tokens"])


def _write(table: pa.Table, group: int) -> bytes:
    sink = io.BytesIO()
    with pq.ParquetWriter(sink, table.schema, compression="zstd") as writer:
        writer.write_table(table, row_group_size=group)
    return sink.getvalue()


def test_decoding_and_encoding_a_footer_gives_its_bytes_back() -> None:
    data = _write(_tokens(5000), 700)
    size = int.from_bytes(data[-8:-4], "little")
    raw = data[len(data) - 8 - size : -8]
    assert splice.encode(splice.decode(raw)) == raw
    out = io.BytesIO()
    splice.splice(splice.read_footer(data), splice.row_groups(data), out)
    assert out.getvalue() == data


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=5), st.integers(min_value=50, max_value=400))
def test_row_groups_from_separate_files_splice_into_the_file_written_in_one_go(groups_per_part: list[int], group: int) -> None:
    table = _tokens(sum(groups_per_part) * group, seed=group)
    parts, at = [], 0
    for n in groups_per_part:
        data = _write(table.slice(at, n * group), group)
        parts += splice.row_groups(data)
        at += n * group
    out = io.BytesIO()
    splice.splice(splice.read_footer(_write(table.slice(0, group), group)), parts, out)
    assert out.getvalue() == _write(table, group)


def test_a_file_with_a_page_index_is_not_spliced() -> None:
    sink = io.BytesIO()
    pq.write_table(_tokens(100), sink, write_page_index=True)
    with pytest.raises(splice.SpliceError):
        splice.read_footer(sink.getvalue())


def _batches(sizes: list[int], seed: int) -> list[pa.Table]:
    whole = _tokens(sum(sizes), seed)
    out, at = [], 0
    for n in sizes:
        out.append(whole.slice(at, n).combine_chunks())
        at += n
    return out


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=90), min_size=2, max_size=30),
    st.data(),
)
def test_a_rebuild_that_copies_old_rows_writes_the_file_a_clean_build_writes(sizes: list[int], data: st.DataObject) -> None:
    """Old build: batches of rows. New build: the same batches, one replaced by fresh rows of another
    size (or one inserted); the splicing writer, given old rows by position, equals a clean writer."""
    import tempfile

    group = 100
    old = _batches(sizes, seed=1)
    changed = data.draw(st.integers(min_value=0, max_value=len(sizes) - 1))
    fresh = _tokens(data.draw(st.integers(min_value=0, max_value=150)), seed=2)
    insert = data.draw(st.booleans())
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    new_parts: list[list] = [[OldRows(s, n)] for s, n in zip(starts, sizes)]
    new_tables = list(old)
    if insert:
        new_parts.insert(changed, [fresh])
        new_tables.insert(changed, fresh)
    else:
        new_parts[changed] = [fresh]
        new_tables[changed] = fresh
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with TableWriters(root / "old", row_group_rows=group) as writers:
            for table in old:
                writers.write_table("tokens", table)
        with TableWriters(root / "clean", row_group_rows=group) as writers:
            for table in new_tables:
                writers.write_table("tokens", table)
        with SplicingWriters(root / "new", row_group_rows=group, previous=root / "old", previous_flushes=_flushes(root / "old", group, old)) as writers:
            for parts in new_parts:
                writers.write_old("tokens", parts)
        assert (root / "new" / "tokens.parquet").read_bytes() == (root / "clean" / "tokens.parquet").read_bytes()
        if not insert and changed == len(sizes) - 1 and len(sizes) > 8:
            assert writers.copied["tokens"] > 0  # the flushes before the change are copied, not encoded


def _flushes(folder: Path, group: int, tables: list[pa.Table]) -> dict:
    with TableWriters(folder.with_name("again"), row_group_rows=group) as writers:
        for table in tables:
            writers.write_table("tokens", table)
    return writers.flushes


def test_a_spliced_file_is_read_back_and_a_bad_one_fails_the_build(tmp_path: Path) -> None:
    from releasekit.tables import _check_spliced

    data = _write(_tokens(3000), 1000)
    groups = splice.row_groups(data)
    good = tmp_path / "tokens.parquet"
    with open(good, "wb") as sink:
        splice.splice(splice.read_footer(data), groups, sink)
    _check_spliced(good, "tokens", groups)  # reads back: no error
    # a group whose bytes were cut short (offsets now point past the data): pyarrow cannot read it back
    broken = [groups[0], groups[1], splice.RowGroupBytes(groups[2].data[: len(groups[2].data) // 2], groups[2].meta, groups[2].start)]
    bad = tmp_path / "bad.parquet"
    with open(bad, "wb") as sink:
        splice.splice(splice.read_footer(data), broken, sink)
    with pytest.raises(splice.SpliceError, match="--no-cache"):
        _check_spliced(bad, "tokens", broken)
    # rows the caller expected but the file lacks
    with pytest.raises(splice.SpliceError, match="does not read back"):
        _check_spliced(good, "tokens", groups + groups[:1])


def test_the_row_groups_of_a_footer_are_cut_once_and_each_call_gets_its_own_list() -> None:
    data = _write(_tokens(50), 10)
    footer = splice.read_footer(data)
    first = splice.row_groups(data, footer)
    assert [(g.start, bytes(g.data)) for g in first] == [(s, data[s:e]) for s, e in footer.spans]
    for _ in range(2):
        again = splice.row_groups(data, footer)
        assert len(again) == len(footer.spans) == 5
        again.clear()  # a caller slices or empties its list: the next one is whole
    other = _write(_tokens(50, seed=3), 10)  # other bytes with an equal footer: cut from those bytes
    assert [bytes(g.data) for g in splice.row_groups(other, footer)] == [other[s:e] for s, e in footer.spans]
