"""The analysis rules, read from the YAML files in ``rules/`` (data, not code) and compiled once.

Each file says in its header what it decides; this module only reads and compiles them, so a
change of wording is a change of data.  ``{aside}`` in a pattern is replaced by the
``macros.aside`` of the same file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).with_name("rules")
#: libyaml's safe loader when PyYAML has it (the same data, several times faster), else PyYAML's own
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FLAGS = re.IGNORECASE


class RuleError(ValueError):
    """A rules file is missing a field or holds a pattern that does not compile."""


@functools.cache
def load(name: str) -> dict:
    path = RULES_DIR / f"{name}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(data, dict):
        raise RuleError(f"{path.name}: expected a mapping")
    return data


#: the characters other than A–Z and a–z that a case-insensitive pattern matches as an ASCII
#: letter (İ ı ſ K: tests/test_analysis_rules.py finds them in the whole of Unicode)
_AS_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


#: escapes that match no character (``\\b``: a word boundary): a run goes on across them
_ZERO_WIDTH = {"b", "B", "A", "Z"}
#: what makes the character before it optional or repeated, and characters that are not themselves
_REPEAT = {"?", "*", "+", "{"}
_SPECIAL = set(".^$*+?{}[]()|")
_COUNT = re.compile(r"\{\d*,?\d*\}")


def folded(text: str) -> str:
    """``text`` as :func:`needed` compares it: lower-cased, with the letters of _AS_ASCII as the ASCII ones they match."""
    return text.translate(_AS_ASCII).lower()


@functools.cache
def needed(regex: re.Pattern) -> str:
    """The longest run of ASCII characters that every match of ``regex`` holds, lower-cased ('' when
    none is known): a text whose :func:`folded` form lacks it cannot match, so most rules are not
    tried on most texts (a substring test is many times faster than a scan by the regex engine).
    Read from the pattern, cautiously: plain characters outside any group, class or escape, not
    followed by a repeat, make a run; ``\\b`` and its like do not break one; a choice (``|``)
    outside any group means no run."""
    pattern = regex.pattern
    if not isinstance(pattern, str) or regex.flags & re.VERBOSE:
        return ""
    best = run = ""
    depth = i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if pattern[i + 1:i + 2] not in _ZERO_WIDTH:
                run = ""
            i += 2
            continue
        if c == "[":  # a class: skipped to its end (a ']' first is one of its characters)
            i += 1 + (pattern[i + 1:i + 2] == "^")
            i += pattern[i:i + 1] == "]"
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            run = ""
        elif c == "{":  # a repeat {m,n} (or a brace): skipped
            end = pattern.find("}", i)
            i = end if _COUNT.fullmatch(pattern, i, end + 1) else i
            run = ""
        elif c == "(":
            depth += 1
            run = ""
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return ""
        elif depth == 0:
            if c in _SPECIAL or ord(c) > 127 or pattern[i + 1:i + 2] in _REPEAT:
                run = ""
            else:
                run += c.lower()
                best = max(best, run, key=len)
        i += 1
    return best


def compile_pattern(pattern: str, macros: dict | None = None, where: str = "") -> re.Pattern:
    for name, value in (macros or {}).items():
        pattern = pattern.replace("{" + name + "}", value)
    try:
        return re.compile(pattern, FLAGS)
    except re.error as e:
        raise RuleError(f"{where}: {pattern!r}: {e}") from None


@dataclass(frozen=True)
class StrengthRule:
    strength: str
    regex: re.Pattern
    #: False: the phrase falls on nobody ("Nothing in this Convention shall …")
    has_addressee: bool = True
    #: the strength the phrase takes when a State (or other actor) is its subject ("each State
    #: Party shall apply" is a duty, "This Convention shall apply" a statement)
    with_actor: str | None = None
    #: the phrase governs the rest of its sentence: no other trigger is read there
    sentence: bool = False


@functools.cache
def strength_rules() -> tuple[tuple[StrengthRule, ...], tuple[str, ...]]:
    data = load("strength")
    macros = data.get("macros", {})
    rules = []
    for i, r in enumerate(data["rules"]):
        rules.append(StrengthRule(r["strength"], compile_pattern(r["pattern"], macros, f"strength.yaml rule {i + 1}"),
                                  has_addressee="addressee" not in r, with_actor=r.get("with_actor"), sentence=bool(r.get("sentence"))))
    return tuple(rules), tuple(data["order"])


@functools.cache
def qualifier_patterns() -> tuple[re.Pattern, ...]:
    return tuple(compile_pattern(p, where="qualifiers.yaml") for p in load("qualifiers")["patterns"])


@dataclass(frozen=True)
class RoleRule:
    role: str | None
    regex: re.Pattern


@dataclass(frozen=True)
class AddresseeRules:
    actors: tuple[RoleRule, ...]
    pronouns: re.Pattern
    contexts: tuple[RoleRule, ...]
    phrases: tuple[RoleRule, ...]
    subjects: tuple[RoleRule, ...]
    default: str


@functools.cache
def addressee_rules() -> AddresseeRules:
    data = load("addressees")

    def roles(key: str) -> tuple[RoleRule, ...]:
        return tuple(RoleRule(r["role"], compile_pattern(r["pattern"], where=f"addressees.yaml {key}")) for r in data.get(key, ()))

    return AddresseeRules(roles("actors"), compile_pattern(data["pronouns"], where="addressees.yaml pronouns"),
                          roles("contexts"), roles("phrases"), roles("subjects"), data["default"])


@dataclass(frozen=True)
class OptionRule:
    kind: str
    regex: re.Pattern
    who: str | None = None


@dataclass(frozen=True)
class OptionRules:
    rules: tuple[OptionRule, ...]
    who: frozenset[str]
    when: tuple[re.Pattern, ...]
    cut: re.Pattern
    skip_before: re.Pattern
    definition_of: re.Pattern
    anaphora: tuple[re.Pattern, ...]


@functools.cache
def option_rules() -> OptionRules:
    data = load("options")
    rules = tuple(OptionRule(r["kind"], compile_pattern(r["pattern"], where="options.yaml"), r.get("who")) for r in data["rules"])
    return OptionRules(rules, frozenset(data["who"]), tuple(compile_pattern(p, where="options.yaml when") for p in data["when"]),
                       compile_pattern(data["cut"]), compile_pattern(data["skip_before"]), compile_pattern(data["definition_of"]),
                       tuple(compile_pattern(p, where="options.yaml anaphora") for p in data["anaphora"]))


@dataclass(frozen=True)
class EdgeRule:
    type: str
    before: re.Pattern | None
    after: re.Pattern | None


@functools.cache
def edge_rules() -> tuple[tuple[EdgeRule, ...], str, str]:
    data = load("edges")
    between = data.get("between", "")
    rules = []
    for r in data["types"]:
        before = compile_pattern(r["before"].replace(r"\s+$", r"\s+" + between + "$"), where="edges.yaml") if "before" in r else None
        after = compile_pattern(r["after"], where="edges.yaml") if "after" in r else None
        rules.append(EdgeRule(r["type"], before, after))
    return tuple(rules), data["fallback"], between
