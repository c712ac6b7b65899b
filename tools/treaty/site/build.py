"""The site build: corpus → annotations → pages → ``mkdocs build`` → our post-build steps.

Stages are timed (``BuildReport.stages``) so the benchmark can tell our own work from MkDocs'.
The site is built in ``build/site`` and swapped into ``site/`` only when every step passed, so
a failed build never leaves a half-written site; the site it replaces waits in ``build/site.old``
and is removed while the next build works.  Extension points: ``pages.PAGE_GENERATORS``
(more pages) and ``POST_BUILD`` (steps that run on the built site, e.g. the search index).

The public base URL (:func:`resolve_base_url`: ``treaty build --base-url``, else
``$TREATY_BASE_URL``, else ``site_url`` in ``mkdocs.yml``) makes copied citations, JSON-LD ids
and ``sitemap.xml`` absolute; without one they are relative to wherever the site is opened.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from ..cache import digest, files_under
from ..corpus import write_atomic_bytes
from ..settings import BUILD_DIR, SITE_DIR
from ..settings import MKDOCS_CONFIG as CONFIG
from ..model import Annotations, Document
from . import assets, browser_search, citing
from .derived import KEY as DERIVED_KEY, READS, Keys, build_key, keep, keep_each, with_files
from .previews import PreviewConflict
from .editorial_data import EditorialDataError
from .pages import PAGE_GENERATORS, Page, make_pages, nav
from .render import Context

#: the build date MkDocs writes (sitemap lastmod, sitemap.xml.gz header) unless SOURCE_DATE_EPOCH is set:
#: fixed so that two builds of the same input are byte-identical (2024-11-27, the report's date)
SOURCE_DATE_EPOCH = "1732665600"


#: the environment variable that sets the public base URL when ``--base-url`` is not given
BASE_URL_ENV = "TREATY_BASE_URL"


class BuildError(Exception):
    """The site could not be built; the message says why (MkDocs' warnings included)."""


def resolve_base_url(given: str | None = None, config: Path = CONFIG) -> str:
    """The public base URL, ending in '/', or '' for none: ``given`` (``--base-url``), else
    ``$TREATY_BASE_URL``, else ``site_url`` in ``config``.  An empty value means none."""
    value = given if given is not None else os.environ.get(BASE_URL_ENV)
    if value is None:
        import yaml

        try:
            value = (yaml.safe_load(Path(config).read_text(encoding="utf-8")) or {}).get("site_url") or ""
        except (OSError, yaml.YAMLError) as e:
            raise BuildError(f"cannot read {config}: {e}") from None
    value = str(value).strip()
    if not value:
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or any(c.isspace() or c in '<>"\\' for c in value):
        raise BuildError(f"the base URL must be an absolute http:// or https:// URL without query or fragment, not {value!r}")
    return value if value.endswith("/") else value + "/"


@dataclass
class BuildReport:
    site_dir: Path
    pages: int = 0
    search_entries: int = 0
    #: stage → seconds it took (wall clock), in order
    stages: dict[str, float] = field(default_factory=dict)
    #: stage → seconds of this process's CPU time it took (on a busy machine, steadier than ``stages``)
    cpu: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as stage ``name``."""
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.stages[name] = time.perf_counter() - wall
        self.cpu[name] = time.process_time() - cpu


def default_annotate(doc: Document) -> Annotations:
    """The annotating stage: references, defined terms and backlinks."""
    from ..annotate import annotate
    from ..refs import DanglingReference
    from ..terms import TermError

    try:
        return annotate(doc)
    except (DanglingReference, TermError) as e:
        raise BuildError(f"cross-references and defined terms: {e}") from None


#: front matter that keeps a page out of Material's search index: its plugin would parse every
#: page into entries that ``browser_search.rewrite`` throws away (our worker answers the search
#: box from our own index); the plugin stays for the search box and the index's configuration
NOT_INDEXED = "search:\n  exclude: true\n"


def markdown_source(page: Page) -> str:
    """What MkDocs reads for ``page``: its body, with NOT_INDEXED in its front matter."""
    if page.body.startswith("---\n"):
        return "---\n" + NOT_INDEXED + page.body[4:]
    return "---\n" + NOT_INDEXED + "---\n\n" + page.body


def write_docs(pages: list[Page], docs_dir: Path, files: dict[str, str] | None = None) -> None:
    """The pages and the ``files`` beside them (site-relative path → text) as MkDocs' input.
    The folder is scratch, kept from the last build: a file already holding what it should is
    left alone (most are, from one build to the next), the others are written, and any file no
    page wants is removed.  Plain writes, not atomic ones: the site made from the folder is
    published only when every step has passed."""
    wanted: dict[Path, bytes | Path] = {}
    for page in pages:
        wanted[docs_dir / page.source] = markdown_source(page).encode("utf-8")
        for dest, src in page.files.items():
            wanted[docs_dir / dest] = Path(src)
    for path, text in (files or {}).items():  # shared scripts, framed drawings: MkDocs copies them as they are
        wanted[docs_dir / path] = text.encode("utf-8")
    there = set(files_under(docs_dir)) if docs_dir.is_dir() else set()
    for stale in sorted(there - wanted.keys()):
        stale.unlink()
    made: set[Path] = set()
    for path, content in sorted(wanted.items()):
        data = content.read_bytes() if isinstance(content, Path) else content
        if path in there and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if path.is_dir():  # a folder of the last build where a page now is
            shutil.rmtree(path)
        path.write_bytes(data)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(docs_dir: Path, site_dir: Path, navigation: list, config: Path = CONFIG, site_url: str = "") -> None:
    """``mkdocs build --strict`` with our navigation, in-process."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(collect)
    try:
        cfg = load_config(config_file=str(config), docs_dir=str(docs_dir), site_dir=str(site_dir), nav=navigation, strict=True,
                          site_url=site_url)
        build(cfg)
    except MkDocsException as e:
        detail = "; ".join(collect.messages) or str(e)
        raise BuildError(f"mkdocs build failed: {detail}") from None
    finally:
        log.removeHandler(collect)


def make_world_readable(root: Path) -> None:
    """Link checkers running as 'nobody' and plain web servers must read every file."""
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        wanted = mode | (0o755 if path.is_dir() else 0o644)
        if wanted != mode:
            path.chmod(wanted)


def replaced(built: Path) -> Path:
    """Where the site a build replaces is put (beside the build), until the next build removes it."""
    return built.with_name(built.name + ".old")


def remove_in_background(path: Path) -> threading.Thread | None:
    """Start removing ``path`` (the site the last build replaced) while this build works: removing
    a few hundred files waits on the disk (~0.5 s here), hardly on the processor.  ``publish``
    waits for it and removes whatever is left."""
    if not path.exists():
        return None
    thread = threading.Thread(target=shutil.rmtree, args=(path,), kwargs={"ignore_errors": True}, daemon=True)
    thread.start()
    return thread


def publish(built: Path, site_dir: Path, removing: threading.Thread | None = None) -> None:
    """``built`` becomes ``site_dir`` by renames; the site it replaces is left at ``replaced(built)``."""
    if removing is not None:
        removing.join()
    old = replaced(built)
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    built.rename(site_dir)


#: Steps run on the built site before it is published: ``step(site_dir, ctx, pages)``.
def _implementation_downloads(site_dir: Path, ctx: Context, pages: list[Page]) -> object:
    from .implementation_pages import write_downloads

    return write_downloads(site_dir, ctx, pages)


POST_BUILD: list[Callable[[Path, Context, list[Page]], object]] = [browser_search.rewrite, _implementation_downloads, assets.prune, assets.compact_html]


def load_editorial(doc: Document, keys: Keys | None = None) -> list:
    """The editorial annotations of corpus/annotations/; any unsound file fails the build.  What
    each file gives is kept between builds (``keys``: site/derived.py) under its name and bytes:
    after one note is edited, only that one is read again."""
    from ..editorial.annotations import AnnotationErrors, load_annotations, read_annotations
    from ..settings import display_path

    def read(doc: Document, paths: list[Path], index: dict) -> list:
        named = {display_path(p).encode("utf-8") + b"\0" + p.read_bytes(): p for p in paths}
        return keep_each(keys and keys.of("editorial annotation"), "editorial annotation", list(named),
                         lambda items: read_annotations(doc, [named[i] for i in items], index))

    try:
        return load_annotations(doc, read=read)
    except AnnotationErrors as e:
        raise BuildError("editorial annotations: " + "; ".join(str(x) for x in e.errors)) from None


def write_exports(doc: Document, editorial: list, out: Path, keys: Keys | None = None) -> dict[str, Path]:
    """The export files (treaty.exports) and their SHA256SUMS, for the downloads page; made again
    only when what they are made from changed (``keys``: site/derived.py): those of the document
    alone, and the editorial annotations' apart."""
    from ..exports import akn_errors, annotations_export, checksums, document_exports

    files = {**keep(keys and keys.of("exports"), "exports", lambda: document_exports(doc)),
             "annotations.json": keep(keys and keys.of("annotations export"), "annotations export", lambda: annotations_export(editorial))}
    errors = akn_errors(files["convention.akn.xml"])
    if errors:
        raise BuildError("the Akoma Ntoso export does not validate: " + "; ".join(errors[:5]))
    if out.exists():
        shutil.rmtree(out)
    paths = {}
    for name, data in [*files.items(), ("SHA256SUMS", checksums(files).encode("utf-8"))]:
        write_atomic_bytes(out / name, data)
        paths[name] = out / name
    return paths


def generate(ctx: Context, generator: Callable[[Context], list[Page]]) -> tuple[list[Page], dict[str, str]]:
    """The pages of ``generator``, and the files it wrote beside them into ``ctx.files``."""
    return with_files(ctx, lambda: generator(ctx))


def site_pages(ctx: Context) -> list[Page]:
    """``make_pages(ctx)``, with the files written beside the pages in ``ctx.files``.  The pages of
    each generator and its files are kept between builds (site/derived.py) under the key of what
    it reads (``READS["pages/<generator>"]``, else everything), the public base URL, the paths of
    the export files (the downloads page names them) and the generator's name: after an edit,
    only the generators that read the edited source render again."""
    keys = ctx.derived.get(DERIVED_KEY)
    if keys is None:
        return make_pages(ctx, PAGE_GENERATORS)
    common = [ctx.base_url, *(f"{name}={path}" for name, path in sorted(ctx.exports.items()))]

    def kept(generator: Callable[[Context], list[Page]]) -> Callable[[Context], list[Page]]:
        def pages(ctx: Context) -> list[Page]:
            name = f"pages/{generator.__name__}"
            key = digest([keys.of(name if name in READS else "pages"), *common, f"{generator.__module__}.{generator.__qualname__}"])
            made, files = keep(key, f"pages/{generator.__module__}.{generator.__qualname__}", lambda: generate(ctx, generator))
            ctx.files.update(files)
            return made
        return pages

    return make_pages(ctx, [kept(g) for g in PAGE_GENERATORS])


def build_site(doc: Document, annotations: Annotations | None = None, *, site_dir: Path = SITE_DIR,
               build_dir: Path = BUILD_DIR, config: Path = CONFIG, editorial: list | None = None,
               base_url: str | None = None) -> BuildReport:
    # MkDocs reads relative directories against its configuration file's folder: make them absolute
    site_dir, build_dir = Path(site_dir).resolve(), Path(build_dir).resolve()
    report = BuildReport(site_dir)
    base = resolve_base_url(base_url, config)
    removing = remove_in_background(replaced(build_dir / "site"))
    try:
        _build(doc, annotations, editorial, report, site_dir, build_dir, config, base, removing)
    finally:
        if removing is not None:
            removing.join()
    return report


def _build(doc: Document, annotations: Annotations | None, editorial: list | None, report: BuildReport, site_dir: Path,
           build_dir: Path, config: Path, base: str, removing: threading.Thread | None) -> None:
    with report.stage("annotate"):
        # what is derived from the inputs is kept between builds under their hash (site/derived.py);
        # annotations made elsewhere are not among those inputs: then nothing is kept
        keys = build_key(doc) if annotations is None and editorial is None else None
        if annotations is None:
            annotations = keep(keys and keys.of("annotations"), "annotations", lambda: default_annotate(doc))
        if editorial is None:
            editorial = keep(keys and keys.of("editorial annotations"), "editorial annotations", lambda: load_editorial(doc, keys))

    with report.stage("exports"):
        exports = write_exports(doc, editorial, Path(build_dir) / "exports", keys)

    with report.stage("pages"):
        ctx = Context.make(doc, annotations, editorial)
        ctx.derived[DERIVED_KEY] = keys
        ctx.exports = exports
        ctx.base_url = base
        try:
            pages = site_pages(ctx)
        except (EditorialDataError, PreviewConflict) as e:
            raise BuildError(str(e)) from None
        report.pages = len(pages)

    with report.stage("write docs"):
        docs_dir = build_dir / "docs"
        write_docs(pages, docs_dir, {citing.SCRIPT_PATH: ctx.citing.script(), **ctx.files})

    with report.stage("mkdocs build"):
        built = build_dir / "site"
        run_mkdocs(docs_dir, built, nav(pages), config, base)

    with report.stage("post-build (search index, assets)"):
        for step in POST_BUILD:
            result = step(built, ctx, pages)
            if step is browser_search.rewrite:
                report.search_entries = int(result)

    with report.stage("publish"):
        make_world_readable(built)
        publish(built, Path(site_dir), removing)
