"""``simulate --samples-out``: every draw as a CSV row, a possible world each."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

import numpy as np

from ..analysis.simulate import Simulation
from ..core.formula import TERMS
from ..core.text import inert, printable


def write_samples(
    sim: Simulation,
    out: IO[str],
    chunk: int = 1 << 16,
    progress: Callable[[int], None] | None = None,
) -> None:
    """One row per sample, each a possible world: the sample's number,
    each uncertain quantity (named by its field, or ``contingent.field`` for a scenario
    file's), then each term summed over the contingents and the total, in exact units (money
    to the cent; the terms add up to the total). ``progress`` is called with each chunk's
    number of rows."""
    assert sim.kept is not None
    draws, terms = sim.kept.draws, sim.kept.terms
    columns = ["sample", *draws, *(t.column for t in TERMS), "total_usd"]
    out.write(",".join(_csv_text(inert(printable(c))).replace("%%", "%") for c in columns) + "\n")
    n = sim.samples
    for i in range(0, n, chunk):
        j = min(i + chunk, n)
        fmt, cols = ["%d"], [list(range(i + 1, j + 1))]
        money = [x[i:j].astype(np.int64) if isinstance(x, np.ndarray) else x for x in terms]
        total = sum(money)
        values = [(p.places, x[i:j].astype(np.int64)) for p, x in draws.values()]
        values += [(2, x) for x in money] + [(2, total)]
        for places, x in values:
            if not isinstance(x, np.ndarray):  # a constant: written into the format
                fmt.append(_fixed(int(x), places).replace("%", "%%"))
            elif places:
                fmt.append(f"%d.%0{places}d")
                cols += [y.tolist() for y in np.divmod(x, 10**places)]
            else:
                fmt.append("%d")
                cols.append(x.tolist())
        line = ",".join(fmt) + "\n"
        out.write("".join(line % row for row in zip(*cols, strict=True)))
        if progress is not None:
            progress(j - i)


def _fixed(units: int, places: int) -> str:
    """A whole number of units of the ``places``-th decimal as text: ``12.000000``."""
    whole, frac = divmod(units, 10**places)
    return f"{whole}.{frac:0{places}d}" if places else str(whole)


def _csv_text(text: str) -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([text])
    return buf.getvalue().replace("%", "%%")
