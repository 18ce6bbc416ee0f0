"""The one atomic write: regular files and new paths are replaced whole, a symlink is followed,
and a FIFO, directory or socket is never renamed over."""

from __future__ import annotations

import os
import socket
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.core.atomic import NotARegularFile, describe_file_type, write_atomically


def test_a_new_path_gets_the_new_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert write_atomically(target, "{}\n") == target
    assert target.read_text() == "{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    write_atomically(tmp_path / "shared.toml", b"x", new_file_mode=0o644)
    assert stat.S_IMODE((tmp_path / "shared.toml").stat().st_mode) == 0o644


def test_an_existing_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_atomically(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    write_atomically(target, "secret", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.csv"]  # no leftovers


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    real.chmod(0o644)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert write_atomically(link, "new") == real
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o644


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "later.txt")
    write_atomically(link, "made")
    assert link.is_symlink()
    assert (tmp_path / "later.txt").read_text() == "made"


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFile, match=r"pipe is a named pipe \(FIFO\), not a regular file"):
        write_atomically(fifo, "data")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [path.name for path in tmp_path.iterdir()] == ["pipe"]


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out"
    link.symlink_to(fifo)
    with pytest.raises(NotARegularFile, match=r"out \(-> .*pipe\) is a named pipe"):
        write_atomically(link, "data")
    assert link.is_symlink()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "folder"
    directory.mkdir()
    with pytest.raises(NotARegularFile, match="is a directory"):
        write_atomically(directory, "data")
    assert directory.is_dir()


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A temporary directory with a path short enough for a Unix socket (108 bytes)."""
    with tempfile.TemporaryDirectory(prefix="aa-") as name:
        yield Path(name)


def test_a_socket_is_refused(short_dir: Path) -> None:
    path = short_dir / "s.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(path))
        with pytest.raises(NotARegularFile, match="is a socket"):
            write_atomically(path, "data")
        assert stat.S_ISSOCK(path.lstat().st_mode)


def test_devices_are_named_for_what_they_are() -> None:
    assert describe_file_type(stat.S_IFCHR | 0o666) == "a character device"
    assert describe_file_type(stat.S_IFBLK | 0o660) == "a block device"
    assert describe_file_type(stat.S_IFREG | 0o644) == "a regular file"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("old")

    def refuse(self: Path, other: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["keep.txt"]
