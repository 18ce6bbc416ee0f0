"""The simulated API on a real socket: HTTP/1.1 on 127.0.0.1 over asyncio streams.

A deliberately small server (no new dependency): request line, headers and a Content-Length body
become an ``httpx.Request`` for the same handler the in-process transport uses; the
``httpx.Response`` is written back. Keep-alive on, Nagle off. A dropped-connection fault closes the
socket without answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx

from tui.core.errors import AgentActivityError
from tui.simulator.service import SimulatedLivePerson

LOOPBACK = "127.0.0.1"
_MAX_BODY = 1 << 20


class PortUnavailable(AgentActivityError):
    """The simulator cannot listen on the port asked for."""

    title = "Port unavailable"


@dataclass(frozen=True)
class LoopbackServer:
    """A running loopback server: where it listens and what it serves."""

    port: int
    service: SimulatedLivePerson

    @property
    def base_url(self) -> str:
        """The Domain API base URL to give a client (``AGENT_ACTIVITY_DOMAIN_API``)."""
        return f"http://{LOOPBACK}:{self.port}"


class _BadRequest(Exception):
    pass


async def _read_request(
    reader: asyncio.StreamReader, port: int
) -> tuple[httpx.Request, bool] | None:
    """The next request on the connection and whether to keep it open; ``None`` at EOF."""
    request_line = await reader.readline()
    if not request_line:
        return None
    try:
        method, target, version = request_line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    except ValueError:
        raise _BadRequest from None
    headers: list[tuple[str, str]] = []
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, separator, value = line.decode("latin-1").partition(":")
        if not separator:
            raise _BadRequest
        headers.append((name.strip(), value.strip()))
    fields = {name.lower(): value for name, value in headers}
    if "chunked" in fields.get("transfer-encoding", "").lower():
        raise _BadRequest
    length_text = fields.get("content-length", "0")
    if not length_text.isdigit() or int(length_text) > _MAX_BODY:
        raise _BadRequest
    body = await reader.readexactly(int(length_text))
    host = fields.get("host") or f"{LOOPBACK}:{port}"
    if not target.startswith("/"):
        raise _BadRequest
    request = httpx.Request(method, f"http://{host}{target}", headers=headers, content=body)
    connection = fields.get("connection", "").lower()
    keep_alive = version == "HTTP/1.1" and connection != "close"
    return request, keep_alive


def _encode_response(response: httpx.Response, keep_alive: bool) -> bytes:
    body = response.content
    reason = httpx.codes.get_reason_phrase(response.status_code) or "Unknown"
    lines = [f"HTTP/1.1 {response.status_code} {reason}"]
    for name, value in response.headers.multi_items():
        if name.lower() not in ("content-length", "transfer-encoding", "connection"):
            lines.append(f"{name}: {value}")
    lines.append(f"content-length: {len(body)}")
    lines.append(f"connection: {'keep-alive' if keep_alive else 'close'}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class _Connections:
    """Serves connections and remembers them, so stopping the server closes them all."""

    def __init__(self, service: SimulatedLivePerson) -> None:
        self.service = service
        self.port = 0
        self.writers: set[asyncio.StreamWriter] = set()
        self.tasks: set[asyncio.Task[None]] = set()

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        task = asyncio.current_task()
        if task is not None:
            self.tasks.add(task)
        self.writers.add(writer)
        try:
            await self._serve_requests(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away mid-request: nothing to answer
        except asyncio.CancelledError:
            # Python 3.11's stream server logs a traceback for a cancelled connection task;
            # stopping the server is the only canceller and expects nothing back.
            pass
        finally:
            self.writers.discard(writer)
            if task is not None:
                self.tasks.discard(task)
            writer.close()

    async def close_all(self) -> None:
        """Close every open connection and wait (briefly) for its task to finish."""
        for writer in list(self.writers):
            writer.close()
        pending = set(self.tasks)
        if pending:
            _, still_running = await asyncio.wait(pending, timeout=0.5)
            for task in still_running:
                task.cancel()
            if still_running:
                await asyncio.wait(still_running, timeout=0.5)

    async def _serve_requests(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        while True:
            try:
                parsed = await _read_request(reader, self.port)
            except _BadRequest:
                bad = httpx.Response(400, json={"message": "Malformed HTTP request"})
                writer.write(_encode_response(bad, keep_alive=False))
                await writer.drain()
                return
            if parsed is None:
                return
            request, keep_alive = parsed
            try:
                response = await self.service.handle(request)
            except httpx.TransportError:
                return  # the dropped-connection fault: close without a response
            writer.write(_encode_response(response, keep_alive))
            await writer.drain()
            if not keep_alive:
                return


@contextlib.asynccontextmanager
async def serve_on_loopback(
    service: SimulatedLivePerson, port: int = 0
) -> AsyncIterator[LoopbackServer]:
    """Serve ``service`` on 127.0.0.1:``port`` (0 picks a free port) while the block runs.

    The Domain API then hands out ``127.0.0.1:PORT`` for every service. Raises
    :class:`PortUnavailable` when the port is taken or not allowed.
    """
    connections = _Connections(service)
    try:
        server = await asyncio.start_server(connections.serve, LOOPBACK, port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortUnavailable(f"port {port} on {LOOPBACK} is already in use") from None
        raise PortUnavailable(f"cannot listen on {LOOPBACK}:{port} ({error.strerror})") from None
    bound_port = int(server.sockets[0].getsockname()[1])
    connections.port = bound_port
    previous_host = service.public_host
    service.public_host = f"{LOOPBACK}:{bound_port}"
    try:
        yield LoopbackServer(bound_port, service)
    finally:
        service.public_host = previous_host
        server.close()
        await connections.close_all()
        await server.wait_closed()
