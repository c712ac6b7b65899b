"""`treaty serve`: the WSGI application of ``serve.py`` on waitress, on the loopback interface only.

waitress reads every request asynchronously and hands complete ones to a pool of worker
threads, so a slow or idle client never holds a thread: ``backlog`` is the listen queue,
``threads`` the pool, ``idle_timeout`` closes a connection that has sent nothing for that long,
``request_timeout`` one whose request has not fully arrived that long after its first byte.
"""

from __future__ import annotations

import ipaddress
import logging
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher
from waitress import wasyncore

from .serve import SITE_DIR, Application, IndexHolder


class NotLoopback(ValueError):
    pass


def check_host(host: str) -> str:
    """The server listens on this machine only: refuse any address that is not loopback."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise NotLoopback(f"--host {host!r} is not a loopback address; treaty serve listens on 127.0.0.1 (or ::1) only")


@dataclass(frozen=True)
class Limits:
    """What one server holds at most, and for how long (seconds)."""

    threads: int = 8
    backlog: int = 1024
    connections: int = 256
    idle_timeout: float = 30.0
    request_timeout: float = 10.0


class _Request(HTTPRequestParser):
    def __init__(self, adj):
        super().__init__(adj)
        self.started = time.monotonic()


class _Channel(HTTPChannel):
    parser_class = _Request


class _Server(TcpWSGIServer):
    channel_class = _Channel
    request_timeout = Limits.request_timeout

    def maintenance(self, now):
        super().maintenance(now)  # idle connections (adj.channel_timeout)
        cutoff = time.monotonic() - self.request_timeout
        for channel in list(self.active_channels.values()):
            request = channel.request
            if request is not None and not request.completed and request.started < cutoff:
                channel.will_close = True  # a request still arriving after request_timeout


class Server:
    """A running waitress server: ``serve_forever()`` in one thread, ``shutdown()`` from another."""

    def __init__(self, app: Application, host: str, port: int, limits: Limits):
        adj = Adjustments(host=host, port=port, threads=limits.threads, backlog=limits.backlog, connection_limit=limits.connections,
                          channel_timeout=max(1, round(limits.idle_timeout)), cleanup_interval=1, max_request_body_size=64 * 1024,
                          ident="treaty", expose_tracebacks=False, log_socket_errors=False)
        self.map: dict = {}
        self.dispatcher = ThreadedTaskDispatcher()
        self.dispatcher.set_thread_count(limits.threads)
        self._server = _Server(app, self.map, dispatcher=self.dispatcher, adj=adj, sockinfo=adj.listen[0])
        self._server.request_timeout = limits.request_timeout
        self.app, self.holder = app, app.holder
        self._stop = threading.Event()
        self._stopped = threading.Event()

    @property
    def server_address(self) -> tuple[str, int]:
        return self._server.effective_host, self._server.effective_port

    def serve_forever(self) -> None:
        self._stopped.clear()
        try:
            while not self._stop.is_set():
                wasyncore.loop(timeout=0.5, map=self.map, use_poll=True, count=1)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        self._stop.set()
        self._server.pull_trigger()
        self._stopped.wait(10)

    def server_close(self) -> None:
        self.dispatcher.shutdown(timeout=5)
        wasyncore.close_all(self.map)


def make_server(host: str = "127.0.0.1", port: int = 8000, site_dir: Path = SITE_DIR, holder: IndexHolder | None = None,
                quiet: bool = False, limits: Limits = Limits()) -> Server:
    host = check_host(host)
    holder = holder or IndexHolder()
    holder.get(patient=True)  # build or check the index before the first request
    # waitress warns on stderr when requests queue for a worker; under load that is expected
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    log = None if quiet else _stderr_line
    return Server(Application(Path(site_dir), holder, log), host, port, limits)


def _stderr_line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
