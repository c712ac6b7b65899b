from treaty.source import decode, document_symbol, inline


def test_inline_marks():
    plain, marks = inline("See *inter alia* the **de Vogel** report [A/79/196](#).¹", "text", "x", 1)
    assert plain == "See inter alia the de Vogel report A/79/196."
    kinds = [(m.kind, plain[m.start : m.end], m.target) for m in marks]
    assert kinds == [("emphasis", "inter alia", None), ("strong", "de Vogel", None), ("document", "A/79/196", "A/79/196"), ("footnote", "", "1")]


def test_resolution_symbols():
    assert document_symbol("74/247") == "A/RES/74/247"
    assert document_symbol("A/C.3/79/L.22") == "A/C.3/79/L.22"


def test_dashes_and_indentation():
    lines = decode(b"- (a) One;\n - (b) Two;\n   (c) Three\n", "x")
    assert [(line.text, line.dash) for line in lines[:3]] == [("(a) One;", True), ("(b) Two;", True), ("(c) Three", False)]
