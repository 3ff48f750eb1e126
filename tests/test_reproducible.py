"""Reproducibility: two clean builds give identical tables, and `_build.json`
records what a reader needs to check that their rebuild matches.

The Parquet files themselves are byte-for-byte identical between builds with
the same library versions: rows are written in a fixed order, with explicit
schemas, zstd compression (deterministic) and no timestamps; the only
version-dependent bytes are the writer's ``created_by`` string. So the test
compares bytes as well as contents.

The two recipes below are the ones given in the README section "Verifying a
rebuild"; they are run here so that they keep working.
"""

from __future__ import annotations

from corpus import N_FILES, chrome_only_ids

import hashlib
import json
import platform
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pyarrow
import pytest

import releasekit
from releasekit.build import build
from releasekit.read import list_raw_files
from releasekit.tables import TABLES, load

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

#: README recipe 1: does data/processed match data/raw and its own record?
VERIFY_RECIPE = """
import hashlib, json, sys, pathlib
import pyarrow.parquet as pq
from releasekit.read import list_raw_files, file_sha256
raw, out = map(pathlib.Path, sys.argv[1:3])
record = json.loads((out / '_build.json').read_text())
inputs = {f: file_sha256(raw / f) for f in list_raw_files(raw)}
rows = {n: pq.ParquetFile(out / f'{n}.parquet').metadata.num_rows for n in record['rows']}
checks = {
    'same raw files': inputs == record['inputs'],
    'inputs_sha256': hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest() == record['inputs_sha256'],
    'row counts': rows == record['rows'],
}
for name, ok in checks.items():
    print(('ok      ' if ok else 'MISMATCH'), name)
sys.exit(0 if all(checks.values()) else 1)
"""

#: README recipe 2: are two builds (yours and a published one) the same?
COMPARE_RECIPE = """
import json, sys
import pandas as pd
from releasekit.tables import TABLES
mine, theirs = sys.argv[1:3]
a, b = (json.load(open(f'{d}/_build.json')) for d in (mine, theirs))
for key in ('inputs_sha256', 'rows', 'versions'):
    print(key, 'same' if a[key] == b[key] else 'DIFFERENT')
for name in TABLES:
    pd.testing.assert_frame_equal(pd.read_parquet(f'{mine}/{name}.parquet'), pd.read_parquet(f'{theirs}/{name}.parquet'), obj=name)
print('every table holds the same rows')
"""


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("repro")
    first, second = base / "first" / "processed", base / "second" / "processed"
    build(RAW, first, jobs=1, cache=False)
    build(RAW, second, jobs=2, cache=False)
    return first, second


def test_two_clean_builds_give_identical_tables(two_builds) -> None:
    first, second = two_builds
    a, b = load(first), load(second)
    for name in TABLES:
        frame = getattr(a, name)
        pd.testing.assert_frame_equal(frame, getattr(b, name), obj=name)
        assert len(frame) > 0, name  # compare something
    # Parquet bytes are deterministic for the same library versions (see module docstring)
    for name in TABLES:
        assert (first / f"{name}.parquet").read_bytes() == (second / f"{name}.parquet").read_bytes(), name
    # _build.json holds no timestamps: the same inputs give the same record
    assert (first / "_build.json").read_bytes() == (second / "_build.json").read_bytes()


def test_a_build_from_the_cache_is_identical_to_a_clean_build(two_builds, tmp_path: Path) -> None:
    first, _ = two_builds
    out = tmp_path / "processed"
    build(RAW, out, jobs=1)  # fills the cache
    (out / "_build.json").unlink()  # not up to date any more: rebuilt from the cache
    build(RAW, out, jobs=1)
    for name in TABLES:
        assert (out / f"{name}.parquet").read_bytes() == (first / f"{name}.parquet").read_bytes(), name


def test_build_record_has_versions_input_hashes_and_row_counts(two_builds) -> None:
    first, _ = two_builds
    record = json.loads((first / "_build.json").read_text(encoding="utf-8"))
    assert record["releasekit"] == releasekit.__version__ == record["versions"]["releasekit"]
    versions = record["versions"]
    assert versions["python"] == platform.python_version()
    assert versions["pyarrow"] == pyarrow.__version__
    for name in ("pandas", "nltk", "PyYAML"):
        assert versions[name] == version(name), name
    # one hash per raw file, equal to the file's SHA-256, and the hash of them all
    files = list_raw_files(RAW)
    assert sorted(record["inputs"]) == files and len(files) == N_FILES
    for name in files:
        assert record["inputs"][name] == hashlib.sha256((RAW / name).read_bytes()).hexdigest(), name
    assert record["inputs_sha256"] == hashlib.sha256(json.dumps(record["inputs"], sort_keys=True).encode()).hexdigest()
    assert record["manifest_sha256"] == hashlib.sha256((RAW / "manifest.csv").read_bytes()).hexdigest()
    # the row count of every table
    tables = load(first)
    assert record["rows"] == {name: len(getattr(tables, name)) for name in TABLES}
    assert record["rows"]["releases"] + record["n_rejected"] == len(files)


def run_recipe(code: str, *args: Path) -> subprocess.CompletedProcess:
    assert '"' not in code and "$" not in code and "`" not in code  # pastes inside python -c "..."
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def test_verify_recipe_accepts_a_matching_build_and_catches_a_changed_input(two_builds, tmp_path: Path) -> None:
    first, _ = two_builds
    result = run_recipe(VERIFY_RECIPE, RAW, first)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("ok") == 3

    changed = tmp_path / "raw"
    changed.mkdir()
    for name in list_raw_files(RAW):
        (changed / name).write_bytes((RAW / name).read_bytes())
    (changed / "manifest.csv").write_bytes((RAW / "manifest.csv").read_bytes())
    path = changed / "000_cf7962ac4bf17ccd.txt"
    path.write_bytes(path.read_bytes().replace(b"Ten", b"Eleven", 1))
    result = run_recipe(VERIFY_RECIPE, changed, first)
    assert result.returncode == 1
    assert "MISMATCH same raw files" in result.stdout and "MISMATCH inputs_sha256" in result.stdout


def test_compare_recipe_says_two_builds_are_the_same(two_builds) -> None:
    first, second = two_builds
    result = run_recipe(COMPARE_RECIPE, first, second)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "inputs_sha256 same",
        "rows same",
        "versions same",
        "every table holds the same rows",
    ]


def test_readme_recipes_are_the_tested_ones() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if "Verifying a rebuild" not in readme:
        pytest.skip("README has no 'Verifying a rebuild' section yet")
    for recipe in (VERIFY_RECIPE, COMPARE_RECIPE):
        assert recipe.strip() in readme
