"""Whole outputs against golden files. Regenerate with `make golden` and review the diff."""

from __future__ import annotations

import pytest

from conftest import GOLDEN
from golden_cases import render
from treaty.corpus import load

_FILES = render(load())


@pytest.mark.parametrize("name", sorted(_FILES))
def test_golden(name):
    path = GOLDEN / name
    assert path.exists(), f"missing golden file {name}: run `make golden`"
    assert _FILES[name] == path.read_text(encoding="utf-8"), f"{name} differs: run `make golden` and review the diff"
