"""Settings -> an API client for one account (the only place the client is configured)."""

from __future__ import annotations

from typing import Literal

import httpx

from tui.api.client import StatusChangesClient
from tui.api.discovery import DiscoveryFileCache
from tui.api.retry import RetryPolicy
from tui.core.account import AccountCredentials
from tui.core.clock import Clock
from tui.core.settings import Settings


def status_changes_client(
    settings: Settings,
    account: AccountCredentials,
    *,
    clock: Clock | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    policy: RetryPolicy | None = None,
    discovery_cache: DiscoveryFileCache | Literal["auto"] | None = "auto",
) -> StatusChangesClient:
    """The client the settings describe: their Domain API (``load_settings`` already applied
    ``AGENT_ACTIVITY_DOMAIN_API``), the profile's source name, the in-flight bound and the page
    size.

    ``transport``, ``clock`` and ``policy`` are for tests, the demo and the doctor (which cuts
    retries short). Raises :class:`~tui.api.errors.ApiError` for an address that is not allowed.
    """
    return StatusChangesClient(
        account,
        domain_api=settings.domain_api,
        source_name=settings.profile.source_name,
        transport=transport,
        clock=clock,
        max_in_flight=settings.max_in_flight,
        page_size=settings.page_size,
        policy=policy,
        discovery_cache=discovery_cache,
    )
