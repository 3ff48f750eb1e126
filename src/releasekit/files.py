"""Writing files atomically: readers see the old file or the new one, never half of one."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["write_atomic"]

#: How the temporary file is created: never an existing file (``O_EXCL``), never inherited by a child.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder
    (``.<name>.<random>.tmp``, then renamed over ``path``), creating the folder
    when it is missing.

    The file gets the usual mode (``0666`` less the umask, applied by the
    system when the file is created: no process-wide ``umask`` call, so
    threads may write at the same time). A build writes two cache entries per
    release through here, so it makes no call it can skip: no ``mkdir`` while
    the folder exists, one random name from ``os.urandom`` (as ``tempfile``
    would draw, without its name sequence). Raises :class:`OSError` as
    ``open`` and ``os.replace`` do; the temporary file is removed then.
    """
    path = Path(path)
    folder, name = os.path.split(os.fspath(path))
    while True:
        tmp = os.path.join(folder, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(tmp, _CREATE, 0o666)
            break
        except FileExistsError:  # another writer drew the same name: draw again
            continue
        except FileNotFoundError:
            os.makedirs(folder or ".", exist_ok=True)
            fd = os.open(tmp, _CREATE, 0o666)
            break
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
