"""Shared by the Python benchmarks: wall-clock timing of whole commands, alternating runs."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path


def compile_package() -> None:
    """Installed packages have their bytecode compiled by pip; make sure ours has too, as
    PYTHONDONTWRITEBYTECODE may be set here."""
    src = Path(__file__).parents[1] / "src"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True)


def wall(cmd: list[str]) -> float:
    """Seconds one run of ``cmd`` takes, start-up included, its stdout discarded."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def alternate(ours: list[str], theirs: list[str], runs: int) -> tuple[float, float]:
    """Median wall times of ``ours`` and ``theirs``, run in turn ``runs`` times each after a
    warm-up run of both."""
    wall(theirs), wall(ours)
    a, b = [], []
    for _ in range(runs):
        a.append(wall(ours))
        b.append(wall(theirs))
    return statistics.median(a), statistics.median(b)
