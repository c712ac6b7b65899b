"""analysis.options: every reservation, declaration and notification clause of the text is
listed — checked against an independent plain search of the text, not the rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from treaty.analysis import OPTION_KINDS, build_map

GOLD = Path(__file__).parent.parent / "benchmarks" / "map_gold.yaml"


@pytest.fixture(scope="module")
def imap(doc, site_annotations):
    return build_map(doc, site_annotations)


def _own_words(unit) -> str:
    return " ".join(x for x in (unit.text, unit.tail) if x)


def _hits(doc) -> dict[str, list[str]]:
    """Units of the Convention whose own words contain a word starting 'reserv' or 'declar', or
    'Secretary-General' — a plain word search, with nothing of the analysis rules."""
    out = {}
    for unit in doc.part("convention").walk():
        if unit.kind not in ("article", "paragraph", "item", "roman_item"):
            continue
        words = re.findall(r"[\w-]+", _own_words(unit).lower())
        found = sorted({w for w in words if w.startswith(("reserv", "declar")) or w == "secretary-general"})
        if found:
            out[unit.citation.canonical] = found
    return out


def test_every_reservation_declaration_and_secretary_general_clause_is_an_option(doc, imap):
    listed = {o.citation.canonical for o in imap.options}
    not_options = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["not_options"]  # read, with what each says instead
    hits = _hits(doc)
    assert len(hits) >= 20
    missing = {c: w for c, w in hits.items() if c not in listed and c not in not_options}
    assert missing == {}
    assert not (set(not_options) & listed)


def test_the_words_say_the_kind(doc, imap):
    kinds: dict[str, set[str]] = {}
    for o in imap.options:
        kinds.setdefault(o.citation.canonical, set()).add(o.kind)
    for c, words in _hits(doc).items():
        if any(w.startswith("reserv") for w in words) and "reserve" in " ".join(words) and c in kinds:
            assert "reservation" in kinds[c], c
        if "declare" in words:
            assert kinds[c] & {"declaration", "reservation"}, c


def test_known_options(imap):
    by = {(o.citation.canonical, o.kind): o for o in imap.options}
    o = by["Article 63(3)", "reservation"]
    assert o.when == "at the time of signature, ratification, acceptance or approval of or accession to this Convention"
    assert [m.canonical for m in o.modifies] == ["Article 63(2)"]
    assert [m.canonical for m in by["Article 29(2)", "optional_element"].modifies] == ["Article 29(1)(a)"]
    assert [m.canonical for m in by["Article 23(3)(b)", "reservation"].modifies] == ["Article 29", "Article 30"]
    assert by["Article 64(4)", "declaration"].who == "regional economic integration organization"
    assert by["Article 40(12)(c)", "notification"].who == "each State Party"
    assert [m.canonical for m in by["Article 16(3)", "optional_element"].modifies] == ["Article 16(2)"]  # "the definition of intimate images"
    # a decision on one request is not a State option
    assert ("Article 40(20)", "optional_element") not in by


def test_options_json_is_exactly_the_contract(imap):
    for o in imap.options:
        d = o.json()
        assert set(d) == {"citation", "kind", "text", "who", "when", "modifies"}
        assert d["kind"] in OPTION_KINDS and d["text"] and d["who"]
        assert all(isinstance(m, str) for m in d["modifies"])
