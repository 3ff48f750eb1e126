"""Comparing the wording of groups of releases: keyness, collocations, KWIC.

Every function takes pandas DataFrames in the tidy layout of releasekit's
Parquet tables (one token, sentence or release per row) and returns a new
DataFrame; nothing is modified in place and there is no global state. Results
are sorted with a stable sort and ties are broken on the word, so the same
input always gives the same rows in the same order.

Methods (sources below; each function's docstring gives its formula):

* :func:`log_odds_dirichlet` -- log-odds ratio with an informative Dirichlet
  prior and its z-score: Monroe, B. L., Colaresi, M. P. and Quinn, K. M.
  (2008) "Fightin' Words: Lexical Feature Selection and Evaluation for
  Identifying the Content of Political Conflict", *Political Analysis*
  16(4):372-403. Two variances: their printed approximation (two terms,
  the default) and the four-term one of their code and of scattertext.
* :func:`g_squared` -- signed log-likelihood keyness: Dunning, T. (1993)
  "Accurate Methods for the Statistics of Surprise and Coincidence",
  *Computational Linguistics* 19(1):61-74; Rayson, P. and Garside, R. (2000)
  "Comparing corpora using frequency profiling"; Williams, D. A. (1976)
  "Improved likelihood ratio tests for complete contingency tables",
  *Biometrika* 63(1):33-37; Yates, F. (1934) "Contingency tables involving
  small numbers and the chi-squared test", *Supplement to the Journal of the
  Royal Statistical Society* 1(2):217-235. Effect size: Hardie, A. (2014)
  "Log Ratio -- an informal introduction" (CASS, Lancaster).
* :func:`collocations` -- NLTK's ``BigramCollocationFinder`` (window counts
  after Church, K. and Hanks, P. (1990) "Word association norms, mutual
  information, and lexicography") scored by Dunning's likelihood ratio.
* :func:`stock_paragraphs` -- boilerplate paragraphs found by hashing
  normalised paragraphs; remove them before keyness.

Raw PMI is deliberately not offered for keyness: it ranks words seen once or
twice on top. Always read key words beside their counts (``n_a``, ``n_b``),
their dispersion (how many releases use them) and their :func:`kwic` lines.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures
from nltk.probability import FreqDist

__all__ = [
    "boilerplate_mask",
    "collocations",
    "count_words",
    "drop_stock_paragraphs",
    "g_squared",
    "keyness",
    "kwic",
    "log_odds_dirichlet",
    "normalise_paragraph",
    "stock_paragraphs",
]

Groups = pd.Series | Mapping[str, Hashable]

#: Hardie's replacement for a zero frequency in Log Ratio.
ZERO_FREQUENCY = 0.5


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _require(df: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; has {list(df.columns)}")


def _group_series(groups: Groups) -> pd.Series:
    """release_id -> group label as a Series (index release_id, str)."""
    if isinstance(groups, pd.Series):
        series = groups.copy()
    elif isinstance(groups, Mapping):
        series = pd.Series(dict(groups), dtype=object)
    else:
        raise TypeError("groups must be a pandas Series or a Mapping release_id -> group")
    series = series[series.notna()]
    series.index = series.index.astype(str)
    if series.index.has_duplicates:
        raise ValueError("groups maps a release_id to more than one group")
    return series


def _filtered_tokens(
    tokens: pd.DataFrame,
    *,
    column: str,
    drop_stopwords: bool,
    alpha_only: bool,
) -> pd.DataFrame:
    _require(tokens, ["release_id", column], "tokens")
    keep = pd.Series(True, index=tokens.index)
    if drop_stopwords:
        _require(tokens, ["is_stopword"], "tokens")
        keep &= ~tokens["is_stopword"].astype(bool)
    if alpha_only:
        _require(tokens, ["is_alpha"], "tokens")
        keep &= tokens["is_alpha"].astype(bool)
    return tokens.loc[keep]


def _pivot_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """counts [group, word, n] -> words x groups matrix of ints (0 filled)."""
    _require(counts, ["group", "word", "n"], "counts")
    if counts.duplicated(["group", "word"]).any():
        raise ValueError("counts has more than one row for a (group, word) pair")
    wide = counts.pivot(index="word", columns="group", values="n")
    return wide.fillna(0).astype("int64").sort_index(kind="stable")


def _column_for(wide: pd.DataFrame, group: Hashable, name: str) -> pd.Series:
    if group not in wide.columns:
        raise ValueError(f"{name} {group!r} is not a group of counts: {list(wide.columns)}")
    return wide[group].astype("float64")


def _sort(df: pd.DataFrame, by: str, *, ascending: bool = False) -> pd.DataFrame:
    """Sort on ``by`` with ties broken on ``word`` (ascending), stably."""
    out = df.sort_values("word", kind="stable")
    out = out.sort_values(by, ascending=ascending, kind="stable")
    return out.reset_index(drop=True)


def _chi2_sf_df1(x: float) -> float:
    """Upper tail of the chi-squared distribution with one degree of freedom."""
    return math.erfc(math.sqrt(max(x, 0.0) / 2.0))


# --------------------------------------------------------------------------
# counting
# --------------------------------------------------------------------------


def count_words(
    tokens: pd.DataFrame,
    groups: Groups,
    *,
    column: str = "lower",
    drop_stopwords: bool = True,
    alpha_only: bool = True,
) -> pd.DataFrame:
    """Count words per group: the ``y_iw`` of Monroe et al. (2008).

    Parameters
    ----------
    tokens:
        The tokens table (``release_id``, ``lower``, ``stem``, ``is_stopword``,
        ``is_alpha``, ...).
    groups:
        ``release_id -> group label`` (a Series indexed by release_id or a
        Mapping). Releases not in ``groups`` (or mapped to a missing value) are
        dropped.
    column:
        Token column counted as the word (``"lower"`` or ``"stem"``).
    drop_stopwords, alpha_only:
        Drop rows flagged ``is_stopword`` / keep only rows flagged
        ``is_alpha`` (numbers and punctuation are then not words).

    Returns
    -------
    DataFrame ``[group, word, n]``, one row per group and word seen, sorted
    by group, then ``n`` descending, then word.
    """
    group_of = _group_series(groups)
    kept = _filtered_tokens(tokens, column=column, drop_stopwords=drop_stopwords,
                            alpha_only=alpha_only)
    rid = kept["release_id"].astype(str)
    kept = kept.assign(group=rid.map(group_of))
    kept = kept[kept["group"].notna() & rid.isin(group_of.index)]
    counts = (
        kept.groupby(["group", column], sort=True)
        .size()
        .rename("n")
        .reset_index()
        .rename(columns={column: "word"})
    )
    counts["n"] = counts["n"].astype("int64")
    counts = counts.sort_values("word", kind="stable")
    counts = counts.sort_values("n", ascending=False, kind="stable")
    counts = counts.sort_values("group", kind="stable")
    return counts[["group", "word", "n"]].reset_index(drop=True)


def _release_counts(
    tokens: pd.DataFrame,
    groups: Groups,
    *,
    column: str,
    drop_stopwords: bool,
    alpha_only: bool,
) -> pd.DataFrame:
    """Dispersion: [group, word, releases] = number of releases using the word."""
    group_of = _group_series(groups)
    kept = _filtered_tokens(tokens, column=column, drop_stopwords=drop_stopwords,
                            alpha_only=alpha_only)
    rid = kept["release_id"].astype(str)
    kept = kept.assign(release_id=rid, group=rid.map(group_of))
    kept = kept[kept["group"].notna() & rid.isin(group_of.index)]
    return (
        kept.groupby(["group", column], sort=True)["release_id"]
        .nunique()
        .rename("releases")
        .reset_index()
        .rename(columns={column: "word"})
    )


# --------------------------------------------------------------------------
# Monroe, Colaresi and Quinn (2008)
# --------------------------------------------------------------------------


def log_odds_dirichlet(
    counts: pd.DataFrame,
    group_a: Hashable,
    group_b: Hashable,
    *,
    prior: Literal["corpus"] | pd.DataFrame = "corpus",
    prior_scale: float | None = None,
    variance: Literal["two_term", "four_term"] = "two_term",
) -> pd.DataFrame:
    r"""Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008).

    With ``y_iw`` the count of word w in group i, ``n_i`` the total count of
    group i (sum of ``n`` over every word of the group in ``counts``, so after
    any stopword filtering), ``a_w`` the prior pseudo-count and ``a_0`` the sum
    of ``a_w`` over the prior's whole vocabulary::

        delta_w = ln[(y_aw + a_w) / (n_a + a_0 - y_aw - a_w)]
                - ln[(y_bw + a_w) / (n_b + a_0 - y_bw - a_w)]
        var_w   = 1 / (y_aw + a_w) + 1 / (y_bw + a_w)      (their eq. 20)
        z_w     = delta_w / sqrt(var_w)

    ``variance="two_term"`` (the default) is the approximation above, the
    one Monroe et al. print. ``variance="four_term"`` adds the two
    complement terms, as scattertext and Monroe et al.'s own code do::

        var_w   = 1 / (y_aw + a_w) + 1 / (n_a + a_0 - y_aw - a_w)
                + 1 / (y_bw + a_w) + 1 / (n_b + a_0 - y_bw - a_w)

    It is slightly larger, so ``|z|`` is slightly smaller (noticeably so
    only for words that make up a large share of a group); ``delta`` is the
    same. Use it to compare with scattertext or Monroe et al.'s code.

    Positive ``delta`` / ``z``: group A uses the word more. ``|z| > 1.96`` is
    the usual reporting line.

    The prior
    ---------
    ``prior="corpus"``: ``a_w`` is proportional to the word's count in the
    whole of ``counts`` (every group in it, not only A and B).
    ``prior`` may instead be a DataFrame ``[word, n]`` of background counts
    (for example another corpus); every word used by A or B must be in it.

    Scaling: with ``prior_scale=None`` the counts themselves are the
    pseudo-counts (``a_w = count_w``, so ``a_0`` equals the size of the prior
    corpus), as tidylo does; scattertext names this unscaled corpus prior
    after Jurafsky et al. (2014), who used it. It is *not* Monroe et al.'s
    choice: their informative prior is the corpus counts scaled to a chosen
    total (use ``prior_scale`` for that). This is a strong prior when the prior corpus is just A + B: it shrinks
    ``delta`` towards 0, and z-scores are smaller than with a weak prior.
    With ``prior_scale=s`` the prior is rescaled to total ``a_0 = s``
    (``a_w = s * count_w / sum(count)``); a smaller ``s`` gives a weaker prior.

    Returns
    -------
    DataFrame ``[word, n_a, n_b, delta, var, z]`` (``word`` str, ``n_a`` /
    ``n_b`` int64 counts, the rest float64; ``delta`` in natural-log odds)
    for every word used at least once by A or B, sorted by ``z`` descending
    (ties on word).

    Raises ``ValueError`` when a group is not in ``counts``, the groups are
    the same, the prior is empty or gives a used word no pseudo-count, or
    ``prior_scale`` / ``variance`` is not allowed; ``TypeError`` for a
    ``prior`` of another type.

    Sources: Monroe, Colaresi and Quinn (2008), eqs. 16-22; Jurafsky, J.,
    Chahuneau, V., Routledge, B. R. and Smith, N. A. (2014) "Narrative
    framing of consumer sentiment in online restaurant reviews", *First
    Monday* 19(4).
    """
    if variance not in ("two_term", "four_term"):
        raise ValueError(f'variance must be "two_term" or "four_term", not {variance!r}')
    wide = _pivot_counts(counts)
    y_a = _column_for(wide, group_a, "group_a")
    y_b = _column_for(wide, group_b, "group_b")
    if group_a == group_b:
        raise ValueError("group_a and group_b must differ")

    if isinstance(prior, str):
        if prior != "corpus":
            raise ValueError('prior must be "corpus" or a DataFrame [word, n]')
        prior_counts = wide.sum(axis=1).astype("float64")
    elif isinstance(prior, pd.DataFrame):
        _require(prior, ["word", "n"], "prior")
        if prior["word"].duplicated().any():
            raise ValueError("prior has more than one row for a word")
        prior_counts = prior.set_index("word")["n"].astype("float64")
        if (prior_counts < 0).any():
            raise ValueError("prior counts must not be negative")
    else:
        raise TypeError('prior must be "corpus" or a DataFrame [word, n]')

    total = float(prior_counts.sum())
    if total <= 0:
        raise ValueError("the prior is empty")
    if prior_scale is None:
        alpha = prior_counts
    else:
        if not prior_scale > 0:
            raise ValueError("prior_scale must be positive")
        alpha = prior_counts * (float(prior_scale) / total)
    alpha_0 = float(alpha.sum())

    used = (y_a + y_b) > 0
    words = wide.index[used]
    alpha_w = alpha.reindex(words)
    if alpha_w.isna().any() or (alpha_w <= 0).any():
        bad = list(alpha_w.index[alpha_w.isna() | (alpha_w <= 0)][:10])
        raise ValueError(f"the prior gives no pseudo-count to word(s) {bad}")
    ya, yb = y_a[used], y_b[used]
    n_a, n_b = float(y_a.sum()), float(y_b.sum())

    delta = np.log((ya + alpha_w) / (n_a + alpha_0 - ya - alpha_w)) - np.log(
        (yb + alpha_w) / (n_b + alpha_0 - yb - alpha_w)
    )
    var = 1.0 / (ya + alpha_w) + 1.0 / (yb + alpha_w)
    if variance == "four_term":
        var = var + 1.0 / (n_a + alpha_0 - ya - alpha_w) + 1.0 / (n_b + alpha_0 - yb - alpha_w)
    out = pd.DataFrame(
        {
            "word": words.astype(str),
            "n_a": ya.astype("int64").to_numpy(),
            "n_b": yb.astype("int64").to_numpy(),
            "delta": delta.to_numpy(),
            "var": var.to_numpy(),
            "z": (delta / np.sqrt(var)).to_numpy(),
        }
    )
    return _sort(out, "z")


# --------------------------------------------------------------------------
# Dunning (1993) G-squared with Hardie's Log Ratio
# --------------------------------------------------------------------------


def g_squared(
    counts: pd.DataFrame,
    target: Hashable,
    reference: Hashable,
    *,
    williams: bool = False,
    correction: Literal["williams", "yates"] | None = None,
) -> pd.DataFrame:
    r"""Signed log-likelihood (G-squared) keyness, Dunning (1993).

    For each word, the 2x2 table (word, all other words) x (target,
    reference) has cells ``a = y_tw``, ``b = y_rw``, ``c = N1 - a``,
    ``d = N2 - b`` with ``N1``, ``N2`` the totals of the two groups in
    ``counts``. Expected counts are ``E = row total * column total / N`` and::

        G2 = 2 * sum over the four cells of O * ln(O / E)     (0 ln 0 = 0)

    (the full four-cell statistic; Rayson and Garside's two-cell shortcut
    drops the "other words" cells). The sign is + when the target uses the
    word relatively more (``a / N1 > b / N2``), - when less.

    Corrections (``correction``; default ``None``: none, the plain
    statistic of Dunning and of NLTK's ``likelihood_ratio``):

    - ``"williams"`` (or the older ``williams=True``) divides G2 by Williams'
      (1976) correction ``q = 1 + (N/R1 + N/R2 - 1)(N/N1 + N/N2 - 1) / (6N)``
      (R = row totals), for every word. quanteda's ``textstat_keyness``
      offers this as ``correction = "williams"`` but skips words with a zero
      cell there; this function does not skip them, so values differ from
      quanteda's for words used by one group only.
    - ``"yates"`` moves each observed cell 0.5 towards its expected count
      (no further than the expected count) before computing G2: Yates'
      continuity adjustment. quanteda's default for ``measure = "lr"`` is a
      Yates adjustment (not Williams); this function has not been checked
      against quanteda's output.

    Effect size (Hardie 2014): ``log_ratio = log2((a / N1) / (b / N2))``, with a
    zero frequency replaced by 0.5 (:data:`ZERO_FREQUENCY`, Hardie's own
    choice) so that words used by only one group get a finite value; each
    point is a doubling.

    ``p_value`` is the chi-squared (1 df) upper tail of ``|G2|``; with
    thousands of words tested, read it as a ranking aid, not a test.

    Returns
    -------
    DataFrame ``[word, n_target, n_reference, expected, g2, log_ratio,
    p_value]`` (``word`` str; ``n_target`` / ``n_reference`` int64 counts;
    ``expected`` = expected count in the target, ``E_a``, float64; ``g2``
    float64, signed; ``log_ratio`` float64 in binary logs; ``p_value``
    float64) for every word used by either group, sorted by signed ``g2``
    descending.

    Raises ``ValueError`` when a group is not in ``counts``, the groups are
    the same, or ``correction`` is not one of the values above.
    """
    if williams:
        if correction not in (None, "williams"):
            raise ValueError(f"williams=True and correction={correction!r} disagree; pass correction only")
        correction = "williams"
    if correction not in (None, "williams", "yates"):
        raise ValueError(f'correction must be "williams", "yates" or None, not {correction!r}')
    wide = _pivot_counts(counts)
    if target == reference:
        raise ValueError("target and reference must differ")
    y_t = _column_for(wide, target, "target")
    y_r = _column_for(wide, reference, "reference")
    used = (y_t + y_r) > 0
    a = y_t[used].to_numpy()
    b = y_r[used].to_numpy()
    n1, n2 = float(y_t.sum()), float(y_r.sum())
    n = n1 + n2
    c = n1 - a
    d = n2 - b
    r1 = a + b
    r2 = c + d
    e_a, e_b = r1 * n1 / n, r1 * n2 / n
    e_c, e_d = r2 * n1 / n, r2 * n2 / n

    def term(o: np.ndarray, e: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / e), 0.0)

    if correction == "yates":
        def towards(o: np.ndarray, e: np.ndarray) -> np.ndarray:
            return np.where(np.abs(o - e) > 0.5, o - 0.5 * np.sign(o - e), e)

        g2 = 2.0 * (term(towards(a, e_a), e_a) + term(towards(b, e_b), e_b)
                    + term(towards(c, e_c), e_c) + term(towards(d, e_d), e_d))
    else:
        g2 = 2.0 * (term(a, e_a) + term(b, e_b) + term(c, e_c) + term(d, e_d))
    g2 = np.maximum(g2, 0.0)  # rounding can leave -1e-16 for identical rates
    if correction == "williams":
        with np.errstate(divide="ignore"):
            q = 1.0 + (n / r1 + np.where(r2 > 0, n / np.where(r2 > 0, r2, 1.0), 0.0) - 1.0) * (
                n / n1 + n / n2 - 1.0
            ) / (6.0 * n)
        g2 = g2 / q
    sign = np.sign(a * n2 - b * n1)
    g2_signed = sign * g2
    f1 = np.where(a > 0, a, ZERO_FREQUENCY)
    f2 = np.where(b > 0, b, ZERO_FREQUENCY)
    log_ratio = np.log2((f1 / n1) / (f2 / n2))
    out = pd.DataFrame(
        {
            "word": wide.index[used].astype(str),
            "n_target": a.astype("int64"),
            "n_reference": b.astype("int64"),
            "expected": e_a,
            "g2": g2_signed + 0.0,  # no negative zero
            "log_ratio": log_ratio,
            "p_value": [_chi2_sf_df1(x) for x in g2],
        }
    )
    return _sort(out, "g2")


def keyness(
    tokens: pd.DataFrame,
    groups: Groups,
    group_a: Hashable,
    group_b: Hashable,
    *,
    column: str = "lower",
    drop_stopwords: bool = True,
    alpha_only: bool = True,
    prior: Literal["corpus"] | pd.DataFrame = "corpus",
    prior_scale: float | None = None,
    williams: bool = False,
    min_count: int = 1,
    correction: Literal["williams", "yates"] | None = None,
    variance: Literal["two_term", "four_term"] = "two_term",
) -> pd.DataFrame:
    """Both keyness statistics side by side, with counts and dispersion.

    Counts words with :func:`count_words` (every group in ``groups`` forms
    the corpus prior), then joins :func:`log_odds_dirichlet` (A vs B) and
    :func:`g_squared` (target A, reference B).

    Columns: ``word, n_a, n_b, dispersion_a, dispersion_b, dispersion,
    delta, var, z, g2, log_ratio, p_value``. ``dispersion_a`` /
    ``dispersion_b`` are the number of releases of each group that use the
    word and ``dispersion`` the number of releases of A or B that do: a
    word with ``n_a = 40`` and ``dispersion_a = 1`` is one release's habit.
    Rows with ``n_a + n_b < min_count`` are dropped. Sorted by ``z``
    descending (ties on word). Remove stock paragraphs first
    (:func:`drop_stock_paragraphs`). ``variance`` is passed to
    :func:`log_odds_dirichlet`, ``williams`` / ``correction`` to
    :func:`g_squared`; their errors are raised here.
    """
    counts = count_words(tokens, groups, column=column, drop_stopwords=drop_stopwords,
                         alpha_only=alpha_only)
    lo = log_odds_dirichlet(counts, group_a, group_b, prior=prior, prior_scale=prior_scale, variance=variance)
    g2 = g_squared(counts, group_a, group_b, williams=williams, correction=correction)
    disp = _release_counts(tokens, groups, column=column, drop_stopwords=drop_stopwords,
                           alpha_only=alpha_only)
    disp_wide = disp.pivot(index="word", columns="group", values="releases")

    def releases_of(group: Hashable) -> pd.Series:
        if group in disp_wide.columns:
            return disp_wide[group]
        return pd.Series(dtype="float64")

    out = lo.merge(g2[["word", "g2", "log_ratio", "p_value"]], on="word", how="left",
                   validate="one_to_one")
    out["dispersion_a"] = out["word"].map(releases_of(group_a)).fillna(0).astype("int64")
    out["dispersion_b"] = out["word"].map(releases_of(group_b)).fillna(0).astype("int64")

    group_of = _group_series(groups)
    in_ab = group_of[group_of.isin([group_a, group_b])].index
    kept = _filtered_tokens(tokens, column=column, drop_stopwords=drop_stopwords,
                            alpha_only=alpha_only)
    kept = kept[kept["release_id"].astype(str).isin(in_ab)]
    both = kept.groupby(column)["release_id"].nunique()
    out["dispersion"] = out["word"].map(both).fillna(0).astype("int64")

    out = out[(out["n_a"] + out["n_b"]) >= min_count]
    cols = ["word", "n_a", "n_b", "dispersion_a", "dispersion_b", "dispersion",
            "delta", "var", "z", "g2", "log_ratio", "p_value"]
    return _sort(out[cols], "z")


# --------------------------------------------------------------------------
# matching a (possibly multiword) term in the tokens table
# --------------------------------------------------------------------------


def _term_parts(term: str | Sequence[str], column: str) -> tuple[str, ...]:
    parts = tuple(term.split()) if isinstance(term, str) else tuple(term)
    if not parts:
        raise ValueError("term is empty")
    if column == "lower":
        parts = tuple(p.lower().replace("\u2019", "'") for p in parts)
    return parts


def _ordered(tokens: pd.DataFrame) -> pd.DataFrame:
    _require(tokens, ["release_id", "sentence_id", "token_id", "start", "end"], "tokens")
    out = tokens.assign(release_id=tokens["release_id"].astype(str))
    return out.sort_values(["release_id", "token_id"], kind="stable")


def _match_runs(
    words: Sequence[str], parts: tuple[str, ...], sentences: Sequence[int]
) -> list[int]:
    """Start positions of non-overlapping runs of ``parts`` in ``words``,
    each run inside one sentence (left to right, first match wins)."""
    k = len(parts)
    hits: list[int] = []
    i = 0
    while i <= len(words) - k:
        if tuple(words[i : i + k]) == parts and sentences[i] == sentences[i + k - 1]:
            hits.append(i)
            i += k
        else:
            i += 1
    return hits


# --------------------------------------------------------------------------
# collocations
# --------------------------------------------------------------------------


def collocations(
    tokens: pd.DataFrame,
    term: str | Sequence[str],
    *,
    window: int = 5,
    measure: str = "likelihood_ratio",
    min_count: int = 2,
    column: str = "lower",
    drop_stopwords: bool = True,
    alpha_only: bool = True,
    within: Literal["release", "sentence"] = "release",
) -> pd.DataFrame:
    """Words found near ``term``, scored by an NLTK association measure.

    Window counts come from ``nltk.collocations.BigramCollocationFinder.
    from_words(words, window_size=window)``: an ordered pair (w1, w2) is
    counted when w2 follows w1 within ``window - 1`` tokens (Church and Hanks
    1990). A finder is built for each release (or sentence, with
    ``within="sentence"``) so no pair spans two releases; their word and
    pair frequency distributions are summed into one finder, which is scored
    with ``BigramAssocMeasures.<measure>`` (default Dunning's
    ``likelihood_ratio``; NLTK divides window counts by ``window - 1``).
    The likelihood ratio is two-sided: a word seen far *less* often near the
    term than expected also scores high, so read ``n`` beside ``score``.

    Multiword terms: ``term`` is split on whitespace (or given as a sequence)
    and, like the ``column`` values, lower-cased. Every run of consecutive
    tokens of a release (in token_id order, across punctuation only if the
    punctuation is part of the term) within one sentence whose ``column``
    values equal the parts is replaced by a single token ``" ".join(parts)`` before counting, so
    "sex work" is one word and its own parts are not counted as collocates.
    Hyphenated forms ("sex-work") are single tokens and do not match.

    Positions are counted on the full token stream (stopwords and punctuation
    included, so distances are real), and only afterwards are pairs whose
    other word is a stopword or not alphabetic dropped (``drop_stopwords``,
    ``alpha_only``), as well as pairs seen fewer than ``min_count`` times.

    Returns
    -------
    DataFrame ``[word, position, n, score]``: ``position`` is ``"before"``
    (word precedes the term) or ``"after"``; ``n`` the raw window count.
    Sorted by score descending, then word, then position.
    """
    if window < 2:
        raise ValueError("window must be at least 2")
    scorer = getattr(BigramAssocMeasures, measure, None)
    if scorer is None or measure.startswith("_"):
        raise ValueError(f"unknown BigramAssocMeasures measure {measure!r}")
    _require(tokens, [column], "tokens")
    parts = _term_parts(term, column)
    joined = " ".join(parts)

    allowed_rows = _filtered_tokens(tokens, column=column, drop_stopwords=drop_stopwords,
                                    alpha_only=alpha_only)
    allowed = set(allowed_rows[column].astype(str))

    if within not in ("release", "sentence"):
        raise ValueError('within must be "release" or "sentence"')
    ordered = _ordered(tokens)
    keys = ["release_id"] if within == "release" else ["release_id", "sentence_id"]
    word_fd: FreqDist = FreqDist()
    pair_fd: FreqDist = FreqDist()
    for _, unit in ordered.groupby(keys, sort=True):
        words = unit[column].astype(str).tolist()
        if len(parts) > 1:
            merged: list[str] = []
            hits = set(_match_runs(words, parts, unit["sentence_id"].tolist()))
            i = 0
            while i < len(words):
                if i in hits:
                    merged.append(joined)
                    i += len(parts)
                else:
                    merged.append(words[i])
                    i += 1
            words = merged
        finder = BigramCollocationFinder.from_words(words, window_size=window)
        word_fd.update(finder.word_fd)
        pair_fd.update(finder.ngram_fd)

    columns = ["word", "position", "n", "score"]
    if word_fd[joined] == 0:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                             zip(columns, ["object", "object", "int64", "float64"])})
    finder = BigramCollocationFinder(word_fd, pair_fd, window_size=window)
    rows = []
    for (w1, w2), n in pair_fd.items():
        if n < min_count:
            continue
        if w1 == joined and w2 != joined:
            other, position = w2, "after"
        elif w2 == joined and w1 != joined:
            other, position = w1, "before"
        else:
            continue
        if other not in allowed:
            continue
        score = finder.score_ngram(scorer, w1, w2)
        rows.append((other, position, int(n), float(score)))
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(["word", "position"], kind="stable")
    out = out.sort_values("score", ascending=False, kind="stable")
    return out.reset_index(drop=True).astype({"n": "int64", "score": "float64"})


# --------------------------------------------------------------------------
# key word in context
# --------------------------------------------------------------------------


def _bodies(bodies: Mapping[str, str] | pd.DataFrame) -> dict[str, str]:
    if isinstance(bodies, pd.DataFrame):
        _require(bodies, ["release_id", "body"], "releases")
        return dict(zip(bodies["release_id"].astype(str), bodies["body"]))
    return {str(k): v for k, v in bodies.items()}


_LAYOUT = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def kwic(
    tokens: pd.DataFrame,
    bodies: Mapping[str, str] | pd.DataFrame,
    term: str | Sequence[str],
    *,
    width: int = 40,
    column: str = "lower",
) -> pd.DataFrame:
    """Key word in context lines for ``term``, from the tokens' offsets.

    ``term`` is matched as in :func:`collocations`: split on whitespace,
    lower-cased, and matched against runs of consecutive tokens (token_id
    order, within one sentence) of ``column``. For a match, ``start`` is the
    first token's start and ``end`` the last token's end, so
    ``match == body[start:end]`` (original case and spacing);
    ``left = body[start - width:start]`` and ``right = body[end:end + width]``
    (shorter at the edges of the body). Newlines and tabs in ``left`` and
    ``right`` are shown as spaces (one for one, so lengths still match the
    offsets). ``sentence_id`` is the sentence of the first token.

    ``bodies`` is the releases table (``release_id``, ``body``) or a Mapping
    release_id -> body. Sorted by release_id, then start.
    """
    if width < 0:
        raise ValueError("width must not be negative")
    _require(tokens, [column], "tokens")
    parts = _term_parts(term, column)
    text_of = _bodies(bodies)
    rows = []
    for release_id, unit in _ordered(tokens).groupby("release_id", sort=True):
        words = unit[column].astype(str).tolist()
        hits = _match_runs(words, parts, unit["sentence_id"].tolist())
        if not hits:
            continue
        if release_id not in text_of:
            raise ValueError(f"no body for release {release_id!r}")
        body = text_of[release_id]
        starts = unit["start"].to_numpy()
        ends = unit["end"].to_numpy()
        sids = unit["sentence_id"].to_numpy()
        for i in hits:
            start, end = int(starts[i]), int(ends[i + len(parts) - 1])
            rows.append(
                (
                    release_id,
                    int(sids[i]),
                    start,
                    end,
                    body[max(0, start - width) : start].translate(_LAYOUT),
                    body[start:end],
                    body[end : end + width].translate(_LAYOUT),
                )
            )
    out = pd.DataFrame(rows, columns=["release_id", "sentence_id", "start", "end",
                                      "left", "match", "right"])
    out = out.sort_values(["release_id", "start"], kind="stable").reset_index(drop=True)
    return out.astype({"sentence_id": "int64", "start": "int64", "end": "int64"})


# --------------------------------------------------------------------------
# stock paragraphs (boilerplate)
# --------------------------------------------------------------------------

_PARAGRAPH = re.compile(r"[^\n]+")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_EDGE = " \t•·*-–—>#|"


def normalise_paragraph(text: str, *, mask_digits: bool = True) -> str:
    """The form of a paragraph that is hashed by :func:`stock_paragraphs`.

    NFKC, lower case, curly quotes and dashes made plain, bullets and list
    marks stripped from both ends, whitespace collapsed to single spaces. With
    ``mask_digits`` (the default) every run of digits becomes ``0``, so stock
    paragraphs that differ only in a phone number, a crime reference, a
    year or a date ("call 101 quoting 23/4567") are recognised as the same
    paragraph. The price: two factual paragraphs that differ only in their
    numbers ("4 men were arrested" / "6 men were arrested") are merged too,
    which is why :func:`stock_paragraphs` also requires a paragraph to be
    long (``min_words``) and shared by several releases.

    >>> normalise_paragraph("  • Call  Crimestoppers on 0800 555 111.")
    'call crimestoppers on 0 0 0.'
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    if mask_digits:
        text = _DIGITS.sub("0", text)
    text = _SPACE.sub(" ", text).strip(_EDGE)
    return text


def _hash(normalised: str) -> str:
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).hexdigest()


def _paragraphs(body: str, mask_digits: bool) -> Iterable[tuple[int, int, str, str]]:
    """(start, end, original text, normalised text) of each non-blank line."""
    for m in _PARAGRAPH.finditer(body):
        norm = normalise_paragraph(m.group(), mask_digits=mask_digits)
        if norm:
            yield m.start(), m.end(), m.group(), norm


def stock_paragraphs(
    releases: pd.DataFrame,
    *,
    min_releases: int = 2,
    min_words: int = 8,
    mask_digits: bool = True,
) -> pd.DataFrame:
    """Paragraphs that recur word for word across releases (boilerplate).

    Each body is split into paragraphs (its non-blank lines, as in
    :mod:`releasekit.text`), each paragraph is normalised with
    :func:`normalise_paragraph` and hashed (BLAKE2b, 64 bits, hex). A
    paragraph is "stock" when its hash occurs in at least ``min_releases``
    different releases (repeats inside one release do not count) and its
    normalised form has at least ``min_words`` whitespace-separated words
    (short lines such as "Notes to editors" or menu items are left alone).
    Near-duplicates with edited wording are not found; Jaccard similarity over
    5-word shingles would be the next step.

    Returns
    -------
    DataFrame ``[paragraph_hash, text, n_releases, release_ids, n_words,
    normalised]``: ``text`` is the first occurrence in the first release (in
    release_id order), ``release_ids`` a sorted list. Sorted by
    ``n_releases`` descending, then ``normalised``. ``attrs["mask_digits"]``
    records the normalisation for :func:`boilerplate_mask`.
    """
    _require(releases, ["release_id", "body"], "releases")
    if min_releases < 1:
        raise ValueError("min_releases must be at least 1")
    seen: dict[str, dict] = {}
    ordered = releases.assign(release_id=releases["release_id"].astype(str))
    ordered = ordered.sort_values("release_id", kind="stable")
    for release_id, body in zip(ordered["release_id"], ordered["body"]):
        if not isinstance(body, str):
            continue
        for _start, _end, original, norm in _paragraphs(body, mask_digits):
            n_words = len(norm.split(" "))
            if n_words < min_words:
                continue
            key = _hash(norm)
            entry = seen.setdefault(
                key, {"text": original.strip(), "normalised": norm, "n_words": n_words,
                      "release_ids": []}
            )
            if entry["normalised"] != norm:  # pragma: no cover - 64-bit collision
                raise RuntimeError(f"hash collision on {key}")
            if not entry["release_ids"] or entry["release_ids"][-1] != release_id:
                entry["release_ids"].append(release_id)
    rows = [
        (key, e["text"], len(e["release_ids"]), sorted(set(e["release_ids"])),
         e["n_words"], e["normalised"])
        for key, e in seen.items()
        if len(set(e["release_ids"])) >= min_releases
    ]
    out = pd.DataFrame(rows, columns=["paragraph_hash", "text", "n_releases", "release_ids",
                                      "n_words", "normalised"])
    out = out.sort_values("normalised", kind="stable")
    out = out.sort_values("n_releases", ascending=False, kind="stable").reset_index(drop=True)
    out = out.astype({"n_releases": "int64", "n_words": "int64"})
    out.attrs["mask_digits"] = mask_digits
    return out


def boilerplate_mask(
    tokens: pd.DataFrame,
    releases: pd.DataFrame,
    stock: pd.DataFrame,
    *,
    mask_digits: bool | None = None,
) -> pd.Series:
    """True for tokens whose offsets fall inside a stock paragraph.

    Every paragraph of every release whose hash is in
    ``stock["paragraph_hash"]`` is masked -- including in releases that were
    not part of the corpus ``stock`` was found in. ``mask_digits`` must match
    the call that built ``stock``; by default it is read from
    ``stock.attrs["mask_digits"]`` (``True`` if absent).
    Returns a boolean Series aligned with ``tokens.index``.
    """
    _require(tokens, ["release_id", "start", "end"], "tokens")
    _require(releases, ["release_id", "body"], "releases")
    _require(stock, ["paragraph_hash"], "stock")
    if mask_digits is None:
        mask_digits = bool(stock.attrs.get("mask_digits", True))
    hashes = set(stock["paragraph_hash"])
    spans: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for release_id, body in zip(releases["release_id"].astype(str), releases["body"]):
        if not isinstance(body, str):
            continue
        found = [(s, e) for s, e, _o, norm in _paragraphs(body, mask_digits)
                 if _hash(norm) in hashes]
        if found:
            spans[release_id] = (np.array([s for s, _ in found]), np.array([e for _, e in found]))
    mask = np.zeros(len(tokens), dtype=bool)
    rid = tokens["release_id"].astype(str).to_numpy()
    starts = tokens["start"].to_numpy()
    ends = tokens["end"].to_numpy()
    for release_id, (p_start, p_end) in spans.items():
        rows = np.flatnonzero(rid == release_id)
        if rows.size == 0:
            continue
        # paragraphs are disjoint and sorted: find the last paragraph starting
        # at or before each token and check the token ends inside it.
        k = np.searchsorted(p_start, starts[rows], side="right") - 1
        ok = k >= 0
        inside = np.zeros(rows.size, dtype=bool)
        inside[ok] = ends[rows][ok] <= p_end[k[ok]]
        mask[rows] = inside
    return pd.Series(mask, index=tokens.index, name="boilerplate")


def drop_stock_paragraphs(
    tokens: pd.DataFrame,
    releases: pd.DataFrame,
    stock: pd.DataFrame,
    *,
    mask_digits: bool | None = None,
) -> pd.DataFrame:
    """The tokens table without tokens inside stock paragraphs.

    A notebook switch: ``tokens = drop_stock_paragraphs(tokens, releases,
    stock) if DROP_BOILERPLATE else tokens``. See :func:`boilerplate_mask`.
    """
    mask = boilerplate_mask(tokens, releases, stock, mask_digits=mask_digits)
    return tokens.loc[~mask]
