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
