"""Where output goes: devices, FIFOs and symlinks, permissions, full disks, signals, closed
pipes and stdout, and formats from extensions; no path but the one named, and never twice;
a read-only file, or another user's, not replaced."""

from __future__ import annotations

import ast
import contextlib
import errno
import glob
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from conftest import Run, revenue, shell

from dprk_ru.render import files
from dprk_ru.render.files import all_or_nothing, atomic_file, output_target

#: A path as os.rename and os.replace take it.
FsPath = str | os.PathLike[str]


ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}


def names(folder: Path) -> list[str]:
    """The entries of ``folder``, hidden temporary files included, sorted."""
    return sorted(p.name for p in folder.iterdir())


def run_to(stdout: int, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``python -m dprk_ru ARGS`` with its stdout on the descriptor ``stdout``."""
    return subprocess.run([sys.executable, "-m", "dprk_ru", *args], stdout=stdout,
                          stderr=subprocess.PIPE, env=ENV, timeout=120)  # fmt: skip


root_only = pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")


def _read_fifo(fifo: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as f:
            into.append(f.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


class _Full:
    """A file whose writes fail with ENOSPC once ``room`` bytes (or characters) are written."""

    def __init__(self, real: IO[Any], room: int) -> None:
        self.real, self.room = real, room

    def write(self, data: str | bytes) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.real.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> _Full:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


@pytest.fixture
def disk_fills(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Files the CLI opens (through ``os.fdopen``) fail with ENOSPC after ``room`` bytes."""

    def install(room: int) -> None:
        real = os.fdopen

        def fdopen(fd: int, *args: Any, **kwargs: Any) -> _Full:
            return _Full(real(fd, *args, **kwargs), room)

        monkeypatch.setattr("dprk_ru.render.files.os.fdopen", fdopen)

    return install


OLD_TREE = {"b.md": b"old brief\n", "b_files/histogram.svg": b"old histogram",
            "b_files/timeline.svg": b"old timeline", "b_files/tornado.png": b"old png"}  # fmt: skip


NEW_CHARTS = {"histogram.svg": "new histogram", "tornado.svg": "new tornado"}


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder``, hidden ones included: a file's bytes, None for a folder."""
    out: dict[str, bytes | None] = {}
    for p in sorted(folder.rglob("*")):
        out[p.relative_to(folder).as_posix()] = None if p.is_dir() else p.read_bytes()
    return out


def plant(folder: Path, entries: dict[str, bytes]) -> dict[str, bytes | None]:
    for name, content in entries.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return tree(folder)


def write_brief(tmp_path: Path, inside: bool, charts: dict[str, str] = NEW_CHARTS) -> None:
    """`write_with_folder` as `report -o b.md` calls it, alone or in an all_or_nothing block."""
    from dprk_ru.render.report import CHART_FILES

    with contextlib.ExitStack() as stack:
        if inside:
            stack.enter_context(all_or_nothing())
        files.write_with_folder(tmp_path / "b.md", "new brief\n", tmp_path / "b_files", charts,
                                CHART_FILES)  # fmt: skip


def _foreign(folder: Path, kind: str) -> str:
    """Put something the tool did not write in ``folder``; what an error should name."""
    if kind == "folder-named-like-a-chart":
        (folder / "histogram.svg").mkdir()
        (folder / "histogram.svg" / "thesis.docx").write_bytes(b"thesis")
        return "histogram.svg/"
    if kind == "symlink":
        (folder / "tornado.svg").symlink_to(folder.parent / "elsewhere.svg")
        return "tornado.svg"
    name = {"other-extension": "histogram.pdf", "hidden": ".histogram.svg"}[kind]
    (folder / name).write_bytes(b"mine")
    return name


PIPE_MATRIX = """
import os, sys
from dprk_ru.cli import app
runs = {runs!r}
codes = {{}}
for name, args in runs.items():
    for fmt in ("table", "csv", "json", "jsonl", "markdown", "xlsx"):
        r, w = os.pipe()
        os.close(r)  # the reader has gone before anything is written
        saved = os.dup(1)
        os.dup2(w, 1)
        os.close(w)
        sys.stdout = open(1, "w", closefd=False)
        try:
            app([*args, "-f", fmt])
        except SystemExit as e:
            codes[name, fmt] = e.code
        try:  # drop what a failed flush left buffered, while fd 1 is not the real stdout
            sys.stdout.close()
        except OSError:
            pass
        os.dup2(saved, 1)
        os.close(saved)
sys.stdout = open(1, "w", closefd=False)
print(codes)
"""


PIPE_RUNS = {
    "estimate": ["estimate", "--scenario", "kursk-plus-shoigu"],
    "sweep": ["sweep", "--troops", "1:300:1"],
    "compare": ["compare"],
    "solve": ["solve", "--for", "troops", "--target", "2.6B"],
    "simulate": ["simulate", "--troops", "8000 to 12000", "--seed", "1", "--samples", "100"],
    "sensitivity": ["sensitivity", "--troops", "8000 to 12000"],
    "timeline": ["timeline", "--from", "2024-11", "--to", "2025-12"],  # no projection note
    "sources": ["sources"],
    "published": ["published"],
    "scenarios": ["scenarios"],
}


@root_only
def test_devices_are_written_through(tmp_path: Path) -> None:
    """A device is written through, never replaced: a null device swallows the CSV (exit 0)
    and a full one (as /dev/full) gives one line and exit 1; both stay devices. The nodes
    are made in a scratch folder, so a regression cannot replace the system's own."""
    null, full = tmp_path / "null", tmp_path / "full"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    r = revenue("estimate", "-o", str(null))
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    r = revenue("sweep", "--troops", "1:100000:1", "-o", str(full))
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == f"Error: --output: cannot write {str(full)!r}: No space left on device\n"
    r = revenue("simulate", "--troops", "8000 to 12000", "--seed", "1", "--samples", "100",
                "--samples-out", str(null), "-o", str(null))  # fmt: skip
    assert r.returncode == 0 and r.stderr == ""
    assert stat.S_ISCHR(null.stat().st_mode) and stat.S_ISCHR(full.stat().st_mode)
    assert names(tmp_path) == ["full", "null"]


@pytest.mark.parametrize("fmt", [None, "json"])
def test_fifo_is_written_through(tmp_path: Path, fmt: str | None) -> None:
    """A FIFO gets the data in the format --format names, or CSV when auto picks (a FIFO is
    no terminal and has no extension to follow); no temporary file, and it stays a FIFO."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    r = revenue("estimate", "--monthly-pay", "1999.99", "-o", str(fifo),
                *(["-f", fmt] if fmt else []))  # fmt: skip
    reader.join(10)
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""
    expected = revenue("estimate", "--monthly-pay", "1999.99", "-f", fmt or "csv").stdout
    assert got == [expected.encode()]
    assert b"259998800" in got[0]
    assert stat.S_ISFIFO(fifo.stat().st_mode) and names(tmp_path) == ["fifo"]


def test_stdout_by_name_is_written_through(tmp_path: Path) -> None:
    """A link to /proc/self/fd/1 (what /dev/stdout is) writes through our stdout: the data
    lands after what is already in a file opened for appending, and the link stays; `-o -`
    is stdout too. (A link in a scratch folder, so a regression cannot replace /dev/stdout.)"""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc/self/fd")
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    log = tmp_path / "log.csv"
    log.write_text("before\n")
    with open(log, "ab") as f:
        r = run_to(f.fileno(), "estimate", "-o", str(link))
    assert r.returncode == 0 and r.stderr == b""
    csv_text = revenue("estimate", "-f", "csv").stdout
    assert log.read_text() == "before\n" + csv_text
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    dash = revenue("estimate", "-o", "-")
    assert dash.returncode == 0 and dash.stdout == csv_text


def test_samples_out_to_stdout_link(tmp_path: Path) -> None:
    """`simulate --samples-out /dev/stdout -o FILE` (here a link to /proc/self/fd/1): the draws
    go to stdout and the summary to the file; the draws and the summary cannot both take
    stdout (exit 2)."""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc/self/fd")
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    summary = tmp_path / "summary.csv"
    args = ["simulate", "--troops", "8000 to 12000", "--seed", "1", "--samples", "5"]
    r = revenue(*args, "--samples-out", str(link), "-o", str(summary))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 6 and lines[0].startswith("sample,troops,")
    assert summary.read_text().startswith("troops,monthly_pay_usd")
    r = revenue(*args, "--samples-out", "-")
    assert r.returncode == 2 and r.stdout == ""
    assert (
        r.stderr == "Error: --samples-out: stdout already takes the summary; give --output FILE\n"
    )


def test_symlinked_file_is_replaced_and_link_kept(tmp_path: Path) -> None:
    """A regular file reached through two symlinks is replaced atomically; the links stay
    links, the target keeps its 0600 mode, and no temporary file is left beside it."""
    real = tmp_path / "real"
    real.mkdir()
    target = real / "target.csv"
    target.write_text("old\n")
    target.chmod(0o600)
    (tmp_path / "hop.csv").symlink_to(target)
    link = tmp_path / "link.csv"
    link.symlink_to("hop.csv")
    r = revenue("estimate", "--troops", "5", "-o", str(link))
    assert r.returncode == 0 and r.stderr == ""
    assert link.is_symlink() and (tmp_path / "hop.csv").is_symlink()
    assert target.read_text().splitlines()[1].startswith("5,2000,12,2000,1,120000,10000,130000")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert names(real) == ["target.csv"]


def test_permissions_kept_or_from_umask(tmp_path: Path) -> None:
    """An existing file keeps its permission bits (0640 stays 0640); a new data file or chart
    gets 0666 less the umask (0600 under umask 077, 0640 under 027), not a fixed 0644."""
    existing = tmp_path / "keep.csv"
    existing.write_text("old\n")
    existing.chmod(0o640)
    old = os.umask(0o077)
    try:
        r = revenue("estimate", "-o", str(existing))
        r2 = revenue("estimate", "-o", str(tmp_path / "new.csv"))
    finally:
        os.umask(old)
    assert r.returncode == r2.returncode == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o600
    pytest.importorskip("matplotlib")
    old = os.umask(0o027)
    try:
        r = revenue("compare", "--plot", str(tmp_path / "c.png"), "-o", str(tmp_path / "c.csv"))
    finally:
        os.umask(old)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE((tmp_path / "c.png").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "c.csv").stat().st_mode) == 0o640


@pytest.mark.parametrize(
    ("args", "option"),
    [(["estimate", "-o"], "--output"), (["compare", "--plot"], "--plot"),
     (["simulate", "--troops", "1 to 2", "--samples-out"], "--samples-out")],
)  # fmt: skip
def test_directory_refused_before_work(
    run: Run, tmp_path: Path, args: list[str], option: str
) -> None:
    """A directory given as a file (even one named like a chart) is exit 2, one line naming
    the option, before anything is computed or written."""
    folder = tmp_path / "out.png"
    folder.mkdir()
    r = run(*args, str(folder))
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == f"Error: {option}: {str(folder)!r} is a directory; give a file name\n"
    assert names(tmp_path) == ["out.png"] and names(folder) == []


def test_paths_checked_before_work(run: Run, tmp_path: Path) -> None:
    """A bad --output is refused before the chart is drawn: nothing is written at all; a
    missing folder is exit 1 naming the option."""
    r = run("compare", "--plot", str(tmp_path / "c.png"), "-o", str(tmp_path / "c.txt"))
    assert r.exit_code == 2 and "--output" in r.stderr
    r = run("compare", "--plot", str(tmp_path / "no" / "c.png"))
    assert r.exit_code == 1
    assert r.stderr == (f"Error: --plot: cannot write {str(tmp_path / 'no' / 'c.png')!r}: "
                        "No such file or directory\n")  # fmt: skip
    assert names(tmp_path) == []


@pytest.mark.parametrize("fmt", ["csv", "json", "table", "xlsx"])
def test_stdout_on_a_full_disk(fmt: str) -> None:
    """`revenue estimate > /dev/full`: one line, exit 1, no traceback, in every format."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    r = shell(f"revenue estimate -f {fmt} > /dev/full")
    assert r.returncode == 1
    assert r.stderr == "Error: cannot write to stdout: No space left on device\n"


def test_full_disk_keeps_the_old_file(
    run: Run, tmp_path: Path, disk_fills: Callable[[int], None]
) -> None:
    """`sweep -o out.csv` on a full filesystem (ENOSPC after 64 KiB): one line naming --output,
    exit 1, the old file as it was and no temporary file."""
    out = tmp_path / "out.csv"
    out.write_text("precious\n")
    disk_fills(65536)
    r = run("sweep", "--troops", "1:100000:1", "-o", str(out))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == f"Error: --output: cannot write {str(out)!r}: No space left on device\n"
    assert out.read_text() == "precious\n" and names(tmp_path) == ["out.csv"]


def test_failing_run_leaves_no_files(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the last output fails, the chart and the samples written before it are removed
    too (their renames wait for the whole run); an existing chart is left as it was."""
    pytest.importorskip("matplotlib")
    chart, draws, out = tmp_path / "h.png", tmp_path / "draws.csv", tmp_path / "out.csv"
    chart.write_bytes(b"old chart")
    real = os.fdopen
    opened: list[int] = []

    def fdopen(
        fd: int, *args: Any, **kwargs: Any
    ) -> IO[Any] | _Full:  # the third file opened (the summary) fills the disk
        opened.append(fd)
        f = real(fd, *args, **kwargs)
        return _Full(f, 10) if len(opened) == 3 else f

    monkeypatch.setattr("dprk_ru.render.files.os.fdopen", fdopen)
    r = run("simulate", "--troops", "8000 to 12000", "--seed", "1", "--samples", "500",
            "--plot", str(chart), "--samples-out", str(draws), "-o", str(out))  # fmt: skip
    assert len(opened) == 3
    assert r.exit_code == 1 and "No space left on device" in r.stderr
    assert names(tmp_path) == ["h.png"] and chart.read_bytes() == b"old chart"


def test_all_or_nothing_unit(tmp_path: Path) -> None:
    """Inside all_or_nothing, files appear only when the block ends well; on an error, none."""
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    with pytest.raises(RuntimeError), all_or_nothing():
        with atomic_file(a, "--output") as f:
            f.write("a\n")
        assert names(tmp_path)[0].startswith(".a.csv.")  # written, not yet renamed
        raise RuntimeError
    assert names(tmp_path) == []
    with all_or_nothing():
        for p in (a, b):
            with atomic_file(p, "--output") as f:
                f.write("x\n")
        assert not a.exists()
    assert names(tmp_path) == ["a.csv", "b.csv"] and a.read_text() == "x\n"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_signal_removes_the_temporary_file(tmp_path: Path, signum: int) -> None:
    """SIGINT, SIGTERM or SIGHUP during `sweep --troops 0:9999999:1 -o big.csv`: the exit
    code is 128 + the signal and no `.big.csv.*.tmp` is left (nor a big.csv)."""
    command = [sys.executable, "-m", "dprk_ru", "sweep", "--troops", "0:9999999:1", "-o", "big.csv"]
    p = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE, env=ENV)
    deadline = time.monotonic() + 60
    while not glob.glob(str(tmp_path / ".big.csv.*.tmp")) and p.poll() is None:
        assert time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.01)
    p.send_signal(signum)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 128 + signum, err
    assert err == b""
    assert names(tmp_path) == []


@pytest.mark.parametrize("inside", [False, True], ids=["alone", "all_or_nothing"])
def test_brief_and_folder_replaced_together(tmp_path: Path, inside: bool) -> None:
    """Success: the new brief and exactly the new charts (the stale timeline.svg and a PNG
    by a chart's name gone), no temporary or set-aside names; no charts: the folder goes,
    the brief stays alone."""
    plant(tmp_path, OLD_TREE)
    write_brief(tmp_path, inside)
    assert tree(tmp_path) == {"b.md": b"new brief\n", "b_files": None,
                              "b_files/histogram.svg": b"new histogram",
                              "b_files/tornado.svg": b"new tornado"}  # fmt: skip
    write_brief(tmp_path, inside, charts={})
    assert tree(tmp_path) == {"b.md": b"new brief\n"}
    write_brief(tmp_path, inside)  # a folder where there was none
    assert sorted(tree(tmp_path)) == ["b.md", "b_files", "b_files/histogram.svg",
                                      "b_files/tornado.svg"]  # fmt: skip


@pytest.mark.parametrize("inside", [False, True], ids=["alone", "all_or_nothing"])
@pytest.mark.parametrize("step", ["folder", "brief"])
def test_failure_between_the_steps_rolls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inside: bool, step: str
) -> None:
    """A failure after the old folder is set aside (putting the new one in place), or after
    the new folder is in place (renaming the brief): the old brief and the old folder are
    back, byte for byte, and no temporary, staging or set-aside name is left."""
    from dprk_ru.errors import OutputError

    before = plant(tmp_path, OLD_TREE)
    real_rename, real_replace = os.rename, os.replace
    seen: list[str] = []

    def rename(
        src: FsPath, dst: FsPath
    ) -> None:  # the new folder's rename into place fails (not the old one's back)
        if step == "folder" and Path(dst) == tmp_path / "b_files" and str(src).endswith(".tmp"):
            assert not (tmp_path / "b_files").exists()  # the old one is aside already
            seen.append("folder")
            raise OSError(errno.EIO, "Input/output error")
        return real_rename(src, dst)

    def replace(
        src: FsPath, dst: FsPath
    ) -> None:  # the brief's rename fails, the new folder in its place
        if step == "brief" and Path(dst) == tmp_path / "b.md":
            assert (tmp_path / "b_files" / "tornado.svg").read_bytes() == b"new tornado"
            seen.append("brief")
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr("dprk_ru.render.files.os.rename", rename)
    monkeypatch.setattr("dprk_ru.render.files.os.replace", replace)
    what = str(tmp_path / ("b_files" if step == "folder" else "b.md"))
    with pytest.raises(OutputError, match=f"--output: cannot write {what!r}: Input/output error"):
        write_brief(tmp_path, inside)
    assert seen == [step]
    assert tree(tmp_path) == before


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("inside", [False, True], ids=["alone", "all_or_nothing"])
def test_signal_between_the_steps_rolls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inside: bool, signum: int
) -> None:
    """A signal that arrives once the new folder is in place, before the brief is renamed:
    both are put back as they were, then the signal reaches its handler (here one that
    raises, as the CLI's does)."""

    class Stopped(Exception):
        pass

    def stop(signo: int, _frame: object) -> None:
        raise Stopped(signo)

    before = plant(tmp_path, OLD_TREE)
    real_rename = os.rename
    sent: list[int] = []

    def rename(src: FsPath, dst: FsPath) -> None:
        real_rename(src, dst)
        if Path(dst) == tmp_path / "b_files" and not sent:  # the new folder is in place
            sent.append(signum)
            os.kill(os.getpid(), signum)

    monkeypatch.setattr("dprk_ru.render.files.os.rename", rename)
    previous = signal.signal(signum, stop)
    try:
        with pytest.raises(Stopped) as e:
            write_brief(tmp_path, inside)
    finally:
        signal.signal(signum, previous)
    assert sent == [signum] and e.value.args == (signum,)
    assert tree(tmp_path) == before


def test_what_a_kill_between_the_renames_would_leave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window README documents for `kill -9`: between the renames the old folder is
    whole under `.b_files.*.old` (what to rename back), beside the temporary names."""
    import re

    plant(tmp_path, OLD_TREE)
    real_rename = os.rename
    seen: list[dict[str, bytes | None]] = []

    def rename(src: FsPath, dst: FsPath) -> None:
        if Path(dst) == tmp_path / "b_files" and not seen:  # about to put the new one in
            seen.append(tree(tmp_path))
        return real_rename(src, dst)

    monkeypatch.setattr("dprk_ru.render.files.os.rename", rename)
    write_brief(tmp_path, inside=False)
    [at_kill] = seen
    pattern = r"\.b\.md\.\w{8}\.tmp|\.b_files\.\w{8}\.(old|tmp)(/.*)?|b\.md"
    assert all(re.fullmatch(pattern, name) for name in at_kill), at_kill
    aside = {n.partition("/")[2]: data for n, data in at_kill.items() if ".old/" in n}
    old = {k.removeprefix("b_files/"): v for k, v in OLD_TREE.items() if k != "b.md"}
    assert aside == old and at_kill["b.md"] == b"old brief\n"


def test_report_failure_between_the_steps_keeps_the_old_brief(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report -o b.md` twice, the second failing when its brief is renamed (its new folder
    in place): exit 1 naming the brief, the first run's brief and charts intact."""
    pytest.importorskip("jinja2")
    pytest.importorskip("matplotlib")
    md = tmp_path / "b.md"
    args = ("report", "--troops", "8000 to 12000", "--samples", "300", "-o", str(md))
    assert run(*args).exit_code == 0
    before = tree(tmp_path)
    assert sorted(before) == ["b.md", "b_files", "b_files/histogram.svg", "b_files/tornado.svg"]
    real_replace = os.replace

    def replace(src: FsPath, dst: FsPath) -> None:
        if Path(dst) == md:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr("dprk_ru.render.files.os.replace", replace)
    r = run(*args[:-2], "--seed", "2", "-o", str(md))
    assert r.exit_code == 1
    assert r.stderr == f"Error: --output: cannot write {str(md)!r}: No space left on device\n"
    assert tree(tmp_path) == before


@pytest.mark.parametrize("kind", ["folder-named-like-a-chart", "symlink", "other-extension",
                                  "hidden"])  # fmt: skip
def test_chart_folder_holds_only_our_charts(run: Run, tmp_path: Path, kind: str) -> None:
    """`report -o v.md` where v_files/ holds anything but regular .svg/.png files by a chart's
    name: exit 1 naming the entry, before any work, and nothing written or deleted."""
    (tmp_path / "elsewhere.svg").write_bytes(b"not in the folder")
    plant(tmp_path, {"v.md": b"old brief\n", "v_files/histogram.png": b"old png"})
    named = _foreign(tmp_path / "v_files", kind)
    before = tree(tmp_path)
    r = run("report", "--troops", "9000", "-o", str(tmp_path / "v.md"))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        f"Error: --output: {str(tmp_path / 'v_files')!r} holds what revenue did not write "
        f"({named}); move it or give --output another name\n"
    )
    assert tree(tmp_path) == before


def test_chart_folder_rule_unit(tmp_path: Path) -> None:
    """check_folder: regular files by a replaceable name pass (any of .svg, .png); more than
    three foreign entries are named three and counted as "..."; a file in the folder's
    place is exit 2; write_with_folder refuses a foreign entry and deletes nothing."""
    from dprk_ru.errors import InputError, OutputError
    from dprk_ru.render.report import CHART_FILES

    folder = tmp_path / "v_files"
    plant(tmp_path, {f"v_files/{n}": b"ours" for n in CHART_FILES})
    files.check_folder(folder, CHART_FILES)
    plant(tmp_path, {f"v_files/{n}": b"x" for n in ("a", "b", "c", "d")})
    with pytest.raises(OutputError, match=r"\(a, b, c, \.\.\.\); move it"):
        files.check_folder(folder, CHART_FILES)
    before = tree(tmp_path)
    with pytest.raises(OutputError, match=r"\(a, b, c, \.\.\.\)"):
        files.write_with_folder(tmp_path / "v.md", "brief", folder, NEW_CHARTS, CHART_FILES)
    assert tree(tmp_path) == before
    (tmp_path / "w_files").write_text("a file")
    with pytest.raises(InputError, match="w_files' exists and is not a folder"):
        files.check_folder(tmp_path / "w_files", CHART_FILES)


def test_long_brief_names_fit(tmp_path: Path) -> None:
    """A brief whose folder's name is near the file system's limit is written, and replaced:
    the staging and set-aside names are cut to fit, as the temporary file's are."""
    from dprk_ru.render.report import CHART_FILES

    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    stem = "é" * ((limit - len("_files")) // 2)  # two bytes each: the folder's name fits
    brief, folder = tmp_path / f"{stem}.md", tmp_path / f"{stem}_files"
    for text in ("first", "second"):
        files.write_with_folder(brief, text, folder, NEW_CHARTS, CHART_FILES)
    assert brief.read_text() == "second" and names(tmp_path) == sorted([brief.name, folder.name])
    assert names(folder) == ["histogram.svg", "tornado.svg"]


def test_closed_pipe_is_141_in_every_format_and_command() -> None:
    """Every command in every format, its stdout a pipe whose reader has already gone,
    exits 141 and says nothing (`published -f table | head -c1` used to exit 1)."""
    code = PIPE_MATRIX.format(runs=PIPE_RUNS)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV,
                       timeout=300)  # fmt: skip
    assert r.returncode == 0 and r.stderr == "", r.stderr
    codes = ast.literal_eval(r.stdout)
    assert len(codes) == 60 and set(codes.values()) == {141}, codes


def test_closed_pipe_shell_and_version() -> None:
    """`revenue published -f table | head -c1`; `scenarios show`, `--version` and `explain`
    into a closed pipe: exit 141, nothing on stderr."""
    r = shell('revenue published -f table | head -c1 >/dev/null; echo "rc=${PIPESTATUS[0]}" >&2')
    assert r.stderr.strip() in ("rc=0", "rc=141"), r.stderr
    for args in (["scenarios", "show", "kursk-2024"], ["--version"], ["explain"],
                 ["explain", "-f", "json"]):  # fmt: skip
        r_fd, w_fd = os.pipe()
        os.close(r_fd)
        p = run_to(w_fd, *args)
        os.close(w_fd)
        assert (p.returncode, p.stderr) == (141, b""), args


def test_closed_stdout() -> None:
    """`revenue estimate >&-`: one line, exit 1, before any work (as cat and ls fail on a
    closed stdout); with -o FILE the same run works and writes only the file."""
    r = shell("revenue estimate >&-")
    assert r.returncode == 1
    assert r.stderr == "Error: cannot write to stdout: it is closed (give --output FILE)\n"
    r = shell('cd "$(mktemp -d)" && revenue estimate -o e.csv >&- && cat e.csv && rm -r $PWD')
    assert r.returncode == 0 and r.stdout.startswith("troops,") and r.stderr == ""


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("o.csv", "csv"), ("o.json", "json"), ("o.jsonl", "jsonl"), ("o.md", "markdown"),
     ("O.CSV", "csv"), ("o.JSON", "json")],
)  # fmt: skip
def test_format_follows_extension(run: Run, tmp_path: Path, name: str, fmt: str) -> None:
    """Without --format, -o's extension picks the format (any case): the file holds what
    --format prints to stdout."""
    r = run("compare", "-o", str(tmp_path / name))
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""
    assert (tmp_path / name).read_text() == run("compare", "-f", fmt).stdout


@pytest.mark.parametrize("name", ["grid.txt", "grid", "grid.csv.bak", "grid.xls"])
def test_unknown_extension_refused(run: Run, tmp_path: Path, name: str) -> None:
    """An unknown extension (or none) on a file path without --format is exit 2 naming
    --output and the known extensions, before any work; with --format it is written."""
    path = str(tmp_path / name)
    r = run("sweep", "--troops", "1:3:1", "-o", path)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (f"Error: --output: cannot tell the format from {path!r}; end the name "
                        "in .csv, .json, .jsonl, .md or .xlsx, or give --format\n")  # fmt: skip
    assert names(tmp_path) == []
    r = run("sweep", "--troops", "1:3:1", "-o", path, "-f", "jsonl")
    assert r.exit_code == 0 and len((tmp_path / name).read_text().splitlines()) == 3


def test_extension_not_needed_for_toml_or_streams(run: Run, tmp_path: Path) -> None:
    """`scenarios show -o x.toml` has no format to pick: any name is fine."""
    r = run("scenarios", "show", "kursk-2024", "-o", str(tmp_path / "mine.toml"))
    assert r.exit_code == 0 and 'name = "kursk-2024"' in (tmp_path / "mine.toml").read_text()


def test_output_target_kinds(tmp_path: Path) -> None:
    """output_target tells stdout, files (new, existing, behind a link) and streams apart."""
    assert output_target(None).kind == output_target("-").kind == "stdout"
    assert output_target(tmp_path / "new.csv").kind == "file"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert output_target(fifo).kind == "stream"
    (tmp_path / "link").symlink_to(fifo)
    assert output_target(tmp_path / "link").path == str(fifo)
    if os.path.isdir("/proc/self/fd"):
        assert output_target("/dev/stdout").kind in ("fd", "stdout")


def test_output_target_refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused before any work: an empty name or one ending in / (exit 2), a symlink loop and
    a descriptor that is not open (exit 1), and stdout when it is closed (exit 1)."""
    from dprk_ru.errors import InputError, OutputError

    for bad in ("", " ", "dir/"):
        with pytest.raises(InputError, match=f"--output: expected a file name, got {bad!r}"):
            output_target(bad)
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(OutputError, match="too many levels of symbolic links"):
        output_target(tmp_path / "a", "--plot")
    if os.path.isdir("/proc/self/fd"):
        with pytest.raises(OutputError, match="Bad file descriptor"):
            output_target("/proc/self/fd/987")
    monkeypatch.setattr(sys, "stdout", None)
    for path in (None, "-"):
        with pytest.raises(OutputError, match=r"stdout: it is closed \(give --output FILE\)"):
            output_target(path)


def test_streams_in_process(tmp_path: Path) -> None:
    """In-process: a FIFO is opened and written as it is, a descriptor named by /dev/fd/N is
    written through a copy of it, and a write error on a stream names the path."""
    from dprk_ru.errors import OutputError

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    with atomic_file(fifo, "--output") as f:
        f.write("through\n")
    reader.join(10)
    assert got == [b"through\n"] and names(tmp_path) == ["fifo"]
    if os.path.isdir("/dev/fd"):
        r, w = os.pipe()
        with atomic_file(f"/dev/fd/{w}", "--output", binary=True) as f:
            f.write(b"by number\n")
        os.close(w)
        assert os.read(r, 100) == b"by number\n"
        os.close(r)
    if os.path.exists("/dev/full"):
        target = output_target("/dev/full")
        assert target.kind == "stream"
        with pytest.raises(OutputError, match="'/dev/full': No space left on device"):
            with target.open() as f:
                f.write("x" * 100_000)


MINE = 'name = "mine"\n[[contingents]]\ntroops = 1000\n'


def test_chart_folder_replaces_only_charts(run: Run, tmp_path: Path) -> None:
    """A folder named like a chart inside the brief's folder is not the tool's: exit 1
    naming it, and nothing in it is deleted."""
    folder = tmp_path / "v_files" / "histogram.svg"
    folder.mkdir(parents=True)
    (folder / "thesis.docx").write_text("keep")
    r = run("report", "-o", str(tmp_path / "v.md"))
    assert r.exit_code == 1 and "histogram.svg" in r.stderr
    assert (folder / "thesis.docx").read_text() == "keep"
    assert not (tmp_path / "v.md").exists()


def test_an_input_inside_the_brief_folder_is_not_replaced(run: Run, tmp_path: Path) -> None:
    """A scenario file kept in the brief's chart folder under a chart's name would be
    replaced by the chart: exit 2 naming both, the file untouched."""
    folder = tmp_path / "mm_files"
    folder.mkdir()
    scenario = folder / "histogram.svg"
    scenario.write_text(MINE)
    r = run("report", "-s", str(scenario), "--monthly-pay", "1 to 2", "-n", "100",
            "-o", str(tmp_path / "mm.md"))  # fmt: skip
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith(f"Error: --scenario: {str(scenario)!r} is inside")
    assert "the chart folder --output replaces" in r.stderr
    assert scenario.read_text() == MINE and not (tmp_path / "mm.md").exists()


def test_a_read_only_chart_in_the_folder_is_refused(run: Run, tmp_path: Path) -> None:
    """A chart made read-only in the brief's folder is refused as -o refuses a read-only
    file (exit 1), and left as it is."""
    brief = tmp_path / "w.md"
    spread = ("--monthly-pay", "1500 to 2500", "-n", "200")
    assert run("report", *spread, "-o", str(brief)).exit_code == 0
    chart = next((tmp_path / "w_files").iterdir())
    before = chart.read_bytes()
    chart.chmod(0o444)
    r = run("report", *spread, "--troops", "12000", "-o", str(brief))
    assert r.exit_code == 1 and "is read-only, and the brief would replace it" in r.stderr
    assert chart.read_bytes() == before


def test_hard_links_are_the_same_file(run: Run, tmp_path: Path) -> None:
    """Two names of one file (a hard link) are one file: an output over the input, or two
    outputs on it, are exit 2."""
    mine = tmp_path / "mine.toml"
    mine.write_text(MINE)
    (tmp_path / "hard.toml").hardlink_to(mine)
    r = run("estimate", "-s", str(mine), "-f", "csv", "-o", str(tmp_path / "hard.toml"))
    assert r.exit_code == 2 and "is the file --scenario reads" in r.stderr
    assert mine.read_text() == MINE
    (tmp_path / "a.csv").write_text("")
    (tmp_path / "b.csv").hardlink_to(tmp_path / "a.csv")
    r = run("simulate", "--troops", "1 to 2", "-n", "5", "-o", str(tmp_path / "a.csv"),
            "--samples-out", str(tmp_path / "b.csv"))  # fmt: skip
    assert r.exit_code == 2 and "is also --output's file" in r.stderr


def test_another_users_file_is_not_offered_chmod(run: Run, tmp_path: Path) -> None:
    """A file of another user that the mode keeps us from writing: the message does not
    suggest a chmod we cannot do (root, who can chown, tests it as another owner)."""
    import os

    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another user")
    theirs = tmp_path / "theirs.csv"
    theirs.write_text("keep\n")
    os.chown(theirs, 65534, 65534)
    theirs.chmod(0o644)
    r = run("estimate", "-f", "csv", "-o", str(theirs))
    assert r.exit_code == 1 and r.stderr.rstrip().endswith(
        "does not let you write it; it is another user's: write elsewhere"
    )
    assert theirs.read_text() == "keep\n"


TOML = 'name = "mine"\n[[contingents]]\ntroops = 1000\n'


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["simulate", "--troops", "8000 to 14000", "-n", "5", "-o", "same.csv",
          "--samples-out", "same.csv"], "--samples-out: 'same.csv' is also --output's file"),
        (["sweep", "--troops", "1,2", "-f", "csv", "-o", "x.svg", "--plot", "x.svg"],
         "--plot: 'x.svg' is also --output's file"),
        (["simulate", "--troops", "8000 to 14000", "-n", "5", "-o", "link.csv",
          "--samples-out", "same.csv"], "--samples-out: 'same.csv' is also --output's file"),
        (["simulate", "-s", "mine.toml", "-n", "10", "-o", "/dev/null", "--samples-out",
          "mine.toml"], "--samples-out: 'mine.toml' is the file --scenario reads"),
        (["estimate", "-s", "mine.toml", "-f", "csv", "-o", "mine.toml"],
         "--output: 'mine.toml' is the file --scenario reads"),
        (["compare", "mine.toml", "-f", "csv", "-o", "mine.toml"],
         "--output: 'mine.toml' is the file SCENARIO reads"),
    ],
    ids=["samples and output", "plot and output", "through a symlink", "samples over input",
         "output over input", "compare over input"],
)  # fmt: skip
def test_collisions_refused_before_work(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], says: str
) -> None:
    """Each is exit 2, one line naming both options, and no file is written or changed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.toml").write_text(TOML)
    (tmp_path / "same.csv").write_text("keep\n")
    os.symlink("same.csv", tmp_path / "link.csv")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    r = run(*args)
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert says in r.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_devices_may_be_named_twice(run: Run) -> None:
    """/dev/null takes both the summary and the samples."""
    r = run("simulate", "--troops", "8000 to 14000", "-n", "5", "-o", "/dev/null",
            "--samples-out", "/dev/null")  # fmt: skip
    assert r.exit_code == 0, r.stderr


def test_read_only_file_is_not_replaced(run: Run, tmp_path: Path) -> None:
    """-o on a file whose mode grants no write (444) is exit 1, one line, the file kept, as
    the shell's > refuses it (for root too, which could write it)."""
    f = tmp_path / "ro.csv"
    f.write_text("old\n")
    f.chmod(0o444)
    r = run("estimate", "-o", str(f))
    assert r.exit_code == 1 and "does not let you write it" in r.stderr
    assert f.read_text() == "old\n"


@pytest.mark.parametrize("columns", ["0", "1", "abc", "-5"])
def test_unusable_columns_are_taken_as_unset(
    run: Run, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """COLUMNS=0 emptied every table view and COLUMNS=1 garbled them: below a usable width
    it is taken as unset, and the table keeps its numbers whole."""
    monkeypatch.setenv("COLUMNS", columns)
    r = run("estimate", "-f", "table")
    assert r.exit_code == 0 and "$260,000,000" in r.stdout
    h = run("estimate", "--help")
    assert h.exit_code == 0 and "--troops" in h.stdout


@pytest.mark.parametrize("length", [242, 251])
def test_long_file_names_the_shell_writes(run: Run, tmp_path: Path, length: int) -> None:
    """A file name of 242-255 bytes (the temporary name added 14) is written whole, the
    temporary name shortened to fit, and nothing is left beside it."""
    name = "é" * ((length - 4) // 2) + ".csv"  # two bytes a character: cut on a boundary
    target = tmp_path / name
    r = run("estimate", "-o", str(target))
    assert r.exit_code == 0, r.stderr
    assert target.read_text().splitlines()[1].split(",")[7] == "260000000"
    assert [p.name for p in tmp_path.iterdir()] == [name]


#: A data-printing run of every command, small enough to be quick.
RUNS = {
    "estimate": ["estimate", "--troops", "10000"],
    "sweep": ["sweep", "--troops", "1:200000:1"],
    "compare": ["compare"],
    "solve": ["solve", "--for", "troops", "--target", "2.6B"],
    "simulate": ["simulate", "--troops", "8000 to 12000", "--seed", "1", "--samples", "1000"],
    "sensitivity": ["sensitivity", "--troops", "8000 to 12000"],
    "timeline": ["timeline", "--from", "2024-11", "--to", "2030-12"],
    "sources": ["sources"],
    "published": ["published"],
    "scenarios": ["scenarios"],
    "scenarios show": ["scenarios", "show", "deployments-2024-2025"],
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_output_file_every_command(run: Run, name: str, tmp_path: Path) -> None:
    """--output writes the same bytes as stdout, atomically, leaving no temporary file
    (in-process: the writer a real process uses; the tests above run real processes)."""
    target = tmp_path / "out.txt"
    fmt = [] if name == "scenarios show" else ["-f", "csv"]
    to_stdout = run(*RUNS[name], *fmt)
    to_file = run(*RUNS[name], *fmt, "--output", str(target))
    assert to_file.exit_code == 0 and to_file.stdout == ""
    assert target.read_text() == to_stdout.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failed_validation_leaves_file_untouched(tmp_path: Path) -> None:
    """A run that fails validation does not touch an existing output file."""
    target = tmp_path / "keep.csv"
    target.write_text("precious\n")
    for args in (["estimate", "--troops", "-5"], ["sweep", "--months", "13"],
                 ["simulate", "--troops", "12 to 8"], ["timeline", "--from", "2025-13"],
                 ["solve", "--for", "months", "--target", "1B"]):  # fmt: skip
        r = revenue(*args, "--output", str(target))
        assert r.returncode in (1, 2)
        assert target.read_text() == "precious\n"
        assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"]


def test_unwritable_output_exits_1(tmp_path: Path) -> None:
    """An output path in a missing folder exits 1 with a message and no traceback."""
    r = revenue("estimate", "--output", str(tmp_path / "missing" / "out.csv"))
    assert r.returncode == 1 and "--output: cannot write" in r.stderr
    assert "Traceback" not in r.stderr
