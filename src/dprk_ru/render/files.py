"""Output files and folders: the one module that writes them, for data, samples, charts and
briefs alike (tests/test_architecture.py checks that no other module does).

A path is resolved to what it finally points to before any work (``output_target``):
``-`` is stdout; a device, FIFO or ``/dev/stdout`` is written through, with no temporary
file and no rename; a regular file (or a new one), reached through symlinks or not, is
replaced atomically: a temporary file beside the target, renamed onto it on success, removed
on any failure or signal. A Markdown brief and its chart folder are replaced together or not
at all (``write_with_folder``). Inside ``all_or_nothing`` (every command runs in one) the
renames wait until the command succeeds, so a failing run leaves none of its files behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from ..errors import InputError, OutputError

#: Symlinks followed before giving up, as the kernel's own limit (ELOOP).
MAX_LINKS = 40

#: Temporary files (and folders) written but not yet renamed into place.
_STAGED: ContextVar[list[_File | _WithFolder] | None] = ContextVar("staged", default=None)


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


@dataclass(frozen=True)
class Output:
    """Where one output goes, resolved before any work.

    Args:
        option: the option that named it (``--output``, ``--plot``), for messages.
        given: the path as given (``-`` for stdout).
        kind: ``stdout``; ``fd``, an open file descriptor named by ``/dev/fd/N``;
            ``stream``, a device, FIFO or socket, written through; ``file``, a regular file
            (existing or new), replaced atomically.
        path: the final path, symlinks followed (``stream`` and ``file``).
        fd: the descriptor (``fd``).
    """

    option: str
    given: str
    kind: Literal["stdout", "fd", "stream", "file"]
    path: str | None = None
    fd: int | None = None

    @property
    def suffix(self) -> str:
        """The extension of the name as given, lower case (``.csv``), or ``""``."""
        return Path(self.given).suffix.lower() if self.kind == "file" else ""

    def isatty(self) -> bool:
        """Whether it is a terminal, as far as can be told without opening it."""
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if self.kind == "stdout":
                return bool(sys.stdout.isatty())
            if self.kind == "fd" and self.fd is not None:
                return os.isatty(self.fd)
        return False

    @contextlib.contextmanager
    def open(self, binary: bool = False) -> Iterator[IO[Any]]:
        """A file object for the output; errors while writing become one ``OutputError``
        (a closed pipe stays a ``BrokenPipeError``, for the CLI to end with 141)."""
        if self.kind == "file":
            assert self.path is not None
            with _atomic(self.path, self.option, self.given, binary) as f:
                yield f
            return
        name = "to stdout" if self.kind == "stdout" else repr(self.given)
        try:
            if self.kind == "stdout" or self.fd == 1:
                if sys.stdout is None:
                    raise OutputError(_closed_stdout(self.option))
                sys.stdout.flush()
                out: IO[Any] = sys.stdout.buffer if binary else sys.stdout
                yield out
                out.flush()
                return
            with self._open_stream(binary) as f:
                yield f
        except BrokenPipeError:
            raise
        except OSError as e:
            where = "" if self.kind == "stdout" else f"{self.option}: "
            raise OutputError(f"{where}cannot write {name}: {_reason(e)}") from None

    @contextlib.contextmanager
    def _open_stream(self, binary: bool) -> Iterator[IO[Any]]:
        """A descriptor or a device, FIFO or socket, opened for writing: no rename."""
        mode = "wb" if binary else "w"
        if self.fd is not None:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    stream.flush()
            f = os.fdopen(os.dup(self.fd), mode, **_text(binary))
        else:
            assert self.path is not None
            f = open(self.path, mode, **_text(binary))  # noqa: SIM115
        with f:
            yield f


def _text(binary: bool) -> dict[str, Any]:
    return {} if binary else {"encoding": "utf-8", "newline": ""}


def _closed_stdout(option: str) -> str:
    return f"cannot write to stdout: it is closed (give {option} FILE)"


def _follow(given: str, option: str) -> str | int:
    """The path ``given`` finally points to, following symlinks one at a time, or the file
    descriptor number when it names one of ours (``/dev/stdout``, ``/dev/fd/3``)."""
    fd_dirs = {f"/proc/{os.getpid()}/fd", "/proc/self/fd", "/dev/fd"}
    path = os.path.abspath(given)
    for _ in range(MAX_LINKS):
        parent, name = os.path.split(path)
        parent = os.path.realpath(parent)
        if name.isdigit() and parent in fd_dirs:
            return int(name)
        path = os.path.join(parent, name)
        try:
            link = os.readlink(path)
        except OSError:  # not a link, or nothing there yet
            return path
        path = os.path.join(parent, link)
    raise OutputError(f"{option}: cannot write {given!r}: too many levels of symbolic links")


def output_target(path: Path | str | None, option: str = "--output") -> Output:
    """Resolve and check an output path before any work is done.

    None and ``-`` are stdout. Raises InputError (exit 2) for a directory, OutputError
    (exit 1) for a path that cannot be written (a missing folder, a closed stdout).
    """
    if path is None or str(path) == "-":
        if sys.stdout is None:
            raise OutputError(_closed_stdout(option))
        return Output(option, "-", "stdout")
    given = str(path)
    if not given.strip() or given.endswith(("/", os.sep)):
        raise InputError(f"{option}: expected a file name, got {given!r}")
    final = _follow(given, option)
    if isinstance(final, int):
        if final == 1 and sys.stdout is None:
            raise OutputError(_closed_stdout(option))
        try:
            os.fstat(final)
        except OSError as e:
            raise OutputError(f"{option}: cannot write {given!r}: {_reason(e)}") from None
        return Output(option, given, "fd", fd=final)
    try:
        mode = os.stat(final).st_mode
    except FileNotFoundError:
        parent = os.path.dirname(final)
        if not os.path.isdir(parent):
            raise OutputError(
                f"{option}: cannot write {given!r}: No such file or directory"
            ) from None
        return Output(option, given, "file", path=final)
    except OSError as e:
        raise OutputError(f"{option}: cannot write {given!r}: {_reason(e)}") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{option}: {given!r} is a directory; give a file name")
    if stat.S_ISREG(mode) and not _mode_lets_write(st := os.stat(final)):
        fix = (
            "change it (chmod u+w) or write elsewhere"
            if st.st_uid == os.geteuid()
            else "it is another user's: write elsewhere"
        )
        raise OutputError(
            f"{option}: cannot write {given!r}: its mode ({stat.filemode(mode)}) does not let "
            f"you write it; {fix}"
        )
    return Output(option, given, "file" if stat.S_ISREG(mode) else "stream", path=final)


def _mode_lets_write(st: os.stat_result) -> bool:
    """Whether a file's mode bits grant the effective user write permission: as the
    shell's ``>`` refuses a read-only file, so does ``-o``, for root too (who could)."""
    if st.st_uid == os.geteuid():
        return bool(st.st_mode & stat.S_IWUSR)
    if st.st_gid == os.getegid() or st.st_gid in os.getgroups():
        return bool(st.st_mode & stat.S_IWGRP)
    return bool(st.st_mode & stat.S_IWOTH)


#: Names of the standard output besides ``-``.
STDOUT_NAMES = ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


def is_stdout(given: Path | str | None) -> bool:
    """Whether an output option's value is the standard output: not given, ``-``, or
    ``/dev/stdout`` by any of its names, through symlinks (not a file that stdout happens
    to be redirected to, such as /dev/null)."""
    if given is None or str(given) == "-":
        return True
    path = str(given)
    for _ in range(MAX_LINKS):
        if path in STDOUT_NAMES:
            return True
        if not os.path.islink(path):
            return False
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    return False


def _same_file_key(given: str) -> str | None:
    """What identifies the regular file a path names: its device and inode where it exists
    (symlinks and hard links alike), else its resolved path (None for stdout, a descriptor,
    a device or a FIFO, which may be named twice)."""
    if given == "-" or given.startswith("/dev/fd/") or is_stdout(given):
        return None
    final = os.path.realpath(given)
    try:
        st = os.stat(final)
    except OSError:
        return os.path.normcase(final)  # not there yet: the file it will be
    return f"inode {st.st_dev}:{st.st_ino}" if stat.S_ISREG(st.st_mode) else None


def distinct(
    outputs: Sequence[tuple[str, Path | str | None]],
    inputs: Sequence[tuple[str, str | None]] = (),
) -> None:
    """Refuse (InputError, exit 2, naming both options) two outputs of one run that name
    the same regular file, or an output that names a file the run reads; checked before
    any work. Devices such as /dev/null may be named by several."""
    seen: dict[str, str] = {}
    for option, value in inputs:
        if value is not None and os.path.isfile(value):
            key = _same_file_key(value)
            if key is not None:
                seen.setdefault(key, option)
    for option, path in outputs:
        if path is None:
            continue
        key = _same_file_key(str(path))
        if key is None:
            continue
        if key in seen:
            other = seen[key]
            raise InputError(
                f"{option}: {str(path)!r} is also {other}'s file; write each to its own file"
                if other not in dict(inputs)
                else f"{option}: {str(path)!r} is the file {other} reads; write somewhere else"
            )
        seen[key] = option


def temp_prefix(final: str) -> str:
    """The temporary name's start: ``.FILE.``, its FILE cut (on a character boundary) where
    the name with mkstemp's 8 random characters and ``.tmp`` would pass the folder's name
    limit, so that any name the shell can write, the tool can too."""
    name = os.path.basename(final)
    try:
        limit = os.pathconf(os.path.dirname(final) or ".", "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    room = limit - len(".") - len(".") - 8 - len(".tmp")
    while len(os.fsencode(name)) > room:  # cut whole characters, never half of one
        name = name[:-1]
    return f".{name}."


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Held:
    """The signals that arrived while held (true if any did)."""

    def __init__(self, masked: frozenset[int] = frozenset()) -> None:
        self.arrived: list[int] = []
        self.masked = masked

    def __bool__(self) -> bool:
        import signal

        return bool(self.arrived) or bool(self.masked and self.masked & signal.sigpending())


@contextlib.contextmanager
def _signals_held() -> Iterator[_Held]:
    """Hold SIGINT, SIGTERM and SIGHUP for the block, which can ask whether one arrived;
    it is delivered (to the handler in force before) when the block ends.

    In the main thread the handlers are swapped for one that records: Python runs signal
    handlers in the main thread whichever thread the kernel picked (numpy's may), so a
    mask would not hold them. Elsewhere (handlers cannot be set there) they are masked.
    """
    import signal
    import threading

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    held = frozenset(getattr(signal, n) for n in names if hasattr(signal, n))
    if threading.current_thread() is not threading.main_thread():
        if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on Linux
            yield _Held()
            return
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            yield _Held(held)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
        return
    state = _Held()

    def record(signum: int, _frame: object) -> None:
        state.arrived.append(signum)

    saved = {}
    for s in sorted(held):
        handler = signal.getsignal(s)
        if handler is not None:  # None: set outside Python, which could not restore it
            saved[s] = handler
            signal.signal(s, record)
    try:
        yield state
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)
        if state.arrived:  # the first one, as it would have come; its handler may raise
            signal.raise_signal(state.arrived[0])


@dataclass(frozen=True)
class _File:
    """A temporary file written beside ``final``, to be renamed onto it."""

    tmp: str
    final: str
    option: str
    given: str

    def commit(self, held: _Held, undo_on_signal: bool) -> bool:
        """Rename it into place (one rename: nothing to undo); True once done."""
        _replace(self.tmp, self.final, self.option, self.given)
        return True

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


@dataclass(frozen=True)
class _WithFolder:
    """A file and the folder beside it (a Markdown brief and its charts), replaced together.

    The new folder is built under a temporary name (``staging``; None for no folder). To
    replace them, with signals held (the caller holds them): the old folder is moved aside,
    the new one renamed into place, then the file renamed onto its name, the one step that
    commits. A failure before it, or a signal while nothing else has been replaced, undoes
    both renames: the old file and folder are as they were, and the new ones are removed.
    Once the file is in place, the old folder is removed.

    Renames, not Linux's renameat2(RENAME_EXCHANGE): an exchange would make the folder's
    own swap atomic but not the pair's, which needs the undo anyway; plain renames with an
    undo work on every POSIX system. SIGKILL between the renames cannot be caught: it may
    leave the old folder aside as ``.NAME_files.*.old`` (``NAME_files`` missing, or already
    new beside the old file), as it may leave a ``.FILE.*.tmp``.
    """

    file: _File
    staging: str | None
    folder: str
    replaceable: frozenset[str]

    def commit(self, held: _Held, undo_on_signal: bool) -> bool:
        """Replace both, or (False) neither when a signal came and ``undo_on_signal``."""
        option, given = self.file.option, self.file.given
        try:
            check_folder(self.folder, self.replaceable, option)  # it may have changed since
        except BaseException:
            self.discard()
            raise
        aside: str | None = None
        placed = False
        naming = self.folder
        try:
            if os.path.lexists(self.folder):
                empty = tempfile.mkdtemp(
                    prefix=temp_prefix(self.folder), suffix=".old",
                    dir=os.path.dirname(self.folder),
                )  # fmt: skip
                try:  # onto the empty folder just made, as POSIX allows
                    os.rename(self.folder, empty)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.rmdir(empty)
                    raise
                aside = empty
            if self.staging is not None:
                os.rename(self.staging, self.folder)
                placed = True
            if undo_on_signal and held:
                try:
                    self._undo(aside, placed)
                finally:
                    self.discard()
                return False
            naming = given
            os.replace(self.file.tmp, self.file.final)  # the one step that commits
        except BaseException as e:
            try:
                self._undo(aside, placed)
            finally:
                self.discard()
            if isinstance(e, OSError):
                raise _rename_error(e, option, naming) from None
            raise
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
        return True

    def _undo(self, aside: str | None, placed: bool) -> None:
        """Put the old folder back where it was, the new one back under its temporary name."""
        try:
            if placed:
                assert self.staging is not None
                os.rename(self.folder, self.staging)
            if aside is not None:
                os.rename(aside, self.folder)
        except OSError as e:
            where = f"; the old one is {aside!r}" if aside else ""
            raise OutputError(
                f"{self.file.option}: cannot put {self.folder!r} back: {_reason(e)}{where}"
            ) from None

    def discard(self) -> None:
        self.file.discard()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)


_Staged = _File | _WithFolder


@contextlib.contextmanager
def _atomic(
    final: str,
    option: str,
    given: str,
    binary: bool,
    folder: Callable[[_File], _WithFolder] | None = None,
) -> Iterator[IO[Any]]:
    """Write a temporary file beside ``final``; rename it onto ``final`` on success (now, or
    when the enclosing ``all_or_nothing`` ends), remove it on any failure. ``folder`` pairs
    it with a folder, replaced with it (``write_with_folder``)."""
    try:
        old: os.stat_result | None = os.stat(final)
    except OSError:
        old = None
    tmp = None
    try:
        # Signals wait while the temporary file is made: one that landed after the file
        # exists but before its name is known here would leave it behind.
        with _signals_held():
            fd, tmp = tempfile.mkstemp(
                prefix=temp_prefix(final), suffix=".tmp", dir=os.path.dirname(final)
            )
        with os.fdopen(fd, "wb" if binary else "w", **_text(binary)) as f:
            yield f
        # An existing file keeps its permission bits (and owner, when we may set it);
        # a new one gets what the umask allows, as open(2) would give it.
        os.chmod(tmp, stat.S_IMODE(old.st_mode) if old else 0o666 & ~_umask())
        if old is not None and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):
                os.chown(tmp, old.st_uid, old.st_gid)
        file = _File(tmp, final, option, given)
        item: _Staged = file if folder is None else folder(file)
        staged = _STAGED.get()
        if staged is None:
            with _signals_held() as held:
                item.commit(held, undo_on_signal=True)
        else:
            staged.append(item)
    except BaseException as e:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(e, OSError) and not isinstance(e, BrokenPipeError):
            raise OutputError(f"{option}: cannot write {given!r}: {_reason(e)}") from None
        raise


def _replace(tmp: str, final: str, option: str, given: str) -> None:
    try:
        os.replace(tmp, final)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _rename_error(e, option, given) from None


def _rename_error(e: OSError, option: str, given: str) -> InputError | OutputError:
    """What a failed rename onto ``given`` means: a directory there is a usage error."""
    if e.errno == errno.EISDIR:
        return InputError(f"{option}: {given!r} is a directory; give a file name")
    return OutputError(f"{option}: cannot write {given!r}: {_reason(e)}")


@contextlib.contextmanager
def all_or_nothing() -> Iterator[None]:
    """Files (and folders) written inside the block are renamed into place only when the
    whole block succeeds; on any failure, signal or interrupt every one is removed.

    The renames run with signals held: one that comes before the first file is replaced
    undoes them all (a brief and its folder included); after it, the renames all finish and
    the signal ends the run then. Nested blocks belong to the outermost one.
    """
    if _STAGED.get() is not None:
        yield
        return
    staged: list[_Staged] = []
    token = _STAGED.set(staged)
    try:
        yield
    except BaseException:
        for item in staged:
            item.discard()
        raise
    finally:
        _STAGED.reset(token)
    with _signals_held() as held:
        replaced = False
        for i, item in enumerate(staged):
            try:
                if held and not replaced:  # a signal before anything was replaced
                    item.discard()
                    continue
                replaced = item.commit(held, undo_on_signal=not replaced) or replaced
            except BaseException:
                for rest in staged[i + 1 :]:
                    rest.discard()
                raise


def check_folder(
    folder: Path | str,
    replaceable: Collection[str],
    option: str = "--output",
    inputs: Sequence[tuple[str, str | Path | None]] = (),
) -> None:
    """Refuse to replace a folder that holds anything but regular files named in
    ``replaceable`` (all the tool ever writes there): OutputError (exit 1) naming the
    entries, which replacing it would delete, or a read-only one (as ``-o`` refuses a
    read-only file); InputError (exit 2) when the name is taken by something other than a
    folder (a file, a symlink), or when one of ``inputs`` (option, path) is inside it. A
    missing folder passes."""
    path = str(folder)
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
        raise InputError(f"{option}: {path!r} exists and is not a folder")
    if not os.path.isdir(path):
        return
    inside = os.path.realpath(path) + os.sep
    for name, given in inputs:
        if given is not None and os.path.exists(given):
            if os.path.realpath(given).startswith(inside):
                raise InputError(
                    f"{name}: {str(given)!r} is inside {path!r}, the chart folder {option} "
                    f"replaces; move it or give {option} another name"
                )
    foreign, locked = [], []
    for entry in sorted(os.listdir(path)):
        full = os.path.join(path, entry)
        if os.path.isdir(full) and not os.path.islink(full):
            foreign.append(entry + "/")
        elif entry not in replaceable or os.path.islink(full) or not os.path.isfile(full):
            foreign.append(entry)
        elif not _mode_lets_write(os.stat(full)):
            locked.append(entry)
    if locked and not foreign:
        raise OutputError(
            f"{option}: {os.path.join(path, locked[0])!r} is read-only, and the brief would "
            f"replace it; change it (chmod u+w) or give {option} another name"
        )
    if foreign:
        more = ", ..." if len(foreign) > 3 else ""
        raise OutputError(
            f"{option}: {path!r} holds what revenue did not write ({', '.join(foreign[:3])}"
            f"{more}); move it or give {option} another name"
        )


def _stage_folder(folder: str, entries: Mapping[str, str], option: str) -> str:
    """A new folder beside ``folder``, under a temporary name, holding ``entries`` (name ->
    text, UTF-8); an existing folder's permission bits are kept, a new one's come from the
    umask. Removed on any failure (an OSError becomes OutputError naming ``folder``)."""
    try:
        mode = stat.S_IMODE(os.stat(folder).st_mode)
    except OSError:
        mode = 0o777 & ~_umask()
    staging = None
    try:
        with _signals_held():
            staging = tempfile.mkdtemp(
                prefix=temp_prefix(folder), suffix=".tmp", dir=os.path.dirname(folder)
            )
        for name, text in entries.items():
            with open(os.path.join(staging, name), "wb") as f:
                f.write(text.encode("utf-8"))
        os.chmod(staging, mode)
    except BaseException as e:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if isinstance(e, OSError):
            raise OutputError(f"{option}: cannot write {folder!r}: {_reason(e)}") from None
        raise
    return staging


def write_with_folder(
    path: Path | str,
    text: str,
    folder: Path | str,
    entries: Mapping[str, str],
    replaceable: Collection[str],
    option: str = "--output",
    given: str | None = None,
) -> None:
    """Write ``text`` to the regular file ``path`` and the folder beside it with ``entries``
    (name -> text; none: no folder, and an old one removed), replaced together or not at
    all, on errors and on SIGINT, SIGTERM and SIGHUP (see ``_WithFolder``); inside
    ``all_or_nothing`` when the block ends. The folder may hold only regular files named in
    ``replaceable`` (``check_folder``). ``given`` is the file's name as given, for messages.
    """
    final, where = str(path), str(folder)
    check_folder(where, replaceable, option)
    staging = _stage_folder(where, entries, option) if entries else None
    names = frozenset(replaceable)
    try:
        with _atomic(
            final, option, final if given is None else given, False,
            lambda file: _WithFolder(file, staging, where, names),
        ) as f:  # fmt: skip
            f.write(text)
    except BaseException:
        if staging is not None:  # not handed over, or handed over and undone
            shutil.rmtree(staging, ignore_errors=True)
        raise


@contextlib.contextmanager
def atomic_file(path: Path | str, option: str, binary: bool = False) -> Iterator[IO[Any]]:
    """A file object for ``path``, resolved as ``output_target`` does: a regular file is
    replaced only if the block succeeds; a device or FIFO is written through.

    Errors name ``option`` (``--output``, ``--plot``); an existing file is never left
    half-written.
    """
    with output_target(path, option).open(binary) as f:
        yield f


@contextlib.contextmanager
def output_stream(path: Output | Path | str | None, option: str = "--output") -> Iterator[IO[str]]:
    """stdout, or the output at ``path`` (see ``Output.open``)."""
    target = path if isinstance(path, Output) else output_target(path, option)
    with target.open() as f:
        yield f
