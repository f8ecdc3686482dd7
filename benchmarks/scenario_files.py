"""The largest scenario files: time and peak memory of `revenue estimate -s FILE` on files
built to sit just inside each bound of the scenario file (README, Scenario files), and on
the largest real shapes, 1,000 contingents with every field, as a number or as a
pert(...) distribution. Each is set against the same
command on a one-contingent file, so the figure is what the file's size costs.
Usage: python benchmarks/scenario_files.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import compile_package

from dprk_ru.scenarios.scenario import (
    MAX_CONTINGENTS,
    MAX_FILE_BYTES,
    MAX_KEY_DEPTH,
    MAX_LINES,
    MAX_NESTING,
    MAX_PIECES,
)

CONTINGENT = """[[contingents]]
name = "c{i}"
troops = 1000
monthly_pay_usd = 2000
bonus_usd = 2000
rotations = 1
killed = 10
death_payment_usd = 10000
pay_share = 0.5
bonus_share = 0.5
death_share = 0.5
start = "2024-{m:02d}"
end = "2025-{m:02d}"
"""

#: The same contingent with every parameter a PERT distribution (each one's median is a
#: beta quantile: issue 19 found 46 ms a value).
PERT_CONTINGENT = """[[contingents]]
name = "c{i}"
troops = "pert(800,1000,1500)"
monthly_pay_usd = "pert(1500,2000,2600)"
bonus_usd = "pert(1000,2000,2500)"
rotations = "pert(1,1,2)"
killed = "pert(5,10,20)"
death_payment_usd = "pert(8000,10000,15000)"
pay_share = "pert(0.3,0.5,0.6)"
bonus_share = "pert(0.3,0.5,0.6)"
death_share = "pert(0.3,0.5,0.6)"
start = "2024-{m:02d}"
end = "2025-{m:02d}"
"""


def files() -> dict[str, str]:
    """Each shape's text, every one under the size cap and inside every bound."""
    head = 'name = "x"\n'
    deep = ".".join(["k"] * (MAX_KEY_DEPTH - 1))
    n = MAX_NESTING - 1
    return {
        "one contingent": head + CONTINGENT.format(i=0, m=1),
        f"{MAX_CONTINGENTS:,} contingents, every field": head
        + "".join(CONTINGENT.format(i=i, m=i % 12 + 1) for i in range(MAX_CONTINGENTS)),
        f"{MAX_CONTINGENTS:,} contingents, every field a pert": head
        + "".join(PERT_CONTINGENT.format(i=i, m=i % 12 + 1) for i in range(MAX_CONTINGENTS)),
        f"{MAX_LINES - 10:,} keys": head + "".join(f"k{i} = 1\n" for i in range(MAX_LINES - 10)),
        "deep table names": head
        + "".join(f"[t{i}.{deep}]\n" for i in range(MAX_PIECES // MAX_KEY_DEPTH - 10)),
        "nested arrays": head
        + "".join(f"a{i} = {'[' * n}1{']' * n}\n" for i in range(MAX_PIECES // n - 10)),
        "long array": head + "x = [" + ",".join(["1"] * (MAX_PIECES - 10)) + "]\n",
        "long strings": head
        + "".join(f's{i} = "{"x" * 990}"\n' for i in range(MAX_FILE_BYTES // 1000 - 2)),
    }


def run(path: Path) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS in KiB for one `revenue estimate -s path`."""
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "dprk_ru", "estimate", "-s", str(path), "-f", "csv"]
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped by wait4
    return time.perf_counter() - start, usage.ru_maxrss


def main() -> None:
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, text in files().items():
            path = Path(tmp, "s.toml")
            path.write_text(text, "utf-8")
            assert len(text.encode()) <= MAX_FILE_BYTES, name
            seconds, kib = run(path)
            rows.append((name, len(text.encode()), seconds, kib))
    base = rows[0][2]
    print(f"{'file':<38} {'bytes':>9} {'seconds':>8} {'ratio':>6} {'peak MiB':>9}")
    for name, size, seconds, kib in rows:
        print(f"{name:<38} {size:>9,} {seconds:>8.2f} {seconds / base:>6.2f} {kib / 1024:>9.0f}")


if __name__ == "__main__":
    main()
