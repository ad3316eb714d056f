"""Check a batch's rows in chunks, in this process or on several cores; text comes back in input order.

Each chunk of raw rows is checked and rendered (csv or jsonl lines) as a whole, by the same function
whether it runs here or in a worker process, so the output is byte for byte the same for any
number of jobs. At most two chunks per worker are in flight, so memory stays flat however long
the file is.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from kcheck.batch import Checker, Tally, check_rows, make_checker
from kcheck.csvinput import Columns, RawRow
from kcheck.engine import Settings
from kcheck.errors import KcheckError
from kcheck.regimens import Registry
from kcheck.render.jsonl import EncodedChecks, jsonl_lines

CHUNK_ROWS = 250
IN_FLIGHT_PER_JOB = 2
MAX_DEFAULT_JOBS = 8


class WorkerStopped(KcheckError):
    """A worker process died (killed, out of memory): the batch cannot be completed (exit 2)."""


@dataclass(frozen=True)
class BatchJob:
    """Everything a worker needs to check and render rows of one file (small and picklable)."""

    columns: Columns
    settings: Settings
    source: str
    output_format: str  # "csv" | "jsonl"
    header: tuple[str, ...]
    delimiter: str
    fail_on: str


@dataclass(frozen=True)
class Workspace:
    """What one process keeps from chunk to chunk: the data and the caches of repeated labels."""

    registry: Registry
    checker: Checker
    encoded: EncodedChecks

    @classmethod
    def of(cls, registry: Registry) -> Workspace:
        """Fresh caches over this registry."""
        return cls(registry, make_checker(registry), EncodedChecks(registry))


def render_chunk(job: BatchJob, rows: list[RawRow], workspace: Workspace) -> tuple[bytes, Tally]:
    """The output of these rows as UTF-8, and their totals for the summary and the exit code.

    Encoded here, not by the writer: a worker does it in parallel, and the documents are large.
    """
    tally = Tally()
    checked = tally.counted(
        check_rows(rows, job.columns, workspace.registry, job.settings, job.source, workspace.checker), job.fail_on
    )
    if job.output_format == "csv":
        from kcheck.render.batch_csv import csv_lines

        text = "".join(csv_lines(checked, job.header, job.delimiter))
    else:
        text = "".join(jsonl_lines(checked, workspace.registry, workspace.encoded))
    return text.encode("utf-8"), tally


def default_jobs() -> int:
    """One worker per core this process may run on (a container's limit, not the machine's), at most 8.

    Each worker holds the data and its caches (up to about 100 MB), and one writer takes every
    chunk in turn, so more workers than that buy little and cost memory.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cores, MAX_DEFAULT_JOBS)


def rendered_chunks(
    job: BatchJob, rows: Iterable[RawRow], registry: Registry, jobs: int, chunk_rows: int = CHUNK_ROWS
) -> Iterator[tuple[bytes, Tally]]:
    """(UTF-8 output, totals) per chunk, in input order; worker processes only when there is more than one chunk."""
    chunks = _chunks(rows, chunk_rows)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    chunks = itertools.chain((first,), () if second is None else (second,), chunks)
    pool = _pool(job, jobs) if jobs > 1 and second is not None else None
    if pool is None:
        workspace = Workspace.of(registry)
        for chunk in chunks:
            yield render_chunk(job, chunk, workspace)
        return
    yield from _in_workers(pool, chunks, jobs)


def _pool(job: BatchJob, jobs: int) -> ProcessPoolExecutor | None:
    """Worker processes, or None where the system cannot make them (no /dev/shm, no sem_open)."""
    # spawn, not fork: a forked child would inherit whatever a thread (a progress bar) held locked.
    context = multiprocessing.get_context("spawn")
    try:
        return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(job,))
    except (OSError, NotImplementedError, ImportError):
        return None


def _chunks(rows: Iterable[RawRow], size: int) -> Iterator[list[RawRow]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _in_workers(
    pool: ProcessPoolExecutor, chunks: Iterator[list[RawRow]], jobs: int
) -> Iterator[tuple[bytes, Tally]]:
    with pool:
        pending: deque[Future[tuple[bytes, Tally]]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_work, chunk))
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool:
            raise WorkerStopped(
                "a worker process stopped before it finished (killed, or out of memory?): the batch is "
                "incomplete; run it again, or with --jobs 1"
            ) from None
        finally:
            for future in pending:
                future.cancel()


_worker: tuple[BatchJob, Workspace] | None = None


def _start_worker(job: BatchJob) -> None:
    """Load the data once per worker; Ctrl-C is the parent's to handle (no traceback per worker)."""
    global _worker
    from kcheck.data import default_registry

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (job, Workspace.of(default_registry()))


def _work(rows: list[RawRow]) -> tuple[bytes, Tally]:
    assert _worker is not None, "worker not started"
    job, workspace = _worker
    return render_chunk(job, rows, workspace)
