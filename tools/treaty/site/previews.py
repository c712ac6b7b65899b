"""The previews of every page in one shared file, fetched by the page's script the first time a
preview is wanted and cached by the browser from then on.

A link names its previews in ``data-peek``; what they show is collected while its page is
rendered (``PageState.previews``) and written at the end of the page body as a JSON block
(``PageState.script``).  :func:`share` takes that block out of every page and merges the blocks
into one table — the same key reads the same on every page, its address ``u`` given from the site
root — which the build writes as ``SCRIPT_PATH`` (``window.treatyPreviews = {…}``).  Article 40
carried 6.6 KiB of previews inline; the whole site's are one file of about 130 KiB (26 KiB
gzipped), fetched once.
"""

from __future__ import annotations

import json
import re

from .layout import shared_script

#: the shared file, beside the other scripts (treaty-preview.js finds it next to itself)
SCRIPT_PATH = "assets/javascripts/treaty-previews.js"
_BLOCK = re.compile(r'<script type="application/json" id="treaty-previews">(.*?)</script>', re.S)


class PreviewConflict(ValueError):
    """Two pages describe one preview key differently."""


def share(pages) -> dict[str, dict]:
    """Take the previews block out of each page's body; return them merged, sorted by key."""
    shared: dict[str, dict] = {}
    for page in pages:
        found = _BLOCK.search(page.body)
        if not found:
            continue
        page.body = page.body[: found.start()] + page.body[found.end():]
        for key, preview in json.loads(found.group(1)).items():
            if shared.setdefault(key, preview) != preview:
                raise PreviewConflict(f"the preview {key!r} reads {shared[key]} on one page and {preview} on {page.path}")
    return dict(sorted(shared.items()))


def script(shared: dict[str, dict]) -> str:
    """The shared file: ``window.treatyPreviews = {key: {c, d, t, u}}``."""
    return shared_script("Previews", shared)
