"""No path but the one named, and never twice: outputs of one run are distinct files, and
none of them is a file the run reads; a read-only file is not replaced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Run

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
