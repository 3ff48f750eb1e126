"""The output folder: which folders a build may replace, and how.

A build replaces its output folder as a whole, so the folder is checked
before anything is written (:func:`check_output`). The rules, each closing a
way to destroy data:

- the output folder is never the raw folder, never inside it (its tables
  would be read back as input by the next build) and never holds it
  (replacing it would delete the raw files);
- an existing output folder is replaced only when it holds nothing but what
  a build writes (:data:`OUTPUT_ENTRIES`); a folder with anything else in it
  (``.``, a home folder, ``data`` typed for ``data/processed``) is refused;
- a path that is a file, or a link to nothing, is refused;
- a link to a folder is followed: the tables go into the folder it points
  to and the link stays a link;
- a folder that cannot be renamed (a mount point, or one whose parent the
  user cannot write) is filled *in place*: the tables are written into a
  hidden folder inside it and moved in file by file, ``_build.json`` last.

:class:`Layout` says where a build writes its temporary folder and its
result cache for a checked output folder.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "IN_PLACE_CACHE",
    "IN_PLACE_PREFIX",
    "KEEP_ENTRIES",
    "Layout",
    "OutputFolderError",
    "check_output",
    "install_in_place",
    "is_build_output",
]

#: Files a build leaves in a folder it fills in place.
IN_PLACE_PREFIX = ".releasekit-build-"
IN_PLACE_CACHE = ".releasekit-cache"
#: Entries of an output folder that a build did not write but keeps (copied into the new folder).
KEEP_ENTRIES = frozenset({".gitkeep", ".gitignore"})


class OutputFolderError(ValueError):
    """The output folder cannot be used without risking the user's data."""


def _table_names() -> tuple[str, ...]:
    from releasekit.tables import TABLES

    return tuple(TABLES)


def _ours(name: str) -> bool:
    """True for an entry a build writes into its output folder."""
    if name in KEEP_ENTRIES or name in {"_build.json", "README.md", "dataset", IN_PLACE_CACHE}:
        return True
    if name.startswith(IN_PLACE_PREFIX):
        return True
    return name.endswith(".parquet") and name[: -len(".parquet")] in _table_names()


def is_build_output(folder: Path) -> tuple[bool, list[str]]:
    """Whether ``folder`` holds only what a build writes; and the entries that are not.

    ``README.md`` counts as the build's only when it is the one a build
    writes (it opens with ``# data/processed``), so a user's own notes are
    never replaced.
    """
    foreign = []
    for entry in sorted(os.listdir(folder)):
        if not _ours(entry):
            foreign.append(entry)
        elif entry == "README.md":
            try:
                head = (folder / entry).read_text(encoding="utf-8", errors="replace")[:64]
            except OSError:
                head = ""
            if not head.startswith("# data/processed"):
                foreign.append(entry)
    return not foreign, foreign


@dataclass(frozen=True)
class Layout:
    """Where a build writes, for a checked output folder.

    ``out``: the real path of the output folder (links resolved).
    ``in_place``: the folder cannot be swapped as a whole (a mount point, or
    its parent is not writable): tables are moved into it file by file.
    """

    out: Path
    in_place: bool = False

    def tmp(self, pid: int) -> Path:
        """The temporary folder of build process ``pid``."""
        if self.in_place:
            return self.out / f"{IN_PLACE_PREFIX}{pid}"
        return self.out.with_name(f".{self.out.name}.build-{pid}")

    @property
    def cache(self) -> Path:
        """The result cache folder."""
        if self.in_place:
            return self.out / IN_PLACE_CACHE
        return self.out.with_name(f".{self.out.name}.cache")


def check_output(raw_dir: Path, out_dir: Path) -> Layout:
    """Check that ``out_dir`` may be (re)placed by a build reading ``raw_dir``.

    Returns the :class:`Layout` to build with. Raises
    :class:`OutputFolderError` (a :class:`ValueError`) with a message that
    says what to do when the folder is the raw folder, lies inside it or
    holds it, is a file or a broken link, is the file system's root, or holds
    anything a build did not write.
    """
    raw_real = raw_dir.resolve()
    if out_dir.is_symlink() and not out_dir.exists():
        raise OutputFolderError(f"output folder {out_dir} is a link to nothing; remove the link or give another folder")
    out_real = out_dir.resolve()
    if out_real.exists() and not out_real.is_dir():
        raise OutputFolderError(f"output folder {out_dir} is a file, not a folder; give a folder for the tables (e.g. data/processed)")
    if out_real == raw_real:
        raise OutputFolderError(f"output folder {out_dir} is the raw folder; the tables go into a folder of their own (e.g. data/processed)")
    if out_real.is_relative_to(raw_real):
        raise OutputFolderError(
            f"output folder {out_dir} lies inside the raw folder {raw_dir}; the next build would read the tables back "
            "as input: give a folder outside it (e.g. data/processed)"
        )
    if raw_real.is_relative_to(out_real):
        raise OutputFolderError(
            f"output folder {out_dir} holds the raw folder {raw_dir}; a build replaces its output folder, which would "
            "delete the raw files: give a folder of its own (e.g. data/processed)"
        )
    if out_real == Path(out_real.anchor):
        raise OutputFolderError(f"output folder {out_dir} is the root of the file system; give a folder of its own")
    if out_real.is_dir():
        try:
            ours, foreign = is_build_output(out_real)
        except OSError as error:
            raise OutputFolderError(f"output folder {out_dir} cannot be listed ({error.strerror or type(error).__name__})") from error
        if not ours:
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            raise OutputFolderError(
                f"output folder {out_dir} holds files a build did not write ({shown}); a build replaces the whole folder, "
                "so give an empty or new folder, or one an earlier build wrote"
            )
        in_place = os.path.ismount(out_real) or not os.access(out_real.parent, os.W_OK)
        return Layout(out_real, in_place)
    return Layout(out_real, False)


def install_in_place(tmp: Path, out: Path) -> None:
    """Move the new tables from ``tmp`` (inside ``out``) into ``out``.

    ``_build.json`` is removed first and moved in last, so a folder
    interrupted half-way is never taken as up to date; entries of an earlier
    build that this one did not write (``dataset``) are removed. Each file is
    replaced atomically; the set is not.
    """
    (out / "_build.json").unlink(missing_ok=True)
    new = sorted(tmp.iterdir(), key=lambda p: (p.name == "_build.json", p.name))
    names = {p.name for p in new}
    for entry in sorted(out.iterdir()):
        if entry.name in names or not _ours(entry.name) or entry.name in KEEP_ENTRIES:
            continue
        if entry.name.startswith(IN_PLACE_PREFIX) or entry.name == IN_PLACE_CACHE:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in new:
        target = out / entry.name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(entry, target)
    tmp.rmdir()
