"""Reading an editorial YAML file safely, with every problem as ``file:line: message``.

Safe loading only (no Python objects), anchors and aliases refused (an alias can multiply a
small file into a huge document, and editorial data has no use for them), a key given twice
refused, then the JSON Schema: each schema error is reported at the line of the value it is
about.  :func:`line_of` gives the line of any value by its path, for the checks a schema cannot
make (citations that must resolve, links that must exist).
"""

from __future__ import annotations

import json
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

    return jsonschema.Draft202012Validator(json.loads(Path(schema_path).read_text(encoding="utf-8")))


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


def _structure_errors(text: str, where: str) -> list[YamlError]:
    """Anchors, aliases and repeated keys, found in one pass over the parser's events."""
    errors = []
    stack: list[list] = []  # per open collection: [is mapping, keys seen, expecting a key]
    for ev in yaml.parse(text, Loader=yaml.SafeLoader):
        line = ev.start_mark.line + 1
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
    return errors


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
        errors = _structure_errors(text, where)
        if errors:
            raise YamlErrors(errors)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise YamlErrors([YamlError(where, (mark.line + 1) if mark else 1, f"malformed YAML: {problem}")]) from None
    if node is None:
        raise YamlErrors([YamlError(where, 1, "the file is empty")])
    errors = [
        YamlError(where, line_of(node, err.absolute_path), f"{'.'.join(str(p) for p in err.absolute_path) or 'document'}: {err.message}")
        for err in _validator(str(schema)).iter_errors(data)
    ]
    if errors:
        raise YamlErrors(errors)
    return data, node


__all__ = ["YamlError", "YamlErrors", "display", "line_of", "load_yaml"]
