"""Command line: a thin layer over the library.

``releasekit build [RAW_DIR] [OUT_DIR]`` builds the tables;
``releasekit evaluate [RAW_DIR] [GOLD]`` scores the extraction against the
hand-made gold annotations; ``releasekit --version`` prints the version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Sequence

from releasekit import __version__

__all__ = ["main", "parser"]


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``releasekit`` command."""
    top = argparse.ArgumentParser(
        prog="releasekit",
        description="Parse police press releases about human trafficking and modern slavery into tidy Parquet tables.",
    )
    top.add_argument("--version", action="version", version=f"releasekit {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build the tables from a folder of raw releases",
        description="Read every file of RAW_DIR, extract figures, agencies, dates and quotes, and write "
        "the tables (releases, sentences, tokens, figures, totals, agencies, quotes, problems) as Parquet "
        "files into OUT_DIR. The previous OUT_DIR is replaced only when the build succeeds.",
    )
    build.add_argument("raw_dir", nargs="?", default="data/raw", type=Path, help="folder of raw release files (default: data/raw)")
    build.add_argument("out_dir", nargs="?", default="data/processed", type=Path, help="folder the tables are written to (default: data/processed)")
    build.add_argument("--jobs", "-j", type=int, default=None, help="worker processes for reading and extraction (default: all cores; the output is identical whatever the number)")
    build.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    build.add_argument("--no-cache", action="store_true", help="ignore the content-hash cache and re-extract every release (the tables are the same either way)")
    build.add_argument("--partitioned", action="store_true", help="also write every table as a Hive-partitioned Parquet dataset by year under OUT_DIR/dataset")
    build.add_argument("--corrections", type=Path, default=None, metavar="CSV", help="corrections applied after extraction (default: corrections.csv beside RAW_DIR, i.e. data/corrections.csv, when it exists; see the README)")
    build.add_argument("--as-of", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="publication dates after this day are recorded as future_date problems (default: a fixed horizon; never today's date)")

    evaluate = commands.add_parser(
        "evaluate",
        help="score the extraction against hand-made gold annotations",
        description="Build the tables for RAW_DIR in memory and compare them with the gold annotations in GOLD: "
        "accuracy of the totals per measure, precision and recall of figures and agencies, event-date accuracy, "
        "and every disagreement with its evidence.",
    )
    evaluate.add_argument("raw_dir", nargs="?", default="data/raw", type=Path, help="folder of raw release files (default: data/raw)")
    evaluate.add_argument("gold", nargs="?", default="tests/gold", type=Path, help="gold annotations: a folder of YAML and JSON Lines files, or one such file (default: tests/gold)")
    evaluate.add_argument("--quiet", action="store_true", help="print the scores only, not the list of disagreements")
    site = commands.add_parser(
        "site",
        help="write the static evidence site (HTML) from the built tables",
        description="Write a static site of plain HTML and CSS into OUT_DIR: an index of the releases, a page per release "
        "(source, licence attribution, marked text, the figures behind each total), the figures and agencies charts whose "
        "bars link to the sentences behind each value, and the review queue. Open OUT_DIR/index.html in a browser.",
    )
    site.add_argument("tables_dir", nargs="?", default="data/processed", type=Path, help="folder of built tables (default: data/processed)")
    site.add_argument("out_dir", nargs="?", default="reports/site", type=Path, help="folder the site is written to (default: reports/site)")
    site.add_argument("--licence", type=Path, default=None, help="licence notice to attribute (default: LICENCE.md of the raw folder the tables were built from)")

    review = commands.add_parser(
        "review",
        help="list the totals most worth a human look in reports/review.csv",
        description="Write the review queue: release totals flagged because a stated total disagrees with its parts, a figure "
        "is restated with another value, a counted figure stands next to a period or background marker, a weak rule made it, "
        "or it is among the largest; with the evidence sentences and the columns of data/corrections.csv.",
    )
    review.add_argument("tables_dir", nargs="?", default="data/processed", type=Path, help="folder of built tables (default: data/processed)")
    review.add_argument("out", nargs="?", default="reports/review.csv", type=Path, help="CSV written (default: reports/review.csv)")

    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``releasekit`` command; return its exit status."""
    args = parser().parse_args(argv)
    if args.command == "build":
        from releasekit.build import build

        summary = build(
            args.raw_dir,
            args.out_dir,
            jobs=args.jobs,
            progress=not args.no_progress and sys.stderr.isatty(),
            as_of=args.as_of,
            cache=not args.no_cache,
            partitioned=args.partitioned,
            corrections=args.corrections if args.corrections is not None else args.raw_dir.parent / "corrections.csv",
        )
        print(f"releasekit build: {summary.line()}")
        return 0
    if args.command == "site":
        from releasekit.site import write_site

        index = write_site(args.tables_dir, args.out_dir, licence=args.licence)
        print(f"releasekit site: {index}")
        return 0
    if args.command == "review":
        from releasekit.review import write_review

        queue = write_review(args.tables_dir, args.out)
        print(f"releasekit review: {len(queue)} totals to check -> {args.out}")
        return 0
    if args.command == "evaluate":
        from releasekit.evaluate import GoldError, evaluate, format_report

        try:
            report = evaluate(args.raw_dir, args.gold)
        except GoldError as error:
            print(f"releasekit evaluate: {error}", file=sys.stderr)
            return 2
        print(format_report(report, disagreements=not args.quiet))
        return 0
    parser().print_help()
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
