"""Tests for releasekit.analysis.wording.

The statistics are checked on a tiny hand-made table whose numbers are worked
out in the comments and written here as plain arithmetic (not by calling the
code under test). Token tables are built with releasekit.text from short
sentences in the style of the corpus.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from releasekit.analysis import wording
from releasekit.text import split_sentences, tokenize

TOL = 1e-9


def tokens_of(bodies: dict[str, str]) -> pd.DataFrame:
    rows = []
    for release_id, body in bodies.items():
        for t in tokenize(body, split_sentences(body)):
            rows.append(
                {
                    "release_id": release_id,
                    "sentence_id": t.sentence_id,
                    "token_id": t.token_id,
                    "start": t.start,
                    "end": t.end,
                    "token": t.token,
                    "lower": t.lower,
                    "stem": t.stem,
                    "is_stopword": t.is_stopword,
                    "is_alpha": t.is_alpha,
                }
            )
    return pd.DataFrame(rows)


def toy_tokens(releases: dict[str, list[str]]) -> pd.DataFrame:
    """A hand-made tokens table: one sentence per release, words joined by spaces."""
    rows = []
    for release_id, words in releases.items():
        pos = 0
        for i, word in enumerate(words):
            rows.append(
                {
                    "release_id": release_id,
                    "sentence_id": 0,
                    "token_id": i,
                    "start": pos,
                    "end": pos + len(word),
                    "token": word,
                    "lower": word.lower(),
                    "stem": word.lower(),
                    "is_stopword": word.lower() in {"is", "the", "a"},
                    "is_alpha": word.isalpha(),
                }
            )
            pos += len(word) + 1
    return pd.DataFrame(rows)


# Two groups, three words:
#            A   B   corpus
#   victim   4   1   5
#   police   2   2   4
#   gang     0   3   3
#   total    6   6   12
COUNTS = pd.DataFrame(
    {
        "group": ["A", "A", "B", "B", "B"],
        "word": ["victim", "police", "victim", "police", "gang"],
        "n": [4, 2, 1, 2, 3],
    }
)


# ---------------------------------------------------------------- count_words


def test_count_words_by_hand():
    tokens = tokens_of(
        {
            "glaa-1": "Three workers were found at the car wash. The workers were safeguarded.",
            "police-1": "Officers arrested two men. Officers safeguarded four victims.",
            "other-1": "Workers everywhere.",
        }
    )
    counts = wording.count_words(tokens, {"glaa-1": "glaa", "police-1": "police"})
    # stopwords (were, at, the) and "." dropped; other-1 is not in the mapping.
    expected = pd.DataFrame(
        {
            "group": ["glaa"] * 6 + ["police"] * 7,
            "word": ["workers", "car", "found", "safeguarded", "three", "wash",
                     "officers", "arrested", "four", "men", "safeguarded", "two", "victims"],
            "n": [2, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1],
        }
    )
    pd.testing.assert_frame_equal(counts, expected, check_dtype=False)

    with_stop = wording.count_words(tokens, pd.Series({"glaa-1": "glaa"}), drop_stopwords=False)
    n = dict(zip(with_stop["word"], with_stop["n"]))
    assert n["were"] == 2 and n["the"] == 2 and "." not in n
    assert set(with_stop["group"]) == {"glaa"}


# ---------------------------------------------------------- log-odds (Monroe)


def test_log_odds_corpus_prior_by_hand():
    # prior = corpus counts: a = (victim 5, police 4, gang 3), a0 = 12, nA = nB = 6
    # victim: A (4+5)/(6+12-4-5) = 9/9 ; B (1+5)/(6+12-1-5) = 6/12
    #         delta = ln 1 - ln 0.5 = ln 2 ; var = 1/9 + 1/6
    # police: A (2+4)/(18-6) = 6/12 ; B the same -> delta 0 ; var = 1/6 + 1/6
    # gang:   A (0+3)/(18-3) = 3/15 ; B (3+3)/(18-6) = 6/12
    #         delta = ln(1/5) - ln(1/2) = ln(2/5) ; var = 1/3 + 1/6
    out = wording.log_odds_dirichlet(COUNTS, "A", "B")
    assert list(out.columns) == ["word", "n_a", "n_b", "delta", "var", "z"]
    assert list(out["word"]) == ["victim", "police", "gang"]  # z descending
    assert list(out["n_a"]) == [4, 2, 0] and list(out["n_b"]) == [1, 2, 3]
    delta = [math.log(2), 0.0, math.log(2 / 5)]
    var = [1 / 9 + 1 / 6, 1 / 6 + 1 / 6, 1 / 3 + 1 / 6]
    for got, d, v in zip(out.itertuples(), delta, var):
        assert got.delta == pytest.approx(d, abs=TOL)
        assert got.var == pytest.approx(v, abs=TOL)
        assert got.z == pytest.approx(d / math.sqrt(v), abs=TOL)
    assert out["z"].iloc[0] > 0 > out["z"].iloc[2]

    # swapping the groups flips the signs and the order
    back = wording.log_odds_dirichlet(COUNTS, "B", "A")
    assert list(back["word"]) == ["gang", "police", "victim"]
    assert back.set_index("word")["z"]["victim"] == pytest.approx(-out["z"].iloc[0], abs=TOL)


def test_log_odds_scaled_prior_by_hand():
    # prior_scale = 6: a = 6 * (5, 4, 3) / 12 = (2.5, 2, 1.5), a0 = 6
    # victim: A (4+2.5)/(6+6-4-2.5) = 6.5/5.5 ; B (1+2.5)/(12-3.5) = 3.5/8.5
    # gang:   A 1.5/(12-1.5) = 1.5/10.5      ; B 4.5/(12-4.5) = 4.5/7.5
    out = wording.log_odds_dirichlet(COUNTS, "A", "B", prior_scale=6).set_index("word")
    d_victim = math.log(6.5 / 5.5) - math.log(3.5 / 8.5)
    v_victim = 1 / 6.5 + 1 / 3.5
    d_gang = math.log(1.5 / 10.5) - math.log(4.5 / 7.5)
    v_gang = 1 / 1.5 + 1 / 4.5
    assert out.loc["victim", "delta"] == pytest.approx(d_victim, abs=TOL)
    assert out.loc["victim", "z"] == pytest.approx(d_victim / math.sqrt(v_victim), abs=TOL)
    assert out.loc["gang", "z"] == pytest.approx(d_gang / math.sqrt(v_gang), abs=TOL)
    assert out.loc["police", "delta"] == pytest.approx(0.0, abs=TOL)


def test_log_odds_prior_uses_every_group_and_reports_only_a_b_words():
    # group C adds "slavery" 2: prior a = (victim 5, police 4, gang 3, slavery 2), a0 = 14
    # victim: A 9/(6+14-9) = 9/11 ; B 6/(6+14-6) = 6/14
    counts = pd.concat(
        [COUNTS, pd.DataFrame({"group": ["C"], "word": ["slavery"], "n": [2]})],
        ignore_index=True,
    )
    out = wording.log_odds_dirichlet(counts, "A", "B").set_index("word")
    assert "slavery" not in out.index
    assert out.loc["victim", "delta"] == pytest.approx(math.log(9 / 11) - math.log(6 / 14),
                                                       abs=TOL)


def test_log_odds_background_prior_and_errors():
    prior = pd.DataFrame({"word": ["victim", "police", "gang", "other"], "n": [1, 1, 1, 1]})
    # a = 1 each, a0 = 4: victim A 5/(6+4-5) = 5/5 ; B 2/(10-2) = 2/8
    out = wording.log_odds_dirichlet(COUNTS, "A", "B", prior=prior).set_index("word")
    assert out.loc["victim", "delta"] == pytest.approx(0 - math.log(2 / 8), abs=TOL)
    with pytest.raises(ValueError, match="gang"):
        wording.log_odds_dirichlet(COUNTS, "A", "B", prior=prior[prior.word != "gang"])
    with pytest.raises(ValueError):
        wording.log_odds_dirichlet(COUNTS, "A", "Z")


def test_ties_are_broken_on_word():
    counts = pd.DataFrame(
        {"group": ["A", "A", "B", "B"], "word": ["zeta", "alpha", "zeta", "alpha"],
         "n": [1, 1, 1, 1]}
    )
    assert list(wording.log_odds_dirichlet(counts, "A", "B")["word"]) == ["alpha", "zeta"]
    assert list(wording.g_squared(counts, "A", "B")["word"]) == ["alpha", "zeta"]


# -------------------------------------------------------- G-squared (Dunning)


def test_g_squared_by_hand():
    # N1 = N2 = 6, N = 12
    # victim: a=4 b=1 c=2 d=5; rows 5, 7; E = 2.5, 2.5, 3.5, 3.5
    g_victim = 2 * (4 * math.log(4 / 2.5) + 1 * math.log(1 / 2.5)
                    + 2 * math.log(2 / 3.5) + 5 * math.log(5 / 3.5))
    # gang: a=0 b=3 c=6 d=3; rows 3, 9; E = 1.5, 1.5, 4.5, 4.5 (0 ln 0 = 0)
    g_gang = 2 * (3 * math.log(3 / 1.5) + 6 * math.log(6 / 4.5) + 3 * math.log(3 / 4.5))
    out = wording.g_squared(COUNTS, "A", "B")
    assert list(out.columns) == ["word", "n_target", "n_reference", "expected", "g2",
                                 "log_ratio", "p_value"]
    assert list(out["word"]) == ["victim", "police", "gang"]
    row = out.set_index("word")
    assert row.loc["victim", "g2"] == pytest.approx(g_victim, abs=TOL)
    assert row.loc["gang", "g2"] == pytest.approx(-g_gang, abs=TOL)  # target under-uses
    assert row.loc["police", "g2"] == pytest.approx(0.0, abs=TOL)
    assert row.loc["victim", "expected"] == pytest.approx(2.5, abs=TOL)
    assert row.loc["gang", "expected"] == pytest.approx(1.5, abs=TOL)
    # Log Ratio: log2((4/6)/(1/6)) = 2 ; gang has a zero, replaced by 0.5:
    # log2((0.5/6)/(3/6)) = log2(1/6)
    assert row.loc["victim", "log_ratio"] == pytest.approx(2.0, abs=TOL)
    assert row.loc["police", "log_ratio"] == pytest.approx(0.0, abs=TOL)
    assert row.loc["gang", "log_ratio"] == pytest.approx(math.log2(1 / 6), abs=TOL)
    # p for chi-squared(1): P(X > x) = 1 - erf(sqrt(x / 2))
    assert row.loc["victim", "p_value"] == pytest.approx(
        1 - math.erf(math.sqrt(g_victim / 2)), abs=TOL)
    assert row.loc["police", "p_value"] == pytest.approx(1.0, abs=TOL)


def test_g_squared_williams_by_hand():
    # q = 1 + (N/R1 + N/R2 - 1)(N/N1 + N/N2 - 1) / (6N)
    # victim: R1 = 5, R2 = 7: q = 1 + (12/5 + 12/7 - 1)(2 + 2 - 1) / 72
    g_victim = 2 * (4 * math.log(4 / 2.5) + 1 * math.log(1 / 2.5)
                    + 2 * math.log(2 / 3.5) + 5 * math.log(5 / 3.5))
    q = 1 + (12 / 5 + 12 / 7 - 1) * 3 / 72
    out = wording.g_squared(COUNTS, "A", "B", williams=True).set_index("word")
    assert out.loc["victim", "g2"] == pytest.approx(g_victim / q, abs=TOL)


def test_log_odds_four_term_variance_by_hand():
    # corpus prior a = (victim 5, police 4, gang 3), a0 = 12, nA = nB = 6 (as above)
    # four-term var = 1/(yA+a) + 1/(nA+a0-yA-a) + 1/(yB+a) + 1/(nB+a0-yB-a)
    # victim: 1/9 + 1/(18-9) + 1/6 + 1/(18-6)
    # police: 1/6 + 1/12 + 1/6 + 1/12
    # gang:   1/3 + 1/15 + 1/6 + 1/12
    var = {"victim": 1 / 9 + 1 / 9 + 1 / 6 + 1 / 12,
           "police": 1 / 6 + 1 / 12 + 1 / 6 + 1 / 12,
           "gang": 1 / 3 + 1 / 15 + 1 / 6 + 1 / 12}
    delta = {"victim": math.log(2), "police": 0.0, "gang": math.log(2 / 5)}
    four = wording.log_odds_dirichlet(COUNTS, "A", "B", variance="four_term").set_index("word")
    two = wording.log_odds_dirichlet(COUNTS, "A", "B").set_index("word")
    for word in var:
        assert four.loc[word, "var"] == pytest.approx(var[word], abs=TOL)
        assert four.loc[word, "delta"] == pytest.approx(delta[word], abs=TOL)
        assert four.loc[word, "z"] == pytest.approx(delta[word] / math.sqrt(var[word]), abs=TOL)
        assert four.loc[word, "delta"] == two.loc[word, "delta"]  # only the variance changes
        assert four.loc[word, "var"] > two.loc[word, "var"]
    # a scaled prior: a = (2.5, 2, 1.5), a0 = 6; victim: 1/6.5 + 1/(12-6.5) + 1/3.5 + 1/(12-3.5)
    scaled = wording.log_odds_dirichlet(COUNTS, "A", "B", prior_scale=6, variance="four_term").set_index("word")
    assert scaled.loc["victim", "var"] == pytest.approx(1 / 6.5 + 1 / 5.5 + 1 / 3.5 + 1 / 8.5, abs=TOL)
    with pytest.raises(ValueError, match="variance"):
        wording.log_odds_dirichlet(COUNTS, "A", "B", variance="three_term")


def test_keyness_passes_variance_and_correction_on():
    tokens = toy_tokens({"a1": ["victims", "victims", "police"], "b1": ["police", "gang", "victims"]})
    groups = {"a1": "A", "b1": "B"}
    counts = wording.count_words(tokens, groups)
    both = wording.keyness(tokens, groups, "A", "B", variance="four_term", correction="yates").set_index("word")
    lo = wording.log_odds_dirichlet(counts, "A", "B", variance="four_term").set_index("word")
    g2 = wording.g_squared(counts, "A", "B", correction="yates").set_index("word")
    for word in ["victims", "police", "gang"]:
        assert both.loc[word, "var"] == pytest.approx(lo.loc[word, "var"], abs=TOL)
        assert both.loc[word, "g2"] == pytest.approx(g2.loc[word, "g2"], abs=TOL)
    default = wording.keyness(tokens, groups, "A", "B").set_index("word")
    assert default.loc["victims", "var"] < both.loc["victims", "var"]


def test_g_squared_yates_by_hand():
    # each cell moved 0.5 towards its expected count
    # victim: a=4 b=1 c=2 d=5, E = 2.5, 2.5, 3.5, 3.5 -> 3.5, 1.5, 2.5, 4.5
    g_victim = 2 * (3.5 * math.log(3.5 / 2.5) + 1.5 * math.log(1.5 / 2.5)
                    + 2.5 * math.log(2.5 / 3.5) + 4.5 * math.log(4.5 / 3.5))
    # gang: a=0 b=3 c=6 d=3, E = 1.5, 1.5, 4.5, 4.5 -> 0.5, 2.5, 5.5, 3.5
    g_gang = 2 * (0.5 * math.log(0.5 / 1.5) + 2.5 * math.log(2.5 / 1.5)
                  + 5.5 * math.log(5.5 / 4.5) + 3.5 * math.log(3.5 / 4.5))
    out = wording.g_squared(COUNTS, "A", "B", correction="yates").set_index("word")
    assert out.loc["victim", "g2"] == pytest.approx(g_victim, abs=TOL)
    assert out.loc["gang", "g2"] == pytest.approx(-g_gang, abs=TOL)
    assert out.loc["police", "g2"] == pytest.approx(0.0, abs=TOL)  # O = E: nothing to move
    plain = wording.g_squared(COUNTS, "A", "B").set_index("word")
    assert abs(out.loc["victim", "g2"]) < abs(plain.loc["victim", "g2"])
    # correction="williams" is williams=True
    assert wording.g_squared(COUNTS, "A", "B", correction="williams").equals(wording.g_squared(COUNTS, "A", "B", williams=True))
    with pytest.raises(ValueError, match="correction"):
        wording.g_squared(COUNTS, "A", "B", correction="bonferroni")
    with pytest.raises(ValueError, match="disagree"):
        wording.g_squared(COUNTS, "A", "B", williams=True, correction="yates")


def test_chi2_tail_at_the_five_percent_point():
    assert wording._chi2_sf_df1(1.959963984540054 ** 2) == pytest.approx(0.05, abs=TOL)


# ------------------------------------------------------------------- keyness


def test_keyness_joins_counts_statistics_and_dispersion():
    tokens = tokens_of(
        {
            "a1": "Victims were safeguarded. Victims were supported. Victims were housed.",
            "a2": "Officers visited the farm.",
            "b1": "Officers visited the car wash and found victims.",
            "b2": "Officers arrested a gangmaster.",
        }
    )
    groups = {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}
    out = wording.keyness(tokens, groups, "A", "B").set_index("word")
    # victims: 3 times in a1 only (group A), once in b1
    assert out.loc["victims", ["n_a", "n_b"]].tolist() == [3, 1]
    assert out.loc["victims", ["dispersion_a", "dispersion_b", "dispersion"]].tolist() == [1, 1, 2]
    # officers: a2 once, b1 and b2 once each
    assert out.loc["officers", ["n_a", "n_b", "dispersion_a", "dispersion_b"]].tolist() == [1, 2, 1, 2]
    counts = wording.count_words(tokens, groups)
    lo = wording.log_odds_dirichlet(counts, "A", "B").set_index("word")
    g2 = wording.g_squared(counts, "A", "B").set_index("word")
    assert out.loc["victims", "z"] == pytest.approx(lo.loc["victims", "z"], abs=TOL)
    assert out.loc["victims", "g2"] == pytest.approx(g2.loc["victims", "g2"], abs=TOL)
    assert list(out.index) == list(lo.index)  # same z order
    assert out["z"].is_monotonic_decreasing


# -------------------------------------------------------------- collocations


def test_collocations_by_hand_and_per_release():
    # merged term: r1 = [legal, SW, is, safe, SW], r2 = [legal, aid, helps]
    tokens = toy_tokens(
        {"r1": "legal sex work is safe sex work".split(), "r2": "legal aid helps".split()}
    )
    out = wording.collocations(tokens, "Sex work", window=2, min_count=1,
                               drop_stopwords=False)
    # window 2 pairs: (legal,SW) (SW,is) (is,safe) (safe,SW) | (legal,aid) (aid,helps)
    # a single stream would add (SW, legal) across the release boundary.
    assert list(zip(out["word"], out["position"], out["n"])) == [
        ("is", "after", 1), ("safe", "before", 1), ("legal", "before", 1)]
    # word counts: legal 2, SW 2, is 1, safe 1, aid 1, helps 1; N = 8
    # (legal, SW): cells 1, 1, 1, 5 ; expected 0.5, 1.5, 1.5, 4.5
    lr_legal = 2 * (math.log(1 / 0.5) + 2 * math.log(1 / 1.5) + 5 * math.log(5 / 4.5))
    # (safe, SW): cells 1, 1 (SW not after safe), 0, 6 ; expected 0.25, 1.75, 0.75, 5.25
    lr_safe = 2 * (math.log(1 / 0.25) + math.log(1 / 1.75) + 6 * math.log(6 / 5.25))
    score = {(w, p): s for w, p, s in zip(out["word"], out["position"], out["score"])}
    assert score[("legal", "before")] == pytest.approx(lr_legal, abs=TOL)
    assert score[("safe", "before")] == pytest.approx(lr_safe, abs=TOL)
    assert score[("is", "after")] == pytest.approx(lr_safe, abs=TOL)  # symmetric table
    # the parts of the term are not collocates of it
    assert not {"sex", "work"} & set(out["word"])
    # defaults drop the stopword "is" and pairs seen once
    assert wording.collocations(tokens, "sex work", window=2).empty
    filtered = wording.collocations(tokens, "sex work", window=2, min_count=1)
    assert "is" not in set(filtered["word"])


def test_collocations_window_counts():
    tokens = toy_tokens(
        {"r1": "legal sex work is safe sex work".split(), "r2": "legal aid helps".split()}
    )
    out = wording.collocations(tokens, "sex work", window=3, min_count=1,
                               drop_stopwords=False)
    # window 3 in r1 [legal, SW, is, safe, SW]: term pairs (legal,SW) (SW,is) (SW,safe)
    # (is,SW) (safe,SW)
    got = sorted(zip(out["word"], out["position"], out["n"]))
    assert got == [("is", "after", 1), ("is", "before", 1), ("legal", "before", 1),
                   ("safe", "after", 1), ("safe", "before", 1)]
    with pytest.raises(ValueError):
        wording.collocations(tokens, "sex work", measure="no_such_measure")


# --------------------------------------------------------------------- kwic


def test_kwic_spans_and_context():
    body1 = ("Officers found sex work advertised online.\n"
             "The charity said Sex  work and trafficking differ.")
    body2 = "Nothing about it here. Sex\nwork split over two lines."
    tokens = tokens_of({"r1": body1, "r2": body2})
    out = wording.kwic(tokens, {"r1": body1, "r2": body2}, "sex work", width=20)
    assert list(out.columns) == ["release_id", "sentence_id", "start", "end", "left",
                                 "match", "right"]
    # r2's "Sex\nwork" runs over two sentences (lines) and is not a match
    assert list(out["release_id"]) == ["r1", "r1"]
    first, second = out.iloc[0], out.iloc[1]
    assert (first.start, first.end) == (15, 23)
    assert first.match == body1[15:23] == "sex work"
    assert first.left == "Officers found "  # shorter than width at the start
    assert first.right == " advertised online. "[:20].replace("\n", " ")
    s = body1.index("Sex  work")
    assert (second.start, second.end, second.match) == (s, s + 9, "Sex  work")
    assert second.sentence_id == 1
    assert second.left == body1[s - 20 : s].replace("\n", " ")
    assert "\n" not in second.left and len(second.left) == 20
    assert second.right == " and trafficking dif"

    releases = pd.DataFrame({"release_id": ["r1", "r2"], "body": [body1, body2]})
    pd.testing.assert_frame_equal(wording.kwic(tokens, releases, "sex work", width=20), out)


# --------------------------------------------------------- stock paragraphs

STOCK = ("Anyone with information about modern slavery should call Crimestoppers "
         "anonymously on {phone} or visit their website.")


def stock_releases() -> pd.DataFrame:
    bodies = {
        "r1": "Four men were arrested in Wisbech.\nNotes to editors\n"
              + STOCK.format(phone="0800 555 111"),
        "r2": "A car wash was visited in Ipswich.\nNotes to editors\n"
              + STOCK.format(phone="0800  555 112"),
        "r3": ("This paragraph appears twice in one release but nowhere else.\n"
               "This paragraph appears twice in one release but nowhere else."),
    }
    return pd.DataFrame({"release_id": list(bodies), "body": list(bodies.values())})


def test_stock_paragraphs_across_two_releases_not_within_one():
    releases = stock_releases()
    stock = wording.stock_paragraphs(releases)
    assert len(stock) == 1
    row = stock.iloc[0]
    assert row.n_releases == 2
    assert list(row.release_ids) == ["r1", "r2"]
    assert row.text == STOCK.format(phone="0800 555 111")
    assert len(row.paragraph_hash) == 16
    # phone numbers differ, so without digit masking nothing is shared
    assert wording.stock_paragraphs(releases, mask_digits=False).empty
    # "Notes to editors" is shared but shorter than min_words
    short = wording.stock_paragraphs(releases, min_words=3)
    assert "Notes to editors" in set(short["text"])
    # the repeated paragraph counts once for r3
    assert wording.stock_paragraphs(releases, min_releases=1)["n_releases"].max() == 2


def test_boilerplate_mask_and_drop():
    releases = stock_releases()
    bodies = dict(zip(releases["release_id"], releases["body"]))
    tokens = tokens_of(bodies)
    stock = wording.stock_paragraphs(releases)
    mask = wording.boilerplate_mask(tokens, releases, stock)
    assert mask.index.equals(tokens.index) and mask.dtype == bool
    for release_id, body in bodies.items():
        rows = tokens["release_id"] == release_id
        cut = body.find("Anyone")
        expected = (tokens.loc[rows, "start"] >= cut) if cut >= 0 else False
        assert (mask[rows] == expected).all()
    kept = wording.drop_stock_paragraphs(tokens, releases, stock)
    assert kept.loc[kept.release_id == "r1", "lower"].tolist() == [
        "four", "men", "were", "arrested", "in", "wisbech", ".", "notes", "to", "editors"]
    assert (kept.release_id == "r3").sum() == (tokens.release_id == "r3").sum()
