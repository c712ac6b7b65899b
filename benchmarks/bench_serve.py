"""`treaty serve` under load, on loopback: 500 simultaneous requests, then 100 concurrent
clients on /api/search for 30 s (p50, p99, errors), and the server's memory before and after.
Prints, asserts nothing.

    .venv/bin/python benchmarks/bench_serve.py [--seconds 30] [--clients 100] [--burst 500]

The server is a `treaty serve --port 0` process of its own (its memory is read from /proc);
the clients are asyncio connections in this process, each sending one request at a time on a
kept-alive connection.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = ["extradition", "mutual legal assistance", "Art. 40(21)(b)", "24/7", "dual criminality", "can a state refuse",
           "child sexual abuse material", "article:40 refused", "kind:note", "chapter:V", "extradtion", "data", "Chapter 0",
           "confiscation of proceeds", "\"electronic evidence\"", "preservation of stored computer data"]


def _queries() -> list[str]:
    """The mix above and every query of the relevance set (benchmarks/relevance.yaml): varied,
    as readers' are, so the figures are not those of a few hot queries."""
    import yaml

    graded = yaml.safe_load((Path(__file__).parent / "relevance.yaml").read_text(encoding="utf-8"))["queries"]
    return QUERIES + [q["q"] for q in graded]


MIX: list[str] = list(QUERIES)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _path(n: int) -> bytes:
    from urllib.parse import quote

    return b"/api/search?q=" + quote(MIX[n % len(MIX)]).encode() + b"&limit=10"


async def _one(reader, writer, path: bytes) -> int:
    writer.write(b"GET " + path + b" HTTP/1.1\r\nHost: bench\r\n\r\n")
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))
    await reader.readexactly(length)
    return status


async def burst(port: int, n: int, timeout: float = 60.0) -> tuple[dict, float]:
    """n connections opened at once, each sending one request: ({status or error: count}, seconds)."""
    start = asyncio.Event()

    async def client(i):
        await start.wait()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            return await _one(reader, writer, _path(i))
        finally:
            writer.close()

    tasks = [asyncio.create_task(asyncio.wait_for(client(i), timeout)) for i in range(n)]
    await asyncio.sleep(0)
    t0 = time.perf_counter()
    start.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    counts: dict = {}
    for r in results:
        key = r if isinstance(r, int) else f"no answer ({type(r).__name__})"
        counts[key] = counts.get(key, 0) + 1
    return counts, time.perf_counter() - t0


async def sustained(port: int, clients: int, seconds: float) -> tuple[list[float], int, int]:
    """clients kept-alive connections, each asking one query after another: (latencies, errors, requests)."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client(i):
        nonlocal errors
        n = i
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    status = await asyncio.wait_for(_one(reader, writer, _path(n)), 60)
                except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                latencies.append(time.perf_counter() - t0)
                errors += status != 200
                n += clients
        finally:
            writer.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return latencies, errors, len(latencies)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--burst", type=int, default=500)
    args = ap.parse_args(argv if argv is not None else [])
    MIX[:] = _queries()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TREATY_INDEX_DIR": str(Path(tmp) / "index")}
        proc = subprocess.Popen([sys.executable, "-m", "treaty.cli", "serve", "--port", "0", "--quiet", "--site", tmp],
                                stderr=subprocess.PIPE, text=True, env=env)
        try:
            line = proc.stderr.readline()
            if not line.startswith("serving http://127.0.0.1:"):
                print(f"server did not start: {line}{proc.stderr.read()}")
                return
            port = int(line.split()[1].rsplit(":", 1)[1].rstrip("/"))
            asyncio.run(burst(port, 1))  # warm: index open, first query
            before = rss_kib(proc.pid)
            counts, secs = asyncio.run(burst(port, args.burst))
            answered = sum(v for k, v in counts.items() if isinstance(k, int))
            shown = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=str))
            print(f"burst: {args.burst} simultaneous requests: {answered} answered ({shown}), all done in {secs:.2f} s")
            latencies, errors, n = asyncio.run(sustained(port, args.clients, args.seconds))
            after = rss_kib(proc.pid)
            q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
            print(f"sustained: {args.clients} concurrent clients for {args.seconds:.0f} s on /api/search ({len(MIX)} distinct queries): {n} requests "
                  f"({n / args.seconds:.0f}/s), p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, errors {errors}")
            print(f"server memory (RSS): {before / 1024:.1f} MiB before the burst, {after / 1024:.1f} MiB after the load")
            print(f"machine load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (clients and server share them)")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1:])
