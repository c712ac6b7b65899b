"""Snippets: a short HTML-safe excerpt of a unit with the query's words in ``<mark>``."""

from __future__ import annotations

import html

from whoosh import highlight

from .records import analyzer


class _MarkFormatter(highlight.Formatter):
    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(highlight.get_text(text, token, replace), quote=False) + "</mark>"


def snippet(body: str, terms: set[str], chars: int = 240) -> str:
    """A short HTML-safe excerpt of ``body`` with the query's words in ``<mark>``."""
    if terms:
        frag = highlight.highlight(body, frozenset(terms), analyzer(), highlight.ContextFragmenter(maxchars=chars, surround=70),
                                   _MarkFormatter(), top=2, order=highlight.FIRST)
        if frag:
            return frag.strip()
    if len(body) <= chars:
        return html.escape(body, quote=False)
    cut = body.rfind(" ", 0, chars)
    return html.escape(body[: cut if cut > 0 else chars], quote=False) + " …"


def unit_snippet(body: str, context: str, terms: set[str]) -> str:
    """The snippet of a unit; when only the paragraph above it (an item's lead-in, ``context``)
    matched, that lead-in first."""
    text = snippet(body, terms)
    if terms and context and "<mark>" not in text:
        lead = snippet(context, terms, chars=120)
        if "<mark>" in lead:
            text = f"{lead} … {snippet(body, set(), chars=160)}"
    return text
