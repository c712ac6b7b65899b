"""The site build (treaty.site.build, pages, browser_search) checked on the built files."""

from __future__ import annotations

import filecmp
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from site_support import broken_anchors, by_id, html5lib_outline, html_tree, ids, linkcheck, outline, visible_text
from treaty import cli, settings
from treaty.citation import Citation
from treaty.site import browser_search
from treaty.site.build import BuildError, build_site
from treaty.site.pages import make_pages, nav
from treaty.site.render import Context

def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def soups(built_site):
    """Every built page as a browser reads it (site_support.html_tree), by its path in the site."""
    return {p.relative_to(built_site.site_dir).as_posix(): html_tree(p) for p in html_files(built_site.site_dir)}


@pytest.mark.parametrize("page", ["index.html", "articles/40.html", "implementation/graph.html", "how-to-cite.html"])
def test_lexbor_reads_the_pages_as_html5lib_does(built_site, page):
    """The site's tests read the pages with lexbor (site_support.html_tree), in 1/40 of html5lib's
    time: both parse by the HTML standard, and gave the same tree, node for node, on all 172 pages
    when lexbor replaced html5lib; here pages of each kind (inline SVG, tables, scripts), every run."""
    path = built_site.site_dir / page
    nodes = outline(html_tree(path))
    assert nodes == html5lib_outline(path) and len(nodes) > 500


def test_one_page_per_article_chapter_and_part(built_site, doc):
    site = built_site.site_dir
    for unit in doc.walk():
        assert (site / unit.citation.page).is_file(), unit.citation.page
    for name in ("index.html", "preamble.html", "notes.html", "resolution.html", "report.html", "glossary.html",
                 "how-to-cite.html", "downloads.html", "downloads/convention.json", "downloads/schema/convention.schema.json"):
        assert (site / name).is_file(), name
    assert len(list((site / "articles").glob("*.html"))) == 68
    assert len(list((site / "chapters").glob("*.html"))) == 9


def test_every_unit_is_an_anchor_on_its_page(built_site, doc, soups):
    for unit in doc.walk():
        c = unit.citation
        if "#" in c.url:
            page, frag = c.url.split("#")
            assert by_id(soups[page], frag) is not None, c.url
    for fn in doc.footnotes:
        page, frag = fn.citation.url.split("#")
        assert by_id(soups[page], frag) is not None, fn.citation.url


def test_ids_are_unique_on_every_page(soups):
    for name, soup in soups.items():
        counts = Counter(ids(soup))
        assert not [i for i, n in counts.items() if n > 1], name


def test_no_network_resources_in_any_page(soups):
    for name, soup in soups.items():
        for el in soup.css("script, link, img, iframe, source"):
            url = el.attributes.get("src") or el.attributes.get("href") or ""
            assert not url.startswith(("http:", "https:", "//")), (name, url)


def test_home_page_has_status_and_chapter_article_contents(soups, doc):
    home = soups["index.html"]
    assert "Status:" in visible_text(home.css_first(".status"))
    chapters = home.css(".toc-chapters a.toc-chapter")
    assert [a.attributes["href"] for a in chapters] == [f"chapters/{n}.html" for n in range(1, 10)]
    assert len(home.css(".toc-articles a")) == 68
    assert by_id(home, "convention-title") is not None


def test_article_page_furniture(soups):
    art = soups["articles/40.html"]
    nav_links = [a.attributes["href"] for a in art.css(".article-nav a")]
    assert nav_links[:2] == ["39.html", "41.html"]
    assert art.css_first(".breadcrumb a").attributes["href"] == "../chapters/5.html"
    assert by_id(art, "art40-21-b").attributes["data-cite"] == "Article 40(21)(b)"
    assert soups["articles/1.html"].css(".article-nav a")[0].attributes["href"] == "2.html"
    # the final clause and the Convention's footnote follow article 68
    last = soups["articles/68.html"]
    assert by_id(last, "final-clause") and by_id(last, "convention-fn1")
    assert last.css_first("#final-clause sup.fn-ref a").attributes["href"] == "#convention-fn1"


def test_interpretative_notes_are_shown_at_their_articles(soups, doc):
    for unit in doc.part("notes").walk():
        if unit.kind != "note":
            continue
        for art in unit.concerns:
            aside = soups[art.page].css_first(".article-notes")
            assert aside is not None, art.page
            assert f"../notes.html#{unit.citation.id}" in [a.attributes["href"] for a in aside.css("a")]


def test_navigation_groups_articles_by_chapter(doc, site_annotations):
    pages = make_pages(Context.make(doc, site_annotations))
    tree = nav(pages)
    titles = [next(iter(item)) for item in tree]
    assert titles[:3] == ["Home", "Preamble", "Chapter I — General provisions"]
    chapter5 = next(item for item in tree if "Chapter V — International cooperation" in item)["Chapter V — International cooperation"]
    files = [next(iter(x.values())) for x in chapter5]
    assert files[0] == "chapters/5.md" and "articles/40.md" in files


def test_how_to_cite_renders_the_scheme(soups):
    page = soups["how-to-cite.html"]
    text = visible_text(page.root)
    assert "Short: Art. 40(21)(b) UN Cybercrime Convention" in text
    assert "Link: https://…/articles/40.html#art40-21-b" in text
    assert "(adopted by General Assembly resolution 79/243 of 24 December 2024), <https://…/articles/40.html#art40-21-b>" in text
    assert page.css_first("table") is not None and "art_40__para_21__list_1__item_b" in text


def test_glossary_lists_the_definitions(soups, site_annotations):
    glossary = soups["glossary.html"]
    terms = [visible_text(dt) for dt in glossary.css("dl.glossary dt")]
    assert len(terms) == len(site_annotations.definitions) > 0
    assert terms == sorted(terms, key=str.casefold)


def _browser_index(site) -> dict:
    text = (site / browser_search.TREATY_INDEX).read_text(encoding="utf-8")
    assert text.startswith(browser_search.INDEX_PREFIX) and text.endswith(";\n")
    return json.loads(text[len(browser_search.INDEX_PREFIX):-2])


def test_search_index_has_one_record_per_citable_unit(built_site, doc):
    site = built_site.site_dir
    index = _browser_index(site)
    by_url, page = {}, None
    for d in index["docs"]:  # a link is its page (written where it changes) and the record's id
        page = index["pages"][d["pg"]] if "pg" in d else page
        by_url[page if d.get("w") else f"{page}#{d['id']}"] = d
    for unit in doc.walk():
        if unit.kind in ("paragraph", "item", "roman_item", "recital", "note"):
            assert by_url[unit.citation.url]["c"] == unit.citation.canonical
    assert by_url["articles/40.html#art40-21-b"]["t"]  # its text, as codes (browser.js decodes them)
    # no larger than Material's index was (issue 10)
    assert (site / browser_search.TREATY_INDEX).stat().st_size <= 239_000
    # Material's own index keeps its configuration and no documents (nothing is loaded twice)
    data = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert (site / "search/search_index.js").read_text(encoding="utf-8") == browser_search.JS_PREFIX + data
    assert json.loads(data)["docs"] == [] and json.loads(data)["config"]
    # the worker the pages name is ours: the engine and the protocol glue
    worker = browser_search.worker_path(site).read_text(encoding="utf-8")
    assert "function treatySearchEngine" in worker and "postMessage({ type: 3" in worker and "lunr" not in worker


@pytest.mark.parametrize("body", ["<div>page</div>\n", "---\nhide:\n  - toc\n---\n\n<div>wide page</div>\n", "# How to cite\n\nText.\n"])
def test_material_search_is_told_to_skip_every_page(body):
    """Material's search plugin parses no page (its entries would be thrown away): the front
    matter says so, keeps what a page's own front matter said, and leaves its body as it was."""
    from mkdocs.utils.meta import get_data

    from treaty.site.build import markdown_source
    from treaty.site.layout import Page

    text, meta = get_data(markdown_source(Page("x.html", "X", body)))
    assert meta["search"] == {"exclude": True}
    assert text.strip() == get_data(body)[0].strip()
    assert meta.get("hide") == get_data(body)[1].get("hide")


def test_write_docs_leaves_what_is_already_there_and_removes_what_no_page_wants(tmp_path):
    from treaty.site.build import markdown_source, write_docs
    from treaty.site.layout import Page

    docs = tmp_path / "docs"
    source = tmp_path / "data.json"
    source.write_text("{}")
    pages = [Page("a.html", "A", "<p>a</p>\n"), Page("sub/b.html", "B", "<p>b</p>\n", files={"sub/data.json": source})]
    write_docs(pages, docs, {"assets/x.js": "x"})
    assert (docs / "a.md").read_text() == markdown_source(pages[0]) and (docs / "sub/data.json").read_text() == "{}"
    (docs / "old.md").write_text("a page of the last build")
    kept = (docs / "a.md").stat().st_ino, (docs / "a.md").stat().st_mtime_ns
    pages[1] = Page("sub/b.html", "B", "<p>b, changed</p>\n", files={"sub/data.json": source})
    source.write_text('{"changed": 1}')
    write_docs(pages, docs, {"assets/x.js": "y"})
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) == ["a.md", "assets/x.js", "sub/b.md", "sub/data.json"]
    assert ((docs / "a.md").stat().st_ino, (docs / "a.md").stat().st_mtime_ns) == kept
    assert (docs / "sub/b.md").read_text() == markdown_source(pages[1]) and (docs / "assets/x.js").read_text() == "y"
    assert (docs / "sub/data.json").read_text() == '{"changed": 1}'


def test_publish_swaps_the_site_and_the_next_build_removes_the_one_it_replaced(tmp_path):
    from treaty.site.build import publish, remove_in_background, replaced

    def site(name, text):
        folder = tmp_path / "build" / name
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(text)
        return folder

    live = tmp_path / "site"
    publish(site("site", "first"), live)
    assert (live / "index.html").read_text() == "first" and not replaced(tmp_path / "build" / "site").exists()
    publish(site("site", "second"), live)
    old = replaced(tmp_path / "build" / "site")
    assert (live / "index.html").read_text() == "second" and (old / "index.html").read_text() == "first"
    removing = remove_in_background(old)  # what the next build starts with
    assert remove_in_background(tmp_path / "nothing") is None
    publish(site("site", "third"), live, removing)
    assert (live / "index.html").read_text() == "third" and (old / "index.html").read_text() == "second"
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["site.old"]


def _same_tree(a: Path, b: Path) -> None:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*"))
    assert files_a == sorted(p.relative_to(b) for p in b.rglob("*"))
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in files_a if (a / p).is_file()], shallow=False)
    assert mismatch == [] and errors == []


def test_two_builds_are_byte_identical_and_a_rebuild_from_the_build_cache_too(built_site, doc, monkeypatch):
    """The session's site (annotations given: nothing kept) and, built with the build cache
    (site/derived.py): a first build, with an editorial note edited; a build with the notes as they
    were, which reads back what they do not change and makes the rest again, byte-identical to the
    session's (every value it has was made afresh by one of the two builds); a rebuild that reads
    back its pages and compacted pages, byte-identical too.  (A value whose key missed the notes
    would be read back edited, and differ.)"""
    from treaty.editorial import annotations
    from treaty.site import assets, build as build_module, pages as pages_module

    root = Path(tempfile.mkdtemp(prefix="treaty-site-again-"))
    monkeypatch.setenv("TREATY_CACHE_DIR", str(root / "cache"))
    try:
        notes, corpus_notes = root / "annotations", annotations.ANNOTATIONS_DIR
        shutil.copytree(corpus_notes, notes)
        note = sorted(notes.glob("*.md"))[0]
        note.write_text(note.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        monkeypatch.setattr(annotations, "ANNOTATIONS_DIR", notes)
        build_site(doc, site_dir=root / "site", build_dir=root / "build")
        assert "One more sentence." in (root / "site" / "annotations.html").read_text(encoding="utf-8")
        monkeypatch.setattr(annotations, "ANNOTATIONS_DIR", corpus_notes)  # the notes as they were
        made, annotate = [], build_module.default_annotate
        monkeypatch.setattr(build_module, "default_annotate", lambda d: made.append("annotations") or annotate(d))
        rendered, render = [], pages_module.article_page
        monkeypatch.setattr(pages_module, "article_page", lambda ctx, i, arts: rendered.append(arts[i].citation.page) or render(ctx, i, arts))
        build_site(doc, site_dir=root / "site", build_dir=root / "build")
        assert made == []  # read back: the note is not among what they are made from
        # the article pages that show no note read back too (those that show one: each note read from elsewhere has another path)
        shown = {t.page for a in annotations.load_annotations(doc) for t in a.targets if t.page.startswith("articles/")}
        assert sorted(rendered) == sorted(shown) and 0 < len(shown) < 20
        _same_tree(built_site.site_dir, root / "site")

        def fail(*_):
            raise AssertionError("made again on a rebuild with nothing changed")

        monkeypatch.setattr(build_module, "generate", fail)
        monkeypatch.setattr(assets, "_compacted", fail)
        build_site(doc, site_dir=root / "site", build_dir=root / "build")
        _same_tree(built_site.site_dir, root / "site")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_each_generator_s_pages_are_kept_under_what_it_reads_the_base_url_the_export_paths_and_its_name(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from treaty.site import build as build_module
    from treaty.site.derived import EVERYTHING, KEY, Keys
    from treaty.site.pages import Page

    monkeypatch.setenv("TREATY_CACHE_DIR", str(tmp_path / "cache"))
    made = []

    def home(ctx):  # not in READS: reads everything
        made.append("home")
        ctx.files["shared.js"] = f"// {len(made)}"
        return [Page("index.html", "Home", f"made {len(made)} for {ctx.base_url}")]

    def subject_pages(ctx):  # READS["pages/subject_pages"]: the subject index only
        made.append("subjects")
        return [Page("subjects.html", "Subjects", f"made {len(made)}")]

    monkeypatch.setattr(build_module, "PAGE_GENERATORS", [home, subject_pages])

    def pages(base_key="k1", base="", exports=None, **sources):
        keys = Keys(base_key, {**dict.fromkeys(EVERYTHING, "s"), **sources})
        ctx = SimpleNamespace(derived={KEY: keys} if base_key else {}, base_url=base, exports=exports or {"a.xml": tmp_path / "a.xml"}, files={})
        made.clear()
        bodies = [p.body for p in build_module.site_pages(ctx)]
        return bodies, {k: v for k, v in ctx.files.items() if k == "shared.js"}, list(made)

    first = pages()
    assert first == (["made 1 for ", "made 2"], {"shared.js": "// 1"}, ["home", "subjects"])
    assert pages() == (first[0], first[1], [])  # read back, with the files beside the pages
    assert pages(annotations="edited")[2] == ["home"]  # the subject pages do not read the annotations
    assert pages(annotations="edited", subjects="edited")[2] == ["home", "subjects"]
    assert pages(base="https://example.org/")[2] == ["home", "subjects"]
    assert pages(exports={"a.xml": tmp_path / "elsewhere" / "a.xml"})[2] == ["home", "subjects"]
    assert pages(base_key="k2")[2] == ["home", "subjects"]  # the document, the code, the libraries
    monkeypatch.setattr(build_module, "PAGE_GENERATORS", [home, subject_pages, lambda ctx: made.append("new") or []])
    assert pages(base_key="k2")[2] == ["new"]
    assert pages(base_key=None)[2] == ["home", "subjects", "new"] and pages(base_key=None)[2] == ["home", "subjects", "new"]


def test_site_is_world_readable(built_site):
    for p in [built_site.site_dir, *built_site.site_dir.rglob("*")]:
        assert p.stat().st_mode & (0o005 if p.is_dir() else 0o004), p


def test_linkchecker_finds_no_broken_link(built_site, tmp_path):
    summary = linkcheck([(built_site.site_dir / "index.html").as_uri()], tmp_path, recursion=-1)
    assert int(summary.split()[2]) > 200  # every page, and the scripts, styles and downloads they name


def test_every_anchor_a_page_links_to_is_there(built_site):
    site = built_site.site_dir
    checked, broken = broken_anchors(site, html_files(site))
    assert broken == []
    assert checked > 3000  # cross-references, backlinks, tables of contents (permalinks are made by the script)


def test_failed_build_leaves_no_site(doc, site_annotations, tmp_path):
    bad = tmp_path / "mkdocs.yml"
    bad.write_text(settings.MKDOCS_CONFIG.read_text(encoding="utf-8")
                   .replace("- offline", "- offline\n  - no-such-plugin")
                   .replace("custom_dir: site_overrides", f"custom_dir: {settings.MKDOCS_CONFIG.parent / 'site_overrides'}"), encoding="utf-8")
    with pytest.raises(BuildError, match="no-such-plugin"):
        build_site(doc, site_annotations, site_dir=tmp_path / "site", build_dir=tmp_path / "build", config=bad)
    assert not (tmp_path / "site").exists()


def test_cli_build_error_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path):
    from treaty.site import build as build_module

    def fail(*args, **kwargs):
        raise BuildError("mkdocs build failed: something")

    monkeypatch.setattr(build_module, "build_site", fail)
    assert cli.main(["build", "--out", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "treaty build: mkdocs build failed: something"


def test_editorial_annotations_on_their_page_and_at_their_articles(soups, doc):
    from treaty.editorial.annotations import load_annotations

    editorial = load_annotations(doc)
    assert editorial, "corpus/annotations/ has annotations"
    page = soups["annotations.html"]
    for a in editorial:
        assert by_id(page, a.id) is not None
        for target in a.targets:
            if target.article_number is None:
                continue
            article = soups[target.page]
            shown = by_id(article, a.id)  # in full beside its first target on the page, pointed to from the others
            assert shown is not None and shown.tag == "details", (a.id, target.canonical)
            assert "not part of the Convention" in visible_text(shown.css_first("summary"))


def test_unsound_editorial_annotation_stops_the_build_with_its_location(doc, monkeypatch):
    from treaty.editorial import annotations
    from treaty.site.build import load_editorial

    def unsound(doc, *_, **__):
        raise annotations.AnnotationErrors([annotations.AnnotationError("corpus/annotations/x.md", 3, "unknown key 'tilte'")])

    monkeypatch.setattr(annotations, "load_annotations", unsound)
    with pytest.raises(BuildError, match=r"editorial annotations: corpus/annotations/x.md:3: unknown key 'tilte'"):
        load_editorial(doc)
