"""Tests for releasekit.extract.kind (codebook section 11) with invented headlines."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from releasekit.extract.kind import KINDS, KindRuleError, classify_release, load_kind_rules
from releasekit.text import split_sentences

RULES = Path(__file__).resolve().parents[2] / "src" / "releasekit" / "data" / "kind_rules.yaml"


@pytest.mark.parametrize(
    "title, body, kind",
    [
        ("Six arrested in dawn raids on car washes", "Six people were arrested on Tuesday.", "operation"),
        ("Two women charged with trafficking offences", "Two women have been charged.", "charge"),
        ("Gang leader jailed after raids on brothels", "A man was jailed for nine years.", "court"),
        ("Annual figures show rise in referrals", "Figures published today show 400 referrals.", "statistics"),
        ("Police mark Anti-Slavery Day with appeal", "Officers are asking the public to report concerns.", "awareness"),
        ("Commissioner awards grant for survivor service", "A grant of £50,000 will fund a new service.", "funding"),
        # "funds" and "awarded £..." (blind trial 14, v09: read as operation)
        ("Commissioner funds two new Victim Navigators to support survivors",
         "The Commissioner has awarded £186,000 to the charity Justice and Care to place two navigators with "
         "the force. In that time she has supported 46 survivors.", "funding"),
        (None, "The Commissioner has awarded £186,000 to a charity to place two navigators with the force.", "funding"),
        ("New chief constable appointed", "The force has appointed a new chief constable.", "other"),
        (None, "More than 200 victims have been rescued since the unit was set up.", "statistics"),
    ],
)
def test_kind_from_the_lead(title: str | None, body: str, kind: str) -> None:
    got = classify_release(title, body, split_sentences(body))
    assert got.kind == kind and got.kind in KINDS and got.rule
    if got.evidence is not None:
        assert got.evidence.lower() in ((title or "") + " " + body).lower()


def test_the_headline_leads_over_the_body() -> None:
    body = "The case began with raids in 2019 when 12 people were arrested."
    assert classify_release("Trafficker sentenced to eight years", body, split_sentences(body)).kind == "court"


def test_no_cue_is_other_with_the_default_rule() -> None:
    got = classify_release("A page", "Contact us.", split_sentences("Contact us."))
    assert (got.kind, got.evidence, got.rule) == ("other", None, "kind_default")


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda r: r["rules"][0].__setitem__("kind", "trial"), ["rules", "kind_court", "trial"]),
        (lambda r: r["rules"][1].__setitem__("pattern", "(oops"), ["rules", "kind_charge", "compile"]),
        (lambda r: r["overrides"][0].__setitem__("weight", 2), ["overrides", "weight"]),
        (lambda r: r.__setitem__("extra", 1), ["extra", "unknown section"]),
    ],
)
def test_kind_rule_errors_name_file_section_and_rule(tmp_path: Path, change, words: list[str]) -> None:  # noqa: ANN001
    raw = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "kind_rules.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(KindRuleError) as error:
        load_kind_rules(str(path))
    for word in [str(path)] + words:
        assert word in str(error.value)


def _kind(title: str | None, body: str):  # noqa: ANN202
    return classify_release(title, body, split_sentences(body))


# Each rule with invented headlines and openings (different words, numbers and order).
@pytest.mark.parametrize(
    "title, body, kind, rule",
    [
        # a count over a period is a statistic, whichever comes first
        ("Unit made 1,200 arrests last year", "The regional unit made 1,200 arrests last year.", "statistics", "kind_period_count"),
        (None, "During 2021, 85 potential victims were referred by the force.", "statistics", "kind_period_count"),
        ("Force tops 450 arrests over the past twelve months", "Officers said the work would go on.", "statistics", "kind_period_count"),
        # running totals
        ("Police arrest 40 more", "Officers have now arrested 40 people in the inquiry.", "statistics", "kind_running_total"),
        ("Crackdown goes on", "So far 75 suspects have been detained across the county.", "statistics", "kind_running_total"),
        ("Safeguarding drive continues", "Since then, more than 60 victims have been helped by the team.", "statistics", "kind_running_total"),
        ("Rescues top 90", "The force has rescued 90 people since January.", "statistics", "kind_running_total"),
        ("Checks on farms stepped up", "Inspectors have been carrying out checks on farms since the spring.", "statistics", "kind_running_total"),
        # advice and information pages
        ("What is human trafficking?", "This page explains the crime.", "awareness", "kind_advice_page"),
        ("Labour exploitation", "Labour exploitation is a form of modern slavery.", "awareness", "kind_advice_page"),
        ("Exploitation unit", "Anyone can become a victim of exploitation. Have you been a victim of this crime?", "awareness", "kind_advice_page"),
        ("Reporting concerns", "If you suspect someone is being exploited, call us.", "awareness", "kind_advice_page"),
        ("Survivor story: Maria", "Maria came to the country for work in a hotel.", "awareness", "kind_advice_page"),
        # operations named by a joint operation, a visit or people found
        ("Coastguard joins regional anti-slavery operation", "Officers took part alongside other agencies.", "operation", "kind_joint_operation"),
        ("A week in the borough", "A multi-agency response took place on 3 and 4 May in the borough.", "operation", "kind_joint_operation"),
        ("Officers check salons", "Officers visited 14 nail salons in the town on Friday.", "operation", "kind_operation_visit"),
        ("Inspectors at the docks", "Inspectors spoke to 30 workers at the quay and found two potential victims.", "operation", "kind_operation_found"),
        # furthest stage of a case named in one part
        ("Two men arrested and charged over forced labour", "Two men were arrested on Monday.", "charge", "kind_charge"),
        ("Raids lead to eight-year sentence for gang leader", "A man was jailed on Friday.", "court", "kind_court"),
        # a comment on a report is other (codebook: comment)
        ("Police chiefs respond", "The council responded to the commissioner's annual report on Tuesday.", "other", "kind_comment_on_report"),
    ],
)
def test_each_rule_with_invented_leads(title: str | None, body: str, kind: str, rule: str) -> None:
    got = _kind(title, body)
    assert (got.kind, got.rule) == (kind, rule), got
    assert got.evidence and got.evidence.lower() in ((title or "") + " " + body).lower()


@pytest.mark.parametrize(
    "title, body, kind",
    [
        # a period without a count, or a date, is not a statistic
        ("Team marks World Day Against Trafficking", "The team has worked with survivors since 2020.", "awareness"),
        ("Three arrested in dawn raids", "Three men were arrested a year ago in a similar raid.", "operation"),
        ("Man jailed for exploiting workers", "He held 12 workers in a house last year.", "court"),
        # "up to date" is not "to date"
        ("Drivers asked to download car wash app", "The app gives up to date information to the police.", "awareness"),
        # weak verbs need people or places after them
        ("Review of slavery policing", "The review identified the skill of investigators.", "other"),
        ("Annual letter", "We found that training helped officers.", "awareness"),
        # an operation named by its code name alone is no joint operation
        ("Operation Larch", "Operation Larch is the force's name for its work.", "other"),
        # awareness cues before action words still lead
        ("Campaign launched after arrests", "A campaign was launched today.", "awareness"),
    ],
)
def test_negatives_and_order(title: str, body: str, kind: str) -> None:
    assert _kind(title, body).kind == kind


@pytest.mark.parametrize(
    "title, body",
    [
        ("top of page", "Two women were charged with trafficking offences on Monday."),
        ("Two women charged", "Posted on: 4 March 2023\nTwo women charged\n14:05 04/03/2023\nTwo women were charged on Monday."),
        ("Two+women+charged+with+trafficking+04032023101500", "The women appear in court next week."),
    ],
)
def test_dates_chrome_and_the_repeated_headline_are_not_the_lead(title: str, body: str) -> None:
    assert _kind(title, body).kind == "charge"


def test_an_action_count_is_read_with_the_period_later_in_the_lead() -> None:
    body = "Officers say the figure is a milestone. The unit has saved more than 150 victims since it was set up in 2019."
    got = _kind("More than 150 victims rescued by specialist unit", body)
    assert got.kind == "statistics" and got.rule == "kind_period_statistic"


def test_a_court_headline_is_not_overridden_by_a_period_later_in_the_lead() -> None:
    body = "A woman was sentenced on Monday. So far 20 people have been convicted in the inquiry."
    assert _kind("Woman jailed for trafficking", body).kind == "court"


def test_unknown_stage_kind_is_an_error(tmp_path: Path) -> None:
    raw = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    raw["stages"] = ["court", "appeal"]
    path = tmp_path / "kind_rules.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(KindRuleError, match="stages.*appeal"):
        load_kind_rules(str(path))


def test_skip_rules_need_a_name(tmp_path: Path) -> None:
    raw = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    raw["skip"].append({"pattern": "menu"})
    path = tmp_path / "kind_rules.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(KindRuleError, match="skip.*name"):
        load_kind_rules(str(path))


@pytest.mark.parametrize(
    "title",
    [
        "Eleven potential victims found at farm",
        "Three men detained over human trafficking",  # Scottish arrests
        "Twenty workers identified as possible victims in checks",
    ],
)
def test_people_found_or_detained_in_a_headline_are_an_operation(title: str) -> None:
    assert _kind(title, "Officers attended on Monday.").kind == "operation"


# blind 21 q11 (after its first run): a sum of money before the service it pays for is funding, ahead of the
# observance day it is launched on
@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("New £450,000 service to support survivors of modern slavery launched on World Day against Trafficking",
         "funding"),
        ("£1.2m project to help trafficking survivors announced by commissioner", "funding"),
        # control: an observance day with no money or service
        ("Officers mark World Day against Trafficking in Persons with a call for vigilance", "awareness"),
    ],
)
def test_money_for_a_service_is_funding(title: str, expected: str) -> None:
    assert _kind(title, "The announcement was made today.").kind == expected
