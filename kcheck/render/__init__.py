"""The one format registry: every output format of every command, a module each, imported on first use.

A format is one module plus one entry in FORMATS. The entry says which commands the module
serves and which function does it; click's choices, the configuration check and the README's
format table are all read from here, so a new format cannot be half added.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI reads the format names at start-up: --help must not load the reader with them
    from kcheck.report import Report

Renderer = Callable[["Report"], str]
COMMANDS = ("label", "regimens", "batch", "lint", "scan")


@dataclass(frozen=True)
class Format:
    """One output format: its name, what it is for, and per command the `module:attribute` that makes it.

    label and regimens take (what, registry, width, color) and return text; lint takes a whole Report;
    batch names a module with `render_rows` (run on chunks of rows, in workers too) and `Writer`;
    scan takes (scanned documents, registry).
    """

    name: str
    purpose: str
    targets: Mapping[str, str] = field(default_factory=dict)


FORMATS: tuple[Format, ...] = (
    Format(
        "text",
        "for people: the reading and the studies (label, regimens), one line per finding (lint, scan)",
        {
            "label": "kcheck.render.terminal:render_label",
            "regimens": "kcheck.render.terminal:render_regimens",
            "lint": "kcheck.render.text:render_text",
            "scan": "kcheck.render.scan:render_scan_text",
        },
    ),
    Format("table", "for people at a terminal: one line per row, at most 1,000 rows", {"batch": "kcheck.render.table"}),
    Format(
        "json",
        "one versioned document (schemas in kcheck/schemas)",
        {
            "label": "kcheck.render.json_:render_label_json",
            "regimens": "kcheck.render.json_:render_regimens_json",
            "batch": "kcheck.render.batch_json",
            "lint": "kcheck.render.findings:render_json",
            "scan": "kcheck.render.scan:render_scan_json",
        },
    ),
    Format(
        "jsonl",
        "one JSON document per line: a row (batch), a finding (lint), a claim (scan)",
        {
            "batch": "kcheck.render.jsonl",
            "lint": "kcheck.render.findings:render_jsonl",
            "scan": "kcheck.render.scan:render_scan_jsonl",
        },
    ),
    Format(
        "csv",
        "for spreadsheets: the input columns and kcheck's (batch), one line per finding (lint)",
        {"batch": "kcheck.render.batch_csv", "lint": "kcheck.render.csv_:render_csv"},
    ),
    Format(
        "github",
        "GitHub Actions annotations",
        {
            "batch": "kcheck.render.github",
            "lint": "kcheck.render.github:render_github",
            "scan": "kcheck.render.scan:render_scan_github",
        },
    ),
    Format(
        "sarif",
        "SARIF 2.1.0 for code scanning",
        {
            "batch": "kcheck.render.sarif",
            "lint": "kcheck.render.sarif:render_sarif",
            "scan": "kcheck.render.scan:render_scan_sarif",
        },
    ),
    Format(
        "junit",
        "JUnit XML for test dashboards",
        {"batch": "kcheck.render.junit", "lint": "kcheck.render.junit:render_junit"},
    ),
)
BY_NAME = {f.name: f for f in FORMATS}


def names(command: str) -> tuple[str, ...]:
    """The formats a command offers, in registry order (click.Choice and configuration read this)."""
    return tuple(f.name for f in FORMATS if command in f.targets)


def load(command: str, name: str) -> Any:
    """The function (or, for batch, the module) that makes format `name` for `command`."""
    module, _, attribute = BY_NAME[name].targets[command].partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


def format_table() -> str:
    """The README's table of formats, generated so that it cannot drift from the registry."""
    lines = ["| format | " + " | ".join(COMMANDS) + " | what it is for |", "| --- " * (len(COMMANDS) + 2) + "|"]
    for entry in FORMATS:
        marks = " | ".join("yes" if command in entry.targets else "" for command in COMMANDS)
        lines.append(f"| `{entry.name}` | {marks} | {entry.purpose} |")
    return "\n".join(lines) + "\n"


class _Renderers(Mapping[str, Renderer]):
    """lint's format name -> whole-report renderer, imported on first lookup."""

    def __getitem__(self, name: str) -> Renderer:
        if name not in self:
            raise KeyError(name)
        renderer: Renderer = load("lint", name)
        return renderer

    def __contains__(self, name: object) -> bool:
        return name in BY_NAME and "lint" in BY_NAME[str(name)].targets

    def __iter__(self) -> Iterator[str]:
        return iter(names("lint"))

    def __len__(self) -> int:
        return len(names("lint"))


REPORT_RENDERERS: Mapping[str, Renderer] = _Renderers()
