"""Shell completion, driven as bash drives it: the script ``revenue --show-completion bash``
prints, sourced in bash, asked for the words after ``revenue solve --for``."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def complete(line: str, tmp_path: Path) -> list[str]:
    """What bash offers for the last word of ``line`` (empty after a trailing space), through
    the completion script the program prints, with ``revenue`` run as ``python -m dprk_ru``."""
    shim = tmp_path / "revenue"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m dprk_ru "$@"\n')
    shim.chmod(0o755)
    words = line.split() + ([""] if line.endswith(" ") else [])
    script = f"""
        set -e
        export PATH={shlex.quote(str(tmp_path))}:"$PATH"
        source <(revenue --show-completion bash)
        COMP_WORDS=({" ".join(shlex.quote(w) for w in words)})
        COMP_CWORD={len(words) - 1}
        _revenue_completion revenue
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


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
