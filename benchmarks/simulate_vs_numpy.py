"""Time `revenue simulate` (start-up included) against a bare Typer app doing the same numpy
draws and percentiles: two `A to B` inputs, 1,000,000 samples. Alternating runs; prints the
median of each and the ratio. Usage: python benchmarks/simulate_vs_numpy.py [RUNS]
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

from _timing import alternate, compile_package

BARE = """
import math
import numpy as np
import typer

app = typer.Typer()
Z95 = 1.6448536269514722


@app.command()
def main(samples: int = 1_000_000, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    def lognormal(a, b):
        mu = (math.log(a) + math.log(b)) / 2
        return rng.lognormal(mu, (math.log(b) - math.log(a)) / (2 * Z95), samples)
    troops = np.rint(lognormal(8000, 14000))
    pay = lognormal(1500, 2500)
    total = troops * (pay * 12 + 2000)
    ps = np.percentile(total, [5, 25, 50, 75, 95])
    print("samples,mean_usd,sd_usd,p5_usd,p25_usd,p50_usd,p75_usd,p95_usd")
    print(",".join(str(round(x)) for x in (samples, total.mean(), total.std(ddof=1), *ps)))


app()
"""

REVENUE = [sys.executable, "-m", "dprk_ru", "simulate", "--troops", "8000 to 14000",
           "--monthly-pay", "1500 to 2500", "--samples", "1000000", "--seed", "1",
           "--format", "csv"]  # fmt: skip


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE)
        a, b = alternate(REVENUE, [sys.executable, str(bare)], runs)
    print(f"revenue simulate (1,000,000 samples): {a:.3f} s   bare Typer+numpy: {b:.3f} s   "
          f"(median of {runs}, alternating)")  # fmt: skip
    print(f"ratio revenue/bare: {a / b:.2f}   (target <= 1.1, at most 1.25)")
    assert math.isfinite(a / b)


if __name__ == "__main__":
    main()
