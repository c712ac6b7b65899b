"""analysis.strength and analysis.addressee: triggers, strength, addressee and qualifiers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treaty.analysis.addressee import addressee
from treaty.analysis.rules import RuleError, compile_pattern
from treaty.analysis.segments import Piece
from treaty.analysis.strength import OPERATIVE, STRENGTHS, provisions, shorten, triggers
from treaty.citation import parse

def _triggers(text: str, leadins: tuple[str, ...] = (), field: str = "text"):
    return triggers(Piece(parse("Article 7(1)"), field, text, leadins))


@pytest.mark.parametrize("text, strength, phrase", [
    ("Each State Party shall adopt such legislative and other measures as may be necessary to establish", "binding", "shall adopt"),
    ("Each State Party shall endeavour to ensure that", "soft", "shall endeavour"),
    ("States Parties shall, where appropriate, consider the possibility", "soft", "shall … consider"),
    ("that State Party shall consider this Convention the necessary and sufficient treaty basis.", "binding", "shall consider"),
    ("A State Party may require that the offence be committed by infringing security measures.", "optional", "may require"),
    ("States Parties may not refuse a request for extradition on the sole ground", "limit", "may not refuse"),
    ("States Parties shall not decline to render mutual legal assistance", "limit", "shall not decline"),
    ("Nothing in this Convention shall be interpreted as imposing an obligation to extradite", "limit", "Nothing in this Convention shall be"),
    ("“Content data” shall mean any electronic data", "none", "shall mean"),
    ("This Convention shall apply, except as otherwise stated herein, to:", "none", "shall apply"),
    ("each State Party shall apply the powers and procedures", "binding", "shall apply"),
    ("States Parties are strongly encouraged to apply the provisions", "soft", "are strongly encouraged"),
    ("Consider taking such measures as may be necessary to allow confiscation", "soft", "Consider"),
])
def test_the_phrase_decides_the_strength(text, strength, phrase):
    found = _triggers(text)
    assert [(t.strength, t.text) for t in found][:1] == [(strength, phrase)]


def test_words_that_only_look_like_triggers_are_not_triggers():
    # "as may be necessary", "may deem appropriate", "upon which … may refuse" modify nothing
    assert _triggers("such measures as may be necessary, subject to such conditions as those States Parties may deem appropriate") == []
    assert [t.strength for t in _triggers("Extradition shall be subject to the grounds upon which the requested State Party may refuse extradition.")] == ["none"]


def test_a_nothing_clause_governs_its_whole_sentence():
    found = _triggers("Nothing contained in this article shall affect the principle that the measures shall be defined in accordance with domestic law.")
    assert [(t.strength, t.addressee) for t in found] == [("limit", None)]


@pytest.mark.parametrize("clause, after, leadins, role", [
    ("Each State Party ", "shall adopt", (), "each State Party"),
    ("Upon receiving the request from another State Party, the requested State Party ", "shall take", (), "requested State Party"),
    ("If the requested State Party cannot comply with the requirement of confidentiality, it ", "shall promptly inform", (), "requested State Party"),
    ("a State Party may propose an amendment and transmit it to the Secretary-General of the United Nations, who ", "shall thereupon communicate", (), "Secretary-General"),
    ("When acting on a request made by another State Party in accordance with article 50 of this Convention, States Parties ", "shall give", (), "requested State Party"),
    ("A request for mutual legal assistance ", "shall contain:", (), "requesting State Party"),
    ("Mutual legal assistance ", "may be refused:", (), "requested State Party"),
    ("", "Consider taking such measures", ("Each State Party, in order to provide mutual legal assistance, shall, in accordance with its domestic law:",), "each State Party"),
    ("The Conference of the States Parties ", "shall adopt rules of procedure", (), "Conference of the States Parties"),
    ("The Secretary-General of the United Nations ", "shall be notified of such point of contact", (), "each State Party"),
])
def test_the_addressee_is_the_subject(clause, after, leadins, role):
    assert addressee(clause, after, leadins) == role


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("abc sSmayhlP,.;:()") + ["shall ", "may ", "State Party ", "not ", "Nothing in this Convention ",
                                                            "consider ", "it ", "who ", "requested "]), max_size=80).map("".join))
def test_any_text_gets_triggers_that_never_overlap(text):
    found = _triggers(text)
    spans = sorted((t.start, t.end) for t in found)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(t.strength in STRENGTHS for t in found)


def test_shorten_keeps_the_verb_and_drops_the_aside():
    assert shorten("shall, if its domestic law so permits, upon application, consider") == "shall … consider"
    assert shorten("shall adopt") == "shall adopt"


def test_a_bad_rule_is_one_clear_error():
    with pytest.raises(RuleError, match="strength.yaml rule 3"):
        compile_pattern("(unclosed", where="strength.yaml rule 3")


# -- the real corpus ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def provs(doc):
    return {p.citation.canonical: p for p in provisions(doc.part("convention"))}


def test_every_paragraph_and_paragraphless_article_is_one_provision(doc, provs):
    expected = []
    for art in (u for u in doc.part("convention").walk() if u.kind == "article"):
        paras = [c for c in art.children if c.kind == "paragraph"]
        expected += [c.citation.canonical for c in paras] or [art.citation.canonical]
    assert set(expected) <= set(provs)
    extra = set(provs) - set(expected)
    # the rest are items whose own words carry a trigger
    assert extra and all(re.search(r"\([a-z]+\)$", c) for c in extra)
    assert "Article 17(2)(e)" in extra and "Article 49(1)(c)" in extra and "Article 40(31)(b)" in extra
    assert "Article 2(a)" not in extra and "Article 40(9)(b)" not in extra  # a definition; "may deem appropriate"


def test_known_provisions(provs):
    p = provs["Article 36(1)"]
    assert (p.strength, p.mixed, p.strengths) == ("binding", True, ("binding", "soft", "optional", "limit"))
    p = provs["Article 49(1)(c)"]
    assert (p.strength, p.trigger, p.addressee) == ("soft", "Consider", "each State Party")
    assert "in accordance with its domestic law" in p.qualifiers  # from the lead-in it continues
    p = provs["Article 20"]
    assert (p.strength, p.trigger, p.qualifiers) == ("binding", "shall … establish", ("where appropriate",))
    p = provs["Article 40(31)(b)"]
    assert (p.strength, p.addressee) == ("optional", "requested State Party")
    assert provs["Article 2"].strength == "none" and provs["Article 2"].qualifiers == ()
    assert all(p.strength in OPERATIVE or p.addressee is None for p in provs.values())


def test_the_json_shape_is_exactly_the_contract(provs):
    assert set(provs["Article 7(1)"].json()) == {"citation", "strength", "trigger", "addressee", "qualifiers"}


def test_the_analysis_knows_nothing_of_the_site_or_the_search_index():
    import ast
    from pathlib import Path

    import treaty.analysis

    for path in Path(treaty.analysis.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                name = "." * node.level + (node.module or "")
                assert not name.startswith(("..site", "..search", "treaty.site", "treaty.search")), (path.name, name)
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith(("whoosh", "treaty.site", "treaty.search", "mkdocs")) for a in node.names), path.name
