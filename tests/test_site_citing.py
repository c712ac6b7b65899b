"""Copied citations (treaty.site.citing) and the public base URL (treaty.site.build.resolve_base_url)."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import PUBLIC_BASE
from treaty import cli
from treaty.citation import Citation, parse
from treaty.site.build import BASE_URL_ENV, BuildError, resolve_base_url
from treaty.site.citing import DATA_PATH, load_style

URL = "https://example.org/uncc/articles/40.html#art40-21-b"


@pytest.fixture(scope="module")
def style(doc):
    return load_style(doc)


def test_short_full_and_link_forms_of_a_lettered_item(style):
    forms = style.forms(parse("Art. 40(21)(b)"), URL)
    assert forms["short"] == "Art. 40(21)(b) UN Cybercrime Convention"
    assert forms["full"] == ("Article 40(21)(b), United Nations Convention against Cybercrime; Strengthening International Cooperation for "
                             "Combating Certain Crimes Committed by Means of Information and Communications Technology Systems and for the "
                             "Sharing of Evidence in Electronic Form of Serious Crimes (adopted by General Assembly resolution 79/243 of "
                             f"24 December 2024), <{URL}>")
    assert forms["link"] == URL


@pytest.mark.parametrize(("citation", "short", "in_full"), [
    ("Preamble, paragraph 3", "Preamble, para. 3 UN Cybercrime Convention", "Preamble, paragraph 3, United Nations Convention"),
    ("Interpretative note 3", "Interpretative note 3, UN Cybercrime Convention", "Interpretative notes on specific articles of the United"),
    ("Resolution, paragraph 2", "Resolution, para. 2 (draft resolution on the UN Cybercrime Convention)",
     "recommended by the Third Committee (report of 27 November 2024) and adopted as General Assembly resolution 79/243"),
    ("Report, paragraph 8", "Report, para. 8 (Third Committee report on the UN Cybercrime Convention)",
     "Report, paragraph 8, Report of the Third Committee (27 November 2024)"),
    ("Convention, footnote 1", "Convention, fn. 1 UN Cybercrime Convention", "Convention, footnote 1, United Nations"),
])
def test_forms_by_part(style, citation, short, in_full):
    c = parse(citation)
    assert style.short_form(c.canonical, c.part) == short
    assert in_full in style.full_form(c.canonical, c.part, URL)


def test_what_the_corpus_knows_comes_from_the_corpus(style, doc):
    title = next(u.text for u in doc.part("convention").children if u.kind == "title")
    assert title in style.full["convention"] and "{title}" not in json.dumps(style.full)
    # every placeholder but the provision's own is filled
    assert set(re.findall(r"\{(\w+)\}", json.dumps([style.short, style.full]))) == {"c", "short", "url"}
    # and the date of the report is the one in its masthead
    assert "27 November 2024" in style.full["report"]


def test_adoption_data_says_where_it_comes_from(style, source_bytes):
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    assert data["adoption"]["provenance"].startswith("Neither the date nor the symbol is in corpus/source/")
    # the source does not name the resolution or the date: they are editorial data, said so above
    assert b"79/243" not in source_bytes and b"24 December 2024" not in source_bytes
    assert style.adoption["iso_date"] == "2024-12-24"


def test_the_script_is_given_the_same_table(style):
    text = style.script()
    data = json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))
    assert data == {"abbreviations": [list(a) for a in style.abbreviations], "short": style.short, "full": style.full,
                    "name": "United Nations Convention against Cybercrime", "edition": style.edition}
    assert style.edition == "Text of the Third Committee's report of 27 November 2024 · source SHA-256 3058bfbfc4c72881…"


# -- the public base URL ------------------------------------------------------------------------
def test_base_url_comes_from_the_option_then_the_environment_then_mkdocs_yml(monkeypatch, tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: https://from.config/a\n", encoding="utf-8")
    monkeypatch.delenv(BASE_URL_ENV, raising=False)
    assert resolve_base_url(None, config) == "https://from.config/a/"
    monkeypatch.setenv(BASE_URL_ENV, "https://from.env/")
    assert resolve_base_url(None, config) == "https://from.env/"
    assert resolve_base_url("http://from.option/x/", config) == "http://from.option/x/"
    assert resolve_base_url("", config) == ""  # an empty option means none
    monkeypatch.setenv(BASE_URL_ENV, "")
    assert resolve_base_url(None, config) == ""


@pytest.mark.parametrize("bad", ["file:///tmp/site/", "example.org", "https://", "https://x.org/?q=1", "https://x.org/#a",
                                 "javascript:alert(1)", 'https://x.org/"><script>', "https://x .org/"])
def test_a_bad_base_url_is_one_clear_error(bad, tmp_path):
    with pytest.raises(BuildError, match="the base URL must be an absolute http:// or https:// URL"):
        resolve_base_url(bad, tmp_path / "unused.yml")


def test_cli_build_with_a_bad_base_url_exits_2_with_one_line(capsys, tmp_path):
    assert cli.main(["build", "--out", str(tmp_path / "site"), "--base-url", "ftp://x.org/"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("treaty build: the base URL must be") and "\n" not in err
    assert not (tmp_path / "site").exists()


def test_with_a_base_url_json_ld_and_the_sitemap_are_absolute(built_site_with_base):
    site = built_site_with_base.site_dir
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sorted(u[len(PUBLIC_BASE):] for u in re.findall(r"<loc>(.*?)</loc>", sitemap)) == pages
    art = BeautifulSoup((site / "articles/40.html").read_text(encoding="utf-8"), "lxml")
    data = json.loads(art.find("script", type="application/ld+json").string)
    assert data["@id"] == PUBLIC_BASE + "articles/40.html" and data["isPartOf"]["@id"] == PUBLIC_BASE + "index.html"
    assert art.find("link", rel="canonical")["href"] == PUBLIC_BASE + "articles/40.html"
    home = json.loads(BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
                      .find("script", type="application/ld+json").string)
    assert home["@id"] == PUBLIC_BASE + "index.html" and home["legislationDate"] == "2024-12-24"
    assert all(part["@id"].startswith(PUBLIC_BASE) for part in home["hasPart"])


def test_without_a_base_url_there_is_no_sitemap_and_json_ld_is_relative(built_site):
    site = built_site.site_dir
    assert not (site / "sitemap.xml").exists()
    art = BeautifulSoup((site / "articles/40.html").read_text(encoding="utf-8"), "lxml")
    assert json.loads(art.find("script", type="application/ld+json").string)["@id"] == "../articles/40.html"
    assert art.find("link", rel="canonical") is None
    assert Citation("convention").page == "index.html"
