"""Citations of this Convention in other documents (``treaty link``), in any of the lexicons'
languages: scan → which instrument → resolve → links, unresolved citations and the skipped list.

- ``instruments`` — names of this Convention and of other instruments (data), matched in text
- ``context``     — which instrument a citation belongs to: its sentence, then the nearest mention
- ``names``       — references by name, generated from the corpus's headings
- ``linker``      — ``Linker`` (block by block), ``link_text``
- ``results``     — ``Link``, ``Unresolved``, ``Skipped``, ``Result`` (the JSON shapes)
- ``render``      — the plain-text output
"""

from __future__ import annotations

from .instruments import OTHER, THIS, instruments
from .linker import ASSUME_CHOICES, Linker, link_text, text_blocks
from .render import render_text
from .results import REASONS, Link, Result, Skipped, Unresolved, check_base_url, shown_skipped


def classify(phrase: str, default: str) -> str:
    """THIS or OTHER for an instrument phrase; 'this Convention' and the like take the default;
    an instrument we do not know by name is never ours."""
    inst = instruments()
    s = phrase.strip()
    for det in ("the ", "The "):
        if s.startswith(det):
            s = s[len(det):]
    n = inst.named_at(s, 0)
    if n is not None and n.cls != "GENERIC":
        return n.cls
    if inst.is_generic(phrase):
        return default
    return OTHER


def mentions(text: str) -> list[tuple[int, str]]:
    """Where instruments are named in ``text`` (position, THIS|OTHER), in order."""
    return [(n.start, n.cls) for n in instruments().named(text) if n.cls != "GENERIC"]


__all__ = ["ASSUME_CHOICES", "Link", "check_base_url", "Linker", "OTHER", "REASONS", "Result", "Skipped", "THIS", "Unresolved",
           "classify", "link_text", "mentions", "render_text", "shown_skipped", "text_blocks"]
