"""Work computed once and kept under the build folder, keyed by the hash of what it is made from.

``cached(name, inputs, compute)`` returns ``compute()``'s value, kept in ``build/cache/<name>.pickle``
with the SHA-256 of ``inputs`` (the bytes the value is derived from: the corpus, the annotation
files, the source of the modules that compute it).  A changed input changes the hash and the value
is computed again; a missing, unreadable or stale file is simply recomputed and rewritten
atomically (a failed write is ignored: the cache only saves time, it never changes an answer).
The files are this program's own output, read back only when their recorded hash matches.
``cached_each(name, inputs, items, compute)`` keeps one value per item (each item's bytes hashed):
after a change, only the items that changed are computed again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

from . import __version__
from .settings import BUILD_DIR

T = TypeVar("T")
#: ``TREATY_CACHE_DIR`` moves the cache; ``TREATY_CACHE_DIR=`` (empty) turns it off
CACHE_ENV = "TREATY_CACHE_DIR"


def cache_dir() -> Path | None:
    value = os.environ.get(CACHE_ENV)
    if value is None:
        return BUILD_DIR / "cache"
    return Path(value) if value else None


def digest(inputs: Iterable[bytes | str | Path]) -> str:
    """SHA-256 over the inputs in order (a Path is read; every part is length-prefixed)."""
    h = hashlib.sha256(__version__.encode())
    for part in inputs:
        data = part.read_bytes() if isinstance(part, Path) else part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def module_sources(*modules) -> list[Path]:
    """The source files of ``modules``: part of a key, so a code change invalidates the value."""
    return [Path(m.__file__) for m in modules]


def files_under(*folders: Path) -> list[Path]:
    """Every file under ``folders`` (a file stands for itself; symbolic links followed), in path order, byte-code left out:
    part of a key, so that a changed, added, removed or renamed file invalidates the value."""
    found = set()
    for folder in folders:
        if os.path.isfile(folder):
            found.add(Path(folder))
        for base, dirs, names in os.walk(folder, followlinks=True):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            found.update(Path(base) / n for n in names)
    return sorted(found)


def tree_inputs(*folders: Path) -> list[bytes | str | Path]:
    """The inputs of a key that stand for ``folders``: each file's path and content."""
    return [x for path in files_under(*folders) for x in (str(path), path)]


def environment() -> str:
    """The interpreter's version and the distributions installed beside the libraries (their
    ``*.dist-info`` folders name each with its version): a library upgrade invalidates the value."""
    import sysconfig

    folders = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    names = sorted(n for f in folders if os.path.isdir(f) for n in os.listdir(f) if n.endswith(".dist-info"))
    return "\n".join([sys.version, *names])


def _read(path: Path, header: bytes) -> tuple[bool, object]:
    """(True, the value) kept in ``path`` for ``header`` (the key); (False, None) when there is none."""
    try:
        with path.open("rb") as f:
            if f.read(len(header)) == header:  # only a file written for these very inputs is unpickled
                return True, pickle.load(f)
    except Exception:  # noqa: BLE001 - missing, truncated, from another version: recompute
        pass
    return False, None


def _write(path: Path, header: bytes, value: object) -> None:
    """Keep ``value`` in ``path`` under ``header``, atomically; a failed write is ignored."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            f.write(header)
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def cached(name: str, inputs: Iterable[bytes | str | Path], compute: Callable[[], T]) -> T:
    folder = cache_dir()
    if folder is None:
        return compute()
    path, header = folder / f"{name}.pickle", digest(inputs).encode() + b"\n"
    found, value = _read(path, header)
    if not found:
        value = compute()
        _write(path, header, value)
    return value


def cached_each(name: str, inputs: Iterable[bytes | str | Path], items: Sequence[bytes],
                compute: Callable[[list[bytes]], list[T]]) -> list[T]:
    """``compute(items)`` (one value per item, in order), each item's value kept by the hash of its
    bytes, under the hash of ``inputs`` (what the values are made with: the code): only the items
    the last call did not have are computed.  What is kept is this call's items' values only."""
    folder = cache_dir()
    if folder is None:
        return compute(list(items))
    path, header = folder / f"{name}.pickle", digest(inputs).encode() + b"\n"
    found, kept = _read(path, header)
    kept = kept if found and isinstance(kept, dict) else {}
    hashes = [hashlib.sha256(item).digest() for item in items]
    missing = list(dict.fromkeys(h for h in hashes if h not in kept))
    if missing:
        where = {h: i for i, h in enumerate(hashes)}
        kept.update(zip(missing, compute([items[where[h]] for h in missing])))
    if missing or kept.keys() != set(hashes):
        _write(path, header, {h: kept[h] for h in hashes})
    return [kept[h] for h in hashes]


__all__ = ["CACHE_ENV", "cache_dir", "cached", "cached_each", "digest", "environment", "files_under", "module_sources", "tree_inputs"]
