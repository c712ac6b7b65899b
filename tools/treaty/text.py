"""A provision as readable plain text: hanging numbers, indentation by depth, wrapped lines.

Shared by ``treaty show`` and the plain-text export.
"""

from __future__ import annotations

import textwrap

from .model import Unit


def render_text(unit: Unit, width: int = 92, break_on_hyphens: bool = True) -> str:
    """A readable plain-text rendering with hanging numbers and indentation by depth.

    ``break_on_hyphens=False`` keeps words such as 'Secretary-General' whole (the export needs it).
    """
    out: list[str] = []

    def wrap(text: str, indent: str, first: str = "") -> None:
        if not text:
            if first:
                out.append(indent + first.rstrip())
            return
        out.extend(textwrap.wrap(text, width, initial_indent=indent + first, subsequent_indent=indent + " " * len(first), break_on_hyphens=break_on_hyphens) or [indent + first])

    def walk(u: Unit, depth: int) -> None:
        indent = "    " * depth
        if u.kind in ("article", "chapter", "section", "subsection", "group", "preamble"):
            out.append(indent + " — ".join(x for x in (u.display_num, u.heading) if x))
            wrap(u.text, indent)
        elif u.display_num:
            wrap(u.text, indent, u.display_num + " ")
        else:
            wrap(u.text, indent)
        for ch in u.children:
            walk(ch, depth + (1 if u.kind not in ("article", "chapter", "convention", "report", "resolution", "notes", "section") else 0))
        if u.tail:
            hang = " " * (len(u.display_num) + 1) if u.display_num and u.kind not in ("article", "chapter") else ""
            wrap(u.tail, indent + hang)

    walk(unit, 0)
    return "\n".join(out)
