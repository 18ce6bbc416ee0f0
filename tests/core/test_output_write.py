"""``export --output`` never renames over something that is not a regular file."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from tui.core.atomic import NotARegularFile, write_output


def test_a_fifo_is_written_as_a_stream_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o640)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read)
    reader.start()
    write_output(fifo, "report\n")
    reader.join(timeout=10)
    assert received == [b"report\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert stat.S_IMODE(fifo.stat().st_mode) == 0o640


def test_a_symlink_is_followed_to_its_regular_target(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    write_output(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_hard_linked_file_stays_one_file(tmp_path: Path) -> None:
    first = tmp_path / "report.json"
    first.write_text("old content that is longer than the new")
    first.chmod(0o644)
    second = tmp_path / "copy.json"
    os.link(first, second)
    write_output(first, "new")
    assert second.read_text() == "new"
    assert first.stat().st_ino == second.stat().st_ino
    assert first.stat().st_nlink == 2
    assert stat.S_IMODE(first.stat().st_mode) == 0o644


def test_a_regular_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old")
    target.chmod(0o664)
    write_output(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_a_directory_or_socket_is_refused_and_left_alone(tmp_path: Path) -> None:
    directory = tmp_path / "out"
    directory.mkdir()
    with pytest.raises(NotARegularFile, match="directory"):
        write_output(directory, "x")
    assert directory.is_dir()
    socket_path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(socket_path))
        with pytest.raises(NotARegularFile, match="socket"):
            write_output(socket_path, "x")
        assert stat.S_ISSOCK(socket_path.stat().st_mode)
    finally:
        server.close()
