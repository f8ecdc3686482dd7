"""Parameter grids: parsing value lists and ranges, and streaming the model over a grid.

A grid gives each parameter a list of values; its points are the cartesian product, in the
model's parameter order with the last parameter varying fastest (like nested loops written
in that order). ``sweep`` yields an :class:`~dprk_ru.model.Estimate` per point;
``write_csv`` streams the same rows as CSV text, fast, with integer arithmetic.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any, Final

from .errors import InputError
from .model import (
    COLUMNS,
    PARAMS,
    PLAIN_NUMBER,
    Estimate,
    Param,
    decimal_places,
    estimate,
    exact_cents,
    fmt_cents,
    fmt_plain,
    half_up,
    plain,
    usd,
)


@dataclass(frozen=True)
class Span:
    """An inclusive arithmetic range of decimal values: ``start:stop:step``."""

    start: Decimal
    stop: Decimal
    step: Decimal

    def __len__(self) -> int:
        return int((self.stop - self.start) // self.step) + 1

    def __iter__(self) -> Iterator[Decimal]:
        # start + i*step, never a running float sum: 0.5:1:0.1 gives exactly 0.5 .. 1.0
        return (self.start + i * self.step for i in range(len(self)))

    @property
    def last(self) -> Decimal:
        return self.start + (len(self) - 1) * self.step


Item = Decimal | Span


def parse_values(param: Param, text: str, where: str | None = None) -> list[Item]:
    """Parse a single value, a list ``1500,2000,2500`` or a range ``start:stop:step`` (and
    mixes: ``1000,5000:8000:1000``) for ``param``; InputError naming ``where`` otherwise."""
    where = where or param.option
    if not text.strip():
        raise InputError(f"{where}: empty value; expected {_FORMS} of {param.allowed()}")
    items: list[Item] = []
    for part in text.split(","):
        if not part.strip():
            raise InputError(f"{where}: empty item in {text!r}; expected {_FORMS}")
        if ":" in part:
            items.append(_parse_span(param, part, where))
        else:
            items.append(param.parse(part, where))
    return items


_FORMS: Final = "a value, a list A,B,C or a range START:STOP:STEP"


def _parse_span(param: Param, text: str, where: str) -> Span:
    pieces = text.split(":")
    if len(pieces) != 3:
        raise InputError(f"{where}: range {text!r} must be START:STOP:STEP, e.g. 5000:20000:5000")
    start = param.parse(pieces[0], where)
    stop = param.parse(pieces[1], where)
    if not PLAIN_NUMBER.fullmatch(pieces[2].strip()):
        raise InputError(f"{where}: range {text!r}: STEP must be a plain number greater than 0")
    step = Decimal(pieces[2].strip())
    if step <= 0:
        raise InputError(f"{where}: range {text!r}: STEP must be greater than 0, got {pieces[2]!r}")
    if start > stop:
        raise InputError(f"{where}: range {text!r}: START must not be greater than STOP")
    if decimal_places(step) > param.places:
        raise InputError(
            f"{where}: range {text!r}: STEP has more decimal places than {param.option} "
            f"takes ({param.places})"
        )
    return Span(start, stop, step)


def item_count(items: Sequence[Item]) -> int:
    """How many values ``items`` stand for, without expanding ranges."""
    return sum(len(i) if isinstance(i, Span) else 1 for i in items)


def iter_values(items: Sequence[Item]) -> Iterator[Decimal]:
    """The values ``items`` stand for, in order, one at a time."""
    for i in items:
        if isinstance(i, Span):
            yield from i
        else:
            yield i


def expand(items: Sequence[Item]) -> list[Decimal]:
    """The values ``items`` stand for, in order."""
    return list(iter_values(items))


def items_places(items: Sequence[Item]) -> int:
    """The most decimal places any value of ``items`` has."""
    return max(
        (
            max(decimal_places(i.start), decimal_places(i.step))
            if isinstance(i, Span)
            else decimal_places(i)
        )
        for i in items
    )


@dataclass(frozen=True)
class Grid:
    """The values of each parameter, as parsed items (ranges stay unexpanded).

    Args:
        items: for each parameter in ``PARAMS`` order, its values as items.
    """

    items: tuple[tuple[Item, ...], ...]

    @classmethod
    def from_items(cls, items: Mapping[str, Sequence[Item]]) -> Grid:
        """A grid from parsed items by field name; parameters not given take their default."""
        return cls(tuple(tuple(items.get(p.name, (p.default,))) for p in PARAMS))

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(item_count(i) for i in self.items)

    @property
    def size(self) -> int:
        """Number of points (rows)."""
        return math.prod(self.counts)


def grid_size(items: Mapping[str, Sequence[Item]]) -> int:
    """Rows a grid of ``items`` would have, without building it."""
    return Grid.from_items(items).size


def _product(items: Sequence[Sequence[Item]]) -> Iterator[tuple[Decimal, ...]]:
    """Like ``itertools.product`` over the values, without holding any value list in memory."""
    if not items:
        yield ()
        return
    for head in iter_values(items[0]):
        for rest in _product(items[1:]):
            yield (head, *rest)


def sweep(grid: Grid) -> Iterator[Estimate]:
    """Estimate every point of ``grid``, in grid order (last parameter fastest), lazily."""
    from .contingent import Contingent

    names = [p.name for p in PARAMS]
    for point in _product(grid.items):
        values: dict[str, Any] = dict(zip(names, point, strict=True))
        values["troops"] = int(values["troops"])
        yield estimate(Contingent.model_construct(**values))


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

    from .output import cell

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
