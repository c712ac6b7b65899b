"""The index's life: build it, fingerprint what it was built from, swap it in atomically, open it,
and rebuild it whenever the corpus JSON (or the extra documents) it was built from changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from functools import cached_property
from pathlib import Path
from typing import Callable, Sequence

from whoosh import index as whoosh_index, scoring

from ..settings import CORPUS_PATH, INDEX_DIR
from ..model import Annotations, Document
from .records import ExtraDocument, ExtraSource, editorial_fields, editorial_fingerprint, fields, records, schema

#: Bump when the schema or what is indexed changes: an index of another version is rebuilt.
INDEX_VERSION = "5"
META_NAME = "treaty-index.json"


class IndexMissing(FileNotFoundError):
    """No usable index at the path given."""


def corpus_fingerprint(corpus_bytes: bytes) -> str:
    return hashlib.sha256(corpus_bytes).hexdigest()


def _extras_fingerprint(extra_documents: Sequence[ExtraDocument]) -> str:
    h = hashlib.sha256()
    for e in extra_documents:
        fields = {**asdict(e), "targets": [t.canonical for t in e.targets]}
        h.update(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def build_index(doc: Document, path: Path | str = INDEX_DIR, extra_documents: Sequence[ExtraDocument] = (), *,
                annotations: Annotations | None = None, corpus_sha256: str | None = None, extras_key: str | None = None,
                editorial: tuple[dict, dict[str, str]] | None = None) -> "SearchIndex":
    """Index ``doc`` (and ``extra_documents``) at ``path``, replacing what is there atomically.

    ``annotations`` is the annotating stage's output for ``doc`` when the caller has it already;
    otherwise it is made here, once.  ``corpus_sha256`` is the hash of the corpus JSON the
    document was loaded from; without it the hash of the document's own serialisation is recorded.
    ``editorial`` (the subject index's and the concordance's fields, and the counterpart
    instruments' names) is read from corpus/ when not given (records.editorial_fields).
    """
    from ..corpus import dumps

    if annotations is None:
        from ..annotate import annotate

        annotations = annotate(doc)

    path = Path(path)
    extra_documents = tuple(extra_documents)
    if corpus_sha256 is None:
        corpus_sha256 = corpus_fingerprint(dumps(doc).encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        ix = whoosh_index.create_in(str(tmp), schema())
        writer = ix.writer()
        fields_by_citation, aliases = editorial if editorial is not None else editorial_fields(doc)
        recs = records(doc, annotations, extra_documents, fields_by_citation)
        for r in recs:
            writer.add_document(**fields(r))
        writer.commit()
        ix.close()
        meta = {"index_version": INDEX_VERSION, "corpus_sha256": corpus_sha256, "extras_sha256": extras_key or _extras_fingerprint(extra_documents),
                "documents": len(recs), "engine": "whoosh", "counterpart_aliases": aliases}
        (tmp / META_NAME).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o755)
        _swap_in(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return open_index(path, doc=doc)


def _swap_in(new: Path, path: Path) -> None:
    """Put the finished directory ``new`` at ``path``; readers never see a half-built index."""
    old = None
    if path.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old.", dir=path.parent))
        os.rmdir(old)
        try:
            os.replace(path, old)
        except FileNotFoundError:  # another process moved it away first
            old = None
    try:
        os.replace(new, path)
    except OSError:  # another process put its own fresh index there in the meantime: keep that one
        shutil.rmtree(new, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_meta(path: Path | str) -> dict | None:
    try:
        return json.loads((Path(path) / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class SearchIndex:
    """An opened index: one searcher shared by the queries made through it."""

    def __init__(self, path: Path, meta: dict, doc_loader: Callable[[], Document] | None = None):
        self.path = path
        self.meta = meta
        self._ix = whoosh_index.open_dir(str(path))
        self._doc_loader = doc_loader
        self._searcher = None

    @property
    def searcher(self):
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=scoring.BM25F())
        return self._searcher

    @cached_property
    def doc(self) -> Document | None:
        return self._doc_loader() if self._doc_loader else None

    @property
    def documents(self) -> int:
        return self._ix.doc_count()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._ix.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_index(path: Path | str = INDEX_DIR, *, doc: Document | None = None, doc_loader: Callable[[], Document] | None = None) -> SearchIndex:
    path = Path(path)
    meta = read_meta(path)
    if meta is None or not whoosh_index.exists_in(str(path)):
        raise IndexMissing(f"no search index at {path}; run 'treaty search' once to build it")
    if doc is not None:
        doc_loader = lambda: doc  # noqa: E731
    return SearchIndex(path, meta, doc_loader)


def ensure_index(corpus_path: Path | str = CORPUS_PATH, path: Path | str = INDEX_DIR, extra_documents: Sequence[ExtraDocument] = (), *,
                 extra_source: ExtraSource | None = None) -> SearchIndex:
    """Open the index at ``path``, rebuilding it first when it was built from another corpus
    (or other extra documents); ``extra_source`` is loaded only for a rebuild."""
    from ..corpus import load

    corpus_path, path = Path(corpus_path), Path(path)
    data = corpus_path.read_bytes()
    sha = corpus_fingerprint(data)
    extra_documents = tuple(extra_documents)
    key = _extras_fingerprint(extra_documents)
    if extra_source is not None:
        key = hashlib.sha256(f"{key}\n{extra_source.fingerprint}".encode("utf-8")).hexdigest()
    key = hashlib.sha256(f"{key}\n{editorial_fingerprint()}".encode("utf-8")).hexdigest()
    meta = read_meta(path)
    loader = lambda: load(corpus_path)  # noqa: E731
    fresh = (meta is not None and meta.get("index_version") == INDEX_VERSION and meta.get("corpus_sha256") == sha
             and meta.get("extras_sha256") == key and whoosh_index.exists_in(str(path)))
    if fresh:
        try:
            return open_index(path, doc_loader=loader)
        except Exception:  # noqa: BLE001 - a damaged index (any Whoosh error) is rebuilt, not reported
            pass
    from ..corpus import from_json

    doc = from_json(json.loads(data.decode("utf-8")))
    if extra_source is not None:
        extra_documents += tuple(extra_source.load(doc))
    index = build_index(doc, path, extra_documents, corpus_sha256=sha, extras_key=key)
    index._doc_loader = lambda: doc
    return index
