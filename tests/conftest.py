"""Shared fixtures: the real corpus parsed once per session, and small text snippets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from treaty.corpus import SOURCE_PATH
from treaty.parse import parse_bytes

# Property tests measure correctness, not speed (speed is benchmarks/' job): on a loaded 2-core
# machine a per-example deadline only produces flakes.  Every @settings(...) inherits this.
settings.register_profile("treaty", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("treaty")

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def source_bytes() -> bytes:
    return SOURCE_PATH.read_bytes()


@pytest.fixture(scope="session")
def doc(source_bytes):
    return parse_bytes(source_bytes, "corpus/source/" + SOURCE_PATH.name)


@pytest.fixture(scope="session")
def index(doc):
    return {u.citation.canonical: u for u in doc.walk()}


@pytest.fixture(scope="session")
def mini_text() -> str:
    return (FIXTURES / "mini.txt").read_text(encoding="utf-8")


def parse_text(text: str, path: str = "mini.txt"):
    return parse_bytes(text.encode("utf-8"), path)


def append_to_article_text(corpus_path: Path, number: str, words: str) -> None:
    """Edit a copy of the corpus JSON: add words to an article's own text (for staleness tests)."""
    import json

    data = json.loads(corpus_path.read_text(encoding="utf-8"))
    conv = next(p for p in data["parts"] if p["kind"] == "convention")
    article = next(a for ch in conv["children"] if ch["kind"] == "chapter" for a in ch["children"] if a["num"] == number)
    article["text"] += " " + words
    corpus_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# -- the reading site, built once per session (tests/test_site_*.py) ---------------------------
@pytest.fixture(scope="session")
def site_annotations(doc):
    """The annotating stage's output, made once (the render tests use hand-made ones instead)."""
    from treaty.annotate import annotate

    return annotate(doc)


@pytest.fixture(scope="session")
def built_site(doc, site_annotations):
    """A site built into a world-readable temporary directory (linkchecker drops to 'nobody')."""
    import shutil
    import tempfile

    from treaty.site.build import build_site

    root = Path(tempfile.mkdtemp(prefix="treaty-site-"))
    root.chmod(0o755)
    report = build_site(doc, site_annotations, site_dir=root / "site", build_dir=root / "build")
    yield report
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def built_site_with_base(doc, site_annotations):
    """The same site built with a public base URL (copied citations, JSON-LD, sitemap.xml)."""
    import shutil
    import tempfile

    from treaty.site.build import build_site

    root = Path(tempfile.mkdtemp(prefix="treaty-site-base-"))
    root.chmod(0o755)
    report = build_site(doc, site_annotations, site_dir=root / "site", build_dir=root / "build", base_url=PUBLIC_BASE)
    yield report
    shutil.rmtree(root, ignore_errors=True)


#: the public base URL the second site is built with
PUBLIC_BASE = "https://example.org/uncc/"

# -- the built site in Debian's Chromium, driven by Playwright (tests/test_site_browser.py, test_site_reading.py) --
@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (each test gets a fresh context: the ``context`` and
    ``page`` fixtures); ``chromium()`` calls made meanwhile get this same browser."""
    from chromium import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def root(built_site) -> str:
    return built_site.site_dir.as_uri() + "/"


def new_context(browser, **options):
    """A browser context that records every request and every script error."""
    ctx = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    ctx.requests = []
    ctx.errors = []
    ctx.on("request", lambda r: ctx.requests.append(r.url))
    ctx.on("weberror", lambda e: ctx.errors.append(str(e.error)))
    return ctx


@pytest.fixture
def context(browser):
    ctx = new_context(browser)
    yield ctx
    ctx.close()


def new_page(context):
    p = context.new_page()
    p.on("pageerror", lambda e: context.errors.append(str(e)))
    return p


@pytest.fixture
def page(context):
    p = new_page(context)
    yield p
    assert context.errors == [], context.errors


# -- the search index, built once per session (tests/test_search*.py) --------------------------
@pytest.fixture(scope="session")
def ix(doc, site_annotations, tmp_path_factory):
    """The corpus alone indexed (what build_index(doc) makes), opened once for the session."""
    from treaty.search import build_index

    index = build_index(doc, tmp_path_factory.mktemp("search") / "index", annotations=site_annotations)
    yield index
    index.close()


@pytest.fixture(scope="session")
def _served_index(tmp_path_factory) -> Path:
    """The index `treaty search` and `treaty serve` keep: the corpus and corpus/annotations/,
    built once per session (an index build costs ~5 s of CPU)."""
    from treaty.corpus import CORPUS_PATH
    from treaty.search import annotation_source, ensure_index

    path = tmp_path_factory.mktemp("served-index") / "index"
    ensure_index(CORPUS_PATH, path, extra_source=annotation_source()).close()
    return path


@pytest.fixture(scope="session")
def served_ix(_served_index, tmp_path_factory):
    """That index opened once for the session (for the tests that only search it)."""
    import shutil

    from treaty.search import open_index

    path = tmp_path_factory.mktemp("served-ix") / "index"
    shutil.copytree(_served_index, path)
    index = open_index(path)
    yield index
    index.close()


@pytest.fixture(scope="session")
def served_index(_served_index):
    """``served_index(folder)``: a copy of that index of one's own at ``folder``/index, which
    ensure_index finds fresh (for the tests that open, serve or heal one)."""
    import shutil

    def copy(folder: Path) -> Path:
        path = Path(folder) / "index"
        shutil.copytree(_served_index, path)
        return path

    return copy
