"""Check a batch's rows in chunks, in this process or on several cores; text comes back in input order.

Each chunk of raw rows is checked and rendered (by the output format's `render_rows`, or its
`render_raw` from the records when the memo is on) as a whole, by
the same function whether it runs here or in a worker process, so the output is byte for byte the
same for any number of jobs. At most two chunks per worker are in flight, so memory stays flat
however long the file is. Workers watch their parent and leave when it is gone (even after a kill -9).

On Linux a worker leaves each chunk's output in a file of a private temporary folder, which the
writer copies in the kernel (os.sendfile), where it can: the output (about 2.5 kB a jsonl row) is
then not pickled, piped and written from this process's memory.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import itertools
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from kcheck.batch import Tally, check_chunk, label_text
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


# What os.sendfile raises, before it copies a byte, where it cannot write to the output (an
# O_APPEND file, a file system without it): then the bytes go through this process.
_CANNOT_SEND = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSOCK, errno.EXDEV})


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


@dataclass(frozen=True)
class Spilled:
    """A chunk's output that a worker left in a file: its path and size in bytes."""

    path: str
    size: int

    def copy_to(self, out: IO[bytes], skip: int = 0) -> None:
        """Append the file's bytes after the first `skip` to out: in the kernel where it can, else read."""
        out.flush()
        with open(self.path, "rb") as source:
            if not _sent(source, out, skip, self.size):
                source.seek(skip)
                shutil.copyfileobj(source, out)


def _sent(source: IO[bytes], out: IO[bytes], offset: int, end: int) -> bool:
    """Whether os.sendfile copied source[offset:end] to out; False where it could copy none of it."""
    try:
        target = out.fileno()
    except (OSError, ValueError):  # no file under it (a BytesIO)
        return False
    start = offset
    try:
        while offset < end:
            sent = os.sendfile(target, source.fileno(), offset, end - offset)
            if not sent:
                raise OSError(errno.EIO, f"{source.name} ended at byte {offset} of {end}")
            offset += sent
    except OSError as error:
        if offset > start or error.errno not in _CANNOT_SEND:
            raise
        return False
    return True


def render_chunk(job: BatchJob, rows: list[RawRow], workspace: Workspace) -> tuple[bytes, Tally]:
    """The output of these rows as UTF-8, and their totals for the summary and the exit code.

    Encoded here, not by the writer: a worker does it in parallel, and the documents are large.
    """
    module = load("batch", job.output_format)
    if workspace.memo.size and hasattr(module, "render_raw"):
        return module.render_raw(rows, job, workspace)  # type: ignore[no-any-return]
    checked = check_chunk(rows, job.columns, workspace.memo, job.settings, job.source)
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
    spill: bool = False,
) -> Generator[tuple[bytes | Spilled, Tally, int], None, None]:
    """(UTF-8 output, totals, input bytes read when the chunk was cut) per chunk, in input order.

    Worker processes only when there is more than one chunk. With `spill` (a writer that copies the
    bytes as they are), a worker's output may come as a Spilled file, removed once the next chunk is asked for.
    """
    chunks = _chunks(rows, chunk_rows, position)
    probe = list(itertools.islice(chunks, PROBE_CHUNKS))
    if not probe:
        return
    chunks = itertools.chain(probe, chunks)
    if jobs > 1 and len(probe) > 1 and _repeats(probe, job) < STAY_REPEATS:
        with _spill_folder(spill) as folder:
            pool = _pool(job, jobs, folder)
            if pool is not None:
                yield from _in_workers(pool, chunks, jobs)
                return
    workspace = Workspace.of(registry)
    with _fewer_collections():
        for chunk, read in chunks:
            yield (*render_chunk(job, chunk, workspace), read)


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


@contextlib.contextmanager
def _spill_folder(spill: bool) -> Iterator[str | None]:
    """A private temporary folder for the workers' output, removed with what is in it when the block
    ends; None off Linux (only there does os.sendfile copy into any file) or where none can be made."""
    folder = None
    if spill and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            folder = tempfile.mkdtemp(prefix="kcheck-batch-")
    try:
        yield folder
    finally:
        _remove(folder)


def _remove(folder: str | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _pool(job: BatchJob, jobs: int, folder: str | None) -> ProcessPoolExecutor | None:
    """Worker processes, or None where the system cannot make them (no /dev/shm, no sem_open)."""
    # Imported here: a run that stays in one process (most repeated catalogues) never pays for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(_start_method())
    try:
        return ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start_worker, initargs=(job, os.getpid(), folder)
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
) -> Iterator[tuple[bytes | Spilled, Tally, int]]:
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[tuple[Future[tuple[bytes | Spilled, Tally]], int]] = deque()
    try:
        for chunk, read in chunks:
            pending.append((pool.submit(_work, chunk), read))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                yield from _taken(pending.popleft())
        while pending:
            yield from _taken(pending.popleft())
    except BrokenProcessPool:
        raise WorkerStopped(
            "a worker process stopped before it finished (killed, or out of memory?): the batch is "
            "incomplete; run it again, or with --jobs 1"
        ) from None
    finally:
        # A stop (an error, Ctrl-C, SIGTERM, the reader gone) drops the queued chunks; the workers
        # finish the chunk in hand and exit, and this waits for them: no process outlives the run.
        pool.shutdown(wait=True, cancel_futures=True)


def _taken(entry: tuple[Future[tuple[bytes | Spilled, Tally]], int]) -> Iterator[tuple[bytes | Spilled, Tally, int]]:
    """A chunk's result once it is done; its file is removed when the writer has taken it."""
    future, read = entry
    data, tally = future.result()
    try:
        yield data, tally, read
    finally:
        if isinstance(data, Spilled):
            with contextlib.suppress(OSError):
                os.unlink(data.path)


@dataclass(slots=True)
class _Worker:
    job: BatchJob
    workspace: Workspace
    folder: str | None  # where chunks' output goes (None: back through the pipe)
    chunks: int = 0


_worker: _Worker | None = None


def _start_worker(job: BatchJob, parent: int, folder: str | None) -> None:
    """Load the data once per worker; Ctrl-C is the parent's to handle; leave when the parent is gone."""
    global _worker
    from kcheck.data import default_registry

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker has its parent's handler
    threading.Thread(target=_watch_parent, args=(parent, folder), daemon=True).start()
    _worker = _Worker(job, Workspace.of(default_registry()), folder)
    gc.freeze()  # as _fewer_collections does, for the worker's life
    gc.set_threshold(*GC_THRESHOLDS)


def _watch_parent(parent: int, folder: str | None) -> None:
    """Exit at once when the parent process is gone (a kill -9 leaves no one to stop this worker,
    or to remove the output it left)."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    _remove(folder)
    os._exit(3)


def _work(rows: list[RawRow]) -> tuple[bytes | Spilled, Tally]:
    assert _worker is not None, "worker not started"
    data, tally = render_chunk(_worker.job, rows, _worker.workspace)
    if _worker.folder is None:
        return data, tally
    _worker.chunks += 1
    path = os.path.join(_worker.folder, f"{os.getpid()}-{_worker.chunks}")
    try:
        with open(path, "xb") as spill:
            spill.write(data)
    except OSError:  # a full disk, or the folder gone with a run that stopped: the pipe still works
        with contextlib.suppress(OSError):
            os.unlink(path)
        return data, tally
    return Spilled(path, len(data)), tally
