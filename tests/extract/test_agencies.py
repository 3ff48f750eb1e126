"""Agency extraction on real sentences of the corpus (codebook sections 4, 7, 8)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
import yaml

from releasekit.extract import agencies as agencies_module
from releasekit.extract.agencies import (
    AgencyMention,
    extract_agencies,
    load_gazetteer,
    resolve_issuer,
)
from releasekit.text import split_sentences

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"

ALLOWED_TYPES = {
    "police_force", "national_agency", "international", "prosecution",
    "local_authority", "health", "charity", "helpline", "oversight",
}

ENGLAND_AND_WALES_FORCES = [
    "Avon and Somerset Police", "Bedfordshire Police", "Cambridgeshire Constabulary",
    "Cheshire Constabulary", "City of London Police", "Cleveland Police",
    "Cumbria Constabulary", "Derbyshire Constabulary", "Devon and Cornwall Police",
    "Dorset Police", "Durham Constabulary", "Dyfed-Powys Police", "Essex Police",
    "Gloucestershire Constabulary", "Greater Manchester Police", "Gwent Police",
    "Hampshire and Isle of Wight Constabulary", "Hertfordshire Constabulary",
    "Humberside Police", "Kent Police", "Lancashire Constabulary", "Leicestershire Police",
    "Lincolnshire Police", "Merseyside Police", "Metropolitan Police Service",
    "Norfolk Constabulary", "North Wales Police", "North Yorkshire Police",
    "Northamptonshire Police", "Northumbria Police", "Nottinghamshire Police",
    "South Wales Police", "South Yorkshire Police", "Staffordshire Police",
    "Suffolk Constabulary", "Surrey Police", "Sussex Police", "Thames Valley Police",
    "Warwickshire Police", "West Mercia Police", "West Midlands Police",
    "West Yorkshire Police", "Wiltshire Police",
]


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def run(body: str, gaz, issuer: str | None = None) -> list[AgencyMention]:
    return extract_agencies(body, split_sentences(body), gaz, issuer=issuer)


def roles(mentions: list[AgencyMention]) -> dict[str, tuple[str, str]]:
    """agency -> (type, release-level role)."""
    return {m.agency: (m.agency_type, m.role) for m in mentions}


def release_body(name: str) -> str:
    """Body of a raw file after its metadata block (site chrome is harmless here)."""
    text = (RAW / name).read_text("utf-8")
    if text.startswith("```yaml"):
        text = text.split("```", 2)[2]
    return text


# ------------------------------------------------------------- gazetteer


def test_every_type_is_allowed(gaz):
    bad = {a.name: a.agency_type for a in gaz.agencies if a.agency_type not in ALLOWED_TYPES}
    assert bad == {}
    assert all(p.agency_type in ALLOWED_TYPES | {"unknown"} for p in gaz.patterns)


def test_all_43_forces_of_england_and_wales(gaz):
    assert len(ENGLAND_AND_WALES_FORCES) == 43
    missing = [f for f in ENGLAND_AND_WALES_FORCES if gaz.get(f) is None]
    assert missing == []
    assert all(gaz.get(f).agency_type == "police_force" for f in ENGLAND_AND_WALES_FORCES)
    for name in ("Police Scotland", "Police Service of Northern Ireland", "British Transport Police"):
        assert gaz.get(name).agency_type == "police_force"


def test_canonical_names_are_unique_and_aliases_unambiguous(gaz):
    names = [a.name for a in gaz.agencies]
    assert len(names) == len(set(names))
    owner: dict[str, str] = {}
    clashes = []
    for a in gaz.agencies:
        for form in (a.name, *a.aliases):
            key = form.lower()
            if owner.setdefault(key, a.name) != a.name:
                clashes.append((form, owner[key], a.name))
    assert clashes == []


def test_yaml_is_readable_and_roles_are_named_data():
    data = yaml.safe_load((Path(agencies_module.__file__).parents[1] / "data" / "agencies.yaml").read_text())
    assert {"agencies", "patterns", "roles", "types"} <= set(data)
    assert {"involved", "contact"} <= set(data["roles"])
    assert {p["name"] for p in data["patterns"]} >= {"council_pattern", "foreign_police", "unknown_org"}


@pytest.mark.parametrize(
    "alias, canonical",
    [
        ("NCA", "National Crime Agency"),
        ("GLAA", "Gangmasters and Labour Abuse Authority"),
        ("GLA", "Gangmasters and Labour Abuse Authority"),
        ("Gangmasters Licensing Authority", "Gangmasters and Labour Abuse Authority"),
        ("Beds Police", "Bedfordshire Police"),
        ("IJM", "International Justice Mission"),
        ("Red Cross", "British Red Cross"),
        ("UKBA", "UK Border Agency"),
        ("DVLA", "Driver and Vehicle Licensing Agency"),
        ("HMCPSI", "HM Crown Prosecution Service Inspectorate"),
        ("Luton Council", "Luton Borough Council"),
    ],
)
def test_aliases(gaz, alias, canonical):
    assert gaz.lookup(alias).name == canonical


# -------------------------------------------------- seed releases (section 7)


def test_seed_release_a(gaz):
    mentions = run(release_body("000_cf7962ac4bf17ccd.txt"), gaz, issuer="Bedfordshire Police")
    assert roles(mentions) == {
        "Bedfordshire Police": ("police_force", "involved"),
        "Europol": ("international", "involved"),
        "Eurojust": ("international", "involved"),
        "Romanian Police": ("international", "involved"),
        "Justice and Care": ("charity", "involved"),
        "Azalea": ("charity", "involved"),
        "International Justice Mission": ("charity", "involved"),
        "Modern Slavery Helpline": ("helpline", "contact"),
    }


def test_seed_release_b(gaz):
    mentions = run(release_body("002_d9cd9735170886ed.txt"), gaz, issuer="Bedfordshire Police")
    assert roles(mentions) == {
        "Bedfordshire Police": ("police_force", "involved"),
        "Azalea": ("charity", "involved"),
        "Luton Borough Council": ("local_authority", "involved"),
        "sexual health services": ("health", "involved"),
        "Modern Slavery Helpline": ("helpline", "contact"),
    }
    luton = [m for m in mentions if m.agency == "Luton Borough Council"]
    assert [m.mention for m in luton] == ["Luton Council"]


# ---------------------------------------------------------- spans and order


@pytest.mark.parametrize(
    "name", ["000_cf7962ac4bf17ccd.txt", "002_d9cd9735170886ed.txt",
             "glaa-2019-02-operation-targets-modern-slavery-ipswich.txt"],
)
def test_spans_equal_words_and_text_order(gaz, name):
    body = release_body(name)
    sentences = split_sentences(body)
    mentions = extract_agencies(body, sentences, gaz)
    assert mentions
    assert all(body[m.start : m.end] == m.mention for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        s = sentences[m.sentence_id]
        assert s.start <= m.start < s.end


# ------------------------------------------------------------ longest match


def test_pcc_is_not_the_force(gaz):
    body = "The operation was funded by the Bedfordshire Police and Crime Commissioner."
    mentions = run(body, gaz)
    assert [(m.agency, m.agency_type, m.role) for m in mentions] == [
        ("Bedfordshire Police and Crime Commissioner", "oversight", "involved")
    ]


def test_kent_and_essex_police_forces_are_two_forces(gaz):
    # glaa-2011-06-man-arrested-multi-agency-operation-kent.txt
    body = ("The arrest, on suspicion of supplying workers without a valid GLA Licence, was made "
            "following an investigation involving officers from the GLA, HMRC, UKBA, Kent and "
            "Essex Police Forces and Gravesham Borough Council.")
    found = roles(run(body, gaz))
    assert found == {
        "Gangmasters and Labour Abuse Authority": ("national_agency", "involved"),
        "HM Revenue and Customs": ("national_agency", "involved"),
        "UK Border Agency": ("national_agency", "involved"),
        "Kent Police": ("police_force", "involved"),
        "Essex Police": ("police_force", "involved"),
        "Gravesham Borough Council": ("local_authority", "involved"),
    }


def test_kent_and_essex_police(gaz):
    # glaa-2012-06-operation-senator-kent-raids.txt
    body = ("Those involved in the action include HMRC, the GLA, Kent and Essex Police and the "
            "Regional Organised Crime Unit. The Salvation Army also provided support to victims "
            "of exploitation and illegal workers.")
    mentions = run(body, gaz)
    assert [m.agency for m in mentions] == [
        "HM Revenue and Customs", "Gangmasters and Labour Abuse Authority", "Kent Police",
        "Essex Police", "Regional Organised Crime Unit", "The Salvation Army",
    ]
    assert {m.role for m in mentions} == {"involved"}


def test_police_in_places(gaz):
    # beds-2023-03-county-lines-week-of-action.txt
    body = ("The following day a joint operation in Watford with police in Hertfordshire and "
            "Northamptonshire led to a further arrest.")
    assert roles(run(body, gaz)) == {
        "Hertfordshire Constabulary": ("police_force", "involved"),
        "Northamptonshire Police": ("police_force", "involved"),
    }


# --------------------------------------------------------------- patterns


def test_unknown_organisation_is_kept(gaz):
    body = "Officers were supported by volunteers from Fooshire Community Trust during the visits."
    mentions = run(body, gaz)
    assert [(m.agency, m.agency_type, m.role, m.mention) for m in mentions] == [
        ("Fooshire Community Trust", "unknown", "involved", "Fooshire Community Trust")
    ]
    assert mentions[0].rule.startswith("pattern:unknown_org")


def test_councils_and_foreign_police(gaz):
    # glaa-2019-02-operation-targets-modern-slavery-ipswich.txt
    body = ("Working with partners at the Gangmasters and Labour Abuse Authority (GLAA), National "
            "Crime Agency (NCA), Europol, Romanian Police, Red Cross, Ipswich Borough Council and "
            "Suffolk County Council, a number of warrants and searches were conducted in central "
            "Ipswich and Kesgrave.")
    found = roles(run(body, gaz))
    assert found == {
        "Gangmasters and Labour Abuse Authority": ("national_agency", "involved"),
        "National Crime Agency": ("national_agency", "involved"),
        "Europol": ("international", "involved"),
        "Romanian Police": ("international", "involved"),
        "British Red Cross": ("charity", "involved"),
        "Ipswich Borough Council": ("local_authority", "involved"),
        "Suffolk County Council": ("local_authority", "involved"),
    }


def test_force_unit_resolves_to_force(gaz):
    # herts-2025-02-modern-slavery-operation-arrest.txt
    body = ("Hertfordshire Constabulary’s Modern Slavery and Human Trafficking Unit (MHSTU) "
            "conducted a three-day operation to tackle modern slavery and exploitation in the county.")
    assert roles(run(body, gaz)) == {"Hertfordshire Constabulary": ("police_force", "involved")}


def test_not_agencies(gaz):
    # laws, frameworks, courts and operation names (glaa-2018-08, glaa-2023-10, beds-2022-04)
    body = ("The man was arrested for suspected human trafficking offences under Section 2 of the "
            "Modern Slavery Act 2015 and acting as an unlicensed gangmaster under Section 12 of the "
            "Gangmasters (Licensing) Act 2004. Freibergs, now 41, was jailed for five years at "
            "Cardiff Crown Court. The victims all went through the National Referral Mechanism. "
            "The force has carried out days of action under Operation Aidant.")
    assert run(body, gaz) == []


def test_lowercase_word_is_not_a_charity(gaz):
    # northants-2022-07: "unseen" is a word here, not the charity Unseen
    body = "“Victims of modern slavery are often unseen but are living and working among us."
    assert run(body, gaz) == []


# ------------------------------------------------------------------- roles


def test_contact_only(gaz):
    # northants-2023-01-spotlight-human-trafficking.txt
    body = ("There are several ways people can report information, via northants.police.uk, by "
            "calling 101 or 999 in an emergency, or by calling Crimestoppers anonymously on 0800 555 111.")
    assert roles(run(body, gaz)) == {"Crimestoppers": ("helpline", "contact")}


def test_statistic_is_mentioned_not_contact(gaz):
    # nca-2018-03-widening-the-fight-against-modern-slavery.txt
    body = ("But the public response has also been encouraging, with a 100 percent increase in the "
            "number of calls to the Modern Slavery Helpline.")
    assert roles(run(body, gaz)) == {"Modern Slavery Helpline": ("helpline", "mentioned")}


def test_strongest_role_is_kept_per_agency(gaz):
    body = release_body("000_cf7962ac4bf17ccd.txt")
    azalea = [m for m in run(body, gaz) if m.agency == "Azalea"]
    assert [m.mention_role for m in azalea] == ["involved", "mentioned"]
    assert {m.role for m in azalea} == {"involved"}


def test_issuer_named_in_its_release_is_involved(gaz):
    body = ("Huge credit should go to Bedfordshire Police for tackling the gangs behind these "
            "women's exploitation.")
    assert roles(run(body, gaz, issuer="Bedfordshire Police")) == {
        "Bedfordshire Police": ("police_force", "involved")
    }
    assert roles(run(body, gaz)) == {"Bedfordshire Police": ("police_force", "mentioned")}


def test_after_cues(gaz):
    # glaa-2018-11 and nca-2018-05
    body = ("The Lincolnshire Police operation was supported by the Gangmasters and Labour Abuse "
            "Authority (GLAA), Immigration Enforcement, HM Revenue and Customs, and South Holland "
            "District Council.\nSussex Police (right), working with local partners, arresting five "
            "people in Hastings on suspicion of modern slavery offences.")
    found = roles(run(body, gaz))
    assert set(found) == {
        "Lincolnshire Police", "Gangmasters and Labour Abuse Authority", "Immigration Enforcement",
        "HM Revenue and Customs", "South Holland District Council", "Sussex Police",
    }
    assert {role for _, role in found.values()} == {"involved"}


def test_home_office_data_is_mentioned(gaz):
    # beds-2022-08-hundreds-suspected-victims-modern-slavery.txt
    body = ("Data from the Home Office shows that 402 referrals were made to Bedfordshire Police by "
            "the National Referral Mechanism (NRM) between January and December 2021.")
    assert roles(run(body, gaz)) == {
        "Home Office": ("national_agency", "mentioned"),
        "Bedfordshire Police": ("police_force", "mentioned"),
    }


# ------------------------------------------------------------------ issuer


@pytest.mark.parametrize(
    "publisher, url, body, expected",
    [
        ("Bedfordshire Police", None, "", "Bedfordshire Police"),
        ("Gangmasters Licensing Authority", None, "", "Gangmasters and Labour Abuse Authority"),
        (None, "https://www.beds.police.uk/news/x", "", "Bedfordshire Police"),
        (None, "https://www.bedfordshire.police.uk/news-and-appeals/x", "", "Bedfordshire Police"),
        (None, "https://gla.gov.uk/whats-new/x", "", "Gangmasters and Labour Abuse Authority"),
        (None, "http://www.cps.gov.uk/news/x", "", "Crown Prosecution Service"),
        (None, "http://nationalcrimeagency.gov.uk/news/x", "", "National Crime Agency"),
        (None, "https://news.npcc.police.uk/releases/x", "", "National Police Chiefs' Council"),
        (None, "https://gov.uk/government/news/x", "", "Home Office"),
        (None, "https://www.rocu.police.uk/news/2025/april/x",
         "GAIN Co-ordinator Paul Colling, from NEROCU, said: “Modern day slavery ...",
         "North East Regional Organised Crime Unit"),
        (None, None, "Suffolk Police worked with the Eastern Region Special Operations Unit (ERSOU). "
         "Suffolk Police are committed to tackling this type of crime.", "Suffolk Constabulary"),
    ],
)
def test_resolve_issuer(gaz, publisher, url, body, expected):
    assert resolve_issuer(publisher, url, None, body, gaz) == expected


def test_module_doctest():
    result = doctest.testmod(agencies_module)
    assert result.attempted >= 1 and result.failed == 0


def test_place_standing_for_its_force(gaz):
    # suffolk-2025-07-thirty-arrested-county-lines-week.txt
    body = ("Last week Suffolk, alongside other forces in England and Wales, took part in operations "
            "to crackdown on county lines drug dealing and to safeguard those most at risk.")
    mentions = run(body, gaz)
    assert [(m.agency, m.mention, m.role) for m in mentions] == [
        ("Suffolk Constabulary", "Suffolk", "involved")
    ]


def test_earlier_action_after_the_lead_is_background(gaz):
    # govuk-undated-government-outlines-trafficking-vision.txt (last sentence)
    body = ("A renewed offensive against organised crime gangs behind the human trafficking trade "
            "has been unveiled.\nThe new strategy will place greater focus on intercepting "
            "traffickers.\nEarlier this week the Metropolitan police raided properties in east "
            "London to protect dozens of victims of a Romanian-based gang of child traffickers.")
    mentions = run(body, gaz)
    assert [(m.agency, m.role) for m in mentions] == [("Metropolitan Police Service", "mentioned")]
    assert mentions[0].rule.endswith("background:past_time")


def test_unnamed_bodies_are_not_agencies(gaz):
    # rocu-2025-04 and emsou-2024-12: generic, unnamed organisations
    body = ("Further enquiries are ongoing with the council and fire brigade. Police forces and "
            "Regional Organised Crime Units took part in a national coordinated operation.")
    assert run(body, gaz) == []
