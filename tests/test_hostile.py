"""Hostile inputs: every bad file is named in `problems`, and the build carries on.

One build of a folder of hostile files (tests/hostile.py) is checked file by
file: a release with a warning, or rejected with an error, and the problem
code that says why. Then the accounting invariant (every raw file is in
`releases` or `problems`) on that folder and on data/raw.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tracemalloc
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from hostile import CHROME_ONLY, NFD_NAME, SPACED_NAME, body, remove_tree, write_hostile
from releasekit.build import build
from releasekit.chrome import ChromeStats
from releasekit.read import (
    FUTURE_HORIZON,
    MAX_BODY_CHARS,
    MAX_READ_BYTES,
    list_raw_files,
    printable_path,
    survey_raw_folder,
    publication_limit,
    read_raw_file,
    read_release,
    scan,
)
from releasekit.tables import TABLES, load

ROOT = Path(__file__).resolve().parents[1]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def documented_codes() -> dict[str, str]:
    doc = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([a-z_0-9]+)` \| (error|warning|info) \|", doc, flags=re.M))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("hostile")
    raw, out, pwned = base / "raw", base / "out", base / "pwned"
    expect = write_hostile(raw, pwned=pwned)
    summary = build(raw, out, jobs=1)
    tables = load(out)
    yield raw, out, pwned, expect, summary, tables
    remove_tree(raw)


def problems_of(tables, name: str) -> pd.DataFrame:
    return tables.problems[tables.problems.source_path == name]


def release_of(tables, name: str) -> pd.Series:
    rows = tables.releases[tables.releases.source_path == name]
    assert len(rows) == 1, name
    return rows.iloc[0]


# --------------------------------------------------------------------------
# Decision per file


def test_each_hostile_file_is_a_release_or_rejected_with_its_code(hostile) -> None:
    _, _, _, expect, _, tables = hostile
    released = set(tables.releases.source_path)
    failures = []
    for name, want in expect.items():
        if name == "no-permission.txt" and IS_ROOT:
            continue  # root reads a chmod 000 file; see test_unreadable_file_is_rejected
        probs = problems_of(tables, name)
        codes = set(probs.code)
        errors = set(probs[probs.severity == "error"].code)
        if want.release != (name in released):
            failures.append(f"{name}: release={name in released}, expected {want.release}; codes {codes}")
        if not want.codes <= codes:
            failures.append(f"{name}: codes {codes}, expected at least {set(want.codes)}")
        # rejected <=> an error row; a release never carries an error
        if want.release == bool(errors):
            failures.append(f"{name}: release={want.release} but errors {errors}")
    assert not failures, "\n".join(failures)


def test_problem_rows_name_the_file_and_say_what_is_wrong(hostile) -> None:
    raw, _, _, expect, _, tables = hostile
    documented = documented_codes()
    listed = set(expect) | {"manifest.csv", "missing-from-folder.txt"}
    for row in tables.problems.itertuples():
        assert row.source_path in listed, row
        assert documented.get(row.code) == row.severity, f"{row.code} ({row.severity}) not documented as such"
        assert len(row.message.split()) >= 4 and not row.message.startswith(("Traceback", "None")), row
    assert "internal_error" not in set(tables.problems.code), tables.problems.query("code == 'internal_error'")


def test_manifest_disagreements_are_problems(hostile) -> None:
    *_, tables = hostile
    missing = problems_of(tables, "missing-from-folder.txt")
    assert list(missing.code) == ["manifest_missing_file"] and list(missing.severity) == ["error"]
    unlisted = problems_of(tables, "unlisted.txt")
    assert list(unlisted.code) == ["not_in_manifest"]
    # every listed file, including the one in a subfolder (listed by its name), is found
    assert set(tables.problems.query("code == 'not_in_manifest'").source_path) == {"unlisted.txt"}


# --------------------------------------------------------------------------
# Encodings


def test_cp1252_smart_quotes_decode_to_the_right_characters(hostile) -> None:
    *_, tables = hostile
    text = release_of(tables, "cp1252.txt").body
    assert "“We will not tolerate exploitation" in text and "came forward.”" in text
    assert "The suspects’ vehicles were seized." in text
    assert "â€" not in text and "\ufffd" not in text


def test_mostly_utf8_file_keeps_its_characters_and_marks_the_bad_byte(hostile) -> None:
    *_, tables = hostile
    text = release_of(tables, "invalid-utf8.txt").body
    assert "three \ufffd men" in text
    assert "“We will not tolerate" in text and "â€" not in text


def test_bom_crlf_utf16_and_control_characters_are_repaired(hostile) -> None:
    *_, tables = hostile
    for name in ("bom.txt", "crlf.txt", "utf16.txt", "control-chars.txt"):
        text = release_of(tables, name).body
        assert text.startswith("Officers investigating modern slavery"), name
        assert not re.search(r"[\ufeff\r\x00-\x08\x0b-\x1f]", text), name
    assert "arrested three men on Tuesday" in release_of(tables, "control-chars.txt").body
    for text in tables.releases.body:
        assert "\x00" not in text


# --------------------------------------------------------------------------
# Metadata blocks


def test_yaml_tags_are_refused_and_nothing_runs(hostile) -> None:
    _, _, pwned, _, _, tables = hostile
    assert not pwned.exists(), "a YAML tag executed a command"
    for name in ("yaml-python-tag.txt", "yaml-python-name.txt"):
        probs = problems_of(tables, name)
        assert "unsafe_metadata" in set(probs.code)
        assert "python/object" in " ".join(probs.message)
        release = release_of(tables, name)
        assert pd.isna(release.url) and pd.isna(release.title)  # the whole block is ignored
        assert release.body.startswith("Officers investigating")


def test_yaml_tags_refused_directly_by_the_reader(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/name:os.system"):
        text = f'```yaml\ntitle: x\nurl: {tag} ["touch {marker}"]\n```\n{body("Scanford")}'
        raw = scan("t.txt", text.encode())
        assert [p.code for p in raw.problems] == ["unsafe_metadata"], tag
        assert raw.meta == {}
    assert not marker.exists()


def test_alias_bombs_and_recursive_aliases_cost_nothing(hostile) -> None:
    *_, tables = hostile
    assert release_of(tables, "yaml-alias-bomb.txt").title == "Alias bomb"
    assert release_of(tables, "yaml-recursive.txt").title == "Recursive"


def test_invalid_yaml_keeps_the_body(hostile) -> None:
    *_, tables = hostile
    release = release_of(tables, "bad-yaml.txt")
    assert release.format == "metadata" and release.body.startswith("Officers investigating modern slavery in Yamlbury")


# --------------------------------------------------------------------------
# Dates


def test_dates_that_do_not_exist_are_ignored_with_a_warning(hostile) -> None:
    *_, tables = hostile
    for name in ("date-feb-31.txt", "date-iso-feb-31.txt", "date-not-a-date.txt"):
        release = release_of(tables, name)
        assert pd.isna(release.published) and release.published_precision == "unknown", name
        [message] = problems_of(tables, name).query("code == 'bad_date'").message
        assert "publish.date" in message and "ignored" in message


def test_future_dates_follow_the_capture_timestamp_then_the_horizon(hostile) -> None:
    *_, tables = hostile
    after = release_of(tables, "date-after-capture.txt")
    assert pd.isna(after.published)
    [message] = problems_of(tables, "date-after-capture.txt").message
    assert "2024-07-19" in message and "capture timestamp (2023-02-05)" in message
    before = release_of(tables, "date-before-capture.txt")
    assert before.published == pd.Timestamp("2022-07-19") and before.published_source == "text"
    assert problems_of(tables, "date-before-capture.txt").empty
    far = problems_of(tables, "date-far-future.txt")
    assert list(far.code) == ["future_date"] and "2030-12-31" in far.message.iloc[0]


def test_future_date_rule_never_uses_today() -> None:
    # the limit is a pure function of the capture day and the as-of day
    assert publication_limit(None) == (FUTURE_HORIZON, "the fixed horizon FUTURE_HORIZON")
    assert publication_limit(dt.date(2023, 2, 5))[0] == dt.date(2023, 2, 5)
    assert publication_limit(dt.date(2023, 2, 5), dt.date(2022, 1, 1))[0] == dt.date(2022, 1, 1)
    assert publication_limit(None, dt.date(2040, 1, 1))[0] == dt.date(2040, 1, 1)

    def published(date: str, as_of: dt.date | None = None):
        raw = scan("d.txt", f"```yaml\npublish.date: {date}\n```\n{body('Dateham')}".encode())
        release, problems = read_release(raw, ChromeStats(), {}, as_of=as_of)
        return release.published, [p.code for p in problems]

    assert published("31 December 2030") == (dt.date(2030, 12, 31), [])
    assert published("1 January 2031") == (None, ["future_date"])
    assert published("19 Jun 2020", as_of=dt.date(2020, 6, 18)) == (None, ["future_date"])
    assert published("19 Jun 2020", as_of=dt.date(2020, 6, 19)) == (dt.date(2020, 6, 19), [])


def test_as_of_build_option_flags_later_dates(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(f"```yaml\npublish.date: 19 Jun 2020\n```\n{body('Asofton')}", encoding="utf-8")
    build(raw, tmp_path / "out", jobs=1, as_of=dt.date(2020, 1, 1))
    tables = load(tmp_path / "out")
    assert list(tables.problems.code) == ["future_date"]
    assert tables.releases.published.isna().all()


# --------------------------------------------------------------------------
# Chrome, duplicates, names


def test_pages_of_only_chrome_are_rejected(hostile) -> None:
    *_, tables = hostile
    for name in CHROME_ONLY:
        [row] = problems_of(tables, name).itertuples()
        assert (row.severity, row.code) == ("error", "no_release_text")
        assert "chrome" in row.message
    [row] = problems_of(tables, "metadata-only.txt").itertuples()
    assert row.code == "no_release_text" and "0 words" in row.message


def test_the_same_release_twice_is_kept_and_points_to_the_first(hostile) -> None:
    *_, tables = hostile
    releases = tables.releases.set_index("source_path")
    assert pd.isna(releases.loc["dup-a.txt", "duplicate_of"])
    assert releases.loc["dup-b copy.txt", "duplicate_of"] == "dup-a"
    assert pd.isna(releases.loc["url-a.txt", "duplicate_of"])
    assert releases.loc["url-b.txt", "duplicate_of"] == "url-a"  # same URL, http/https and www ignored
    assert (tables.releases.duplicate_of.dropna().isin(tables.releases.release_id)).all()
    [message] = problems_of(tables, "dup-b copy.txt").message
    assert "dup-a" in message


def test_awkward_names_and_subfolders_give_stable_ids(hostile) -> None:
    raw, *_, tables = hostile
    ids = dict(zip(tables.releases.source_path, tables.releases.release_id))
    assert ids[SPACED_NAME] == SPACED_NAME[:-4]
    assert ids[NFD_NAME] == unicodedata.normalize("NFC", NFD_NAME[:-4]) != NFD_NAME[:-4]
    assert ids["sub/dir/nested.txt"] == "sub/dir/nested"
    assert ids[".hidden.txt"] == ".hidden"
    # a second build elsewhere gives the same ids
    again = raw.parent / "again"
    build(raw, again, jobs=1)
    assert sorted(load(again, ["releases"]).releases.release_id) == sorted(ids.values())


def test_file_name_that_is_not_utf8_is_recorded_not_fatal(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    name = os.fsdecode(b"bad\xffname.txt")
    try:
        (raw / name).write_text(body("Byteham"), encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("file system refuses non-UTF-8 names")
    summary = build(raw, tmp_path / "out", jobs=1)
    tables = load(tmp_path / "out")
    assert summary.n_releases == 1
    assert list(tables.releases.release_id) == ["bad\\xffname"]
    assert list(tables.problems.code) == ["bad_file_name"]
    assert printable_path(name) == "bad\\xffname.txt"


@pytest.mark.skipif(IS_ROOT, reason="running as root: chmod 000 does not stop root reading the file")
def test_unreadable_file_is_rejected(hostile) -> None:
    *_, tables = hostile
    [row] = problems_of(tables, "no-permission.txt").itertuples()
    assert (row.severity, row.code) == ("error", "unreadable_file") and "Permission denied" in row.message


def test_an_extractor_crash_is_an_internal_error_and_the_build_carries_on(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(body("Goodham"), encoding="utf-8")
    (raw / "boom.txt").write_text(body("Boomtown"), encoding="utf-8")
    from releasekit.extract import quotes as quotes_module  # where the build looks it up when it extracts

    real = quotes_module.extract_quotes

    def quotes(text, sentences, **options):  # noqa: ANN001, ANN003, ANN202
        if "Boomtown" in text:
            raise RuntimeError("extractor bug")
        return real(text, sentences, **options)

    monkeypatch.setattr(quotes_module, "extract_quotes", quotes)
    summary = build(raw, tmp_path / "out", jobs=1)
    tables = load(tmp_path / "out")
    assert list(tables.releases.source_path) == ["good.txt"]
    assert tables.problems[["source_path", "severity", "code"]].values.tolist() == [["boom.txt", "error", "internal_error"]]
    assert "RuntimeError: extractor bug" in tables.problems.message.iloc[0]
    assert (summary.n_releases, summary.n_rejected) == (1, 1)


# --------------------------------------------------------------------------
# A very large file


def test_a_huge_file_costs_bounded_memory_and_is_cut_with_a_warning(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    chunk = body("Hugeham").encode()
    path = raw / "huge.txt"
    with open(path, "wb") as handle:
        for _ in range(30_000_000 // len(chunk) + 1):
            handle.write(chunk)
    size = path.stat().st_size
    assert size > 30_000_000

    tracemalloc.start()
    data, sha, n = read_raw_file(path)
    raw_release = scan("huge.txt", data, sha256=sha, size=n)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(data) == MAX_READ_BYTES and n == size
    assert peak < 10 * MAX_READ_BYTES < size  # the whole file is never held
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    assert sha == digest.hexdigest()  # the hash still covers every byte
    assert len(raw_release.text) == MAX_BODY_CHARS
    assert [p.code for p in raw_release.problems] == ["file_too_large"]

    (raw / "small.txt").write_text(body("Smallham"), encoding="utf-8")
    summary = build(raw, tmp_path / "out", jobs=1)
    tables = load(tmp_path / "out", ["releases", "problems"])
    assert summary.n_releases == 2
    huge = tables.releases.set_index("source_path").loc["huge.txt"]
    assert len(huge.body) <= MAX_BODY_CHARS and huge.sha256 == sha
    assert "30," in tables.problems.query("code == 'file_too_large'").message.iloc[0]


# --------------------------------------------------------------------------
# Accounting: every raw file is in releases or problems


def check_accounting(raw: Path, out: Path, summary=None) -> None:
    candidates, others = survey_raw_folder(raw)
    files = {printable_path(f) for f in candidates} | {p.source_path for p in others if p.severity == "error"}
    tables = load(out, ["releases", "problems"])
    released = set(tables.releases.source_path)
    problems = tables.problems
    rejected = set(problems[problems.severity == "error"].source_path) & files
    missing = files - released - set(problems.source_path)
    assert not missing, f"dropped without a trace: {sorted(missing)}"
    assert not released & rejected, "a release with an error"
    assert released <= files
    if summary is not None:
        assert summary.n_files == len(files)
        assert summary.n_releases == len(released) == len(tables.releases)
        assert summary.n_rejected == len(rejected) == len(files) - len(released)
        assert summary.n_problems == len(problems)
        line = summary.line()
        noun = "problem" if len(problems) == 1 else "problems"  # ("1 problems recorded" read wrong to a new user)
        assert f"{len(files)} files: {len(released)} releases, {len(rejected)} rejected, {len(problems)} {noun}" in line


def test_accounting_on_the_hostile_folder(hostile) -> None:
    raw, out, _, expect, summary, _ = hostile
    candidates, others = survey_raw_folder(raw)
    assert set(candidates) | {p.source_path for p in others} == set(expect)
    check_accounting(raw, out, summary)


def test_accounting_on_data_raw(raw_dir: Path, built: Path) -> None:
    import json

    check_accounting(raw_dir, built)
    record = json.loads((built / "_build.json").read_text())
    tables = load(built, ["releases", "problems"])
    rejected = set(tables.problems.query("severity == 'error'").source_path)
    assert len(record["inputs"]) == len(tables.releases) + len(rejected - {"manifest.csv"})


def test_every_table_of_the_hostile_build_is_readable(hostile) -> None:
    _, out, *_ = hostile
    for name in TABLES:
        assert (out / f"{name}.parquet").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{n}.parquet" for n in TABLES] + ["_build.json", "README.md"])


def test_a_number_too_big_to_count_anyone_is_not_a_figure(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(body("Fineham"), encoding="utf-8")
    (raw / "overflow.txt").write_text(body("Overton").replace("three men", "99999999999999999999 men"), encoding="utf-8")
    summary = build(raw, tmp_path / "out", jobs=1)
    tables = load(tmp_path / "out")
    assert list(tables.releases.source_path) == ["good.txt", "overflow.txt"]
    assert summary.n_rejected == 0
    assert (tables.figures.value.dropna() < 10_000_000).all()


def test_a_value_the_schema_cannot_hold_fails_its_file_not_the_build() -> None:
    from releasekit.build import Processed, _batch_tables, _to_columns

    good = Processed("good.txt", {"totals": _to_columns("totals", [{"release_id": "good", "measure": "arrested", "value": 3, "qualifier": "exact", "n_figures": 1}])})
    bad = Processed("bad.txt", {"totals": _to_columns("totals", [{"release_id": "bad", "measure": "arrested", "value": 10**20, "qualifier": "exact", "n_figures": 1}])})
    items, tables = _batch_tables([good, bad])
    assert tables["totals"].column("release_id").to_pylist() == ["good"]
    [problem] = tables["problems"].to_pylist()
    assert (problem["source_path"], problem["severity"], problem["code"]) == ("bad.txt", "error", "internal_error")
    assert [item.source_path for item in items] == ["good.txt", "bad.txt"]


def test_a_good_capture_never_points_to_a_rejected_capture_of_the_same_url(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a-chrome.txt").write_bytes((Path(__file__).resolve().parents[1] / "data" / "raw" / CHROME_ONLY[0]).read_bytes())
    (raw / "b-real.txt").write_text(body("Cheshire"), encoding="utf-8")
    url = "https://www.cheshire.police.uk/news/x/"
    (raw / "manifest.csv").write_text(f"file,url\na-chrome.txt,{url}\nb-real.txt,{url}\n", encoding="utf-8")
    build(raw, tmp_path / "out", jobs=1, cache=False)
    tables = load(tmp_path / "out", ["releases"])
    assert list(tables.releases.release_id) == ["b-real"]
    assert tables.releases.duplicate_of.isna().all(), "the only copy with text is marked as a duplicate of a rejected page"


def test_a_bare_manifest_name_shared_by_two_subfolders_matches_neither(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "a").mkdir(parents=True)
    (raw / "b").mkdir()
    (raw / "a" / "x.txt").write_text(body("Ashby"), encoding="utf-8")
    (raw / "b" / "x.txt").write_text(body("Bexley"), encoding="utf-8")
    (raw / "manifest.csv").write_text("file,url\nx.txt,https://www.example.police.uk/news/x/\n", encoding="utf-8")
    build(raw, tmp_path / "out", jobs=1, cache=False)
    tables = load(tmp_path / "out", ["releases", "problems"])
    assert sorted(tables.releases.release_id) == ["a/x", "b/x"]
    assert tables.releases.url.isna().all()
    assert tables.releases.duplicate_of.isna().all()
    codes = set(zip(tables.problems.source_path, tables.problems.code))
    assert {("a/x.txt", "manifest_ambiguous"), ("b/x.txt", "manifest_ambiguous")} <= codes
