"""What the theme copies but no page uses (treaty.site.assets), on a small fake site and the built one."""

from __future__ import annotations

import json

from treaty.site import assets


def test_lunr_scripts_needed_follow_the_search_worker():
    assert assets.lunr_scripts_needed(["en"]) == set()
    assert assets.lunr_scripts_needed(["ja"]) == {"tinyseg.js", "min/lunr.ja.min.js", "min/lunr.stemmer.support.min.js"}
    assert assets.lunr_scripts_needed(["en", "th"]) == {"wordcut.js", "min/lunr.th.min.js", "min/lunr.multi.min.js",
                                                        "min/lunr.stemmer.support.min.js"}


def _fake_site(root, lang, sitemap_locs):
    (root / "search").mkdir(parents=True)
    (root / "search" / "search_index.json").write_text(json.dumps({"config": {"lang": lang}, "docs": []}))
    js = root / "assets" / "javascripts"
    (js / "lunr" / "min").mkdir(parents=True)
    for name in ("tinyseg.js", "wordcut.js", "min/lunr.de.min.js", "min/lunr.ja.min.js", "min/lunr.stemmer.support.min.js"):
        (js / "lunr" / name).write_text("x")
    (js / "bundle.min.js").write_bytes(b"code();\n//# sourceMappingURL=bundle.min.js.map\n")
    (js / "bundle.min.js.map").write_text("{}")
    (root / "main.css").write_bytes(b"a{}\n/*# sourceMappingURL=main.css.map */")
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in sitemap_locs)
    (root / "sitemap.xml").write_text(f'<?xml version="1.0"?><urlset>{locs}</urlset>')
    (root / "sitemap.xml.gz").write_bytes(b"gz")


def test_prune_removes_maps_unused_lunr_scripts_and_an_empty_sitemap(tmp_path):
    _fake_site(tmp_path, ["en"], [])
    removed = assets.prune(tmp_path)
    assert "assets/javascripts/bundle.min.js.map" in removed and "sitemap.xml" in removed
    assert not (tmp_path / "assets" / "javascripts" / "lunr").exists()
    assert not list(tmp_path.rglob("*.map")) and not (tmp_path / "sitemap.xml.gz").exists()
    assert (tmp_path / "assets" / "javascripts" / "bundle.min.js").read_bytes() == b"code();\n"


def test_prune_keeps_what_a_configured_language_needs_and_a_sitemap_with_urls(tmp_path):
    _fake_site(tmp_path, ["ja"], ["https://example.org/index.html"])
    assets.prune(tmp_path)
    lunr = tmp_path / "assets" / "javascripts" / "lunr"
    assert sorted(p.relative_to(lunr).as_posix() for p in lunr.rglob("*.js")) == [
        "min/lunr.ja.min.js", "min/lunr.stemmer.support.min.js", "tinyseg.js"]
    assert (tmp_path / "sitemap.xml").is_file()


def test_compact_keeps_pre_textarea_and_script():
    html = "<div>\n    <p>a\n\n      b</p>\n</div>\n<pre>  x\n    y</pre>\n  <textarea>\n  t</textarea><script>\n  var s = `\n  k`;</script>"
    assert assets.compact(html) == "<div>\n<p>a\nb</p>\n</div>\n<pre>  x\n    y</pre>\n<textarea>\n  t</textarea><script>\n  var s = `\n  k`;</script>"


def _pages(root, **pages):
    for name, text in pages.items():
        (root / f"{name}.html").write_bytes(text.encode("utf-8"))


def test_compact_html_compacts_every_page_and_counts_what_it_saved(tmp_path):
    _pages(tmp_path, a="<div>\n    <p>x</p>\r\n</div>", b="<p>kept</p>")
    assert assets.compact_html(tmp_path) == 4  # the indentation; a line break is read as open() reads it
    assert (tmp_path / "a.html").read_bytes() == b"<div>\n<p>x</p>\n</div>" and (tmp_path / "b.html").read_bytes() == b"<p>kept</p>"


def test_each_compacted_page_is_kept_under_the_key_of_the_code_and_its_bytes(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from treaty.site.derived import KEY

    monkeypatch.setenv("TREATY_CACHE_DIR", str(tmp_path / "cache"))
    keys = SimpleNamespace(of=lambda name: {"compacted pages": "k1"}[name])
    site, ctx = tmp_path / "site", SimpleNamespace(derived={KEY: keys})
    site.mkdir()
    made = []
    compacted = assets._compacted
    monkeypatch.setattr(assets, "_compacted", lambda raw: made.append(len(raw)) or compacted(raw))

    def build(**pages):
        for old in site.glob("*.html"):
            old.unlink()
        _pages(site, **pages)
        saved = assets.compact_html(site, ctx)
        return saved, {p.name: p.read_text() for p in site.glob("*.html")}

    first = build(a="<p>\n  x</p>", b="<p>\n  y</p>")
    assert first == (4, {"a.html": "<p>\nx</p>", "b.html": "<p>\ny</p>"}) and made == [2]
    assert build(a="<p>\n  x</p>", b="<p>\n  y</p>") == first and made == [2]  # read back
    assert build(a="<p>\n  x</p>", b="<p>\n   z</p>") == (5, {"a.html": "<p>\nx</p>", "b.html": "<p>\nz</p>"}) and made == [2, 1]
    assert build(a="<p>\n  x</p>", c="<p>\n   z</p>")[1] == {"a.html": "<p>\nx</p>", "c.html": "<p>\nz</p>"} and made == [2, 1]  # renamed
    keys.of = lambda name: "k2"  # another key (code, libraries): made again
    build(a="<p>\n  x</p>", c="<p>\n   z</p>")
    ctx.derived.pop(KEY)  # no key: always made
    build(a="<p>\n  x</p>")
    assert made == [2, 1, 2, 1]


def test_built_site_ships_no_source_map_lunr_script_or_empty_sitemap(built_site):
    site = built_site.site_dir
    assert not list(site.rglob("*.map"))
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    for path in site.rglob("*.js"):
        assert b"sourceMappingURL" not in path.read_bytes(), path
    sitemap = site / "sitemap.xml"
    assert not sitemap.exists() or b"<loc>" in sitemap.read_bytes()


def test_page_weights_stay_within_the_budget(built_site):
    """Issue 13: the home page at most 40 KiB, the longest article (40) at most 60 KiB, as served —
    with everything added since (strength badges, the neighbourhood drawing, the subjects, the
    Origins box): what every page shares or few readers open is in files of its own (the previews,
    the subjects of every article, the drawings), loaded when wanted and cached.  Measured by kind
    of content in benchmarks/bench_site.py."""
    site = built_site.site_dir
    assert (site / "index.html").stat().st_size <= 40 * 1024
    assert (site / "articles/40.html").stat().st_size <= 60 * 1024
    home = (site / "index.html").read_text(encoding="utf-8")
    # the home page's JSON-LD describes the work; it does not repeat the text
    assert "Nothing in this Convention" not in home.split('type="application/ld+json"')[1]
    # what moved out of the pages is there, beside the scripts, once
    for shared in ("assets/javascripts/treaty-previews.js", "assets/javascripts/treaty-subjects.js", "implementation/neighbourhoods/art40.svg"):
        assert (site / shared).is_file(), shared
