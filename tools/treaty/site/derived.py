"""What a build derives from its inputs and keeps in the build cache (treaty.cache) for the next.

The cross-references and defined terms, the editorial annotations, the export files, the
implementation map and its downloads, the subject index, the concordance, the browser search
index and its worker are pure functions of the document, of the files of the corpus folder, of
this package's code and data, of the libraries installed and of the current folder (messages
name files relative to it).  :func:`build_key` hashes all of them — the document pickled (a
citation pickles as its address alone and nothing is shared by reference, so equal documents
pickle alike), every file under the package and the corpus folder by content, the installed
distributions with their versions — so one changed byte anywhere recomputes every value; an
unchanged build reads them back.  A build given annotations made elsewhere has no key: nothing
is read or kept.
"""

from __future__ import annotations

import io
import pickle
import re
from pathlib import Path
from typing import Callable, TypeVar

from .. import cache
from ..model import Document
from ..settings import CORPUS_DIR
from .context import Context

T = TypeVar("T")
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: where the key is kept on the build's Context (``Context.derived``)
KEY = "build key"


def sources() -> list[Path]:
    """Where the derived values are read from, as the modules that read them name it now (a
    caller may point one elsewhere): the package, the corpus folder, each editorial source."""
    from ..editorial import annotations, compare, concordance, counterparts, subjects

    return [PACKAGE_DIR, CORPUS_DIR, annotations.ANNOTATIONS_DIR, annotations.SCHEMA_PATH, subjects.SUBJECTS_DIR,
            subjects.SCHEMA_PATH, concordance.CONCORDANCE_PATH, concordance.SCHEMA_PATH, compare.TERMINOLOGY_PATH,
            counterparts.COUNTERPARTS_DIR, counterparts.INSTRUMENTS_PATH]


def pickled(value: object) -> bytes:
    """``value`` pickled without the pickler's memo, so an object met twice is written out twice:
    equal values pickle alike whether they share their parts or not (a document read from the
    corpus file and the same document unpickled from the build cache)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()


def build_key(doc: Document, folders: list[Path] | None = None) -> str:
    """The hash of everything a derived value may depend on (see the module's docstring); ``folders``
    (default :func:`sources`) are hashed by the path and content of every file under them."""
    folders = sources() if folders is None else folders
    return cache.digest([pickled(doc), str(Path.cwd()), cache.environment(),
                         *(str(Path(f).resolve()) for f in folders), *cache.tree_inputs(*folders)])


def keep(key: str | None, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, read from the build cache when it was kept there under ``key`` (none: always computed)."""
    if key is None:
        return compute()
    return cache.cached("site-" + re.sub(r"[^a-z0-9]+", "-", name.lower()), [key], compute)


def derived(ctx: Context, name: str, compute: Callable[[], T]) -> T:
    """:func:`keep` under the key of ``ctx``'s build."""
    return keep(ctx.derived.get(KEY), name, compute)


__all__ = ["KEY", "build_key", "derived", "keep", "pickled"]
