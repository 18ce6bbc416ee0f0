"""User-named files are read only when they are regular files of a bounded size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.files import FileRefused, read_bytes, read_text


def test_a_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("a = 1\n")
    assert read_text(path, 100) == "a = 1\n"


def test_a_fifo_is_refused_at_once_instead_of_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "theme.toml"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match="named pipe"):
        read_bytes(fifo, 100)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="directory"):
        read_bytes(tmp_path, 100)


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)  # sparse: no real disk used
    with pytest.raises(FileRefused, match="larger than 1 MB"):
        read_bytes(path, 1024 * 1024)


def test_a_symlink_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text("x")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    assert read_text(link, 10) == "x"
