"""Atomic file writes: a temp file beside the target, renamed over it only when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


@contextlib.contextmanager
def atomic_open(path: Path) -> Iterator[TextIO]:
    """Yield a text handle; on success it replaces `path` (keeping its mode), on error nothing changes."""
    mode = None
    with contextlib.suppress(OSError):
        mode = path.stat().st_mode & 0o777
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temp = tempfile.mkstemp(dir=str(path.parent.resolve()), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def atomic_write(path: Path, text: str) -> None:
    """Write a whole text atomically (--fix, --output-format FMT=PATH)."""
    with atomic_open(path) as handle:
        handle.write(text)
