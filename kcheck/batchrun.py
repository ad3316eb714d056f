"""The I/O side of `kcheck batch`: open the CSV and the target, stream chunks through a format's writer.

Every format streams: rows are checked and rendered in chunks (kcheck/stream.py, on several cores
when asked), the writer takes them in input order and closes its document at the end. A handled
stop (a dead worker, a bad byte in the input, Ctrl-C, SIGTERM) still closes the document, saying
why, before the run exits 2; a regular --output file is then left unchanged, as after any failure.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import IO, Any

from kcheck.atomic import fd_id, open_target, resolve_target
from kcheck.batch import Tally
from kcheck.csvinput import NOTES_SHOWN, CsvReader, find_columns
from kcheck.engine import Settings
from kcheck.errors import KcheckError
from kcheck.regimens import Registry
from kcheck.render import load
from kcheck.stream import BatchJob, Spilled, available_cores, default_jobs, rendered_chunks

Progress = Callable[[int], AbstractContextManager[Callable[[int, int], None]]]  # size -> advance(rows, bytes read)


class Terminated(KeyboardInterrupt):
    """SIGINT or SIGTERM: the document is closed, the workers stop, the temp file goes, exit 2."""


@dataclass(frozen=True)
class BatchOptions:
    """What the command line asked for."""

    file: str
    output_format: str
    output: str | None
    settings: Settings
    label_column: str | None = None
    picks: dict[str, str] = field(default_factory=dict)
    delimiter: str | None = None
    encoding: str | None = None
    bom: bool = False
    jobs: int = 0
    width: int = 100
    color: bool = False  # allowed when the output is stdout


@dataclass
class BatchOutcome:
    """The totals (the exit code's input) and notes for stderr, of a run that finished."""

    tally: Tally
    notes: list[str]


def run_batch(options: BatchOptions, registry: Registry, progress: Progress | None = None) -> BatchOutcome:
    """Check every row of the file and write the report; raises KcheckError (exit 2) after closing it."""
    notes: list[str] = []
    jobs = options.jobs or default_jobs()
    cores = available_cores()
    if jobs > cores:
        notes.append(f"--jobs {jobs} is more than the {cores} cores available: using {cores}")
        jobs = cores
    stream = sys.stdin.buffer if options.file == "-" else open(options.file, "rb")  # noqa: SIM115
    source = "<stdin>" if options.file == "-" else options.file
    try:
        target = resolve_target("-" if options.output is None else options.output, [fd_id(stream) or (-1, -1)])
        reader = CsvReader(source, stream, encoding=options.encoding, delimiter=options.delimiter)
        columns = find_columns(reader.header, options.label_column, options.picks)
        from kcheck.data import data_hash

        job = BatchJob(
            columns,
            options.settings,
            source,
            options.output_format,
            reader.header,
            reader.delimiter_used,
            data_hash(),
            options.width,
            options.color and target.kind == "stdout",
        )
        size = os.fstat(stream.fileno()).st_size if options.file != "-" else 0
        tally = Tally()
        with _stops() as stops, (progress or _no_progress)(size) as advance, open_target(target) as out:
            _write(job, reader, registry, jobs, _binary(out), tally, advance, options.bom, stops)
    finally:
        if options.file != "-":
            stream.close()
    notes.extend(f"note: {note}" for note in reader.notes[:NOTES_SHOWN])
    if len(reader.notes) > NOTES_SHOWN:
        notes.append(f"note: and {len(reader.notes) - NOTES_SHOWN} more rows with a quoted cell over several lines")
    return BatchOutcome(tally, notes)


def _write(
    job: BatchJob,
    reader: CsvReader,
    registry: Registry,
    jobs: int,
    out: IO[bytes],
    tally: Tally,
    advance: Callable[[int, int], None],
    bom: bool,
    stops: _Stops,
) -> None:
    """Head, chunks, tail; a handled stop closes the document with the reason and goes on up."""
    writer = load("batch", job.output_format).Writer(job, out, registry, bom=bom)
    writer.begin()
    chunks = rendered_chunks(
        job, reader.rows(), registry, jobs, position=lambda: reader.progress[0], spill=writer.copies_chunks
    )
    try:
        with contextlib.closing(chunks):
            for data, part, read in chunks:
                with stops.write():
                    if isinstance(data, Spilled):
                        writer.chunk_file(data)
                    else:
                        writer.chunk(data)
                    tally.merge(part)
                advance(tally.rows, read)
    except BrokenPipeError:
        raise
    except (KeyboardInterrupt, KcheckError, OSError) as error:
        reason = "interrupted" if isinstance(error, KeyboardInterrupt) else str(error)
        with contextlib.suppress(OSError):
            writer.end(tally, reason)
            out.flush()
        raise
    writer.end(tally, None)
    out.flush()


def _binary(out: Any) -> IO[bytes]:
    """The byte stream under a text handle (chunks come UTF-8 encoded, by the workers)."""
    out.flush()
    binary: IO[bytes] = out.buffer
    return binary


@contextlib.contextmanager
def _no_progress(size: int) -> Iterator[Callable[[int, int], None]]:
    yield lambda rows, read: None


class _Stops:
    """SIGINT and SIGTERM stop the run at once, except while a chunk is being written: then right after it,
    so no row is cut in half (a second signal does not wait)."""

    def __init__(self) -> None:
        self.asked = False
        self.writing = False

    def __call__(self, signum: int, frame: Any) -> None:
        if self.writing and not self.asked:
            self.asked = True
            return
        raise Terminated

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """A span in which a stop waits; it takes effect when the span ends."""
        self.writing = True
        try:
            yield
        finally:
            self.writing = False
        if self.asked:
            raise Terminated


@contextlib.contextmanager
def _stops() -> Iterator[_Stops]:
    """Handle SIGINT and SIGTERM for the run's duration (the main thread only; elsewhere they stay as they are)."""
    stops = _Stops()
    previous = {}
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, stops)
    except ValueError:  # not the main thread
        pass
    try:
        yield stops
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
