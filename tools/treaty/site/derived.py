"""What a build derives from its inputs and keeps in the build cache (treaty.cache) for the next.

The cross-references and defined terms, the editorial annotations, the export files, the
implementation map and its downloads, the subject index, the concordance, the browser search
index and its worker, the pages are pure functions of the document, of this package's code and
data, of the libraries installed, of the current folder (messages name files relative to it)
and of the editorial sources each of them reads.  Each is kept under its own key
(:meth:`Keys.of`): the hash of the document pickled (a citation pickles as its address alone
and nothing is shared by reference, so equal documents pickle alike), of every file of the
package (its corpus folder apart), of the installed distributions with their versions, and of
every file of the sources it reads (``READS``: the editorial annotations, the subject index,
the concordance with the counterparts' texts; the pages read everything, the rest of the
corpus folder included).  So an edited editorial note makes again only what shows the notes;
a changed byte of the code or of the document makes everything again.  A build given
annotations made elsewhere has no keys: nothing is read or kept.
"""

from __future__ import annotations

import io
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from .. import cache
from ..model import Document
from ..settings import CORPUS_DIR, DATA_DIR
from .context import Context

T = TypeVar("T")
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: where the keys are kept on the build's Context (``Context.derived``)
KEY = "build keys"
#: a value that reads every source
EVERYTHING = ("annotations", "subjects", "concordance", "corpus")
#: kept value → the sources (``sources()``) it reads besides the document, the code and the libraries.
#: A value that depends on another (the browser index on the subject index) reads its sources too.
READS: dict[str, tuple[str, ...]] = {
    "annotations": (),
    "editorial annotations": ("annotations",),
    "editorial annotation": (),  # one file's, kept by its name and bytes besides (keep_each)
    "exports": (),  # those of the document alone
    "annotations export": ("annotations",),
    "implementation map": (),
    "implementation downloads": (),
    "subject index": ("subjects",),
    "concordance": ("concordance",),
    "word diffs": ("concordance",),
    "subjects by article": ("subjects",),
    "search fields": ("subjects", "concordance"),
    "browser index": ("annotations", "subjects", "concordance"),
    "search worker": (),
    "pages": EVERYTHING,  # a page generator not named below ("pages/<generator>") reads everything
    "pages/full_text": (),
    "pages/glossary": (),
    "pages/subject_pages": ("subjects",),
    "pages/concordance_page": ("concordance",),
    "pages/comparison_pages": ("concordance",),
    "pages/implementation_pages": (),
    "pages/how_to_cite": (),
    "pages/cite_pages": (),
    "article pages": ("subjects", "concordance"),  # and the editorial annotations each shows, by value (pages.article_pages)
    "compacted pages": (),  # each page kept by its bytes besides (keep_each)
}


def sources() -> dict[str, list[Path]]:
    """Where each source is read from, as the modules that read it name it now (a caller may
    point one elsewhere): source name → its files and folders.  ``corpus`` is the whole corpus
    folder (the document's own file and source text, offered as downloads by the pages)."""
    from ..editorial import annotations, compare, concordance, counterparts, subjects

    return {
        "annotations": [annotations.ANNOTATIONS_DIR, annotations.SCHEMA_PATH],
        "subjects": [subjects.SUBJECTS_DIR, subjects.SCHEMA_PATH],
        "concordance": [concordance.CONCORDANCE_PATH, concordance.SCHEMA_PATH, compare.TERMINOLOGY_PATH,
                        compare.TERMINOLOGY_SCHEMA, counterparts.COUNTERPARTS_DIR, counterparts.INSTRUMENTS_PATH,
                        counterparts.INSTRUMENTS_SCHEMA],
        "corpus": [CORPUS_DIR],
    }


def code_files(package: Path = PACKAGE_DIR) -> list[Path]:
    """Every file of the package (code, rules, theme, configuration, the schemas of the corpus and
    of the editorial data), its corpus folder left out: the corpus is in the keys as the sources
    that read it (``sources()``)."""
    corpus = package / DATA_DIR.name / "corpus"
    schemas = corpus / "schema"
    return [p for p in cache.files_under(package) if corpus not in p.parents or schemas in p.parents]


def pickled(value: object) -> bytes:
    """``value`` pickled without the pickler's memo, so an object met twice is written out twice:
    equal values pickle alike whether they share their parts or not (a document read from the
    corpus file and the same document unpickled from the build cache)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()


@dataclass(frozen=True)
class Keys:
    """The keys of one build's kept values: ``base`` (the document, the code, the libraries, the
    current folder) and the hash of each source's files."""

    base: str
    sources: dict[str, str]

    def of(self, name: str) -> str:
        """The key of the value ``name`` (a KeyError for a value ``READS`` does not list)."""
        return cache.digest([self.base, *(f"{s}={self.sources[s]}" for s in sorted(READS[name]))])


def build_key(doc: Document, where: dict[str, list[Path]] | None = None, package: Path = PACKAGE_DIR) -> Keys:
    """The keys of a build of ``doc`` (see the module's docstring): ``where`` (default :func:`sources`)
    and ``package`` are hashed by the path and content of every file under them."""
    where = sources() if where is None else where
    files = code_files(package)
    base = cache.digest([pickled(doc), str(Path.cwd()), cache.environment(), str(package),
                         *(x for path in files for x in (str(path), path))])
    return Keys(base, {name: cache.digest([*(str(Path(f).resolve()) for f in folders), *cache.tree_inputs(*folders)])
                       for name, folders in where.items()})


def keep(key: str | None, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, read from the build cache when it was kept there under ``key`` (none: always computed)."""
    if key is None:
        return compute()
    return cache.cached(_cache_name(name), [key], compute)


def _cache_name(name: str) -> str:
    return "site-" + re.sub(r"[^a-z0-9]+", "-", name.lower())


def keep_each(key: str | None, name: str, items: list[bytes], compute: Callable[[list[bytes]], list[T]]) -> list[T]:
    """``compute(items)``, each item's value read from the build cache when it was kept there for
    the same bytes under ``key`` (treaty.cache.cached_each; none: always computed)."""
    if key is None:
        return compute(items)
    return cache.cached_each(_cache_name(name), [key], items, compute)


def with_files(ctx: Context, make: Callable[[], T]) -> tuple[T, dict[str, str]]:
    """``make()``, and the files it wrote into ``ctx.files`` (kept with what it made: a value read
    back puts them there again)."""
    before = dict(ctx.files)
    value = make()
    return value, {path: text for path, text in ctx.files.items() if before.get(path) != text}


def key_of(ctx: Context, name: str) -> str | None:
    """The key of the value ``name`` in ``ctx``'s build (None: a build that keeps nothing)."""
    keys = ctx.derived.get(KEY)
    return keys.of(name) if keys is not None else None


def derived(ctx: Context, name: str, compute: Callable[[], T]) -> T:
    """:func:`keep` under ``name``'s key in ``ctx``'s build."""
    return keep(key_of(ctx, name), name, compute)


__all__ = ["EVERYTHING", "KEY", "READS", "Keys", "build_key", "code_files", "derived", "keep", "keep_each", "key_of", "pickled", "sources", "with_files"]
