"""Content-hash cache for incremental builds.

Two levels, both keyed by content, never by file times:

- **build fingerprint**: the package version, the rule files shipped in
  ``releasekit/data/``, every raw file's SHA-256, the manifest and the build
  options. When it equals the one recorded in ``_build.json`` the tables are
  up to date and the build stops at once.
- **release results**: the rows one release contributes, keyed by the
  package and rules fingerprint plus everything the extraction reads (the
  clean body and metadata produced by the read step, the duplicate pointer).
  Reading is always redone, because site-chrome removal and duplicate
  detection depend on the whole corpus; only the costly steps (sentences,
  tokens, figures, agencies, dates, quotes) are taken from the cache, so a
  changed release re-extracts only itself and the result is identical to a
  clean build.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import zlib
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Mapping

from releasekit import __version__
from releasekit.files import write_atomic

__all__ = ["ResultCache", "build_fingerprint", "release_key", "rules_fingerprint"]


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """Hash of the package version and every rule and data file it ships."""
    digest = hashlib.sha256(__version__.encode())
    data = files("releasekit").joinpath("data")
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    source = files("releasekit")
    for name in sorted(p.name for p in source.iterdir() if p.name.endswith(".py")):
        digest.update(source.joinpath(name).read_bytes())
    extract = source.joinpath("extract")
    for name in sorted(p.name for p in extract.iterdir() if p.name.endswith(".py")):
        digest.update(extract.joinpath(name).read_bytes())
    return digest.hexdigest()


def build_fingerprint(inputs: Mapping[str, str | None], manifest_sha256: str | None, options: Mapping[str, Any]) -> str:
    """Fingerprint of a whole build: rules, inputs and options."""
    payload = {"rules": rules_fingerprint(), "inputs": dict(inputs), "manifest": manifest_sha256, "options": dict(options)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def release_key(release: Any, duplicate_of: str | None) -> str:
    """Cache key of a release's extraction: rules plus every field extraction reads."""
    fields = asdict(release)
    payload = json.dumps({"rules": rules_fingerprint(), "release": fields, "duplicate_of": duplicate_of}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class ResultCache:
    """Rows per release (Arrow tables by table name), stored as compressed pickles under ``folder``."""

    folder: Path

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pkl.z"

    def sweep(self) -> int:
        """Remove temporary files a killed build left behind; return how many."""
        stale = list(self.folder.glob("*/.*.tmp")) if self.folder.is_dir() else []
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached rows for ``key``, or None."""
        try:
            return pickle.loads(zlib.decompress(self._path(key).read_bytes()))
        except (OSError, zlib.error, pickle.UnpicklingError, EOFError):
            return None

    def put(self, key: str, rows: Mapping[str, Any]) -> None:
        """Store ``rows`` under ``key`` (atomically: never a half-written entry)."""
        write_atomic(self._path(key), zlib.compress(pickle.dumps(dict(rows), protocol=pickle.HIGHEST_PROTOCOL), 1))
