"""Settings -> the :class:`~tui.core.source_contract.ActivitySource` of the saved account or
the demo.

Both are a :class:`~tui.store.stored_source.StoredSource`: an :class:`ActivityStore` kept up to
date around the real :class:`~tui.api.client.StatusChangesClient`. The demo's client talks to the
simulator in-process and its store lives in memory, so the demo needs no network, no credentials
and leaves no files, yet goes through exactly the code the saved account uses. Heavy modules
(httpx, the simulator, the keyring, the store) are imported inside the functions: commands call
them in the sync worker, after the monitor's first frame.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.clock import Clock, SystemClock
from tui.core.paths import cache_dir
from tui.core.settings import Settings

if TYPE_CHECKING:  # annotations only: the monitor's first frame does not need them
    from tui.core.account import AccountCredentials
    from tui.core.source_contract import ActivitySource

DEMO_LABEL = "demo"

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def store_path(settings: Settings, account_id: str) -> Path:
    """The cache file of one account under one profile."""
    profile = _UNSAFE_NAME.sub("_", settings.profile.name) or "default"
    account = _UNSAFE_NAME.sub("_", account_id) or "account"
    return cache_dir() / f"activity-{profile}-{account}.sqlite3"


def account_source(
    settings: Settings, account: AccountCredentials, *, clock: Clock | None = None
) -> ActivitySource:
    """The saved account: the real API and the account's cache file. Raises
    :class:`~tui.store.database.StoreError` when the cache cannot be opened,
    :class:`~tui.api.errors.ApiError` for an address that is not allowed."""
    from tui.api.discovery import DiscoveryFileCache
    from tui.api.errors import TRANSPORT_ERRORS
    from tui.store.database import ActivityStore
    from tui.store.stored_source import StoredSource
    from tui.wiring.clients import status_changes_client

    clock = clock or SystemClock()
    store = ActivityStore.open(
        store_path(settings, account.account_id),
        clock=clock,
        retention_days=settings.retention_days,
    )
    try:
        client = status_changes_client(
            settings, account, clock=clock, discovery_cache=DiscoveryFileCache.default(clock)
        )
    except BaseException:
        store.close()
        raise
    return StoredSource(
        store,
        client,
        clock,
        settings,
        label=account.account_id,
        network_errors=TRANSPORT_ERRORS,
        segments=client,
        groups=client,
    )


def saved_account_source(settings: Settings, *, clock: Clock | None = None) -> ActivitySource:
    """The profile's account: its credentials (environment, keyring, opt-in file — the keyring
    may take seconds, so call this off the event loop), then :func:`account_source`. Raises
    :class:`~tui.core.errors.CredentialsError` saying how to log in when there are none."""
    from tui.credentials import resolve_account

    return account_source(settings, resolve_account(settings), clock=clock)


def demo_settings(settings: Settings, seed: int | None = None) -> Settings:
    """``settings`` plus the simulated teams' names (names from the config win)."""
    from tui.simulator.roster import DEFAULT_SEED, teams_of

    teams = teams_of(DEFAULT_SEED if seed is None else seed)
    team_names = {team.group_id: team.name for team in teams}
    return replace(settings, group_names={**team_names, **settings.group_names})


def demo_source(
    *,
    clock: Clock | None = None,
    seed: int | None = None,
    settings: Settings | None = None,
    agents: int | None = None,
) -> ActivitySource:
    """The simulated demo account in-process, behind the real client, with an in-memory store.

    ``agents`` sets how many agents the simulated world has (default: 40-60, from the seed).
    """
    from tui.api.errors import TRANSPORT_ERRORS
    from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
    from tui.simulator.service import SimulatedLivePerson
    from tui.simulator.world import DEFAULT_SEED, World
    from tui.store.database import ActivityStore
    from tui.store.stored_source import StoredSource
    from tui.wiring.clients import status_changes_client

    clock = clock or SystemClock()
    settings = settings or Settings()
    world = World(DEFAULT_SEED if seed is None else seed, agent_count=agents)
    service = SimulatedLivePerson(world, clock)
    client = status_changes_client(
        replace(settings, domain_api=SIM_DOMAIN_API),
        demo_client_credentials(),
        clock=clock,
        transport=service.transport(),
    )
    store = ActivityStore.in_memory(clock=clock, retention_days=settings.retention_days)
    return StoredSource(
        store,
        client,
        clock,
        settings,
        label=DEMO_LABEL,
        network_errors=TRANSPORT_ERRORS,
        segments=client,
        groups=client,
    )
