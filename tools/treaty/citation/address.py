"""A provision's address, ``Citation``: its canonical citation, id (URL fragment), page, URL
and Akoma Ntoso eId — every one of them made from the tables below and nowhere else.

The tables are plain data (strings with ``{field}`` holes) so that the site's JavaScript
citation reader formats addresses from the very same rows (see ``site/cite.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


class CitationError(ValueError):
    """A string that is not a citation this grammar understands."""


class OutOfRange(CitationError):
    """A citation read in full whose number can name nothing ('Article 0', a number of more than
    ``MAX_DIGITS`` digits): like an article the Convention lacks, not found rather than unreadable."""


#: the longest number a citation is read with; a longer one names nothing
MAX_DIGITS = 9


ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n: int) -> str:
    """``n`` in roman numerals (1–3999); any other number, which no chapter or section has, in
    digits, so that an address naming one ('Chapter 0') can still be written out and reported
    as not found."""
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def from_roman(s: str) -> int:
    s = s.upper()
    values = {"I": 1, "V": 5, "X": 10}
    if not s or any(c not in values for c in s):
        raise ValueError(f"not a roman numeral: {s!r}")
    total = 0
    for i, c in enumerate(s):
        v = values[c]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    if to_roman(total) != s:
        raise ValueError(f"not a canonical roman numeral: {s!r}")
    return total


def is_roman(label: str) -> bool:
    up = label.upper()
    if not up or up.strip("IVX"):
        return False  # (the usual answer, without raising and catching an error)
    try:
        from_roman(label)
        return True
    except ValueError:
        return False


#: Step kinds allowed in each part, in the order they may nest.
PARTS = ("report", "resolution", "convention", "notes")

#: (part, step kinds) → (canonical citation, id).  ``{v0}``, ``{v1}`` are the steps' keys;
#: the other fields are derived from a step's key (``DERIVED``).
FORMS: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {
    ("convention", ()): ("Convention", "convention"),
    ("convention", ("chapter",)): ("Chapter {roman}", "ch{v0}"),
    ("convention", ("preamble",)): ("Preamble", "preamble"),
    ("convention", ("preamble", "recital")): ("Preamble, paragraph {v1}", "preamble-{v1}"),
    ("convention", ("title",)): ("Convention, title", "convention-title"),
    ("convention", ("final_clause",)): ("Final clause", "final-clause"),
    ("convention", ("footnote",)): ("Convention, footnote {v0}", "convention-fn{v0}"),
    ("notes", ()): ("Interpretative notes", "notes"),
    ("notes", ("title",)): ("Interpretative notes, title", "notes-title"),
    ("notes", ("note",)): ("Interpretative note {v0}", "note{v0}"),
    ("notes", ("group",)): ("Interpretative notes on article{plural} {listed}", "notes-art{hyphened}"),
    ("resolution", ()): ("Resolution", "resolution"),
    ("resolution", ("title",)): ("Resolution, title", "resolution-title"),
    ("resolution", ("preamble",)): ("Resolution, preamble", "res-preamble"),
    ("resolution", ("preamble", "recital")): ("Resolution, preamble, paragraph {v1}", "res-preamble-{v1}"),
    ("resolution", ("paragraph",)): ("Resolution, paragraph {v0}", "res-{v0}"),
    ("report", ()): ("Report", "report"),
    ("report", ("masthead",)): ("Report, masthead", "report-masthead"),
    ("report", ("masthead", "line")): ("Report, masthead, line {v1}", "report-masthead-{v1}"),
    ("report", ("section",)): ("Report, section {v0}", "report-sec{arabic}"),
    ("report", ("section", "subsection")): ("Report, section {v0}, subsection {v1}", "report-sec{arabic}-sub{v1}"),
    ("report", ("paragraph",)): ("Report, paragraph {v0}", "report-{v0}"),
    ("report", ("footnote",)): ("Report, footnote {v0}", "report-fn{v0}"),
}

#: (part, first step kind) → (canonical, id, canonical per further step, id per further step):
#: forms whose paths vary in length — an article and its paragraphs and items.
OPEN_FORMS: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("convention", "article"): ("Article {v0}", "art{v0}", "({v})", "-{v}"),
}

#: Step kind → its part of the Akoma Ntoso eId (``{v}`` is the step's key); joined by "__".
EIDS: dict[str, str] = {
    "article": "art_{v}",
    "paragraph": "para_{v}",
    "item": "list_1__item_{v}",
    "chapter": "chp_{v}",
    "preamble": "preamble",
    "recital": "recital_{v}",
    "final_clause": "conclusions",
    "title": "longTitle",
    "footnote": "authorialNote_{v}",
    "note": "para_{v}",
    "group": "hcontainer_art_{underscored}",
    "masthead": "coverPage",
    "line": "p_{v}",
    "section": "sec_{arabic}",
    "subsection": "subsec_{v}",
}

#: Part → the first eId step ("" for the Convention, whose own eId is "convention").
EID_PREFIXES = {"convention": "", "notes": "notes", "resolution": "resolution", "report": "report"}

#: Part → its page; for the Convention, by its first step kind ("" when it has none).
PAGES = {"notes": "notes.html", "resolution": "resolution.html", "report": "report.html"}
CONVENTION_PAGES = {
    "": "index.html",
    "title": "index.html",
    "article": "articles/{v0}.html",
    "chapter": "chapters/{v0}.html",
    "preamble": "preamble.html",
}
#: the final clause and the Convention's footnote follow article 68
CONVENTION_PAGE_OTHERWISE = "articles/68.html"

#: Units that are the whole of their page (their URL has no fragment).
PAGE_ROOT_KINDS = {"article", "chapter", "preamble"}


def _listed(arts: list[str]) -> str:
    return arts[0] if len(arts) == 1 else ", ".join(arts[:-1]) + f" and {arts[-1]}"


#: Fields computed from a step's key, by name; the browser's reader has the same three.
DERIVATIONS = {
    "roman": lambda v: {"roman": to_roman(int(v))},
    "arabic": lambda v: {"arabic": str(from_roman(v))},
    "articles": lambda v: {
        "plural": "s" if "+" in v else "",
        "listed": _listed(v.split("+")),
        "hyphened": v.replace("+", "-"),
        "underscored": v.replace("+", "_"),
    },
}
#: Step kind → the derivation whose fields the tables above may use for it.
DERIVED = {"chapter": "roman", "section": "arabic", "group": "articles"}


def _step_fields(kind: str, v: str) -> dict[str, str]:
    derive = DERIVED.get(kind)
    return {"v": v, **(DERIVATIONS[derive](v) if derive else {})}


@dataclass(frozen=True, order=True)
class Citation:
    """A provision's address: a part of the document and a path of (kind, key) steps.

    Articles are addressed without their chapter (``Article 40`` not ``Chapter V, Article 40``);
    paragraphs are numbers; lettered and roman items are both ``item`` steps, told apart by
    the corpus, not by the address.
    """

    part: str
    path: tuple[tuple[str, str], ...] = ()

    def __reduce__(self):
        """Pickled as its address alone, whatever has been computed from it since: equal citations
        pickle alike (``site/derived.py`` keys a build by the pickled document)."""
        return (Citation, (self.part, self.path))

    # -- construction helpers -------------------------------------------------------------
    def child(self, kind: str, key: str | int = "") -> Citation:
        return Citation(self.part, self.path + ((kind, str(key)),))

    @classmethod
    def article(cls, number: int | str, *segments: str | int) -> Citation:
        steps = [("article", str(int(number)))]  # built at once: linear in the number of segments
        for i, seg in enumerate(segments):
            seg = str(seg)
            kind = "paragraph" if seg.isdigit() else "item"
            if kind == "paragraph" and i != 0:
                raise CitationError(f"a paragraph number must come first: {seg}")
            steps.append((kind, seg))
        return cls("convention", tuple(steps))

    # -- reading ----------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.path[-1][0] if self.path else self.part

    @property
    def key(self) -> str:
        return self.path[-1][1] if self.path else ""

    def step(self, kind: str) -> str | None:
        for k, v in self.path:
            if k == kind:
                return v
        return None

    @property
    def article_number(self) -> int | None:
        a = self.step("article")
        return int(a) if a is not None else None

    @property
    def segments(self) -> tuple[str, ...]:
        """Paragraph and item keys below the article: ('21', 'b')."""
        return tuple(v for k, v in self.path if k in ("paragraph", "item"))

    def parent(self) -> Citation | None:
        if not self.path:
            return None
        return Citation(self.part, self.path[:-1])

    def contains(self, other: Citation) -> bool:
        """True when ``other`` is this provision or lies inside it (by address)."""
        return self.part == other.part and other.path[: len(self.path)] == self.path

    # -- formatting -------------------------------------------------------------------------
    def _fields(self) -> dict[str, str]:
        fields: dict[str, str] = {}
        for i, (kind, v) in enumerate(self.path):
            step = _step_fields(kind, v)
            fields[f"v{i}"] = step.pop("v")
            fields.update(step)
        return fields

    def _form(self) -> tuple[str, str]:
        """(canonical citation, id) from the tables of forms."""
        p, path = self.part, self.path
        fields = self._fields()
        if path and (p, path[0][0]) in OPEN_FORMS:
            canonical, cid, each_canonical, each_id = OPEN_FORMS[(p, path[0][0])]
            rest = [v for _, v in path[1:]]
            return (canonical.format(**fields) + "".join(each_canonical.format(v=v) for v in rest),
                    cid.format(**fields) + "".join(each_id.format(v=v) for v in rest))
        form = FORMS.get((p, tuple(k for k, _ in path)))
        if form is None:
            raise CitationError(f"no canonical form for {p} {[k for k, _ in path]}")
        return form[0].format(**fields), form[1].format(**fields)

    @cached_property
    def canonical(self) -> str:
        return self._form()[0]

    def __str__(self) -> str:
        return self.canonical

    @cached_property
    def id(self) -> str:
        """The URL fragment: short, lowercase, unique across the whole site."""
        return self._form()[1]

    @cached_property
    def eid(self) -> str:
        """Akoma Ntoso-style eId (secondary id), e.g. ``art_40__para_21__list_1__item_b``."""
        if self.part == "convention" and not self.path:
            return "convention"
        prefix = EID_PREFIXES[self.part]
        parts = [prefix] if prefix else []
        for kind, v in self.path:
            if kind not in EIDS:  # pragma: no cover - guarded by the parser
                raise CitationError(f"no eId for step {kind}")
            parts.append(EIDS[kind].format(**_step_fields(kind, v)))
        return "__".join(parts)

    @cached_property
    def page(self) -> str:
        """The site page (relative to the site root) that shows this unit."""
        if self.part != "convention":
            return PAGES[self.part]
        first, v0 = self.path[0] if self.path else ("", "")
        return CONVENTION_PAGES.get(first, CONVENTION_PAGE_OTHERWISE).format(v0=v0)

    @cached_property
    def url(self) -> str:
        """Page plus fragment; a unit that is the whole page gets the bare page."""
        if not self.path or (self.part == "convention" and len(self.path) == 1 and self.path[0][0] in PAGE_ROOT_KINDS):
            return self.page
        return f"{self.page}#{self.id}"


#: What ``article_citation`` says of an address that cannot be ({name!r}: the value quoted).
MESSAGES = {
    "article 0": "there is no article 0: {original!r}",
    "paragraph first": "paragraph number {seg} must come right after the article in {original!r}",
    "paragraph 0": "there is no paragraph 0: {original!r}",
    "too large": "no {what} has a {digits}-digit number: {original!r}",
}
#: the messages above of a citation read in full whose number names nothing (OutOfRange)
OUT_OF_RANGE = frozenset({"article 0", "paragraph 0", "too large"})


def _failure(key: str, **fields) -> CitationError:
    return (OutOfRange if key in OUT_OF_RANGE else CitationError)(MESSAGES[key].format(**fields))


def number(digits: str, what: str, original: str) -> int:
    """A number read from a citation; OutOfRange when longer than any that can name something."""
    if len(digits) > MAX_DIGITS:
        raise _failure("too large", what=what, digits=len(digits), original=original)
    return int(digits)


def article_citation(number_text: str, segs: list[str], original: str) -> Citation:
    """An article citation from its number and segments, checked ('there is no article 0')."""
    n = number(number_text, "article", original)
    if n == 0:
        raise _failure("article 0", original=original)
    for i, seg in enumerate(segs):
        if seg.isdigit() and i != 0:
            raise _failure("paragraph first", seg=seg, original=original)
        if seg.isdigit() and number(seg, "paragraph", original) == 0:
            raise _failure("paragraph 0", original=original)
    return Citation.article(n, *[str(int(s)) if s.isdigit() else s for s in segs])
