"""Each credentials test starts with a fresh keyring probe and an empty in-memory keyring."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.credentials.fake_backends import HangingKeyring, HangingWritesKeyring
from tests.memory_keyring import MemoryKeyring
from tui.credentials import reset_keyring_probe


@pytest.fixture(autouse=True)
def fresh_keyring() -> Iterator[None]:
    reset_keyring_probe()
    MemoryKeyring.reset()
    HangingKeyring.release.clear()
    HangingWritesKeyring.release.clear()
    yield
    HangingKeyring.release.set()  # let abandoned probe threads finish
    HangingWritesKeyring.release.set()
    reset_keyring_probe()
    MemoryKeyring.reset()
