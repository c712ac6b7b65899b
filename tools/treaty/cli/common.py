"""What every ``treaty`` command shares: the error a command raises to print one line and exit
with a status, the corpus every command reads, its annotations, and the provision a citation
names.  Commands call these through the module (``load_corpus()``) so a test can
replace one in a single place.

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

from ..cache import cached
from ..settings import ANNOTATIONS_DIR, CORPUS_PATH, SOURCE_PATH, display_path

if TYPE_CHECKING:
    from ..model import Annotations, Document, Unit

PACKAGE_DIR = Path(__file__).resolve().parents[1]


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

    from ..annotate import annotate
    from ..corpus import from_json
    from ..refs import DanglingReference
    from ..terms import TermError

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
    from ..editorial.annotations import load_annotations

    directory = ANNOTATIONS_DIR if directory is None else Path(directory)
    entry = _LOADED.get(id(doc))
    if entry is None or entry[0] is not doc:
        return load_annotations(doc, directory)
    files = sorted(directory.glob("*.md"))
    inputs = [entry[1], code_key(), str(directory.resolve()), str(Path.cwd())]
    for path in files:
        inputs += [path.name, path]
    return cached("editorial", inputs, lambda: load_annotations(doc, directory))


def annotate_corpus(doc: Document) -> Annotations:
    from ..annotate import annotate
    from ..refs import DanglingReference
    from ..terms import TermError

    stored = stored_annotations(doc)
    if stored is not None:
        return stored
    try:
        return annotate(doc)
    except (DanglingReference, TermError) as e:
        raise UserError(f"error: {e}", 2) from None


def load_annotation_files(doc: Document, directory: Path | None = None) -> list:
    """The editorial annotations, or a UserError listing every 'file:line: problem' (exit 2)."""
    from ..editorial.annotations import AnnotationErrors

    try:
        return editorial_annotations(doc, Path(directory) if directory else None)
    except AnnotationErrors as e:
        raise UserError(str(e), 2) from None


def find_or_fail(doc: Document, text: str, command: str) -> Unit:
    """The provision a citation names; exit 2 when unreadable, 1 when it does not exist (or a
    number in it is out of any range)."""
    from ..citation import CitationError, OutOfRange
    from ..lookup import NotFound, find

    try:
        return find(doc, text)
    except OutOfRange as e:  # 'Article 0', 'Article 1234567890': read, and names nothing
        raise UserError(f"treaty {command}: {e}", 1) from None
    except CitationError as e:
        raise UserError(f"treaty {command}: {e}", 2) from None
    except NotFound as e:
        raise UserError(f"treaty {command}: {e}", 1) from None


def parse_source(path: Path = SOURCE_PATH) -> Document:
    from ..parse import parse_file

    return parse_file(str(path), display=display_path(path))
