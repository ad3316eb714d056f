"""Fault suite: -o, --output-format and --fix against links, devices, FIFOs, owners, full disks and kills.

Each case really does the thing (a real symbolic link, a FIFO with a reader thread, /dev/full, a
64 KB tmpfs, SIGKILL of a running kcheck) in a real kcheck process, and asserts that no input
changed, no regular-file output is partial and no target changed kind. Cases that need root or
Linux devices skip, with the reason, elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "examples" / "catalogue"
CSV = "id,label\n" + "".join(f"p{i},Vitamin K2 (as menaquinone-7) {45 + i} mcg\n" for i in range(40))
FIXABLE = """\
version: 1
market: us
products:
  - id: p1
    name: P
    serving: 1 capsule
    ingredients:
      - Vitamin K2 (as menaquinone-7) 100µg
    warnings: ["Not with warfarin"]
    source: https://example.invalid
"""
ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (chown)")
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux devices and tmpfs")


def kcheck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    return subprocess.run(
        [sys.executable, "-m", "kcheck", *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def snapshot(folder: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every entry under a folder: its kind and its content (or link target)."""
    found: dict[str, tuple[str, bytes | str]] = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            found[path.name] = ("link", os.readlink(path))
        elif stat.S_ISREG(mode):
            found[path.name] = ("file", path.read_bytes())
        elif stat.S_ISFIFO(mode):
            found[path.name] = ("fifo", b"")
        elif stat.S_ISDIR(mode):
            found[path.name] = ("dir", b"")
    return found


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    (tmp_path / "in.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(FIXABLE, encoding="utf-8")
    return tmp_path


def assert_inputs_unchanged(folder: Path) -> None:
    assert (folder / "in.csv").read_text(encoding="utf-8") == CSV
    assert (folder / "c.yaml").read_text(encoding="utf-8") == FIXABLE


def assert_no_temp_files(folder: Path) -> None:
    assert not [p for p in folder.rglob(".*.tmp")], "a temporary file was left behind"


# ---------------------------------------------------------------- symbolic links


def test_output_through_a_symlink_writes_the_real_file(inputs: Path) -> None:
    (inputs / "real").mkdir()
    (inputs / "real" / "report.csv").write_text("stale\n")
    (inputs / "report.csv").symlink_to("real/report.csv")
    result = kcheck("batch", "in.csv", "--format", "csv", "-o", "report.csv", cwd=inputs)
    assert result.returncode == 0, result.stderr
    assert (inputs / "report.csv").is_symlink() and os.readlink(inputs / "report.csv") == "real/report.csv"
    assert (inputs / "real" / "report.csv").read_text().count("\n") == 41
    assert_inputs_unchanged(inputs)
    assert_no_temp_files(inputs)


def test_fix_through_a_symlink_fixes_the_real_file(inputs: Path) -> None:
    (inputs / "real.yaml").write_text(FIXABLE)
    (inputs / "link.yaml").symlink_to("real.yaml")
    result = kcheck("lint", "link.yaml", "--fix", "--isolated", cwd=inputs)
    assert result.returncode == 0, result.stderr
    assert (inputs / "link.yaml").is_symlink()
    assert "100 mcg" in (inputs / "real.yaml").read_text()
    assert_no_temp_files(inputs)


# ---------------------------------------------------------------- hard links


def test_hard_linked_targets_are_refused_and_others_still_written(inputs: Path) -> None:
    (inputs / "a.sarif").write_text("previous\n")
    os.link(inputs / "a.sarif", inputs / "b.sarif")
    result = kcheck(
        "lint", "c.yaml", "--isolated", "--output-format", "sarif=a.sarif", "--output-format", "json=r.json", cwd=inputs
    )
    assert result.returncode == 2
    assert "a.sarif: has 2 hard links" in result.stderr
    assert (inputs / "a.sarif").read_text() == (inputs / "b.sarif").read_text() == "previous\n"
    assert (inputs / "a.sarif").stat().st_nlink == 2
    assert '"findings"' in (inputs / "r.json").read_text()  # the other report is still written
    assert_inputs_unchanged(inputs)


def test_fix_refuses_a_hard_linked_catalogue_and_fixes_the_others(inputs: Path) -> None:
    os.link(inputs / "c.yaml", inputs / "twin.yaml")
    (inputs / "other.yaml").write_text(FIXABLE)
    result = kcheck("lint", "c.yaml", "other.yaml", "--fix", "--isolated", cwd=inputs)
    assert result.returncode == 2
    assert "not fixed: c.yaml: has 2 hard links" in result.stderr
    assert (inputs / "c.yaml").read_text() == FIXABLE and (inputs / "c.yaml").stat().st_nlink == 2
    assert "100 mcg" in (inputs / "other.yaml").read_text()
    assert "c.yaml:8:39: KC204" in result.stdout  # its findings are still reported


def test_batch_output_with_hard_links_is_refused(inputs: Path) -> None:
    (inputs / "out.csv").write_text("previous\n")
    os.link(inputs / "out.csv", inputs / "copy.csv")
    result = kcheck("batch", "in.csv", "--format", "csv", "-o", "out.csv", cwd=inputs)
    assert result.returncode == 2 and "out.csv: has 2 hard links" in result.stderr
    assert (inputs / "out.csv").read_text() == "previous\n"


# ---------------------------------------------------------------- an input as the target


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(
            ["lint", "c.yaml", "--isolated", "--output-format", "sarif=c.yaml"], id="lint-sarif-over-catalogue"
        ),
        pytest.param(["batch", "in.csv", "-o", "in.csv"], id="batch-output-over-input"),
        pytest.param(["batch", "in.csv", "-o", "alias.csv"], id="batch-output-over-input-via-link"),
    ],
)
def test_an_input_is_never_a_target(inputs: Path, args: list[str]) -> None:
    (inputs / "alias.csv").symlink_to("in.csv")
    before = snapshot(inputs)
    result = kcheck(*args, cwd=inputs)
    assert result.returncode == 2
    assert "is an input of this run" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(inputs) == before


# ---------------------------------------------------------------- FIFOs and devices


@LINUX
def test_fifo_with_a_reader_stays_a_fifo(inputs: Path) -> None:
    fifo = inputs / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    result = kcheck("batch", "in.csv", "--format", "csv", "-o", "pipe", cwd=inputs)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].decode().count("\n") == 41
    assert_inputs_unchanged(inputs)
    assert_no_temp_files(inputs)


@LINUX
def test_dev_null_stays_a_device(inputs: Path) -> None:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    before = os.stat("/dev/null")
    for args in (
        ["batch", "in.csv", "-o", "/dev/null"],
        ["lint", "c.yaml", "--isolated", "--output-format", "sarif=/dev/null"],
    ):
        result = kcheck(*args, cwd=inputs)
        assert result.returncode == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert_inputs_unchanged(inputs)


@LINUX
@pytest.mark.parametrize("stdout", ["pipe", "file"])
def test_dev_stdout_is_written_through(inputs: Path, stdout: str) -> None:
    if not os.path.exists("/dev/stdout"):
        pytest.skip("no /dev/stdout")
    kind = os.lstat("/dev/stdout").st_mode
    args = [sys.executable, "-m", "kcheck", "batch", "in.csv", "--format", "csv", "-o", "/dev/stdout"]
    if stdout == "pipe":
        result = subprocess.run(args, cwd=inputs, capture_output=True, text=True, check=False)
        written = result.stdout
    else:
        with open(inputs / "captured.csv", "w") as handle:
            result = subprocess.run(args, cwd=inputs, stdout=handle, stderr=subprocess.PIPE, text=True, check=False)
        written = (inputs / "captured.csv").read_text()
    assert result.returncode == 0, result.stderr
    assert written.count("\n") == 41
    assert os.lstat("/dev/stdout").st_mode == kind  # still the link it was
    assert_inputs_unchanged(inputs)
    assert_no_temp_files(inputs)


@LINUX
def test_dev_full_is_a_clear_error_and_stays_a_device(inputs: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    result = kcheck("batch", "in.csv", "--format", "csv", "-o", "/dev/full", cwd=inputs)
    assert result.returncode == 2
    assert "/dev/full: cannot write: no space left on device" in result.stderr and "Traceback" not in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert_inputs_unchanged(inputs)


@contextlib.contextmanager
def tiny_tmpfs(folder: Path) -> Iterator[Path]:
    """A 64 KB tmpfs at folder (root on Linux, where mounting is allowed); else skip."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root on Linux")
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_full_disk_leaves_the_previous_report(inputs: Path) -> None:
    big = "id,label\n" + "".join(f"p{i},Vitamin K2 (as menaquinone-7) {45 + i % 300} mcg\n" for i in range(800))
    (inputs / "big.csv").write_text(big)
    with tiny_tmpfs(inputs / "small") as small:
        (small / "out.jsonl").write_text("previous report\n")
        result = kcheck(
            "batch", "big.csv", "--format", "jsonl", "--jobs", "1", "-o", str(small / "out.jsonl"), cwd=inputs
        )
        assert result.returncode == 2
        assert f"{small / 'out.jsonl'}: cannot write: no space left on device" in result.stderr
        assert ".tmp" not in result.stderr
        assert (small / "out.jsonl").read_text() == "previous report\n"
        assert_no_temp_files(small)
    assert (inputs / "big.csv").read_text() == big


def test_read_only_folder_is_a_clear_error(inputs: Path) -> None:
    with tiny_tmpfs(inputs / "ro") as folder:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        result = kcheck("batch", "in.csv", "-o", str(folder / "out.csv"), cwd=inputs)
        assert result.returncode == 2
        assert f"{folder / 'out.csv'}: cannot write: read-only file system" in result.stderr
        assert ".tmp" not in result.stderr and not list(folder.iterdir())
    assert_inputs_unchanged(inputs)


def test_read_only_folder_for_an_unprivileged_user(inputs: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders (the tmpfs case covers root)")
    folder = inputs / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = kcheck("batch", "in.csv", "-o", "ro/out.csv", cwd=inputs)
        assert result.returncode == 2 and "ro/out.csv: cannot write: permission denied" in result.stderr
        assert not list(folder.iterdir())
    finally:
        folder.chmod(0o755)


# ---------------------------------------------------------------- owners and modes


@ROOT_ONLY
def test_fix_and_output_keep_owner_and_mode_as_root(inputs: Path) -> None:
    catalogue, report = inputs / "c.yaml", inputs / "report.csv"
    report.write_text("previous\n")
    for path in (catalogue, report):
        os.chown(path, 1234, 2345)
        path.chmod(0o640)
    assert kcheck("lint", "c.yaml", "--fix", "--isolated", cwd=inputs).returncode == 0
    assert kcheck("batch", "in.csv", "--format", "csv", "-o", "report.csv", cwd=inputs).returncode == 0
    assert "100 mcg" in catalogue.read_text() and report.read_text().count("\n") == 41
    for path in (catalogue, report):
        st = path.stat()
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 2345, 0o640)


# ---------------------------------------------------------------- errors name the user's path


@pytest.mark.parametrize(
    ("target", "message"),
    [
        pytest.param("outdir", "outdir: is a folder", id="folder"),
        pytest.param("missing/out.csv", "missing/out.csv: cannot write: the folder", id="missing-folder"),
    ],
)
def test_errors_name_the_given_path(inputs: Path, target: str, message: str) -> None:
    (inputs / "outdir").mkdir()
    for args in (
        ["batch", "in.csv", "-o", target],
        ["lint", "c.yaml", "--isolated", "--output-format", f"json={target}"],
    ):
        result = kcheck(*args, cwd=inputs)
        assert result.returncode == 2
        assert message in result.stderr and ".tmp" not in result.stderr and "Traceback" not in result.stderr
    assert_inputs_unchanged(inputs)
    assert sorted(p.name for p in inputs.iterdir()) == ["c.yaml", "in.csv", "outdir"]


def test_empty_output_path_is_a_usage_error(inputs: Path) -> None:
    result = kcheck("batch", "in.csv", "-o", "", cwd=inputs)
    assert result.returncode == 2 and "the output path is empty" in result.stderr
    assert sorted(p.name for p in inputs.iterdir()) == ["c.yaml", "in.csv"]


# ---------------------------------------------------------------- killed mid-write


@LINUX
def test_sigkill_mid_write_leaves_the_previous_report(inputs: Path) -> None:
    big = "id,label\n" + "".join(f"p{i},Vitamin K2 (as menaquinone-7) {45 + i % 900} mcg\n" for i in range(20000))
    (inputs / "big.csv").write_text(big)
    target = inputs / "out.jsonl"
    target.write_text("previous report\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "kcheck", "batch", "big.csv", "--format", "jsonl", "--jobs", "1", "-o", "out.jsonl"],
        cwd=inputs,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p.stat().st_size > 100_000 for p in inputs.glob(".out.jsonl.*.tmp")):
        time.sleep(0.05)  # wait until it is really writing
    assert process.poll() is None, "kcheck finished before it could be killed mid-write"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert target.read_text() == "previous report\n"  # never a partial report
    assert (inputs / "big.csv").read_text() == big
