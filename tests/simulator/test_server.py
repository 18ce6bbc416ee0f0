"""The simulator over a real 127.0.0.1 socket, and the ``simulator`` command around it."""

from __future__ import annotations

import asyncio
import io
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.simulator.conftest import NOW_MS
from tui.api.parsing import parse_page
from tui.cli import main
from tui.commands.simulator import export_lines, serve
from tui.core.clock import FakeClock
from tui.simulator.account import DEMO_ACCOUNT_ID, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tui.simulator.faults import FaultPlan
from tui.simulator.server import LoopbackServer, PortUnavailable, serve_on_loopback
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

TIMEOUT = httpx.Timeout(5.0)


@pytest.fixture
async def loopback(world: World) -> AsyncIterator[LoopbackServer]:
    service = SimulatedLivePerson(world, FakeClock(NOW_MS))
    async with asyncio.timeout(20), serve_on_loopback(service) as server:
        yield server


async def _token(client: httpx.AsyncClient, base_url: str) -> dict[str, str]:
    response = await client.post(
        f"{base_url}/sentinel/api/account/{DEMO_ACCOUNT_ID}/app/token",
        params={"v": "1.0", "grant_type": "client_credentials"},
        data={"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
    )
    assert response.status_code == 200
    return {"authorization": f"Bearer {response.json()['access_token']}"}


async def test_a_real_http_client_fetches_over_loopback(loopback: LoopbackServer) -> None:
    base = loopback.base_url
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        domain = await client.get(
            f"{base}/api/account/{DEMO_ACCOUNT_ID}/service/agentActivityDomain/baseURI.json",
            params={"version": "1.0"},
        )
        assert domain.json()["baseURI"] == f"127.0.0.1:{loopback.port}"
        assert domain.http_version == "HTTP/1.1"
        assert domain.headers["connection"] == "keep-alive"
        headers = await _token(client, base)
        url = f"http://{domain.json()['baseURI']}/api/v2/account/{DEMO_ACCOUNT_ID}/status-changes"
        first = await client.get(
            url, params={"v": "2", "source": "x", "limit": "100"}, headers=headers
        )
        assert first.status_code == 200
        page = parse_page(first.json())
        assert len(page.records) == 100
        assert page.references["next"].startswith(f"http://127.0.0.1:{loopback.port}/")
        follow = await client.get(page.references["next"], headers=headers)
        assert follow.status_code == 200
        bad = await client.get(url, params={"limit": "0"}, headers=headers)
        assert bad.status_code == 400 and bad.json()["causes"]
    assert loopback.service.stats.max_in_flight == 1


async def test_oauth1_over_loopback(loopback: LoopbackServer) -> None:
    from authlib.integrations.httpx_client import OAuth1Auth

    from tui.simulator.account import (
        DEMO_ACCESS_TOKEN,
        DEMO_ACCESS_TOKEN_SECRET,
        DEMO_APP_KEY,
        DEMO_APP_SECRET,
    )

    auth = OAuth1Auth(
        DEMO_APP_KEY,
        DEMO_APP_SECRET,
        token=DEMO_ACCESS_TOKEN,
        token_secret=DEMO_ACCESS_TOKEN_SECRET,
    )
    url = f"{loopback.base_url}/api/v2/account/{DEMO_ACCOUNT_ID}/status-changes"
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        assert (await client.get(url, params={"source": "x"}, auth=auth)).status_code == 200


async def test_a_dropped_connection_closes_the_socket(world: World) -> None:
    service = SimulatedLivePerson(world, FakeClock(NOW_MS), faults=FaultPlan(drop_rate=1.0))
    async with asyncio.timeout(20), serve_on_loopback(service) as server:
        url = f"{server.base_url}/api/v2/account/{DEMO_ACCOUNT_ID}/status-changes"
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get(url, params={"source": "x"})


async def test_garbage_gets_a_400_and_a_closed_connection(loopback: LoopbackServer) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", loopback.port)
    writer.write(b"NONSENSE\r\n\r\n")
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    await writer.wait_closed()
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"connection: close" in answer


async def test_port_in_use_is_a_clear_error(loopback: LoopbackServer) -> None:
    with pytest.raises(PortUnavailable, match=f"port {loopback.port} .* already in use"):
        async with serve_on_loopback(loopback.service, loopback.port):
            pass


def test_command_reports_port_in_use_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["simulator", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert (
        err.strip()
        == f"agent-activity: Port unavailable: port {port} on 127.0.0.1 is already in use"
    )


def test_command_rejects_an_unknown_fault(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulator", "--port", "0", "--fault", "meteor"]) == 2
    assert "meteor" in capsys.readouterr().err


async def test_serve_prints_ready_to_paste_exports(world: World) -> None:
    service = SimulatedLivePerson(world, FakeClock(NOW_MS))
    out = io.StringIO()
    ready = asyncio.Event()
    task = asyncio.create_task(serve(service, 0, out=out, ready=ready))
    try:
        await asyncio.wait_for(ready.wait(), 10)
        port = int(service.public_host.rsplit(":", 1)[1]) if service.public_host else 0
        text = out.getvalue()
        assert f"export AGENT_ACTIVITY_DOMAIN_API=http://127.0.0.1:{port}" in text
        assert f"export AGENT_ACTIVITY_ACCOUNT={DEMO_ACCOUNT_ID}" in text
        assert f"export AGENT_ACTIVITY_CLIENT_ID={DEMO_CLIENT_ID}" in text
        assert "# export AGENT_ACTIVITY_APP_KEY=" in text
        assert f'# {world.teams[0].group_id} = "{world.teams[0].name}"' in text
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            response = await client.get(
                f"http://127.0.0.1:{port}/api/account/{DEMO_ACCOUNT_ID}/service/sentinel/baseURI.json"
            )
            assert response.status_code == 200
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert service.public_host is None


def test_export_lines_quote_for_the_shell(world: World) -> None:
    server = LoopbackServer(8765, SimulatedLivePerson(world, FakeClock(NOW_MS)))
    lines = export_lines(server)
    assert lines[0] == "export AGENT_ACTIVITY_DOMAIN_API=http://127.0.0.1:8765"
    assert all(line.startswith(("export ", "# ")) for line in lines)


_RUN_WITH_CTRL_C = (
    "import signal, sys\n"
    "signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal\n"
    "from tui.cli import main\n"
    "sys.exit(main(['simulator', '--port', '0']))\n"
)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_the_command_stops_cleanly_on_ctrl_c_and_sigterm(stop_signal: signal.Signals) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _RUN_WITH_CTRL_C],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        assert first_line.startswith("# agent-activity simulator: account ")
        process.send_signal(stop_signal)
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert "Traceback" not in err
