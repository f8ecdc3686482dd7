"""Output files: written atomically (a temporary file beside the target, renamed into
place on success, removed on any failure), for data and charts alike: the one helper."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError


@contextlib.contextmanager
def atomic_file(path: Path, option: str, binary: bool = False) -> Iterator[IO[Any]]:
    """A file object whose content replaces ``path`` only if the block succeeds.

    Errors name ``option`` (``--output``, ``--plot``); the temporary file is removed on
    any failure, so an existing file is never left half-written.
    """
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as e:
        raise OutputError(f"{option}: cannot write {str(path)!r}: {e.strerror or e}") from None
    try:
        if binary:
            with os.fdopen(fd, "wb") as f:
                yield f
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                yield f
        if path.is_dir():
            raise OutputError(f"{option}: {str(path)!r} is a directory")
        umask = os.umask(0)
        os.umask(umask)
        try:
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
        except OSError as e:
            raise OutputError(f"{option}: cannot write {str(path)!r}: {e.strerror or e}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def output_stream(path: Path | None, option: str = "--output") -> Iterator[IO[str]]:
    """stdout, or ``path`` written atomically (``atomic_file``)."""
    if path is None:
        yield sys.stdout
        return
    with atomic_file(path, option) as f:
        yield f
