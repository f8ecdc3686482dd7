"""Start-up: `revenue estimate --troops 10000 --format csv` against a bare Typer app with one
command and one option, alternating runs; prints the median of each and the ratio.
Usage: python benchmarks/startup.py [RUNS]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _timing import alternate, compile_package

BARE = """
import typer

app = typer.Typer()


@app.command()
def estimate(troops: int = 10000) -> None:
    print("troops,total_usd")
    print(f"{troops},{troops * 26000}")


app()
"""

REVENUE = [sys.executable, "-m", "dprk_ru", "estimate", "--troops", "10000", "--format", "csv"]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE)
        a, b = alternate(REVENUE, [sys.executable, str(bare), "--troops", "10000"], runs)
    print(f"revenue estimate: {a * 1000:.0f} ms   bare Typer app: {b * 1000:.0f} ms   "
          f"(median of {runs}, alternating)")  # fmt: skip
    print(f"ratio revenue/bare: {a / b:.2f}   (target <= 1.1, at most 1.25)")


if __name__ == "__main__":
    main()
