"""Fuzz benchmark: is every extractor linear in its input?

Feeds each step of the per-release pipeline adversarial bodies of growing
size -- long runs of capitals, dates, numbers and number words, quotes and
unbalanced quotes, list items, long sentences without full stops, repeated
agency names -- and prints, per step, the worst time per 100 kB over all
families and its growth (time at 2x size / time at 1x size; about 2 is
linear, about 4 quadratic).

Steps: ``read`` (decode, chrome removal, metadata: ``scan`` + ``read_release``),
``sentences`` (``split_sentences``), ``tokens`` (``token_columns``), and the
extractors ``kind``, ``figures`` (+ ``total_figures``), ``agencies`` (+ issuer),
``event_date``, ``level`` and ``quotes``. Each extractor gets the sentences of
the body (as the build gives them), so its time excludes sentence splitting.

Usage::

    .venv/bin/python benchmarks/bench_fuzz.py                 # 50 kB and 100 kB
    .venv/bin/python benchmarks/bench_fuzz.py --kb 100 --repeat 3 --family quotes_unbalanced -v

Target (issue 15): no step above 50 ms per 100 kB. This is a script that
prints figures, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Callable

from releasekit.chrome import ChromeStats
from releasekit.extract.agencies import extract_agencies, load_gazetteer, resolve_issuer
from releasekit.extract.dates import extract_event_date
from releasekit.extract.figures import extract_figures, total_figures
from releasekit.extract.kind import classify_release
from releasekit.extract.level import release_level
from releasekit.extract.quotes import extract_quotes
from releasekit.read import chrome_pages, read_release, scan
from releasekit.text import Sentence, split_sentences, token_columns

TARGET_MS_PER_100KB = 50.0

#: Adversarial families: a unit of text repeated until the body has the wanted size.
#: Units are chosen to stress one construction each; some carry no full stop so
#: that the whole body is one line (sentences are then cut at MAX_SENTENCE_CHARS).
FAMILIES: dict[str, Callable[[int], str]] = {
    "capitals": lambda i: "NATIONAL CRIME AGENCY ORGANISED IMMIGRATION CRIME UNIT SAID ",
    "capitalised_words": lambda i: "Detective Chief Inspector Smith Of The Metropolitan Police Service Said ",
    "dates": lambda i: f"on {i % 28 + 1} March 2023, {i % 12 + 1}/03/2021 and Tuesday {i % 28 + 1}th June ",
    "dates_sentences": lambda i: f"On {i % 28 + 1} March 2023 officers arrested {i % 9 + 1} men. ",
    "numbers": lambda i: f"{i} {i * 7 % 1000},{i % 1000:03d} {i % 100}.5% £{i}m ",
    "number_words": lambda i: "twenty-one thousand three hundred and forty-five one two three dozen million ",
    "figures": lambda i: f"officers arrested {i % 50 + 2} men and {i % 7 + 2} women and safeguarded {i % 30 + 2} victims, ",
    "figures_sentences": lambda i: f"Officers arrested {i % 50 + 2} men and safeguarded {i % 30 + 2} potential victims. ",
    "quotes": lambda i: f"\u201cWe will find you,\u201d said Det Insp Smith {i}. \"It is done.\" ",
    "quotes_unbalanced": lambda i: "\u201cHe said \u201c she \" said ' and \u2018 ",
    "quotes_open_lines": lambda i: "\u201cThose involved will be brought to justice and victims supported\n",
    "list_items": lambda i: f"\n- {i % 40 + 1} people arrested\n\u2022 {i % 9 + 1} victims safeguarded\n* {i} warrants",
    "no_full_stop": lambda i: "officers arrested people and safeguarded victims of modern slavery and ",
    "agencies": lambda i: "Metropolitan Police, National Crime Agency, Border Force, Gangmasters and Labour Abuse Authority, Kent Police and ",
    "agencies_sentences": lambda i: "Officers from Kent Police and the National Crime Agency joined Border Force. ",
    "abbreviations": lambda i: "Det. Ch. Insp. Supt. Mr. Dr. St. No. e.g. i.e. a.m. ",
    "dots_and_initials": lambda i: "J. R. R. A. B. C. ... .. U.K. U.S.A. ",
    "hyphens_apostrophes": lambda i: "modern-slavery's-victims'-long-chained-word-",
    "digits_run": lambda i: "0123456789",
    "spaces": lambda i: "a" + " " * 200,
}


def make_body(family: str, n_bytes: int) -> str:
    """A body of about ``n_bytes`` UTF-8 bytes made of ``family``'s unit."""
    make = FAMILIES[family]
    parts: list[str] = []
    size = 0
    i = 0
    while size < n_bytes:
        unit = make(i)
        parts.append(unit)
        size += len(unit.encode("utf-8"))
        i += 1
    return "".join(parts)


def _read(body: str) -> object:
    data = ("---\ntitle: Fuzz\npublisher: Kent Police\npublished: 2023-03-01\n---\n" + body).encode("utf-8")
    raw = scan("fuzz.txt", data)
    if isinstance(raw, list):
        return raw
    stats = ChromeStats.from_pages(chrome_pages([raw], {}))
    return read_release(raw, stats, {})


def steps() -> dict[str, Callable[[str, list[Sentence]], object]]:
    """The timed steps, each a function of a body and its sentences."""
    gazetteer = load_gazetteer()
    published = dt.date(2023, 6, 1)

    def agencies(body: str, sentences: list[Sentence]) -> object:
        issuer = resolve_issuer("Kent Police", None, "Fuzz", body, gazetteer)
        return extract_agencies(body, sentences, gazetteer, issuer=issuer)

    def level(body: str, sentences: list[Sentence]) -> object:
        return release_level(body, sentences, title="Fuzz", issuer="Kent Police", issuer_type="police_force", forces=["Kent Police"], metadata_area=None)

    return {
        "read": lambda body, s: _read(body),
        "sentences": lambda body, s: split_sentences(body),
        "tokens": lambda body, s: token_columns(s),
        "kind": lambda body, s: classify_release("Fuzz", body, s),
        "figures": lambda body, s: total_figures(extract_figures(body, s)),
        "agencies": agencies,
        "event_date": lambda body, s: extract_event_date(body, s, published, published_precision="day"),
        "level": level,
        "quotes": lambda body, s: extract_quotes(body, s),
    }


def best_seconds(step: Callable[[str, list[Sentence]], object], body: str, sentences: list[Sentence], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        step(body, sentences)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=int, default=50, help="base body size in kB; each case also runs at twice that (default 50)")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs per case (default 2)")
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES), help="only these families (repeatable)")
    parser.add_argument("--step", action="append", help="only these steps (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every (step, family) case")
    args = parser.parse_args()
    families = args.family or list(FAMILIES)
    timed = {name: f for name, f in steps().items() if not args.step or name in args.step}
    base = args.kb * 1000
    # warm the rule caches and compiled patterns before timing
    warm = make_body("figures_sentences", 2000)
    for step in timed.values():
        step(warm, split_sentences(warm))

    worst: dict[str, tuple[float, float, str]] = {}
    for family in families:
        small, large = make_body(family, base), make_body(family, 2 * base)
        s_small, s_large = split_sentences(small), split_sentences(large)
        for name, step in timed.items():
            t1 = best_seconds(step, small, s_small, args.repeat)
            t2 = best_seconds(step, large, s_large, args.repeat)
            per_100kb = t2 * 1000 * 100_000 / len(large.encode("utf-8"))
            growth = t2 / t1 if t1 > 0 else float("nan")
            if args.verbose:
                print(f"  {name:11s} {family:20s} {per_100kb:9.2f} ms/100kB  x{growth:5.2f}", flush=True)
            if name not in worst or per_100kb > worst[name][0]:
                worst[name] = (per_100kb, growth, family)

    print(f"worst case per step over {len(families)} families, bodies of {args.kb} and {2 * args.kb} kB, best of {args.repeat}")
    print(f"{'step':11s} {'ms/100kB':>9s} {'growth':>7s} {'verdict':>8s}  family")
    for name, (per_100kb, growth, family) in worst.items():
        verdict = "ok" if per_100kb <= TARGET_MS_PER_100KB else "SLOW"
        print(f"{name:11s} {per_100kb:9.2f} {growth:7.2f} {verdict:>8s}  {family}")
    print(f"ms/100kB = time on the larger body scaled to 100 kB; growth = time(2x) / time(1x): ~2 linear, ~4 quadratic; target <= {TARGET_MS_PER_100KB:.0f} ms/100kB")


if __name__ == "__main__":
    main()
