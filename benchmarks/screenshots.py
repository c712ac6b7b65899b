"""Screenshots of the reading site for a person to look at (issue 13): not a test, asserts nothing.

    python benchmarks/screenshots.py OUT_DIR [--site SITE_DIR]

builds the site into a temporary directory (or takes an already built ``--site``), opens it from
``file://`` in Debian's Chromium (tests/chromium.py) and writes PNGs into ``OUT_DIR``: Article 40
at 1366 px and at 390 px in the light and the dark scheme, Article 40 printed (the PDF and its
first two pages as PNG, by pypdfium2), the full-text page, a range preview open ("articles 7 to 16" hovered on
Article 17), the search overlay with results for "extradition" and the implementation map pages.
Each file name says what it shows; the list of files is printed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))  # tests/chromium.py: how Chromium is launched

SCREENS = {
    "1366": {"viewport": {"width": 1366, "height": 900}},
    "390": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2},
}


def _open(page, url: str) -> None:
    """Go to ``url`` and wait for the page's own scripts (treaty.js adds the permalinks on load)."""
    page.goto(url)
    page.wait_for_load_state("load")
    if page.locator(".treaty-page .prov").count():
        page.locator(".prov-tools").first.wait_for(state="attached")


def _range_link(page, url: str):
    """The first link of "articles 7 to 16" on Article 17 (its preview lists articles 7 to 15)."""
    _open(page, url)
    link = page.locator("#art17-2-a a.xref", has_text="articles 7").first
    link.scroll_into_view_if_needed()
    return link


def _pdf_pages(pdf: Path, out: Path, stem: str, count: int = 2) -> list[Path]:
    """The first ``count`` pages of ``pdf`` as PNG (pypdfium2), at 110 dpi."""
    import pypdfium2

    written = []
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for n in range(min(count, len(document))):
            image = document[n].render(scale=110 / 72).to_pil()
            path = out / f"{stem}-page{n + 1}.png"
            image.save(path)
            written.append(path)
    finally:
        document.close()
    return written


def shoot(site: Path, out: Path) -> list[Path]:
    from chromium import chromium

    root = site.resolve().as_uri() + "/"
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(page, name: str, **options) -> None:
        path = out / f"{name}.png"
        page.screenshot(path=str(path), animations="disabled", **options)
        written.append(path)

    with chromium() as browser:
        for width, screen in SCREENS.items():
            for scheme in ("light", "dark"):
                ctx = browser.new_context(color_scheme=scheme, **screen)
                page = ctx.new_page()
                _open(page, root + "articles/40.html")
                save(page, f"article40-{width}-{scheme}")
                if scheme == "light":
                    save(page, f"article40-{width}-{scheme}-whole", full_page=True)
                    # the middle of the article: paragraph navigation following the reading
                    page.evaluate("document.getElementById('art40-21').scrollIntoView({block: 'start'})")
                    page.wait_for_function("() => !!document.querySelector('.treaty-paranav [aria-current]')")
                    save(page, f"article40-{width}-{scheme}-paragraph21")
                    # the drawing of its neighbourhood (framed, loaded when near) and the subjects, opened
                    page.locator("iframe.map-neighbourhood").scroll_into_view_if_needed()
                    page.frame_locator("iframe.map-neighbourhood").locator("svg a").first.wait_for()
                    page.locator("aside.article-subjects summary").click()
                    page.locator("aside.article-subjects li").first.wait_for()
                    page.evaluate("document.querySelector('aside.map-neighbours').scrollIntoView()")
                    save(page, f"article40-{width}-{scheme}-asides")
                    # the end of the article: its asides
                    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                    save(page, f"article40-{width}-{scheme}-end")
                ctx.close()

        ctx = browser.new_context(**SCREENS["1366"])
        page = ctx.new_page()
        _open(page, root + "articles/40.html")
        page.wait_for_selector("style#treaty-print-page", state="attached")
        pdf = out / "article40-print.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        written.append(pdf)
        written += _pdf_pages(pdf, out, "article40-print")

        _open(page, root + "full-text.html")
        save(page, "full-text-1366")

        link = _range_link(page, root + "articles/17.html")
        page.evaluate("window.scrollBy(0, -200)")
        link.hover()
        page.locator("#treaty-preview").wait_for(state="visible")
        save(page, "range-preview-1366")

        _open(page, root + "index.html")
        box = page.locator(".md-search__input")
        box.click()
        box.fill("extradition")
        box.press("End")  # Material searches on keyup
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
        save(page, "search-extradition-1366")

        for name in ("graph", "checklist", "options"):
            _open(page, root + f"implementation/{name}.html")
            save(page, f"implementation-{name}-1366")
        ctx.close()

        ctx = browser.new_context(**SCREENS["390"])
        page = ctx.new_page()
        _range_link(page, root + "articles/17.html").tap()
        page.locator("#treaty-preview").wait_for(state="visible")
        save(page, "range-preview-390-tapped")
        ctx.close()
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder the PNGs are written to")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    args = parser.parse_args(argv)
    if args.site:
        written = shoot(args.site, args.out)
    else:
        from treaty.corpus import load
        from treaty.site.build import build_site

        tmp = Path(tempfile.mkdtemp(prefix="treaty-shots-"))
        try:
            report = build_site(load(), site_dir=tmp / "site", build_dir=tmp / "build")
            written = shoot(report.site_dir, args.out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
