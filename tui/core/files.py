"""The one way this tool reads a file a user names: a regular file, of bounded size.

A FIFO would hang the reader, ``/dev/zero`` would fill memory, a directory is a mistake: each is
refused with a :class:`FileRefused` naming what the path is. The file is opened without blocking
and checked on the open descriptor, so nothing can swap it between the check and the read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tui.core.atomic import describe_file_type

KIB = 1024
MIB = 1024 * KIB

CONFIG_LIMIT = 1 * MIB
"""``config.toml``, theme files, ``discovery.json``, the credentials file."""
SCHEDULE_LIMIT = 50 * MIB
INPUT_LIMIT = 512 * MIB
"""One saved API response given to ``export --input``."""


class FileRefused(OSError):
    """The path is not a regular file, or is larger than the limit for its kind."""


def _size(count: int) -> str:
    return f"{count / MIB:.0f} MB" if count >= MIB else f"{count / KIB:.0f} KB"


def read_bytes(path: Path, limit: int) -> bytes:
    """The content of the regular file at ``path`` (a symlink is followed), at most ``limit``
    bytes; :class:`FileRefused` for anything else, :class:`OSError` when it cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise FileRefused(f"{path} is {describe_file_type(status.st_mode)}, not a regular file")
        if status.st_size > limit:
            raise FileRefused(f"{path} is larger than {_size(limit)} ({_size(status.st_size)})")
        chunks: list[bytes] = []
        remaining = limit + 1
        step = max(MIB, status.st_size + 1)  # the whole file in one read when it stays put
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, step))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise FileRefused(f"{path} is larger than {_size(limit)} (it grew while read)")
        return data
    finally:
        os.close(descriptor)


def read_text(path: Path, limit: int, *, encoding: str = "utf-8") -> str:
    """:func:`read_bytes` decoded (:class:`UnicodeDecodeError` when it is not that encoding)."""
    return read_bytes(path, limit).decode(encoding)
