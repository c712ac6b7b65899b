"""Shared fixtures: the real corpus parsed once per session, and small text snippets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from treaty.corpus import SOURCE_PATH
from treaty.parse import parse_bytes

from page_pool import new_context, new_page  # noqa: F401  (the browser tests import them from here)

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


def treaty_main(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    """(status, stdout, stderr) of ``treaty *argv`` called in this process (``treaty.cli.main``,
    what the entry point calls), ``stdin`` as its standard input."""
    import io
    import sys
    from contextlib import redirect_stderr, redirect_stdout

    from treaty.cli import main

    out, err, saved = io.StringIO(), io.StringIO(), sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as e:  # argparse: bad usage
                code = e.code
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


# -- the reading site, built once per session (tests/test_site_*.py) ---------------------------
@pytest.fixture(scope="session")
def site_annotations(doc):
    """The annotating stage's output, made once (the render tests use hand-made ones instead)."""
    from treaty.annotate import annotate

    return annotate(doc)


@pytest.fixture(scope="session")
def built_site(request, doc, site_annotations):
    """A site built into a world-readable directory (linkchecker drops to 'nobody'), once per run."""
    return _built_once(request, "site", doc, site_annotations)


@pytest.fixture(scope="session")
def built_site_with_base(request, doc, site_annotations):
    """The same site built with a public base URL (copied citations, JSON-LD, sitemap.xml)."""
    return _built_once(request, "site-base", doc, site_annotations, base_url=PUBLIC_BASE)


def _built_once(request, name: str, doc, annotations, **options):
    """The site ``build_site(**options)`` makes, built once per test run: under pytest-xdist the
    first worker to ask builds it (``_once``) into the run's shared folder, which, unlike pytest's
    temporary folders, 'nobody' can read (``pytest_configure_node``); the tests only read it.
    Without workers, into a temporary folder of the session's own."""
    import pickle
    import shutil
    import tempfile

    from treaty.site.build import build_site

    shared = getattr(request.config, "workerinput", {}).get("treaty_shared")
    if shared is None:
        root = Path(tempfile.mkdtemp(prefix=f"treaty-{name}-"))
        root.chmod(0o755)
        request.addfinalizer(lambda: shutil.rmtree(root, ignore_errors=True))
        return build_site(doc, annotations, site_dir=root / "site", build_dir=root / "build", **options)
    root = Path(shared) / name
    root.mkdir(exist_ok=True)
    root.chmod(0o755)
    report = root / "report.pickle"
    _once(root, lambda: report.write_bytes(pickle.dumps(build_site(doc, annotations, site_dir=root / "site",
                                                                   build_dir=root / "build", **options))))
    return pickle.loads(report.read_bytes())


def _once(folder: Path, build) -> None:
    """``build()``, run once for ``folder`` by whichever process of the run asks first, under an
    flock on ``folder``/lock while the others wait (released when the file closes, also when a
    build fails: the next to ask builds again); ``folder``/built marks it done."""
    import fcntl

    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "built").exists():
            build()
            (folder / "built").touch()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist, in the controller: each worker is told the run's shared folder (built sites)."""
    import tempfile

    config = node.config
    if not hasattr(config, "_treaty_shared"):
        config._treaty_shared = tempfile.mkdtemp(prefix="treaty-run-")
        Path(config._treaty_shared).chmod(0o755)
    node.workerinput["treaty_shared"] = config._treaty_shared


def pytest_unconfigure(config):
    """The controller removes the run's shared folder once every worker is done."""
    import shutil

    if hasattr(config, "_treaty_shared"):
        shutil.rmtree(config._treaty_shared, ignore_errors=True)


#: the public base URL the second site is built with
PUBLIC_BASE = "https://example.org/uncc/"

# -- the built site in Debian's Chromium, driven by Playwright (tests/test_site_browser.py, test_site_reading.py) --
@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (each test is lent a clean context and page: the
    ``context`` and ``page`` fixtures, ``page_pool``); ``chromium()`` calls made meanwhile get this
    same browser."""
    from chromium import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def root(built_site) -> str:
    return built_site.site_dir.as_uri() + "/"


@pytest.fixture
def context(browser):
    """A context lent for the test (``page_pool``): 1280×900, requests and errors recorded."""
    ctx = new_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    p = new_page(context)
    yield p
    assert context.errors == [], context.errors


# -- the search indexes, built once per test run (tests/test_search*.py) -----------------------
def built_once(tmp_path_factory, worker_id: str, name: str, build) -> Path:
    """``name``/index, made by ``build(path)`` once for the whole run: the first pytest-xdist
    worker to need it builds it, under a lock; the others wait for it and read it (an index
    build costs ~3 s of CPU).  Never written once built: tests copy it or only read it."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # the run's own folder, shared by its workers
    path = root / "built-once" / name / "index"
    path.parent.mkdir(parents=True, exist_ok=True)
    _once(path.parent, lambda: build(path))
    return path


@pytest.fixture(scope="session")
def ix(doc, site_annotations, tmp_path_factory, worker_id):
    """The corpus alone indexed (what build_index(doc) makes), opened once for the session."""
    from treaty.search import build_index, open_index

    path = built_once(tmp_path_factory, worker_id, "search",
                      lambda path: build_index(doc, path, annotations=site_annotations).close())
    index = open_index(path, doc=doc)
    yield index
    index.close()


@pytest.fixture(scope="session")
def _served_index(tmp_path_factory, worker_id) -> Path:
    """The index `treaty search` and `treaty serve` keep: the corpus and corpus/annotations/."""
    from treaty.corpus import CORPUS_PATH
    from treaty.search import annotation_source, ensure_index

    return built_once(tmp_path_factory, worker_id, "served-index",
                      lambda path: ensure_index(CORPUS_PATH, path, extra_source=annotation_source()).close())


@pytest.fixture(scope="session")
def served_ix(_served_index, tmp_path_factory):
    """That index opened once for the session (for the tests that only search it)."""
    from treaty.search import open_index

    index = open_index(_copier(_served_index)(tmp_path_factory.mktemp("served-ix")))
    yield index
    index.close()


@pytest.fixture(scope="session")
def served_index(_served_index):
    """``served_index(folder)``: a copy of that index of one's own at ``folder``/index, which
    ensure_index finds fresh (for the tests that open, serve or heal one)."""
    return _copier(_served_index)


def _copier(index: Path):
    """``copy(folder)``: a copy of ``index`` at ``folder``/index."""
    import shutil

    def copy(folder: Path) -> Path:
        path = Path(folder) / "index"
        shutil.copytree(index, path)
        return path

    return copy


# -- a small corpus folder, for the tests of the index's life (tests/test_search_heal.py…) ------
@pytest.fixture(scope="session")
def mini_corpus(tmp_path_factory) -> Path:
    """A corpus folder (what ``TREATY_CORPUS_DIR`` names) of tests/fixtures/mini.txt: its
    ``convention.json``, the editorial files of tests/fixtures/mini_corpus/, and the real
    corpus's counterpart texts and terminology.  Its index builds in a fraction of a second."""
    import shutil

    from treaty.corpus import dumps
    from treaty.settings import CORPUS_DIR

    folder = tmp_path_factory.mktemp("mini-corpus") / "corpus"
    shutil.copytree(FIXTURES / "mini_corpus", folder, ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(CORPUS_DIR / "counterparts", folder / "counterparts")
    shutil.copyfile(CORPUS_DIR / "concordance" / "terminology.yaml", folder / "concordance" / "terminology.yaml")
    text = (FIXTURES / "mini.txt").read_text(encoding="utf-8")
    (folder / "convention.json").write_text(dumps(parse_text(text)), encoding="utf-8")
    return folder


def mini_env(mini_corpus: Path, **more: str) -> dict[str, str]:
    """The environment of a ``treaty`` process that reads ``mini_corpus``."""
    import os

    return dict(os.environ, TREATY_CORPUS_DIR=str(mini_corpus), PYTHONDONTWRITEBYTECODE="1", **more)


@pytest.fixture(scope="session")
def _mini_index(mini_corpus, tmp_path_factory) -> Path:
    """The index ``treaty search`` builds for ``mini_corpus`` (with its annotations)."""
    import subprocess
    import sys

    path = tmp_path_factory.mktemp("mini-index") / "index"
    subprocess.run([sys.executable, "-m", "treaty.cli", "search", "--index", str(path), "ordre public"],
                   env=mini_env(mini_corpus), check=True, capture_output=True)
    return path


@pytest.fixture(scope="session")
def mini_index(_mini_index):
    """``mini_index(folder)``: a copy of that index of one's own at ``folder``/index, which
    ensure_index finds fresh (for the tests that open, serve or heal one)."""
    return _copier(_mini_index)


#: modules that read the corpus folder, imported before it is swapped (a module imported while
#: it is would keep the swapped paths)
_CORPUS_READERS = ("treaty.corpus", "treaty.editorial.subjects", "treaty.editorial.concordance", "treaty.editorial.counterparts",
                   "treaty.editorial.compare", "treaty.editorial.search_fields", "treaty.editorial.annotations",
                   "treaty.search", "treaty.serve", "treaty.cli.search", "treaty.cli.common")


@pytest.fixture
def in_mini_corpus(mini_corpus, monkeypatch):
    """In this process the corpus folder is ``mini_corpus``, as ``TREATY_CORPUS_DIR`` makes it for
    a new process: every path the settings derive from the corpus folder (module constants of the
    package) points into it; the schemas stay the package's own.  (A function's default argument
    is bound once: pass the corpus path explicitly.)"""
    import importlib
    import sys

    from treaty import settings

    real, schemas = settings.CORPUS_DIR, settings.SCHEMA_PATH.parent
    for name in _CORPUS_READERS:
        importlib.import_module(name)
    loaded = {name for name in sys.modules if name == "treaty" or name.startswith("treaty.")}
    for name in loaded:
        for attr, value in list(vars(sys.modules[name]).items()):
            if isinstance(value, Path) and value.is_relative_to(real) and not value.is_relative_to(schemas):
                monkeypatch.setattr(sys.modules[name], attr, mini_corpus / value.relative_to(real))
    _clear_editorial_caches()
    yield mini_corpus
    _clear_editorial_caches()
    late = [f"{name}.{attr}" for name in set(sys.modules) - loaded if name.startswith("treaty.")
            for attr, value in vars(sys.modules[name]).items() if isinstance(value, Path) and value.is_relative_to(mini_corpus)]
    assert not late, f"imported while the mini corpus was in use (add to _CORPUS_READERS): {late}"


def _clear_editorial_caches() -> None:
    from treaty.editorial import compare, counterparts

    for cached in (counterparts.instruments, counterparts.instrument_articles, compare.terminology):
        cached.cache_clear()
