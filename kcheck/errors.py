"""kcheck's own error types: everything the core raises is one of these."""

from __future__ import annotations


class KcheckError(Exception):
    """Base class: the CLI turns any KcheckError into a message and exit code 2."""


class DataError(KcheckError):
    """A shipped or user-supplied data file is invalid; the message names file and key."""


class UnreadableLabel(KcheckError):
    """No dose could be read; `span` is where reading stopped (character offsets)."""

    def __init__(self, message: str, span: tuple[int, int]) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


class ArgumentError(KcheckError, ValueError):
    """The Python API's one error: a setting it cannot use or a label that is not a string; the message says which."""
