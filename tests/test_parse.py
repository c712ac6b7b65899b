"""The parser: structure of the real document, every conversion defect, errors, fidelity."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import parse_text
from treaty.corpus import SOURCE_PATH, counts
from treaty.parse import parse_bytes
from treaty.source import SourceError

# -- the real document ----------------------------------------------------------------------


def test_counts_match_an_independent_count_of_the_source(doc, source_bytes):
    """Counted here with plain regexes over the source, not with the parser's rules."""
    lines = source_bytes.decode("utf-8").split("\n")
    annex = [i for i, line in enumerate(lines) if line.strip() == "Annex"]
    conv = lines[annex[0] : annex[1]]
    paragraphs, labels = 0, []
    for line in conv:
        s = re.sub(r"^\s*-\s*", "", line.strip())
        if m := re.match(r"^(\d+)\.\s", s):
            paragraphs += 1
            s = s[m.end() :]
        while m := re.match(r"^\(([a-z]+)\)\s*", s):
            labels.append(m.group(1))
            s = s[m.end() :]
    c = counts(doc)
    assert c["paragraphs"] == paragraphs == 264
    assert c["items"] + c["roman_items"] == len(labels) == 215
    # (i) is the letter after (h) in articles 2, 40(3), 53(3) and 54(3); every other (i) is roman
    assert c["roman_items"] == labels.count("i") - 4 + labels.count("ii") + labels.count("iii") == 20
    assert c["articles"] == 68 and c["chapters"] == 9
    assert c["interpretative_notes"] == 5 and c["footnotes"] == 3
    assert c["report_paragraphs"] == 15 and c["resolution_operative_paragraphs"] == 12
    assert c["resolution_preambular_paragraphs"] == 5 and c["preambular_paragraphs"] == 15


def test_articles_and_chapters_in_sequence(doc):
    conv = doc.part("convention")
    chapters = [c for c in conv.children if c.kind == "chapter"]
    assert [c.num for c in chapters] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    assert [c.heading for c in chapters][2:4] == ["Jurisdiction", "Procedural measures and law enforcement"]
    arts = [a for c in chapters for a in c.children]
    assert [int(a.num) for a in arts] == list(range(1, 69))
    assert all(a.heading for a in arts)


@pytest.mark.parametrize(
    "citation,heading",
    [
        ("Article 13", "Information and communications technology system-related theft or fraud"),
        ("Article 19", "Participation and attempt"),
        ("Article 22", "Jurisdiction"),
        ("Article 40", "General principles and procedures relating to mutual legal assistance"),
        ("Article 41", "24/7 network"),
        ("Chapter III", "Jurisdiction"),
    ],
)
def test_heading_variants(index, citation, heading):
    assert index[citation].heading == heading


def test_page_break_joins(index):
    assert "the act of intentionally communicating" in index["Article 15(1)"].text
    assert "involved in the commission of the predicate offence" in index["Article 17(1)(a)(i)"].text
    assert "the receiving State Party in initiating" in index["Article 51"].text  # continuation in upper case
    assert "Information and Communications Technology Systems" in index["Resolution, paragraph 1"].text
    assert index["Article 40(13)"].text.endswith("confirmed in writing forthwith.")
    assert "Article 15(2)" in index  # paragraphs after the join are still found


def test_numbered_paragraphs_without_blank_lines(index):
    assert [index[f"Article 19({n})"].num for n in (1, 2, 3)] == ["1", "2", "3"]
    assert index["Article 31(10)"].text.startswith("Nothing contained in this article")


def test_paragraph_opening_with_item(index):
    assert index["Article 23(3)"].text == ""
    assert index["Article 23(3)(a)"].text.startswith("Each State Party may reserve")
    assert index["Article 17(1)(a)"].text == ""
    assert index["Article 17(1)(a)(i)"].kind == "roman_item"


def test_letter_i_versus_roman_i(index):
    assert index["Article 40(3)(i)"].kind == "item"
    assert index["Article 2(i)"].kind == "item"
    assert index["Article 2(e)(i)"].kind == "roman_item"
    assert index["Article 47(1)(b)(iii)"].kind == "roman_item"
    assert [c.num for c in index["Article 40(3)"].children] == list("abcdefghijklm")


def test_text_after_lists(index):
    assert index["Article 11(1)(a)"].tail.startswith("with the intent that the device")
    assert index["Article 13"].tail.startswith("with the fraudulent or dishonest intent")
    assert index["Article 28(1)"].tail == "in the territory of that State Party."
    assert index["Article 23(3)(b)"].tail.startswith("that State Party may reserve the right")
    assert index["Article 29(1)"].tail.startswith("traffic data, in real time")
    assert index["Article 30(1)"].tail.startswith("content data, in real time")
    assert index["Article 29(1)(b)"].tail == ""


def test_preamble_and_final_clause(index):
    pre = index["Preamble"]
    assert pre.text == "The States Parties to the present Convention,"
    assert pre.tail == "Have agreed as follows:"
    assert index["Preamble, paragraph 1"].text.startswith("Bearing in mind the purposes")
    assert index["Final clause"].text.startswith("IN WITNESS WHEREOF")


def test_resolution_and_report(index):
    assert index["Resolution, title"].text.startswith("United Nations Convention against Cybercrime; Strengthening")
    assert index["Resolution, preamble"].text == "The General Assembly,"
    assert len(index["Resolution, preamble"].children) == 5
    assert index["Report, section III"].heading == "Recommendation of the Third Committee"
    assert index["Report, section II, subsection 1"].heading.startswith("Action on the amendments")
    assert [u.num for u in index["Report, section II, subsection 1"].children] == ["8", "9", "10", "11", "12"]


def test_interpretative_notes_concern_articles(index):
    assert [c.canonical for c in index["Interpretative note 1"].concerns] == ["Article 2"]
    assert [c.canonical for c in index["Interpretative note 4"].concerns] == ["Article 23", "Article 35"]
    assert index["Interpretative notes on articles 23 and 35"].heading.endswith("with regard to the term “investigation”")
    assert not any(u.kind == "article" for u in index["Interpretative notes"].walk())


def test_emphasis_and_document_links_become_marks(index):
    unit = index["Article 40(21)(b)"]
    (mark,) = [m for m in unit.marks if m.kind == "emphasis"]
    assert unit.text[mark.start : mark.end] == "ordre public"
    rec = index["Resolution, preamble, paragraph 1"]
    (link,) = [m for m in rec.marks if m.kind == "document"]
    assert rec.text[link.start : link.end] == "74/247" and link.target == "A/RES/74/247"
    op = index["Resolution, paragraph 12"]
    assert "[date of adoption of the Convention by the General Assembly]" in op.text
    assert all("*" not in u.text and "](#)" not in u.text for u in index.values())


def test_footnotes_linked_to_markers(doc):
    fns = {f.citation.canonical: f for f in doc.footnotes}
    assert set(fns) == {"Report, footnote 1", "Report, footnote 2", "Convention, footnote 1"}
    assert fns["Report, footnote 1"].marker_in.canonical == "Report, paragraph 2"
    assert fns["Report, footnote 2"].marker_in.canonical == "Report, paragraph 5"
    assert fns["Convention, footnote 1"].marker_in.canonical == "Final clause"
    assert fns["Convention, footnote 1"].text.startswith("It is noted that interpretative notes")


def test_source_defects_recorded_not_fixed(doc, index):
    kinds = {(n.kind, n.citation) for n in doc.source_notes}
    assert ("missing_punctuation", "Article 40(3)(k)") in kinds
    assert index["Article 40(3)(k)"].text.endswith("in the requesting State Party")
    assert ("source_oddity", "Article 14(2)(d)") in kinds
    assert ("heading_variant", "Article 13") in kinds
    assert ("straight_quotes", None) in kinds and index["Article 2(a)"].text.startswith('"Information')
    from treaty.parse import CURATED_SOURCE_NOTES

    assert len([n for n in doc.source_notes if n.kind == "source_oddity"]) == len(CURATED_SOURCE_NOTES)


def test_unique_ids(doc):
    ids = [u.id for u in doc.walk()] + [f.citation.id for f in doc.footnotes]
    assert len(ids) == len(set(ids))
    eids = [u.citation.eid for u in doc.walk()]
    assert len(eids) == len(set(eids))


# -- nothing lost, nothing invented -----------------------------------------------------------
WORD = re.compile(r"\w+")
SUP = "¹²³⁴⁵⁶⁷⁸⁹⁰"


def _strip_markup(line: str, star: str = "") -> str:
    """Written independently of treaty.source: link labels stay, markup characters go."""
    line = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", line)
    line = re.sub(f"[{SUP}]", "", line)
    line = re.sub(r"^\s*-\s+(?=\()", "", line)
    return line.replace("*", star).strip()


def _source_streams(text: str):
    main, notes, flat = [], [], []
    for line in text.split("\n"):
        s = line.strip()
        if not s:
            continue
        if s[0] in SUP:
            notes.extend(WORD.findall(_strip_markup(s, " ")))
        else:
            plain = _strip_markup(s)
            main.extend(WORD.findall(_strip_markup(s, " ")))
            flat.append(re.sub(r"\s+", " ", plain))
    return main, notes, " ".join(flat)


_NUMBERED_KINDS = {"article", "chapter", "section", "paragraph", "item", "roman_item", "note"}


def _corpus_words(doc):
    out = []

    def walk(u):
        for piece in (u.label, u.display_num if u.kind in _NUMBERED_KINDS else None, u.heading, u.text):
            if piece:
                out.extend(WORD.findall(piece))
        for c in u.children:
            walk(c)
        if u.tail:
            out.extend(WORD.findall(u.tail))

    for p in doc.parts:
        walk(p)
    return out


def test_every_word_in_order(doc, source_bytes):
    main, notes, _ = _source_streams(source_bytes.decode("utf-8"))
    corpus = _corpus_words(doc)
    assert len(corpus) == len(main)
    assert corpus == main
    assert [w for f in doc.footnotes for w in WORD.findall(f.text)] == notes


def test_no_character_invented(doc, source_bytes):
    _, _, flat = _source_streams(source_bytes.decode("utf-8"))
    for u in doc.walk():
        for field in (u.heading, u.text, u.tail):
            if field:
                assert field in flat, (u.citation.canonical, field[:80])


# -- the rules on small snippets --------------------------------------------------------------
def test_mini_fixture_structure(mini_text):
    d = parse_text(mini_text)
    idx = {u.citation.canonical: u for u in d.walk()}
    assert idx["Article 1(b)(ii)"].kind == "roman_item"
    assert idx["Article 4(i)"].kind == "item"  # letter after (h)
    assert idx["Article 2(1)(b)"].tail == "with inter alia care; and"
    assert idx["Article 4"].tail == "with due regard to the rights of the defence."
    assert idx["Article 3(1)(a)"].text == "Each State Party shall assist;"
    assert idx["Article 3(2)"].text.endswith("essential interests of the requested State Party.")
    assert idx["Resolution, paragraph 1"].text.endswith("opens it for signature in Hanoi;")
    assert idx["Article 2(2)"].text == "A State Party may act."
    assert [c.canonical for c in idx["Interpretative note 2"].concerns] == ["Article 2", "Article 3"]


ERRORS = [
    ("Article 2.\n", "Article 5.\n", r":56: expected article 2, found article 5"),
    ("*Article 3**Mutual assistance*", "*Article 2**Mutual assistance*", r":77: expected article 3, found article 2"),
    ("2. A State Party may act.", "3. A State Party may act.", r":73: expected paragraph 2 of article 2, found paragraph 3"),
    ("(c) More;", "(d) More;", r":95: unexpected item \(d\) in article 4; expected item \(c\) of Article 4"),
    ("Chapter II **Cooperation**", "Chapter III **Cooperation**", r":75: expected chapter II, found chapter III"),
    ("Article 4 *Final provisions*", "Artikel 4 *Final provisions*", r":87: unexpected text in article 3"),
    ("Chapter II **Cooperation**", "Chapter Two", r":75: unknown heading form 'Chapter Two'"),
    ("2. *Decides*", "3. *Decides*", r":22: expected operative paragraph 2 of the draft resolution, found paragraph 3"),
    ("\nPreamble\n", "\nPreface\n", r"expected 'Chapter I'|expected 'Preamble' before the first chapter"),
    ("2. The term covers measures.", "3. The term covers measures.", r":125: expected interpretative note 2"),
    ("¹ See [A/C.3/79/SR.5](#).", "² See [A/C.3/79/SR.5](#).", r":10: footnote ² has no marker"),
    ("*ordre public*", "*ordre public", r":83: unbalanced emphasis marker"),
]


@pytest.mark.parametrize("old,new,message", ERRORS)
def test_located_errors(mini_text, old, new, message):
    assert old in mini_text
    with pytest.raises(SourceError) as e:
        parse_text(mini_text.replace(old, new, 1))
    assert re.search(message, str(e.value)), str(e.value)
    assert str(e.value).startswith("mini.txt:")


def test_missing_and_duplicated_articles(mini_text):
    lines = mini_text.split("\n")
    start = lines.index("*Article 3**Mutual assistance*")
    end = lines.index("Article 4 *Final provisions*")
    without = "\n".join(lines[:start] + lines[end:])
    with pytest.raises(SourceError, match="expected article 3, found article 4"):
        parse_text(without)
    duplicated = "\n".join(lines[:end] + lines[start:end] + lines[end:])
    with pytest.raises(SourceError, match="expected article 4, found article 3"):
        parse_text(duplicated)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "the file is empty"),
        (b"\n\n  \n", "the file is empty"),
        ("Général".encode("latin-1"), "not valid UTF-8"),
        (b"General Assembly\n\x00junk\n", "control character"),
    ],
)
def test_bad_files(data, message):
    with pytest.raises(SourceError, match=message):
        parse_bytes(data, "bad.txt")


def test_line_endings_and_bom_do_not_matter(source_bytes, doc):
    from treaty.corpus import dumps

    crlf = b"\xef\xbb\xbf" + source_bytes.replace(b"\n", b"\r\n")
    other = parse_bytes(crlf, doc.source_path)
    other.source_sha256 = doc.source_sha256
    assert dumps(other) == dumps(doc)


# -- property-based: mutated real source → a clean parse or a clean error --------------------
_SOURCE_LINES = SOURCE_PATH.read_bytes().split(b"\n")
_JUNK = st.sampled_from([b"Article 7", b"Chapter X", b"1.", b"(a)", b"(zz) x", b"*", b"**x", b"[x](#)", b"\xff\xfe", b"Annex", b"IN WITNESS WHEREOF", b"\xc2\xb9 footnote", b"- (q) item", b"\t", b"\r"])


@st.composite
def mutations(draw):
    lines = list(_SOURCE_LINES)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "junk", "truncate"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "junk":
            lines.insert(i, draw(_JUNK))
        else:
            lines = lines[: max(i, 1)]
    data = b"\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "crlf", "cr", "utf-16", "latin-1"]))
    if encoding == "utf-8-sig":
        data = b"\xef\xbb\xbf" + data
    elif encoding == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif encoding == "cr":
        data = data.replace(b"\n", b"\r")
    elif encoding in ("utf-16", "latin-1"):
        data = data.decode("utf-8", errors="replace").encode(encoding, errors="replace")
    return data


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutations())
def test_mutations_parse_or_fail_cleanly(data):
    try:
        d = parse_bytes(data, "mutated.txt")
    except SourceError as e:
        assert str(e).startswith("mutated.txt:")
        assert "\n" not in str(e)
    else:
        assert counts(d)["articles"] >= 1
