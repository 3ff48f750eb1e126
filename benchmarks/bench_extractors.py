"""Time each extractor per release over the releases of data/raw.

Reads ``data/raw`` through the real reader (as the build does), splits each
body into sentences once, then times, per release and averaged over the
corpus:

- ``extract_figures`` (+ ``total_figures``), ``extract_event_date`` and
  ``extract_quotes`` -- the extractors this script watches;
- ``split_sentences``, ``token_columns`` (the build's tokens), ``tokenize``
  (the same as objects), ``classify_release``, ``release_level`` and
  ``extract_agencies`` for reference;
- bare NLTK tokenization (Punkt sentences + Treebank words) of the same
  text, the yardstick of the build's throughput target.

Times are CPU time of this process (steady on a shared machine). Each
step runs once *cold* (first pass over the corpus, after the rules are
loaded: per-phrase caches start empty) and then ``--repeat`` times *warm*;
the best warm pass is reported, so that the figures hold on a noisy machine.

Usage::

    .venv/bin/python benchmarks/bench_extractors.py [--repeat 5] [--raw data/raw]

This is a script that prints figures, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path
from typing import Callable, Sequence

from releasekit.chrome import ChromeStats
from releasekit.extract.agencies import extract_agencies, load_gazetteer, resolve_issuer
from releasekit.extract.dates import extract_event_date
from releasekit.extract.dates import load_rules as load_date_rules
from releasekit.extract.figures import extract_figures, total_figures
from releasekit.extract.figures import load_rules as load_figure_rules
from releasekit.read import Release, chrome_pages, list_raw_files, read_manifest, read_release, scan
from releasekit.extract.kind import classify_release
from releasekit.extract.level import release_level
from releasekit.text import Sentence, split_sentences, token_columns, tokenize

ROOT = Path(__file__).resolve().parents[1]


def read_corpus(raw_dir: Path) -> list[Release]:
    """The releases of ``raw_dir``, read as the build reads them."""
    manifest, _ = read_manifest(raw_dir)
    raws = [scan(f, (raw_dir / f).read_bytes()) for f in list_raw_files(raw_dir)]
    raws = [r for r in raws if not isinstance(r, list)]
    stats = ChromeStats.from_pages(chrome_pages(raws, manifest))
    releases = [read_release(raw, stats, manifest)[0] for raw in raws]
    return [r for r in releases if r is not None]


def _published(release: Release) -> tuple[dt.date | None, str]:
    """Publication date and precision as the build passes them."""
    ok = release.published_precision in ("day", "month")
    return (release.published if ok else None), (release.published_precision if ok else "day")


def steps(releases: Sequence[Release]) -> dict[str, Callable[[Release, list[Sentence]], object]]:
    """The timed steps, each a function of a release and its sentences."""
    gazetteer = load_gazetteer()
    issuers = {
        r.release_id: resolve_issuer(r.publisher, r.url, r.title, r.body, gazetteer) for r in releases
    }

    def figures(r: Release, s: list[Sentence]) -> object:
        return total_figures(extract_figures(r.body, s))

    def event_date(r: Release, s: list[Sentence]) -> object:
        published, precision = _published(r)
        return extract_event_date(r.body, s, published, published_precision=precision)

    def quotes(r: Release, s: list[Sentence]) -> object:
        from releasekit.extract.quotes import extract_quotes

        return extract_quotes(r.body, s)

    def agencies(r: Release, s: list[Sentence]) -> object:
        return extract_agencies(r.body, s, gazetteer, issuer=issuers[r.release_id])

    return {
        "extract_figures": figures,
        "extract_event_date": event_date,
        "extract_quotes": quotes,
        "split_sentences": lambda r, s: split_sentences(r.body),
        "token_columns": lambda r, s: token_columns(s),
        "tokenize": lambda r, s: tokenize(r.body, s),
        "classify_release": lambda r, s: classify_release(r.title, r.body, s),
        "release_level": lambda r, s: release_level(r.body, s, title=r.title, issuer=issuers[r.release_id], metadata_area=r.area),
        "extract_agencies": agencies,
        "bare NLTK (Punkt + Treebank)": _nltk_step(),
    }


def _nltk_step() -> Callable[[Release, list[Sentence]], object]:
    """Bare NLTK tokenization of a body: Punkt sentences, Treebank words."""
    from nltk.tokenize import TreebankWordTokenizer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    punkt = PunktSentenceTokenizer(PunktParameters())
    treebank = TreebankWordTokenizer()

    def run(r: Release, s: list[Sentence]) -> object:
        return [treebank.tokenize(sent) for sent in punkt.tokenize(r.body)]

    return run


def time_pass(
    step: Callable[[Release, list[Sentence]], object],
    corpus: Sequence[tuple[Release, list[Sentence]]],
) -> float:
    """CPU milliseconds (this process) per release of one pass over the corpus."""
    t0 = time.process_time()
    for release, sentences in corpus:
        step(release, sentences)
    return (time.process_time() - t0) * 1000 / len(corpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    releases = read_corpus(args.raw)
    corpus = [(r, split_sentences(r.body)) for r in releases]
    load_figure_rules(), load_date_rules()  # rules compile once per process, not per release
    timed = steps(releases)
    print(f"{len(corpus)} releases from {args.raw}, best of {args.repeat} warm passes")
    print(f"{'step':32s} {'cold ms':>9s} {'warm ms':>9s}")
    for name, step in timed.items():
        cold = time_pass(step, corpus)
        warm = min(time_pass(step, corpus) for _ in range(args.repeat))
        print(f"{name:32s} {cold:9.3f} {warm:9.3f}")


if __name__ == "__main__":
    main()
