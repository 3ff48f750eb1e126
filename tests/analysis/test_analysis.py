"""Unit tests of the table functions of releasekit.analysis (corpus, totals, agencies, groups, evidence) on small hand-made tables."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from releasekit import analysis


def _releases() -> pd.DataFrame:
    return pd.DataFrame({
        "release_id": ["a", "b", "c", "d", "e"],
        "issuer": ["Kent Police", "Kent Police", "Essex Police", "Essex Police", None],
        "title": ["Three arrested in raid", "Spot the signs of slavery", "Gang jailed",
                  "Awareness week: arrests", "Undated"],
        "published": pd.to_datetime(["2020-01-15", "2020-02-01", "2020-05-20", "2021-03-01", None]),
        "truncated": pd.array([True, True, False, None, True], dtype="boolean"),
        "duplicate_of": [None, None, None, None, None],
        "body": ["Three men were arrested.", "Look for the signs.", "Two men were jailed.",
                 "Several arrests were made.", "Text."],
    })


def _totals() -> pd.DataFrame:
    rows = [
        ("a", "arrested", 3, "exact"), ("a", "safeguarded", 40, "approx"),
        ("b", "arrested", None, None), ("b", "safeguarded", None, None),
        ("c", "arrested", 5, "at_least"), ("c", "safeguarded", 2, "exact"),
        ("d", "arrested", None, "vague"), ("d", "safeguarded", None, None),
        ("e", "arrested", 7, "exact"), ("e", "safeguarded", None, None),
    ]
    t = pd.DataFrame(rows, columns=["release_id", "measure", "value", "qualifier"])
    t["value"] = t["value"].astype("Int64")
    return t


def test_per_period_sums_and_counts_vague_apart() -> None:
    out = analysis.per_period(_totals(), _releases(), "Q", measures=["arrested"])
    out = out.assign(period=out["period"].astype(str)).set_index("period")
    # 2020Q1: a (3, exact) + b (no figure) -> 3 from one release of two
    assert out.loc["2020Q1", "value"] == 3
    assert out.loc["2020Q1", "qualifier"] == "exact"
    assert out.loc["2020Q1", ["n_stating", "n_vague", "n_releases"]].tolist() == [1, 0, 2]
    assert out.loc["2020Q2", "qualifier"] == "at_least"
    # 2021Q1: only a vague figure -> no value, counted apart
    assert pd.isna(out.loc["2021Q1", "value"])
    assert out.loc["2021Q1", "n_vague"] == 1
    # every quarter between first and last appears, empty ones with coverage 0
    assert list(out.index) == ["2020Q1", "2020Q2", "2020Q3", "2020Q4", "2021Q1"]
    assert out.loc["2020Q3", "n_releases"] == 0 and pd.isna(out.loc["2020Q3", "value"])
    # the undated release e (7 arrests) is on no time axis
    assert out["value"].sum() == 8


def test_per_period_yearly_weakest_qualifier() -> None:
    out = analysis.per_period(_totals(), _releases(), "Y", measures=["safeguarded", "arrested"])
    assert out["measure"].tolist()[:2] == ["safeguarded", "safeguarded"]
    row = out[(out["measure"] == "safeguarded") & (out["period"].astype(str) == "2020")].iloc[0]
    assert row["value"] == 42 and row["qualifier"] == "approx" and row["n_stating"] == 2
    with pytest.raises(ValueError):
        analysis.per_period(_totals(), _releases(), "W")


def test_per_issuer_includes_every_issuer_and_unknown() -> None:
    out = analysis.per_issuer(_totals(), _releases(), measures=["arrested"])
    assert out["issuer"].tolist() == ["Essex Police", "Kent Police", "unknown"]
    assert out["value"].tolist() == [5, 3, 7]
    assert out["n_vague"].tolist() == [1, 0, 0]
    assert out["n_releases"].tolist() == [2, 2, 1]


def test_filter_tables_by_date_force_and_duplicates() -> None:
    releases = _releases()
    releases.loc[1, "duplicate_of"] = "a"
    tables = SimpleNamespace(releases=releases, totals=_totals(),
                             problems=pd.DataFrame({"source_path": ["x.txt"]}))
    out = analysis.filter_tables(tables, start="2020-02-01", end="2020-12-31")
    assert sorted(out.releases["release_id"]) == ["c", "e"]  # b is a duplicate, e undated
    assert set(out.totals["release_id"]) == {"c", "e"}
    assert len(out.problems) == 1
    out = analysis.filter_tables(tables, issuers=["Kent Police"], include_undated=False,
                               drop_duplicates=False)
    assert sorted(out.releases["release_id"]) == ["a", "b"]


def test_corpus_summary_and_describe() -> None:
    s = analysis.corpus_summary(_releases())
    assert s["releases"] == 5 and s["undated"] == 1 and s["truncated"] == 3
    assert s["truncation_unknown"] == 1
    assert (s["first"], s["last"]) == ("2020-01-15", "2021-03-01")
    assert s["issuers"] == ["Essex Police", "Kent Police"] and s["n_issuers"] == 2
    assert "3 of 5 captures are truncated" in analysis.describe(_releases())
    # a collection with no truncated capture is not told that every total undercounts (a new user's own files)
    whole = _releases().assign(truncated=pd.array([None] * 5, dtype="boolean"))
    assert "undercounts" not in analysis.describe(whole) and "No capture is marked truncated (5 of 5 unknown" in analysis.describe(whole)
    none = _releases().assign(truncated=pd.array([False] * 5, dtype="boolean"))
    assert "No capture of the 5 is truncated." in analysis.describe(none)


def test_qualifier_counts() -> None:
    out = analysis.qualifier_counts(_totals(), ["arrested", "safeguarded"]).set_index("measure")
    assert out.loc["arrested"].tolist() == [2, 0, 1, 1, 1]
    assert out.loc["safeguarded"].tolist() == [1, 1, 0, 0, 3]


def _agencies() -> pd.DataFrame:
    rows = [
        ("a", "Azalea", "charity", "involved"), ("a", "Azalea", "charity", "involved"),
        ("a", "Europol", "international", "involved"), ("a", "Crimestoppers", "helpline", "contact"),
        ("c", "Azalea", "charity", "involved"), ("c", "Unseen", "charity", "mentioned"),
        ("d", "Europol", "international", "involved"), ("d", "Unseen", "charity", "involved"),
    ]
    return pd.DataFrame(rows, columns=["release_id", "agency", "agency_type", "role"])


def test_co_involvement_counts_releases_not_mentions() -> None:
    m = analysis.co_involvement(_agencies())
    assert list(m.index) == ["Azalea", "Europol", "Unseen"] == list(m.columns)
    assert m.loc["Azalea", "Azalea"] == 2  # two releases, three mentions
    assert m.loc["Azalea", "Europol"] == m.loc["Europol", "Azalea"] == 1
    assert m.loc["Azalea", "Unseen"] == 0  # Unseen is only mentioned in c
    assert m.loc["Europol", "Unseen"] == 1
    charities = analysis.co_involvement(_agencies(), agency_types=["charity"], min_releases=2)
    assert list(charities.index) == ["Azalea"]
    types = analysis.co_involvement(_agencies(), by="agency_type", role=None)
    assert types.loc["charity", "helpline"] == 1 and types.loc["charity", "charity"] == 3


def test_agency_share_by_year() -> None:
    share = analysis.agency_share_by_year(_agencies(), _releases())
    row = share[(share["period"] == "2020") & (share["agency_type"] == "charity")].iloc[0]
    assert (row["n_releases"], row["n_period"]) == (2, 3)
    assert row["share"] == pytest.approx(2 / 3)
    helpline = share[(share["period"] == "2020") & (share["agency_type"] == "helpline")].iloc[0]
    assert helpline["n_releases"] == 0  # only a contact, not involved
    m = analysis.agency_year_matrix(share)
    assert list(m.columns) == ["2020", "2021"]
    assert m.loc["international", "2021"] == 1.0


def test_define_groups() -> None:
    g = analysis.define_groups(_releases(), "pattern", r"arrest|jailed", r"signs|awareness",
                             labels=("ops", "aware"))
    assert g.to_dict() == {"a": "ops", "b": "aware", "c": "ops"}
    assert g.attrs["in_both"] == ["d"]  # "Awareness week: arrests" matches both
    g = analysis.define_groups(_releases(), "period", ("2020-01-01", "2020-12-31"),
                             ("2021-01-01", "2021-12-31"))
    assert g.to_dict() == {"a": "2020-01 to 2020-12", "b": "2020-01 to 2020-12",
                           "c": "2020-01 to 2020-12", "d": "2021-01 to 2021-12"}
    g = analysis.define_groups(_releases(), "issuer", "Kent Police", ["Essex Police"])
    assert sorted(g.items()) == [("a", "Kent Police"), ("b", "Kent Police"),
                                 ("c", "Essex Police"), ("d", "Essex Police")]
    with pytest.raises(ValueError):
        analysis.define_groups(_releases(), "colour", "a", "b")


def _evidence_tables() -> SimpleNamespace:
    body = "Ten men were arrested in Luton. A further four were arrested in Romania. Last year 15 were arrested."
    releases = pd.DataFrame({"release_id": ["r"], "title": ["T"], "body": [body],
                             "published": pd.to_datetime(["2022-03-30"])})
    s1, s2, s3 = body.index("Ten men"), body.index("A further"), body.index("Last year")
    figures = pd.DataFrame({
        "release_id": ["r", "r", "r"], "figure_id": [0, 1, 2], "measure": ["arrested"] * 3,
        "value": pd.array([10, 4, 15], dtype="Int64"), "qualifier": ["exact"] * 3,
        "scope": ["current", "current", "background"],
        "start": [s1, s2 + 10, body.index("15")], "end": [s1 + 7, s2 + 14, body.index("15") + 2],
        "evidence": ["Ten men were arrested in Luton.", "A further four were arrested in Romania.",
                     "Last year 15 were arrested."],
        "rule": ["number_word", "further", "digits"],
    })
    totals = pd.DataFrame({"release_id": ["r"], "measure": ["arrested"],
                           "value": pd.array([14], dtype="Int64"), "qualifier": ["exact"],
                           "n_figures": [2]})
    return SimpleNamespace(releases=releases, figures=figures, totals=totals)


def test_evidence_for_marks_what_is_counted() -> None:
    t = _evidence_tables()
    ev = analysis.evidence_for(t, "r", "arrested")
    assert ev["counted"].tolist() == [True, True, False]
    assert ev.attrs["total"] == (14, "exact")
    assert ev.loc[ev["counted"], "value"].sum() == 14
    bad = _evidence_tables()
    bad.figures.loc[0, "start"] = 0
    bad.figures.loc[0, "end"] = 3  # "Ten" is fine; shift to a span outside the sentence
    bad.figures.loc[0, "start"], bad.figures.loc[0, "end"] = 40, 50
    with pytest.raises(AssertionError):
        analysis.evidence_for(bad, "r", "arrested")


def test_evidence_for_period_and_audit() -> None:
    t = _evidence_tables()
    ev = analysis.evidence_for_period(t, "arrested", "2022", "Y")
    assert ev["value"].tolist() == [10, 4]
    assert ev.attrs["totals"]["value"].tolist() == [14]
    assert analysis.evidence_for_period(t, "arrested", "2021", "Y").empty
    audit = analysis.audit_totals(t, ["arrested"], n=1)
    assert audit["words"].tolist() == ["Ten men", "four"]
    assert audit["total"].tolist() == [14, 14]


def test_stem_term() -> None:
    assert analysis.stem_term("Sex workers") == "sex worker"
    assert analysis.stem_term("exploitation") == "exploit"
    assert analysis.stem_term("victims") == "victim"


def test_scores_and_disagreements_frames() -> None:
    from releasekit.evaluate import Report, Score

    rep = Report(scores=[Score("totals arrested: accuracy", 0.5, 1, 2)],
                 disagreements=["[total arrested] r1: gold 4, got 3 -- current 3 [x] «...»",
                                "something else"])
    assert analysis.scores_frame(rep).values.tolist() == [["totals arrested: accuracy", 0.5, 1, 2]]
    d = analysis.disagreements_frame(rep)
    assert d.iloc[0].tolist() == ["total arrested", "r1", "gold 4, got 3 -- current 3 [x] «...»"]
    assert d.iloc[1]["kind"] == "other"


def test_most_common_form_labels_stems() -> None:
    tokens = pd.DataFrame({"stem": ["peopl", "peopl", "peopl", "victim", "victim"],
                           "lower": ["people", "people", "peoples", "victims", "victim"]})
    forms = analysis.most_common_form(tokens)
    assert forms.to_dict() == {"peopl": "people", "victim": "victim"}  # tie -> alphabetical


def test_empty_tables_give_empty_results() -> None:
    releases = _releases().iloc[0:0]
    totals = _totals().iloc[0:0]
    assert analysis.per_period(totals, releases, "Y").empty
    assert analysis.per_issuer(totals, releases).empty
    assert analysis.co_involvement(_agencies().iloc[0:0]).shape == (0, 0)
    assert analysis.agency_share_by_year(_agencies().iloc[0:0], releases).empty
    # totals for releases with no dated release still give the coverage of each period
    out = analysis.per_period(totals, _releases(), "Y", measures=["arrested"])
    assert out["n_releases"].tolist() == [3, 1] and out["value"].isna().all()


def test_agency_type_counts_hides_shares_of_small_periods() -> None:
    share = pd.DataFrame({
        "period": ["2019", "2019", "2020", "2020"],
        "agency_type": ["charity", "police_force", "charity", "police_force"],
        "n_releases": [1, 1, 3, 12],
        "n_period": [1, 1, 12, 12],
        "share": [1.0, 1.0, 0.25, 1.0],
    })
    out = analysis.agency_type_counts(share, min_releases=10)
    # ordered by total count: police_force (13) before charity (4)
    assert out["agency_type"].tolist() == ["police_force", "police_force", "charity", "charity"]
    got = out.set_index(["agency_type", "period"])
    assert pd.isna(got.loc[("charity", "2019"), "share"])  # 1 release: no 100 % share
    assert got.loc[("charity", "2020"), "share"] == 0.25
    assert got.loc[("charity", "2019"), "n_releases"] == 1  # the count stays
    assert not got.loc[("police_force", "2019"), "enough"]
    with pytest.raises(ValueError):
        analysis.agency_type_counts(share, min_releases=0)


def _with_kinds() -> pd.DataFrame:
    releases = _releases()
    releases["kind"] = ["operation", "awareness", "court", "awareness", "operation"]
    return releases


def test_filter_tables_by_kind() -> None:
    tables = SimpleNamespace(releases=_with_kinds(), totals=_totals())
    out = analysis.filter_tables(tables, kinds=["operation"])
    assert sorted(out.releases["release_id"]) == ["a", "e"]
    assert set(out.totals["release_id"]) == {"a", "e"}
    with pytest.raises(ValueError):
        analysis.filter_tables(SimpleNamespace(releases=_releases(), totals=_totals()), kinds=["court"])


def test_per_kind_sums_totals_by_release_kind() -> None:
    out = analysis.per_kind(_totals(), _with_kinds(), measures=["arrested", "safeguarded"], by_level=False)
    rows = {(r.kind, r.measure): r for r in out.itertuples()}
    assert rows[("operation", "arrested")].value == 10 and rows[("operation", "arrested")].n_stating == 2
    assert rows[("operation", "arrested")].n_releases == 2
    assert rows[("court", "arrested")].qualifier == "at_least"
    assert rows[("awareness", "arrested")].n_vague == 1 and rows[("awareness", "arrested")].n_stating == 0
    assert rows[("operation", "safeguarded")].value == 40
    assert list(out.columns[:2]) == ["kind", "measure"]


def test_both_selections_cut_every_release_table_and_keep_problems_whole() -> None:
    # filter_tables and select_releases share one way of cutting the tables to a set of releases
    problems = pd.DataFrame({"source_path": ["x.txt"], "severity": ["error"], "code": ["no_release_text"], "message": ["m"]})
    releases = _with_kinds().assign(level=["force", "national", "force", "force", None])
    tables = SimpleNamespace(releases=releases, totals=_totals(), problems=problems)
    by_force = analysis.filter_tables(tables, issuers=["Kent Police"])
    by_level = analysis.select_releases(tables, levels=["force"])
    assert sorted(by_force.releases.release_id) == ["a", "b"] and set(by_force.totals.release_id) == {"a", "b"}
    assert sorted(by_level.releases.release_id) == ["a", "c", "d"] and set(by_level.totals.release_id) == {"a", "c", "d"}
    for out in (by_force, by_level):
        assert out.problems is problems  # per file, not per release: passed through
        assert list(out.totals.index) == list(range(len(out.totals)))  # index reset
