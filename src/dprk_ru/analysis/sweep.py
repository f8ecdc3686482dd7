"""``sweep``: the model over a grid of parameter values, one row per point, streamed.

``sweep`` yields an ``Estimate`` per point through the one formula; ``csv_blocks`` makes
the same rows as CSV text, fast, with integer arithmetic (a property test shows it equal,
byte for byte, to ``sweep``'s records written by ``csv``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Final

from ..core.formula import Estimate, evaluate
from ..core.money import exact_cents, fmt_cents, fmt_plain, half_up, plain, usd
from ..core.params import COLUMNS, PARAMS, Inputs, Param
from ..errors import InputError
from ..inputs.grid import (
    Grid,
    Item,
    Span,
    item_count,
    items_places,
    iter_values,
    parse_values,
    product,
)

#: The largest grid ``sweep`` writes unless told otherwise.
DEFAULT_MAX_ROWS: Final = 10_000_000


def parse_grid(given: Mapping[str, str | None], max_rows: int) -> Grid:
    """Parse the grid options (by field name) and refuse grids over ``max_rows``."""
    items: dict[str, list[Item]] = {}
    for p in PARAMS:
        text = given.get(p.name)
        if text is not None:
            items[p.name] = parse_values(p, text)
    grid = Grid.from_items(items)
    if grid.size > max_rows:
        raise InputError(
            f"--max-rows: the grid has {grid.size:,} rows, more than the limit of {max_rows:,}; "
            f"raise it with --max-rows {grid.size}"
        )
    return grid


def point(values: Sequence[Decimal]) -> Inputs:
    """A grid point (values in ``PARAMS`` order) as model inputs."""
    return Inputs(*(p.typed(v) for p, v in zip(PARAMS, values, strict=True)))  # type: ignore[arg-type]


def sweep(grid: Grid) -> Iterator[Estimate]:
    """Estimate every point of ``grid``, in grid order (last parameter fastest), lazily."""
    for values in product(grid.items):
        yield evaluate(point(values))


def _text(param: Param, value: Decimal) -> str:
    """A parameter value as ``estimate`` prints it in CSV."""
    if param.integer:
        return str(int(value))
    return fmt_plain(usd(value) if param.money else plain(value))


def _nums(items: Sequence[Item], scale: int) -> Iterator[int]:
    """The values of ``items`` as integer numerators over 10**scale, lazily (ranges as ints)."""
    for i in items:
        if isinstance(i, Span):
            start, step = int(i.start.scaleb(scale)), int(i.step.scaleb(scale))
            yield from range(start, start + len(i) * step, step)
        else:
            yield int(i.scaleb(scale))


def _num_text(param: Param, scale: int) -> Callable[[int], str]:
    """How a numerator over 10**scale prints in CSV, as ``estimate`` prints the value."""
    if scale == 0 and not param.name.endswith("_usd"):
        return str
    if param.name.endswith("_usd"):
        factor = 10 ** (2 - scale)
        return lambda n: fmt_cents(n * factor)
    den = 10**scale

    def text(n: int) -> str:
        whole, frac = divmod(n, den)
        return str(whole) if frac == 0 else f"{whole}.{frac:0{scale}d}".rstrip("0")

    return text


class _Column:
    """One parameter's values as (CSV text + ``suffix``, numerator) pairs, cached when short."""

    def __init__(self, param: Param, items: Sequence[Item], scale: int, suffix: str = "") -> None:
        self.items, self.scale, self.suffix = items, scale, suffix
        self.text = _num_text(param, scale)
        self.count = item_count(items)
        self.cached = self._make(_nums(items, scale)) if self.count <= _CACHE_LIMIT else None

    def _make(self, nums: Iterator[int]) -> tuple[list[str], list[int]]:
        ns = list(nums)
        text, suffix = self.text, self.suffix
        return [text(n) + suffix for n in ns], ns

    def runs(self) -> Iterator[tuple[list[str], list[int]]]:
        """The pairs in runs of at most ``_CACHE_LIMIT``."""
        if self.cached is not None:
            yield self.cached
            return
        nums = _nums(self.items, self.scale)
        while chunk := list(itertools.islice(nums, _CACHE_LIMIT)):
            yield self._make(iter(chunk))


# Of the first five parameters (the fast writer's), which the pay and the bonus totals depend
# on: pay on all but the bonus; bonus on all but pay and months (and on rotations, constant).
_IN_PAY: Final = (True, True, True, False, True)
_IN_BONUS: Final = (True, False, False, True, True)
_FAST: Final = len(_IN_PAY)
#: Runs up to this long have their text made once; longer ones chunk by chunk (flat memory).
_CACHE_LIMIT: Final = 65_536
_FLUSH_ROWS: Final = 8_192


def write_csv(
    grid: Grid,
    out: IO[str],
    header: bool = True,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream ``grid`` as CSV rows with the ``estimate`` columns; return the rows written.

    Byte for byte what ``csv.writer`` writes for the same records (numbers never need quoting),
    built with integer arithmetic: every value is an integer numerator over a power of ten,
    and for each combination of the outer parameters the rows of the innermost varying
    parameter are made in one comprehension and written in large blocks. Memory stays flat:
    no value list longer than ``_CACHE_LIMIT`` is held. Grids that vary rotations, deaths or
    death payments (or the state share with deaths) take the plain path through ``sweep``.
    """
    if header:
        out.write(",".join(COLUMNS) + "\n")
    counts = grid.counts
    # The innermost parameter with more than one value varies in the comprehension; those
    # after it have one value each and are constant text.
    inner = max((i for i, c in enumerate(counts) if c > 1), default=_FAST - 1)
    consts = [next(iter_values(items)) for items in grid.items]
    killed, death_pay, share = consts[6], consts[7], consts[4]
    if inner >= _FAST or (inner == _FAST - 1 and killed * death_pay != 0):
        return _write_plain(grid, out, progress)
    death = exact_cents(int(killed), death_pay, share)
    tail = "," + ",".join(_text(PARAMS[j], consts[j]) for j in range(_FAST, len(PARAMS)))
    tail += f",{fmt_cents(death)}\n"
    scales = [items_places(i) for i in grid.items[:_FAST]]
    pay_den = 10 ** sum(s for s, used in zip(scales, _IN_PAY, strict=True) if used)
    bonus_den = 10 ** sum(s for s, used in zip(scales, _IN_BONUS, strict=True) if used)
    kp0, kb0, after = 100, 100 * int(consts[5]), ""
    for j in range(inner + 1, _FAST):
        (text,), (num,) = _Column(PARAMS[j], grid.items[j], scales[j]).cached or ([""], [1])
        after += "," + text
        kp0 *= num if _IN_PAY[j] else 1
        kb0 *= num if _IN_BONUS[j] else 1
    columns = [
        _Column(PARAMS[j], grid.items[j], scales[j], "," if j < inner else after + ",")
        for j in range(inner + 1)
    ]
    shape = _Shape(pay_den, bonus_den, _IN_PAY[inner], _IN_BONUS[inner], death, tail)
    pending: list[str] = []
    pending_rows = 0
    written = 0

    def outer(j: int, before: str, kp: int, kb: int) -> Iterator[tuple[str, int, int]]:
        if j == inner:
            yield before, kp, kb
            return
        in_pay, in_bonus = _IN_PAY[j], _IN_BONUS[j]
        for texts, nums in columns[j].runs():
            for text, num in zip(texts, nums, strict=True):
                yield from outer(
                    j + 1, before + text, kp * num if in_pay else kp, kb * num if in_bonus else kb
                )

    for before, kp, kb in outer(0, "", kp0, kb0):
        for x_texts, x_nums in columns[inner].runs():
            pending.append(_inner_rows(before, x_texts, x_nums, kp, kb, shape))
            pending_rows += len(x_nums)
            if pending_rows >= _FLUSH_ROWS:
                out.write("".join(pending))
                written += pending_rows
                if progress is not None:
                    progress(pending_rows)
                pending.clear()
                pending_rows = 0
    out.write("".join(pending))
    written += pending_rows
    if progress is not None and pending_rows:
        progress(pending_rows)
    return written


def _write_plain(grid: Grid, out: IO[str], progress: Callable[[int], None] | None) -> int:
    """The same rows through ``sweep`` and ``csv``: slower, for the grids the fast path skips."""
    import csv

    from ..core.money import cell

    writer = csv.writer(out, lineterminator="\n")
    written = 0
    for batch in _batched(sweep(grid), _FLUSH_ROWS):
        writer.writerows([cell(r[c]) for c in COLUMNS] for r in (e.record() for e in batch))
        written += len(batch)
        if progress is not None:
            progress(len(batch))
    return written


def _batched(items: Iterator[Estimate], size: int) -> Iterator[list[Estimate]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


@dataclass(frozen=True)
class _Shape:
    """What stays fixed over a sweep for ``_inner_rows``."""

    pay_den: int  # power-of-ten denominators of the pay and bonus cents numerators
    bonus_den: int
    pay_varies: bool  # whether the inner parameter is a factor of the pay / the bonus
    bonus_varies: bool
    death: int  # the death payments, in cents (constant over the fast path)
    tail: str  # the text after the money columns, newline included


def _inner_rows(
    before: str, x_texts: list[str], x_nums: list[int], kp: int, kb: int, shape: _Shape
) -> str:
    """The CSV text of one run of the innermost parameter.

    ``x_texts`` already end with the constant text after the inner value and a comma;
    ``kp``/``kb`` are the cents numerators of pay and bonus without the inner value.
    """
    tail, death = shape.tail, shape.death
    if shape.pay_den == 1 and shape.bonus_den == 1 and death % 100 == 0:
        # Whole dollars everywhere (the common case): no rounding, no cents to format.
        dp, db, dd = kp // 100, kb // 100, death // 100
        if shape.pay_varies and not shape.bonus_varies:
            mid, rest = f",{db},", db + dd
            pays = [dp * x for x in x_nums]
            return "".join([
                f"{before}{s}{p}{mid}{p + rest}{tail}" for s, p in zip(x_texts, pays, strict=True)
            ])  # fmt: skip
        if shape.pay_varies:
            return "".join([
                f"{before}{s}{dp * x},{db * x},{(dp + db) * x + dd}{tail}"
                for s, x in zip(x_texts, x_nums, strict=True)
            ])  # fmt: skip
        return "".join([
            f"{before}{s}{dp},{db * x},{dp + db * x + dd}{tail}"
            for s, x in zip(x_texts, x_nums, strict=True)
        ])  # fmt: skip
    lines = []
    pay_den, bonus_den = shape.pay_den, shape.bonus_den
    for s, x in zip(x_texts, x_nums, strict=True):
        pn = kp * x if shape.pay_varies else kp
        bn = kb * x if shape.bonus_varies else kb
        pc = pn if pay_den == 1 else half_up(pn, pay_den)
        bc = bn if bonus_den == 1 else half_up(bn, bonus_den)
        lines.append(
            f"{before}{s}{fmt_cents(pc)},{fmt_cents(bc)},{fmt_cents(pc + bc + death)}{tail}"
        )
    return "".join(lines)


#: Lines drawn by ``sweep --plot`` at most (one per combination of the other swept values).
PLOT_MAX_LINES: Final = 12
#: Points per line at most (the swept values are thinned evenly beyond this).
PLOT_MAX_POINTS: Final = 2_000


def plot_series(
    grid: Grid,
) -> tuple[Param, dict[str, tuple[list[float], list[float]]], str]:
    """What ``sweep --plot`` draws: the total against the first swept parameter, a line per
    combination of the others (at most ``PLOT_MAX_LINES``); returns the x parameter, the
    series by label, and a note when lines were left out."""
    varying = [j for j, c in enumerate(grid.counts) if c > 1] or [0]
    xj, others = varying[0], varying[1:]
    count = grid.counts[xj]
    stride = max(1, -(-count // PLOT_MAX_POINTS))
    xs = list(itertools.islice(iter_values(grid.items[xj]), 0, None, stride))
    combos = list(itertools.islice(product([grid.items[j] for j in others]), PLOT_MAX_LINES))
    fixed = [next(iter_values(items)) for items in grid.items]
    series = {}
    for combo in combos:
        values = list(fixed)
        for j, v in zip(others, combo, strict=True):
            values[j] = v
        label = ", ".join(f"{PARAMS[j].label} {v}" for j, v in zip(others, combo, strict=True))
        ys = []
        for x in xs:
            values[xj] = x
            ys.append(float(evaluate(point(values)).total_usd))
        series[label] = ([float(x) for x in xs], ys)
    total_lines = grid.size // count
    note = f"first {len(combos)} of {total_lines:,}" if total_lines > len(combos) else ""
    return PARAMS[xj], series, note
