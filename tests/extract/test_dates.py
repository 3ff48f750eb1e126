"""Event dates and publication dates (releasekit.extract.dates).

Sentences are copied from the corpus (data/raw); expectations follow the
codebook (sections 5 and 8).
"""

from __future__ import annotations

from corpus import N_FILES, chrome_only_ids

import csv
import datetime as dt
import inspect
import re
from pathlib import Path

import pytest
import yaml

from releasekit.extract import dates as dates_module
from releasekit.extract.dates import (
    EventDate,
    date_candidates,
    extract_event_date,
    parse_date,
    url_month,
)
from releasekit.text import split_sentences

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
D = dt.date


def event(body: str, published: dt.date | None, precision: str = "day") -> EventDate | None:
    return extract_event_date(body, split_sentences(body), published, published_precision=precision)


def raw_releases() -> list[tuple[str, str, dt.date | None, str]]:
    """(release id, body, published, precision) for every raw file, minimally read."""
    rows = {row["file"]: row for row in csv.DictReader((RAW / "manifest.csv").open(encoding="utf-8"))}
    out = []
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_text("utf-8")
        meta: dict = {}
        block = re.match(r"```yaml\n(.*?)\n```\n?", text, re.S)
        if block:
            meta = yaml.safe_load(block.group(1)) or {}
            text = text[block.end():]
        row = rows.get(path.name, {})
        published, precision = parse_date(str((meta.get("publish") or {}).get("date") or ""))
        if published is None:
            published, precision = parse_date(row.get("published") or "")
        if published is None:
            published = url_month(meta.get("url") or row.get("url"))
            precision = "month" if published else "unknown"
        out.append((path.stem, text, published, precision))
    return out


# --------------------------------------------------------------------------
# The two seed releases (codebook section 7)

SEED_A = (
    "An international law enforcement operation targeting suspected criminals involved in trafficking "
    "women from Romania into the UK for work in the sex industry has led to several arrests.\n"
    "Officers from Bedfordshire Police, alongside European policing colleagues and several safeguarding "
    "charities, yesterday (Tuesday) undertook warrants at seven addresses in Luton and 11 in Romania in "
    "relation to an extensive, intelligence-led investigation into an organised criminal group (OCG).\n"
    "Ten men aged in their 20s and 30s were arrested in Luton on suspicion of conspiracy to traffic for "
    "the purpose of sexual exploitation and paying for sexual services of someone subjected to force.\n"
)

SEED_B = (
    "Six women have been safeguarded and six people arrested after a multi-agency operation to combat "
    "human trafficking and sexual exploitation.\n\n"
    "Three addresses in Luton either suspected of housing brothels or being linked to a wider organised "
    "crime network behind them were subject to warrants by police yesterday afternoon (Thursday).\n\n"
    'Inspector Jim Goldsmith, who led the operation, said: "Back in December we carried out 15 warrants '
    "tackling human trafficking and sexual exploitation, and we continue to do all we can alongside our "
    'partners to protect these vulnerable women.\n'
)


def test_seed_a_yesterday_tuesday() -> None:
    found = event(SEED_A, D(2022, 3, 30))
    assert found is not None
    assert found.date == D(2022, 3, 29)
    assert found.evidence == "yesterday (Tuesday)"
    assert SEED_A[found.start : found.end] == found.evidence
    assert found.agrees is True
    assert found.rule == "relative_bracketed"


def test_seed_b_yesterday_afternoon_thursday() -> None:
    found = event(SEED_B, D(2020, 6, 19))
    assert found is not None
    assert found.date == D(2020, 6, 18)
    assert found.evidence == "yesterday afternoon (Thursday)"
    assert found.agrees is True


def test_seed_releases_from_raw_files() -> None:
    releases = {rid: (body, pub) for rid, body, pub, _ in raw_releases()}
    body, pub = releases["000_cf7962ac4bf17ccd"]
    assert pub == D(2022, 3, 30)
    assert event(body, pub).date == D(2022, 3, 29)
    body, pub = releases["002_d9cd9735170886ed"]
    assert pub == D(2020, 6, 19)
    assert event(body, pub).date == D(2020, 6, 18)


def test_relative_word_and_weekday_disagree() -> None:
    # published Wednesday 30 March 2022; "yesterday" is Tuesday, the text says Monday
    body = "Officers yesterday (Monday) executed warrants at three addresses in Luton."
    found = event(body, D(2022, 3, 30))
    assert found.agrees is False
    assert found.date == D(2022, 3, 28)  # the named weekday wins


# --------------------------------------------------------------------------
# Forms of date from the corpus


@pytest.mark.parametrize(
    ("body", "published", "precision", "expected", "evidence"),
    [
        (
            "Officers from Cheshire Police and the Gangmasters and Labour Abuse Authority (GLAA) have today "
            "(Wednesday 26 October) undertaken a partnership operation in Winsford as part of ongoing efforts "
            "to tackle criminal exploitation and modern slavery.",
            D(2022, 10, 1), "month", D(2022, 10, 26), "today (Wednesday 26 October)",
        ),
        (
            "The arrests were made by Suffolk Police on Tuesday 12 February following a pre-planned operation.",
            D(2019, 2, 28), "day", D(2019, 2, 12), "Tuesday 12 February",
        ),
        (
            "On Tuesday (28 February) officers uncovered a cannabis farm in Bedford with plants worth up to "
            "£175,000 seized.",
            D(2023, 3, 1), "month", D(2023, 2, 28), "Tuesday (28 February)",
        ),
        (
            "The suspects were questioned following the operation in Gedney, South Holland, on the morning "
            "of Wednesday 7 November.",
            D(2018, 11, 8), "day", D(2018, 11, 7), "Wednesday 7 November",
        ),
        (
            "Officers from the Gangmasters and Labour Abuse Authority (GLAA) arrested the man in a dawn "
            "operation on Thursday 2 August, with assistance from Suffolk Police.",
            D(2018, 8, 2), "day", D(2018, 8, 2), "Thursday 2 August",
        ),
        (
            "Earlier this month a multi-agency operation was carried out to crackdown on modern slavery and "
            "human trafficking.\nOn 2 July Suffolk police were joined by government agencies including "
            "Immigration Enforcement and Gangmasters and Labour Abuse Authority (GLAA), to visit a food "
            "manufacturing business in the county.",
            D(2024, 7, 1), "month", D(2024, 7, 2), "2 July",
        ),
        (
            "The operation took place between Monday 3 and Wednesday 6 February with officers visiting "
            "suspected brothels in Potters Bar and St Albans.",
            D(2025, 2, 1), "month", D(2025, 2, 3), "between Monday 3 and Wednesday 6 February",
        ),
        (
            "The operations took place between 21 and 25 October after intelligence was received relating "
            "to people potentially being sexually exploited.",
            D(2024, 10, 1), "month", D(2024, 10, 21), "between 21 and 25 October",
        ),
        (
            "A national intensification week targeting County Lines and its associated criminality took "
            "place between Monday 25 - Sunday December 2nd.",
            D(2024, 12, 1), "month", D(2024, 11, 25), "between Monday 25 - Sunday December 2nd",
        ),
        (
            "Suffolk Police worked with the Eastern Region Special Operations Unit (ERSOU) to take action in "
            "the fight against Modern Slavery and Human Trafficking during a national week of action "
            "16 – 20 September 2019.",
            None, "unknown", D(2019, 9, 16), "16 – 20 September 2019",
        ),
        (
            "The work of the Gangmasters and Labour Abuse Authority has been praised by UK ‘anti-slavery "
            "tsar’ Kevin Hyland after he observed a multi-agency operation in London on Friday.",
            D(2018, 1, 15), "day", D(2018, 1, 12), "Friday",
        ),
        (
            "Three people have been arrested in Kent today in connection with a Gangmasters and Labour Abuse "
            "Authority investigation into modern slavery in the poultry industry.",
            D(2017, 11, 2), "day", D(2017, 11, 2), "today",
        ),
        (
            "The GLAA, described as the country’s anti-slavery police, was accompanied by officers from "
            "Nottinghamshire Police, Nottingham City Council and HMRC as it visited four different sites "
            "yesterday. (TUES)",
            D(2017, 11, 22), "day", D(2017, 11, 21), "yesterday. (TUES)",
        ),
        (
            "Much of the focus for County Lines Intensification Week, taking place between 23-29 June, was "
            "for officers and partner agencies to be aware of and work towards reducing child exploitation.",
            D(2025, 7, 1), "month", D(2025, 6, 23), "between 23-29 June",
        ),
    ],
)
def test_corpus_forms(body, published, precision, expected, evidence) -> None:
    found = event(body, published, precision)
    assert found is not None
    assert found.date == expected
    assert found.evidence == evidence
    assert body[found.start : found.end] == evidence


def test_year_comes_from_publication_and_never_the_future() -> None:
    body = "Officers executed warrants on Tuesday 2 December at four addresses."
    assert event(body, D(2025, 1, 10)).date == D(2024, 12, 2)
    assert event(body, D(2025, 12, 20)).date == D(2025, 12, 2)


def test_multi_day_action_gives_first_day() -> None:
    body = (
        "Operations began on Tuesday when the GLAA was accompanied by the police and HSE to check on a "
        "group of Romanian construction workers.\n"
        "On Wednesday the GLAA was accompanied by fire and police officers in the capital to a recycling "
        "plant in Barking, Essex. Two Indian nationals were arrested from the site in suspicion of "
        "immigration offences."
    )
    assert event(body, D(2017, 11, 20)).date == D(2017, 11, 14)


# --------------------------------------------------------------------------
# Dates that are not the action


def test_bail_dates_are_not_the_event() -> None:
    body = (
        "A 30 year old Indian male was arrested in Kent yesterday following a multi agency operation led "
        "by the Gangmasters Licensing Authority (GLA) and HMRC Specialist Investigations.\n"
        "The arrested male was interviewed and bailed until 27 July 2011."
    )
    found = event(body, D(2011, 6, 17))
    assert found.date == D(2011, 6, 16)
    only_bail = "The arrested male was interviewed and bailed until 27 July 2011."
    assert event(only_bail, D(2011, 6, 17)) is None
    body = (
        "They were taken to Martlesham Police Investigation Centre for questioning and were later released "
        "on police bail until Friday 1 March this year pending further enquiries."
    )
    assert event(body, D(2019, 2, 28)) is None


def test_campaign_day_is_not_the_event_unless_the_action_was_that_day() -> None:
    body = (
        "This week is Anti-Slavery Week, with Anti-Slavery Day falling today (Friday 18 October).\n"
        "On Wednesday (16 October), a specialist team went to a nail bar following concerns from the "
        "public over the welfare of people working there."
    )
    assert event(body, D(2024, 10, 1), "month").date == D(2024, 10, 16)
    campaign_only = "Modern Slavery Awareness Week runs from Monday 24 to Sunday 30 June and the aim is to highlight this hidden crime."
    assert event(campaign_only, D(2024, 6, 1), "month") is None


def test_background_is_not_the_event() -> None:
    body = 'Inspector Jim Goldsmith said: "Back in December we carried out 15 warrants on 3 December."'
    assert event(body, D(2020, 6, 19)) is None


def test_dateline_is_publication_not_event() -> None:
    body = (
        "Three year plan to defeat the slavers\n23rd November 2017\n"
        "The national law enforcement agency set up to tackle worker exploitation has vowed to pursue slavers."
    )
    assert event(body, D(2017, 11, 23)) is None


def test_last_week_alone_gives_no_day() -> None:
    body = (
        "Three people have been arrested on suspicion of human trafficking offences in Wisbech.\n"
        "The arrests followed early morning raids on two homes last week by officers from the Gangmasters "
        "Licensing Authority and Cambridgeshire Police."
    )
    assert event(body, D(2013, 5, 13)) is None


def test_unknowable_year_is_null() -> None:
    body = (
        "On Sunday 30th July, officers visited car washes across the force area to check on workers."
    )
    assert event(body, None) is None
    assert event(body, D(2023, 8, 2)).date == D(2023, 7, 30)
    # relative words need the publication day, not just its month
    assert event("Officers arrested two men yesterday in Luton.", D(2022, 3, 1), "month") is None


def test_invalid_dates_give_no_exception() -> None:
    body = "Officers executed warrants on 31 February at four addresses."
    assert event(body, D(2020, 3, 5)) is None
    assert event("Officers raided a farm on 29 February.", D(2021, 3, 1)).date == D(2020, 2, 29)
    assert event("", D(2020, 3, 5)) is None
    assert event("Officers raided a farm today.", None) is None


# --------------------------------------------------------------------------
# Whole corpus


def test_spans_hold_and_no_future_dates_over_the_corpus() -> None:
    releases = raw_releases()
    assert len(releases) == N_FILES
    found_any = 0
    for rid, body, published, precision in releases:
        sentences = split_sentences(body)
        for candidate in date_candidates(body, sentences, published, published_precision=precision):
            assert body[candidate.start : candidate.end] == candidate.evidence, rid
        found = extract_event_date(body, sentences, published, published_precision=precision)
        if found is None:
            continue
        found_any += 1
        assert body[found.start : found.end] == found.evidence, rid
        if published is not None:
            limit = published if precision == "day" else D(published.year + published.month // 12, published.month % 12 + 1, 1)
            assert found.date <= limit, rid
    assert found_any >= 25


def test_module_never_reads_the_clock() -> None:
    source = inspect.getsource(dates_module)
    assert not re.search(r"\b(?:today|now|utcnow)\(", source)
    assert "time.time" not in source


# --------------------------------------------------------------------------
# Publication dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19 Jun 2020", (D(2020, 6, 19), "day")),
        ("5th February 2018", (D(2018, 2, 5), "day")),
        ("8th November 2018", (D(2018, 11, 8), "day")),
        ("04 Jul 2025", (D(2025, 7, 4), "day")),
        ("26/02/2016", (D(2016, 2, 26), "day")),
        ("15:35 11/01/2023", (D(2023, 1, 11), "day")),
        ("2011-09", (D(2011, 9, 1), "month")),
        ("2022-03-30", (D(2022, 3, 30), "day")),
        ("31/02/2020", (None, "unknown")),
        ("", (None, "unknown")),
        ("no date here", (None, "unknown")),
    ],
)
def test_parse_date(text, expected) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.beds.police.uk/news/bedfordshire/news/2022/03-march/ten-arrested/", D(2022, 3, 1)),
        ("https://www.cambs.police.uk/news/cambridgeshire/news/2024/october/slavery-victims-rescued/", D(2024, 10, 1)),
        ("https://www.lincs.police.uk/news/lincolnshire/news/2024/oct-2024/victims/", D(2024, 10, 1)),
        ("https://www.herts.police.uk/news/hertfordshire/news/2024/october-2024/week-of-operations/", D(2024, 10, 1)),
        ("https://www.cheshire.police.uk/news/cheshire/news/articles/2022/10/police-undertake/", D(2022, 10, 1)),
        ("https://gla.gov.uk/whats-new/press-release-archive/15513-three-arrested", None),
        ("https://example.org/news/2022/13/x/", None),
        (None, None),
    ],
)
def test_url_month(url, expected) -> None:
    assert url_month(url) == expected


def test_publication_day_from_text_when_only_the_month_is_known() -> None:
    body = (
        "Today is Anti-Slavery Day, which should sharpen all our minds to the plight of vulnerable victims "
        "of this abhorrent crime across the world.\n"
        "On Wednesday we teamed up with sexual health service iCash Bedfordshire and specialist charity "
        "Azalea to offer safeguarding support to two women at risk of being exploited in the sex industry."
    )
    # Anti-Slavery Day is 18 October: Friday in 2019, so Wednesday is the 16th
    assert event(body, D(2019, 10, 1), "month").date == D(2019, 10, 16)
    # the observance does not fit a release published in another month
    assert event(body, D(2019, 11, 1), "month") is None


@pytest.mark.parametrize(
    "today",
    ["Today is Anti-Slavery Day.", "TODAY IS ANTI-SLAVERY DAY.", "Anti-Slavery Day is marked today.", "Today’s Anti-Slavery Day events."],
)
def test_the_observance_today_is_found_in_any_case_and_either_order(today: str) -> None:
    """The observances are searched only in a text holding "today" (any case): never a day lost to that test."""
    body = today + "\nOn Wednesday officers visited nail bars and safeguarded two women."
    assert event(body, D(2019, 10, 1), "month").date == D(2019, 10, 16)
    assert event(body.replace(today, "Anti-Slavery Day events were held."), D(2019, 10, 1), "month") is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Police raided two car washes last Thursday and arrested three men.", D(2020, 6, 18)),
        ("Police raided two car washes last Friday and arrested three men.", D(2020, 6, 12)),
        ("During Tuesday’s operation four women were safeguarded.", D(2020, 6, 16)),
        ("Officers executed a warrant on Friday at an address in Luton.", D(2020, 6, 19)),
    ],
)
def test_weekdays_resolve_against_publication(body, expected) -> None:
    # published Friday 19 June 2020
    assert event(body, D(2020, 6, 19)).date == expected


# --------------------------------------------------------------------------
# Constructions of issue 10 (codebook section 10), each with invented variants


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # "today (weekday day month)" with the publication date known only to the month
        ("Officers today (Tuesday 8 April) raided three addresses in the town.", D(2025, 4, 1), D(2025, 4, 8)),
        ("Police carried out warrants today (Thursday 3 October) at two car washes.", D(2024, 10, 1), D(2024, 10, 3)),
        ("Detectives this morning (Monday, 12 May) arrested two women.", D(2025, 5, 1), D(2025, 5, 12)),
    ],
)
def test_today_with_a_stated_day_when_only_the_month_is_known(body, published, expected) -> None:
    found = event(body, published, "month")
    assert found is not None and found.date == expected


@pytest.mark.parametrize(
    ("body", "expected", "rule"),
    [
        ("Officers carried out warrants during the week commencing 3 June.", D(2024, 6, 3), "week_commencing"),
        ("In the week beginning Monday 14 October, teams visited 40 nail bars.", D(2024, 10, 14), "week_commencing"),
        ("An operation in the week starting 2nd September saw nine arrests.", D(2024, 9, 2), "week_commencing"),
        ("Visits to farms ran from 9 September, with 11 workers safeguarded.", D(2024, 9, 9), "day_month"),
        ("Raids took place from Monday 16 September to Friday 20 September.", D(2024, 9, 16), "date_range"),
    ],
)
def test_week_commencing_and_from(body, expected, rule) -> None:
    found = event(body, D(2024, 10, 30))
    assert found is not None and (found.date, found.rule) == (expected, rule)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Between May 13 and 20 police forces arrested 600 people.", D(2019, 5, 13)),
        ("Officers made 97 arrests during the operation, which ran from November 27 to December 3 2016.", D(2016, 11, 27)),
        ("The checks took place June 3-7 and five men were arrested.", D(2019, 6, 3)),
    ],
)
def test_month_first_ranges_give_their_first_day(body, expected) -> None:
    found = event(body, D(2019, 12, 28) if expected.year == 2016 else D(2019, 6, 21))
    assert found is not None and found.date == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Officers raided a brothel today (24/05) and safeguarded three women.", D(2023, 5, 24)),
        ("Warrants were executed on Friday (7/6) at four addresses.", D(2024, 6, 7)),
        ("Two men were arrested at a car wash (03/11) following a tip-off.", D(2023, 11, 3)),
    ],
)
def test_day_and_month_in_brackets_are_day_first(body, expected) -> None:
    published = {2023: D(2023, 11, 30), 2024: D(2024, 6, 10)}[expected.year]
    found = event(body, published)
    assert found is not None and found.date == expected


def test_bracketed_numbers_that_are_not_dates_are_not_read() -> None:
    # "(13/14)" cannot be a day and month
    found = event("Officers raided homes (13/14) and arrested four.", D(2024, 6, 10))
    assert found is None


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("Officers visited 30 car washes on Anti-Slavery Day and found four potential victims.", D(2021, 10, 20), D(2021, 10, 18)),
        ("On the eve of the International Day for the Abolition of Slavery, police raided six addresses.", D(2022, 12, 5), D(2022, 12, 1)),
        ("Checks were carried out at ports on World Day against Trafficking in Persons.", D(2023, 8, 2), D(2023, 7, 30)),
        ("Supporting Anti-Slavery Day on 18 October, officers visited nail bars across the county.", D(2019, 10, 25), D(2019, 10, 18)),
    ],
)
def test_observance_days_are_fixed_dates(body, published, expected) -> None:
    found = event(body, published)
    assert found is not None and found.date == expected


def test_an_observance_still_to_come_is_not_the_event() -> None:
    body = "Ahead of Anti-Slavery Day, officers will be visiting car washes on Anti-Slavery Day itself."
    assert event(body, D(2022, 10, 10)) is None


def test_the_observance_table_is_data() -> None:
    rules = dates_module.load_rules()
    days = {(o.name, o.month, o.day) for o in rules.observances}
    assert {
        ("Anti-Slavery Day", 10, 18),
        ("World Day against Trafficking in Persons", 7, 30),
        ("International Day for the Abolition of Slavery", 12, 2),
    } <= days


@pytest.mark.parametrize(
    "body",
    [
        "A national day of action took place across the county yesterday, coinciding with Anti-Slavery Day. Eleven people were safeguarded.",
        "Yesterday, to mark Anti-Slavery Day, officers visited 20 nail bars and arrested two men.",
        "A day of action was held yesterday in support of Anti-Slavery Day, with 14 premises visited.",
    ],
)
def test_a_named_day_does_not_wipe_yesterday(body) -> None:
    found = event(body, D(2017, 10, 19))
    assert found is not None and found.date == D(2017, 10, 18)


@pytest.mark.parametrize(
    "body",
    [
        "Anti-Slavery Week began on Monday, 14 October and runs until Sunday 20 October.",
        # "supporting" that governs victims, not the day, does not make the campaign an action
        "We are supporting victims throughout Anti-Slavery Week, which started on Monday 14 October.",
        "From Monday (14 October) it's Awareness Week, with charities raising awareness of the signs.",
    ],
)
def test_a_campaign_sentence_alone_still_gives_no_event_date(body) -> None:
    assert event(body, D(2024, 10, 30)) is None


@pytest.mark.parametrize(
    "body",
    [
        "New powers have led to 40 arrests since May. One such operation was carried out last month (19 June), when four men were arrested.",
        "The unit has safeguarded 90 people this year. For example, on 3 March officers raided a farm and arrested two men.",
        "The team works with partners across the region. In one case, on Tuesday 4 February, officers rescued three women.",
    ],
)
def test_an_illustrating_case_does_not_date_the_release(body) -> None:
    assert event(body, D(2020, 7, 3)) is None


@pytest.mark.parametrize(
    "body",
    [
        "Two men were found guilty on Wednesday 5 June. Sentencing is due to take place on 12 September.",
        "Four men were convicted on Wednesday 5 June; their sentencing hearing is scheduled for 12 September.",
    ],
)
def test_a_hearing_to_come_is_not_the_event(body) -> None:
    found = event(body, D(2024, 6, 1), "month")
    assert found is not None and found.date == D(2024, 6, 5)


@pytest.mark.parametrize(
    "body",
    [
        "Week of action on county lines Date published: 19th October 2018 12.58pm\nOfficers arrested 21 people during the week.",
        "Summary of statistics Date published: 20/03/2019 Reference: X1 Officers arrested people.\nMore text.",
        "Published 3 May 2022\nOfficers visited nail bars and arrested two women this week.",
    ],
)
def test_a_publication_line_is_not_the_event_date(body) -> None:
    found = event(body, D(2022, 5, 3))
    assert found is None or found.date not in (D(2018, 10, 19), D(2019, 3, 20), D(2022, 5, 3))


def test_a_report_published_on_a_day_is_the_event_of_a_statistics_release() -> None:
    body = "The figures come from the project's annual assessment, which was published on 28 July 2022."
    found = event(body, None)
    assert found is not None and found.date == D(2022, 7, 28)


def test_today_is_an_observance_with_its_year_and_no_publication_date() -> None:
    body = "Anti-Slavery Day 2021\nToday is Anti-Slavery Day, and to mark it we are celebrating our team's first year."
    found = event(body, None)
    assert found is not None and found.date == D(2021, 10, 18)


# --------------------------------------------------------------------------
# Publication lines in page text, and URL dates


@pytest.mark.parametrize(
    ("line", "expected", "precision", "rule"),
    [
        ("Published 3 May 2022", D(2022, 5, 3), "day", "labelled_date"),
        ("Posted on: 28 November 2017", D(2017, 11, 28), "day", "labelled_date"),
        ("First published on Wed 4 Jun 2014 10.15 BST", D(2014, 6, 4), "day", "labelled_date"),
        ("Police raid farms Date published: 2nd March 2021 9.05am", D(2021, 3, 2), "day", "labelled_date"),
        ("Monday, 07 April, 2009", D(2009, 4, 7), "day", "date_line"),
        ("Wednesday 3 February 2021", D(2021, 2, 3), "day", "date_line"),
        ("Posted on Wed. 3 Feb 2021 at 14:05 BST", D(2021, 2, 3), "day", "labelled_date"),
        ("March 9, 2023", D(2023, 3, 9), "day", "date_line"),
        ("4 August 2016, 14:02 | Updated: 4 August 2016, 15:30", D(2016, 8, 4), "day", "date_line"),
        ("Crime and justice | 2nd June 2021", D(2021, 6, 2), "day", "category_date"),
        ("Police chiefs welcome new sentencing guidelines for slavery (12 March 2019)", D(2019, 3, 12), "day", "title_bracketed_date"),
        ("Chief Inspector Ann Example, regional lead - November 2018", D(2018, 11, 1), "month", "byline_month"),
    ],
)
def test_publication_lines(line, expected, precision, rule) -> None:
    from releasekit.printed_dates import publication_line

    found = publication_line(line)
    assert found is not None and (found.date, found.precision, found.rule) == (expected, precision, rule)


@pytest.mark.parametrize(
    "line",
    [
        "The report was published on 28 July 2022.",
        "Both men were convicted between January 2009 and October 2013.",
        "Officers visited 12 premises on 3 May 2022 and arrested two men, the force said in a statement today.",
        "Published",
        # a news site's masthead: today's date with a short weekday and no label
        "Wed 22 May 2024",
        "Sun. 5 March 2021 10:00",
        "Thu, 3 Feb 2022",
    ],
)
def test_sentences_are_not_publication_lines(line) -> None:
    from releasekit.printed_dates import publication_line

    assert publication_line(line) is None


def test_a_published_line_in_page_text_is_the_publication_date(tmp_path) -> None:
    import releasekit
    from releasekit.build import build

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_text(
        "Nail bar checks find two victims\n"
        "Published 3 May 2022\n"
        "Officers visited six nail bars on Tuesday and found two women who were potential victims of "
        "modern slavery. Both were taken to a place of safety and offered support by partner agencies.\n",
        encoding="utf-8",
    )
    build(raw, tmp_path / "out", jobs=1, cache=False)
    release = releasekit.load(tmp_path / "out").releases.iloc[0]
    assert str(release.published)[:10] == "2022-05-03"
    assert (release.published_precision, release.published_source) == ("day", "text")
    assert str(release.event_date)[:10] == "2022-05-03"  # Tuesday 3 May 2022


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.net/articles/slavery+victims+supported+18102024161500?open", D(2024, 10, 1)),
        ("https://www.example.gov.uk/press-release-archive/03072017-new-powers-results", D(2017, 7, 1)),
        ("https://www.example.police.uk/news/latest-news/14-03-2021/officers-raid-farm", D(2021, 3, 1)),
        ("https://www.example.org/news/2020-11-30-charity-report", D(2020, 11, 1)),
        ("https://news.example.net/articles/story+99999999999999?open", None),
        ("https://www.example.org/item/12345678/view", None),
        ("https://news.example.net/articles/ref-12345678-x", None),
    ],
)
def test_dates_in_urls_give_only_the_month(url, expected) -> None:
    assert url_month(url) == expected


# --------------------------------------------------------------------------
# The rules file is checked when it loads


def _raw_rules() -> dict:
    from importlib.resources import files

    return yaml.safe_load(files("releasekit").joinpath("data/date_rules.yaml").read_text("utf-8"))


def _rule(name: str, pattern: str, resolve: str | None = "date", **more) -> dict:
    rule = {"name": name, "pattern": pattern, **more}
    if resolve is not None:
        rule["resolve"] = resolve
    return rule


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda r: r.update(extras={}), r"^date_rules\.yaml, extras: unknown section"),
        (lambda r: r["rules"].append(_rule("oops", "x", resolves="y")), r"^date_rules\.yaml, rules, rule 'oops': unknown or missing keys"),
        (lambda r: r["rules"].append(_rule("no_resolve", r"(?P<d>\d+) (?P<m>May)", resolve=None)),
         r"^date_rules\.yaml, rules, rule 'no_resolve': resolve must be one of"),
        (lambda r: r["rules"].append(_rule("odd_resolve", r"(?P<d>\d+) (?P<m>May)", resolve="fortnight")),
         r"rule 'odd_resolve': resolve must be one of .*got 'fortnight'"),
        (lambda r: r["rules"].append(_rule("broken", "(?P<d>1")),
         r"^date_rules\.yaml, rules, rule 'broken': pattern '\(\?P<d>1' does not compile"),
        (lambda r: r["rules"].append(_rule("odd_group", "(?P<weekday>Monday)")), r"rule 'odd_group': unknown groups \['weekday'\]"),
        (lambda r: r["rules"].append(_rule("needs", r"(?P<d>1) (?P<m>May)", requires_any=["wd"])), r"rule 'needs': requires_any"),
        (lambda r: r["rules"].append(_rule("no_weekday", r"on (?P<d>\d+)", resolve="weekday")),
         r"rule 'no_weekday': resolve 'weekday' needs one of the groups \['wd'\]"),
        (lambda r: r["rules"].append(_rule("ignored", r"(?P<rel>today) (?P<d>\d+)", resolve="relative")),
         r"rule 'ignored': resolve 'relative' does not read the groups \['d'\]"),
        (lambda r: r["rules"].append(_rule("no_part", r"<<fortnight>>")), r"rule 'no_part': unknown part"),
        (lambda r: r["rules"].append(dict(r["rules"][0])), r"rules, rule 'date_range': the rule name is used twice"),
        (lambda r: r.update(observances=[{"name": "Nonsense Day", "pattern": "nonsense", "month": 2, "day": 30}]),
         r"^date_rules\.yaml, observances, rule 'Nonsense Day': no such day"),
        (lambda r: r.update(observances=[{"name": "Bad Day", "pattern": "bad (day", "month": 2, "day": 3}]),
         r"observances, rule 'Bad Day': pattern 'bad \(day' does not compile"),
        (lambda r: r["context"].pop("campaign"), r"^date_rules\.yaml, context, rule 'campaign': keys must be"),
        (lambda r: r["context"]["background"].append("back (in"), r"context, rule 'background': pattern 'back \(in' does not compile"),
        (lambda r: r["rules"].append("day_month"), r"^date_rules\.yaml, rules: a rule is a mapping"),
    ],
    ids=["unknown-section", "unknown-key", "missing-resolve", "unknown-resolve", "bad-regex", "unknown-group",
         "requires-missing-group", "resolve-lacks-group", "resolve-ignores-group", "unknown-part", "name-twice",
         "impossible-observance", "bad-observance-regex", "missing-context", "bad-context-regex", "rule-not-a-mapping"],
)
def test_each_kind_of_fault_in_the_date_rules_names_file_section_and_rule(tmp_path: Path, edit, message: str) -> None:
    raw = _raw_rules()
    dates_module.DateRules.load(_write(tmp_path, raw))  # the packaged rules load
    edit(raw)
    with pytest.raises(dates_module.DateRulesError, match=message):
        dates_module.DateRules.load(_write(tmp_path, raw))


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "date_rules.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_a_file_that_is_missing_not_yaml_or_not_a_mapping_is_named(tmp_path: Path) -> None:
    with pytest.raises(dates_module.DateRulesError, match=r"^absent\.yaml: cannot be read"):
        dates_module.DateRules.load(tmp_path / "absent.yaml")
    bad = tmp_path / "date_rules.yaml"
    bad.write_text("rules: [unclosed\n", "utf-8")
    with pytest.raises(dates_module.DateRulesError, match=r"^date_rules\.yaml: not YAML"):
        dates_module.DateRules.load(bad)
    bad.write_text("- a list\n", "utf-8")
    with pytest.raises(dates_module.DateRulesError, match=r"^date_rules\.yaml: the file must hold a mapping"):
        dates_module.DateRules.load(bad)


def test_default_rules_are_the_packaged_file_and_cached() -> None:
    rules = dates_module.DateRules.default()
    assert rules is dates_module.DateRules.default()
    assert {rule.resolve for rule in rules.rules} == set(dates_module.RESOLVERS)


def test_a_rule_added_in_a_file_resolves_as_it_declares(tmp_path: Path) -> None:
    """A new wording (an abbreviated weekday, "on Wed") needs only a named rule
    with a pattern and a declared resolve, passed to the extractor as rules=."""
    published = D(2022, 3, 31)  # a Thursday
    body = "Officers arrested two men in a raid on Wed."
    assert event(body, published) is None
    raw = _raw_rules()
    raw["rules"].append(_rule("weekday_abbreviated", r"\bon\s+(?P<ev>(?P<wd>Wed|Thurs))\b", resolve="relative"))
    with pytest.raises(dates_module.DateRulesError, match=r"rule 'weekday_abbreviated': resolve 'relative' needs"):
        dates_module.DateRules.load(_write(tmp_path, raw))
    raw["rules"][-1]["resolve"] = "weekday"
    rules = dates_module.DateRules.load(_write(tmp_path, raw))
    found = extract_event_date(body, split_sentences(body), published, rules=rules)
    assert found is not None
    assert (found.date, found.rule, found.evidence) == (D(2022, 3, 30), "weekday_abbreviated", "Wed")
    assert body[found.start : found.end] == found.evidence


def test_the_extractor_does_not_branch_on_rule_names() -> None:
    source = inspect.getsource(dates_module)
    names = [rule["name"] for rule in _raw_rules()["rules"]]
    assert not [name for name in names if f'"{name}"' in source]


def test_default_date_rules_are_read_again_when_the_file_changes(tmp_path: Path, monkeypatch) -> None:
    from importlib.resources import files

    text = files("releasekit").joinpath("data/date_rules.yaml").read_text("utf-8")
    (tmp_path / "data").mkdir()
    packaged = tmp_path / "data" / "date_rules.yaml"
    packaged.write_text(text, "utf-8")
    monkeypatch.setattr(dates_module, "packaged_path", lambda name: str(packaged))
    first = dates_module.DateRules.default()
    assert first is dates_module.DateRules.default()
    raw = yaml.safe_load(text)
    raw["rules"].append(_rule("weekday_abbreviated", r"\bon\s+(?P<ev>(?P<wd>Wed))\b", resolve="weekday"))
    packaged.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
    second = dates_module.DateRules.default()
    assert second is not first and second.rules[-1].name == "weekday_abbreviated"


# blind 22 r10 (after its first run): a charge authorised is the action; a hearing in an infinitive is to come
@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("The CPS has authorised charges against three people. The charges were authorised on Monday 21 July "
         "following an investigation by Northumbria Police. A fourth suspect has been summonsed by postal "
         "requisition to appear at Gateshead Magistrates' Court on 12 August.", D(2025, 7, 22), D(2025, 7, 21)),
        ("Two men have been charged. They were remanded in custody to appear at Leeds Crown Court on 3 March.",
         D(2025, 2, 10), None),
        ("The charge was authorised by the CPS on Friday 7 February.", D(2025, 2, 10), D(2025, 2, 7)),
        # control: a hearing that happened
        ("Two men appeared at Leeds Crown Court on 3 February charged with trafficking offences.", D(2025, 2, 10),
         D(2025, 2, 3)),
    ],
)
def test_a_charge_authorised_and_a_hearing_to_come(body: str, published: dt.date, expected: dt.date | None) -> None:
    found = event(body, published)
    assert (found.date if found else None) == expected
