"""Start-up: `revenue estimate --troops 10000 --format csv` against a bare Typer app with one
command and one option, alternating runs; prints the median of each and the ratio.
Usage: python benchmarks/startup.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    # Installed packages have their bytecode compiled by pip; make sure ours has too, as
    # PYTHONDONTWRITEBYTECODE may be set here.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[1] / "src")]
    )
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE)
        bare_cmd = [sys.executable, str(bare), "--troops", "10000"]
        wall(bare_cmd), wall(REVENUE)
        ours, theirs = [], []
        for _ in range(runs):
            ours.append(wall(REVENUE))
            theirs.append(wall(bare_cmd))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"revenue estimate: {a * 1000:.0f} ms   bare Typer app: {b * 1000:.0f} ms   "
          f"(median of {runs}, alternating)")  # fmt: skip
    print(f"ratio revenue/bare: {a / b:.2f}   (target <= 1.1, at most 1.25)")


if __name__ == "__main__":
    main()
