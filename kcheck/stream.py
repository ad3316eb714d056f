"""Check a batch's rows in chunks, in this process or on several cores; text comes back in input order.

Each chunk of raw rows is checked and rendered (by the output format's `render_rows`, or its
`render_raw` from the records when the memo is on) as a whole, by
the same function whether it runs here or in a worker process, so the output is byte for byte the
same for any number of jobs. At most two chunks per worker are in flight, so memory stays flat
however long the file is. Workers watch their parent and leave when it is gone (even after a kill -9).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kcheck.batch import Tally, check_rows, label_text
from kcheck.csvinput import Columns, RawRow
from kcheck.engine import Settings
from kcheck.errors import KcheckError
from kcheck.memo import MEMO_ROWS, Memo
from kcheck.regimens import Registry
from kcheck.render import load

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

CHUNK_ROWS = 250
IN_FLIGHT_PER_JOB = 2
MAX_DEFAULT_JOBS = 8
PARENT_POLL_SECONDS = 0.5
PROBE_CHUNKS = 4  # rows looked at before choosing between one process and workers
STAY_REPEATS = 0.5  # from this share of repeated labels in them, one process
# While rows are checked: allocations between young collections, young collections between middle ones,
# middle ones between full ones (Python's defaults: 700, 10, 10).
GC_THRESHOLDS = (50_000, 20, 100)


class WorkerStopped(KcheckError):
    """A worker process died (killed, out of memory): the batch cannot be completed (exit 2)."""


@dataclass(frozen=True)
class BatchJob:
    """Everything a worker needs to check and render rows of one file (small and picklable)."""

    columns: Columns
    settings: Settings
    source: str
    output_format: str  # a batch format of kcheck.render.FORMATS
    header: tuple[str, ...]
    delimiter: str
    data: str  # the data files' hash, which every versioned document names
    width: int = 100  # the table's
    color: bool = False  # the table's


@dataclass(frozen=True)
class Workspace:
    """What one process keeps from chunk to chunk: the data and the caches of repeated labels."""

    registry: Registry
    memo: Memo

    @classmethod
    def of(cls, registry: Registry) -> Workspace:
        """A fresh memo over this registry."""
        return cls(registry, Memo(registry, MEMO_ROWS))


def render_chunk(job: BatchJob, rows: list[RawRow], workspace: Workspace) -> tuple[bytes, Tally]:
    """The output of these rows as UTF-8, and their totals for the summary and the exit code.

    Encoded here, not by the writer: a worker does it in parallel, and the documents are large.
    """
    module = load("batch", job.output_format)
    if workspace.memo.size and hasattr(module, "render_raw"):
        return module.render_raw(rows, job, workspace)  # type: ignore[no-any-return]
    checked = list(check_rows(rows, job.columns, workspace.registry, job.settings, job.source, workspace.memo))
    tally = Tally()
    tally.count(checked)
    text = module.render_rows(checked, job, workspace)
    return (text if isinstance(text, bytes) else text.encode("utf-8")), tally


def available_cores() -> int:
    """The cores this process may run on (a container's limit, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def default_jobs() -> int:
    """One worker per core this process may run on (a container's limit, not the machine's), at most 8.

    Each worker holds the data and its caches (up to about 100 MB), and one writer takes every
    chunk in turn, so more workers than that buy little and cost memory.
    """
    return min(available_cores(), MAX_DEFAULT_JOBS)


def rendered_chunks(
    job: BatchJob,
    rows: Iterable[RawRow],
    registry: Registry,
    jobs: int,
    position: Callable[[], int] = lambda: 0,
    chunk_rows: int = CHUNK_ROWS,
) -> Generator[tuple[bytes, Tally, int], None, None]:
    """(UTF-8 output, totals, input bytes read when the chunk was cut) per chunk, in input order.

    Worker processes only when there is more than one chunk.
    """
    chunks = _chunks(rows, chunk_rows, position)
    probe = list(itertools.islice(chunks, PROBE_CHUNKS))
    if not probe:
        return
    chunks = itertools.chain(probe, chunks)
    pool = None
    if jobs > 1 and len(probe) > 1 and _repeats(probe, job) < STAY_REPEATS:
        pool = _pool(job, jobs)
    if pool is None:
        workspace = Workspace.of(registry)
        with _fewer_collections():
            for chunk, read in chunks:
                yield (*render_chunk(job, chunk, workspace), read)
        return
    yield from _in_workers(pool, chunks, jobs)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while rows are checked, and never walk what was there before.

    A row makes thousands of short-lived objects and few reference cycles, and the memo keeps
    thousands of checks alive: at Python's default thresholds the collector walked those, and the
    loaded data, over and over (a tenth of a batch's time and more). What exists when the run
    starts (the data, the grammar's tables) is frozen out of collections until it ends.
    """
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def _repeats(probe: list[tuple[list[RawRow], int]], job: BatchJob) -> float:
    """The share of the first rows whose label text came before: the memo's hit rate to expect.

    Where most rows repeat, one process serves them from its memo faster than workers (each with
    its own memo to fill) and the pipes that bring their output back.
    """
    texts = [label_text(raw.cells, job.columns) for chunk, _ in probe for raw in chunk]
    return 1 - len(set(texts)) / len(texts)


def _pool(job: BatchJob, jobs: int) -> ProcessPoolExecutor | None:
    """Worker processes, or None where the system cannot make them (no /dev/shm, no sem_open)."""
    # Imported here: a run that stays in one process (most repeated catalogues) never pays for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(_start_method())
    try:
        return ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start_worker, initargs=(job, os.getpid())
        )
    except (OSError, NotImplementedError, ImportError):
        return None


def _start_method() -> str:
    """fork on Linux where this process runs no other thread, else spawn.

    A forked worker starts at once with the data and the reader's tables already loaded; a spawned
    one imports kcheck and loads them again (about a quarter of a second of a core each). But a
    forked child would inherit whatever another thread (a progress bar) held locked, and macOS
    system libraries do not survive a fork.
    """
    # multiprocessing flushes the standard streams before it forks: a child leaves nothing to write twice.
    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


def _chunks(rows: Iterable[RawRow], size: int, position: Callable[[], int]) -> Iterator[tuple[list[RawRow], int]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk, position()


def _in_workers(
    pool: ProcessPoolExecutor, chunks: Iterator[tuple[list[RawRow], int]], jobs: int
) -> Iterator[tuple[bytes, Tally, int]]:
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[tuple[Future[tuple[bytes, Tally]], int]] = deque()
    try:
        for chunk, read in chunks:
            pending.append((pool.submit(_work, chunk), read))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                future, at = pending.popleft()
                yield (*future.result(), at)
        while pending:
            future, at = pending.popleft()
            yield (*future.result(), at)
    except BrokenProcessPool:
        raise WorkerStopped(
            "a worker process stopped before it finished (killed, or out of memory?): the batch is "
            "incomplete; run it again, or with --jobs 1"
        ) from None
    finally:
        # A stop (an error, Ctrl-C, SIGTERM, the reader gone) drops the queued chunks; the workers
        # finish the chunk in hand and exit, and this waits for them: no process outlives the run.
        pool.shutdown(wait=True, cancel_futures=True)


_worker: tuple[BatchJob, Workspace] | None = None


def _start_worker(job: BatchJob, parent: int) -> None:
    """Load the data once per worker; Ctrl-C is the parent's to handle; leave when the parent is gone."""
    global _worker
    from kcheck.data import default_registry

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker has its parent's handler
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _worker = (job, Workspace.of(default_registry()))
    gc.freeze()  # as _fewer_collections does, for the worker's life
    gc.set_threshold(*GC_THRESHOLDS)


def _watch_parent(parent: int) -> None:
    """Exit at once when the parent process is gone (a kill -9 leaves no one to stop this worker)."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(3)


def _work(rows: list[RawRow]) -> tuple[bytes, Tally]:
    assert _worker is not None, "worker not started"
    job, workspace = _worker
    return render_chunk(job, rows, workspace)
