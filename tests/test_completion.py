"""Shell completion, driven as each shell drives it: the script ``revenue --show-completion``
prints in bash, zsh and fish, sourced in that shell and asked for the words after, say,
``revenue solve --for``."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _shell(shell: str, script: str, tmp_path: Path) -> list[str]:
    """Run ``script`` in ``shell`` with a ``revenue`` on PATH that runs this Python's CLI;
    the lines it prints. Skips where the machine lacks the shell (CI installs all three)."""
    if shutil.which(shell) is None:
        pytest.skip(f"needs {shell}")
    shim = tmp_path / "revenue"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m dprk_ru "$@"\n')
    shim.chmod(0o755)
    path = f"{shlex.quote(str(tmp_path))}:$PATH"
    setup = f"set PATH {shlex.quote(str(tmp_path))} $PATH" if shell == "fish" else f"PATH={path}"
    args = (
        [shell, "--no-config", "-c"]
        if shell == "fish"
        else [shell, "-f" if shell == "zsh" else "--norc", "-c"]
    )
    run = subprocess.run([*args, f"{setup}\n{script}"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def complete(line: str, tmp_path: Path) -> list[str]:
    """What bash offers for the last word of ``line`` (empty after a trailing space), through
    the completion script the program prints (Typer detects the shell it runs in)."""
    words = line.split() + ([""] if line.endswith(" ") else [])
    script = f"""
        set -e
        source <(revenue --show-completion)
        COMP_WORDS=({" ".join(shlex.quote(w) for w in words)})
        COMP_CWORD={len(words) - 1}
        _revenue_completion revenue
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    return _shell("bash", script, tmp_path)


def test_solve_for_completes_the_parameters(tmp_path: Path) -> None:
    offered = complete("revenue solve --for ", tmp_path)
    assert {"troops", "monthly-pay", "state-share", "death-payment"} <= set(offered)
    assert complete("revenue solve --for mo", tmp_path) == ["monthly-pay", "months"]


def test_fixed_lists_complete(tmp_path: Path) -> None:
    assert complete("revenue estimate --currency K", tmp_path) == ["KPW", "KRW"]
    assert "china-exports-2016" in complete("revenue compare --vs ", tmp_path)
    assert complete("revenue estimate --scenario kursk-p", tmp_path) == ["kursk-plus-shoigu"]
    assert "--format" in complete("revenue solve --fo", tmp_path)
    assert "xlsx" in complete("revenue estimate --format ", tmp_path)


def test_scenario_arguments_complete_names_and_leave_paths_to_bash(tmp_path: Path) -> None:
    """A scenario argument offers the built-ins; a path matches none of them, so bash's own
    file completion (``complete -o default``) takes over."""
    assert complete("revenue compare kursk-2", tmp_path) == ["kursk-2024"]
    assert complete("revenue scenarios show shoigu-2025-", tmp_path) == ["shoigu-2025-workers"]
    assert complete("revenue compare ./", tmp_path) == []


def test_zsh_completes_through_its_script(tmp_path: Path) -> None:
    """zsh calls the script's function with ``words`` and ``CURRENT`` set and shows what it
    hands ``_arguments``; here ``_arguments`` prints it (and ``compdef`` is compinit's)."""
    script = """
        compdef() { : }
        _arguments() { print -rl -- "$@" }
        source <(revenue --show-completion)
        words=(revenue solve --for mo); CURRENT=4; _revenue_completion
        words=(revenue estimate --currency K); CURRENT=4; _revenue_completion
    """
    assert _shell("zsh", script, tmp_path) == [
        "*:",
        ':(("monthly-pay"',
        '"months"))',
        "*:",
        ':(("KPW"',
        '"KRW"))',
    ]


def test_fish_completes_through_its_script(tmp_path: Path) -> None:
    """fish's own ``complete -C`` asks the loaded script, as a Tab does."""
    script = """
        revenue --show-completion | source
        complete -C 'revenue solve --for mo'
        complete -C 'revenue compare kursk-2'
    """
    assert _shell("fish", script, tmp_path) == ["monthly-pay", "months", "kursk-2024"]
