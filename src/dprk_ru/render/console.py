"""The rich Console every view draws on: no escape codes off a terminal or under
``NO_COLOR``, no markup read in strings, a closed pipe let through, and an ASCII stream
for an output whose encoding lacks the drawing characters."""

from __future__ import annotations

import errno
import functools
import os
from typing import IO, Any


def no_color() -> bool:
    """Whether colour and styles are off: ``NO_COLOR`` set (``--no-color`` sets it)."""
    return bool(os.environ.get("NO_COLOR"))


#: Drawing characters of the table views, as ASCII, for an output that cannot carry them.
_ASCII_GLYPHS = str.maketrans({"▁": "_", "▂": ".", "▃": ":", "▄": "-", "▅": "=", "▆": "+",
                               "▇": "*", "█": "#", "│": "|", "─": "-", "…": "...", "–": "-",
                               "—": "--", "×": "x", "’": "'", "“": '"', "”": '"'})  # fmt: skip


class _AsciiSafe:
    """A text stream for an encoding that cannot carry the table views' drawing characters
    (``PYTHONIOENCODING=ascii``): they become ASCII look-alikes, and any other character the
    encoding lacks a backslash escape, so a table is drawn rather than a traceback raised."""

    def __init__(self, stream: IO[str], encoding: str) -> None:
        self._stream = stream
        self.encoding = encoding

    def write(self, text: str) -> int:
        text = text.translate(_ASCII_GLYPHS)
        return self._stream.write(
            text.encode(self.encoding, "backslashreplace").decode(self.encoding)
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _drawable(out: IO[str]) -> Any:
    """``out``, or ``out`` behind ``_AsciiSafe`` when its encoding lacks the box characters."""
    encoding = getattr(out, "encoding", None)
    if not isinstance(encoding, str):
        return out
    try:
        "█│…─".encode(encoding)
    except UnicodeEncodeError:
        return _AsciiSafe(out, encoding)
    except LookupError:
        return out
    return out


def console(out: IO[str]) -> Any:
    """A rich Console on ``out``: escape codes only on a terminal, and none at all (not even
    bold) when ``NO_COLOR`` is set. Strings are never read as rich markup (a scenario named
    ``[/b]`` is text), and an ASCII-only output gets an ASCII table."""
    colour: dict[str, Any] = {"color_system": None} if no_color() else {}
    return _console_class()(
        file=_drawable(out), highlight=False, soft_wrap=False, markup=False, **colour
    )


@functools.cache
def _console_class() -> Any:
    from rich.console import Console

    class PipeConsole(Console):
        """A Console that lets a closed pipe reach the CLI boundary (exit 141), where
        rich's own default exits 1."""

        def on_broken_pipe(self) -> None:
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return PipeConsole
