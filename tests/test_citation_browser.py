"""citation/browser.py + reader.js: the grammar's rows read by JavaScript in Chromium agree with
``parse()`` — readings, canonical citations and messages — on generated text, Unicode included.
(The case table of other documents' citations is checked on the real page in test_cite_page.py.)"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chromium import chromium
from page_pool import lent_page
from treaty.citation import CitationError, grammar
from treaty.citation.browser import js_regex, reader_data, reader_script



@pytest.fixture(scope="module")
def js(tmp_path_factory):
    """A page holding only the reader and the grammar's data; ``js(texts)`` reads them there."""
    html = tmp_path_factory.mktemp("reader") / "reader.html"
    data = json.dumps(reader_data(), ensure_ascii=False).replace("</", "<\\/")
    html.write_text(f'<!DOCTYPE html><meta charset="utf-8"><title>reader</title><script>{reader_script()}\n'
                    f"var R = treatyCitationReader({data});</script>", encoding="utf-8")
    with chromium() as browser, lent_page(browser) as page:
        page.goto(html.as_uri())
        page.wait_for_function("typeof R === 'object'")

        def read(texts: list[str], bare: bool = True) -> list[str]:
            return page.evaluate(
                """([qs, bare]) => qs.map(q => {
                     try { return R.canonical(R.read(q, bare)) }
                     catch (e) { if (e instanceof R.CitationError) return 'ERROR: ' + e.message; throw e }
                   })""", [texts, bare])

        yield read


def python(text: str, bare: bool = True) -> str:
    """``parse()`` without the one row only Python has (the prose scanner)."""
    try:
        return grammar.read(text, bare=bare, scanner=False).canonical
    except CitationError as e:
        return f"ERROR: {e}"
    except ValueError as e:  # a chapter beyond XXXIX (or 0) has no canonical form
        return f"ERROR: {e}"


_WORDS = ["article", "Art.", "arts", "ARTICLE", "paragraph", "para.", "§", "paras", "subparagraph", "item", "lit.",
          "of", "in", "under", "the", "this", "present", "Convention", "UN Convention against Cybercrime", "chapter",
          "Chap.", "ch.", "V", "ix", "iiii", "xl", "preamble", "preambular", "recital", "interpretative", "interpretive",
          "note", "notes", "on", "and", ",", "resolution", "Res.", "operative", "title", "report", "section", "subsection",
          "masthead", "line", "footnote", "final clause", "testimonium", "(", ")", ".", "(a)", "(b)", "(ii)", "(21)", "(0)",
          " (b)", "a)", ".b", ".21", "0", "1", "2", "5", "07", "21", "40", "68", "123", "1000", "\u0663", "\u0967\u0968",
          "40.21.b", "relevant paragraphs of", "\u2013", "\u00a0", "&nbsp;", "\ufb01nal clause", "\u00df", "\u0130",
          "\u03c2", "\u1e9e", "\x1c", "\u2028", "\ufeff", "'", '"', "\\", ";"]
_texts = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=9).map(" ".join) | st.text(st.characters(blacklist_categories=("Cs", "Cn")), max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_texts, min_size=40, max_size=40), st.booleans())
def test_javascript_reads_every_text_as_python_does(js, texts, bare):
    assert js(texts, bare) == [python(t, bare) for t in texts]


def test_the_readings_are_not_all_errors(js):
    """The property above compares readings, not only errors: the forms read on both sides."""
    forms = ["Art. 40(21)(b)", "paragraph 3 of article 23", "Chap. IX", "Report, section II, subsection 1", "Res. para. 4",
             "Interpretative notes on articles 23 and 35", "preamble (3)", "\ufb01nal clause", "article \u0663 (b)",
             "Article 27 under this Convention", "40.21.b", "Convention, footnote 1"]
    got = js(forms)
    assert got == [python(t) for t in forms]
    assert not any(g.startswith("ERROR") for g in got)


def test_the_scanner_row_is_the_only_one_left_out():
    shipped = [r["name"] for r in reader_data()["rules"]]
    assert shipped == [r.name for r in grammar.RULES if r.action != "scan"]
    assert [r.name for r in grammar.RULES if r.action == "scan"] == ["running text"]


@pytest.mark.parametrize("source", [r"(?P=x)", r"(?i)a", r"a\Z", r"[\d]", r"[^\s]"])
def test_js_regex_refuses_what_javascript_would_read_otherwise(source):
    with pytest.raises(ValueError):
        js_regex(source)


def test_js_regex_names_groups_the_javascript_way():
    assert js_regex(r"^(?P<n>\d{1,3})\s*$") == r"^(?<n>\d{1,3})\s*$"
