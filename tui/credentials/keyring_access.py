"""The OS keyring, probed once per process and never allowed to hang the caller.

Keyring backends can block on D-Bus (a locked collection waiting for a prompt nobody sees on a
headless host). So the probe and every later call run in a daemon thread and are abandoned after a
timeout: the caller gets "unavailable" with a message saying what to do, and a stuck thread never
keeps the process from exiting. The fail/null backends, a chainer with nothing to chain,
``NoKeyringError``, ``KeyringLocked``, ``InitError`` and a timeout all count as unavailable.

Call these from a worker thread (or a CLI command), never from the UI event loop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, TypeVar

from tui.core.environment import ENV_ACCOUNT, ENV_CLIENT_ID, ENV_CLIENT_SECRET
from tui.core.errors import CredentialsError

PROBE_TIMEOUT_S = 3.0
SERVICE_PREFIX = "agent-activity"
_PROBE_SERVICE = f"{SERVICE_PREFIX}/probe"

SECRET_SERVICE_RECIPE = (
    "on a headless Linux host, run a Secret Service: `apt-get install gnome-keyring dbus`, start "
    "a shell with `dbus-run-session -- bash`, unlock it with "
    "`printf %s 'PASSWORD' | gnome-keyring-daemon --unlock --components=secrets`, then log in "
    "from that shell"
)

T = TypeVar("T")


def service_name(profile: str) -> str:
    """The keyring service that holds one profile's secrets (one entry per secret)."""
    return f"{SERVICE_PREFIX}/{profile}"


def unavailable_advice(reason: str) -> str:
    """Why the keyring cannot be used, followed by the three ways forward."""
    return (
        f"The OS keyring is unavailable: {reason}. Either set {ENV_ACCOUNT} with {ENV_CLIENT_ID} "
        f"and {ENV_CLIENT_SECRET} (or the four App Keys variables); or {SECRET_SERVICE_RECIPE}; "
        "or run `agent-activity login --insecure-storage` to keep the secrets in a file only "
        "you can read."
    )


@dataclass(frozen=True)
class KeyringStatus:
    """The outcome of the probe: usable or not, which backend, and why not."""

    available: bool
    backend: str
    """Display name of the backend (``"SecretService Keyring"``), or ``"none"``."""
    reason: str = ""
    """Short cause when unavailable (``"the keyring is locked"``)."""
    present: bool = True
    """A keyring exists but failed (locked, no answer, error): it may still hold secrets.
    ``False`` when no keyring is reachable from this session at all (fail/null backend)."""

    @property
    def advice(self) -> str:
        """The actionable message for an unavailable keyring (empty when available)."""
        return "" if self.available else unavailable_advice(self.reason)


class KeyringTimeout(Exception):
    """A keyring call did not answer in time (internal; turned into ``unavailable``)."""


def call_with_timeout(function: Callable[[], T], timeout_s: float) -> T:
    """``function()`` in a daemon thread; :class:`KeyringTimeout` if it takes too long.

    A daemon thread (not a ``ThreadPoolExecutor``, whose workers are joined at exit) so that a
    backend stuck on D-Bus never blocks the process from ending.
    """
    future: Future[T] = Future()

    def target() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(function())
        except BaseException as error:  # handed to the waiting caller, which re-raises it
            future.set_exception(error)

    threading.Thread(target=target, name="keyring-call", daemon=True).start()
    try:
        return future.result(timeout=timeout_s)
    except FutureTimeout:
        raise KeyringTimeout(f"no answer within {timeout_s:g} s") from None


class KeyringAccess:
    """Reads, writes and deletes entries through the probed backend, each with a timeout."""

    def __init__(self, backend: Any, timeout_s: float = PROBE_TIMEOUT_S) -> None:
        self._backend = backend
        self._timeout_s = timeout_s

    @property
    def name(self) -> str:
        return _backend_name(self._backend)

    def get(self, service: str, username: str) -> str | None:
        value: str | None = self._call(lambda: self._backend.get_password(service, username))
        return value

    def set(self, service: str, username: str, secret: str) -> None:
        self._call(lambda: self._backend.set_password(service, username, secret), secret)

    def delete(self, service: str, username: str) -> bool:
        """Remove one entry; ``False`` when there was none."""
        if self.get(service, username) is None:
            return False
        return self._call(lambda: _delete_entry(self._backend, service, username))

    def _call(self, function: Callable[[], T], secret: str = "") -> T:
        try:
            return call_with_timeout(function, self._timeout_s)
        except Exception as error:  # any backend failure means the keyring is unusable now
            reason = _failure_reason(error)
            if secret:
                reason = reason.replace(secret, "[redacted]")
            _mark_unavailable(KeyringStatus(False, self.name, reason))
            raise CredentialsError(unavailable_advice(reason)) from None


def _delete_entry(backend: Any, service: str, username: str) -> bool:
    from keyring.errors import PasswordDeleteError

    try:
        backend.delete_password(service, username)
    except PasswordDeleteError:
        return False
    return True


class _ProbeCache:
    """The one probe result of this process, guarded so concurrent callers probe only once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._result: tuple[KeyringStatus, KeyringAccess | None] | None = None

    def get(self, timeout_s: float) -> tuple[KeyringStatus, KeyringAccess | None]:
        with self._lock:
            if self._result is None:
                self._result = _run_probe(timeout_s)
            return self._result

    def set(self, result: tuple[KeyringStatus, KeyringAccess | None] | None) -> None:
        with self._lock:
            self._result = result


_PROBE = _ProbeCache()


def keyring_status(timeout_s: float = PROBE_TIMEOUT_S) -> KeyringStatus:
    """Probe the keyring (once per process; later calls return the first answer)."""
    return _PROBE.get(timeout_s)[0]


def open_keyring(timeout_s: float = PROBE_TIMEOUT_S) -> KeyringAccess:
    """The usable keyring, or :class:`CredentialsError` with the advice when it is unavailable."""
    status, access = _PROBE.get(timeout_s)
    if access is None:
        raise CredentialsError(status.advice)
    return access


def reset_keyring_probe() -> None:
    """Forget the probe result (tests; or after the user has unlocked the keyring)."""
    _PROBE.set(None)


def _mark_unavailable(status: KeyringStatus) -> None:
    _PROBE.set((status, None))


def _run_probe(timeout_s: float) -> tuple[KeyringStatus, KeyringAccess | None]:
    """Load the backend and read one (absent) entry, all within one timeout."""
    try:
        backend, reason, present = call_with_timeout(_load_and_read, timeout_s)
    except KeyringTimeout as error:
        return KeyringStatus(False, "unknown (no answer)", _failure_reason(error)), None
    name = _backend_name(backend) if backend is not None else "none"
    if reason:
        return KeyringStatus(False, name, reason, present), None
    return KeyringStatus(True, name), KeyringAccess(backend, timeout_s)


def _load_and_read() -> tuple[Any, str, bool]:
    """The backend (or ``None``), why it is unusable (empty when it works), and whether a
    keyring is there at all."""
    from keyring.errors import NoKeyringError

    try:
        backend = _load_backend()
    except Exception as error:  # a backend that cannot even load is unavailable, whatever it raised
        return None, _failure_reason(error), False
    reason = _unusable_backend_reason(backend)
    if reason:
        return backend, reason, False
    try:
        backend.get_password(_PROBE_SERVICE, "probe")
    except Exception as error:  # locked, uninitialised, no backend, D-Bus errors: all unavailable
        return backend, _failure_reason(error), not isinstance(error, NoKeyringError)
    return backend, "", True


def _load_backend() -> Any:
    """The backend keyring would use (honours ``PYTHON_KEYRING_BACKEND`` and keyringrc.cfg)."""
    import keyring
    import keyring.core

    keyring.core.init_backend()
    return keyring.get_keyring()


def _unusable_backend_reason(backend: Any) -> str:
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring):
        return "no keyring backend is installed or reachable"
    if isinstance(backend, null.Keyring):
        return "the keyring is disabled (null backend)"
    if isinstance(backend, chainer.ChainerBackend) and not list(backend.backends):
        return "the keyring chainer has no backend to use"
    return ""


def _failure_reason(error: BaseException) -> str:
    from keyring.errors import InitError, KeyringLocked, NoKeyringError

    if isinstance(error, KeyringTimeout):
        return f"it did not answer ({error}; a locked keyring waiting for a prompt, or D-Bus stuck)"
    if isinstance(error, KeyringLocked):
        return "the keyring is locked (unlock it, or log in to the desktop session)"
    if isinstance(error, NoKeyringError):
        return "no keyring backend is installed or reachable"
    detail = " ".join(str(error).split())[:200]
    if isinstance(error, InitError):
        return (
            f"the keyring could not be initialised ({detail})"
            if detail
            else ("the keyring could not be initialised")
        )
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


def _backend_name(backend: Any) -> str:
    name = getattr(type(backend), "name", None)
    return name if isinstance(name, str) else type(backend).__name__
