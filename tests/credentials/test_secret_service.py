"""Against a real Secret Service (gnome-keyring in ``dbus-run-session``; see .ci/run).

login --from-env stores into it, the monitor/export resolution reads the secrets back with the
environment cleared, logout removes them. Skipped with a reason when no Secret Service is
reachable, but FAILS instead when ``AGENT_ACTIVITY_REQUIRE_SECRET_SERVICE=1`` (CI), so the
keyring path can never silently go untested there.
"""

from __future__ import annotations

import asyncio
import io
import os
import uuid
from collections.abc import Iterator

import pytest

from tests.credentials.simulated import Simulated, simulated
from tui.api.client import StatusChangesClient
from tui.commands.login import login
from tui.commands.logout import logout
from tui.config.loading import load_settings
from tui.core.account import AccountCredentials
from tui.core.errors import CredentialsError
from tui.credentials import keyring_status, remove_account, reset_keyring_probe, resolve_account
from tui.simulator.account import DEMO_ACCOUNT_ID, DEMO_APP_SECRET, DEMO_CLIENT_SECRET

pytestmark = pytest.mark.secret_service

SECRET_SERVICE_BACKEND = "keyring.backends.SecretService.Keyring"


@pytest.fixture
def profile(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A unique profile on the real Secret Service, removed again afterwards."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", SECRET_SERVICE_BACKEND)
    reset_keyring_probe()
    status = keyring_status()
    if not status.available:
        message = f"no usable Secret Service: {status.reason}"
        if os.environ.get("AGENT_ACTIVITY_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(f"AGENT_ACTIVITY_REQUIRE_SECRET_SERVICE=1 but {message}")
        pytest.skip(message)
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    remove_account(name)
    reset_keyring_probe()


def stored_secret(profile: str, entry: str) -> str | None:
    """Read straight from the Secret Service, bypassing our code."""
    from keyring.backends.SecretService import Keyring

    # keyring (ignore_missing_imports in pyproject.toml) ships this backend unannotated
    value: str | None = Keyring().get_password(f"agent-activity/{profile}", entry)  # type: ignore[no-untyped-call]
    return value


async def fetch_with(account: AccountCredentials, sim: Simulated) -> int:
    """How many records the account's credentials fetch from the simulator (last 3 hours)."""
    async with StatusChangesClient(
        account,
        domain_api=sim.environment()["AGENT_ACTIVITY_DOMAIN_API"],
        transport=sim.service.transport(),
        clock=sim.clock,
    ) as client:
        result = await client.fetch(sim.clock.now_ms() - 3 * 3_600_000, sim.clock.now_ms())
    return len(result.records)


def do_login(sim: Simulated, profile: str, *, app_keys: bool = False) -> None:
    status = login(
        profile=profile,
        from_env=True,
        environ=sim.environment(app_keys=app_keys),
        transport=sim.service.transport(),
        clock=sim.clock,
        out=io.StringIO(),
        err=io.StringIO(),
    )
    assert status == 0


def test_login_stores_resolution_reads_back_logout_removes(profile: str) -> None:
    sim = simulated()
    do_login(sim, profile)
    assert stored_secret(profile, "client_secret") == DEMO_CLIENT_SECRET

    # What the monitor and export do, with no AGENT_ACTIVITY_* variable set.
    reset_keyring_probe()
    settings = load_settings(profile=profile, environ={})
    account = resolve_account(settings, environ={})
    assert account.source == "keyring" and account.account_id == DEMO_ACCOUNT_ID
    assert asyncio.run(fetch_with(account, sim))  # the secrets read back open the account

    out = io.StringIO()
    assert logout(profile=profile, environ={}, out=out, err=io.StringIO()) == 0
    assert "client_id, client_secret" in out.getvalue()
    assert stored_secret(profile, "client_secret") is None
    assert stored_secret(profile, "client_id") is None
    reset_keyring_probe()
    with pytest.raises(CredentialsError, match="No credentials"):
        resolve_account(load_settings(profile=profile, environ={}), environ={})


def test_app_keys_round_trip_through_the_secret_service(profile: str) -> None:
    sim = simulated()
    do_login(sim, profile, app_keys=True)
    assert stored_secret(profile, "consumer_secret") == DEMO_APP_SECRET
    reset_keyring_probe()
    account = resolve_account(load_settings(profile=profile, environ={}), environ={})
    assert account.credentials == sim.service.app_keys
    removal = remove_account(profile)
    assert len(removal.keyring_entries) == 4
    assert stored_secret(profile, "consumer_secret") is None
