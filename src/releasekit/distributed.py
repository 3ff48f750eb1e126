"""Run the build's two passes on a Dask distributed cluster (``releasekit build --engine dask``).

The build is a map-reduce: pass one maps :func:`releasekit.build.summarize_file`
over the files (each file's line keys, site URL, hashes and sketch) and the
parent reduces them to the corpus-wide facts
(:func:`releasekit.build.corpus_facts`); pass two maps
:func:`releasekit.build.process_file` (a pure function of one file and those
facts) and the parent writes the Arrow tables it returns, in file order. This
module only supplies the map: the same functions run here, on the local
worker processes of ``--engine local``, or in Spark's ``mapPartitions``
(``docs/scale.md``), so the tables are identical whatever the engine.

Needs the ``dask`` extra (``pip install 'releasekit[dask]'``). Every worker
must see the raw folder (and the cache folder, when there is one) at the
same path as the machine that runs ``releasekit build``.
"""

from __future__ import annotations

import logging
from collections import deque
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

__all__ = ["dask_client", "dask_map"]


@contextmanager
def dask_client(scheduler: str | None = None, *, workers: int = 2) -> Iterator[Any]:
    """A ``distributed.Client``: of the cluster at ``scheduler`` (``tcp://host:8786``), else of a local
    cluster of ``workers`` single-threaded worker processes, closed at the end.

    Raises :class:`ImportError` with the install command when Dask is not installed.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("the dask engine needs Dask distributed: pip install 'releasekit[dask]'") from error
    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    # loopback only, no dashboard: a local cluster opens nothing beyond this machine;
    # the workers' own logs stay quiet (a closing cluster logs closed connections as errors)
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        silence_logs=logging.CRITICAL,
    )
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def _run_chunk(func: Callable[[Any, Any], Any], context: Any, chunk: Sequence[Any]) -> list[Any]:
    return [func(context, task) for task in chunk]


def dask_map(
    client: Any, func: Callable[[Any, Any], Any], context: Any, tasks: Sequence[Any], *, chunksize: int = 16
) -> Iterator[Any]:
    """``func(context, task)`` for every task on the cluster of ``client``, yielded in the order of ``tasks``.

    ``context`` is sent to every worker once (scattered); tasks go in chunks
    of ``chunksize``, at most four chunks per worker in flight, so results
    never pile up faster than the parent writes them.
    """
    if not tasks:
        return
    shared = client.scatter(context, broadcast=True)
    window = 4 * max(1, len(client.scheduler_info().get("workers", {})) or 1)
    pending: deque = deque()
    try:
        for start in range(0, len(tasks), chunksize):
            pending.append(client.submit(_run_chunk, func, shared, tasks[start : start + chunksize], pure=False))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
