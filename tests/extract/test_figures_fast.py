"""Fast paths of releasekit.extract.figures give what the plain algorithm gives.

Each speed-up of the figure extraction that replaces an algorithm (issue 15)
is checked here against the algorithm it replaced, on generated inputs built
from the words the figure rules read (qualifiers, determiners, "a further",
number words) and from whitespace, punctuation and the characters that
``re.IGNORECASE`` equates with ASCII letters (``K``, ``ſ``, ``İ``).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.extract.figures import FigureRules, _Ending

RULES = FigureRules.default()
#: Every phrase-before-a-figure rule (anaphora, qualifiers, "a further", cue blockers ...).
ENDINGS = {
    name: getattr(RULES, name)
    for name in (
        "anaphora", "anaphora_the", "article_not_after", "at_least", "approx",
        "further_before", "named_not_after", "plural_not_after", "cue_blocker",
    )
    if getattr(RULES, name) is not None
}

FRAGMENTS = [
    "Officers arrested ", "more than ", "More Than", "at least", "over", "nearly ", "almost", "some ",
    "the ", "The", "these", "all of the ", "both", "a further ", "A FURTHER", "another", "an additional ",
    "twenty-", "twenty", "one ", "hundred", "of ", "in ", "from ", "to be ", "will be ", "those ",
    "such as ", "as well as ", "up to ", "approx. ", "circa ", "estimated ", "bathe ", "other", "others ",
    "the\u00a0", "\u00a0", " ", "  ", "\t", "\n", ",", ".", "-", "(", "’", "'", "ſuch ", "K", "İ", "x", "12 ",
]
texts = st.lists(st.sampled_from(FRAGMENTS), max_size=20).map("".join)


def _plain(ending: _Ending, text: str, end: int, window: int = 48) -> object:
    """The phrase as it was found before the last-word check: the pattern
    searched in the window, for every text."""
    match = ending.pattern.search(text, max(0, end - window), end)
    return match and match.span()


@settings(max_examples=1500, deadline=None)
@given(texts, st.data(), st.sampled_from(sorted(ENDINGS)))
def test_phrase_before_a_figure_read_from_its_last_word_same_as_search(text: str, data: st.DataObject, name: str) -> None:
    end = data.draw(st.integers(0, len(text)))
    ending = ENDINGS[name]
    found = ending.ends(text, end)
    assert (found and found.span()) == _plain(ending, text, end), (name, text[:end])


def test_the_rules_endings_have_last_words() -> None:
    """Every packaged phrase list ends in plain words, so the check is on."""
    assert all(ending.last_words for ending in ENDINGS.values())
    assert {"than", "least", "over"} <= RULES.at_least.last_words  # "more than", "at least", "over"
    assert RULES.at_least.ends("Officers arrested more than ", 27).group().startswith("more than")
    assert RULES.at_least.ends("Officers arrested bathe ", 24) is None


def test_a_phrase_ending_in_a_stop_searches_every_text() -> None:
    ending = _Ending.of(["approx.", "about"])
    assert ending.last_words is None
    assert ending.ends("approx. ", 8) is not None
