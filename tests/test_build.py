"""End to end: data/raw -> the tables, as the issues' 'done when' states them."""

from __future__ import annotations

from corpus import N_FILES, chrome_only_ids

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import releasekit
from releasekit.read import list_raw_files
from releasekit.tables import SCHEMAS, TABLES, write_partitioned


@pytest.fixture(scope="module")
def tables(built: Path):
    return releasekit.load(built)


def test_every_table_is_written_with_its_schema(built: Path) -> None:
    for name in TABLES:
        table = pq.read_table(built / f"{name}.parquet")
        assert table.schema.names == SCHEMAS[name].names, name
        assert pd.read_parquet(built / f"{name}.parquet").shape[1] == len(SCHEMAS[name]), name


def test_load_gives_the_frames_pyarrow_gives_and_categories_keep_the_values(built: Path, tables) -> None:
    """load() converts one column at a time: the same frames as ``to_pandas()`` of each table;
    ``categories=True`` gives the same values, repeated text as categoricals with sorted categories."""
    from releasekit.tables import read_table

    coded = releasekit.load(built, categories=True)
    n_categorical = 0
    for name in TABLES:
        frame = getattr(tables, name)
        expected = read_table(built, name).to_pandas()
        for column, kind in zip(expected.columns, expected.dtypes):
            if SCHEMAS[name].field(column).type == pa.date32():
                expected[column] = expected[column].astype("datetime64[ns]")
        if name == "releases" and expected["issuer"].isna().all() and expected["force"].notna().any():
            expected["issuer"] = expected["force"]
        pd.testing.assert_frame_equal(frame, expected, check_exact=True)
        other = getattr(coded, name).copy()
        for column in other.columns:
            if isinstance(other[column].dtype, pd.CategoricalDtype):
                n_categorical += 1
                assert list(other[column].cat.categories) == sorted(other[column].cat.categories)
                other[column] = other[column].astype(frame[column].dtype)
        pd.testing.assert_frame_equal(other, frame, check_exact=True)
    assert isinstance(coded.tokens["lower"].dtype, pd.CategoricalDtype) and n_categorical > 5


def test_every_raw_file_is_a_release_or_a_problem(built: Path, raw_dir: Path, tables) -> None:
    files = set(list_raw_files(raw_dir))
    released = set(tables.releases.source_path)
    problems = set(tables.problems.source_path)
    assert files <= released | problems
    rejected = files - released
    errors = set(tables.problems.loc[tables.problems.severity == "error", "source_path"])
    assert rejected == errors & files
    # the gold says which files are releases and which are pages of site chrome only
    from releasekit.evaluate import load_gold
    from releasekit.read import release_id_for

    gold = load_gold(Path(__file__).resolve().parent / "gold")
    chrome_only = {rid for rid, g in gold.items() if not g.is_release}
    assert {release_id_for(f) for f in rejected} == chrome_only
    assert len(released) == len(files) - len(chrome_only)


def test_seed_release_published_19_jun_2020_has_day_precision(tables) -> None:
    seed = tables.releases.set_index("release_id").loc["002_d9cd9735170886ed"]
    assert seed.published.date() == dt.date(2020, 6, 19)
    assert seed.published_precision == "day"
    assert seed.issuer == "Bedfordshire Police"


def test_no_body_contains_site_chrome(tables) -> None:
    for phrase in ("essential cookies", "Quickly exit this site", "This site is a beta", "Skip to content", "Current timestamp"):
        assert not tables.releases.body.str.contains(phrase, regex=False).any(), phrase


def test_rows_are_in_a_defined_order(tables) -> None:
    assert tables.releases.release_id.is_monotonic_increasing
    keys = tables.tokens[["release_id", "token_id"]].apply(tuple, axis=1)
    assert keys.is_monotonic_increasing


@pytest.mark.parametrize("name,text_column", [
    ("sentences", "text"), ("tokens", "token"), ("figures", None), ("agencies", "mention"), ("quotes", "quote"),
])
def test_every_span_holds_its_words(tables, name: str, text_column: str | None) -> None:
    bodies = tables.releases.set_index("release_id").body
    frame = getattr(tables, name)
    assert len(frame) > 0, name
    for row in frame.itertuples():
        body = bodies[row.release_id]
        assert 0 <= row.start < row.end <= len(body)
        if text_column:
            assert body[row.start:row.end] == getattr(row, text_column)
        else:  # a figure's evidence sentence holds its words
            assert body[row.start:row.end] in row.evidence


def test_totals_cover_every_release_and_measure(tables) -> None:
    assert len(tables.totals) == 6 * len(tables.releases)
    values = tables.totals.value.dropna()
    assert (values >= 0).all()
    seed = tables.totals[tables.totals.release_id == "000_cf7962ac4bf17ccd"].set_index("measure")
    assert seed.loc["arrested", "value"] == 14 and seed.loc["premises", "value"] == 18
    assert seed.loc["officers", "qualifier"] == "at_least"


def test_build_record_lists_versions_inputs_and_rows(built: Path, raw_dir: Path, tables) -> None:
    record = json.loads((built / "_build.json").read_text())
    assert record["releasekit"] == releasekit.__version__
    assert {"python", "pandas", "pyarrow", "nltk"} <= set(record["versions"])
    assert set(record["inputs"]) == set(list_raw_files(raw_dir))
    assert record["rows"]["releases"] == len(tables.releases)


def test_cli_build_writes_tables_and_prints_a_summary(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    result = subprocess.run(
        [sys.executable, "-m", "releasekit", "build", str(raw_dir), str(out), "--jobs", "1"],
        capture_output=True, text=True, check=True,
    )
    line = result.stdout.strip().splitlines()[-1]
    n_chrome = len(chrome_only_ids())
    assert f"{N_FILES - n_chrome} releases" in line and f"{n_chrome} rejected" in line and " s " in line
    assert (out / "releases.parquet").exists()


_CLI_BUILD_AND_IMPORTS = """
import sys
from releasekit.cli import main
status = main(sys.argv[1:])
print("pandas imported:", "pandas" in sys.modules, "status:", status)
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_build_never_imports_pandas_and_writes_the_tables_a_library_build_writes(
    raw_dir: Path, built: Path, tmp_path: Path, jobs: str
) -> None:
    """The ``build`` command keeps pyarrow from importing pandas (cli._pyarrow_without_pandas):
    the process never imports it, and the tables equal those of ``build()`` called where pandas is loaded."""
    out = tmp_path / "processed"
    result = subprocess.run(
        [sys.executable, "-c", _CLI_BUILD_AND_IMPORTS, "build", str(raw_dir), str(out), "--jobs", jobs, "--no-progress"],
        capture_output=True, text=True, check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "pandas imported: False status: 0"
    for name in TABLES:
        assert pq.read_table(out / f"{name}.parquet").equals(pq.read_table(built / f"{name}.parquet")), name


def test_cli_build_of_a_file_says_it_is_a_file_not_a_folder(tmp_path: Path) -> None:
    page = tmp_path / "raid.txt"
    page.write_text("Officers arrested two men in Luton on Tuesday.", encoding="utf-8")
    for given, said in ((page, f"{page} is a file, not a folder: give the folder that holds the release files"),
                        (tmp_path / "missing", f"raw folder not found: {tmp_path / 'missing'}")):
        result = subprocess.run([sys.executable, "-m", "releasekit", "build", str(given), str(tmp_path / "out")],
                                capture_output=True, text=True)
        assert result.returncode == 2 and result.stderr.strip() == f"releasekit build: error: {said}"
    assert not (tmp_path / "out").exists()


def test_partitioned_dataset_reads_back_the_same_rows(built: Path, tmp_path: Path) -> None:
    import pyarrow.dataset as ds

    dest = write_partitioned(built, tmp_path / "dataset")
    for name in ("releases", "figures", "tokens", "agencies"):
        flat = pq.read_table(built / f"{name}.parquet").to_pandas()
        parted = ds.dataset(dest / name, format="parquet", partitioning="hive").to_table().to_pandas()
        assert len(parted) == len(flat), name
        key = ["release_id"] + [c for c in ("token_id", "figure_id", "start") if c in flat.columns][:1]
        parted = parted.sort_values(key).reset_index(drop=True)[flat.columns]
        flat = flat.sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(parted, flat, check_dtype=False, check_categorical=False)
    assert any(p.name.startswith("year=") for p in (dest / "figures").iterdir())


# --------------------------------------------------------------------------
# Incremental builds: after one changed and one added file, only those are read,
# and the tables are those of a clean build


def _tables_bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / f"{name}.parquet").read_bytes() for name in TABLES}


def _page_with_borrowed_chrome(raw: Path) -> str:
    """A new page: the leading lines (site chrome) of one capture and the body of another, so chrome counts move."""
    pages = [p for p in sorted(raw.glob("*.txt")) if not p.read_text(encoding="utf-8").startswith(("---", "```"))]
    head = pages[0].read_text(encoding="utf-8").split("\n")[:12]
    body = pages[1].read_text(encoding="utf-8").split("\n")[12:]
    body = [line.replace("the", "a") for line in body]  # not a near-copy of either page
    return "\n".join(head + body)


@pytest.fixture()
def counted_reads(monkeypatch: pytest.MonkeyPatch):
    """The raw files opened by the read step (a list of paths, filled as the build runs)."""
    import builtins

    from releasekit import read as read_module

    opened: list[str] = []
    real_open = builtins.open

    def counting(path, *args, **kwargs):  # noqa: ANN001, ANN202
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(read_module, "open", counting, raising=False)
    return opened


def test_a_rebuild_after_one_changed_and_one_added_file_reads_only_those_and_equals_a_clean_build(
    raw_dir: Path, tmp_path: Path, counted_reads: list[str]
) -> None:
    import shutil

    from releasekit.build import build

    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    out = tmp_path / "out"
    first = build(raw, out, jobs=1)
    changed = sorted(raw.glob("*.txt"))[5]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nTwo more men were arrested on Friday.\n", encoding="utf-8")
    added = raw / "zz_added_page.txt"
    added.write_text(_page_with_borrowed_chrome(raw), encoding="utf-8")
    counted_reads.clear()
    again = build(raw, out, jobs=1)
    release_files = {Path(p).name for p in counted_reads if Path(p).suffix == ".txt"}
    assert release_files == {changed.name, added.name}
    assert again.n_files == first.n_files + 1
    clean = tmp_path / "clean"
    build(raw, clean, jobs=1, cache=False)
    assert _tables_bytes(out) == _tables_bytes(clean)


def test_a_rebuild_after_chrome_counts_move_equals_a_clean_build(raw_dir: Path, tmp_path: Path) -> None:
    """Pages added one by one that open with the first lines of an existing page: once those lines
    open five pages they are chrome, so the existing page (not changed itself) loses them too."""
    import shutil

    from releasekit.build import build
    from releasekit.chrome import leading_keys

    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(raw.glob("*.txt"))}
    seen: dict[int, int] = {}
    for text in texts.values():
        for key in set(leading_keys(text)):
            seen[key] = seen.get(key, 0) + 1
    # a page whose first two lines open no other page, and a body of at least 30 lines
    name = next(
        n for n, t in texts.items()
        if len(t.split("\n")) > 30 and not t.startswith(("---", "```")) and all(seen[k] == 1 for k in leading_keys(t)[:2])
    )
    head = [line for line in texts[name].split("\n") if line.strip()][:2]
    out = tmp_path / "out"
    build(raw, out, jobs=2)
    before = releasekit.load(out, ["releases"]).releases.set_index("source_path").body.get(name)
    others = [t for n, t in texts.items() if n != name and not t.startswith(("---", "```"))]
    for i in range(4):
        (raw / f"zz_site_{i}.txt").write_text("\n".join(head) + "\n" + others[i], encoding="utf-8")
        build(raw, out, jobs=2)
        clean = tmp_path / f"clean{i}"
        build(raw, clean, jobs=1, cache=False)
        assert _tables_bytes(out) == _tables_bytes(clean), f"after {i + 1} added pages"
    after = releasekit.load(out, ["releases"]).releases.set_index("source_path").body.get(name)
    assert before != after  # the existing page lost lines that became chrome


def test_a_rebuild_where_an_unchanged_file_becomes_a_duplicate_equals_a_clean_build(raw_dir: Path, tmp_path: Path) -> None:
    """A copy of a later page added under a name that sorts first: the unchanged page now points to it
    (its rows change although its bytes did not), and every row after the new file moves; then the copy
    is removed again and a line of an unchanged page's site becomes chrome."""
    import shutil

    from releasekit.build import build

    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    out = tmp_path / "out"
    build(raw, out, jobs=1)
    pages = [p for p in sorted(raw.glob("*.txt")) if not p.read_text(encoding="utf-8").startswith(("---", "```"))]
    copy = raw / "000_aaa_copy.txt"
    copy.write_text(pages[-1].read_text(encoding="utf-8"), encoding="utf-8")
    for step in ("added", "removed"):
        build(raw, out, jobs=1)
        clean = tmp_path / f"clean_{step}"
        build(raw, clean, jobs=1, cache=False)
        assert _tables_bytes(out) == _tables_bytes(clean), step
        if step == "added":
            duplicates = releasekit.load(out, ["releases"]).releases.set_index("source_path").duplicate_of
            assert duplicates[pages[-1].name] == "000_aaa_copy"
            copy.unlink()


# --------------------------------------------------------------------------
# The Dask engine: the same pure functions on a cluster give the same tables


@pytest.mark.dask
def test_a_build_on_a_dask_cluster_of_two_worker_processes_equals_the_local_build(raw_dir: Path, tmp_path: Path) -> None:
    import shutil

    from distributed import LocalCluster

    from releasekit.build import build

    raw = tmp_path / "raw"
    raw.mkdir()
    for path in sorted(raw_dir.glob("*.txt"))[:40]:
        shutil.copyfile(path, raw / path.name)
    shutil.copyfile(raw_dir / "manifest.csv", raw / "manifest.csv")
    local = tmp_path / "local"
    build(raw, local, jobs=1, cache=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = build(raw, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
    assert on_dask.n_files == 40
    assert _tables_bytes(tmp_path / "dask") == _tables_bytes(local)
    # the entries the Dask workers stored serve a local rebuild
    (tmp_path / "dask" / "_build.json").unlink()
    build(raw, tmp_path / "dask", jobs=1)
    assert _tables_bytes(tmp_path / "dask") == _tables_bytes(local)


def test_an_unknown_engine_is_refused(raw_dir: Path, tmp_path: Path) -> None:
    from releasekit.build import build

    with pytest.raises(ValueError, match="engine"):
        build(raw_dir, tmp_path / "out", engine="spark", cache=False)


def test_a_mapper_of_ones_own_runs_both_passes_and_gives_the_same_tables(raw_dir: Path, tmp_path: Path) -> None:
    """The hook docs/scale.md uses for Spark: any ordered map of the build's pure functions."""
    from releasekit.build import build, process_files, summarize_file

    called: list[str] = []

    def mapper(func, context, tasks, chunksize):  # noqa: ANN001, ANN202
        called.append(func.__name__)
        chunks = [tasks[i : i + chunksize] for i in range(0, len(tasks), chunksize)]
        return (result for chunk in chunks for result in [func(context, task) for task in chunk])

    build(raw_dir, tmp_path / "mine", engine=mapper, cache=False)
    assert called == [summarize_file.__name__, process_files.__name__]
    reference = tmp_path / "local"
    build(raw_dir, reference, jobs=1, cache=False)
    assert _tables_bytes(tmp_path / "mine") == _tables_bytes(reference)


@pytest.mark.parametrize("caller", [(700, 10, 10), (50_000, 5, 20)])
def test_the_collector_threshold_is_raised_during_a_build_and_restored_after(
    raw_dir: Path, tmp_path: Path, caller: tuple[int, int, int]
) -> None:
    """A build raises the young generation's threshold (never lowers a caller's)
    while it extracts, and gives the caller its own thresholds back, also on error."""
    import gc

    from releasekit.build import GC_YOUNG_THRESHOLD, build

    seen: list[tuple[int, int, int]] = []

    def mapper(func, context, tasks, chunksize):  # noqa: ANN001, ANN202
        seen.append(gc.get_threshold())
        return (func(context, task) for task in tasks)

    before = gc.get_threshold()
    try:
        gc.set_threshold(*caller)
        build(_small_raw(raw_dir, tmp_path / "raw", 2), tmp_path / "out", engine=mapper, cache=False)
        assert seen and all(t == (max(caller[0], GC_YOUNG_THRESHOLD), *caller[1:]) for t in seen)
        assert gc.get_threshold() == caller
        with pytest.raises(ValueError, match="engine"):
            build(raw_dir, tmp_path / "out2", engine="spark", cache=False)
        assert gc.get_threshold() == caller
    finally:
        gc.set_threshold(*before)


# ---------------------------------------------------------------- rule folder


def _small_raw(raw_dir: Path, target: Path, n: int = 6) -> Path:
    target.mkdir()
    for name in [f for f in list_raw_files(raw_dir) if f.endswith(".txt")][:n]:
        (target / name).write_bytes((raw_dir / name).read_bytes())
    return target


def test_a_rule_folder_replaces_the_packaged_rules_and_an_edit_re_extracts(raw_dir: Path, tmp_path: Path) -> None:
    from releasekit.build import build
    from releasekit.rulefiles import RuleFileError, packaged_path

    raw = _small_raw(raw_dir, tmp_path / "raw")
    rules = tmp_path / "rules"
    rules.mkdir()
    text = Path(packaged_path("agencies.yaml")).read_text(encoding="utf-8")
    (rules / "agencies.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build(raw, out, jobs=1, rule_dir=rules)
    packaged = build(raw, tmp_path / "packaged", jobs=1)
    # the same rules, from a folder: the same tables
    for name in TABLES:
        assert pq.read_table(out / f"{name}.parquet").equals(pq.read_table(tmp_path / "packaged" / f"{name}.parquet")), name
    assert len(pd.read_parquet(out / "releases.parquet")) == 6 and packaged.line()
    # a type added to the folder's gazetteer reaches the tables on the next (cached) build
    assert "types: [police_force," in text and "type: police_force" in text
    retyped = text.replace("type: police_force", "type: regional_police").replace("types: [police_force,", "types: [regional_police, police_force,")
    (rules / "agencies.yaml").write_text(retyped, encoding="utf-8")
    before = set(pd.read_parquet(out / "agencies.parquet").agency_type)
    build(raw, out, jobs=1, rule_dir=rules)
    after = set(pd.read_parquet(out / "agencies.parquet").agency_type)
    assert "police_force" in before and "regional_police" not in before
    assert "regional_police" in after
    # a type the file does not declare is refused, naming the file
    (rules / "agencies.yaml").write_text(text.replace("type: police_force", "type: territorial_police"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="agencies.yaml"):
        build(raw, out, jobs=1, rule_dir=rules)


def test_a_rule_folder_edit_changes_the_fingerprint(raw_dir: Path, tmp_path: Path) -> None:
    from releasekit.build import _bundle_fingerprint
    from releasekit.cache import rules_fingerprint
    from releasekit.extract.bundle import RuleBundle
    from releasekit.rulefiles import packaged_path

    assert _bundle_fingerprint(RuleBundle.default()) == rules_fingerprint()
    rules = tmp_path / "rules"
    rules.mkdir()
    text = Path(packaged_path("quote_rules.yaml")).read_text(encoding="utf-8")
    (rules / "quote_rules.yaml").write_text(text, encoding="utf-8")
    first = _bundle_fingerprint(RuleBundle.load(rules))
    assert first != rules_fingerprint()
    (rules / "quote_rules.yaml").write_text(text + "\n# edited\n", encoding="utf-8")
    assert _bundle_fingerprint(RuleBundle.load(rules)) != first


def test_cli_build_names_a_missing_rule_folder(raw_dir: Path, tmp_path: Path) -> None:
    raw = _small_raw(raw_dir, tmp_path / "raw", n=1)
    done = subprocess.run(
        [sys.executable, "-m", "releasekit", "build", str(raw), str(tmp_path / "out"), "--rules", str(tmp_path / "nowhere")],
        capture_output=True, text=True,
    )
    assert done.returncode == 2
    assert "nowhere" in done.stderr and "Traceback" not in done.stderr


def test_a_files_rows_cross_processes_as_ipc_streams_with_the_same_values(raw_dir: Path) -> None:
    import pickle

    import pyarrow as pa

    from releasekit.build import Processed, _IpcTable, process_release
    from releasekit.chrome import ChromeStats
    from releasekit.read import read_release, scan

    name = next(f for f in list_raw_files(raw_dir) if f.endswith(".txt"))
    release, _ = read_release(scan(name, (raw_dir / name).read_bytes()), ChromeStats())
    columns = process_release(release)
    tables = {table: pa.Table.from_pydict(dict(c), schema=SCHEMAS[table]) for table, c in columns.items()}
    item = Processed(name, {**tables, "problems": {"source_path": [name]}}, "sha", None, (release.release_id,), 1)
    reduced = item.__reduce__()[1][1]
    assert all(isinstance(reduced[t], _IpcTable) for t in tables) and reduced["problems"] == {"source_path": [name]}
    back = pickle.loads(pickle.dumps(item))
    assert (back.source_path, back.sha256, back.release_ids, back.n_inputs) == (name, "sha", (release.release_id,), 1)
    for table, value in tables.items():
        assert back.columns[table].equals(value) and back.columns[table].schema.equals(value.schema, check_metadata=True), table


def _batch_context(raw_dir: Path, driver: int | None):  # noqa: ANN202
    from releasekit.build import BuildContext, corpus_facts, summarize_file
    from releasekit.read import manifest_by_file, read_manifest

    files = list_raw_files(raw_dir)
    facts = corpus_facts([summarize_file(raw_dir, f) for f in files], manifest_by_file(files, read_manifest(raw_dir)[0])[0])
    manifest, _ = manifest_by_file(files, read_manifest(raw_dir)[0])
    return files, BuildContext(raw_dir, facts.stats, manifest, facts.duplicates, taken=facts.taken, driver=driver)


def test_a_batch_made_away_from_the_driver_gives_each_file_the_rows_it_gives_alone(raw_dir: Path) -> None:
    """A worker's batch (one Arrow table per table, sliced per file) holds exactly each file's own rows."""
    import os
    import pickle

    from releasekit.build import FileBatch, _as_arrow, process_file, process_files

    files, context = _batch_context(raw_dir, driver=None)
    tasks = [(f, None, None) for f in files[:20]]
    batch = process_files(context, tasks)
    assert batch.tables is not None and all(not item.columns for item in batch.items)
    back = pickle.loads(pickle.dumps(batch))
    assert isinstance(back, FileBatch)
    for task, made, crossed in zip(tasks, batch.files(), back.files(), strict=True):
        alone = _as_arrow(process_file(context, task))
        for files_rows in (made, crossed):
            assert files_rows.source_path == alone.source_path and files_rows.release_ids == alone.release_ids
            assert list(files_rows.columns) == list(alone.columns), task[0]
            for name, table in alone.columns.items():
                assert files_rows.columns[name].equals(table), (task[0], name)
    # in the building process itself the rows stay column lists (the parent converts whole write batches)
    _, here = _batch_context(raw_dir, driver=os.getpid())
    kept = process_files(here, tasks[:3])
    assert kept.tables is None and [i.columns for i in kept.files()] == [process_file(here, t).columns for t in tasks[:3]]


def test_a_batch_with_a_value_the_schema_cannot_hold_fails_that_file_only(raw_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import releasekit.build as build_module

    files, context = _batch_context(raw_dir, driver=None)
    tasks = [(f, None, None) for f in files[:4]]
    real = build_module.process_file

    def overflowing(context, task):  # noqa: ANN001, ANN202
        item = real(context, task)
        if task[0] != files[1]:
            return item
        totals = dict(item.columns["totals"])
        totals["value"] = [10**20] * len(totals["value"])
        return build_module.replace(item, columns={**item.columns, "totals": totals})

    monkeypatch.setattr(build_module, "process_file", overflowing)
    done = build_module.process_files(context, tasks).files()
    assert [item.source_path for item in done] == files[:4]
    assert done[1].column("problems", "code") == ["internal_error"] and done[1].n_rows("totals") == 0
    for i in (0, 2, 3):
        assert done[i].columns["totals"].equals(build_module._as_arrow(real(context, tasks[i])).columns["totals"])


# --------------------------------------------------------------------------
# Memory: what the parent keeps of every file


def test_packed_summaries_read_back_equal_to_the_summaries_of_real_files(raw_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass one's summaries are held packed until the build ends: reading them gives the summaries, in order."""
    from releasekit import build as build_module

    names = list_raw_files(raw_dir)[:40]
    summaries = [build_module.summarize_file(raw_dir, name) for name in names]
    assert sum(len(s.pages) for s in summaries) >= 30 and any(s.stat for s in summaries)
    monkeypatch.setattr(build_module, "SUMMARY_BLOCK", 7)  # several blocks and a short last one
    packed = build_module._PackedSummaries(iter(summaries))
    assert len(packed) == len(summaries) and len(packed._blocks) == 6
    assert list(packed) == summaries
    assert [packed[i] for i in (0, 6, 7, 13, 39, -1)] == [summaries[i] for i in (0, 6, 7, 13, 39, -1)]
    assert packed[5:9] == summaries[5:9]
    with pytest.raises(IndexError):
        packed[40]


def test_a_build_without_a_cache_keeps_no_layout_and_only_the_hashes_that_moved(raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from releasekit import build as build_module

    kept = []
    original = build_module._write_tables

    def spy(*args, **kwargs):
        written = original(*args, **kwargs)
        kept.append(written)
        return written

    monkeypatch.setattr(build_module, "_write_tables", spy)
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in list_raw_files(raw_dir)[:12]:
        (raw / name).write_bytes((raw_dir / name).read_bytes())
    pool = pa.default_memory_pool().backend_name
    summary = releasekit.build.build(raw, tmp_path / "out", jobs=1, cache=False)
    assert pa.default_memory_pool().backend_name == pool  # the writing's own pool is given back
    written = kept[0]
    assert written.layout == [] and written.parsed == {} and written.n_parsed == 12 == summary.n_files
    record = json.loads((tmp_path / "out" / "_build.json").read_text())
    assert record["n_files"] == 12 and len(record["inputs"]) == 12 and all(record["inputs"].values())


def test_a_rebuild_that_extracts_nothing_loads_no_rule_set(raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading the packaged rules compiles every pattern (about a second): a rebuild after a file was
    removed reuses every other file's rows, and one with nothing changed stops at once; neither loads them."""
    import shutil

    from releasekit.build import build
    from releasekit.extract.bundle import RuleBundle

    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    out = tmp_path / "out"
    build(raw, out, jobs=1)
    sorted(raw.glob("*.txt"))[7].unlink()

    def refused() -> None:
        raise AssertionError("the rule bundle was loaded")

    monkeypatch.setattr(RuleBundle, "default", staticmethod(refused))
    build(raw, out, jobs=1)
    assert build(raw, out, jobs=1).up_to_date
    monkeypatch.undo()
    clean = tmp_path / "clean"
    build(raw, clean, jobs=1, cache=False)
    assert _tables_bytes(out) == _tables_bytes(clean)


def _row_offsets_reference(rows_of_files: list[tuple[int, ...]]) -> dict[str, tuple[list[int], list[int]]]:
    """The loop ``_row_offsets`` was before it became two ``accumulate`` per table."""
    found = {}
    for i, name in enumerate(TABLES):
        at = present = 0
        starts, seen = [0], [0]
        for rows in rows_of_files:
            if rows[i] >= 0:
                at += rows[i]
                present += 1
            starts.append(at)
            seen.append(present)
        found[name] = (starts, seen)
    return found


@given(st.lists(st.tuples(*[st.integers(-1, 6)] * len(TABLES)), max_size=30))
@settings(max_examples=200, deadline=None)
def test_row_offsets_are_the_running_rows_and_files_of_each_table(rows_of_files: list[tuple[int, ...]]) -> None:
    from releasekit.build import _row_offsets
    from releasekit.cache import BuildLayout, FileRows

    layout = BuildLayout("fp", tuple(FileRows(f"f{i}.txt", None, True, None, 1, None, (), rows) for i, rows in enumerate(rows_of_files)), {})
    assert _row_offsets(layout) == _row_offsets_reference(rows_of_files)


_URL_PARTS = st.sampled_from(["http://", "https://", "HTTPS://", "//", " https://", "ftp://", "", "www."])
_HOST_TEXT = st.text(alphabet="abcxyz019.-_@:[]%ABC \t\n/?#\u00e9", max_size=20)


@given(_URL_PARTS, _HOST_TEXT, st.sampled_from(["", "/", "/news/a-b", "?x=1", "#top", ":8080/x", "\t/x"]))
@settings(max_examples=500, deadline=None)
def test_the_site_of_a_url_is_what_urlparse_gives(scheme: str, host: str, rest: str) -> None:
    from releasekit.read import site_of as _site_of
    from releasekit.read import site_of

    url = scheme + host + rest
    try:
        expected: str | type = site_of(url)
    except ValueError:
        expected = ValueError
    try:
        got: str | type = _site_of(url)
    except ValueError:
        got = ValueError
    assert got == expected, url


def test_the_site_of_real_release_urls() -> None:
    from releasekit.read import site_of as _site_of

    assert _site_of("https://www.kent.police.uk/news/kent/2023/july/") == "kent.police.uk"
    assert _site_of("https://news.met.police.uk/news/two-charged") == "news.met.police.uk"
    assert _site_of("https://WWW.Kent.Police.uk:443/news") == "kent.police.uk"
    assert _site_of(None) == _site_of("") == ""


def test_a_build_that_finds_nothing_changed_imports_neither_the_extractors_nor_pandas(raw_dir: Path, tmp_path: Path) -> None:
    """NLTK, the extract modules and pandas are about half of the start-up of ``releasekit build``:
    a rebuild that stops at once (nothing changed) needs none of them."""
    import shutil

    from releasekit.build import build

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in sorted(p.name for p in raw_dir.glob("*.txt"))[:3]:
        shutil.copyfile(raw_dir / name, raw / name)
    out = tmp_path / "out"
    build(raw, out, jobs=1)
    script = (
        "import sys\n"
        "from releasekit.cli import main\n"
        f"assert main(['build', {str(raw)!r}, {str(out)!r}, '--no-progress']) == 0\n"
        "print(sorted(m for m in ('nltk', 'pandas', 'releasekit.text', 'releasekit.extract.figures', 'releasekit.corrections') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "up to date" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"
    # one file changed, with workers: the warm worker extracts it, the parent imports no extractor
    # (corrections, which it reads, imports the measure registry only when there is a correction)
    changed = sorted(raw.glob("*.txt"))[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nTwo more men were arrested on Friday.\n", encoding="utf-8")
    script = script.replace("'--no-progress'", "'--no-progress', '--jobs', '2'").replace("'pandas', ", "").replace(", 'releasekit.corrections'", "")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "up to date" not in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_rebuild_after_a_few_changes_extracts_them_on_the_warm_worker_and_equals_a_clean_build(
    raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With workers, a rebuild that re-reads a few files forks one worker at once that loads the rules
    while the parent reduces pass one; the files it extracts give the rows a clean build gives."""
    import shutil

    import releasekit.build as build_module

    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    out = tmp_path / "out"
    build_module.build(raw, out, jobs=2)
    changed = sorted(raw.glob("*.txt"))[5]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nTwo more men were arrested on Friday.\n", encoding="utf-8")
    (raw / "zz_added_page.txt").write_text(_page_with_borrowed_chrome(raw), encoding="utf-8")
    sent: list[list[str]] = []
    real = build_module._on_warm_worker

    def recording(pool, context, tasks):  # noqa: ANN001, ANN202
        sent.append([task[0] for task in tasks])
        return real(pool, context, tasks)

    monkeypatch.setattr(build_module, "_on_warm_worker", recording)
    build_module.build(raw, out, jobs=2)
    assert sent == [[changed.name, "zz_added_page.txt"]]
    clean = tmp_path / "clean"
    build_module.build(raw, clean, jobs=1, cache=False)
    assert _tables_bytes(out) == _tables_bytes(clean)


@pytest.mark.parametrize("date", [dt.date(1850, 3, 1), dt.date(2045, 1, 2), dt.date(2021, 4, 5), None])
def test_an_implausible_event_date_is_dropped_from_column_lists_and_from_cached_arrow_rows(date: dt.date | None) -> None:
    """``_date_problems`` gives the same problems and rows whether a release's rows are
    column lists (just extracted) or the Arrow tables of a cache entry."""
    from releasekit.build import _date_problems
    from releasekit.tables import SCHEMAS

    schema = SCHEMAS["releases"]
    columns = {name: [None] for name in schema.names}
    columns.update(release_id=["r1"], source_path=["r1.txt"], event_date=[date], event_date_evidence=["on 1 March"],
                   event_date_rule=["day_month"], extracted_event_date=[date])
    as_lists = {"releases": {name: list(values) for name, values in columns.items()}}
    as_arrow = {"releases": pa.Table.from_pydict(columns, schema=schema)}
    problems = _date_problems(as_lists)
    assert _date_problems(as_arrow) == problems
    assert as_arrow["releases"].to_pydict() == as_lists["releases"]
    plausible = date is None or date.year == 2021
    assert [p.code for p in problems] == ([] if plausible else ["implausible_date"])
    assert as_lists["releases"]["event_date"] == [date if plausible else None]
    assert as_lists["releases"]["event_date_evidence"] == ["on 1 March" if plausible else None]


def test_workers_forked_by_a_build_share_the_gazetteer_compiled_once_by_the_parent(
    raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gazetteer compiles on first use (about 0.3-0.4 s of CPU); a build with workers compiles it
    before it forks them, so the workers inherit it instead of each compiling its own."""
    import os

    import releasekit.build as build_module
    import releasekit.extract.agencies as agencies
    from releasekit.rulefiles import packaged_path

    if not build_module._forks():
        pytest.skip("workers are not forked on this platform")
    raw = _small_raw(raw_dir, tmp_path / "raw", n=40)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "agencies.yaml").write_text(Path(packaged_path("agencies.yaml")).read_text(encoding="utf-8"), encoding="utf-8")
    log = tmp_path / "compiled.log"
    real = agencies._compile

    def logged(gaz):  # noqa: ANN001, ANN202
        with open(log, "a", encoding="utf-8") as f:  # one line per compile, from whichever process
            f.write(f"{os.getpid()}\n")
        return real(gaz)

    monkeypatch.setattr(agencies, "_compile", logged)
    build_module.build(raw, tmp_path / "out", jobs=2, cache=False, rule_dir=rules)  # fresh rule objects: not compiled yet
    assert log.read_text(encoding="utf-8").split() == [str(os.getpid())]
    build_module.build(raw, tmp_path / "one", jobs=1, cache=False)
    assert _tables_bytes(tmp_path / "out") == _tables_bytes(tmp_path / "one")


def test_a_copy_of_a_file_that_holds_no_release_is_not_called_a_kept_duplicate(tmp_path: Path) -> None:
    """Two files with only a metadata block: each is a no_release_text error, and no duplicate_release
    warning says the second was kept with duplicate_of (neither is in releases) (found by a new-user trial)."""
    from releasekit.build import build

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("yaml_only.md", "yaml_only.txt"):
        (raw / name).write_text("---\ntitle: Only a header\n---\n", encoding="utf-8")
    body = ("Officers arrested two men in Luton on Tuesday on suspicion of modern slavery offences after a raid at a car wash "
            "in the town centre. Four workers were taken to a place of safety and are being supported by specialist officers.")
    for name in ("a.txt", "b.txt"):  # a real duplicate still gets its warning
        (raw / name).write_text(body, encoding="utf-8")
    build(raw, tmp_path / "out", jobs=1, cache=False)
    t = releasekit.load(tmp_path / "out", ["releases", "problems"])
    assert sorted(t.releases.release_id) == ["a", "b"]
    assert sorted(zip(t.problems.source_path, t.problems.code)) == [
        ("b.txt", "duplicate_release"), ("yaml_only.md", "no_release_text"), ("yaml_only.txt", "no_release_text"),
    ]


def test_a_closed_output_pipe_is_no_error(monkeypatch, tmp_path) -> None:
    """`releasekit evaluate ... | head` printed "error: [Errno 32] Broken pipe" and exited 2 (a new user's report)."""
    import os
    import sys

    from releasekit.cli import main

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone
    out = os.fdopen(write_end, "w", buffering=1)  # line-buffered: a print writes to the closed pipe at once
    monkeypatch.setattr(sys, "stdout", out)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Two men arrested in Luton\n\nTwo men have been arrested on suspicion of modern slavery "
                               "offences in Luton after a raid on Tuesday by Bedfordshire Police officers.\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"file": "a.txt", "arrested": 2}\n', encoding="utf-8")
    status = main(["evaluate", str(raw), str(gold)])
    out.close()
    assert status == 0
