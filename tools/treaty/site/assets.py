"""What the theme copies into the site but no page uses: removed after ``mkdocs build``.

mkdocs-material copies its source maps (``*.map``, 1.2 MB) and the lunr language and
word-segmentation scripts of every language it supports (``assets/javascripts/lunr/``, 0.9 MB)
into every site.  The search worker loads a lunr script only for a language listed in the
search index's ``config.lang`` (``workers/search.*.js``: ``tinyseg.js`` for Japanese,
``wordcut.js`` for Hindi and Thai, ``min/lunr.<lang>.min.js`` for any language but English,
``min/lunr.multi.min.js`` for more than one, ``min/lunr.stemmer.support.min.js`` for any of
these), so :func:`lunr_scripts_needed` keeps exactly those and :func:`prune` removes the rest.

:func:`compact_html` drops the indentation and blank lines of the theme's templates from every
page (about 8 KB a page), leaving ``<pre>``, ``<textarea>`` and ``<script>`` as they are: a line
break still separates what it separated, so nothing renders differently.

A ``sitemap.xml`` without a single URL (MkDocs writes one when no public base URL is set,
since a sitemap's URLs must be absolute) is removed with its ``.gz`` copy: no page asks for it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .derived import keep_each, key_of
from .context import Context

LUNR_DIR = Path("assets/javascripts/lunr")
#: the comment that points a browser's developer tools at a source map, at the end of a file
#: whitespace that starts a line, and the elements where it is content
_INDENT = re.compile(r"\n[ \t\r\n]+")
_PRESERVE = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)", re.S | re.I)
_SOURCE_MAP_COMMENT = re.compile(rb"\n?/[/*]# sourceMappingURL=[^\n]*?(?:\*/)?\s*$")


def lunr_scripts_needed(languages: list[str]) -> set[str]:
    """The files under ``assets/javascripts/lunr/`` the search worker imports for ``languages``."""
    needed = set()
    for lang in languages:
        if lang == "ja":
            needed.add("tinyseg.js")
        elif lang in ("hi", "th"):
            needed.add("wordcut.js")
        if lang != "en":
            needed.add(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        needed.add("min/lunr.multi.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    return needed


def search_languages(site_dir: Path) -> list[str]:
    index = site_dir / "search" / "search_index.json"
    if not index.is_file():
        return ["en"]
    return list(json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", ["en"]))


def prune(site_dir: Path, *_unused) -> list[str]:
    """Remove source maps, unused lunr scripts and an empty sitemap; return what was removed."""
    removed = []
    for path in sorted(site_dir.rglob("*.map")):
        path.unlink()
        removed.append(path.relative_to(site_dir).as_posix())
    for path in sorted([*site_dir.glob("assets/**/*.js"), *site_dir.glob("assets/**/*.css")]):
        data = path.read_bytes()
        stripped = _SOURCE_MAP_COMMENT.sub(b"\n", data)
        if stripped != data:
            path.write_bytes(stripped)
    lunr = site_dir / LUNR_DIR
    if lunr.is_dir():
        keep = lunr_scripts_needed(search_languages(site_dir))
        for path in sorted(p for p in lunr.rglob("*") if p.is_file()):
            name = path.relative_to(lunr).as_posix()
            if name not in keep:
                path.unlink()
                removed.append((LUNR_DIR / name).as_posix())
        for folder in sorted((p for p in lunr.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
        if not any(lunr.iterdir()):
            lunr.rmdir()
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file() and b"<loc>" not in sitemap.read_bytes():
        for path in (sitemap, site_dir / "sitemap.xml.gz"):
            if path.is_file():
                path.unlink()
                removed.append(path.name)
    return removed


def compact(html: str) -> str:
    """``html`` without indentation or blank lines outside ``<pre>``, ``<textarea>`` and ``<script>``."""
    pieces = _PRESERVE.split(html)
    out = []
    for i, piece in enumerate(pieces):
        kind = i % 3
        if kind == 0:
            out.append(_INDENT.sub("\n", piece))
        elif kind == 1:
            out.append(piece)
    return "".join(out)


def _text(data: bytes) -> str:
    """A page's bytes as text, line breaks read as ``open()`` reads them (universal newlines)."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _compacted(raw: list[bytes]) -> list[tuple[bytes | None, int]]:
    """Each page compacted (None when compacting leaves it as it is), with the bytes it saves."""
    out = []
    for data in raw:
        text = _text(data)
        small = compact(text)
        if small == text:
            out.append((None, 0))
        else:
            encoded = small.encode("utf-8")
            out.append((encoded, len(text.encode("utf-8")) - len(encoded)))
    return out


def compact_html(site_dir: Path, ctx: Context | None = None, *_unused) -> int:
    """Compact every page of the site; return the bytes saved.  What compacting makes of a page is
    kept between builds (site/derived.py) under the key of the code and the page's bytes: a
    rebuild compacts again only the pages MkDocs wrote otherwise."""
    paths = sorted(site_dir.rglob("*.html"))
    raw = [path.read_bytes() for path in paths]
    key = key_of(ctx, "compacted pages") if ctx is not None else None
    saved = 0
    for path, (small, fewer) in zip(paths, keep_each(key, "compacted pages", raw, _compacted)):
        if small is not None:
            path.write_bytes(small)
            saved += fewer
    return saved
