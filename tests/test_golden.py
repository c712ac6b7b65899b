"""Whole outputs against golden files. Regenerate with `make golden` and review the diff.

Collection only lists tests/golden/; everything is rendered once, by the first test that needs
it (a render bug is a failing test, not a collection error)."""

from __future__ import annotations

import pytest

from conftest import GOLDEN
from golden_cases import render
from treaty.corpus import load

NAMES = sorted(p.name for p in GOLDEN.iterdir() if p.is_file())


@pytest.fixture(scope="module")
def rendered(ix) -> dict[str, str]:
    return render(load(), ix)  # ix: the session's index of the corpus, what render() would build


def test_every_output_has_a_golden_file_and_every_file_an_output(rendered):
    assert sorted(rendered) == NAMES, "run `make golden` and review the diff"


@pytest.mark.parametrize("name", NAMES)
def test_golden(name, rendered):
    assert name in rendered, f"golden file {name} is no longer produced: run `make golden`"
    assert rendered[name] == (GOLDEN / name).read_text(encoding="utf-8"), f"{name} differs: run `make golden` and review the diff"
