"""Writing output without breaking what the target is: files atomically, devices and FIFOs directly.

A regular file (or a new path) is written to a temporary file beside the *resolved* path (so a
symbolic link keeps pointing at it) and renamed over it when complete, keeping its mode, and its
owner when running as root. A FIFO, a character device or `-` is written directly, streaming: a
rename there would replace the device node or the pipe its reader holds. A target that is an
input of the run, a folder, or a file with more than one hard link is refused with a message
naming the path as the user gave it, never the hidden temporary name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TextIO

from kcheck.errors import KcheckError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: stale files are found by their dead PID alone
    fcntl = None  # type: ignore[assignment]

FileId = tuple[int, int]  # (st_dev, st_ino)
TEMP_SUFFIX = ".tmp"  # temp files are .NAME.kcheck-PID.RANDOM.tmp beside the target
STALE_AFTER_SECONDS = 10
# Errors of writing (not of reading the input, which may happen inside the same block).
WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM})


class OutputError(KcheckError):
    """kcheck will not or cannot write this target (exit 2); the message names the user's path."""


@dataclass(frozen=True)
class Target:
    """Where an output goes: `kind` is stdout, stderr, stream (FIFO/char device) or file."""

    given: str
    path: Path
    kind: str
    existing: os.stat_result | None = None


def file_id(path: str | Path) -> FileId | None:
    """(device, inode) of the file a path names (through links), None when there is none."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def fd_id(fd: int | IO[bytes]) -> FileId | None:
    """(device, inode) of an open descriptor or stream, None when it has none."""
    try:
        st = os.fstat(fd if isinstance(fd, int) else fd.fileno())
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def resolve_target(given: str, inputs: Iterable[FileId] = (), *, replace_only: bool = False) -> Target:
    """Classify an output path; refuse inputs, folders, missing folders and hard-linked files.

    `replace_only` (for --fix) accepts regular files only: a fix rewrites a catalogue in place.
    """
    if given == "-":
        return Target(given, Path(given), "stdout")
    if not given:
        raise OutputError("the output path is empty; give a file name or - for stdout")
    try:
        st = os.stat(given)
    except FileNotFoundError:
        resolved = Path(os.path.realpath(given))
        if not resolved.parent.is_dir():
            raise OutputError(f"{given}: cannot write: the folder {resolved.parent} does not exist") from None
        return Target(given, resolved, "file")
    except OSError as error:
        raise OutputError(f"{given}: cannot write: {_reason(error)}") from None
    identity = (st.st_dev, st.st_ino)
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{given}: is a folder; give a file name")
    if stat.S_ISREG(st.st_mode):
        if identity in set(inputs):
            raise OutputError(f"{given}: is an input of this run; kcheck never overwrites its input")
        if not replace_only and identity == fd_id(1):
            return Target(given, Path(given), "stdout")  # -o /dev/stdout while stdout is a file
        if not replace_only and identity == fd_id(2):
            return Target(given, Path(given), "stderr")
        if st.st_nlink > 1:
            raise OutputError(
                f"{given}: has {st.st_nlink} hard links; replacing it would break them, so kcheck left it "
                "unchanged (write to another path, or remove the other links)"
            )
        return Target(given, Path(os.path.realpath(given)), "file", st)
    if replace_only:
        raise OutputError(f"{given}: is not a regular file; kcheck rewrites regular files only")
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        return Target(given, Path(given), "stream", st)
    raise OutputError(f"{given}: is not a file, a FIFO or a character device; kcheck will not write it")


@contextlib.contextmanager
def open_target(target: Target) -> Iterator[TextIO]:
    """A UTF-8 text handle for the target; a file is replaced only when the block ends without error."""
    if target.kind == "stdout":
        yield sys.stdout
        sys.stdout.flush()
        return
    if target.kind == "stderr":
        yield sys.stderr
        sys.stderr.flush()
        return
    if target.kind == "stream":
        try:
            handle: TextIO = open(target.given, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as error:
            raise OutputError(f"{target.given}: cannot write: {_reason(error)}") from None
        try:
            with handle:
                yield handle
        except OSError as error:
            if error.errno in WRITE_ERRORS:
                raise OutputError(f"{target.given}: cannot write: {_reason(error)}") from None
            raise
        return
    with _replacing(target.path, target.given, target.existing) as handle:
        yield handle


@contextlib.contextmanager
def _replacing(path: Path, given: str, existing: os.stat_result | None) -> Iterator[TextIO]:
    """The temp-file-and-rename write of a regular file, keeping its mode and (as root) owner."""
    if existing is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        mode = stat.S_IMODE(existing.st_mode)
    remove_stale_temps(path)
    try:
        prefix = f".{path.name}.kcheck-{os.getpid()}."
        fd, temp = tempfile.mkstemp(dir=str(path.parent), prefix=prefix, suffix=TEMP_SUFFIX)
    except OSError as error:
        raise OutputError(f"{given}: cannot write: {_reason(error)} (in folder {path.parent})") from None
    _lock(fd)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            if existing is not None and getattr(os, "geteuid", lambda: -1)() == 0:
                os.fchown(handle.fileno(), existing.st_uid, existing.st_gid)
            os.chmod(temp, mode)  # after chown, which clears set-id bits
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError) and error.errno in WRITE_ERRORS:
            raise OutputError(f"{given}: cannot write: {_reason(error)}; it is unchanged") from None
        raise


def _lock(fd: int) -> None:
    """Hold an exclusive lock on the temp file while it is written: a free lock proves it was abandoned."""
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive
    return True


def _abandoned(temp: Path, pid: int) -> bool:
    """True only when provably stale: its writer's PID is gone, or (PID reused) its lock is free and it is old."""
    if not _alive(pid):
        return True
    if fcntl is None:
        return False
    try:
        fd = os.open(temp, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a live run holds it
    else:
        # The lock is taken right after the file is made; the age rules out that instant.
        return time.time() - os.fstat(fd).st_mtime > STALE_AFTER_SECONDS
    finally:
        os.close(fd)


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove temp files beside `path` left by a killed run (kill -9 runs no clean-up); never a live run's."""
    removed: list[Path] = []
    prefix = f".{path.name}.kcheck-"
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)):
            continue
        pid_text = name[len(prefix) :].partition(".")[0]
        if not pid_text.isdigit():
            continue
        temp = path.parent / name
        if _abandoned(temp, int(pid_text)):
            with contextlib.suppress(OSError):
                os.unlink(temp)
                removed.append(temp)
    return removed


def write_target(target: Target, text: str) -> None:
    """Write a whole text to a resolved target (reports, --fix)."""
    with open_target(target) as handle:
        handle.write(text)


def atomic_write(path: Path, text: str) -> None:
    """Write a regular file atomically (kcheck's own cache files), through links, keeping its mode."""
    try:
        existing: os.stat_result | None = os.stat(path)
    except OSError:
        existing = None
    with _replacing(Path(os.path.realpath(path)), str(path), existing) as handle:
        handle.write(text)
