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
