"""Each lexicon file against its own fixture file (tests/fixtures/lexicons/<code>.yaml): the
scanner reads the forms of that language, and reads no citation in its counts and dates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from treaty.citation import LEXICONS, CitationError, scan
from treaty.citation.lexicons import lexicon_from_data

FIXTURES = Path(__file__).parent / "fixtures" / "lexicons"


def cases():
    for lang in sorted(LEXICONS):
        for i, case in enumerate(yaml.safe_load((FIXTURES / f"{lang}.yaml").read_text(encoding="utf-8"))):
            yield pytest.param(lang, case, id=f"{lang}-{i}")


def read(text: str, lang: str):
    out = []
    for p in scan(text, LEXICONS[lang]):
        targets = []
        for t in p.targets:
            try:
                targets.append(t.resolve().canonical)
            except CitationError:
                targets.append(None)
        out.append([p.text, targets])
    return out


def test_every_lexicon_has_its_fixture_file():
    assert sorted(p.stem for p in FIXTURES.glob("*.yaml")) == sorted(LEXICONS)
    assert {"ar", "zh", "en", "fr", "ru", "es", "de", "pt", "it", "vi", "id", "ja", "ko"} <= set(LEXICONS)


@pytest.mark.parametrize("lang,case", list(cases()))
def test_lexicon_reads_its_language(lang, case):
    assert read(case["t"], lang) == case["found"]
    assert case.get("src")


def test_unknown_role_in_a_lexicon_file_is_an_error():
    with pytest.raises(ValueError, match="unknown lexicon roles"):
        lexicon_from_data({"article": ["article"], "artcle": ["x"]})
    with pytest.raises(ValueError, match="expected a list"):
        lexicon_from_data({"article": "article"})
