"""Who a phrase falls on: the subject of a trigger, by the rules of rules/addressees.yaml.

Pure functions over strings: ``addressee(clause, after, leadins)`` where ``clause`` is the
sentence up to the trigger, ``after`` the rest of the sentence from the trigger on, and
``leadins`` the lead-ins the words continue (innermost first).
"""

from __future__ import annotations

import re

from .rules import addressee_rules
from .segments import split_spans

#: splits a clause where a phrase set off by commas (or a semicolon, a colon) begins or ends
_CLAUSE = re.compile(r"[,;:]")
#: a noun phrase that is not someone: "that person", "the measures", "such property"
_THING = re.compile(r"(?:the|that|this|these|those|such|any|a|an)\s+\w+", re.IGNORECASE)
_DETERMINER = re.compile(r"(?:(?:the|each|a|an|any|that|those|such|all|other)\s+)*", re.IGNORECASE)

_UNSET = object()
_THING_SUBJECT = object()


def actors(text: str) -> list[tuple[int, int, str]]:
    """Every actor named in ``text``: (start, end, role), left to right, never overlapping."""
    found: list[tuple[int, int, str]] = []
    for rule in addressee_rules().actors:
        for m in rule.regex.finditer(text):
            if not any(m.start() < e and s < m.end() for s, e, _ in found):
                found.append((m.start(), m.end(), rule.role))
    return sorted(found)


def _segments(clause: str) -> list[tuple[int, int]]:
    return split_spans(_CLAUSE, clause)


def subject_role(clause: str):
    """The role of the subject named in ``clause`` (the words before a trigger); _UNSET when
    nobody is named, _THING_SUBJECT when the words right before the trigger are a thing."""
    rules = addressee_rules()
    named = actors(clause)
    segments = _segments(clause)
    for a, b in reversed(segments):
        inside = [x for x in named if a <= x[0] < b]
        pron = next(iter(rules.pronouns.finditer(clause, a, b)), None)
        if not inside and pron is None:
            if _THING.match(clause[a:b].strip()):
                return _THING_SUBJECT
            continue
        if inside and (pron is None or inside[0][0] < pron.start()):
            return inside[0][2]
        if pron.group(0).lower() == "who":
            before = [x for x in named if x[0] < pron.start()]
            return before[-1][2] if before else _UNSET
        return named[0][2] if named else _UNSET
    return _UNSET


def begins_with_actor(clause: str) -> bool:
    """Whether the words right before a trigger (after the last comma) start with an actor:
    "…, each State Party" but not "references to “States Parties” under this Convention"."""
    a, b = _segments(clause)[-1]
    seg = clause[a:b]
    at = a + len(seg) - len(seg.lstrip())
    at = _DETERMINER.match(clause, at).end()
    return any(s == at for s, _, _ in actors(clause))


def addressee(clause: str, after: str, leadins: tuple[str, ...] = ()) -> str | None:
    """The role a trigger falls on; see rules/addressees.yaml for the order of the steps."""
    rules = addressee_rules()
    around = clause + after[:80]
    for rule in rules.phrases:
        if rule.regex.search(around):
            return rule.role
    role = subject_role(clause)
    if role is not _UNSET and role is not _THING_SUBJECT:
        if role == rules.default:
            for ctx in rules.contexts:
                if ctx.regex.search(clause + after[:60]):
                    return ctx.role
        return role
    a, _ = _segments(clause)[-1]
    head = (clause[a:] + after[:40]).lstrip()
    for rule in rules.subjects:
        if rule.regex.search(head):
            return rule.role
    if role is _UNSET:
        for lead in leadins:
            found = subject_role(lead + " ")
            if found is not _UNSET and found is not _THING_SUBJECT:
                return found
    named = actors(after)
    if named:
        return named[0][2]
    return rules.default
