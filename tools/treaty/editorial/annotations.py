"""Editorial annotations: Markdown files with YAML front matter, keyed to provisions.

An annotation is an editor's note *about* the text, never part of it: it lives in
``corpus/annotations/*.md``, names its target provisions and sources by citation (read with
citation.py's grammar and resolved against the corpus with lookup.py), and is rendered
with markdown-it-py with raw HTML and images switched off, so a note can neither inject
markup into the site nor make it fetch anything.  Provisions are cited in a body as
``{provision}`Article 65(1)` `` (the MyST role syntax), which becomes a link.

Every problem is collected as ``file:line: what is wrong`` (the line of the offending
front-matter key or body line); nothing is returned unless every file is sound.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

import yaml

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

from ..citation import Citation, CitationError, parse
from ..settings import ANNOTATION_SCHEMA_PATH as SCHEMA_PATH
from ..settings import ANNOTATIONS_DIR, display_path
# one problem ``file:line: message``, and every problem found (shared with the other editorial data)
from .yamlfile import YamlError as AnnotationError
from .yamlfile import YamlErrors as AnnotationErrors
from .yamlfile import structure_errors, yaml_problem
from ..lookup import NotFound, find_citation
from ..model import Document, Unit

KINDS = ("commentary", "editorial note", "related provision")
FRONT_MATTER_KEYS = ("targets", "title", "kind", "sources")
#: the MyST role that cites a provision in a body
ROLE = "provision"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Source:
    """A provision of this corpus (``citation``) or an outside document (``document``, ``url``)."""

    citation: Citation | None = None
    document: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        return self.citation.canonical if self.citation else str(self.document)

    def json(self) -> dict[str, str]:
        if self.citation:
            return {"citation": self.citation.canonical, "url": self.citation.url}
        out = {"document": str(self.document)}
        if self.url:
            out["url"] = self.url
        return out


@dataclass(frozen=True)
class Annotation:
    path: str
    #: the file name without '.md': the annotation's id on the Annotations page
    slug: str
    title: str
    kind: str
    targets: tuple[Citation, ...]
    sources: tuple[Source, ...]
    body: str

    @property
    def id(self) -> str:
        return f"annotation-{self.slug}"

    def html(self, base: str = "") -> str:
        """The body as HTML; provision links are ``base`` + the provision's site URL."""
        return _body_html(self.body, base)

    def text(self) -> str:
        return tokens_text(_markdown().parse(self.body))

    def json(self, base: str = "") -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "targets": [t.canonical for t in self.targets],
            "sources": [s.json() for s in self.sources],
            "html": self.html(base),
            "text": self.text(),
            "file": self.path,
        }

    def concerns(self, citation: Citation) -> bool:
        """True when a target is ``citation`` or lies inside it."""
        return any(citation.contains(t) for t in self.targets)


# -- for the site and both searches (pure: HTML fragments and index entries) -----------------
#: the site page that lists every annotation
PAGE = "annotations.html"


def sources_html(a: Annotation, base: str = "") -> str:
    items = []
    for s in a.sources:
        href = base + s.citation.url if s.citation else s.url
        label = html.escape(s.label)
        items.append(f'<li><a href="{html.escape(href)}">{label}</a></li>' if href else f"<li>{label}</li>")
    return f'<ul class="annotation-sources">{"".join(items)}</ul>'


def aside_html(a: Annotation, base: str = "", level: int = 3, with_targets: bool = False) -> str:
    """One annotation as an ``<aside>`` to sit beside its provision, or on the Annotations page."""
    targets = ""
    if with_targets:
        links = ", ".join(f'<a href="{html.escape(base + t.url)}">{html.escape(t.canonical)}</a>' for t in a.targets)
        targets = f'<p class="annotation-targets">On {links}</p>'
    return (
        f'<aside class="annotation annotation-{a.kind.replace(" ", "-")}" id="{a.id}" aria-labelledby="{a.id}-title">'
        f'<h{level} id="{a.id}-title"><span class="annotation-kind">{html.escape(a.kind.capitalize())}:</span> {html.escape(a.title)}</h{level}>'
        f"{targets}{a.html(base)}"
        f'<p class="annotation-sources-label">Sources</p>{sources_html(a, base)}</aside>'
    )


def page_html(annotations: list[Annotation], base: str = "") -> str:
    """The body of the Annotations page: every annotation with its targets, in file-name order."""
    intro = ('<p>Editorial annotations: notes by the editors of this edition about the text, keyed to the provisions '
             'they concern. They are not part of the Convention. Each statement cites the provision it rests on.</p>')
    return intro + "".join(aside_html(a, base, level=2, with_targets=True) for a in annotations)


def search_entries(annotations: Iterable[Annotation]) -> list[dict[str, Any]]:
    """One search document per annotation, for the Whoosh index and the browser index alike.

    ``location`` is the annotation on the Annotations page (site-relative); ``targets`` lets a
    result say which provisions it is about.
    """
    return [
        {
            "id": a.id,
            "location": f"{PAGE}#{a.id}",
            "title": f"Annotation: {a.title}",
            "text": a.text() + "\n\nSources: " + "; ".join(s.label for s in a.sources),
            "kind": "annotation",
            "targets": [t.canonical for t in a.targets],
        }
        for a in annotations
    ]


# -- Markdown --------------------------------------------------------------------------------
def _render_role(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    content = token.content
    try:
        url = parse(content).url
    except CitationError:  # checked when the file was read; keep the text if it ever gets here
        return html.escape(content)
    return f'<a class="provision" href="{html.escape(env.get("base", "") + url)}">{html.escape(content)}</a>'


@lru_cache(maxsize=512)
def _body_html(body: str, base: str) -> str:
    """A body rendered (once for each body and base: every page beside the provision shows it)."""
    return _markdown().render(body, {"base": base})


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt  # loaded when an annotation is rendered, not on every start
    from mdit_py_plugins.myst_role import myst_role_plugin

    md = MarkdownIt("commonmark", {"html": False}).use(myst_role_plugin)
    md.disable(["image", "html_block", "html_inline"])
    md.add_render_rule("myst_role", _render_role)
    return md


def tokens_text(tokens) -> str:
    """Plain text of rendered Markdown: paragraphs separated by blank lines, list items dashed."""
    blocks: list[tuple[str, bool]] = []  # (text, inside a list)
    lists: list[list] = []  # [ordered, counter]
    prefix = ""
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append([tok.type == "ordered_list_open", int(tok.attrGet("start") or 1)])
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "list_item_open":
            ordered, n = lists[-1]
            prefix = "  " * (len(lists) - 1) + (f"{n}. " if ordered else "- ")
            lists[-1][1] += 1
        elif tok.type == "inline":
            parts = []
            for ch in tok.children or []:
                if ch.type in ("text", "code_inline", "myst_role"):
                    parts.append(ch.content)
                elif ch.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            blocks.append((prefix + "".join(parts).strip(), bool(lists)))
            prefix = ""
        elif tok.type in ("code_block", "fence"):
            blocks.append((tok.content.rstrip("\n"), bool(lists)))
    out = ""
    previous_in_list = False
    for text, in_list in blocks:
        if text:
            out += ("\n" if in_list and previous_in_list else "\n\n") if out else ""
            out += text
            previous_in_list = in_list
    return out


# -- reading ---------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _split_front_matter(text: str) -> tuple[str, int, str, int] | str:
    """(yaml, first yaml line, body, first body line), or what is wrong."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return "expected front matter: a first line '---', the YAML keys (targets, title, kind, sources), then '---'"
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") in ("---", "..."):
            return "".join(lines[1:i]), 2, "".join(lines[i + 1 :]), i + 2
    return "the front matter is not closed: expected a line '---' after the YAML keys"


def _node_at(node: yaml.Node, path: Iterable) -> tuple[yaml.Node, yaml.Node | None]:
    """Follow a jsonschema error path through the YAML nodes: (value node, key node of the first step)."""
    first_key = None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == step:
                    first_key = first_key or k
                    node = v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
    return node, first_key


def _schema_message(err) -> str:
    path = list(err.absolute_path)
    where = path[0] if path else None
    if err.validator == "required":
        missing = [k for k in FRONT_MATTER_KEYS if k in err.message.split("'")]
        return f"missing key {missing[0] if missing else err.message!r}: an annotation needs {', '.join(FRONT_MATTER_KEYS)}"
    if err.validator == "additionalProperties":
        extra = [str(k) for k in err.instance if k not in FRONT_MATTER_KEYS]
        return f"unknown key {extra[0]!r}: the keys are {', '.join(FRONT_MATTER_KEYS)}"
    if err.validator == "enum" and where == "kind":
        return f"kind must be one of {', '.join(repr(k) for k in KINDS)}, not {err.instance!r}"
    if where == "targets":
        return "targets must be a citation or a list of citations, e.g. [Article 65(1), Article 65(2)]"
    if where == "sources" and len(path) == 1:
        return "sources must be a non-empty list of provision citations or {document: ..., url: ...} entries"
    if where == "sources":
        return (f"sources[{path[1]}] must be a provision citation or a mapping with 'document' "
                f"(and optionally an http(s) 'url'), not {err.instance!r}")
    if where == "title":
        return "title must be a non-empty line of text"
    return f"{'.'.join(str(p) for p in path) or 'front matter'}: {err.message}"


def _schema_check(data: Any, node: yaml.Node) -> list[tuple[int | None, str]]:
    """(line in the front matter, 0-based, or None for the file's first line; message) of each
    schema error of the front matter ``data`` (read as ``node``)."""
    out = []
    for err in sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(err.absolute_path)
        if err.validator == "additionalProperties":  # point at the first unknown key itself
            path = [next(k for k in err.instance if k not in FRONT_MATTER_KEYS)]
        value, key = _node_at(node, path)
        line_node = key if key is not None and len(path) == 1 else value
        out.append((line_node.start_mark.line if path else None, _schema_message(err)))
    return out


def _schema_problems(fm: str, data: Any, node: yaml.Node, keep_as: str | None) -> list[tuple[int | None, str]]:
    """:func:`_schema_check`; with ``keep_as`` (a name for the file) its answer is kept in the build
    cache (treaty.cache) under the hash of the front matter and the schema: a note whose text
    alone was edited is not checked again (nor jsonschema imported)."""
    if keep_as is None:
        return _schema_check(data, node)
    from importlib.metadata import version

    from ..cache import cached

    return cached("schema-check-" + keep_as, [fm, SCHEMA_PATH, Path(__file__), version("jsonschema")],
                  lambda: _schema_check(data, node))


class _Reader:
    """Reads one file, collecting errors instead of stopping at the first; ``keep_as``: a name
    under which the schema check of its front matter is kept (:func:`_schema_problems`)."""

    def __init__(self, doc: Document, index: dict[Citation, Unit], path: str, keep_as: str | None = None):
        self.doc, self.index, self.path, self.keep_as = doc, index, path, keep_as
        self.footnotes = {f.citation for f in doc.footnotes}
        self.errors: list[AnnotationError] = []

    def error(self, line: int, message: str) -> None:
        e = AnnotationError(self.path, line, message)
        if e not in self.errors:
            self.errors.append(e)

    def citation(self, text: str, line: int, what: str) -> Citation | None:
        try:
            c = parse(text)
            if c not in self.footnotes:
                find_citation(self.doc, c, self.index)
        except (CitationError, NotFound) as e:
            self.error(line, f"{what}: {e}")
            return None
        return c

    def read(self, text: str, slug: str) -> Annotation | None:
        if not _SLUG.match(slug):
            self.error(1, f"the file name {slug!r} must be lowercase words joined by hyphens (it becomes the annotation's id)")
        split = _split_front_matter(text)
        if isinstance(split, str):
            self.error(1, split)
            return None
        fm, fm_line, body, body_line = split
        try:
            # anchors, aliases, repeated keys, deep nesting: refused before anything is built
            structural = structure_errors(fm, self.path, first_line=fm_line)
            if structural:
                for e in structural:
                    self.error(e.line, f"front matter: {e.message}")
                return None
            node = yaml.compose(fm, Loader=yaml.SafeLoader)
            data = yaml.SafeLoader(fm).construct_document(node) if node is not None else None
        except yaml.YAMLError as e:
            line, problem = yaml_problem(e, fm, at_opening=True)
            self.error(fm_line + line, f"malformed YAML in the front matter: {problem}")
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(fm_line, "the front matter must be YAML keys (targets, title, kind, sources)")
            return None
        schema_errors = _schema_problems(fm, data, node, self.keep_as)
        for line, message in schema_errors:
            self.error(1 if line is None else fm_line + line, message)
        if schema_errors:
            return None

        targets_node = _node_at(node, ["targets"])[0]
        target_items = targets_node.value if isinstance(targets_node, yaml.SequenceNode) else [targets_node]
        targets = [self.citation(n.value, fm_line + n.start_mark.line, "targets") for n in target_items]
        sources: list[Source] = []
        for i, item in enumerate(data["sources"]):
            n = _node_at(node, ["sources", i])[0]
            if isinstance(item, str):
                c = self.citation(item, fm_line + n.start_mark.line, f"sources[{i}]")
                sources.append(Source(citation=c))
            else:
                sources.append(Source(document=item["document"], url=item.get("url")))
        self.check_body(body, body_line)
        if self.errors:
            return None
        return Annotation(self.path, slug, data["title"].strip(), data["kind"], tuple(targets), tuple(sources), body)

    def check_body(self, body: str, body_line: int) -> None:
        if not body.strip():
            self.error(body_line, "the annotation has no text after its front matter")
            return
        lines = body.splitlines()
        for tok in _markdown().parse(body):
            if tok.type != "inline" or not tok.map:
                continue
            for ch in tok.children or []:
                if ch.type != "myst_role":
                    continue
                line = body_line + next((i for i in range(tok.map[0], tok.map[1]) if f"`{ch.content}`" in lines[i]), tok.map[0])
                if ch.meta.get("name") != ROLE:
                    self.error(line, f"unknown role {{{ch.meta.get('name')}}}: cite a provision as {{{ROLE}}}`Article 65(1)`")
                    continue
                c = self.citation(ch.content, line, f"{{{ROLE}}}")
                if c is not None and ch.content != c.canonical:
                    self.error(line, f"{{{ROLE}}}: write the canonical citation {c.canonical!r}, not {ch.content!r}")


def read_annotation(doc: Document, path: Path, index: dict[Citation, Unit] | None = None) -> tuple[Annotation | None, list[AnnotationError]]:
    from .yamlfile import cache_name

    path = Path(path)
    reader = _Reader(doc, index if index is not None else doc.index(), display_path(path), cache_name(path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        reader.error(1, f"not UTF-8 text ({e.reason} at byte {e.start})")
        return None, reader.errors
    annotation = reader.read(text, path.stem)
    return annotation, sorted(reader.errors, key=lambda e: e.line)


Read = Callable[[Document, list[Path], dict[Citation, Unit]], list[tuple[Annotation | None, list[AnnotationError]]]]


def read_annotations(doc: Document, paths: list[Path], index: dict[Citation, Unit]) -> list[tuple[Annotation | None, list[AnnotationError]]]:
    """:func:`read_annotation` of each file."""
    return [read_annotation(doc, path, index) for path in paths]


def load_annotations(doc: Document, directory: Path | None = None, read: Read = read_annotations) -> list[Annotation]:
    """Every ``*.md`` file of ``directory`` (default corpus/annotations), in file-name order;
    AnnotationErrors if any is unsound.  ``read``: how the files are read (the site build keeps
    what each file gives between builds)."""
    directory = ANNOTATIONS_DIR if directory is None else directory
    out: list[Annotation] = []
    errors: list[AnnotationError] = []
    for annotation, errs in read(doc, sorted(Path(directory).glob("*.md")), doc.index()):
        errors.extend(errs)
        if annotation is not None:
            out.append(annotation)
    if errors:
        raise AnnotationErrors(errors)
    return out


def attached_to(annotations: Iterable[Annotation], citation: Citation) -> list[Annotation]:
    """The annotations about ``citation`` or anything inside it (an article's include its paragraphs')."""
    return [a for a in annotations if a.concerns(citation)]


def by_target(annotations: Iterable[Annotation]) -> dict[Citation, list[Annotation]]:
    """target → annotations, for putting each annotation beside the provision it names."""
    out: dict[Citation, list[Annotation]] = {}
    for a in annotations:
        for t in a.targets:
            out.setdefault(t, []).append(a)
    return out


__all__ = [
    "ANNOTATIONS_DIR",
    "KINDS",
    "Annotation",
    "AnnotationError",
    "AnnotationErrors",
    "Source",
    "PAGE",
    "aside_html",
    "attached_to",
    "by_target",
    "page_html",
    "search_entries",
    "sources_html",
    "load_annotations",
    "read_annotation",
    "read_annotations",
]
