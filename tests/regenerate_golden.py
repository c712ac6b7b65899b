"""Regenerate tests/golden/ from the current code: `make golden`. Review the diff before committing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from golden_cases import render  # noqa: E402

from treaty.corpus import load  # noqa: E402


def main() -> None:
    doc = load()
    out = HERE / "golden"
    out.mkdir(exist_ok=True)
    files = render(doc)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} golden files to {out}")


if __name__ == "__main__":
    main()
