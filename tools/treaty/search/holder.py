"""An index kept usable for as long as a reader runs (``treaty serve``, and once for ``treaty search``).

Before each query the holder checks what the index was built from (the corpus file, the extra
documents) and whether its files are still the ones it read (index.py: a stat of each).  A
changed source means the index is stale: queries wait for the rebuild, never answering from the
old one.  Changed or damaged files while the source is the same: queries go on being answered
from the checked copy in memory while the index is re-opened or rebuilt.  A query whose read
fails has the files checked again: damaged, they are rebuilt and the query is tried once more;
whole, the failure is a bug and is raised.

Rebuilds run in one background thread at a time (ensure_index: build into a temporary folder,
rename into place).  ``lock`` is held only while one query reads the open index, never across a
rebuild; queries waiting for a rebuild wait on that build, not on a lock.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from ..settings import CORPUS_PATH, INDEX_DIR
from .find import SearchResult, search
from .index import IndexMissing, SearchIndex, ensure_index, read_files
from .query import QueryError
from .records import ExtraSource, annotation_source


class IndexBusy(RuntimeError):
    """The index is still being rebuilt after the holder's ``wait`` seconds."""


class _Build:
    """One rebuild in a background thread: waited on by the queries that need its index."""

    def __init__(self, stamp: tuple, after: _Build | None):
        self.stamp, self.after = stamp, after
        self.done = threading.Event()
        self.index: SearchIndex | None = None
        self.error: BaseException | None = None

    def wait(self, timeout: float | None) -> SearchIndex:
        if not self.done.wait(timeout):
            raise IndexBusy("the search index is being rebuilt; try again in a moment")
        if self.error is not None:
            raise self.error
        assert self.index is not None
        return self.index


class IndexHolder:
    """The open index, re-checked before each query and rebuilt when stale or damaged.

    ``report`` (if given) gets one line for each rebuild of a damaged index; ``wait`` is how long
    (seconds) a query waits for a rebuild before IndexBusy (None: as long as it takes)."""

    def __init__(self, corpus_path: Path = CORPUS_PATH, index_path: Path = INDEX_DIR,
                 extras: Callable[[], ExtraSource | None] = annotation_source, *,
                 report: Callable[[str], None] | None = None, wait: float | None = 120.0):
        self.corpus_path, self.index_path = Path(corpus_path), Path(index_path)
        self.extras, self.report, self.wait = extras, report, wait
        #: held while a query reads the open index (its Whoosh searcher is shared); never across a rebuild
        self.lock = threading.Lock()
        self._state = threading.Lock()  # guards the three fields below; held for bookkeeping only
        self._index: SearchIndex | None = None
        self._stamp: tuple | None = None
        self._build: _Build | None = None

    def _source(self) -> tuple[tuple, ExtraSource | None]:
        st = self.corpus_path.stat()
        source = self.extras()
        return (st.st_mtime_ns, st.st_size, source.fingerprint if source else None), source

    def get(self, *, patient: bool = False) -> SearchIndex:
        """An index built from the current corpus: the open one, or the one a rebuild makes
        (waited for ``wait`` seconds, or as long as it takes when ``patient``)."""
        stamp, source = self._source()
        with self._state:
            index = self._index
            if index is not None and stamp == self._stamp:
                if index.changed_on_disk():  # re-open or rebuild; meanwhile the checked copy answers
                    self._start(stamp, source)
                return index
            build = self._start(stamp, source)
        return build.wait(None if patient else self.wait)

    def _start(self, stamp: tuple, source: ExtraSource | None) -> _Build:
        """The rebuild for ``stamp`` under way, or a new one (call with ``_state`` held)."""
        if self._build is not None and self._build.stamp == stamp:
            return self._build
        build = self._build = _Build(stamp, self._build)
        threading.Thread(target=self._run, args=(build, source), name="treaty-index-rebuild", daemon=True).start()
        return build

    def _run(self, build: _Build, source: ExtraSource | None) -> None:
        try:
            if build.after is not None:
                build.after.done.wait()
            build.index = ensure_index(self.corpus_path, self.index_path, extra_source=source)
        except BaseException as e:  # noqa: BLE001 - handed to the queries waiting for this build
            build.error = e
        with self._state:
            installed = build.index is not None and self._build is build
            old = None
            if installed:
                old, self._index, self._stamp = self._index, build.index, build.stamp
            if self._build is build:
                self._build = None
        build.after = None
        build.done.set()
        if installed and (build.index.rebuilt or "").startswith("damaged") and self.report:
            self.report(f"the search index at {self.index_path} was {build.index.rebuilt}; rebuilt")
        for stale in (old, None if installed else build.index):  # a build overtaken by a newer one is dropped
            if stale is not None and stale is not self._index:
                with self.lock:
                    stale.close()

    def _intact(self, index: SearchIndex) -> bool:
        try:
            read_files(index.path, index.meta)
        except IndexMissing:
            return False
        return True

    def _discard(self, index: SearchIndex) -> None:
        with self._state:
            if self._index is index:
                self._index = self._stamp = None
        with self.lock:
            index.close()

    def search(self, query: str, limit: int = 10) -> SearchResult:
        """``query`` answered from a usable index (QueryError for a query that says nothing)."""
        for attempt in range(3):
            index = self.get()
            damaged = False
            with self.lock:
                if not index.closed:  # (closed: replaced by a fresh one meanwhile)
                    try:
                        return search(index, query, limit)
                    except QueryError:
                        raise
                    except Exception:
                        if attempt == 2 or self._intact(index):
                            raise  # the files are whole: a bug, not damage
                        damaged = True
            if damaged:
                self._discard(index)  # the next get() rebuilds
        raise IndexBusy("the search index kept changing while it was read; try again")

    def settle(self, timeout: float | None = 600.0) -> None:
        """Wait for the rebuilds under way to finish."""
        while True:
            with self._state:
                build = self._build
            if build is None or not build.done.wait(timeout):
                return

    def close(self) -> None:
        self.settle()
        with self._state:
            index, self._index, self._stamp = self._index, None, None
        if index is not None:
            with self.lock:
                index.close()

    def __enter__(self) -> IndexHolder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
