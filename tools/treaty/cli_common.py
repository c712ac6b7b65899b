"""What every ``treaty`` command shares and nothing else of the CLI: the error a command raises
to print one line and exit with a status, and the corpus every command reads.  Below cli.py and
cli_editorial.py so that neither imports the other.

The corpus is read once and annotated once per change: the loaded document and its annotations
(cross-references, defined terms, backlinks) and the editorial annotations are kept in
``build/cache/`` keyed by the SHA-256 of the corpus, of the annotation files and of this
package's code (``cache.py``), so ``treaty show`` neither re-annotates nor re-checks the
annotation files against their schema unless one of them changed.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import cached
from .settings import ANNOTATIONS_DIR, CORPUS_PATH, display_path

if TYPE_CHECKING:
    from .model import Annotations, Document

PACKAGE_DIR = Path(__file__).resolve().parent


class UserError(Exception):
    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def code_key() -> str:
    """Names, sizes and modification times of the package's code and data files (not the corpus
    folder, hashed by content): a changed module invalidates every cached value."""
    parts = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".json", ".yaml", ".js") and "data" not in path.relative_to(PACKAGE_DIR).parts[:1]:
            st = path.stat()
            parts.append(f"{path.relative_to(PACKAGE_DIR)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


#: id(document) → (document, corpus bytes, its annotations or None when annotating it fails)
_LOADED: dict[int, tuple[Document, bytes, Annotations | None]] = {}


def _load_and_annotate(data: bytes) -> tuple[Document, Annotations | None]:
    import json

    from .annotate import annotate
    from .corpus import from_json
    from .refs import DanglingReference
    from .terms import TermError

    doc = from_json(json.loads(data.decode("utf-8")))
    try:
        return doc, annotate(doc)
    except (DanglingReference, TermError):  # reported by the commands that need the annotations
        return doc, None


def load_corpus() -> Document:
    if not CORPUS_PATH.exists():
        raise UserError(f"{display_path(CORPUS_PATH)} is missing; run 'treaty parse' first")
    data = CORPUS_PATH.read_bytes()
    gc.disable()  # unpickling allocates ~100k objects that are never garbage
    try:
        doc, annotations = cached("corpus", [data, code_key()], lambda: _load_and_annotate(data))
    finally:
        gc.enable()
    _LOADED.clear()
    _LOADED[id(doc)] = (doc, data, annotations)
    return doc


def stored_annotations(doc: Document) -> Annotations | None:
    """The annotations cached with ``doc`` when load_corpus() loaded it (None otherwise)."""
    entry = _LOADED.get(id(doc))
    return entry[2] if entry is not None and entry[0] is doc else None


def editorial_annotations(doc: Document, directory: Path | None = None) -> list:
    """The editorial annotations of ``directory`` (default corpus/annotations), read and checked
    against their schema only when a file, the corpus or the code changed."""
    from .editorial.annotations import load_annotations

    directory = ANNOTATIONS_DIR if directory is None else Path(directory)
    entry = _LOADED.get(id(doc))
    if entry is None or entry[0] is not doc:
        return load_annotations(doc, directory)
    files = sorted(directory.glob("*.md"))
    inputs = [entry[1], code_key(), str(directory.resolve()), str(Path.cwd())]
    for path in files:
        inputs += [path.name, path]
    return cached("editorial", inputs, lambda: load_annotations(doc, directory))
