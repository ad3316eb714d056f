"""Renderers: one small module per output format, each a function of the whole report."""

from __future__ import annotations
