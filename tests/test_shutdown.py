"""Real processes: SIGTERM, SIGINT and a SIGKILL of the parent leave no worker and no temp file behind (nor the
workers' output folder in TMPDIR)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

if sys.platform != "win32":
    import fcntl

import pytest

from kcheck.atomic import remove_stale_temps

LINUX = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process groups from /proc")


def _group(pgid: int) -> list[int]:
    """The live processes of a process group (zombies are dead)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[0] != "Z" and int(fields[2]) == pgid:
                members.append(int(entry.name))
    return members


def _gone(pgid: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _group(pgid):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    rows = "".join(f'p{i},"Vitamin K2 (MK-7) {45 + i % 900} mcg, D3 {i % 5000 + 1} IU"\n' for i in range(30000))
    (tmp_path / "big.csv").write_text("id,label\n" + rows)
    return tmp_path


def _start(folder: Path, *args: str, stdout: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    (folder / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "KCHECK_CACHE_DIR": str(folder / "cache"), "TMPDIR": str(folder / "tmp")}
    return subprocess.Popen(
        [sys.executable, "-m", "kcheck", "batch", "big.csv", "--jobs", "2", *args],
        cwd=folder,
        stdout=stdout,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the test finds every worker by it
        env=env,
    )


def _writing(folder: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p.stat().st_size > 300_000 for p in folder.glob(".out.json.*.tmp")):
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        time.sleep(0.05)
    assert len(_group(process.pid)) >= 3, "expected the parent and two workers"


@LINUX
@pytest.mark.parametrize(
    "signum", [pytest.param(signal.SIGTERM, id="sigterm"), pytest.param(signal.SIGINT, id="sigint")]
)
def test_a_handled_signal_stops_every_worker_and_removes_the_temp_file(inputs: Path, signum: int) -> None:
    process = _start(inputs, "--format", "json", "-o", "out.json")
    _writing(inputs, process)
    os.kill(process.pid, signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2 and b"interrupted" in err and b"Traceback" not in err
    assert _gone(process.pid), f"left running: {_group(process.pid)}"
    assert sorted(p.name for p in inputs.iterdir() if p.name not in ("cache", "tmp")) == ["big.csv"]
    assert list((inputs / "tmp").iterdir()) == []


@LINUX
def test_sigterm_closes_a_streamed_document(inputs: Path) -> None:
    """stdout is streamed, not replaced: after SIGTERM it holds a whole document that says it stopped."""
    out = inputs / "stdout.json"
    with out.open("wb") as handle:
        process = _start(inputs, "--format", "json", stdout=handle.fileno())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and out.stat().st_size < 300_000:  # past the regimen table
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGTERM)
        process.communicate(timeout=60)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert process.returncode == 2
    assert document["summary"]["complete"] is False and document["summary"]["stopped"] == "interrupted"
    assert len(document["rows"]) == document["summary"]["rows"] > 0
    assert _gone(process.pid)
    assert list((inputs / "tmp").iterdir()) == []


@LINUX
def test_sigkill_of_the_parent_then_one_more_run_leaves_nothing(inputs: Path) -> None:
    process = _start(inputs, "--format", "json", "-o", "out.json")
    _writing(inputs, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()  # type: ignore[union-attr]
    assert _gone(process.pid), f"workers outlived a killed parent: {_group(process.pid)}"
    assert list((inputs / "tmp").iterdir()) == [], "the workers remove their output folder when they leave"
    assert list(inputs.glob(".out.json.*.tmp")), "kill -9 runs no clean-up: the temp file is still there"
    small = inputs / "small.csv"
    small.write_text("id,label\n1,45 mcg MK-7\n")
    done = subprocess.run(
        [sys.executable, "-m", "kcheck", "batch", "small.csv", "--format", "json", "-o", "out.json"],
        cwd=inputs,
        capture_output=True,
        env={**os.environ, "KCHECK_CACHE_DIR": str(inputs / "cache")},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads((inputs / "out.json").read_text())["summary"]["rows"] == 1
    left = sorted(p.name for p in inputs.iterdir() if p.name not in ("cache", "tmp"))
    assert left == ["big.csv", "out.json", "small.csv"]


def test_a_live_runs_temp_file_is_never_removed(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    live = tmp_path / f".out.json.kcheck-{os.getpid()}.abc.tmp"
    live.write_text("a live run's partial output")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".out.json.kcheck-{int(dead.stdout)}.xyz.tmp"
    other = tmp_path / ".out.json.not-kcheck.tmp"
    with live.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        os.utime(live, (0, 0))  # old, but its lock is held and its PID alive
        assert remove_stale_temps(target) == []
        stale.write_text("left by a killed run")
        other.write_text("someone else's")
        assert remove_stale_temps(target) == [stale]
        assert live.exists() and other.exists()
    assert remove_stale_temps(target) == [live]  # the same PID, but no lock and old: a reused PID
