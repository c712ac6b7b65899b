"""The package's import graph: no cycle, and no lower stage importing a higher one.

Every ``import`` statement in tools/treaty is read from the source (module level and inside
functions alike — a function-level import is still a dependency, only a deferred one), resolved
to the module it names, and checked against ``LAYERS``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "treaty"

#: The stages of the package, lowest first.  A module may import from its own stage (without a
#: cycle) and from stages listed before it, never from a stage listed after it.  A new top-level
#: module or subpackage must be given its place here.
LAYERS: list[set[str]] = [
    {"treaty", "settings", "cache", "unicode_classes", "citation"},
    {"model"},
    {"source", "text", "lookup", "refs", "corpus"},
    {"parse", "terms", "analysis", "link", "editorial"},
    {"annotate", "exports", "adapters"},
    {"search", "site"},
    {"serve"},
    {"server"},
    {"cli"},
]


def modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name → (file, is a package's __init__)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def import_graph() -> dict[str, dict[str, int]]:
    """Module → {imported module of this package: line of the first such import}."""
    mods = modules()
    graph: dict[str, dict[str, int]] = {}
    for name, (path, is_package) in mods.items():
        package = name if is_package else name.rpartition(".")[0]
        deps: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                # ``from . import x`` / ``from .pkg import sub`` name a module when one exists
                targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in mods else module for a in node.names]
            for target in targets:
                while target and target not in mods and "." in target:  # ``import treaty.x.y`` → the deepest module that exists
                    target = target.rpartition(".")[0]
                if target in mods and target != name:
                    deps.setdefault(target, node.lineno)
        graph[name] = deps
    return graph


def stage(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def rank(module: str) -> int:
    for i, layer in enumerate(LAYERS):
        if stage(module) in layer:
            return i
    raise AssertionError(f"{module}: not placed in tests/test_imports.py LAYERS")


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_is_read_from_every_kind_of_import():
    graph = import_graph()
    assert "treaty.citation" in graph["treaty.model"]  # from .citation import …
    assert "treaty.settings" in graph["treaty.cli.common"]
    assert len(graph) > 50


def test_no_import_cycle():
    graph = import_graph()
    loops = cycles(graph)
    detail = [" ↔ ".join(c) + ": " + "; ".join(f"{a} imports {b} (line {graph[a][b]})" for a in c for b in c if b in graph[a])
              for c in loops]
    assert not loops, "import cycles:\n" + "\n".join(detail)


def test_cycles_are_found():
    assert cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b": 1}, "b": {}}) == []


def test_no_lower_stage_imports_a_higher_one():
    graph = import_graph()
    upward = [f"{a} imports {b} (line {line})" for a, deps in graph.items() for b, line in deps.items()
              if stage(a) != stage(b) and rank(b) > rank(a)]
    assert not upward, "lower stages importing higher ones:\n" + "\n".join(sorted(upward))


def test_every_module_has_a_stage():
    for name in modules():
        rank(name)


def test_chromium_is_launched_in_one_place():
    """Its path and options are written once (tests/chromium.py), for tests and benchmarks."""
    root = PACKAGE.parents[1]
    writers = sorted(str(p.relative_to(root)) for folder in ("tests", "benchmarks") for p in (root / folder).rglob("*.py")
                     if p.name != "test_imports.py" and ("executable_path" in p.read_text(encoding="utf-8") or "--no-sandbox" in p.read_text(encoding="utf-8")))
    assert writers == ["tests/chromium.py"]


def private_imports(source: str) -> list[tuple[int, str]]:
    """``from m import _name``: a name another module keeps private (dunders are public)."""
    return [(node.lineno, f"{node.module or '.'}.{a.name}") for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ImportFrom) for a in node.names
            if a.name.startswith("_") and not a.name.startswith("__")]


def test_no_module_imports_a_name_another_keeps_private():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {name}" for path, _ in modules().values()
             for line, name in private_imports(path.read_text(encoding="utf-8"))]
    assert found == [], "\n".join(found)


def test_private_imports_are_found():
    assert private_imports("from whoosh.util.numeric import _length_byte_cache\nfrom x import __version__, a") \
        == [(1, "whoosh.util.numeric._length_byte_cache")]
