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
