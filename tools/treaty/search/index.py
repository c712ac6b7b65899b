"""The index's life: build it, fingerprint what it was built from, swap it in atomically, open it,
and rebuild it whenever the corpus JSON (or the extra documents) it was built from changes or its
files are damaged.

The metadata (``treaty-index.json``, written last) lists every file of the index with its size
and CRC-32.  Opening reads each file once, checks it against that list (a file truncated, zeroed,
overwritten or missing is :class:`IndexDamaged`), and answers every query from that checked
copy in memory — so a file damaged later cannot break a reader that has it open, and
:meth:`SearchIndex.changed_on_disk` (a stat of each file) tells the reader to look again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import zlib
from dataclasses import asdict
from functools import cached_property
from pathlib import Path
from typing import Callable, Sequence

from whoosh import index as whoosh_index, scoring
from whoosh.filedb.filestore import RamStorage

from ..settings import CORPUS_PATH, INDEX_DIR
from ..model import Annotations, Document
from . import candidates, rescore
from .rank import DEFAULT_RANKING
from .records import ExtraDocument, ExtraSource, Record, editorial_fields, editorial_fingerprint, fields, records, schema

#: Bump when the schema or what is indexed changes: an index of another version is rebuilt.
INDEX_VERSION = "7"
META_NAME = "treaty-index.json"
#: Whoosh's write lock: empty, and used only while writing (an index is never written in place)
LOCK_SUFFIX = "_WRITELOCK"


class IndexMissing(FileNotFoundError):
    """No usable index at the path given."""


class IndexDamaged(IndexMissing):
    """The index's files are not the files its metadata lists (truncated, overwritten, missing)."""


class NotAnIndexFolder(OSError):
    """The path given for the index holds something else: it is never replaced."""


def _is_index_file(name: str) -> bool:
    return name == META_NAME or name.startswith(("MAIN_", "_MAIN_", "treaty-"))


def check_replaceable(path: Path) -> None:
    """Refuse to put an index where something else is (``--index ~`` must not replace a home
    folder): only a missing path, an empty folder, a folder with an index's metadata or one of
    index files only is replaced."""
    if not os.path.lexists(path):
        return
    if not path.is_dir():
        raise NotAnIndexFolder(f"{path} is not a folder")
    if not (path / META_NAME).is_file() and not all(_is_index_file(p.name) for p in path.iterdir()):
        raise NotAnIndexFolder(f"{path} holds other files than a search index; name a new or empty folder")


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

    extra_documents = tuple(extra_documents)
    if corpus_sha256 is None:
        corpus_sha256 = corpus_fingerprint(dumps(doc).encode("utf-8"))
    fields_by_citation, aliases = editorial if editorial is not None else editorial_fields(doc)
    write_index(records(doc, annotations, extra_documents, fields_by_citation), path, corpus_sha256=corpus_sha256,
                extras_sha256=extras_key or _extras_fingerprint(extra_documents), counterpart_aliases=aliases)
    return open_index(path, doc=doc)


def write_index(recs: Sequence[Record], path: Path | str, **meta) -> None:
    """Index ``recs`` at ``path``, replacing what is there atomically; ``meta`` (what the index was
    built from) is recorded beside it in ``treaty-index.json``."""
    path = Path(path)
    check_replaceable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        ix = whoosh_index.create_in(str(tmp), schema())
        writer = ix.writer()
        for r in recs:
            writer.add_document(**fields(r))
        writer.commit()
        ix.close()
        _finish(tmp, path, {"index_version": INDEX_VERSION, **meta, "documents": len(recs), "engine": "whoosh"})
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


#: a temporary folder beside the index older than this (seconds) was left by a build that was
#: killed; builds take seconds
STALE_TEMPORARY = 3600


def _sweep(path: Path) -> None:
    """Remove the temporary folders killed builds left beside ``path`` (``.index.*``)."""
    now = time.time()
    for p in path.parent.glob(f".{path.name}.*"):
        try:
            if p.is_dir() and now - p.stat().st_mtime > STALE_TEMPORARY:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def _finish(tmp: Path, path: Path, meta: dict) -> None:
    """Write the ranking's files beside the Whoosh index in ``tmp`` (from it alone), then the
    metadata listing every file, and put the whole at ``path``."""
    candidates.write(tmp, DEFAULT_RANKING.B, DEFAULT_RANKING.K1)
    rescore.write(tmp, meta["documents"])
    meta = {**meta, "files": _manifest(tmp)}
    (tmp / META_NAME).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o755)
    _swap_in(tmp, path)


def _rewrite_ranking_files(path: Path, meta: dict) -> bool:
    """When only the ranking's files are damaged (the Whoosh files check out), write them again
    from the Whoosh files — a fraction of a rebuild; False when the Whoosh files are damaged too."""
    whoosh_only = {**meta, "files": {n: v for n, v in _listed(meta).items() if not n.startswith("treaty-")}}
    try:
        files, _ = read_files(path, whoosh_only)
    except IndexMissing:
        return False
    if not files or not isinstance(meta.get("documents"), int):
        return False
    _sweep(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        _finish(tmp, path, {k: v for k, v in meta.items() if k != "files"})
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return True


def _swap_in(new: Path, path: Path) -> None:
    """Put the finished directory ``new`` at ``path``; readers never see a half-built index."""
    old = None
    check_replaceable(path)
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


def _manifest(folder: Path) -> dict[str, list[int]]:
    """Every file of the index (but the metadata and the lock) → [size, CRC-32]."""
    out = {}
    for p in sorted(folder.iterdir()):
        if p.is_file() and p.name != META_NAME and not p.name.endswith(LOCK_SUFFIX):
            data = p.read_bytes()
            out[p.name] = [len(data), zlib.crc32(data)]
    return out


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_ino, st.st_size, st.st_mtime_ns


def _listed(meta: dict) -> dict[str, list[int]]:
    files = meta.get("files")
    if (not isinstance(files, dict) or not files or not all(
            isinstance(n, str) and n == Path(n).name and not n.startswith(".") and isinstance(v, list) and len(v) == 2
            and all(isinstance(x, int) for x in v) for n, v in files.items())):
        raise IndexMissing("its metadata lists no files")
    return files


def read_files(path: Path, meta: dict) -> tuple[dict[str, bytes], dict[str, tuple[int, int, int]]]:
    """(name → content, name → stamp) of the files ``meta`` lists, each checked against its size
    and CRC-32; IndexDamaged naming the first that differs."""
    files, stamps = {}, {}
    for name, (size, crc) in _listed(meta).items():
        try:
            with open(path / name, "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
        except FileNotFoundError:
            raise IndexDamaged(f"{name} is missing") from None
        except OSError as e:
            raise IndexDamaged(f"{name} cannot be read: {e.strerror or e}") from None
        if len(data) != size:
            raise IndexDamaged(f"{name} holds {len(data)} bytes, not {size}")
        if zlib.crc32(data) != crc:
            raise IndexDamaged(f"{name} is not the file that was written (its CRC-32 differs)")
        files[name], stamps[name] = data, _stamp(st)
    return files, stamps


def read_meta(path: Path | str) -> dict | None:
    try:
        return json.loads((Path(path) / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class SearchIndex:
    """An opened index: its checked files in memory, one searcher shared by the queries made
    through it.  ``rebuilt`` says why :func:`ensure_index` built it (None: opened as it was)."""

    def __init__(self, path: Path, meta: dict, files: dict[str, bytes], stamps: dict[str, tuple],
                 doc_loader: Callable[[], Document] | None = None):
        self.path = path
        self.meta = meta
        storage = RamStorage()
        storage.files = {name: data for name, data in files.items() if not name.startswith("treaty-")}
        self._ix = storage.open_index()
        self._files = files
        self._stamps = stamps
        self._doc_loader = doc_loader
        self._searcher = None
        self.closed = False
        self.rebuilt: str | None = None

    @property
    def searcher(self):
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=scoring.BM25F())
        return self._searcher

    @cached_property
    def champions(self) -> candidates.Champions:
        return candidates.Champions(self._files[candidates.JSON_NAME], self._files[candidates.BIN_NAME])

    @cached_property
    def forward(self) -> rescore.Forward:
        return rescore.Forward(self._files[rescore.OFFSETS_NAME], self._files[rescore.DATA_NAME])

    def changed_on_disk(self) -> bool:
        """Whether any of the index's files is no longer the one read (by inode, size, mtime)."""
        for name, stamp in self._stamps.items():
            try:
                if _stamp(os.stat(self.path / name)) != stamp:
                    return True
            except OSError:
                return True
        return False

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
        if not self.closed:
            self._ix.close()
        self.closed = True

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_index(path: Path | str = INDEX_DIR, *, doc: Document | None = None, doc_loader: Callable[[], Document] | None = None) -> SearchIndex:
    """The index at ``path``, its files checked (IndexMissing; IndexDamaged when they are not
    the files its metadata lists, or Whoosh cannot read them)."""
    path = Path(path)
    meta = read_meta(path)
    if meta is None:
        raise IndexMissing(f"no search index at {path}; run 'treaty search' once to build it")
    files, stamps = read_files(path, meta)
    if doc is not None:
        doc_loader = lambda: doc  # noqa: E731
    try:
        return SearchIndex(path, meta, files, stamps, doc_loader)
    except Exception as e:  # noqa: BLE001 - whatever Whoosh raises on files that are not an index
        raise IndexDamaged(f"Whoosh cannot open it ({type(e).__name__}: {e})") from None


def ensure_index(corpus_path: Path | str = CORPUS_PATH, path: Path | str = INDEX_DIR, extra_documents: Sequence[ExtraDocument] = (), *,
                 extra_source: ExtraSource | None = None) -> SearchIndex:
    """Open the index at ``path``, rebuilding it first when it was built from another corpus
    (or other extra documents) or its files are damaged; ``extra_source`` is loaded only for a
    rebuild.  The index returned says why it was rebuilt in ``rebuilt``."""
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
             and meta.get("extras_sha256") == key)
    reason = "missing" if meta is None else "stale"
    if fresh:
        try:
            return open_index(path, doc_loader=loader)
        except IndexMissing as e:
            reason = f"damaged: {e}"
        try:
            if _rewrite_ranking_files(path, meta):
                index = open_index(path, doc_loader=loader)
                index.rebuilt = reason
                return index
        except IndexMissing:
            pass  # damaged again meanwhile: rebuilt whole below
    from ..corpus import from_json

    doc = from_json(json.loads(data.decode("utf-8")))
    if extra_source is not None:
        extra_documents += tuple(extra_source.load(doc))
    index = build_index(doc, path, extra_documents, corpus_sha256=sha, extras_key=key)
    index._doc_loader = lambda: doc
    index.rebuilt = reason
    return index
