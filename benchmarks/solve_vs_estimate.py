"""`revenue solve` against `revenue estimate` on the same inputs (start-up included,
alternating runs), and the library's solve alone with its count of model evaluations, for a
few inputs: the issue's cases, a dated scenario, and a slope so small that the bisection
spans most of the parameter's range. Pass mark: every solve well under a second; the CLI
within 1.2x of `estimate`. Usage: python benchmarks/solve_vs_estimate.py [RUNS]
"""

from __future__ import annotations

import statistics
import sys
import time
from unittest import mock

from _timing import alternate, compile_package

import dprk_ru.analysis.solve as solve_module
from dprk_ru.analysis.estimate import estimate_scenario
from dprk_ru.analysis.solve import parse_target
from dprk_ru.scenarios.options import scenario_from_options

#: (label, solve arguments, estimate arguments with the answer put in). `solve` builds a
#: validated scenario even from plain options, so `estimate` runs on the built-in
#: article-baseline (the defaults) to load the same modules.
CASES = [
    ("monthly-pay, --rotations 2",
     ["--for", "monthly-pay", "--target", "300000000", "--rotations", "2"],
     ["--monthly-pay", "2166.67", "--rotations", "2", "--scenario", "article-baseline"]),
    ("troops, 1,000 killed",
     ["--for", "troops", "--target", "400000000", "--killed", "1000", "--death-payment", "100000"],
     ["--troops", "11539", "--killed", "1000", "--death-payment", "100000", "--scenario",
      "article-baseline"]),
    ("bonus, dated scenario",
     ["--for", "bonus", "--target", "500M", "--scenario", "deployments-2024-2025", "--year",
      "2025"],
     ["--bonus", "15333.34", "--scenario", "deployments-2024-2025", "--year", "2025"]),
    ("monthly-pay, tiny slope",
     ["--for", "monthly-pay", "--target", "0.01", "--troops", "1", "--months", "0.01", "--bonus",
      "0", "--state-share", "0.000001"],
     ["--monthly-pay", "500000", "--troops", "1", "--months", "0.01", "--bonus", "0",
      "--state-share", "0.000001", "--scenario", "article-baseline"]),
]  # fmt: skip


def library_time(args: list[str], runs: int) -> tuple[float, int]:
    """Median seconds of the library's ``solve`` alone (scenario built beforehand), and its
    number of model evaluations."""
    from dprk_ru.core.params import PARAM_BY_FLAG
    from dprk_ru.scenarios.loading import load_scenario

    flags = dict(zip(args[::2], args[1::2], strict=True))
    scenario, year = flags.pop("--scenario", None), flags.pop("--year", None)
    for_, target = flags.pop("--for"), parse_target(flags.pop("--target"))[0]
    given = {PARAM_BY_FLAG[k.removeprefix("--")].name: v for k, v in flags.items()}
    chosen = load_scenario(scenario) if scenario else scenario_from_options(None, given)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with mock.patch.object(solve_module, "estimate_scenario", wraps=estimate_scenario) as m:
            solve_module.solve(chosen, for_, target, None if year is None else int(year))
        times.append(time.perf_counter() - start)
    return statistics.median(times), m.call_count


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    compile_package()
    revenue = [sys.executable, "-m", "dprk_ru"]
    for label, solve_args, estimate_args in CASES:
        a, b = alternate(
            [*revenue, "solve", *solve_args, "-f", "csv"],
            [*revenue, "estimate", *estimate_args, "-f", "csv"],
            runs,
        )
        lib, calls = library_time(solve_args, runs)
        print(
            f"{label:26} solve {a * 1000:4.0f} ms  estimate {b * 1000:4.0f} ms  ratio {a / b:.2f}"
            f"  library {lib * 1000:5.2f} ms, {calls} evaluations"
        )
    print(f"(median of {runs}, alternating; target: ratio <= 1.2, library well under 1 s)")


if __name__ == "__main__":
    main()
