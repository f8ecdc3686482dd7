"""Fitting a table to the screen: a number is never cut, folded or wrapped.

A table view describes its columns (numbers, text, bars) and gives the cell text; ``show``
draws a rich table in which every number column is as wide as its widest number and only
text columns wrap. When that does not fit the console's width it wraps the headers at
their ``_``s, then drops the bars, and when even that is too wide it prints one record per
block (``header  value`` lines), where a number never shares its line with anything that
could push it out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Cell = Any  # str (never read as markup) or rich.text.Text

#: The narrowest a text column may wrap to before the table gives way to blocks (narrower
#: if its longest word is shorter).
TEXT_MIN: int = 20


@dataclass(frozen=True)
class Col:
    """A column of a table view.

    Args:
        header: the header text.
        kind: ``number`` (kept whole on one line, right-aligned), ``text`` (wraps, folds a
            word too long for the column) or ``bar`` (a drawing, dropped when narrow).
        justify: alignment; default right for numbers, left otherwise.
        style: a rich style for the column's cells.
        min_width: for text, the narrowest it may wrap to (default ``TEXT_MIN``, or its
            longest word if shorter); for a bar, its width.
    """

    header: str
    kind: Literal["number", "text", "bar"] = "number"
    justify: Literal["left", "right"] | None = None
    style: str | None = None
    min_width: int | None = None

    @property
    def align(self) -> Literal["left", "right"]:
        return self.justify or ("right" if self.kind == "number" else "left")


def text(cell: Cell) -> Any:
    """A cell as rich Text: a str is plain text, never markup (names may hold ``[``)."""
    from rich.text import Text

    return cell if isinstance(cell, Text) else Text(str(cell))


def width(cell: Cell) -> int:
    """The terminal cells the widest line of ``cell`` takes."""
    from rich.cells import cell_len

    return max((cell_len(line) for line in text(cell).plain.split("\n")), default=0)


def header_lines(header: str, room: int) -> str:
    """``header`` broken after its ``_``s and at spaces into lines of at most ``room``
    cells where it can be (``bonus_total_usd`` -> ``bonus_total_\\nusd``)."""
    pieces = [p for p in re.split(r"(?<=_)|(?<= )", header) if p]
    lines: list[str] = []
    for piece in pieces:
        if lines and len(lines[-1]) + len(piece.rstrip()) <= room:
            lines[-1] += piece
        else:
            lines.append(piece)
    return "\n".join(line.rstrip() for line in lines)


def _word(cell: Cell) -> int:
    """The longest word of a cell (where it cannot wrap)."""
    return max((len(w) for w in text(cell).plain.split()), default=0)


def _piece(header: str) -> int:
    """The longest piece a header breaks into."""
    return max((len(p.rstrip()) for p in re.split(r"(?<=_)|(?<= )", header) if p), default=0)


@dataclass(frozen=True)
class Style:
    """How the table is drawn (rich ``Table`` arguments that change its width)."""

    box: Any = "heavy_head"
    show_edge: bool = True
    padding: tuple[int, int, int, int] = (0, 1, 0, 1)  # top, right, bottom, left
    pad_edge: bool = True
    show_lines: bool = False
    show_header: bool = True

    def rich_box(self) -> Any:
        from rich import box

        if self.box is None or not isinstance(self.box, str):
            return self.box
        return getattr(box, self.box.upper())

    def overhead(self, count: int) -> int:
        """Cells taken by borders and padding in a table of ``count`` columns."""
        _, right, _, left = self.padding
        pad = (left + right) * count - (0 if self.pad_edge or count == 0 else left + right)
        if self.box is None:
            return pad
        return pad + (2 if self.show_edge else 0) + max(0, count - 1)


#: The look of most views: a heavy header rule and a frame.
FRAMED = Style()
#: A light look: a rule under the header, no frame, one space between columns.
LIGHT = Style(box="simple_head", show_edge=False, padding=(0, 1, 0, 0), pad_edge=False)
#: The framed look with a rule between rows (for rows of several lines).
FRAMED_LINES = Style(show_lines=True)
#: No lines at all: two spaces between columns.
BARE = Style(box=None, padding=(0, 1, 0, 1), pad_edge=False)
#: No lines and no header: a list of names and values.
PLAIN = Style(box=None, padding=(0, 1, 0, 1), show_header=False)


def _plan(
    cols: Sequence[Col], rows: Sequence[Sequence[Cell]], room: int, style: Style, whole: bool
) -> list[int] | None:
    """Column widths (None: a text column, sized by rich) if the table fits ``room``."""
    widths: list[int | None] = []
    need = style.overhead(len(cols))
    for i, c in enumerate(cols):
        data = max((width(r[i]) for r in rows), default=0)
        head = (len(c.header) if whole else _piece(c.header)) if style.show_header else 0
        if c.kind == "text":
            words = max((_word(r[i]) for r in rows), default=0)
            widths.append(None)
            need += max(1, min(data, max(words, head), c.min_width or TEXT_MIN))
        else:
            w = max(data, head, c.min_width or 0, 1)
            widths.append(w)
            need += w
    return widths if need <= room else None  # type: ignore[return-value]


def show(
    con: Any,
    cols: Sequence[Col],
    rows: Sequence[Sequence[Cell]],
    *,
    title: Cell | None = None,
    style: Style = FRAMED,
    sections: Sequence[int] = (),
) -> None:
    """Print ``rows`` under ``cols`` on ``con``, numbers whole (see the module docstring).

    Args:
        con: a rich Console; its width is the room there is.
        cols: the columns.
        rows: the cells of each row, one per column.
        title: printed above, left-aligned.
        style: borders and padding.
        sections: indexes of rows followed by a rule.
    """
    room = con.width
    # Whole headers and bars if they fit; else no bars; else headers broken at their ``_``s.
    for whole, keep_bars in ((True, True), (True, False), (False, False)):
        shown = [i for i, c in enumerate(cols) if keep_bars or c.kind != "bar"]
        sub_cols = [cols[i] for i in shown]
        sub_rows = [[r[i] for i in shown] for r in rows]
        widths = _plan(sub_cols, sub_rows, room, style, whole)
        if widths is not None:
            _table(con, sub_cols, sub_rows, widths, title, style, sections, whole)
            return
    blocks(con, [c for c in cols if c.kind != "bar"],
           [[cell for c, cell in zip(cols, r, strict=True) if c.kind != "bar"] for r in rows],
           title)  # fmt: skip


def _table(
    con: Any,
    cols: Sequence[Col],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int | None],
    title: Cell | None,
    style: Style,
    sections: Sequence[int],
    whole: bool,
) -> None:
    from rich.table import Table

    if title is not None:  # above the table, as wide as the screen, not the table
        con.print(text(title))
    table = Table(
        box=style.rich_box(),
        show_edge=style.show_edge,
        padding=style.padding,
        pad_edge=style.pad_edge,
        show_lines=style.show_lines,
        show_header=style.show_header,
    )
    for c, w in zip(cols, widths, strict=True):
        header = text(c.header if whole or w is None else header_lines(c.header, w))
        if w is None:
            table.add_column(header, justify=c.align, style=c.style, overflow="fold")
        else:
            table.add_column(header, justify=c.align, style=c.style, width=w, no_wrap=True)
    for i, r in enumerate(rows):
        table.add_row(*(text(cell) for cell in r), end_section=i in sections)
    con.print(table)


def blocks(
    con: Any, cols: Sequence[Col], rows: Sequence[Sequence[Cell]], title: Cell | None = None
) -> None:
    """One record per block: a ``header  value`` line for each column, a blank line
    between records; stacked (header, then the value indented) when even that is too wide."""
    from rich.table import Table

    if title is not None:
        con.print(text(title))
    key = max((len(c.header) for c in cols), default=0)
    number = max((width(r[i]) for r in rows for i, c in enumerate(cols) if c.kind == "number"),
                 default=0)  # fmt: skip
    side = key + 2 + max(number, 10) <= con.width  # room for the numbers and some text
    for n, r in enumerate(rows):
        if n:
            con.print()
        if side:
            grid = Table.grid(padding=(0, 2, 0, 0))
            grid.add_column(no_wrap=True, width=max(key, 1))
            grid.add_column(overflow="fold")
            for c, cell in zip(cols, r, strict=True):
                grid.add_row(text(c.header), text(cell))
            con.print(grid)
            continue
        for c, cell in zip(cols, r, strict=True):
            con.print(text(c.header), soft_wrap=True)
            value = text(cell).copy()
            value.pad_left(2)
            con.print(value, soft_wrap=True)
