"""Command line: a thin layer over the library.

``releasekit build [RAW_DIR] [OUT_DIR]`` builds the tables;
``releasekit evaluate [RAW_DIR] [GOLD]`` scores the extraction against the
hand-made gold annotations; ``releasekit export [TABLES_DIR] OUT_DIR
--format csv|xlsx`` writes the tables for other tools; ``releasekit
--version`` prints the version.

A user's error (a missing folder, an unreadable file, a bad option) is one
line on stderr, ``releasekit COMMAND: error: ...``, and exit status 2; never
a traceback (set ``RELEASEKIT_TRACEBACK=1`` to see one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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


class _Parser(argparse.ArgumentParser):
    """argparse with errors on one line: ``releasekit build: error: ... (see releasekit build --help)``."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``releasekit`` command."""
    top = _Parser(
        prog="releasekit",
        description="Parse police press releases about human trafficking and modern slavery into tidy Parquet tables.",
    )
    top.add_argument("--version", action="version", version=f"releasekit {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

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
    build.add_argument("--as-of", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="publication dates after this day are recorded as future_date problems (default: a fixed horizon; never today's date)")

    evaluate = commands.add_parser(
        "evaluate",
        help="score the extraction against hand-made gold annotations",
        description="Build the tables for RAW_DIR in memory and compare them with the gold annotations in GOLD: "
        "accuracy of the totals per measure, precision and recall of figures and agencies, event-date accuracy, "
        "and every disagreement with its evidence.",
    )
    evaluate.add_argument("raw_dir", nargs="?", default="data/raw", type=Path, help="folder of raw release files (default: data/raw)")
    evaluate.add_argument("gold", nargs="?", default="tests/gold", type=Path, help="folder of gold YAML files (default: tests/gold)")
    evaluate.add_argument("--quiet", action="store_true", help="print the scores only, not the list of disagreements")

    export = commands.add_parser(
        "export",
        help="write the tables as CSV files or one Excel workbook",
        description="Write the tables of TABLES_DIR for tools without a Parquet reader: --format csv gives one "
        "UTF-8 CSV file per table in OUT_DIR, --format xlsx one workbook OUT_DIR/releasekit.xlsx with a sheet per "
        "table and a README sheet. The columns are documented in docs/tables.md.",
    )
    export.add_argument("tables_dir", nargs="?", default="data/processed", type=Path, help="folder of tables built by `releasekit build` (default: data/processed)")
    export.add_argument("out_dir", type=Path, help="folder the files are written to")
    export.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="csv (one file per table, the default) or xlsx (one workbook, a sheet per table)")
    export.add_argument("--tables", default=None, metavar="NAME[,NAME...]", help="only these tables, e.g. releases,totals (default: all)")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``releasekit`` command; return its exit status (2 for a user's error, printed on one line)."""
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except (OSError, ValueError) as error:  # a missing folder, an unreadable file, a bad value: the user's to fix
        if os.environ.get("RELEASEKIT_TRACEBACK"):  # for developers: the whole story
            raise
        detail = str(error) if not isinstance(error, OSError) or not error.filename else f"{error.strerror or error}: {error.filename}"
        print(f"releasekit {args.command or ''}: error: {detail}".replace("  ", " "), file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
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
        )
        print(f"releasekit build: {summary.line()}")
        return 0
    if args.command == "evaluate":
        from releasekit.evaluate import evaluate, format_report

        report = evaluate(args.raw_dir, args.gold)
        print(format_report(report, disagreements=not args.quiet))
        return 0
    if args.command == "export":
        from releasekit.export import export_tables

        names = [n.strip() for n in args.tables.split(",") if n.strip()] if args.tables else None
        written = export_tables(args.tables_dir, args.out_dir, fmt=args.format, tables=names)
        print(f"releasekit export: {len(written)} file(s) written to {args.out_dir} ({args.format})")
        return 0
    parser().print_help()
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
