"""The two locks: runtime (requirements.txt) and test/dev (requirements-dev.txt) kept apart."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-r "):
            continue
        package, _, version = line.partition("==")
        assert version, f"{name}: {line!r} is not pinned exactly"
        pins[_normal(package)] = version
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(spec: str) -> str:
    return _normal(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0])


PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = _pins("requirements.txt")
DEV = _pins("requirements-dev.txt")


def test_every_runtime_dependency_is_in_the_runtime_lock():
    for spec in PYPROJECT["project"]["dependencies"]:
        assert _requirement_name(spec) in RUNTIME, spec


def test_every_test_dependency_is_in_the_dev_lock_not_the_runtime_lock():
    for spec in PYPROJECT["project"]["optional-dependencies"]["test"]:
        assert _requirement_name(spec) in DEV, spec
        assert _requirement_name(spec) not in RUNTIME, spec


def test_the_dev_lock_builds_on_the_runtime_lock_without_repinning_it():
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
    assert not set(RUNTIME) & set(DEV)
