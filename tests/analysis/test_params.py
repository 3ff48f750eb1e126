"""Notebook parameters that fail loudly: releasekit.analysis.params.check_parameters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import releasekit
from releasekit import analysis
from releasekit.analysis.params import ParameterError, check_parameters, close_matches, parse_list

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tables(built: Path):
    return releasekit.load(built)


def base(built: Path, **overrides):
    values = {
        "PROCESSED": str(built),
        "START": None,
        "END": None,
        "FORCES": None,
        "INCLUDE_UNDATED": True,
        "PERIOD": "Y",
        "MEASURES": ["arrested", "safeguarded"],
        "DATE_COLUMN": "published",
    }
    values.update(overrides)
    return values


def test_defaults_pass_and_come_back_normalised(built: Path) -> None:
    out = check_parameters(base(built, PERIOD="quarter", START="2015-01-01"))
    assert out["PERIOD"] == "Q" and out["START"] == "2015-01-01" and out["MEASURES"] == ["arrested", "safeguarded"]
    assert "PROCESSED" in out and "tables" not in out


def test_forces_given_as_a_string_by_papermill_p_are_parsed(built: Path) -> None:
    out = check_parameters(base(built, FORCES='["Bedfordshire Police", "Suffolk Constabulary"]'))
    assert out["FORCES"] == ["Bedfordshire Police", "Suffolk Constabulary"]
    out = check_parameters(base(built, FORCES="Bedfordshire Police"))
    assert out["FORCES"] == ["Bedfordshire Police"]


@pytest.mark.parametrize("text", ['["Bedfordshire Police", "Suffolk', "Bedfordshire Police, Suffolk Constabulary"])
def test_list_text_that_cannot_be_read_is_refused_naming_the_parameter_and_papermill_y(built: Path, text: str) -> None:
    with pytest.raises(ParameterError) as error:
        check_parameters(base(built, FORCES=text))
    message = str(error.value)
    assert message.startswith("FORCES") and "-y 'FORCES: [" in message and "Suffolk" in message


def test_misspelt_force_is_refused_with_the_closest_names(built: Path) -> None:
    with pytest.raises(ParameterError, match=r"(?s)FORCES: issuer 'Bedforshire Police' .*Did you mean 'Bedfordshire Police'"):
        check_parameters(base(built, FORCES=["Bedforshire Police"]))
    with pytest.raises(ParameterError, match="Did you mean 'Bedfordshire Police'"):
        check_parameters(base(built, FORCES=["bedfordshire police"]))  # case matters in the tables


def test_unknown_measure_period_and_date_column_are_refused(built: Path) -> None:
    with pytest.raises(ParameterError, match=r"(?s)MEASURES: measure 'arrests' .*Did you mean 'arrested'"):
        check_parameters(base(built, MEASURES="[arrests, charged]"))
    with pytest.raises(ParameterError, match=r"PERIOD must be 'M' .* not 'W'"):
        check_parameters(base(built, PERIOD="W"))
    with pytest.raises(ParameterError, match=r"Did you mean 'event_date'"):
        check_parameters(base(built, DATE_COLUMN="event_dates"))


def test_kinds_and_levels_are_checked_when_the_tables_hold_them(tables) -> None:
    releases = tables.releases.assign(kind=["operation"] * (len(tables.releases) - 1) + ["awareness"])
    fake = type("T", (), {"releases": releases, "totals": tables.totals})
    assert check_parameters({"KINDS": "[awareness]"}, fake)["KINDS"] == ["awareness"]
    with pytest.raises(ParameterError, match="Did you mean 'operation'"):
        check_parameters({"KINDS": ["operations"]}, fake)
    # tables without the column (an older build): nothing to check against, no error
    assert check_parameters({"LEVELS": ["force"]}, tables)["LEVELS"] == ["force"]


def test_empty_selection_stops_with_a_message(built: Path, tables) -> None:
    n = len(tables.releases)
    with pytest.raises(ParameterError, match=rf"(?s)no release is left after the filters START='2031-01-01'.*The tables hold {n} releases"):
        check_parameters(base(built, START="2031-01-01", INCLUDE_UNDATED=False))
    # a range that keeps only undated releases (INCLUDE_UNDATED) stops too: a chart over time of no date
    # failed inside matplotlib (ConversionError) after "published None to None"
    if tables.releases["published"].isna().any():
        with pytest.raises(ParameterError, match=r"(?s)no dated release is left after the filters START='2031-01-01'.*never on a time axis"):
            check_parameters(base(built, START="2031-01-01"))
        with pytest.raises(ParameterError, match=r"no dated release is left after the filters END='1990-01-01'"):
            check_parameters(base(built, END="1990-01-01"))
    with pytest.raises(ParameterError, match="START 2024-01-01 is after END 2020-01-01"):
        check_parameters(base(built, START="2024-01-01", END="2020-01-01"))
    with pytest.raises(ParameterError, match="START must be an ISO date"):
        check_parameters(base(built, START="1/1/2020"))


def test_wrong_processed_folder_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="(?s)PROCESSED: no tables in .*releasekit build"):
        check_parameters({"PROCESSED": str(tmp_path)})


def test_numbers_flags_and_regexes(built: Path) -> None:
    assert check_parameters(base(built, INCLUDE_UNDATED="false"))["INCLUDE_UNDATED"] is False
    with pytest.raises(ParameterError, match="TOP_N must be a whole number"):
        check_parameters(base(built, TOP_N="many"))
    groups = {"GROUP_KIND": "pattern", "GROUP_A": "arrest(", "GROUP_B": "awareness"}
    with pytest.raises(ParameterError, match="GROUP_A is not a valid regular expression"):
        check_parameters(base(built, **groups))


def test_groups_by_any_column_checked_and_empty_group_refused(built: Path) -> None:
    out = check_parameters(base(built, GROUP_KIND="issuer_type", GROUP_A="national_agency", GROUP_B="police_force", LABELS=None))
    assert (out["GROUP_A"], out["GROUP_B"]) == ("national_agency", "police_force")
    with pytest.raises(ParameterError, match=r"(?s)GROUP_B: issuer_type value 'police' .*Did you mean 'police_force'"):
        check_parameters(base(built, GROUP_KIND="issuer_type", GROUP_A="national_agency", GROUP_B="police"))
    with pytest.raises(ParameterError, match=r"(?s)GROUP_KIND: group kind 'issuers' .*Did you mean 'issuer'"):
        check_parameters(base(built, GROUP_KIND="issuers", GROUP_A="x", GROUP_B="y"))
    with pytest.raises(ParameterError, match="GROUP_A .* holds no release of the selection"):
        check_parameters(base(built, GROUP_KIND="pattern", GROUP_A="zzzz-no-title", GROUP_B="arrest"))
    mixed = {"issuer": "Gangmasters and Labour Abuse Authority"}
    out = check_parameters(base(built, GROUP_KIND="columns", GROUP_A=mixed, GROUP_B={"issuer_type": "police_force"}))
    assert out["GROUP_A"] == {"issuer": ["Gangmasters and Labour Abuse Authority"]}
    with pytest.raises(ParameterError, match="GROUP_A must be a mapping"):
        check_parameters(base(built, GROUP_KIND="columns", GROUP_A="GLAA", GROUP_B={"issuer_type": "police_force"}))


def test_parse_list_and_close_matches_helpers() -> None:
    assert parse_list("TERMS", "[victim, 'sex work']") == ["victim", "sex work"]
    assert parse_list("TERMS", ("a", "b")) == ["a", "b"]
    assert close_matches("Kent", ["Kent Police", "Essex Police"]) == ["Kent Police"]


def test_parameter_error_renders_without_a_traceback_in_jupyter() -> None:
    lines = ParameterError("FORCES: bad\nsecond line")._render_traceback_()
    assert "FORCES: bad" in lines[0] and lines[1] == "  second line"


def test_every_notebook_checks_its_parameters_right_after_the_parameters_cell() -> None:
    from releasekit.analysis.params import SPECS

    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        index = next(i for i, c in enumerate(cells) if "parameters" in c["metadata"].get("tags", []))
        params = "".join(cells[index]["source"])
        code = ["".join(c["source"]) for c in cells[index + 1 :] if c["cell_type"] == "code"]
        assert "check_parameters(globals())" in code[0], path.name  # the next code cell, before any load
        assert not any("releasekit.load" in source for source in code[:1]), path.name
        names = [line.split("=")[0].strip() for line in params.splitlines() if "=" in line and not line.startswith("#")]
        unchecked = [n for n in names if n.isupper() and n not in SPECS and n not in ("GROUP_A", "GROUP_B")]
        assert not unchecked, f"{path.name}: parameters without a check: {unchecked}"


def test_per_period_by_issuer_type_gives_one_series_per_group(tables) -> None:
    whole = analysis.per_period(tables.totals, tables.releases, "Y", measures=["arrested"])
    by = analysis.per_period_by(tables.totals, tables.releases, "issuer_type", "Y", measures=["arrested"])
    assert list(by.columns[:3]) == ["issuer_type", "measure", "period"]
    summed = by.groupby("period")[["n_releases", "n_stating"]].sum()
    assert summed["n_releases"].tolist() == whole.set_index("period")["n_releases"].tolist()
    assert summed["n_stating"].tolist() == whole.set_index("period")["n_stating"].tolist()
    values = by.groupby("period")["value"].sum(min_count=1)
    assert values.fillna(-1).tolist() == whole.set_index("period")["value"].astype("float").fillna(-1).tolist()
    assert set(by["issuer_type"]) == set(analysis.group_column(tables.releases, "issuer_type"))
    assert {"police_force", "national_agency"} <= set(by["issuer_type"])


def test_define_groups_by_any_column_and_labels_follow_the_groups(tables) -> None:
    groups = analysis.define_groups(tables.releases, "columns", {"issuer": "Gangmasters and Labour Abuse Authority"}, {"issuer_type": "police_force"})
    assert groups.attrs["labels"] == ("Gangmasters and Labour Abuse Authority", "police_force")
    glaa = set(tables.releases.query("force == 'Gangmasters and Labour Abuse Authority'").release_id)
    assert set(groups[groups == "Gangmasters and Labour Abuse Authority"].index) == glaa
    by_format = analysis.define_groups(tables.releases, "format", "metadata", "page")
    assert by_format.attrs["labels"] == ("metadata", "page") and len(by_format) == len(tables.releases)
    pattern = analysis.define_groups(tables.releases, "pattern", "arrest|charged|jailed|sentenc", "awareness")
    assert pattern.attrs["labels"] == ("titles: arrest|charged|jailed|...", "titles: awareness")
    with pytest.raises(ValueError, match="kind must be"):
        analysis.define_groups(tables.releases, "no_such_column", "a", "b")


def test_filter_tables_refuses_a_misspelt_force_in_a_plain_script(tables) -> None:
    with pytest.raises(ValueError, match="did you mean 'Suffolk Constabulary'"):
        analysis.filter_tables(tables, issuers=["Sufolk Constabulary"])
    kept = analysis.filter_tables(tables, issuers=["Suffolk Constabulary"])
    expected = tables.releases.query("issuer == 'Suffolk Constabulary' and duplicate_of.isna()")
    assert set(kept.releases.issuer) == {"Suffolk Constabulary"} and len(kept.releases) == len(expected) > 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ROLE", "involve", "Did you mean 'involved'"),
        ("WORD_COLUMN", "stems", "Did you mean 'stem'"),
        ("TERM_COLUMN", "Lower", "Did you mean 'lower'"),
        ("PARTNER_TYPES", "[charities]", "Did you mean 'charity'"),
        ("AUDIT_MEASURE", "safeguard", "Did you mean 'safeguarded'"),
        ("AUDIT_RELEASE", "002_d9cd9735170886ex", "Did you mean '002_d9cd9735170886ed'"),
        ("GROUP_BY", "issuers", "Did you mean 'issuer'"),
        ("LABELS", "[only one]", "LABELS must be two different labels"),
        ("INCLUDE_UNDATED", "maybe", "INCLUDE_UNDATED must be True or False"),
        ("EXCLUDE_STOCK_PARAGRAPHS", 2, "must be True or False"),
        ("KWIC_LINES", -1, "KWIC_LINES must be a whole number"),
        ("TERMS", "victim, women", "-y 'TERMS: [victim, women]'"),
        ("MEASURES", None, "MEASURES must be set"),
        ("PERIOD", "quarterly", "Did you mean 'quarter'"),
    ],
)
def test_each_kind_of_parameter_is_checked(built: Path, name: str, value, message: str) -> None:
    with pytest.raises(ParameterError) as error:
        check_parameters(base(built, **{name: value}))
    assert message in str(error.value)


def test_period_groups_of_notebook_04_are_checked(built: Path) -> None:
    out = check_parameters(base(built, GROUP_KIND="period", GROUP_A='["2005-01-01", "2018-12-31"]', GROUP_B=("2019-01-01", "2025-12-31")))
    assert out["GROUP_A"] == ("2005-01-01", "2018-12-31")
    with pytest.raises(ParameterError, match="start 2019-01-01 is after end 2018-12-31"):
        check_parameters(base(built, GROUP_KIND="period", GROUP_A=("2019-01-01", "2018-12-31"), GROUP_B=("2019-01-01", "2025-12-31")))
    with pytest.raises(ParameterError, match=r"must be a \(start, end\) pair"):
        check_parameters(base(built, GROUP_KIND="period", GROUP_A="2019", GROUP_B=("2019-01-01", "2025-12-31")))
