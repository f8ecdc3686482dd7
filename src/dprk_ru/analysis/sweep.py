"""``sweep``: the model over a grid of parameter values, one row per point, streamed.

``sweep`` yields an ``Estimate`` per point through the one formula; ``write_rows`` writes
the same rows as text, fast, with integer arithmetic on the terms of ``TERMS``, in any
``Layout`` (CSV here; JSON, JSON Lines and Markdown in ``render.stream``). Property tests
show it equal, byte for byte, to ``sweep``'s records written by ``csv`` and by each renderer.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import IO, Any, Final

from ..core.formula import TERMS, Estimate, Term, evaluate
from ..core.money import Readable, cell, fmt_cents, half_up
from ..core.params import COLUMNS, PARAMS, SHORTHANDS, Inputs, Param, check_deployed, common
from ..errors import InputError, Named
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


@dataclass(frozen=True)
class Layout:
    """How a sweep's rows are laid out as text, for ``write_rows``.

    A row is ``before[c]`` then column ``c``'s value for each column, then ``end``. A number
    is written plain (``2000``, ``1999.5``); a shorthand's column where its parameters differ
    is ``null``; text (the kind of personnel) is ``quote(text)``. ``head`` comes before the
    rows and ``tail`` after them, and the first row's first ``lead`` characters are left out
    (the ``,`` that JSON puts between objects). ``numbers``, if given, has for each column a
    function that rewrites its plain number text for reading (Markdown's ``$260,000,000``)
    or None: the writer calls it once per value of a parameter and on each term in a row.
    """

    before: tuple[str, ...]
    end: str
    null: str = ""
    quote: Callable[[str], str] = str
    head: str = ""
    tail: str = ""
    lead: int = 0
    numbers: tuple[Callable[[str], str] | None, ...] = ()

    def value(self, value: Any, number: Callable[[str], str] | None = None) -> str:
        """One value of a record as this layout writes it (``number``: its column's)."""
        if value is None:
            return self.null
        if isinstance(value, str):
            return self.quote(value)
        return number(cell(value)) if number is not None else cell(value)

    def row(self, record: Mapping[str, Any], columns: Sequence[str] = COLUMNS) -> str:
        """A record as one row of this layout."""
        numbers = self.numbers or (None,) * len(columns)
        cells = zip(self.before, columns, numbers, strict=True)
        return "".join(b + self.value(record.get(c), n) for b, c, n in cells) + self.end


#: CSV as ``csv.writer`` writes ``sweep``'s records (numbers never need quoting).
CSV: Final = Layout(("",) + (",",) * (len(COLUMNS) - 1), "\n", head=",".join(COLUMNS) + "\n")


def parse_grid(given: Mapping[str, str | None], max_rows: int) -> Grid:
    """Parse the grid options (by field name) and refuse grids over ``max_rows``."""
    items: dict[str, list[Item]] = {}
    for p in PARAMS:
        text = given.get(p.name)
        if text is not None:
            items[p.name] = parse_values(p, text)
    grid = Grid.from_items(items)
    if grid.size > max_rows:
        rows = Named("max_rows")
        raise InputError(
            rows, f": the grid has {grid.size:,} rows, more than the limit of {max_rows:,}; "
            "raise it with ", rows, f" {grid.size}",
        )  # fmt: skip
    check_grid(grid)
    return grid


def _span_ends(items: Sequence[Item]) -> tuple[Decimal, Decimal]:
    """The smallest and largest value ``items`` stand for, without expanding ranges."""
    ends = [v for i in items for v in ((i.start, i.last) if isinstance(i, Span) else (i,))]
    return min(ends), max(ends)


def check_grid(grid: Grid) -> None:
    """DeployedError, before any row, if a point of ``grid`` has more killed than ever
    deployed (``params.check_deployed``), naming the first such point in grid order. Cheap:
    the largest killed against the smallest troops x the smallest rotations; only a grid
    that fails it is walked, over its troops and rotations, to find that point."""
    t, r, k = (grid.items[_INDEX[name]] for name in ("troops", "rotations", "killed"))
    top = int(_span_ends(k)[1])
    if top <= int(_span_ends(t)[0]) * int(_span_ends(r)[0]):
        return
    # Grid order: troops before rotations before killed, the others between bear no part.
    for troops in iter_values(t):
        for rotations in iter_values(r):
            if top > troops * rotations:
                killed = next(x for x in iter_values(k) if x > troops * rotations)
                check_deployed(
                    Inputs(troops=int(troops), rotations=int(rotations), killed=int(killed)),
                    grid=True,
                )


def point(values: Sequence[Decimal], grid: Grid | None = None) -> Inputs:
    """A grid point (values in ``PARAMS`` order) as model inputs; a parameter that follows a
    shorthand in ``grid`` takes its value."""
    given = {
        p.name: p.typed(values[grid.source(j) if grid is not None else j])
        for j, p in enumerate(PARAMS)
        if not p.shorthand
    }
    return Inputs(**given)  # type: ignore[arg-type]


def sweep(grid: Grid) -> Iterator[Estimate]:
    """Estimate every point of ``grid``, in grid order (last parameter fastest), lazily;
    DeployedError before the first if a point has more killed than ever deployed."""
    check_grid(grid)
    for values in product(grid.items):
        yield evaluate(point(values, grid))


# The fast CSV writer. Every value is an integer numerator over a power of ten, and a term
# of ``TERMS`` is a constant times the product of its varying factors' numerators, rounded
# half up to the cent only where that constant is not whole cents. The grid's parameters
# split into the outer ones (before ``k``, a Python loop), the chunked one (``k``) and the
# inner ones (after ``k``, fewer than ``_BLOCK_ROWS`` combinations). A block is a chunk of
# ``k``'s values times every inner combination: thousands of rows made by one comprehension
# with a loop per varying parameter, generated for the grid's shape so that each piece of a
# row (a value's text, a term, the total) is made in the outermost loop where it is known.

#: Rows per block at least (bar the last chunk of a run): each block is one write. At about
#: a thousand rows a block's text stays near malloc's 128 KiB threshold, under which memory
#: is reused; larger blocks get fresh pages from the system each time, and page faults cost
#: about a quarter more time.
_BLOCK_ROWS: Final = 1_024
#: A chunked parameter with at most this many values has its text made once, not per block.
_CACHE_LIMIT: Final = 65_536
#: An innermost parameter with at most this many values is unrolled: its rows are made by
#: one f-string per value of the loop around it (``--state-share 0.5,1``).
_UNROLL: Final = 4
#: The text after the dollars for 0..99 cents, as ``fmt_cents`` writes it.
_CENTS: Final = ("", *(f".{c:02d}" for c in range(1, 100)))
_INDEX: Final = {p.name: j for j, p in enumerate(PARAMS)}
# Where a piece of a row is made: once, per block (outer values), per value of the chunked
# parameter; the inner parameters' loops are _X + 1, _X + 2, ...
_ONCE, _BLOCK, _X = 0, 1, 2
#: Marks a name of the innermost loop in generated source (an innermost loop that is
#: unrolled gets one copy of them per value).
_INNERMOST: Final = "@"


def _num_text(param: Param, scale: int) -> Callable[[int], str]:
    """How a numerator over 10**scale prints in CSV, as ``estimate`` prints the value."""
    if param.money:
        factor = 10 ** (2 - scale)
        return lambda n: fmt_cents(n * factor)
    if scale == 0:
        return str
    den = 10**scale

    def text(n: int) -> str:
        whole, frac = divmod(n, den)
        return str(whole) if frac == 0 else f"{whole}.{frac:0{scale}d}".rstrip("0")

    return text


class _Axis:
    """One parameter's values as integer numerators over ``10**scale``, lazily.

    ``gcd`` divides every numerator (0 when all are 0). The writer multiplies the reduced
    numerators ``n // gcd`` and puts the gcds in each term's constant, so that a term whose
    constant is whole dollars (``--state-share 0.5,1`` at $2,000) needs no rounding.
    """

    def __init__(self, param: Param, items: Sequence[Item]) -> None:
        self.items = items
        self.scale = items_places(items)
        self.count = item_count(items)
        self.text = _num_text(param, self.scale)
        firsts = []  # a range's values are start + i*step: gcd(start, step) divides them all
        for i in items:
            if isinstance(i, Span):
                firsts.append(self._num(i.start))
                if len(i) > 1:
                    firsts.append(self._num(i.step))
            else:
                firsts.append(self._num(i))
        self.gcd = math.gcd(*firsts)

    def _num(self, value: Decimal) -> int:
        return int(value.scaleb(self.scale))

    def runs(self, size: int) -> Iterator[Sequence[int]]:
        """The numerators in order, in runs of at most ``size`` (a range's as ``range``s)."""
        singles: list[int] = []
        for i in self.items:
            if isinstance(i, Span):
                if singles:
                    yield singles
                    singles = []
                start, step = self._num(i.start), self._num(i.step)
                whole = range(start, start + len(i) * step, step)
                for at in range(0, len(whole), size):
                    yield whole[at : at + size]
            else:
                singles.append(self._num(i))
                if len(singles) == size:
                    yield singles
                    singles = []
        if singles:
            yield singles

    def reduced(self, nums: Sequence[int]) -> Sequence[int]:
        """``nums`` divided by ``gcd`` (a ``range`` stays one)."""
        g = self.gcd
        if g == 1:
            return nums
        if not g:
            return [0] * len(nums)
        if isinstance(nums, range) and len(nums) > 1:  # then gcd divides the step too
            start, step = nums.start // g, nums.step // g
            return range(start, start + len(nums) * step, step)
        return [n // g for n in nums]

    def chunks(
        self, size: int, before: str = "", after: str = ""
    ) -> Iterator[tuple[list[str], Sequence[int]]]:
        """The values' texts (between ``before`` and ``after``) and reduced numerators, in
        runs of at most ``size``."""
        for run in self.runs(size):
            texts = list(map(self.text, run))
            if before or after:
                texts = [f"{before}{t}{after}" for t in texts]
            yield texts, self.reduced(run)


@dataclass(frozen=True)
class _TermPlan:
    """How the writer makes one term of ``TERMS`` over a grid.

    The term is ``const`` times the product of its factors' reduced numerators, in ``unit``:
    ``usd`` (whole dollars), ``cents`` (exact cents) or ``round`` (``const`` is twice the
    cents' numerator over ``den``, so the cents are ``(value + den) // (2 * den)``: that is
    ``money.half_up``). ``const`` is 0 when a factor is always 0.
    """

    factors: tuple[int, ...]
    unit: str
    const: int
    den: int

    @classmethod
    def of(cls, term: Term, axes: Sequence[_Axis], src: Sequence[int]) -> _TermPlan:
        factors = tuple(src[_INDEX[f]] for f in term.factors)
        g = math.prod(axes[j].gcd for j in factors)
        cents = Fraction(100 * g, 10 ** sum(axes[j].scale for j in factors))
        num, den = cents.numerator, cents.denominator
        if den > 1:
            return cls(factors, "round", 2 * num, den)
        if num % 100 == 0:
            return cls(factors, "usd", num // 100, 1)
        return cls(factors, "cents", num, 1)

    def value(self, num: int) -> int:
        """The term in its unit, from ``const`` times its factors' reduced numerators."""
        return half_up(num // 2, self.den) if self.unit == "round" else num

    def source(self, num: str) -> str:
        """``value`` as source text (``half_up`` inlined: ``num`` is already doubled)."""
        return f"({num} + {self.den}) // {2 * self.den}" if self.unit == "round" else num


def _money(value: int, unit: str) -> str:
    return str(value) if unit == "usd" else fmt_cents(value)


def _money_source(name: str, unit: str) -> str:
    """f-string source for a money value held in ``name`` (dollars or cents)."""
    return f"{{{name}}}" if unit == "usd" else f"{{{name} // 100}}{{F[{name} % 100]}}"


def _plain_source(name: str, unit: str) -> str:
    """An expression for the text ``_money_source`` writes (for a layout's number format)."""
    return f"str({name})" if unit == "usd" else f"str({name} // 100) + F[{name} % 100]"


def _composed(number: Callable[[str], str], text: Callable[[int], str]) -> Callable[[int], str]:
    """``text`` then ``number``: a parameter's value as a layout formats it."""
    return lambda n: number(text(n))


@dataclass(frozen=True)
class _Piece:
    """A piece of a row, made at ``level``: literal ``text``, a parameter's value (``ref``
    its index, with the literal text next to it joined ``before`` and ``after``), a term
    (``ref`` its index) or the total."""

    level: int
    kind: str  # "text", "param", "term" or "total"
    ref: int = 0
    text: str = ""
    before: str = ""
    after: str = ""


@functools.lru_cache(maxsize=64)
def _compile(source: str) -> Callable[..., str]:
    """The ``block`` function that ``_Writer`` generated for a grid's shape."""
    namespace: dict[str, Any] = {}
    exec(compile(source, "<sweep block>", "exec"), namespace)
    return namespace["block"]  # type: ignore[no-any-return]


class _Writer:
    """The fast writer for one grid, in one ``Layout`` (see the comment above
    ``_BLOCK_ROWS``)."""

    def __init__(self, grid: Grid, layout: Layout = CSV) -> None:
        self.layout = layout
        self.axes = axes = [_Axis(p, i) for p, i in zip(PARAMS, grid.items, strict=True)]
        # A layout's number formats (Markdown's $260,000,000): a parameter's texts are made
        # once per value, so its axis formats them; a term or total is formatted in the row.
        self.numbers = dict(enumerate(layout.numbers))
        for p, axis in zip(PARAMS, axes, strict=True):
            number = self.numbers.get(COLUMNS.index(p.name))
            if number is not None:
                axis.text = _composed(number, axis.text)
        # A share that follows --state-share reads its axis (see ``Grid.follows``).
        self.src = [grid.source(j) for j in range(len(PARAMS))]
        counts = [a.count for a in axes]
        self.k, inside = 0, 1
        for j in reversed(range(len(axes))):
            inside *= counts[j]
            if inside >= _BLOCK_ROWS:
                self.k = j
                break
        k = self.k
        self.inner_rows = math.prod(counts[k + 1 :])
        self.inner = [j for j in range(k + 1, len(axes)) if counts[j] > 1]
        self.level = [
            _X if j == k
            else _ONCE if counts[j] == 1
            else _BLOCK if j < k
            else _X + 1 + self.inner.index(j)
            for j in range(len(axes))
        ]  # fmt: skip
        self.top = _X + len(self.inner)
        self.unrolled = bool(self.inner) and counts[self.inner[-1]] <= _UNROLL
        self.terms = [_TermPlan.of(t, axes, self.src) for t in TERMS]
        self.term_level = [
            max(_BLOCK, *(self.level[j] for j in p.factors)) if p.const else _ONCE
            for p in self.terms
        ]
        live = [t for t, p in enumerate(self.terms) if p.const]
        self.unit = "usd" if all(self.terms[t].unit == "usd" for t in live) else "cents"
        self.total_level = max((self.term_level[t] for t in live), default=_ONCE)
        self.pieces = self._pieces()
        # What _source makes: texts made per block, by name; the bindings made in each loop;
        # each term's name; the total's name or expression.
        self.strings: dict[str, list[_Piece]] = {}
        self.loops: dict[int, list[str]] = {level: [] for level in range(_X, self.top + 1)}
        self.values: dict[int, str] = {}
        self.total = ""
        self.source = self._source()
        self.block = _compile(self.source)

    def _pieces(self) -> list[_Piece]:
        """A row as pieces, in column order, literal text joined to a neighbouring value made
        per chunked or inner value (so that it costs nothing per row)."""
        layout = self.layout
        raw = []
        for c, column in enumerate(COLUMNS):
            if layout.before[c]:
                raw.append(_Piece(_ONCE, "text", text=layout.before[c]))
            if column == "personnel":
                raw.append(_Piece(_ONCE, "text", text=layout.quote("soldiers")))
            elif column in SHORTHANDS and not self._follow_all(column):
                raw.append(_Piece(_ONCE, "text", text=self._common_text(column)))
            elif column in _INDEX:
                j = self.src[_INDEX[column]] if column not in SHORTHANDS else _INDEX[column]
                if self.level[j] == _ONCE:
                    axis = self.axes[j]
                    raw.append(_Piece(_ONCE, "text", text=axis.text(next(axis.runs(1))[0])))
                else:
                    raw.append(_Piece(self.level[j], "param", j))
            elif column == "total_usd":
                level = self.total_level
                zero = _Piece(_ONCE, "text", text=self._formatted(c, "0"))
                raw.append(_Piece(level, "total") if level else zero)
            else:
                t = next(i for i, term in enumerate(TERMS) if term.column == column)
                level = self.term_level[t]
                zero = _Piece(_ONCE, "text", text=self._formatted(c, "0"))
                raw.append(_Piece(level, "term", t) if level else zero)
        raw.append(_Piece(_ONCE, "text", text=layout.end))
        # An axis shown in several columns (--state-share and the shares that follow it)
        # keeps its text bare: the neighbouring literal text cannot be joined to it.
        refs = [p.ref for p in raw if p.kind == "param"]
        shared = {j for j in refs if refs.count(j) > 1}

        def joins(p: _Piece) -> bool:
            return p.kind == "param" and p.level >= _X and p.ref not in shared

        pieces: list[_Piece] = []
        for text, run in itertools.groupby(raw, key=lambda p: p.kind == "text"):
            if not text:
                pieces += run
                continue
            literal = "".join(p.text for p in run)
            if pieces and joins(pieces[-1]):
                pieces[-1] = dataclasses.replace(pieces[-1], after=pieces[-1].after + literal)
            else:
                pieces.append(_Piece(_ONCE, "text", text=literal))
        for i in range(len(pieces) - 1):  # text before a value made per chunked or inner value
            here, then = pieces[i], pieces[i + 1]
            if here.kind == "text" and joins(then):
                pieces[i + 1] = dataclasses.replace(then, before=here.text)
                pieces[i] = dataclasses.replace(here, text="")
        return [p for p in pieces if p.kind != "text" or p.text]

    def _formatted(self, c: int, text: str) -> str:
        """Column ``c``'s plain number ``text`` as the layout writes it."""
        number = self.numbers.get(c)
        return text if number is None else number(text)

    def _formatted_source(self, column: str, name: str, unit: str) -> str:
        """f-string source for a money value of ``column`` held in ``name``: as it is, or as
        the layout formats the column: money as a ``Readable`` with a prefix inline, as a
        format spec (the writer's money is never negative, and ``F`` gives the two places
        such money shows); any other function ``N<c>`` called on the plain text."""
        c = COLUMNS.index(column)
        number = self.numbers.get(c)
        if number is None:
            return _money_source(name, unit)
        if isinstance(number, Readable) and number.prefix:
            prefix = number.prefix.replace("{", "{{").replace("}", "}}")
            if unit == "usd":
                return f"{prefix}{{{name}:,}}"
            return f"{prefix}{{{name} // 100:,}}{{F[{name} % 100]}}"
        return f"{{N{c}({_plain_source(name, unit)})}}"

    def _follow_all(self, shorthand: str) -> bool:
        """Whether every parameter ``shorthand`` sets takes its values (none given itself)."""
        return all(
            self.src[_INDEX[t]] == _INDEX[shorthand] for t in SHORTHANDS[shorthand].shorthand
        )

    def _common_text(self, shorthand: str) -> str:
        """A shorthand's column where its parameters are given one value each: that value if
        they share it, else the layout's ``null``."""
        values = [
            next(iter_values(self.axes[self.src[_INDEX[t]]].items))
            for t in SHORTHANDS[shorthand].shorthand
        ]
        value = common(values)
        return (
            self.layout.null
            if value is None
            else self.axes[_INDEX[shorthand]].text(
                int(value.scaleb(self.axes[_INDEX[shorthand]].scale))
            )
        )

    @staticmethod
    def fits(grid: Grid) -> bool:
        """Whether the writer makes this grid: a shorthand's column is one value or empty on
        every row unless all its parameters follow it (else ``sweep``'s records are written)."""
        for name, short in SHORTHANDS.items():
            j = _INDEX[name]
            own = [_INDEX[t] for t in short.shorthand if grid.source(_INDEX[t]) != j]
            if own and any(grid.counts[k] > 1 for k in (j, *own)):
                return False
        return True

    def _name(self, base: str, level: int) -> str:
        """A name made at ``level``: marked if that is the innermost loop."""
        return base + _INNERMOST if level == self.top and self.top > _X else base

    def _source(self) -> str:
        """The source of ``block``: one comprehension over a chunk and the inner loops."""
        terms, unit = self.terms, self.unit
        for t, p in enumerate(terms):
            if self.term_level[t] < _X:
                continue
            made = f"K{t}"
            levels = sorted({self.level[j] for j in p.factors if self.level[j] >= _X})
            for level in levels:
                last = level == levels[-1]
                name = self._name(f"v{t}" if last else f"p{t}_{level}", level)
                product = f"{made} * {self._name('mx' if level == _X else f'm{level}', level)}"
                self.loops[level].append(
                    f"for {name} in [{p.source(product) if last else product}]"
                )
                made = name
            self.values[t] = made
        in_total = [
            f"{self.values[t]} * 100"
            if unit == "cents" and terms[t].unit == "usd"
            else self.values[t]
            for t in self.values
        ]
        self.total = " + ".join(in_total + ["kr"] * (_BLOCK in self.term_level))
        if self.total_level >= _X and unit == "cents":
            name = self._name("vT", self.total_level)
            self.loops[self.total_level].append(f"for {name} in [{self.total}]")
            self.total = name
        row = "".join(self._fragment(self.pieces))
        lines = ["for xt, mx in zip(xts, xms)", *self.loops[_X]]
        args = ["xts", "xms", "F", "kr", *(f"K{t}" for t in range(len(terms)))]
        args += [f"N{c}" for c, number in self.numbers.items() if number is not None]
        for level, j in enumerate(self.inner, start=_X + 1):
            if level == self.top and self.unrolled:
                count = self.axes[j].count
                args += [f"m{level}_{i}" for i in range(count)]
                args += [f"t{level}_{i}" for i in range(count)]
                lines += [
                    line.replace(_INNERMOST, f"_{i}")
                    for i in range(count)
                    for line in self.loops[level]
                ]
                row = "".join(row.replace(_INNERMOST, f"_{i}") for i in range(count))
            else:
                args.append(f"V{level}")
                lines += [f"for t{level}, m{level} in V{level}", *self.loops[level]]
        args += self.strings
        body = "\n        ".join(lines)
        source = (
            f"def block({', '.join(args)}):\n"
            f'    return "".join([\n        f"{row}"\n        {body}\n    ])\n'
        )
        return source.replace(_INNERMOST, "")

    def _fragment(self, pieces: list[_Piece]) -> list[str]:
        """f-string source for a run of pieces, made at its highest level: the pieces of that
        level inline, and each run of lower ones as one name made at its own level."""
        top = max(p.level for p in pieces)
        if top <= _BLOCK:
            name = f"b{len(self.strings)}"
            self.strings[name] = pieces
            return [f"{{{name}}}"]
        parts: list[str] = []
        for below, run in itertools.groupby(pieces, key=lambda p: p.level < top):
            if not below:
                parts += map(self._piece_source, run)
                continue
            lower = list(run)
            sub = self._fragment(lower)
            if len(sub) == 1 and re.fullmatch(r"\{\w+\}", sub[0]):
                parts += sub  # a name already
                continue
            level = max(p.level for p in lower)
            name = f"s{sum(map(len, self.loops.values()))}"  # unique: one more line each
            self.loops[level].append(f'for {name} in [f"{"".join(sub)}"]')
            parts.append(f"{{{name}}}")
        return parts

    def _piece_source(self, piece: _Piece) -> str:
        """f-string source for a piece made per chunked value, per inner value or per row."""
        if piece.kind == "param":
            return (
                "{xt}" if piece.level == _X else f"{{{self._name(f't{piece.level}', piece.level)}}}"
            )
        if piece.kind == "term":
            name, unit = self.values[piece.ref], self.terms[piece.ref].unit
            return self._formatted_source(TERMS[piece.ref].column, name, unit)
        unit = self.unit if self.unit == "cents" else "usd"
        return self._formatted_source("total_usd", self.total, unit)

    def _param_piece(self, j: int) -> _Piece:
        """Axis ``j``'s piece; a bare one for an axis no column shows (a share that follows
        ``--state-share``: one value, looped over once)."""
        found = (p for p in self.pieces if p.kind == "param" and p.ref == j)
        return next(found, _Piece(self.level[j], "param", j))

    def _constants(self) -> dict[str, Any]:
        """What stays the same over the whole grid: the inner loops' texts and numerators."""
        constants: dict[str, Any] = {"F": _CENTS}
        constants |= {f"N{c}": n for c, n in self.numbers.items() if n is not None}
        for level, j in enumerate(self.inner, start=_X + 1):
            piece, axis = self._param_piece(j), self.axes[j]
            texts: list[str] = []
            nums: list[int] = []
            for run_texts, run_nums in axis.chunks(axis.count, piece.before, piece.after):
                texts += run_texts
                nums += run_nums
            if level == self.top and self.unrolled:
                constants |= {f"t{level}_{i}": text for i, text in enumerate(texts)}
                constants |= {f"m{level}_{i}": num for i, num in enumerate(nums)}
            else:
                constants[f"V{level}"] = list(zip(texts, nums, strict=True))
        return constants

    def _outer(self) -> Iterator[tuple[list[str], list[int]]]:
        """Each combination of the outer parameters: their texts and reduced numerators, by
        parameter index (the same two lists, updated in place)."""
        texts, nums = [""] * self.k, [0] * self.k

        def walk(j: int) -> Iterator[tuple[list[str], list[int]]]:
            if j == self.k:
                yield texts, nums
                return
            for run_texts, run_nums in self.axes[j].chunks(_CACHE_LIMIT):
                for text, num in zip(run_texts, run_nums, strict=True):
                    texts[j], nums[j] = text, num
                    yield from walk(j + 1)

        return walk(0)

    def _block_args(self, texts: Sequence[str], nums: Sequence[int]) -> dict[str, Any]:
        """What stays the same over the blocks of one combination of the outer parameters."""
        args: dict[str, Any] = {"kr": 0}
        made: dict[int, str] = {}
        for t, p in enumerate(self.terms):
            const = p.const * math.prod(nums[j] for j in p.factors if self.level[j] == _BLOCK)
            args[f"K{t}"] = const
            if self.term_level[t] == _BLOCK:
                value = p.value(const)
                made[t] = self._formatted(COLUMNS.index(TERMS[t].column), _money(value, p.unit))
                args["kr"] += value * 100 if self.unit == "cents" and p.unit == "usd" else value
        total = self._formatted(COLUMNS.index("total_usd"), _money(args["kr"], self.unit))
        for name, pieces in self.strings.items():
            args[name] = "".join(
                p.text if p.kind == "text"
                else texts[p.ref] if p.kind == "param"
                else made[p.ref] if p.kind == "term"
                else total
                for p in pieces
            )  # fmt: skip
        return args

    def write(self, out: IO[str], progress: Callable[[int], None] | None, lead: int = 0) -> int:
        """Write every row, a block at a time, the first ``lead`` characters left out;
        return how many."""
        axis, x = self.axes[self.k], self._param_piece(self.k)
        constants = self._constants()
        size = -(-_BLOCK_ROWS // self.inner_rows)
        cached = list(axis.chunks(size, x.before, x.after)) if axis.count <= _CACHE_LIMIT else None
        written = 0
        for texts, nums in self._outer():
            args = self._block_args(texts, nums) | constants
            for xts, xms in axis.chunks(size, x.before, x.after) if cached is None else cached:
                text = self.block(xts, xms, **args)
                if lead:
                    text, lead = text[lead:], 0
                out.write(text)
                rows = len(xts) * self.inner_rows
                written += rows
                if progress is not None:
                    progress(rows)
        return written


def write_rows(
    grid: Grid,
    out: IO[str],
    layout: Layout = CSV,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream ``grid``'s rows with the ``estimate`` columns in ``layout``; return how many.

    Byte for byte ``layout.row`` of each of ``sweep(grid)``'s records, between ``head`` and
    ``tail``, with integer arithmetic on each term of ``TERMS``, in blocks of thousands of
    rows; memory stays flat (no value list longer than ``_CACHE_LIMIT``). ``progress`` is
    called with the rows written since its last call. DeployedError before anything is
    written if a point has more killed than ever deployed (``check_grid``).
    """
    check_grid(grid)
    out.write(layout.head)
    if _Writer.fits(grid):
        written = _Writer(grid, layout).write(out, progress, layout.lead)
    else:
        written = _write_records(grid, out, layout, progress)
    out.write(layout.tail)
    return written


def _write_records(
    grid: Grid, out: IO[str], layout: Layout, progress: Callable[[int], None] | None
) -> int:
    """The plain path: ``sweep``'s records as rows of ``layout`` (a grid whose shares vary
    apart from a varying ``--state-share``, where the shorthand's column differs row by
    row)."""
    written, lead = 0, layout.lead
    for e in sweep(grid):
        row = layout.row(e.record())
        if lead:
            row, lead = row[lead:], 0
        out.write(row)
        written += 1
        if progress is not None and written % _BLOCK_ROWS == 0:
            progress(_BLOCK_ROWS)
    if progress is not None and written % _BLOCK_ROWS:
        progress(written % _BLOCK_ROWS)
    return written


#: Points per line at most (the swept values are thinned evenly beyond this).
PLOT_MAX_POINTS: Final = 2_000
#: The parameters a sweep chart's note states even when the user left them alone.
_NOTED: Final = ("troops", "monthly_pay_usd", "months", "bonus_usd", "state_share")


def plot_axes(grid: Grid) -> tuple[int, list[int]]:
    """The parameter ``sweep --plot`` puts on the x axis (the first swept) and the others
    swept, a line per combination of their values."""
    varying = [j for j, c in enumerate(grid.counts) if c > 1] or [0]
    return varying[0], varying[1:]


def plot_lines(grid: Grid) -> int:
    """How many lines ``sweep --plot`` would draw (checked before any work)."""
    xj, _ = plot_axes(grid)
    return grid.size // grid.counts[xj]


def _value_words(param: Param, value: Decimal) -> str:
    if param.money:
        return f"${value:,.2f}".removesuffix(".00")
    if param.unit == "fraction":
        return f"{value * 100:,.4g}%"
    return f"{value:,f}".rstrip("0").rstrip(".") if "." in f"{value}" else f"{value:,}"


def plot_series(
    grid: Grid, given: Sequence[str] = ()
) -> tuple[Param, dict[str, tuple[list[float], list[float]]], str, int]:
    """What ``sweep --plot`` draws: the total against the first swept parameter, a line per
    combination of the others (``plot_lines``, checked by the caller), labelled in words
    ("Monthly pay $1,500; Enlistment bonus $0"); returns the x parameter, the series by
    label, a note of the fixed values ("Fixed: months deployed 12; ...", those given and
    the main model parameters) and how many lines a panel groups (the innermost swept
    parameter's values, when they fit a panel)."""
    xj, others = plot_axes(grid)
    count = grid.counts[xj]
    stride = max(1, -(-count // PLOT_MAX_POINTS))
    xs = list(itertools.islice(iter_values(grid.items[xj]), 0, None, stride))
    combos = list(product([grid.items[j] for j in others]))
    fixed = [next(iter_values(items)) for items in grid.items]
    series = {}
    for combo in combos:
        values = list(fixed)
        for j, v in zip(others, combo, strict=True):
            values[j] = v
        label = "; ".join(
            f"{PARAMS[j].label} {_value_words(PARAMS[j], v)}"
            for j, v in zip(others, combo, strict=True)
        )
        ys = []
        for x in xs:
            values[xj] = x
            ys.append(float(evaluate(point(values, grid)).total_usd))
        series[label] = ([float(x) for x in xs], ys)
    held = [
        j for j, p in enumerate(PARAMS)
        if grid.counts[j] == 1 and grid.source(j) == j and j != xj
        and (p.name in _NOTED or p.name in given)
    ]  # fmt: skip
    swept: list[str] = []
    for j in [xj, *others] if count > 1 else others:
        vals = list(iter_values(grid.items[j]))
        lo, hi = min(vals), max(vals)
        words = f"{_value_words(PARAMS[j], lo)}-{_value_words(PARAMS[j], hi)}"
        label = PARAMS[j].label if not swept else PARAMS[j].label.lower()
        swept.append(f"{label} {words} ({len(vals):,} values)")
    note = "; ".join(swept) + (": your assumptions" if len(swept) > 1 else ", your assumption")
    if not swept:
        note = ""
    if held:
        fixed_words = "; ".join(
            f"{PARAMS[j].label.lower()} {_value_words(PARAMS[j], fixed[j])}" for j in held
        )
        note = f"{note}. Fixed: {fixed_words}" if note else f"Fixed: {fixed_words}"
    inner = grid.counts[others[-1]] if others else 1
    per_panel = inner if len(others) > 1 and 1 < inner <= 8 else 8
    return PARAMS[xj], series, note, per_panel
