"""The citation grammar's second runtime: the browser.

``reader_data()`` is the grammar as JSON — the rows of ``grammar.RULES`` with their regular
expressions translated for JavaScript, the segment patterns, the messages, and the tables of
canonical forms from ``address`` — and ``reader_script()`` is ``reader.js``, a small interpreter
of that data that knows no citation form of its own.  The ``cite/`` page ships both, so the page
and ``parse()`` read citations by the same rows (``tests/test_cite_page.py`` checks they agree).

Python's ``re`` and JavaScript's ``RegExp`` differ where text is not ASCII: ``\\d`` and ``\\s``
are translated to the very characters Python's mean, and the normalisation (casefolding,
digits of other scripts) gets its tables from Python's Unicode data.
"""

from __future__ import annotations

from importlib import resources

from ..unicode_classes import reader_classes
from . import address, grammar

#: Python regex syntax that JavaScript's RegExp does not have (a rule using it is a bug here).
_PYTHON_ONLY = ("(?P=", "(?i", "(?x", "(?s", "(?m", "(?#", "\\A", "\\Z", "(?(")


def js_regex(source: str) -> str:
    """A regular expression of the grammar as JavaScript source (``u`` flag): named groups
    spelled ``(?<name>``.  ``\\d`` and ``\\s`` stay as written: ``reader.js`` spells them out as
    the characters Python's match (``reader_data()["digit"]``, ``["space"]``), so they may not
    stand inside a character class."""
    if any(p in source for p in _PYTHON_ONLY):
        raise ValueError(f"not expressible in JavaScript: {source!r}")
    out, i, in_class = [], 0, False
    while i < len(source):
        c = source[i]
        if c == "\\" and i + 1 < len(source):
            if in_class and source[i + 1] in "ds":
                raise ValueError(f"\\{source[i + 1]} inside a character class: {source!r}")
            out.append(source[i:i + 2])
            i += 2
            continue
        if source.startswith("(?P<", i):
            out.append("(?<")
            i += 4
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def reader_data() -> dict:
    """The grammar for ``reader.js``: JSON, deterministic."""
    rules = []
    for r in grammar.RULES:
        if r.action == "scan":  # the prose scanner has no JavaScript runtime
            continue
        rules.append({
            "name": r.name, "pattern": js_regex(r.pattern), "action": r.action, "part": r.part,
            "steps": [[kind, [groups] if isinstance(groups, str) else list(groups or ()), conversion]
                      for kind, groups, conversion in r.steps],
            "number": r.number, "segments": [list(s) for s in r.segments], "inner": r.inner, "bareOnly": r.bare_only,
        })
    u = reader_classes()
    return {
        "rules": rules,
        "segments": [js_regex(p.pattern) for p in grammar.SEGMENT_PATTERNS],
        "findall": {name: js_regex(p) for name, p in grammar.FINDALL.items()},
        "articleList": js_regex(grammar.ARTICLE_LIST.pattern),
        "ofThis": js_regex(grammar.OF_THIS.pattern),
        "messages": grammar.MESSAGES,
        "outOfRange": sorted(address.OUT_OF_RANGE),
        "forms": {f"{part}|{' '.join(kinds)}": list(form) for (part, kinds), form in address.FORMS.items()},
        "openForms": {f"{part}|{kind}": list(form) for (part, kind), form in address.OPEN_FORMS.items()},
        "derived": address.DERIVED,
        "roman": address.ROMAN,
        "maxDigits": address.MAX_DIGITS,
        "dashes": grammar.DASHES,
        "space": u["space"],
        "digit": u["digit"],
        "zeros": u["zeros"],
        "casefold": u["casefold"],
    }


def reader_script() -> str:
    """``reader.js``: defines ``treatyCitationReader(data)`` → ``{read, canonical, CitationError}``."""
    return resources.files(__package__).joinpath("reader.js").read_text(encoding="utf-8")
