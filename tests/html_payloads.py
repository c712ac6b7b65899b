"""Hostile HTML for the linker: the pieces generated documents are made of (tests, benchmark).

Raw-text elements (whose end a wrong parser misplaces), duplicate attributes (browsers keep the
first), broken and unterminated comments, CDATA, character references, foreign content, deep
nesting, and citations for the linker to find among them.  Script in a payload calls
``top.__hit(N)``, so a browser can say which payloads ran script.
"""

from __future__ import annotations

import random

#: Script that runs when a document is loaded, as a browser reads it ({N}: the payload's number).
VECTORS = [
    "<img src=x onerror=top.__hit({N})>",
    '<img src=x onerror="" onerror="top.__hit({N})">',
    '<img src=x onerror="top.__hit({N})" onerror="">',
    "<image src=x onerror=top.__hit({N})>",
    "<svg onload=top.__hit({N})>",
    "<script>top.__hit({N})</script>",
    "<body onload=top.__hit({N})>",
    "<iframe onload=top.__hit({N})></iframe>",
    "<img src=x onerror='top.__hit({N})'//",
    "<img src=x title='Article 5' onerror=top.__hit({N})>",
]
RAW_TEXT = ["textarea", "title", "xmp", "noembed", "noframes", "iframe", "noscript", "style", "script", "template"]
PIECES = (
    [f"<{t}>" for t in RAW_TEXT] + [f"</{t}>" for t in RAW_TEXT] + ["<plaintext>", "</plaintext>", "<listing>"]
    + ["<!--", "-->", "--!>", "<!-->", "<!--->", "<!--x>", "<!-- Article 5 -->", "<!", "<!x>", "<?php x ?>", "</x y>", "</", "</>", "<", ">", "-", "--"]
    + ["<![CDATA[", "]]>", "<![CDATA[Article 5]]>", "<svg>", "</svg>", "<math>", "</math>", "<foreignObject>", "</foreignObject>",
       "<desc>", "<mi>", "<mtext>", "<annotation-xml encoding=text/html>", "<svg><title>", "<math><mi><textarea>"]
    + ["&amp;", "&lt;", "&gt;", "&nbsp;", "&quot;", "&#x41;", "&#65", "&#0;", "&notit;", "&not", "&", "&#", "&#x", "&lt", "&NotEqualTilde;", "&#x110000;", "&#128;"]
    + ["<p>", "</p>", "<div>", "</div>", "<em>", "</em>", "<b>", "</b>", "<i>", "</i>", "<span>", "</span>", "<code>", "</code>",
       "<a href=x>", "</a>", '<a href="x" class="treaty-cite" title="Article 5">', "<table>", "<tr>", "<td>", "</td>", "</table>",
       "<select>", "<option>", "</select>", "<pre>", "</pre>", "<li>", "<br>", "<button>", "</button>", "<form>", "<frameset>",
       "<head>", "</head>", "<body>", "<html>", "</html>", "<kbd>", "<label>", "<ruby>", "<rt>", "<nobr>", "<font color=red>", "<wbr>", "<hr>"]
    + ['<p title="Article 5" a=1 a=2>', "<p class='x", '"', "'", "=", "<span title=\"</span><p>\">", "<div a=b c d=\"e\">", "<P CLASS=X>", "<br/>", "</br>"]
    + ["<!DOCTYPE html>", "<!doctype html public '-//W3C//DTD HTML 4.01//EN'>", "<!DOCTYPE>"]
    + [" ", "\n", "\r\n", "\r", "\t", "\0", "x", "é", "—", ". "]
    + ["<div>" * 30, "<b>" * 10, "<span>" * 50, "<em>" * 5, "</div>" * 10, "<table><tr><td>" * 5]
)
CITATIONS = ["Article 5", "Art. 40(21)(b)", "Articles 14 to 16", "paragraph 2", "Article 14(7)", " of the Budapest Convention",
             "Article <em>40</em>(21)", "Article&nbsp;5", "Articles 5, 9, and 12", "<em>Article 9</em>(2)", "Article <b>2</b>(e)(ii)",
             "article 40, paragraph 21 (b) and (c)", "Chapter V", "<i>Art.</i> 23", "Article\r\n5"]


def payload(rng: random.Random, n: int, size: int = 25) -> str:
    """One hostile document (number ``n``): pieces, script vectors and citations."""
    out = []
    for _ in range(rng.randint(1, size)):
        r = rng.random()
        if r < 0.12:
            out.append(rng.choice(VECTORS).replace("{N}", str(n)))
        elif r < 0.35:
            out.append(rng.choice(CITATIONS))
        else:
            out.append(rng.choice(PIECES))
    return "".join(out)


def payloads(count: int, seed: int = 14) -> list[str]:
    rng = random.Random(seed)
    return [payload(rng, n) for n in range(count)]
