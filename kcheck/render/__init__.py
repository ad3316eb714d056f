"""Renderers: one small module per output format, each a function of the whole report.

The registry imports a renderer only when it is used, so `kcheck label` never pays for the
SARIF, JUnit or CSV modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from kcheck.report import Report

Renderer = Callable[[Report], str]


class _Renderers(Mapping[str, Renderer]):
    """Format name -> renderer, imported on first lookup."""

    def __init__(self, targets: dict[str, str]) -> None:
        self._targets = targets

    def __getitem__(self, name: str) -> Renderer:
        module, _, function = self._targets[name].partition(":")
        renderer: Renderer = getattr(importlib.import_module(module), function)
        return renderer

    def __contains__(self, name: object) -> bool:
        return name in self._targets

    def __iter__(self) -> Iterator[str]:
        return iter(self._targets)

    def __len__(self) -> int:
        return len(self._targets)


# Whole-report renderers (lint; batch reuses github/sarif/junit/json).
REPORT_RENDERERS: Mapping[str, Renderer] = _Renderers(
    {
        "text": "kcheck.render.text:render_text",
        "json": "kcheck.render.findings:render_json",
        "jsonl": "kcheck.render.findings:render_jsonl",
        "csv": "kcheck.render.csv_:render_csv",
        "github": "kcheck.render.github:render_github",
        "sarif": "kcheck.render.sarif:render_sarif",
        "junit": "kcheck.render.junit:render_junit",
    }
)
