"""The README's shown outputs are kcheck's real output: complete, or cut only where they say '...'."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GAP = "..."  # a line of its own: any lines; inside a line: the rest was cut


def shown_runs() -> list[tuple[str, str]]:
    """(command, shown output) for every `$ kcheck ...` (or `$ COLUMNS=60 kcheck ...`) in a ```text block."""
    runs = []
    for block in re.findall(r"```text\n(.*?)```", README, re.DOTALL):
        for part in re.split(r"^(?=\$ )", block, flags=re.MULTILINE):
            command, _, shown = part.partition("\n")
            if re.match(r"\$ (?:[A-Z_]+=\S+ )*kcheck ", command):
                runs.append((command[2:], shown.rstrip("\n") + "\n"))
    return runs


def pattern(shown: str) -> re.Pattern[str]:
    """What the shown text promises: exact lines, with '...' standing for what was left out."""
    parts = []
    for line in shown.splitlines():
        if line.strip() == GAP:
            parts.append(r"(?:.*\n)*?")
        else:
            parts.append(r"(?s:.*?)".join(re.escape(piece) for piece in line.split(GAP)) + r"\n")
    return re.compile("".join(parts))


def test_the_readme_shows_outputs() -> None:
    assert len(shown_runs()) >= 8


@pytest.mark.parametrize(("command", "shown"), shown_runs(), ids=[command for command, _ in shown_runs()])
def test_shown_output_is_real(command: str, shown: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    words = shlex.split(command)
    settings = dict(word.split("=", 1) for word in words[: words.index("kcheck")])
    args = words[words.index("kcheck") + 1 :]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "100", "NO_COLOR": "1", **settings})
    assert pattern(shown).fullmatch(result.output), f"{command}: shown output differs\n{result.output}"


@pytest.mark.parametrize(
    ("shown", "real", "matches"),
    [
        pytest.param("a\nb\n", "a\nb\n", True, id="complete"),
        pytest.param("a\n", "a\nb\n", False, id="cut-without-a-mark"),
        pytest.param("a\n...\n", "a\nb\nc\n", True, id="marked-gap"),
        pytest.param("a long ...\n", "a long line\n", True, id="marked-cut-line"),
        pytest.param("a\nc\n", "a\nb\nc\n", False, id="lines-left-out-silently"),
    ],
)
def test_pattern(shown: str, real: str, matches: bool) -> None:
    assert bool(pattern(shown).fullmatch(real)) is matches


def test_the_tour_says_how_to_run_kcheck_before_its_first_example() -> None:
    before = " ".join(README[: README.index("$ kcheck ")].split())
    assert ".venv/bin/activate" in before and ".venv/bin/kcheck" in before
    assert "kcheck label 45mcg MK-7" in before and "Got unexpected extra argument (MK-7)" in before
    assert 'kcheck label -- "- 45 mcg MK-7"' in before


@pytest.mark.parametrize(
    ("args", "exit_code", "says"),
    [
        pytest.param(["label", "45mcg", "MK-7"], 2, "Got unexpected extra argument (MK-7)", id="unquoted"),
        pytest.param(["label", "- 45 mcg MK-7"], 2, "No such option", id="leading-dash-without-double-dash"),
        pytest.param(["label", "--", "- 45 mcg MK-7"], 0, "Label: - 45 mcg MK-7", id="leading-dash-after-double-dash"),
    ],
)
def test_what_the_tour_says_about_arguments_is_true(args: list[str], exit_code: int, says: str) -> None:
    result = CliRunner().invoke(main, args, env={"COLUMNS": "100"})
    assert result.exit_code == exit_code and says in result.output


def test_benchmarks_are_a_table_of_what_how_and_figures() -> None:
    section = README[README.index("## Benchmarks") :]
    assert "| what is measured | how | figures |" in section
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) >= 4 and all("bench/" in row or "same script" in row for row in rows[1:])
    assert not re.search(r"\btargets?\b|not met|\bmissed\b", section)
