"""`treaty serve` on waitress (server.py): loopback only, many readers at once, timeouts."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from test_serve import get
from treaty.corpus import CORPUS_PATH
from treaty.serve import IndexHolder
from treaty.server import Limits, NotLoopback, check_host, make_server


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, served_index):
    return served_index(tmp_path_factory.mktemp("server"))


@pytest.fixture
def start(index_dir, tmp_path):
    servers = []

    def start(**limits):
        server = make_server("127.0.0.1", 0, tmp_path, IndexHolder(CORPUS_PATH, index_dir), quiet=True, limits=Limits(**limits))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_address

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
        server.holder.close()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.2", "example.org", "::"])
def test_listens_on_loopback_only(host):
    with pytest.raises(NotLoopback, match="not a loopback address"):
        check_host(host)
    assert check_host("localhost") == "127.0.0.1" and check_host("::1") == "::1"



def test_many_readers_at_once_are_all_answered(start):
    """More simultaneous clients than worker threads and than http.server's old backlog of 5."""
    host, port = start(threads=4)
    queries = ["extradition", "Art. 40(21)(b)", "mutual legal assistance", "24/7", "data"] * 20

    def ask(q):
        return get(f"http://{host}:{port}/api/search?q={q.replace(' ', '+')}")[0]

    with ThreadPoolExecutor(100) as pool:
        assert list(pool.map(ask, queries)) == [200] * len(queries)


def _closed_by_server(address, send: bytes) -> float:
    """Seconds until the server closes a connection that sent ``send`` and then nothing."""
    t0 = time.monotonic()
    with socket.create_connection(address, timeout=60) as s:
        s.sendall(send)
        assert s.recv(100) == b""  # closed without an answer (a half-sent request has none)
    return time.monotonic() - t0


def test_an_idle_connection_is_closed(start):
    assert _closed_by_server(start(idle_timeout=1, request_timeout=60), b"") < 20


def test_a_request_that_never_finishes_arriving_is_closed(start):
    assert _closed_by_server(start(idle_timeout=60, request_timeout=1), b"GET / HTTP/1.1\r\nHost: x\r\n") < 20


def test_treaty_serve_command(index_dir, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "treaty.cli", "serve", "--port", "0", "--quiet", "--index", str(index_dir),
                             "--site", str(tmp_path), "--threads", "2", "--backlog", "64", "--idle-timeout", "5", "--request-timeout", "5"], stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        assert line.startswith("serving http://127.0.0.1:"), line
        base = line.split()[1].rstrip("/")
        status, _, body = get(f"{base}/api/search?q=24/7")
        assert status == 200 and json.loads(body)["results"][0]["citation"].startswith("Article 41")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stderr.close()


def test_treaty_serve_refuses_a_public_address():
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", "serve", "--host", "0.0.0.0", "--port", "0"], capture_output=True, text=True)
    assert proc.returncode == 2 and "not a loopback address" in proc.stderr and "Traceback" not in proc.stderr


def test_treaty_serve_refuses_bad_limits():
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", "serve", "--port", "0", "--threads", "0"], capture_output=True, text=True)
    assert proc.returncode == 2 and "--threads" in proc.stderr and "Traceback" not in proc.stderr


def test_waitress_serve_runs_the_application(index_dir, tmp_path):
    """The documented production command: any WSGI server, here waitress-serve, runs treaty.serve:application."""
    (tmp_path / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    env = {**__import__("os").environ, "TREATY_INDEX_DIR": str(index_dir), "TREATY_SITE_DIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "waitress", "--listen=127.0.0.1:0", "treaty.serve:application"],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stderr.readline()
        assert "Serving on http://127.0.0.1:" in line, line
        base = line.split("Serving on ")[1].strip().rstrip("/")
        assert get(f"{base}/")[2] == "<h1>Home</h1>"
        status, _, body = get(f"{base}/api/search?q=extradition")
        assert status == 200 and json.loads(body)["results"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stderr.close()
