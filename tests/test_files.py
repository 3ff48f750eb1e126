"""releasekit.files.write_atomic: whole files or none, the usual mode, no temporary file left."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from releasekit.files import write_atomic


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_the_file_gets_0666_less_the_umask_in_a_folder_made_for_it(tmp_path: Path, mask: int) -> None:
    previous = os.umask(mask)
    try:
        path = write_atomic(tmp_path / "a" / "b" / "entry", b"one")
    finally:
        os.umask(previous)
    assert path.read_bytes() == b"one"
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
    assert os.listdir(path.parent) == ["entry"]


def test_a_file_is_replaced_whole_and_kept_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "entry"
    write_atomic(path, b"old")
    write_atomic(str(path), b"new" * 1000)
    assert path.read_bytes() == b"new" * 1000
    with pytest.raises(TypeError):
        write_atomic(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_bytes() == b"new" * 1000
    assert os.listdir(tmp_path) == ["entry"]  # the temporary file is gone


def test_threads_writing_into_one_folder_each_get_their_file(tmp_path: Path) -> None:
    paths = [tmp_path / "shared" / f"{i:03d}" for i in range(200)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda p: write_atomic(p, p.name.encode()), paths))
    assert sorted(os.listdir(tmp_path / "shared")) == [p.name for p in paths]
    assert all(p.read_bytes() == p.name.encode() for p in paths)
