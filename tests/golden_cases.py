"""What the golden files hold: whole-article outputs of `treaty show` (JSON and text), the outline,
and the plain-text export of the Convention (convention.txt)."""

from __future__ import annotations

import json

from treaty.cli import outline_json, render_text, unit_summary
from treaty.exports import plain_text
from treaty.lookup import find

#: articles chosen for their shapes: items with roman items, text after lists, item-opened
#: paragraphs, letter (i), heading variants, page-break joins
GOLDEN_ARTICLES = [1, 2, 11, 13, 17, 19, 22, 23, 28, 29, 40, 47, 53, 65]


def render(doc) -> dict[str, str]:
    files = {}
    for n in GOLDEN_ARTICLES:
        unit = find(doc, f"Article {n}")
        files[f"article-{n:02d}.json"] = json.dumps(unit_summary(unit), ensure_ascii=False, indent=2) + "\n"
        files[f"article-{n:02d}.txt"] = render_text(unit) + "\n"
    files["outline.json"] = json.dumps([outline_json(p) for p in doc.parts], ensure_ascii=False, indent=2) + "\n"
    files["convention.txt"] = plain_text(doc)
    return files
