"""An index that heals (issue 14): every way of damaging the index on disk — each kind of file
truncated, zeroed or deleted, the index partly deleted — while its metadata still matches the
corpus.  `treaty search` answers right with no traceback, and the WSGI application answers 200
right, rebuilding the index atomically with no lock held across the rebuild.

How an index heals does not depend on the corpus's size: these tests heal the index of the mini
corpus (tests/fixtures/mini_corpus/, a rebuild costs a fraction of a second), named as
``TREATY_CORPUS_DIR`` names it; one heals the real corpus's index, end to end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import mini_env, treaty_main
from treaty.search import open_index, search
from treaty.serve import Application, IndexHolder

#: a query of the mini corpus and its first answer (REAL_*: of the real corpus)
QUERY, FIRST = "ordre public", "Article 3(2)"
REAL_QUERY, REAL_FIRST = "grooming", "Article 15(1)"

#: each kind of file the index is made of (glob patterns inside the index folder)
FILES = {
    "toc": "_MAIN_*.toc",  # Whoosh's table of contents
    "segment": "MAIN_*.seg",  # Whoosh's segment (compound file)
    "lock": "MAIN_WRITELOCK",  # Whoosh's write lock (empty)
    "champions-header": "treaty-candidates.json",  # phase one: the champion lists' terms
    "champions-data": "treaty-candidates.bin",  # phase one: the champion lists' units and weights
    "forward-data": "treaty-forward.bin",  # phase two: every unit's words
    "forward-offsets": "treaty-forward.idx",  # phase two: where each unit's words start
}


def _truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def _zero(p: Path) -> None:
    p.write_bytes(bytes(max(p.stat().st_size, 64)))


def _delete(p: Path) -> None:
    p.unlink()


DAMAGES = {"truncated": _truncate, "zeroed": _zero, "deleted": _delete}


def _scramble(p: Path) -> None:
    """Bytes in the middle replaced: same size, no error until something reads them."""
    data = bytearray(p.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 256] = bytes((b ^ 0x5A) for b in data[middle : middle + 256])
    p.write_bytes(bytes(data))


def _damage_files(path: Path, pattern: str, damage) -> None:
    found = sorted(path.glob(pattern))
    assert found, f"no {pattern} in {sorted(p.name for p in path.iterdir())}"
    for p in found:
        damage(p)


def _only_metadata(path: Path) -> None:
    for p in path.iterdir():
        if p.name != "treaty-index.json":
            p.unlink()


def _whoosh_gone(path: Path) -> None:
    for p in path.iterdir():
        if not p.name.startswith("treaty-"):
            p.unlink()


MODES = {f"{kind}-{how}": (lambda path, pattern=pattern, damage=damage: _damage_files(path, pattern, damage))
         for kind, pattern in FILES.items() for how, damage in DAMAGES.items()}
MODES["segment-scrambled"] = lambda path: _damage_files(path, FILES["segment"], _scramble)
MODES["forward-data-scrambled"] = lambda path: _damage_files(path, FILES["forward-data"], _scramble)
MODES["whoosh-files-deleted"] = _whoosh_gone
MODES["all-but-metadata-deleted"] = _only_metadata


def test_the_table_has_every_mode_the_issue_names():
    assert len(MODES) >= 18
    for kind in FILES:
        assert {f"{kind}-truncated", f"{kind}-zeroed", f"{kind}-deleted"} <= set(MODES)


@pytest.fixture
def corpus(in_mini_corpus) -> Path:
    """The corpus JSON of the mini corpus, which this process now reads."""
    return in_mini_corpus / "convention.json"


def _copy(copier, tmp_path: Path) -> Path:
    """A copy of the session's index (as `treaty search` builds it), alone in its folder: a
    rebuild may leave nothing beside it."""
    return copier(tmp_path / "indexes")


def _metadata(path: Path) -> str:
    return (path / "treaty-index.json").read_text(encoding="utf-8")


def _assert_healed(path: Path, meta: str, query: str = QUERY, first: str = FIRST) -> None:
    """The index on disk is whole again, built from the same corpus, and left no temporary folder."""
    assert json.loads(_metadata(path))["corpus_sha256"] == json.loads(meta)["corpus_sha256"]
    with open_index(path) as index:
        assert search(index, query).hits[0].citation == first
    assert sorted(p.name for p in path.parent.iterdir()) == ["index"]


def _assert_answered(code: int, out: str, err: str, first: str = FIRST) -> None:
    """`treaty search --json` answered right: status 0, no traceback, at most one line on stderr."""
    assert code == 0, err
    assert "Traceback" not in err and "Traceback" not in out
    assert json.loads(out)["results"][0]["citation"] == first
    assert len(err.splitlines()) <= 1, err  # at most one line saying it was rebuilt


@pytest.mark.parametrize("mode", sorted(MODES))
def test_treaty_search_heals_a_damaged_index(corpus, mini_index, tmp_path, mode):
    path = _copy(mini_index, tmp_path)
    meta = _metadata(path)
    MODES[mode](path)
    _assert_answered(*treaty_main("search", "--json", "--index", str(path), QUERY))
    _assert_healed(path, meta)


def _treaty_search(path: Path, query: str, env: dict[str, str]) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", "search", "--json", "--index", str(path), query],
                          capture_output=True, text=True, env=env)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("mode", ["segment-zeroed", "forward-data-scrambled"])
def test_the_treaty_command_heals_a_damaged_index(mini_corpus, mini_index, tmp_path, mode):
    """The command itself, in its own process (a rebuild of the Whoosh files, then of the ranking's)."""
    path = _copy(mini_index, tmp_path)
    meta = _metadata(path)
    MODES[mode](path)
    _assert_answered(*_treaty_search(path, QUERY, mini_env(mini_corpus)))
    _assert_healed(path, meta)


def test_treaty_search_heals_the_real_corpus_index(served_index, tmp_path):
    """End to end on the real corpus and its annotations: the whole index rebuilt."""
    path = _copy(served_index, tmp_path)
    meta = _metadata(path)
    MODES["all-but-metadata-deleted"](path)
    _assert_answered(*_treaty_search(path, REAL_QUERY, dict(os.environ, PYTHONDONTWRITEBYTECODE="1")), first=REAL_FIRST)
    _assert_healed(path, meta, REAL_QUERY, REAL_FIRST)


def _api(app: Application, query: str = f"q={QUERY}") -> tuple[int, dict]:
    status, _, body = app.respond("GET", "/api/search", query)
    return status, json.loads(body)


@pytest.mark.parametrize("mode", sorted(MODES))
def test_the_server_heals_an_index_damaged_while_it_runs(corpus, mini_index, tmp_path, mode):
    """Damaged after the server opened it: the next request still answers right, and the index
    on disk is rebuilt."""
    path = _copy(mini_index, tmp_path)
    meta = _metadata(path)
    holder = IndexHolder(corpus, path)
    app = Application(tmp_path / "site", holder)
    try:
        status, body = _api(app)
        assert status == 200 and body["results"][0]["citation"] == FIRST
        MODES[mode](path)
        for _ in range(2):
            status, body = _api(app)
            assert status == 200, body
            assert body["results"][0]["citation"] == FIRST
        holder.settle()
    finally:
        holder.close()
    _assert_healed(path, meta)


def test_the_server_heals_an_index_damaged_before_it_starts(corpus, mini_index, tmp_path):
    path = _copy(mini_index, tmp_path)
    meta = _metadata(path)
    MODES["segment-zeroed"](path)
    holder = IndexHolder(corpus, path)
    try:
        status, body = _api(Application(tmp_path / "site", holder))
        assert status == 200 and body["results"][0]["citation"] == FIRST
    finally:
        holder.close()
    _assert_healed(path, meta)


def test_the_api_keeps_answering_during_a_rebuild_with_no_lock_held(corpus, mini_index, tmp_path, monkeypatch):
    """A rebuild held half-way: meanwhile the holder's lock is free, the API answers right and
    the site's files are served; when it finishes the index on disk is whole."""
    import treaty.search.index as index_module

    path = _copy(mini_index, tmp_path)
    meta = _metadata(path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    holder = IndexHolder(corpus, path)
    app = Application(site, holder)
    started, release = threading.Event(), threading.Event()
    real_build = index_module.build_index

    def held_build(*args, **kwargs):
        started.set()
        assert release.wait(120)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(index_module, "build_index", held_build)
    try:
        assert _api(app)[0] == 200
        MODES["segment-zeroed"](path)
        MODES["forward-data-deleted"](path)
        assert _api(app)[1]["results"][0]["citation"] == FIRST
        assert started.wait(60), "no rebuild started"
        assert holder.lock.acquire(timeout=10), "the holder's lock is held across the rebuild"
        holder.lock.release()
        for q in (f"q={QUERY}", "q=refused&limit=3", "q=Art.+3(2)"):
            status, body = _api(app, q)
            assert status == 200 and body["results"], (q, body)
        assert app.respond("GET", "/index.html", "")[0] == 200
        assert not release.is_set()  # all of the above was answered while the rebuild was held
    finally:
        release.set()
        holder.settle()
        holder.close()
    _assert_healed(path, meta)


def test_a_failing_read_checks_the_files_and_rebuilds_them_when_damaged(corpus, mini_index, tmp_path, monkeypatch):
    """A read that fails on damaged files: the index is rebuilt and the query answered; a read
    that fails on whole files is a bug, raised as it is."""
    import struct

    import treaty.search.holder as holder_module

    path = _copy(mini_index, tmp_path)
    meta = _metadata(path)
    real_search, failures = holder_module.search, []

    def failing_once(index, query, limit=10):
        if not failures:
            failures.append(query)
            raise struct.error("unpack requires a buffer of 4 bytes")
        return real_search(index, query, limit)

    with IndexHolder(corpus, path) as holder:
        assert holder.search(QUERY).hits[0].citation == FIRST
        monkeypatch.setattr(holder_module, "search", failing_once)
        MODES["segment-truncated"](path)
        assert holder.search(QUERY).hits[0].citation == FIRST and failures == [QUERY]
        holder.settle()
        failures.clear()
        with pytest.raises(struct.error):  # the files are whole now: not damage
            holder.search(QUERY)
    _assert_healed(path, meta)


def test_a_request_that_waits_too_long_for_a_rebuild_gets_503(corpus, mini_index, tmp_path, monkeypatch):
    """No index to answer from and a rebuild slower than the holder's patience: a JSON 503 that
    says to try again, not a hung request; once the rebuild is done the API answers."""
    import treaty.search.index as index_module

    path = _copy(mini_index, tmp_path)
    MODES["segment-zeroed"](path)
    release, real_build = threading.Event(), index_module.build_index
    monkeypatch.setattr(index_module, "build_index", lambda *a, **k: release.wait(120) and real_build(*a, **k))
    holder = IndexHolder(corpus, path, wait=0.2)
    app = Application(tmp_path / "site", holder)
    try:
        status, body = _api(app)
        assert status == 503 and "being rebuilt" in body["error"]
    finally:
        release.set()
        holder.settle()
    try:
        status, body = _api(app)
        assert status == 200 and body["results"][0]["citation"] == FIRST
    finally:
        holder.close()


def test_a_rebuild_sweeps_what_killed_builds_left_beside_the_index(corpus, mini_index, tmp_path):
    path = _copy(mini_index, tmp_path)
    old, fresh = path.parent / ".index.killed", path.parent / ".index.building"
    for d in (old, fresh):
        d.mkdir()
        (d / "MAIN_x.seg").write_bytes(b"half")
    os.utime(old, (0, 0))
    MODES["segment-deleted"](path)
    with IndexHolder(corpus, path) as holder:
        assert holder.search(QUERY).hits[0].citation == FIRST
    assert not old.exists() and fresh.exists()  # a folder younger than an hour may be another build's
