"""What every run of the real command must satisfy, shared by the hostile-input tests and the fuzz suite."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner, Result

from kcheck.cli import main

RAW_CONTROLS = ("\x1b", "\x07", "\u202e", "\x9b")


def invoke(args: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """The real `kcheck` command in-process: exit 0/1/2, a message with every exit 2, never a traceback."""
    result = CliRunner().invoke(main, args, input=stdin, env={"COLUMNS": "100", "NO_COLOR": "1", **(env or {})})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"kcheck {args!r} raised {result.exception!r}") from result.exception
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback (most recent call last)" not in result.output
    if result.exit_code == 2:
        assert result.stderr.strip() or result.stdout.strip(), f"exit 2 without a message: {args!r}"
    return result


def assert_machine_output(output_format: str, output: str) -> None:
    """No raw control or bidi character (CSV excepted); json and sarif parse, jsonl line by line, junit is XML."""
    if output_format != "csv":
        for char in RAW_CONTROLS:
            assert char not in output, (output_format, repr(char))
    if output_format in ("json", "sarif"):
        json.loads(output)
    elif output_format == "jsonl":
        for line in output.splitlines():
            json.loads(line)
    elif output_format == "junit":
        ET.fromstring(output.encode("utf-8"))
    elif output_format == "github":
        assert all(line.startswith("::") for line in output.splitlines()), output


def assert_golden(path: Path, output: str, update: bool) -> None:
    """The output is the golden file byte for byte (line ends included); `pytest --update-golden` rewrites it."""
    if update:
        path.write_bytes(output.encode("utf-8"))
    assert output == path.read_bytes().decode("utf-8"), f"{path.name} changed; rerun with --update-golden if intended"

