"""Run the scan, a pure map over packages, locally or on a Dask cluster.

Locally: concurrent.futures.ProcessPoolExecutor over the machine's cores
(workers=1 runs in-process, handy for debugging). Distributed: the same
`scan_task` function is mapped with dask.distributed on `--scheduler
tcp://host:port`; the catalog index is scattered once to every worker.
Results stream back as they complete, so the client holds one result at a
time. Dask workers must be able to read the archive paths (shared cache
directory), just like the local pool.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import traceback

from .scan import scan_package


def scan_task(task: dict, index) -> dict:
    """Never raises: a package that breaks the scanner is reported, not fatal."""
    try:
        return {"task": task, "result": scan_package(task["archive"], task, index)}
    except Exception as exc:
        return {
            "task": task,
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(limit=5),
        }


_WORKER_INDEX = None


def _init_worker(index) -> None:
    global _WORKER_INDEX
    _WORKER_INDEX = index


def _scan_in_worker(task: dict) -> dict:
    return scan_task(task, _WORKER_INDEX)


def map_local(tasks: list[dict], index, workers: int | None):
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(tasks) <= 1:
        for task in tasks:
            yield scan_task(task, index)
        return
    # The catalog index goes to each worker once, not pickled with every task
    # (it is most of a small package's cost).
    with cf.ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(index,)
    ) as pool:
        futures = [pool.submit(_scan_in_worker, task) for task in tasks]
        for future in cf.as_completed(futures):
            yield future.result()


def map_dask(tasks: list[dict], index, scheduler: str, workers: int | None = None):
    """`scheduler` "local": a LocalCluster of `workers` single-threaded processes."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        scheduler = cluster.scheduler_address
    try:
        yield from _run_dask(Client(scheduler), tasks, index, as_completed)
    finally:
        if cluster is not None:
            cluster.close()


def _run_dask(client, tasks, index, as_completed):
    with client:
        index_future = client.scatter(index, broadcast=True)
        futures = client.map(scan_task, tasks, index=index_future, pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()


def _largest_first(tasks: list[dict]) -> list[dict]:
    """Longest jobs first (by archive size): one salt-sized package started last
    would leave the other workers idle while it runs alone."""

    def size(task):
        try:
            return os.path.getsize(task["archive"])
        except OSError:
            return 0

    return sorted(tasks, key=size, reverse=True)


def map_scans(tasks: list[dict], index, workers: int | None = None, scheduler: str | None = None):
    tasks = _largest_first(tasks)
    if scheduler:
        return map_dask(tasks, index, scheduler, workers)
    return map_local(tasks, index, workers)
