"""The plain-text output of ``treaty link``: markers after the linked words, the links listed at
the end; with ``show_skipped`` the phrases not linked are marked and listed too."""

from __future__ import annotations

from .results import Result, shown_skipped


def render_text(text: str, result: Result, base_url: str = "", show_skipped: bool = False) -> str:
    """Each linked citation gets a marker [n], listed at the end with its targets and URL; with
    ``show_skipped`` each phrase not linked gets [~n], listed with why.  The input text is
    otherwise unchanged, so the output reads as the original."""
    links = [x for link in result.links for x in link.pieces()]
    skipped = shown_skipped(result) if show_skipped else []
    if not links and not skipped:
        return text
    marks = sorted([(x.end, 0, n) for n, x in enumerate(links, 1)] + [(x.end, 1, n) for n, x in enumerate(skipped, 1)])
    pieces, pos = [], 0
    for end, kind, n in marks:
        pieces.append(text[pos:end])
        pieces.append(f" [{n}]" if kind == 0 else f" [~{n}]")
        pos = end
    pieces.append(text[pos:])
    body = "".join(pieces).rstrip("\n")
    if links:
        body += "\n\nLinks:\n" + "\n".join(
            f"[{n}] {link.text} = {', '.join(t.canonical for t in link.targets)}: {link.url(base_url)}" for n, link in enumerate(links, 1))
    if skipped:
        body += "\n\nNot linked:\n" + "\n".join(f"[~{n}] {x.text}: {x.describe()}" for n, x in enumerate(skipped, 1))
    return body + "\n"
