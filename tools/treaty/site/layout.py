"""A page of the site as data (``Page``), the frame every page body is written in (``wrap``) and
the Convention's chapters and articles in order: what the page generators (pages.py and the
stages that add pages of their own, such as implementation_pages.py) share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Unit
from .context import Context, PageState, esc


@dataclass
class Page:
    #: the page's URL relative to the site root ("articles/40.html"); its Markdown file is derived
    path: str
    title: str
    body: str
    #: sections of the navigation this page sits in (outermost first); () = top level
    nav: tuple[str, ...] = ()
    nav_title: str | None = None
    #: files copied into the site next to the page: destination (site-relative) → source
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The Markdown file under docs_dir that MkDocs turns into ``path``."""
        assert self.path.endswith(".html"), self.path
        return self.path[: -len(".html")] + ".md"


def wrap(state: PageState, instrument: str, *blocks: str, part: str = "convention", attrs: str = "") -> str:
    """A page body: one raw-HTML block (no blank lines, so Markdown leaves it alone).  ``part``
    (of the document: convention, notes, resolution, report) chooses the copied citation's form
    (an element inside may say otherwise with its own ``data-part``); ``attrs`` are more attributes."""
    inner = "".join(b for b in blocks if b)
    of_part = f' data-part="{esc(part)}"' if part != "convention" else ""
    more = f" {attrs}" if attrs else ""
    return f'<div class="treaty-page" data-instrument="{esc(instrument)}"{of_part}{more}>{inner}</div>{state.script()}\n'


def chapters(ctx: Context) -> list[Unit]:
    return [u for u in ctx.doc.part("convention").children if u.kind == "chapter"]


def articles(ctx: Context) -> list[Unit]:
    return [a for ch in chapters(ctx) for a in ch.children if a.kind == "article"]
