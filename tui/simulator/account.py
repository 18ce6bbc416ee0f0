"""The simulated account's id and the demo credentials it accepts (not secrets: published here)."""

from __future__ import annotations

from tui.core.account import AccountCredentials, AppKeys, ClientCredentials
from tui.core.environment import (
    ENV_ACCESS_TOKEN,
    ENV_ACCESS_TOKEN_SECRET,
    ENV_ACCOUNT,
    ENV_APP_KEY,
    ENV_APP_SECRET,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_DOMAIN_API,
)

DEMO_ACCOUNT_ID = "90412079"
DEMO_CLIENT_ID = "sim-client-0a1b2c3d"
DEMO_CLIENT_SECRET = "sim-client-secret-demo-only"
DEMO_APP_KEY = "sim-app-key-4e5f6a7b"
DEMO_APP_SECRET = "sim-app-secret-demo-only"
DEMO_ACCESS_TOKEN = "sim-access-token-8c9d0e1f"
DEMO_ACCESS_TOKEN_SECRET = "sim-access-token-secret-demo-only"

SIM_DOMAIN_API = "https://sim-domain-api.invalid"
"""The Domain API base URL to give a client that talks to the in-process simulator."""
SIM_AGENT_ACTIVITY_HOST = "sim-agent-activity.invalid"
SIM_SENTINEL_HOST = "sim-sentinel.invalid"
SIM_ACCOUNT_CONFIG_HOST = "sim-account-config.invalid"


def demo_client_credentials() -> AccountCredentials:
    """The OAuth 2.0 client credentials the simulator accepts."""
    return AccountCredentials(
        DEMO_ACCOUNT_ID, ClientCredentials(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET), source="simulator"
    )


def demo_app_keys() -> AccountCredentials:
    """The OAuth 1.0 App Keys the simulator accepts."""
    keys = AppKeys(DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_SECRET)
    return AccountCredentials(DEMO_ACCOUNT_ID, keys, source="simulator")


def demo_environment(domain_api: str, *, app_keys: bool = False) -> dict[str, str]:
    """``AGENT_ACTIVITY_*`` variables that point the app at a simulator at ``domain_api``.

    Client credentials by default; ``app_keys=True`` gives the OAuth 1.0 set instead (the two
    are exclusive because client credentials win when both are set).
    """
    env = {ENV_DOMAIN_API: domain_api, ENV_ACCOUNT: DEMO_ACCOUNT_ID}
    if app_keys:
        env.update(
            {
                ENV_APP_KEY: DEMO_APP_KEY,
                ENV_APP_SECRET: DEMO_APP_SECRET,
                ENV_ACCESS_TOKEN: DEMO_ACCESS_TOKEN,
                ENV_ACCESS_TOKEN_SECRET: DEMO_ACCESS_TOKEN_SECRET,
            }
        )
    else:
        env.update({ENV_CLIENT_ID: DEMO_CLIENT_ID, ENV_CLIENT_SECRET: DEMO_CLIENT_SECRET})
    return env
