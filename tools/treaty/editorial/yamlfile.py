"""Reading an editorial YAML file safely, with every problem as ``file:line: message``.

Safe loading only (no Python objects), anchors and aliases refused (an alias can multiply a
small file into a huge document, and editorial data has no use for them), a key given twice
refused, then the JSON Schema: each schema error is reported at the line of the value it is
about.  :func:`line_of` gives the line of any value by its path, for the checks a schema cannot
make (citations that must resolve, links that must exist).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..settings import display_path


@dataclass(frozen=True)
class YamlError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class YamlErrors(Exception):
    """Every problem found, each ``file:line: message``, in line order."""

    def __init__(self, errors: list[YamlError]):
        self.errors = sorted(set(errors), key=lambda e: (e.path, e.line, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))


def display(path: Path) -> str:
    """A path as the messages show it (``settings.display_path``: ``corpus/…``, else relative)."""
    return display_path(path)


@lru_cache(maxsize=None)
def _validator(schema_path: str):
    import jsonschema

    return jsonschema.Draft202012Validator(inline_refs(json.loads(Path(schema_path).read_text(encoding="utf-8"))))


#: keywords that describe and check nothing: a reference beside them means its definition with them
_DESCRIBING = {"description", "title", "$comment", "examples"}
#: keywords that change how references resolve: a definition holding one is left where it is
_RESOLVING = {"$id", "$anchor", "$dynamicAnchor", "$dynamicRef", "$schema"}


def inline_refs(schema: Any) -> Any:
    """``schema`` with each ``{"$ref": "#/$defs/name"}`` (beside describing keywords only) written
    out as the definition it names: the same checks and the same errors, without resolving a
    reference for every value checked (the subject index's files are checked twice as fast).  A
    reference to a definition that refers back to itself, or that sets how references resolve,
    is left as it is (``$defs`` stay, so it still resolves)."""
    defs = schema.get("$defs", {}) if isinstance(schema, dict) else {}

    def walk(node: Any, seen: frozenset) -> Any:
        if isinstance(node, list):
            return [walk(x, seen) for x in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        name = ref[len("#/$defs/"):] if isinstance(ref, str) and ref.startswith("#/$defs/") else None
        target = defs.get(name) if name is not None and name not in seen else None
        if isinstance(target, dict) and set(node) - {"$ref"} <= _DESCRIBING and not set(target) & _RESOLVING:
            return {**walk(target, seen | {name}), **{k: v for k, v in node.items() if k != "$ref"}}
        return {k: v if k == "$defs" else walk(v, seen) for k, v in node.items()}

    return walk(schema, frozenset())


def line_of(node: yaml.Node, path: Iterable) -> int:
    """The 1-based line of the value at ``path`` (keys and list indexes); the deepest node the
    path reaches when it goes further than the document."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == step:
                    node = v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
        else:
            break
    return node.start_mark.line + 1


#: libyaml's parser when PyYAML has it (the same YAML, about ten times faster), else PyYAML's own
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: how deep editorial YAML may nest (annotations need 2 levels, the concordance 4): deeper is
#: refused before anything is built from it (the YAML composer recurses once per level)
MAX_DEPTH = 16


def structure_errors(text: str, where: str, first_line: int = 1) -> list[YamlError]:
    """Anchors, aliases, repeated keys and nesting deeper than MAX_DEPTH, found in one pass over
    the parser's events (linear in the text; nothing is built); ``first_line`` is the file line
    the text starts on.  yaml.YAMLError for text that is not YAML.

    libyaml reads sound files fast; a file it refuses is read again by PyYAML's own parser, so
    every problem is reported in the same words with or without libyaml."""
    try:
        return _structure_pass(text, where, first_line, _LOADER)
    except yaml.YAMLError:
        if _LOADER is yaml.SafeLoader:
            raise
        return _structure_pass(text, where, first_line, yaml.SafeLoader)


def _structure_pass(text: str, where: str, first_line: int, loader) -> list[YamlError]:
    errors = []
    stack: list[list] = []  # per open collection: [is mapping, keys seen, expecting a key]
    for ev in yaml.parse(text, Loader=loader):
        line = ev.start_mark.line + first_line
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            errors.append(YamlError(where, line, "anchors and aliases (&name, *name) are not allowed: write each value out"))
        is_key = bool(stack) and stack[-1][0] and stack[-1][2]
        if isinstance(ev, yaml.ScalarEvent) and is_key:
            if ev.value in stack[-1][1]:
                errors.append(YamlError(where, line, f"key {ev.value!r} is given twice"))
            stack[-1][1].add(ev.value)
        if isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)) and stack and stack[-1][0]:
            stack[-1][2] = not stack[-1][2]
        if isinstance(ev, yaml.MappingStartEvent):
            stack.append([True, set(), True])
        elif isinstance(ev, yaml.SequenceStartEvent):
            stack.append([False, set(), False])
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
        if len(stack) > MAX_DEPTH:
            errors.append(YamlError(where, line, f"nested more than {MAX_DEPTH} levels deep"))
            break
    return errors


def yaml_problem(e: yaml.YAMLError, text: str, at_opening: bool = False) -> tuple[int, str]:
    """(0-based line, one-line problem) of a YAML error, a refused character named by its code;
    with ``at_opening``, an unclosed collection is placed at the line that opened it rather than
    the one where it was noticed."""
    mark = getattr(e, "problem_mark", None)
    context, context_mark = getattr(e, "context", None), getattr(e, "context_mark", None)
    problem = getattr(e, "problem", None) or str(e)
    if at_opening and context and context_mark is not None and mark is not None and context_mark.line < mark.line:
        # 'title: [unclosed' is noticed on the next line; point at the line that opened it
        problem = f"{context} that starts here, {problem} on line {mark.line + 1}"
        mark = context_mark
    line = mark.line if mark else 0
    if isinstance(e, yaml.reader.ReaderError):  # a character YAML refuses, e.g. a control character
        line = text.count("\n", 0, e.position)
        problem = f"character U+{e.character:04X} is not allowed in YAML" if isinstance(e.character, int) else e.reason
    return line, " ".join(str(problem).split())


def schema_errors(text: str, data: Any, schema: Path, keep_as: str | None = None) -> list[tuple[list, str]]:
    """(path of the value, message) of each JSON Schema error of ``data`` (read from ``text``).

    The check costs ~0.1 s per file (the subject index's seven files: 0.9 s) and its answer
    depends only on the text and the schema: with ``keep_as`` (a name for the file) it is kept in
    the build cache (treaty.cache) under their hash, so an unchanged file is not checked again."""
    def check() -> list[tuple[list, str]]:
        return [(list(err.absolute_path), err.message) for err in _validator(str(schema)).iter_errors(data)]

    if keep_as is None:
        return check()
    from importlib.metadata import version

    from ..cache import cached

    return cached("schema-check-" + keep_as, [text, schema, Path(__file__), version("jsonschema")], check)


def cache_name(path: Path) -> str | None:
    """The corpus's own editorial files have their check kept (a bounded set); others do not."""
    from ..settings import CORPUS_DIR

    try:
        rel = path.resolve().relative_to(CORPUS_DIR.resolve())
    except (OSError, ValueError):
        return None
    return re.sub(r"[^A-Za-z0-9]+", "-", rel.as_posix()).strip("-")


def load_yaml(path: Path, schema: Path) -> tuple[Any, yaml.Node]:
    """(data, node tree) of a YAML file that passes ``schema``; YamlErrors otherwise."""
    where = display(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise YamlErrors([YamlError(where, 1, f"not UTF-8 text ({e.reason} at byte {e.start})")]) from None
    except OSError as e:
        raise YamlErrors([YamlError(where, 1, f"cannot be read: {e.strerror}")]) from None
    try:
        errors = structure_errors(text, where)
        if errors:
            raise YamlErrors(errors)
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        line, problem = yaml_problem(e, text)
        raise YamlErrors([YamlError(where, line + 1, f"malformed YAML: {problem}")]) from None
    if node is None:
        raise YamlErrors([YamlError(where, 1, "the file is empty")])
    errors = [YamlError(where, line_of(node, steps), f"{'.'.join(str(p) for p in steps) or 'document'}: {message}")
              for steps, message in schema_errors(text, data, Path(schema), cache_name(Path(path)))]
    if errors:
        raise YamlErrors(errors)
    return data, node


__all__ = ["MAX_DEPTH", "YamlError", "YamlErrors", "cache_name", "display", "inline_refs", "line_of", "load_yaml", "structure_errors", "yaml_problem"]
