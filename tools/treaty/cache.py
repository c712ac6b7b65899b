"""Work computed once and kept under the build folder, keyed by the hash of what it is made from.

``cached(name, inputs, compute)`` returns ``compute()``'s value, kept in ``build/cache/<name>.pickle``
with the SHA-256 of ``inputs`` (the bytes the value is derived from: the corpus, the annotation
files, the source of the modules that compute it).  A changed input changes the hash and the value
is computed again; a missing, unreadable or stale file is simply recomputed and rewritten
atomically (a failed write is ignored: the cache only saves time, it never changes an answer).
The files are this program's own output, read back only when their recorded hash matches.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Callable, Iterable, TypeVar

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


def cached(name: str, inputs: Iterable[bytes | str | Path], compute: Callable[[], T]) -> T:
    folder = cache_dir()
    if folder is None:
        return compute()
    key = digest(inputs)
    path = folder / f"{name}.pickle"
    header = key.encode() + b"\n"
    try:
        with path.open("rb") as f:
            if f.read(len(header)) == header:  # only a file written for these very inputs is unpickled
                return pickle.load(f)
    except Exception:  # noqa: BLE001 - missing, truncated, from another version: recompute
        pass
    value = compute()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            f.write(header)
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    return value


__all__ = ["CACHE_ENV", "cache_dir", "cached", "digest", "environment", "files_under", "module_sources", "tree_inputs"]
