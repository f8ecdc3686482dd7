"""Progress on stderr for long work, only when stderr is a terminal: rich's bar, or with
``NO_COLOR`` a line redrawn with a carriage return (no escape code). Off a terminal, or
with ``--quiet``, nothing."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import IO

from ..render.console import console, no_color

#: Sweeps of at least this many rows show progress.
PROGRESS_MIN_ROWS = 200_000
#: Simulations of at least this many draws (samples x uncertain quantities) show progress.
PROGRESS_MIN_DRAWS = 1_000_000


@contextlib.contextmanager
def progress_bar(
    total: int, label: str, quiet: bool = False, shown: bool = True
) -> Iterator[Callable[[int], None] | None]:
    """A callback advancing a bar of ``total`` steps labelled ``label``, or None when the
    bar is not shown (``quiet``, not ``shown`` (work too short to need one), or stderr not
    a terminal)."""
    if quiet or not shown or not sys.stderr.isatty():
        yield None
        return
    if no_color():  # rich's bar hides and moves the cursor: escape codes NO_COLOR forbids
        with carriage_return_progress(total, label, sys.stderr) as advance:
            yield advance
        return
    from rich.progress import Progress

    with Progress(console=console(sys.stderr), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


@contextlib.contextmanager
def carriage_return_progress(
    total: int, label: str, out: IO[str]
) -> Iterator[Callable[[int], None]]:
    """A progress line redrawn with a carriage return and no escape code (for ``NO_COLOR``,
    where rich's bar, which hides the cursor and moves it, would not do); erased at the end."""
    done = shown = 0

    def advance(n: int) -> None:
        nonlocal done, shown
        done += n
        percent = done * 100 // max(total, 1)
        if percent != shown:
            shown = percent
            out.write(f"\r{label} {percent:3d}% ({done:,} of {total:,})")
            out.flush()

    try:
        yield advance
    finally:
        width = len(f"{label} 100% ({total:,} of {total:,})")
        out.write("\r" + " " * width + "\r")
        out.flush()
