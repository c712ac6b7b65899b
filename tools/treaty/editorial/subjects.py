"""The subject index: headings a reader would look up, the words they would type, and the
provisions each points to.

Editorial data in ``corpus/subjects/*.yaml`` (one file per chapter, schema
``corpus/schema/subjects.schema.json``): each entry has a ``heading`` (and an optional ``sub``
heading, as a printed index nests "Extradition — nationals, of"), ``variants`` (everyday words,
practitioners' and journalists' terms, names of techniques and offences, other instruments'
terms, abbreviations, spellings), ``see`` (see-also headings) and ``targets`` (canonical
citations, to the paragraph or item).  Loading checks, every problem as ``file:line: message``:
the schema (no entry without a target), each target a canonical citation that resolves, each
heading (with its sub) given once across the files, each see-also naming an existing heading.
YAML anchors and aliases are refused (``yamlfile``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable

from ..citation import Citation, CitationError, parse
from ..settings import CORPUS_DIR, DATA_DIR
from ..lookup import NotFound, find_citation
from ..model import Document
from .yamlfile import YamlError, YamlErrors, display, line_of, load_yaml

SUBJECTS_DIR = CORPUS_DIR / "subjects"
SCHEMA_PATH = DATA_DIR / "corpus" / "schema" / "subjects.schema.json"


@dataclass(frozen=True)
class Subject:
    heading: str
    sub: str | None
    variants: tuple[str, ...]
    see: tuple[str, ...]
    targets: tuple[Citation, ...]
    #: where it is written, for messages
    file: str
    line: int

    @property
    def label(self) -> str:
        """'Extradition — nationals, of'; the heading alone when there is no sub."""
        return f"{self.heading} — {self.sub}" if self.sub else self.heading

    @property
    def id(self) -> str:
        """The entry's anchor on the Subject index page."""
        return "subject-" + slug(self.label)

    def concerns(self, citation: Citation) -> bool:
        """True when a target is ``citation`` or lies inside it."""
        return any(citation.contains(t) for t in self.targets)


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def sort_key(text: str) -> tuple[str, str]:
    """Index order: letters and digits only, case and accents ignored ('24/7 network' files under 2)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    return re.sub(r"[^a-z0-9 ]+", "", folded).strip(), text


def letter(heading: str) -> str:
    """The A–Z section a heading files under; '0–9' for a heading that starts with a digit."""
    first = sort_key(heading)[0][:1].upper()
    return first if first.isalpha() else "0–9"


@dataclass(frozen=True)
class SubjectIndex:
    subjects: tuple[Subject, ...]

    def __len__(self) -> int:
        return len(self.subjects)

    def sorted(self) -> list[Subject]:
        return list(self._in_order)

    @cached_property
    def _in_order(self) -> tuple[Subject, ...]:
        """The entries in index order, sorted once (the site asks for it once per article)."""
        return tuple(sorted(self.subjects, key=lambda s: (sort_key(s.heading), sort_key(s.sub or ""))))

    def prepared(self) -> SubjectIndex:
        """The index with its order and its lookup by address made (pickled with it, then)."""
        assert self._by_address is not None
        return self

    def concerning(self, citation: Citation) -> list[Subject]:
        """The entries pointing to ``citation`` or inside it (an article's include its paragraphs'),
        in index order: the entries that ``concerns(citation)``, found by address."""
        return list(self._by_address.get((citation.part, citation.path), ()))

    @cached_property
    def _by_address(self) -> dict[tuple, tuple[Subject, ...]]:
        """(part, path) of every provision that holds a target → the entries concerning it, in index
        order: made once, so that asking for each article does not walk every entry again."""
        out: dict[tuple, dict[Subject, None]] = {}
        for s in self._in_order:
            for t in s.targets:
                for depth in range(len(t.path) + 1):
                    out.setdefault((t.part, t.path[:depth]), {})[s] = None
        return {key: tuple(found) for key, found in out.items()}

    def by_target(self) -> dict[Citation, list[Subject]]:
        """target → the entries that point exactly to it (the fields search indexes there)."""
        out: dict[Citation, list[Subject]] = {}
        for s in self.sorted():
            for t in s.targets:
                out.setdefault(t, []).append(s)
        return out

    def headings(self) -> dict[str, str]:
        """casefolded heading → the heading as written (for see-also links)."""
        return {s.heading.casefold(): s.heading for s in self.subjects}

    def first_with_heading(self, heading: str) -> Subject | None:
        matches = [s for s in self.sorted() if s.heading.casefold() == heading.casefold()]
        return next((s for s in matches if s.sub is None), matches[0] if matches else None)

    def variant_count(self) -> int:
        return sum(len(s.variants) for s in self.subjects)


def coverage(index: SubjectIndex, doc: Document) -> dict[int, int]:
    """article number → how many entries point into it."""
    articles = [int(u.num) for u in doc.walk() if u.kind == "article"]
    return {n: sum(1 for s in index.subjects if s.concerns(Citation.article(n))) for n in articles}


def _read_file(doc: Document, units, path: Path) -> tuple[list[Subject], list[YamlError]]:
    data, node = load_yaml(path, SCHEMA_PATH)
    where = display(path)
    errors: list[YamlError] = []
    out: list[Subject] = []
    for i, e in enumerate(data):
        targets = []
        for j, text in enumerate(e["targets"]):
            line = line_of(node, [i, "targets", j])
            try:
                c = parse(text)
                find_citation(doc, c, units)
            except (CitationError, NotFound) as ex:
                errors.append(YamlError(where, line, f"target {text!r}: {ex}"))
                continue
            if c.canonical != text:
                errors.append(YamlError(where, line, f"target: write the canonical citation {c.canonical!r}, not {text!r}"))
            targets.append(c)
        out.append(Subject(e["heading"], e.get("sub"), tuple(e.get("variants", ())), tuple(e.get("see", ())), tuple(targets),
                           where, line_of(node, [i])))
    return out, errors


def load_subjects(doc: Document, directory: Path | None = None) -> SubjectIndex:
    """Every ``*.yaml`` of ``directory`` (default corpus/subjects), in file-name order;
    YamlErrors listing every problem if any file is unsound."""
    directory = SUBJECTS_DIR if directory is None else Path(directory)
    units = doc.index()
    subjects: list[Subject] = []
    errors: list[YamlError] = []
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise YamlErrors([YamlError(display(directory), 1, "no *.yaml files: the subject index is empty")])
    for path in paths:
        try:
            found, errs = _read_file(doc, units, path)
        except YamlErrors as e:
            errors.extend(e.errors)
            continue
        subjects.extend(found)
        errors.extend(errs)
    errors.extend(_cross_checks(subjects))
    if errors:
        raise YamlErrors(errors)
    return SubjectIndex(tuple(subjects))


def _cross_checks(subjects: Iterable[Subject]) -> list[YamlError]:
    errors = []
    seen: dict[tuple[str, str], Subject] = {}
    ids: dict[str, Subject] = {}
    headings = {s.heading.casefold() for s in subjects}
    for s in subjects:
        key = (s.heading.casefold(), (s.sub or "").casefold())
        if key in seen:
            first = seen[key]
            errors.append(YamlError(s.file, s.line, f"{s.label!r} is already an entry ({first.file}:{first.line}): merge the two"))
        elif s.id in ids:
            errors.append(YamlError(s.file, s.line, f"{s.label!r} reads the same as {ids[s.id].label!r} ({ids[s.id].file}:{ids[s.id].line})"))
        seen.setdefault(key, s)
        ids.setdefault(s.id, s)
        folded = [v.casefold() for v in s.variants]
        for v in sorted({v for v in folded if folded.count(v) > 1}):
            errors.append(YamlError(s.file, s.line, f"{s.label!r}: the variant {v!r} is given twice (case is ignored)"))
        for name in s.see:
            if name.casefold() not in headings:
                errors.append(YamlError(s.file, s.line, f"see also {name!r}: no entry has that heading"))
            elif name.casefold() == s.heading.casefold():
                errors.append(YamlError(s.file, s.line, f"see also {name!r}: an entry cannot refer to its own heading"))
    return errors


__all__ = ["SUBJECTS_DIR", "Subject", "SubjectIndex", "coverage", "letter", "load_subjects", "slug", "sort_key"]
