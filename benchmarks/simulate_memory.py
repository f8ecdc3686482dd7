"""Simulate's peak memory at its ceiling (README, Limits: samples x uncertain quantities at
most 20,000,000 draws): the heaviest shapes that fit, each run as `revenue simulate` in a
subprocess, its peak RSS set against the draws themselves (8 bytes a draw) and against the
1 GB the issue allows. Usage: python benchmarks/simulate_memory.py

Measured 2026-12-05 on the 2-core machine, while other work ran (seconds are loose; the
memory is not):
    shape                                            draws  seconds  peak MiB  x draws
    one quantity, 10,000,000 samples            10,000,000      3.0       355      4.7
    2 quantities, 10,000,000, --samples-out     20,000,000     33.0       584      3.8
    2 correlated, 10,000,000, --samples-out     20,000,000     55.9       586      3.8
    8 correlated, 2,500,000, --samples-out      20,000,000     29.0       400      2.6
Every shape at the ceiling peaks under 600 MiB, well inside 1 GB ("x draws": peak memory
over the draws' own 8 bytes each).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import compile_package

from dprk_ru.analysis.simulate import MAX_DRAWS

EIGHT = [
    ("--troops", "8000 to 14000"),
    ("--monthly-pay", "1500 to 2500"),
    ("--months", "6 to 12"),
    ("--bonus", "1000 to 3000"),
    ("--rotations", "1 to 2"),
    ("--killed", "0 to 500"),
    ("--death-payment", "5000 to 20000"),
    ("--state-share", "0.5 to 0.9"),
]


def args(quantities: int, samples: int, keep: bool, correlated: bool, out: Path) -> list[str]:
    """A `revenue simulate` command line drawing ``quantities`` uncertain inputs."""
    cmd = ["simulate", "-n", str(samples), "--seed", "1", "-f", "csv", "-o", os.devnull]
    for option, value in EIGHT[:quantities]:
        cmd += [option, value]
    if correlated:
        names = ["troops", "monthly_pay", "months", "bonus", "rotations", "killed",
                 "death_payment", "state_share"][:quantities]  # fmt: skip
        cmd += ["--correlate", f"{names[0]}:{names[1]}=0.5"]
        for name in names[2:]:
            cmd += ["--correlate", f"{names[0]}:{name}=0.3"]
    if keep:
        cmd += ["--samples-out", str(out)]
    return cmd


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS in KiB."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "dprk_ru", *cmd], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped by wait4
    assert status == 0, cmd
    return time.perf_counter() - start, usage.ru_maxrss


def main() -> None:
    compile_package()
    shapes = [
        ("one quantity, 10,000,000 samples", 1, 10_000_000, False, False),
        ("2 quantities, 10,000,000, --samples-out", 2, 10_000_000, True, False),
        ("2 correlated, 10,000,000, --samples-out", 2, 10_000_000, True, True),
        ("8 correlated, 2,500,000, --samples-out", 8, 2_500_000, True, True),
    ]
    print(f"{'shape':<42} {'draws':>11} {'seconds':>8} {'peak MiB':>9} {'x draws':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, quantities, samples, keep, correlated in shapes:
            draws = quantities * samples
            assert draws <= MAX_DRAWS
            seconds, kib = run(args(quantities, samples, keep, correlated, Path(tmp, "d.csv")))
            mib = kib / 1024
            print(f"{name:<42} {draws:>11,} {seconds:>8.1f} {mib:>9.0f} "
                  f"{mib * 2**20 / (draws * 8):>8.1f}")  # fmt: skip
            assert mib < 1024, f"{name}: {mib:.0f} MiB, over 1 GB"


if __name__ == "__main__":
    main()
