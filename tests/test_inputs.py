"""Every input accounted for: which files are releases, the manifest, metadata typing, dates.

Each test is a kind of input that was silently dropped, merged or misread
before (issue 11) and fails on the code before the fix.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import body, metadata
from releasekit.build import build
from releasekit.chrome import ChromeStats
from releasekit.read import RELEASE_SUFFIXES, read_manifest, read_release, scan, survey_raw_folder, unique_release_ids
from releasekit.tables import load

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
URL = "https://www.beds.police.uk/news/2022/03/raid/"


def built(raw: Path, tmp_path: Path):
    out = tmp_path / "out"
    summary = build(raw, out, jobs=1, cache=False)
    return summary, load(out)


def codes(tables) -> set[tuple[str, str]]:
    return set(zip(tables.problems.source_path, tables.problems.code))


# --------------------------------------------------------------------------
# Which files are releases


def test_vcs_folders_notes_and_exports_never_add_arrests(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / ".git" / "hooks").mkdir(parents=True)
    (raw / "r1.txt").write_text(body("Realton"), encoding="utf-8")
    # each of these says "arrested three men": read as releases, they add to the totals
    (raw / ".git" / "hooks" / "pre-commit.txt").write_text(body("Hookham"), encoding="utf-8")
    (raw / ".git" / "COMMIT_EDITMSG").write_text(body("Gitby"), encoding="utf-8")
    (raw / "notes.md").write_text(body("Noteford"), encoding="utf-8")
    (raw / "r1.txt~").write_text(body("Realton"), encoding="utf-8")
    (raw / "export.json").write_text(body("Jsonham"), encoding="utf-8")
    (raw / "__pycache__").mkdir()
    (raw / "__pycache__" / "x.txt").write_text(body("Cacheby"), encoding="utf-8")
    summary, tables = built(raw, tmp_path)
    assert list(tables.releases.source_path) == ["r1.txt"]
    arrested = tables.totals.query("measure == 'arrested'").value.sum()
    assert arrested == 3
    got = codes(tables)
    assert {(".git", "skipped"), ("__pycache__", "skipped")} <= got
    assert {("notes.md", "unsupported_format"), ("r1.txt~", "unsupported_format")} <= got
    assert ("export.json", "export_unreadable") in got  # an export format, but not JSON: no record read
    assert summary.n_files == 4 and summary.n_rejected == 3


def test_suffixes_are_read_in_any_case_and_markdown_needs_a_metadata_block(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "UPPER.TXT").write_text(body("Upperton"), encoding="utf-8")
    (raw / "mixed.Txt").write_text(body("Mixham"), encoding="utf-8")
    (raw / "release.md").write_text(metadata("title: In Markdown", body("Markby")), encoding="utf-8")
    (raw / "README.MD").write_text("# About this corpus\n" + body("Readmeton"), encoding="utf-8")  # a corpus document
    _, tables = built(raw, tmp_path)
    assert sorted(tables.releases.release_id) == ["UPPER", "mixed", "release.md"]
    assert "README.MD" not in set(tables.problems.source_path)


def test_a_linked_or_unlistable_folder_is_a_problem_not_a_silent_gap(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.txt").write_text(body("Elsewhere"), encoding="utf-8")
    (raw / "linked").symlink_to(elsewhere)
    (raw / "loop").symlink_to(raw)
    (raw / "r.txt").write_text(body("Rton"), encoding="utf-8")
    files, problems = survey_raw_folder(raw)
    assert files == ["r.txt"]
    assert {(p.source_path, p.code, p.severity) for p in problems} == {("linked", "linked_folder", "error"), ("loop", "linked_folder", "error")}


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root lists any folder")
def test_a_folder_that_cannot_be_listed_is_a_problem(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "locked").mkdir(parents=True)
    (raw / "locked" / "x.txt").write_text(body("Lockby"), encoding="utf-8")
    os.chmod(raw / "locked", 0)
    try:
        _, problems = survey_raw_folder(raw)
    finally:
        os.chmod(raw / "locked", 0o755)
    assert [(p.source_path, p.code) for p in problems] == [("locked", "unreadable_folder")]


def test_names_equal_up_to_case_or_unicode_form_never_merge(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    nfc, nfd = unicodedata.normalize("NFC", "café.txt"), unicodedata.normalize("NFD", "café.txt")
    (raw / nfc).write_text(body("Composedton"), encoding="utf-8")
    (raw / nfd).write_text(body("Decomposedton"), encoding="utf-8")
    (raw / "Raid.txt").write_text(body("Upperham"), encoding="utf-8")
    (raw / "raid.txt").write_text(body("Lowerham"), encoding="utf-8")
    summary, tables = built(raw, tmp_path)
    assert tables.releases.release_id.is_unique and len(tables.releases) == 2
    collisions = tables.problems.query("code == 'release_id_collision'")
    assert len(collisions) == 2 and set(collisions.severity) == {"error"}
    assert summary.n_files == 4 and summary.n_rejected == 2
    # one release per id: no total counts two files
    assert (tables.totals.query("measure == 'arrested'").value == 3).all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet="aAéeÉǰJ\u0301\u030c._-x", min_size=1, max_size=6), min_size=1, max_size=12, unique=True))
def test_release_ids_are_unique_for_any_set_of_names(names: list[str]) -> None:
    paths = [f"{name}.txt" for name in names]
    kept, problems = unique_release_ids(paths)
    from releasekit.read import release_id_for

    ids = [unicodedata.normalize("NFC", release_id_for(p).casefold()) for p in kept]
    assert len(ids) == len(set(ids))
    assert sorted(kept + [p.source_path for p in problems]) == sorted(paths)


# --------------------------------------------------------------------------
# The manifest


@pytest.mark.parametrize("name", ["MANIFEST.CSV", "Manifest.csv", "manifest.CSV"])
def test_the_manifest_is_found_in_any_case(tmp_path: Path, name: str) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "r.txt").write_text(body("Caseby"), encoding="utf-8")
    (raw / name).write_text(f"file,url,publisher,published,truncated\nr.txt,{URL},Bedfordshire Police,2022-03-30,true\n", encoding="utf-8")
    _, tables = built(raw, tmp_path)
    row = tables.releases.iloc[0]
    assert row.url == URL and row.truncated == True and str(row.published.date()) == "2022-03-30"  # noqa: E712
    assert name not in set(tables.problems.source_path)


def test_a_manifest_that_is_a_folder_or_a_broken_link_is_a_problem(tmp_path: Path) -> None:
    for kind in ("folder", "link"):
        raw = tmp_path / kind / "raw"
        raw.mkdir(parents=True)
        (raw / "r.txt").write_text(body("Manby"), encoding="utf-8")
        if kind == "folder":
            (raw / "manifest.csv").mkdir()
        else:
            (raw / "manifest.csv").symlink_to(raw / "gone.csv")
        _, tables = built(raw, tmp_path / kind)
        assert list(tables.releases.source_path) == ["r.txt"]
        assert ("manifest.csv", "manifest_unreadable") in codes(tables)


def test_a_manifest_that_is_a_pipe_does_not_hang_the_build(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "r.txt").write_text(body("Pipeton"), encoding="utf-8")
    os.mkfifo(raw / "manifest.csv")
    run = subprocess.run(
        [sys.executable, "-m", "releasekit", "build", str(raw), str(tmp_path / "out"), "--jobs", "1", "--no-progress"],
        env=ENV, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert ("manifest.csv", "manifest_unreadable") in codes(load(tmp_path / "out"))


def test_line_separators_inside_a_manifest_field_do_not_split_the_row(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [
        "file,url,publisher,published,truncated",
        f'a.txt,{URL}a,"Bedfordshire\u2028Police",2022-03-30,false',
        f'b.txt,{URL}b,"Herts\x85Constabulary",2021-01-02,true',
        f'c.txt,{URL}c,"Line\r\nbreak Police",2020-05-06,false',
    ]
    (raw / "manifest.csv").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8", newline="")
    manifest, problems = read_manifest(raw)
    assert not problems
    assert sorted(manifest) == ["a.txt", "b.txt", "c.txt"]
    assert manifest["b.txt"].truncated is True and manifest["b.txt"].published == "2021-01-02"
    assert manifest["a.txt"].publisher == "Bedfordshire\u2028Police"


def test_duplicate_contradictory_and_unknown_manifest_values_are_recorded(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a", "b", "c"):
        (raw / f"{name}.txt").write_text(body(f"Dupe{name}"), encoding="utf-8")
    (raw / "manifest.csv").write_text(
        "file,url,publisher,published,truncated\n"
        f"a.txt,{URL}a,Beds Police,2022-03-30,false\n"
        f"a.txt,{URL}a,Beds Police,2022-03-30,false\n"
        f"b.txt,{URL}b,Beds Police,2022-03-30,false\n"
        f"b.txt,{URL}other,Beds Police,2019-01-01,true\n"
        f"c.txt,{URL}c,Beds Police,2022-03-30,maybe\n",
        encoding="utf-8",
    )
    _, tables = built(raw, tmp_path)
    by = tables.problems.set_index("code")
    assert by.loc["manifest_duplicate_row", "severity"] == "info"
    conflict = by.loc["manifest_conflict"]
    assert conflict.severity == "warning" and "url" in conflict.message and "published" in conflict.message
    assert "maybe" in by.loc["manifest_bad_value", "message"]
    releases = tables.releases.set_index("source_path")
    assert releases.url["b.txt"] == f"{URL}b"  # the first row, as the problem says
    assert releases.truncated.isna()["c.txt"], "truncated=maybe read as a yes or no"


# --------------------------------------------------------------------------
# Metadata typing and dates


def read_meta(block: str):
    raw = scan("m.txt", metadata(block, body("Metaby")).encode())
    release, problems = read_release(raw, ChromeStats())
    return raw, release, {p.code for p in problems}


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("title: No", "title", "No"),
        ("title: yes", "title", "yes"),
        ("title: off", "title", "off"),
        ("area: 0123", "area", "0123"),
        ("area: 1_000", "area", "1_000"),
        ("title: 1e3", "title", "1e3"),
        ("title: .inf", "title", ".inf"),
        ("title: 12:30", "title", "12:30"),
    ],
)
def test_metadata_values_stay_the_strings_written(line: str, field: str, value: str) -> None:
    raw, release, _ = read_meta(line)
    assert raw.meta[field] == value
    assert getattr(release, field) == value


def test_a_surrogate_escape_in_metadata_keeps_the_release(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "s.txt").write_text(metadata('title: "Bad \\ud800 escape"\narea: "ok \\ud83d\\ude00"', body("Surrogateby")), encoding="utf-8")
    _, tables = built(raw, tmp_path)
    row = tables.releases.iloc[0]
    assert row.title == "Bad \ufffd escape" and row.area_metadata == "ok \U0001F600"


@pytest.mark.parametrize(("date", "code"), [("0001-01-01", "implausible_date"), ("0202-05-06", "implausible_date"), ("9999-12-31", "future_date")])
def test_implausible_years_are_warnings_and_the_corpus_still_loads(tmp_path: Path, date: str, code: str) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "odd.txt").write_text(metadata(f"title: Odd\npublish.date: {date}", body("Oddyear")), encoding="utf-8")
    (raw / "fine.txt").write_text(metadata("title: Fine\npublish.date: 2021-04-05", body("Fineyear")), encoding="utf-8")
    _, tables = built(raw, tmp_path)  # load() converts every date column
    assert len(tables.releases) == 2
    assert ("odd.txt", code) in codes(tables)
    assert tables.releases.set_index("source_path").published.isna()["odd.txt"]


# --------------------------------------------------------------------------
# Chrome is what a site wraps around releases, never a release body

STOCK = "Modern slavery is a serious crime in which people are exploited for criminal gain by those who control them."


def syndicated_corpus(raw: Path, copies: int) -> str:
    """Six distinct releases that open with a stock sentence, and ``copies`` near-copies of a seventh on other sites."""
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(3):
        (raw / f"own{i}.txt").write_text(
            metadata(f"title: Own {i}\nurl: https://www.{['beds', 'cheshire', 'gmp'][i]}.police.uk/news/own{i}/", STOCK + "\n" + body(f"Ownton{i}")),
            encoding="utf-8",
        )
    national = STOCK + "\n" + body("Nationwide round-up") + "The operation ran across England and Wales for a week and involved every force.\n"
    for i in range(copies):
        force = ["herts", "essex", "kent", "surrey", "sussex", "norfolk", "suffolk", "dorset"][i]
        (raw / f"copy-{force}.txt").write_text(
            metadata(
                f"title: National round-up\nurl: https://www.{force}.police.uk/news/round-up/",
                f"This release was first published by the National Police Chiefs' Council on our behalf.\n{national}"
                f"Follow {force.title()} Police on social media for more news from across the county.\n",
            ),
            encoding="utf-8",
        )
    return national


@pytest.mark.parametrize("copies", [5, 8])
def test_copies_of_one_release_are_duplicates_never_chrome(tmp_path: Path, copies: int) -> None:
    syndicated_corpus(tmp_path / "raw", copies)
    summary, tables = built(tmp_path / "raw", tmp_path)
    releases = tables.releases.set_index("release_id")
    # every copy is a release with its full text, recorded as a copy of the first
    assert summary.n_releases == 3 + copies and summary.n_rejected == 0
    copy_ids = sorted(r for r in releases.index if r.startswith("copy-"))
    assert all("Nationwide round-up" in releases.body[r] and STOCK in releases.body[r] for r in copy_ids)
    assert pd.isna(releases.duplicate_of[copy_ids[0]])
    assert set(releases.duplicate_of[copy_ids[1:]]) == {copy_ids[0]}
    # the copies' lines are not chrome for anyone else: the other releases keep their stock sentence
    for i in range(3):
        assert releases.body[f"own{i}"].startswith(STOCK)
        assert releases.chrome_chars_removed[f"own{i}"] == 0


def test_adding_copies_of_a_release_changes_no_other_release(tmp_path: Path) -> None:
    syndicated_corpus(tmp_path / "a" / "raw", 1)
    syndicated_corpus(tmp_path / "b" / "raw", 8)
    _, alone = built(tmp_path / "a" / "raw", tmp_path / "a")
    _, many = built(tmp_path / "b" / "raw", tmp_path / "b")
    a = alone.releases.set_index("release_id")
    b = many.releases.set_index("release_id")
    for rid in a.index:
        assert a.body[rid] == b.body[rid], rid
    own_a = alone.figures[alone.figures.release_id.str.startswith("own")].reset_index(drop=True)
    own_b = many.figures[many.figures.release_id.str.startswith("own")].reset_index(drop=True)
    assert len(own_a) and own_a.equals(own_b)


def test_near_copy_groups_join_copies_and_keep_different_releases_apart() -> None:
    from releasekit.chrome import body_sketch, near_copy_groups

    cookie = "We use some essential cookies to make this website work and we would like to set more."
    pages = [
        cookie + "\n" + body("Alpha"),
        cookie + "\n" + body("Bravo"),
        "A local introduction that the force added before the national text here.\n" + body("Alpha"),
        cookie + "\n" + body("Charlie") + body("Alpha").split("\n")[0],
    ]
    groups = near_copy_groups([body_sketch(page) for page in pages])
    assert groups[0] == groups[2] == 0
    assert groups[1] == 1 and groups[3] == 3


# --------------------------------------------------------------------------
# Property: any folder, every entry accounted for, raw untouched, same tables twice

NAME = st.tuples(
    st.sampled_from(["r", "R", "café", unicodedata.normalize("NFD", "café"), ".hidden", "notes", "x y", "ça"]),
    st.sampled_from([".txt", ".TXT", ".Txt", ".md", ".csv", ".json", ".txt~", "", ".txt.bak", ".png"]),
)
ENTRY = st.tuples(
    st.sampled_from(["", "sub/", ".git/", "Sub/", "a/b/", "__pycache__/"]),
    NAME,
    st.sampled_from(["release", "metadata", "empty", "binary", "link-to-nothing", "link-to-folder"]),
)


def make_folder(raw: Path, entries) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for i, (folder, (stem, suffix), kind) in enumerate(entries):
        path = raw / folder / f"{stem}{i % 3}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            continue
        if kind == "release":
            path.write_text(body(f"Prop{i}"), encoding="utf-8")
        elif kind == "metadata":
            path.write_text(metadata(f"title: No\narea: 0{i}", body(f"Meta{i}")), encoding="utf-8")
        elif kind == "empty":
            path.write_bytes(b"")
        elif kind == "binary":
            path.write_bytes(b"\x00\x01\x02" * 10)
        elif kind == "link-to-nothing":
            path.symlink_to(raw / "nowhere")
        else:
            path.symlink_to(raw.parent)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(ENTRY, min_size=1, max_size=14))
def test_any_folder_every_entry_is_accounted_for_and_raw_is_untouched(tmp_path_factory: pytest.TempPathFactory, entries) -> None:
    import hashlib

    base = tmp_path_factory.mktemp("prop")
    raw = base / "raw"
    make_folder(raw, entries)

    def state() -> dict[str, str]:
        found = {}
        for p in sorted(raw.rglob("*")):
            found[p.relative_to(raw).as_posix()] = (
                "link:" + os.readlink(p) if p.is_symlink() else hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            )
        return found

    before = state()
    summary = build(raw, base / "out", jobs=1, cache=False)
    assert state() == before, "the build changed the raw folder"
    tables = load(base / "out")
    candidates, others = survey_raw_folder(raw)
    released = set(tables.releases.source_path)
    errors = set(tables.problems.query("severity == 'error'").source_path)
    assert not released & errors
    assert set(candidates) <= released | set(tables.problems.source_path)
    assert {p.source_path for p in others} <= set(tables.problems.source_path)
    assert tables.releases.release_id.str.casefold().map(lambda r: unicodedata.normalize("NFC", r)).is_unique
    assert summary.n_files == len(released) + summary.n_rejected
    # only files of a release format can be releases, and no file under a hidden or VCS folder
    for path in released:
        assert Path(path).suffix.lower() in RELEASE_SUFFIXES
        assert not any(part.startswith(".") or part == "__pycache__" for part in Path(path).parts[:-1])
    # identical inputs, identical tables (with the cache this time)
    build(raw, base / "again", jobs=1)
    for name in ("releases", "figures", "problems"):
        assert (base / "out" / f"{name}.parquet").read_bytes() == (base / "again" / f"{name}.parquet").read_bytes()
