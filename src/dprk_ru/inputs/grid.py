"""Parameter grids: value lists and ranges as users write them (``1500,2000``, ``0.5:1:0.1``).

A grid gives each parameter a list of values; its points are the cartesian product, in the
model's parameter order with the last parameter varying fastest (like nested loops written
in that order). ``analysis.sweep`` evaluates the model over it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from ..core.money import decimal_places
from ..core.numbers import GROUPED, canonical, read
from ..core.params import PARAMS, Param
from ..errors import InputError


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
    for run in _LOOKALIKES.finditer(text):
        # 10,000 would be the list 10 and 000: refuse it rather than sweep 10 and 0.
        if any(group.startswith("0") for group in run.group().split(",")[1:]):
            raise InputError(
                f"{where}: {run.group()} looks like a thousands separator: write "
                f"{canonical(run.group())}"
            )
    items: list[Item] = []
    for part in text.split(","):
        if not part.strip():
            raise InputError(f"{where}: empty item in {text!r}; expected {_FORMS}")
        if ":" in part:
            items.append(_parse_span(param, part, where))
        else:
            items.append(param.parse(part, where, dash=_DASH))
    return items


_FORMS: Final = "a value, a list A,B,C or a range START:STOP:STEP"
#: The fix for a range written with a dash (``5000-20000``).
_DASH: Final = "write a range as START:STOP:STEP, e.g. {a}:{b}:{step}"
#: List items that read like one number in thousands groups (``12,500``): whole items only.
_LOOKALIKES: Final = re.compile(rf"(?<![^,]){GROUPED}(?![^,])", re.ASCII)


def lookalike_note(param: Param, text: str, where: str | None = None) -> str | None:
    """How a legal list that looks like one number in thousands groups was read, for the
    user to see (``--troops 12,500 read as the list 12 and 500; write 12500 for one
    value``); None when nothing in ``text`` looks so."""
    run = _LOOKALIKES.search(text)
    if run is None:
        return None
    values = run.group().split(",")
    listed = ", ".join(values[:-1]) + " and " + values[-1]
    return (
        f"{where or param.option} {run.group()} read as the list {listed}; write "
        f"{canonical(run.group())} for one value"
    )


def grid_notes(given: Mapping[str, str | None]) -> list[str]:
    """``lookalike_note`` for each parameter given (by field name) that has one."""
    notes = []
    for p in PARAMS:
        text = given.get(p.name)
        note = lookalike_note(p, text) if text is not None else None
        if note is not None:
            notes.append(note)
    return notes


def _parse_span(param: Param, text: str, where: str) -> Span:
    pieces = text.split(":")
    if len(pieces) != 3:
        raise InputError(f"{where}: range {text!r} must be START:STOP:STEP, e.g. 5000:20000:5000")
    start = param.parse(pieces[0], where, dash=_DASH)
    stop = param.parse(pieces[1], where, dash=_DASH)
    step = read(
        pieces[2],
        f"{where}: range {text!r}: STEP",
        "",
        message=f"{where}: range {text!r}: STEP must be a plain number greater than 0",
    ).value
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
        follows: for each parameter, the index of the shorthand whose value it takes (a
            share not given beside ``--state-share``), else None; a follower is no axis of
            its own (its items are its default, one value).
    """

    items: tuple[tuple[Item, ...], ...]
    follows: tuple[int | None, ...] = ()

    @classmethod
    def from_items(cls, items: Mapping[str, Sequence[Item]]) -> Grid:
        """A grid from parsed items by field name; parameters not given take their default,
        and a parameter a given shorthand sets follows it."""
        index = {p.name: j for j, p in enumerate(PARAMS)}
        follows: list[int | None] = [None] * len(PARAMS)
        for p in PARAMS:
            if p.shorthand and p.name in items:
                for target in p.shorthand:
                    if target not in items:
                        follows[index[target]] = index[p.name]
        return cls(tuple(tuple(items.get(p.name, (p.default,))) for p in PARAMS), tuple(follows))

    def source(self, j: int) -> int:
        """The index of the parameter whose values parameter ``j`` takes."""
        follows = self.follows[j] if self.follows else None
        return j if follows is None else follows

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(item_count(i) for i in self.items)

    @property
    def size(self) -> int:
        """Number of points (rows)."""
        return math.prod(self.counts)


def product(items: Sequence[Sequence[Item]]) -> Iterator[tuple[Decimal, ...]]:
    """Like ``itertools.product`` over the values, without holding any value list in memory."""
    if not items:
        yield ()
        return
    for head in iter_values(items[0]):
        for rest in product(items[1:]):
            yield (head, *rest)
