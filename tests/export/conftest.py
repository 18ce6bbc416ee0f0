"""Fixtures shared by the export tests that run the real CLI against the live simulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.credentials.simulated import loopback, simulated
from tui.api import retry
from tui.core.clock import SystemClock
from tui.simulator.account import demo_environment
from tui.simulator.service import SimulatedLivePerson

QUICK_RETRIES = retry.RetryPolicy(
    server_error_waits_s=(0.01,), throttle_max_wait_s=0.05, extended_waits_s=()
)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimulatedLivePerson]:
    """The simulator on 127.0.0.1 with the saved account pointing at it (from the environment)
    and retries that give up in milliseconds instead of LivePerson's 5 + 10 + 15 s."""
    monkeypatch.setattr(retry, "RetryPolicy", lambda: QUICK_RETRIES)
    sim = simulated(SystemClock())
    with loopback(sim) as domain_api:
        for name, value in demo_environment(domain_api).items():
            monkeypatch.setenv(name, value)
        yield sim.service
