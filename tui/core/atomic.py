"""The one way this tool replaces a file: write a temporary file beside it, then rename it over.

A reader sees the old content or the new, never half of either, and a failure leaves the old file
as it was. Only regular files are ever replaced: a new path is created; an existing regular file
keeps its permission bits (unless the caller forces a mode); a symlink is followed and its target
replaced, so the link stays a link. Anything else — a FIFO, a device, a directory, a socket — is
refused with :class:`NotARegularFile` before anything is written, since renaming over it would
swap a special file (a pipe another program reads, ``/dev/stdout``) for a plain one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotARegularFile(OSError):
    """The path names something other than a regular file (or a symlink to one)."""


def describe_file_type(mode: int) -> str:
    """What kind of file an ``st_mode`` says it is (``a named pipe (FIFO)``, ...)."""
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def _existing_mode(path: Path, asked: Path) -> int | None:
    """The permission bits of the regular file at ``path``; ``None`` when nothing is there."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(status.st_mode):
        shown = asked if asked == path else f"{asked} (-> {path})"
        raise NotARegularFile(
            f"{shown} is {describe_file_type(status.st_mode)}, not a regular file; "
            "refusing to replace it"
        )
    return stat.S_IMODE(status.st_mode)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_atomically(
    path: Path,
    data: str | bytes,
    *,
    mode: int | None = None,
    new_file_mode: int = 0o600,
    durable: bool = True,
) -> Path:
    """Replace the file at ``path`` with ``data`` (text is written as UTF-8).

    ``mode`` forces the permission bits; otherwise an existing file keeps its own and a new one
    gets ``new_file_mode``. ``durable`` flushes the data and the rename to disk (skip it only for
    caches). The directory must exist. Returns the file written (a symlink's target). Raises
    :class:`NotARegularFile`, or the :class:`OSError` that stopped the write; the caller words
    the message for its user.
    """
    target = Path(os.path.realpath(path))
    existing = _existing_mode(target, path)
    bits = mode if mode is not None else (new_file_mode if existing is None else existing)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    descriptor, temporary_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), bits)
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if durable:
        _sync_directory(target.parent)
    return target


def _stream(path: Path, payload: bytes) -> None:
    """Write to a FIFO or character device as a stream (no create, no truncate, no rename)."""
    descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    try:
        view = memoryview(payload)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
    finally:
        os.close(descriptor)


def _rewrite_in_place(path: Path, payload: bytes) -> None:
    """Rewrite a hard-linked file through its inode, so every link sees the new content.

    The space is reserved first, so a full disk fails before the old content is touched.
    """
    descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    try:
        if payload and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(descriptor, 0, len(payload))
            except OSError as error:
                if error.errno not in (errno.EOPNOTSUPP, errno.EINVAL):
                    raise
        view = memoryview(payload)
        offset = 0
        while offset < len(payload):
            offset += os.pwrite(descriptor, view[offset:], offset)
        os.ftruncate(descriptor, len(payload))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_output(path: Path, data: str | bytes) -> Path:
    """Write what a user asked for at ``path`` (``export --output``) without clobbering it.

    A new path or a regular file is replaced atomically, keeping its mode
    (:func:`write_atomically`); a symlink is followed to its target; a regular file with other
    hard links is rewritten in place so the links stay one file; a FIFO or character device
    (``/dev/null``, ``/dev/stdout``, a pipe) is written to as a stream. A directory, socket or
    block device raises :class:`NotARegularFile` — nothing is ever renamed over a special file.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(os.path.realpath(path))
    try:
        status = target.stat()
    except FileNotFoundError:
        return write_atomically(path, payload)
    if stat.S_ISFIFO(status.st_mode) or stat.S_ISCHR(status.st_mode):
        _stream(target, payload)
        return target
    if stat.S_ISREG(status.st_mode) and status.st_nlink > 1:
        _rewrite_in_place(target, payload)
        return target
    return write_atomically(path, payload)
