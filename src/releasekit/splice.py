"""Splice Parquet files: copy unchanged row groups of a previous file byte for byte.

A Parquet file is ``PAR1``, its row groups one after another, a footer
(``FileMetaData`` in Thrift's compact protocol), the footer's length and
``PAR1``. A row group's pages hold no file offsets, only the footer does. So
a file whose row groups are those of an earlier file (copied) or freshly
encoded ones (by pyarrow, in a file of their own) can be put together by
copying each group's bytes and writing the footer with every offset shifted
to where the group now lies: byte for byte the file pyarrow writes for the
same row groups (``tests/test_splice.py`` checks it).

Used by the incremental build (:mod:`releasekit.build`): a rebuild after one
changed file encodes only the row groups that hold changed rows.
"""

from __future__ import annotations

import struct
import dataclasses
from dataclasses import dataclass
from typing import Any, Sequence

__all__ = ["Footer", "RowGroupBytes", "SpliceError", "decode", "encode", "num_rows", "read_footer", "row_groups", "splice"]

MAGIC = b"PAR1"

# compact protocol types
_STOP, _TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = range(13)


class SpliceError(Exception):
    """A file that cannot be spliced (not a plain Parquet file as pyarrow writes it)."""


# --------------------------------------------------------------------------
# Thrift compact protocol: a struct is a list of [field id, type, value], kept in order,
# so that decoding and encoding again gives the same bytes


def _varint(data: bytes, at: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = data[at]
        at += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, at
        shift += 7


def _unzigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def _value(data: bytes, at: int, kind: int) -> tuple[Any, int]:
    if kind in (_TRUE, _FALSE):  # a bool inside a list: one byte
        return data[at], at + 1
    if kind == _BYTE:
        return data[at], at + 1
    if kind in (_I16, _I32, _I64):
        n, at = _varint(data, at)
        return _unzigzag(n), at
    if kind == _DOUBLE:
        return data[at : at + 8], at + 8
    if kind == _BINARY:
        size, at = _varint(data, at)
        return bytes(data[at : at + size]), at + size
    if kind in (_LIST, _SET):
        head = data[at]
        at += 1
        size, elem = head >> 4, head & 0x0F
        if size == 15:
            size, at = _varint(data, at)
        items = []
        for _ in range(size):
            item, at = _value(data, at, elem)
            items.append(item)
        return (elem, items), at
    if kind == _MAP:
        size, at = _varint(data, at)
        if size == 0:
            return (0, 0, []), at
        types = data[at]
        at += 1
        pairs = []
        for _ in range(size):
            key, at = _value(data, at, types >> 4)
            value, at = _value(data, at, types & 0x0F)
            pairs.append((key, value))
        return (types >> 4, types & 0x0F, pairs), at
    if kind == _STRUCT:
        return _struct(data, at)
    raise SpliceError(f"unknown Thrift type {kind}")


def _struct(data: bytes, at: int) -> tuple[list, int]:
    fields: list = []
    last = 0
    while True:
        head = data[at]
        at += 1
        kind = head & 0x0F
        if kind == _STOP:
            return fields, at
        delta = head >> 4
        if delta:
            fid = last + delta
        else:
            n, at = _varint(data, at)
            fid = _unzigzag(n)
        if kind in (_TRUE, _FALSE):
            value = kind == _TRUE
        else:
            value, at = _value(data, at, kind)
        fields.append([fid, kind, value])
        last = fid


def decode(data: bytes) -> list:
    """A Thrift struct in the compact protocol, as ``[[field id, type, value], ...]``."""
    fields, at = _struct(data, 0)
    if at != len(data):
        raise SpliceError("trailing bytes after the footer")
    return fields


def _put_varint(out: bytearray, n: int) -> None:
    while True:
        if n < 0x80:
            out.append(n)
            return
        out.append((n & 0x7F) | 0x80)
        n >>= 7


def _zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63)


def _put_value(out: bytearray, kind: int, value: Any) -> None:
    if kind in (_TRUE, _FALSE, _BYTE):
        out.append(value)
    elif kind in (_I16, _I32, _I64):
        _put_varint(out, _zigzag(value))
    elif kind == _DOUBLE:
        out += value
    elif kind == _BINARY:
        _put_varint(out, len(value))
        out += value
    elif kind in (_LIST, _SET):
        elem, items = value
        if len(items) < 15:
            out.append((len(items) << 4) | elem)
        else:
            out.append(0xF0 | elem)
            _put_varint(out, len(items))
        for item in items:
            _put_value(out, elem, item)
    elif kind == _MAP:
        ktype, vtype, pairs = value
        _put_varint(out, len(pairs))
        if pairs:
            out.append((ktype << 4) | vtype)
            for key, item in pairs:
                _put_value(out, ktype, key)
                _put_value(out, vtype, item)
    elif kind == _STRUCT:
        _put_struct(out, value)
    else:
        raise SpliceError(f"unknown Thrift type {kind}")


def _put_struct(out: bytearray, fields: list) -> None:
    last = 0
    for fid, kind, value in fields:
        wire = (_TRUE if value else _FALSE) if kind in (_TRUE, _FALSE) else kind
        delta = fid - last
        if 0 < delta <= 15:
            out.append((delta << 4) | wire)
        else:
            out.append(wire)
            _put_varint(out, _zigzag(fid))
        if kind not in (_TRUE, _FALSE):
            _put_value(out, kind, value)
        last = fid
    out.append(_STOP)


def encode(fields: list) -> bytes:
    """The compact-protocol bytes of a struct decoded by :func:`decode`."""
    out = bytearray()
    _put_struct(out, fields)
    return bytes(out)


# --------------------------------------------------------------------------
# Parquet files


def _get(fields: list, fid: int) -> Any:
    for field in fields:
        if field[0] == fid:
            return field[2]
    return None


def _set(fields: list, fid: int, value: Any) -> None:
    for field in fields:
        if field[0] == fid:
            field[2] = value
            return
    raise SpliceError(f"no field {fid}")


@dataclass
class Footer:
    """A Parquet file's ``FileMetaData`` (decoded) and where its row groups lie."""

    fields: list
    #: per row group: (start, end) byte offsets in the file
    spans: list[tuple[int, int]]
    #: :func:`row_groups` of this footer, kept with the bytes they were cut from (asked once per copied flush)
    _groups: tuple[Any, list["RowGroupBytes"]] | None = dataclasses.field(default=None, repr=False, compare=False)


def read_footer(data: bytes | memoryview) -> Footer:
    """The footer of a Parquet file's bytes; raises :class:`SpliceError` unless its row groups lie one after another from byte 4."""
    if len(data) < 12 or bytes(data[:4]) != MAGIC or bytes(data[-4:]) != MAGIC:
        raise SpliceError("not a Parquet file")
    size = struct.unpack("<i", bytes(data[-8:-4]))[0]
    fields = decode(bytes(data[len(data) - 8 - size : len(data) - 8]))
    groups = _get(fields, 4)
    spans = []
    at = 4
    for group in groups[1] if groups else []:
        columns = _get(group, 1)[1]
        start = None
        end = at
        for chunk in columns:
            if _get(chunk, 1) is not None or _get(chunk, 4) is not None or _get(chunk, 6) is not None:
                raise SpliceError("external column chunks or page indexes are not spliced")
            meta = _get(chunk, 3)
            if _get(meta, 14) is not None:
                raise SpliceError("bloom filters are not spliced")
            first = _get(meta, 11) if _get(meta, 11) else _get(meta, 9)  # the dictionary page comes first
            if not first:
                if _get(meta, 7):
                    raise SpliceError("a column chunk with bytes but no page offset")
                continue  # an empty row group's column with no page at all (booleans): no bytes, offsets 0
            start = first if start is None else start
            if first != end:
                raise SpliceError("row group columns do not lie one after another")
            end = first + _get(meta, 7)
        if start is not None and start != at:
            raise SpliceError("row groups do not lie one after another")
        spans.append((at, end))
        at = end
    if at != len(data) - 8 - size:
        raise SpliceError("bytes between the row groups and the footer")
    return Footer(fields, spans)


@dataclass
class RowGroupBytes:
    """One row group: its bytes and its decoded ``RowGroup`` metadata (offsets as in the file it came from)."""

    data: bytes | memoryview
    meta: list
    start: int  # where ``data`` began in that file


def num_rows(group: RowGroupBytes) -> int:
    """Rows in ``group`` (its ``RowGroup.num_rows``)."""
    return _get(group.meta, 3)


def row_groups(data: bytes | memoryview, footer: Footer | None = None) -> list[RowGroupBytes]:
    """Every row group of a Parquet file's bytes (a new list; with a ``footer``, its groups are cut once for the same ``data``)."""
    if footer is not None and footer._groups is not None and footer._groups[0] is data:
        return list(footer._groups[1])
    footer = footer or read_footer(data)
    groups = _get(footer.fields, 4)
    found = [RowGroupBytes(data[s:e], meta, s) for (s, e), meta in zip(footer.spans, groups[1] if groups else [])]
    footer._groups = (data, found)
    return list(found)


def _shifted(meta: list, delta: int, ordinal: int) -> list:
    """``meta`` with its offsets moved by ``delta`` (the offset fields are copied, the rest shared)."""
    meta = [list(f) for f in meta]
    columns = next(f for f in meta if f[0] == 1)
    columns[2] = (columns[2][0], [_shifted_chunk(chunk, delta) for chunk in columns[2][1]])
    if _get(meta, 5) is not None:
        _set(meta, 5, _get(meta, 5) + delta)
    if _get(meta, 7) is not None:
        _set(meta, 7, ordinal)
    return meta


def _shifted_chunk(chunk: list, delta: int) -> list:
    chunk = [list(f) for f in chunk]
    if _get(chunk, 2):  # deprecated: pyarrow writes 0, which stays 0
        _set(chunk, 2, _get(chunk, 2) + delta)
    field = next(f for f in chunk if f[0] == 3)
    column = field[2] = [list(f) for f in field[2]]
    for fid in (9, 10, 11):
        if _get(column, fid):  # 0: no such page (an empty row group has no data page)
            _set(column, fid, _get(column, fid) + delta)
    return chunk


def splice(template: Footer, groups: Sequence[RowGroupBytes], sink: Any) -> int:
    """Write a Parquet file of ``groups`` (in order) to ``sink`` (a binary file); return its size.

    ``template``: the footer of a file written by the same writer for the same
    schema (its schema, key-value metadata and writer name are kept).
    """
    fields = [list(f) for f in template.fields]
    metas = []
    at = 4
    sink.write(MAGIC)
    for ordinal, group in enumerate(groups):
        metas.append(_shifted(group.meta, at - group.start, ordinal))
        sink.write(group.data)
        at += len(group.data)
    _set(fields, 3, sum(_get(m, 3) for m in metas))
    groups_field = next((f for f in fields if f[0] == 4), None)
    if groups_field is None:
        raise SpliceError("footer without row groups")
    groups_field[2] = (_STRUCT, metas)
    footer = encode(fields)
    sink.write(footer)
    sink.write(struct.pack("<i", len(footer)))
    sink.write(MAGIC)
    return at + len(footer) + 8
