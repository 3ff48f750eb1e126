"""Command line: a thin layer over the library.

``releasekit build [RAW_DIR] [OUT_DIR]`` builds the tables;
``releasekit evaluate [RAW_DIR] [GOLD]`` scores the extraction against the
hand-made gold annotations; ``releasekit site`` and ``releasekit review``
write the evidence site and the review queue; ``releasekit export
[TABLES_DIR] OUT_DIR --format csv|xlsx`` writes the tables for other tools;
``releasekit notebooks`` executes the notebooks and renders them to HTML;
``releasekit --version`` prints the version.

``build`` and ``evaluate`` need only the core install; ``notebooks`` and
``export --format xlsx`` need the ``analysis`` extra, and without it say so
(``pip install 'releasekit[analysis]'``) instead of failing on an import.

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

#: Top-level modules of the ``analysis`` extra (pyproject.toml): a command
#: that imports a missing one tells the user how to install the extra.
ANALYSIS_EXTRA_MODULES = frozenset(
    {"matplotlib", "matplotlib_inline", "nbformat", "nbclient", "nbconvert", "papermill", "ipykernel", "jupyterlab", "openpyxl"}
)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error


def _notebook_parameter(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"a parameter is NAME=VALUE (VALUE in YAML, e.g. FORCES='[Kent Police]'), not {text!r}")
    import yaml

    try:
        return name.strip(), yaml.safe_load(value)
    except yaml.YAMLError:
        return name.strip(), value


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a whole number: {text}") from error
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return jobs


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
    build.add_argument("--jobs", "-j", type=_jobs, default=None, help="worker processes for reading and extraction (default: all cores, and never more; the output is identical whatever the number)")
    build.add_argument("--engine", choices=("local", "dask"), default="local", help="where the work runs: worker processes here (local), or a Dask cluster (dask; needs the dask extra; see docs/scale.md); the output is identical")
    build.add_argument("--scheduler", default=None, metavar="ADDRESS", help="with --engine dask: the scheduler's address (tcp://host:8786); default: a local cluster of --jobs workers")
    build.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    build.add_argument("--no-cache", action="store_true", help="ignore the content-hash cache and re-extract every release (the tables are the same either way)")
    build.add_argument("--partitioned", action="store_true", help="also write every table as a Hive-partitioned Parquet dataset by year under OUT_DIR/dataset")
    build.add_argument("--corrections", type=Path, default=None, metavar="CSV", help="corrections applied after extraction (default: corrections.csv beside RAW_DIR, i.e. data/corrections.csv, when it exists; see the README)")
    build.add_argument("--rules", type=Path, default=None, metavar="DIR", help="a folder of rule files (figure_rules.yaml, agencies.yaml, ...; copy them from src/releasekit/data/) that replace the packaged ones; files it lacks stay packaged")
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

    notebooks = commands.add_parser(
        "notebooks",
        help="execute the notebooks and render them to HTML (needs the analysis extra)",
        description="Execute the notebooks and render them to HTML: in place on data/processed (what `make notebooks` "
        "does), or on another tables folder with --processed DIR --out DIR (the committed notebooks are left as they are). "
        "Needs the analysis extra: pip install 'releasekit[analysis]'.",
    )
    notebooks.add_argument("--notebooks", default="notebooks", help="folder of NN_*.ipynb")
    notebooks.add_argument("--reports", default=None, help="folder for the HTML renders (default: reports, or OUT with --out)")
    notebooks.add_argument("--processed", default=None, help="tables folder the notebooks read (sets PROCESSED in every notebook)")
    notebooks.add_argument("--out", default=None, help="write executed notebooks, HTML and figures (OUT/figures) here instead of in place")
    notebooks.add_argument("-p", "--parameter", action="append", type=_notebook_parameter, default=[], metavar="NAME=VALUE",
                           help="a parameter for every notebook, VALUE read as YAML: -p PERIOD=Q -p 'FORCES=[Kent Police, Essex Police]'")
    notebooks.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    notebooks.add_argument("names", nargs="*", help="notebook stems to run (default: all)")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``releasekit`` command; return its exit status (2 for a user's error, printed on one line)."""
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] not in ANALYSIS_EXTRA_MODULES or os.environ.get("RELEASEKIT_TRACEBACK"):
            raise
        print(f"releasekit {args.command}: error: this needs the analysis extra (no module named {error.name!r}); "
              "install it with: pip install 'releasekit[analysis]'", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader of the output stopped (`releasekit evaluate ... | head`): no error of the user's
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python flushes stdout at exit: into nothing, not the closed pipe
        return 0
    except (OSError, ValueError) as error:  # a missing folder, an unreadable file, a bad value: the user's to fix
        if os.environ.get("RELEASEKIT_TRACEBACK"):  # for developers: the whole story
            raise
        detail = str(error) if not isinstance(error, OSError) or not error.filename else f"{error.strerror or error}: {error.filename}"
        print(f"releasekit {args.command or ''}: error: {detail}".replace("  ", " "), file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        return _build(args)
    if args.command == "notebooks":
        from releasekit.analysis.notebooks import run_all

        return run_all(args.notebooks, reports=args.reports, processed=args.processed, out=args.out,
                       parameters=dict(args.parameter), timeout=args.timeout, names=args.names)
    if args.command == "site":
        from releasekit.analysis.site import write_site

        index = write_site(args.tables_dir, args.out_dir, licence=args.licence)
        print(f"releasekit site: {index}")
        return 0
    if args.command == "review":
        from releasekit.analysis.review import write_review

        queue = write_review(args.tables_dir, args.out)
        print(f"releasekit review: {len(queue)} totals to check -> {args.out}")
        return 0
    if args.command == "evaluate":
        from releasekit.evaluate import GoldError, evaluate, format_report

        try:
            report = evaluate(args.raw_dir, args.gold)
        except GoldError as error:
            print(f"releasekit evaluate: error: {error}", file=sys.stderr)
            return 2
        print(format_report(report, disagreements=not args.quiet))
        return 0
    if args.command == "export":
        from releasekit.analysis.export import export_tables

        names = [n.strip() for n in args.tables.split(",") if n.strip()] if args.tables else None
        written = export_tables(args.tables_dir, args.out_dir, fmt=args.format, tables=names)
        print(f"releasekit export: {len(written)} file(s) written to {args.out_dir} ({args.format})")
        return 0
    parser().print_help()
    return 2


class _NoPandas:
    """A finder that refuses to import pandas (see :func:`_pyarrow_without_pandas`)."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _pyarrow_without_pandas() -> None:
    """Tell pyarrow, before its first conversion, that this process has no use for pandas.

    pyarrow imports pandas the first time it converts a Python object (0.15-0.2 s
    of CPU, about a sixth of a small build's start-up, in the parent and so in
    every forked worker) only to ask whether that object is a pandas one, and
    the build never gives it one. pyarrow asks once per process (once in its
    Python layer, once in C++) and keeps the answer, so the question is put
    here while pandas cannot be imported;
    anything that needs pandas later still imports it (``to_pandas()``
    included). Only the ``build`` command's process does this, and it ends
    with the build: :func:`releasekit.build.build` called from Python leaves
    pyarrow as it is. The tables are the same either way (tested).
    """
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    sys.meta_path.insert(0, _NoPandas)  # type: ignore[arg-type]
    try:
        pa.array([0])  # pyarrow's two lazy look-ups of pandas (Python and C++) both happen here, once each
    finally:
        sys.meta_path.remove(_NoPandas)  # type: ignore[arg-type]


def _build(args: argparse.Namespace) -> int:
    """``releasekit build``: one line on success, on a refused folder and on an interruption; no tracebacks for those.

    Ctrl-C and SIGTERM stop the build (its workers end, the previous tables
    stay, the temporary folder is removed): the handler raises
    :class:`KeyboardInterrupt` and also sets an event the build checks
    between batches, in case the exception lands where Python ignores it.
    """
    import signal
    import threading
    import warnings

    from releasekit.build import build
    from releasekit.outdir import OutputFolderError
    from releasekit.rulefiles import RuleFileError

    if args.engine == "local":
        _pyarrow_without_pandas()
    stop = threading.Event()
    received: list[int] = []

    def on_signal(signum: int, frame: object) -> None:
        received.append(signum)
        stop.set()
        raise KeyboardInterrupt()

    default_hook = sys.unraisablehook

    def quiet_stop(unraisable: "sys.UnraisableHookArgs") -> None:
        # the stop landed where Python ignores exceptions (a fork callback):
        # the event carries it; print nothing
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            default_hook(unraisable)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    sys.unraisablehook = quiet_stop
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            summary = build(
                args.raw_dir,
                args.out_dir,
                jobs=args.jobs,
                progress=not args.no_progress and sys.stderr.isatty(),
                as_of=args.as_of,
                cache=not args.no_cache,
                partitioned=args.partitioned,
                corrections=args.corrections if args.corrections is not None else args.raw_dir.parent / "corrections.csv",
                stop=stop,
                engine=args.engine,
                scheduler=args.scheduler,
                rule_dir=args.rules,
            )
        for warning in caught:
            print(f"releasekit build: warning: {warning.message}", file=sys.stderr)
        print(f"releasekit build: {summary.line()}")
        return 0
    except KeyboardInterrupt:
        terminated = signal.SIGTERM in received
        what = "terminated" if terminated else "interrupted"
        print(f"releasekit build: {what}; the tables in {args.out_dir} are as they were before this build", file=sys.stderr)
        return 143 if terminated else 130
    except (FileNotFoundError, OutputFolderError, RuleFileError) as error:
        print(f"releasekit build: error: {error}", file=sys.stderr)
        return 2
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sys.unraisablehook = default_hook


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
