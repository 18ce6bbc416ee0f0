"""Keyring backends that misbehave on purpose, selected with ``PYTHON_KEYRING_BACKEND``.

Their priority is negative so keyring's auto-detection (used by the real Secret Service tests)
never picks or chains them.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from keyring.backends.chainer import ChainerBackend
from keyring.errors import InitError, KeyringLocked, PasswordSetError

from tests.memory_keyring import MemoryKeyring

MODULE = "tests.credentials.fake_backends"


class LockedKeyring(MemoryKeyring):
    """Like a Secret Service collection the user would not unlock."""

    priority = -1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class UninitialisedKeyring(MemoryKeyring):
    priority = -1

    def get_password(self, service: str, username: str) -> str | None:
        raise InitError("Failed to create the collection: no default collection.")


class HangingKeyring(MemoryKeyring):
    """Blocks every read until ``release`` is set (a D-Bus call nobody answers)."""

    priority = -1
    release: ClassVar[threading.Event] = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None


class HangingWritesKeyring(MemoryKeyring):
    """Answers reads (so the probe passes) but blocks on writes."""

    priority = -1
    release: ClassVar[threading.Event] = threading.Event()

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)


class FailingSecondWriteKeyring(MemoryKeyring):
    """Stores the first secret, then refuses the next one (a half-written login)."""

    priority = -1

    def set_password(self, service: str, username: str, password: str) -> None:
        if any(key[0] == service for key in self.store):
            raise PasswordSetError(f"refused to store {password}")
        super().set_password(service, username, password)


class CountingKeyring(MemoryKeyring):
    """Counts how often the availability probe reads its entry."""

    priority = -1
    probes: ClassVar[int] = 0

    def get_password(self, service: str, username: str) -> str | None:
        if service == "agent-activity/probe":
            CountingKeyring.probes += 1
        return super().get_password(service, username)


class EmptyChainer(ChainerBackend):
    """A chainer that found nothing to chain."""

    backends: ClassVar[list[object]] = []
