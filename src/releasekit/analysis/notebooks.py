"""Execute the notebooks in place and render them to HTML, reproducibly.

``releasekit notebooks`` (what ``make notebooks`` runs) executes
every ``notebooks/NN_*.ipynb`` top to bottom with papermill, in the
notebooks folder (so the relative paths of their ``parameters`` cells work),
writes the executed notebook back in place and renders it with nbconvert to
``reports/<name>.html``.

Reruns are byte-identical when nothing changed: papermill's run metadata
(start and end times, durations, environment) and nbclient's per-cell
execution timestamps are removed before a notebook is written, outputs of
an earlier run and earlier injected parameters are dropped before it runs,
and files are only rewritten when their bytes differ.
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat

from releasekit.files import write_atomic

__all__ = ["clean_notebook", "notebook_paths", "render_html", "run_all", "run_notebook", "run_notebooks"]

#: nbformat minor version the notebooks are written with.
_NBFORMAT = 4

#: Matplotlib backend the kernel draws with (inline images in the outputs,
#: whatever ``MPLBACKEND`` the calling shell sets, e.g. Agg in ``make``).
_INLINE = "module://matplotlib_inline.backend_inline"


def notebook_paths(notebook_dir: str | os.PathLike = "notebooks") -> list[Path]:
    """The numbered notebooks (``NN_*.ipynb``) of a folder, in reading order."""
    folder = Path(notebook_dir)
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb") if p.is_file())


def _strip_run_metadata(nb: Any) -> Any:
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
    return nb


def clean_notebook(nb: Any, *, clear_outputs: bool = False, drop_injected: bool = False) -> Any:
    """A copy of ``nb`` without what changes from run to run.

    Removes the notebook's ``papermill`` metadata (start/end time, duration,
    environment, parameters) and each cell's ``papermill`` and ``execution``
    metadata (timestamps). ``clear_outputs`` also clears outputs and
    execution counts; ``drop_injected`` removes cells tagged
    ``injected-parameters`` left by an earlier papermill run.
    """
    nb = copy.deepcopy(nb)
    if drop_injected:
        nb.cells = [c for c in nb.cells
                    if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    _strip_run_metadata(nb)
    if clear_outputs:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
    return nb


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def _notebook_bytes(nb: Any) -> bytes:
    text = nbformat.writes(nb, version=_NBFORMAT)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


def _kernel_config(folder: Path) -> Any:
    """Configuration for nbclient's kernel manager: local IPC sockets in ``folder``.

    The default TCP transport makes every kernel log "Kernel is running over
    TCP without encryption" on each run; IPC sockets (files only this user
    can open) need no encryption and keep the runs quiet. nbclient still
    creates, owns and shuts down the kernel.
    """
    from traitlets.config import Config

    if sys.platform == "win32":  # no IPC sockets there
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": str(folder / "kernel")}})


def render_html(nb: Any, html_path: str | os.PathLike) -> bool:
    """Render ``nb`` to ``html_path`` with nbconvert's HTMLExporter (the
    ``lab`` template, images embedded). Returns True when the file changed."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    body, _resources = exporter.from_notebook_node(nb)
    return _write_if_changed(Path(html_path), body.encode("utf-8"))


def run_notebook(
    path: str | os.PathLike,
    *,
    output_path: str | os.PathLike | None = None,
    html_path: str | os.PathLike | None = None,
    parameters: Mapping[str, Any] | None = None,
    timeout: int = 600,
    kernel_name: str = "python3",
    cwd: str | os.PathLike | None = None,
) -> Any:
    """Execute one notebook with papermill; write it and its HTML render.

    The notebook runs in ``cwd`` (default: its own folder) with the kernel
    ``kernel_name`` (``python3``: ipykernel's kernel of the Python running
    this function). ``output_path`` defaults to ``path`` (executed in place).
    ``parameters`` are injected after the cell tagged ``parameters``. Any
    error in a cell raises ``papermill.PapermillExecutionError`` and nothing
    is written. Returns the executed, cleaned notebook.
    """
    import papermill

    path = Path(path)
    output_path = Path(output_path) if output_path is not None else path
    source = nbformat.read(path, as_version=_NBFORMAT)
    source = clean_notebook(source, clear_outputs=True, drop_injected=True)
    saved = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = _INLINE
    sockets = tempfile.TemporaryDirectory(prefix="releasekit-kernel-")
    try:
        executed = papermill.execute_notebook(
            source,
            None,  # nothing written while running: a failed run leaves the files as they were
            parameters=dict(parameters or {}),
            kernel_name=kernel_name,
            cwd=str(cwd if cwd is not None else path.parent),
            execution_timeout=timeout,
            progress_bar=False,
            log_output=False,
            report_mode=False,
            config=_kernel_config(Path(sockets.name)),
            # jupyter_client interrupts a kernel before shutting it down; the kernel's log of that
            # ("KeyboardInterrupt caught in kernel") is not an error of the notebook (cell errors still stop the run)
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    finally:
        sockets.cleanup()
        if saved is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = saved
    executed = clean_notebook(executed)
    _write_if_changed(output_path, _notebook_bytes(executed))
    if html_path is not None:
        render_html(executed, html_path)
    return executed


def run_notebooks(
    notebook_dir: str | os.PathLike = "notebooks",
    report_dir: str | os.PathLike = "reports",
    parameters: Mapping[str, Any] | None = None,
    timeout: int = 600,
    *,
    kernel_name: str = "python3",
    names: Sequence[str] | None = None,
    output_dir: str | os.PathLike | None = None,
) -> dict[str, float]:
    """Execute every numbered notebook in place and render ``<report_dir>/<name>.html``.

    ``parameters`` (the same for every notebook) are passed to papermill;
    a notebook without such a parameter simply gains the variable.
    ``names`` restricts the run to those notebook stems. ``output_dir``
    writes the executed notebooks there instead of in place (the committed
    notebooks stay as they are). Returns seconds per notebook, in reading
    order.
    """
    timings: dict[str, float] = {}
    for path in notebook_paths(notebook_dir):
        if names is not None and path.stem not in names:
            continue
        began = time.perf_counter()
        output = Path(output_dir) / path.name if output_dir is not None else None
        run_notebook(path, output_path=output, html_path=Path(report_dir) / f"{path.stem}.html",
                     parameters=parameters, timeout=timeout, kernel_name=kernel_name)
        timings[path.stem] = time.perf_counter() - began
    return timings


def run_all(
    notebooks: str | Path = "notebooks",
    *,
    reports: str | Path | None = None,
    processed: str | Path | None = None,
    out: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    timeout: int = 600,
    names: Sequence[str] = (),
) -> int:
    """``releasekit notebooks``: run every notebook (or those named), print one line each; return the exit status.

    In place on the committed notebooks by default (what ``make notebooks``
    does); with ``processed`` (a tables folder, sets ``PROCESSED`` in every
    notebook) and ``out`` (executed notebooks, HTML and ``out/figures``) on
    another collection, leaving the committed notebooks as they are. A
    notebook that stops is reported and the others still run; the status is
    1 if any stopped, 2 if ``notebooks`` holds no notebook, a name matches
    none or ``processed`` holds no tables (nothing runs), else 0.
    """
    parameters = dict(parameters or {})
    paths = notebook_paths(notebooks)
    if not paths:
        print(f"releasekit notebooks: error: no notebooks (NN_*.ipynb) in {notebooks}: run the command in the project "
              "folder, or give the folder with --notebooks DIR", file=sys.stderr)
        return 2
    unknown = [name for name in names if name not in {path.stem for path in paths}]
    if unknown:
        print(f"releasekit notebooks: error: no notebook named {', '.join(unknown)} in {notebooks} "
              f"(there: {', '.join(path.stem for path in paths)})", file=sys.stderr)
        return 2
    if processed is not None:
        if not (Path(processed) / "releases.parquet").exists():
            print(f"releasekit notebooks: error: no tables in {processed} (build them with `releasekit build RAW_DIR {processed}`)", file=sys.stderr)
            return 2
        parameters["PROCESSED"] = str(Path(processed).resolve())  # notebooks run in their own folder
    reports = reports or out or "reports"
    if out is not None:
        Path(out).mkdir(parents=True, exist_ok=True)
        parameters.setdefault("FIGURES", str((Path(out) / "figures").resolve()))
    began = time.perf_counter()
    failed = []
    for path in paths:
        if names and path.stem not in names:
            continue
        try:
            seconds = run_notebooks(notebooks, reports, parameters=parameters or None, timeout=timeout,
                                    names=[path.stem], output_dir=out)[path.stem]
        except Exception as error:  # noqa: BLE001 - one notebook's failure is reported, the others still run
            reason = f"{getattr(error, 'ename', type(error).__name__)}: {getattr(error, 'evalue', error)}"
            print(f"{path.stem}: stopped: {reason.splitlines()[0]}")
            failed.append(path.stem)
            continue
        print(f"{path.stem}: {seconds:.1f} s")
    print(f"notebooks executed and rendered to {reports}/ in {time.perf_counter() - began:.1f} s"
          + (f"; {len(failed)} stopped: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m releasekit.analysis.notebooks ARGS``: the same as ``releasekit notebooks ARGS``."""
    from releasekit.cli import main as cli_main

    return cli_main(["notebooks", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
