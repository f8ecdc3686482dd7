"""`sweep --currency KRW` against the same sweep in USD only, alternating runs: what the won
columns cost on the fast CSV path (`render/stream.CurrencyCSV` converts the fast writer's
lines), and, for scale, JSON Lines in USD only (the same fast writer since issue 19;
`benchmarks/sweep_formats.py` times every format).
Usage: python benchmarks/sweep_currency.py [RUNS] [ROWS]
"""

from __future__ import annotations

import sys

from _timing import alternate, compile_package


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 300_000
    compile_package()
    sweep = [sys.executable, "-m", "dprk_ru", "sweep", "--troops", f"1:{rows}:1"]
    csv = [*sweep, "--format", "csv"]
    a, b = alternate([*csv, "--currency", "KRW"], csv, runs)
    print(
        f"sweep of {rows:,} rows, CSV: --currency KRW {a:.2f} s   USD only {b:.2f} s   "
        f"ratio {a / b:.2f}   (median of {runs}, alternating, start-up included)"
    )
    c, d = alternate([*sweep, "--format", "jsonl"], csv, runs)
    print(f"for scale, jsonl (USD only) {c:.2f} s: ratio {c / d:.2f}")


if __name__ == "__main__":
    main()
