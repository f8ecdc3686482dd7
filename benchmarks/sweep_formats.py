"""`revenue sweep` in JSON, JSON Lines and Markdown against the same sweep in CSV, on 1M rows
(`--troops 1:1000000:1`), alternating runs in subprocesses, start-up included; with each
run's peak memory. All four go through the one fast writer (`analysis.sweep.write_rows`, a
`Layout` per format). Pass mark: each format within 3x of CSV, memory flat (about the
start-up's).

Measured 2026-12-05 on a 2-core box shared with other jobs (load average 4-6, so the
seconds wander from run to run; the ratios, from alternating runs, hold):

    sweep of 1,000,000 rows (median of 3, alternating with CSV, start-up included)
      csv        34,612 KB peak
      json       2.04 s  csv  1.98 s  ratio 1.03    36,200 KB peak
      jsonl      2.04 s  csv  1.82 s  ratio 1.12    35,836 KB peak
      markdown   1.22 s  csv  1.21 s  ratio 1.00    34,708 KB peak
      json --currency KRW 17.30 s  csv --currency KRW 8.23 s  ratio 2.10

Issue 20 made Markdown readable ($260,000,000, 10,000): the writer formats a parameter's
text once per value and a term's in the row (a format spec). Measured 2026-12-05, 200,000
rows, median of 3 (`python benchmarks/sweep_formats.py 3 200000`):

      markdown   0.96 s  csv  0.48 s  ratio 1.98    35,032 KB peak

(9.2x when the writer's CSV lines were laid out again in Python, 4.3x with a function call
per term.)

Before (issue 19, 200,000 rows, `sweep`'s records through the renderers): json 19x,
jsonl 13x, markdown 9x the CSV time.
Usage: python benchmarks/sweep_formats.py [RUNS] [ROWS]
"""

from __future__ import annotations

import os
import subprocess
import sys

from _timing import alternate, compile_package


def peak_kb(cmd: list[str]) -> int:
    """The peak resident memory (KB) of one run of ``cmd``, its stdout discarded."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{cmd} exited {proc.returncode}")
    return usage.ru_maxrss


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    compile_package()
    sweep = [sys.executable, "-m", "dprk_ru", "sweep", "--troops", f"1:{rows}:1"]
    csv = [*sweep, "--format", "csv"]
    print(f"sweep of {rows:,} rows (median of {runs}, alternating with CSV, start-up included)")
    print(f"  csv       {peak_kb(csv):>7,} KB peak")
    for fmt in ("json", "jsonl", "markdown"):
        ours = [*sweep, "--format", fmt]
        a, b = alternate(ours, csv, runs)
        print(f"  {fmt:<9} {a:5.2f} s  csv {b:5.2f} s  ratio {a / b:4.2f}   "
              f"{peak_kb(ours):>7,} KB peak")  # fmt: skip
    # With won columns the writer's CSV lines pass CurrencyCSV, then Relayout: for scale.
    krw = ["--currency", "KRW"]
    a, b = alternate([*sweep, "--format", "json", *krw], [*csv, *krw], runs)
    print(f"  json --currency KRW {a:.2f} s  csv --currency KRW {b:.2f} s  ratio {a / b:.2f}")


if __name__ == "__main__":
    main()
