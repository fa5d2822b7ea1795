# SPDX-License-Identifier: MIT
"""A big read-only table that holds ids, reads them a chunk at a time and rows a page at a time.

:class:`PagedTableModel` asks its subclass for the first :data:`CHUNK_SIZE` ids of the current
filter and sort (``query_ids``, on a thread when the subclass gives an ``ids_reader``), then a
countable list counts its rows on a worker and the view gets them all at once: rows away from
the top are read a chunk at a time where the view goes (see :mod:`arapp.ui.id_segments`).
Otherwise the next chunk comes only when the view scrolls to the end (Qt's
``canFetchMore``/``fetchMore``). Rows are read in pages of :data:`PAGE_SIZE` into a small cache
keyed by id (``query_rows``). Sorting and filtering happen in SQL, in the services.

After a change (:meth:`PagedTableModel.refresh`) the ids read from the top are read again (on
a thread, as a reload, when the subclass gives a ``refresh_reader``) and the difference is
applied as row removals and insertions; rows that stayed get one ``dataChanged``. Views keep
their selection through that; only a large upheaval resets the model. A subclass may instead
have rows that only moved follow as a layout change (``layout_moves``), and read every id at
once (``chunked = False``).

:class:`~arapp.ui.list_model.ListTableModel` adds what the list tabs share on top.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from arapp.ui.big_table import ColumnTableModel
from arapp.ui.id_segments import Segments, plan
from arapp.ui.row_changes import longest_increasing, runs
from arapp.ui.worker import run_in_background

CHUNK_SIZE = 2_000  # ids read per query; the next chunk when the view scrolls to the end
PAGE_SIZE = 100  # rows read per query when they come on screen
MAX_CACHED_ROWS = 1_200  # rows kept in memory, whatever the size of the books
MAX_STEPS = 400  # more row insertions/removals than this at once: a reset is cheaper
RELOAD_BUDGET = 0.05  # seconds a reload may hold the window before it says "Loading…"
MAX_SEGMENT_ROWS = 40_000  # ids kept of rows read away from the top (where the view jumped)

AnyIndex = QModelIndex | QPersistentModelIndex
log = logging.getLogger(__name__)
Row = TypeVar("Row")
T = TypeVar("T")

IdRole = Qt.ItemDataRole.UserRole + 1
"""Role returning the record's database id (an ``int``)."""
RowRole = Qt.ItemDataRole.UserRole + 2
"""Role returning the whole row the services read for the record."""


@dataclass(frozen=True)
class FirstChunk:
    """What an :meth:`PagedTableModel.ids_reader` may give instead of the bare first ids.

    Attributes:
        ids: The first ids.
        total: The number of all the rows (counting came with reading: a countable list then
            counts nothing more).
        found_row: The row of a record the reader was asked to find (the selection, see
            :meth:`PagedTableModel.find_row`) when it is past ``ids``; ``None`` otherwise.
        found_ids: The ids of the rows from ``found_row`` on (that record's first).
    """

    ids: list[int]
    total: int
    found_row: int | None = None
    found_ids: list[int] = field(default_factory=list)


IdsRead = list[int] | FirstChunk


def _run(reader: Callable[[], Any], future: Future[Any]) -> None:
    """On a thread of its own: read the ids into ``future``."""
    try:
        future.set_result(reader())
    except Exception as exc:  # raised where the result is awaited
        future.set_exception(exc)


def _start(reader: Callable[[], T]) -> tuple[Future[T], T | None]:
    """Run ``reader`` on a thread; its result if it came within :data:`RELOAD_BUDGET`."""
    future: Future[T] = Future()
    threading.Thread(target=_run, args=(reader, future), daemon=True).start()
    try:
        return future, future.result(timeout=RELOAD_BUDGET)
    except FutureTimeout:
        return future, None


class PagedTableModel(ColumnTableModel, Generic[Row]):
    """Subclasses implement :meth:`query_ids`, :meth:`query_rows` and ``data``; a countable
    list (:attr:`countable`) also :meth:`query_count` and :meth:`query_seek`.

    The ids are held in two parts: the *head*, rows ``0..n`` read from the top (what
    :meth:`refresh` compares), and *segments* of :data:`CHUNK_SIZE` rows read where the view
    jumped to (Ctrl+End, a drag of the scroll bar). A segment is read by a seek from the row
    before or after it when that row is known, from the end in reverse for the last rows, and
    by position otherwise (:meth:`query_seek`); reading one never touches the others, so no map
    is rebuilt per page.

    Attributes:
        fetch_count: How many times rows were read from the database (for tests).
        rows_fetched: How many rows were read in total (for tests).
        id_queries: How many times ids were read (for tests).
        counting: True while the number of rows is being counted on a worker.
        count_known: ``Signal()``, :attr:`counting` became False.
        loading: True while a reload is read on a worker (it took longer than
            :data:`RELOAD_BUDGET`); the rows shown are still the previous ones.
        loading_changed: ``Signal(bool)``, :attr:`loading` changed.
        refreshed: ``Signal()``, a :meth:`refresh` was applied (or overtaken by a reload).

    Class attributes:
        chunked: False when :meth:`query_ids` returns every id at once (``limit`` is then
            only a hint and there is never more to fetch).
        countable: True when :meth:`query_count` and :meth:`query_seek` exist: after the first
            chunk the rows are counted on a worker and the view gets every row at once.
        page_size: Rows read per query when they come on screen.
        max_cached_rows: Rows kept in memory.
        layout_moves: True to keep the persistent indexes (and so the views' selection) of
            rows that only moved: a reorder is a layout change, and a difference that both
            adds and removes rows (moved ones included) a reset; False, every difference is
            removals and insertions.
    """

    count_known = Signal()
    loading_changed = Signal(bool)
    refreshed = Signal()

    chunked = True
    countable = False
    page_size = PAGE_SIZE
    max_cached_rows = MAX_CACHED_ROWS
    layout_moves = False

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.fetch_count = 0
        self.rows_fetched = 0
        self.id_queries = 0
        self.counting = False
        self.loading = False
        self._reload_generation = 0
        self._ids: list[int] = []  # the head
        self._segments = Segments(MAX_SEGMENT_ROWS // CHUNK_SIZE)  # beyond the head
        self._count = 0  # rows the view has
        self._more = False  # the count is not known: the view may fetch more
        self._count_generation = 0
        self._refresh_generation = 0
        self._refresh_changed: set[int] = set()  # of the refreshes not applied yet
        self._refresh_all = False
        self._row_of: dict[int, int] | None = None
        self._cache: OrderedDict[int, Row] = OrderedDict()
        self._stale: set[int] = set()

    # -- what subclasses provide --------------------------------------------------------------

    def query_ids(self, limit: int, offset: int) -> list[int]:
        """Ids of the current filter and sort, ``limit`` of them from ``offset``."""
        raise NotImplementedError

    def query_rows(self, ids: list[int]) -> dict[int, Row]:
        """The rows of ``ids``, keyed by id (vanished ones left out)."""
        raise NotImplementedError

    def query_count(self) -> Callable[[], int]:
        """A function counting the rows of the current filter, run on a worker (so it may
        not touch the model: take what it needs now)."""
        raise NotImplementedError

    def query_seek(self, limit: int, offset: int, after: int | None, reverse: bool) -> list[int]:
        """``limit`` ids from ``offset`` (counted from the end when ``reverse``, then in
        reverse order), or the ``limit`` that follow the id ``after`` in that order."""
        raise NotImplementedError

    # -- ids ----------------------------------------------------------------------------------

    def ids_reader(self, limit: int) -> Callable[[], IdsRead] | None:
        """A function reading the first ``limit`` ids of the current filter and sort on a
        worker (so it may not touch the model), or ``None`` to read them here. It may also
        give the number of rows and where a record is (a :class:`FirstChunk`)."""
        return None

    def refresh_reader(self, limit: int) -> Callable[[], list[int]] | None:
        """A function reading the first ``limit`` ids again after a change on a worker (so it
        may not touch the model), or ``None`` to read them here (:meth:`query_ids`)."""
        return None

    def query_position(self, record_id: int) -> int | None:
        """The row of ``record_id`` in the current filter and sort, or ``None`` when it is not
        in the list (a countable list that can say it: see :meth:`find_row`)."""
        return None

    def reload(self) -> None:
        """Read the first chunk of ids again from scratch (a new filter or sort): a reset.
        A countable list then counts its rows on a worker and grows to them.

        With an :meth:`ids_reader` the chunk is read on a thread: if it is not there within
        :data:`RELOAD_BUDGET` the model says it is :attr:`loading` and resets when it comes;
        the last reload wins (an older one arriving late is dropped).
        """
        self._reload_generation += 1
        self._count_generation += 1  # a count on its way is for the rows shown until now
        generation = self._reload_generation
        self.id_queries += 1
        reader = self.ids_reader(CHUNK_SIZE)
        if reader is None:
            self._loaded(generation, self.query_ids(CHUNK_SIZE, 0))
            return
        future, ids = _start(reader)
        if ids is None:
            self._set_loading(True)
            run_in_background(
                self,
                future.result,
                lambda late: self._loaded(generation, late),
                lambda exc: self._load_failed(generation, exc),
            )
            return
        self._loaded(generation, ids)

    def _loaded(self, generation: int, read: IdsRead) -> None:
        if generation != self._reload_generation:
            return  # a newer filter or sort was asked for meanwhile
        first, ids = (read, read.ids) if isinstance(read, FirstChunk) else (None, read)
        total = first.total if first is not None and self.countable else None
        self.beginResetModel()
        self._cache.clear()
        self._stale.clear()
        self._set_ids(ids)
        self._more = self.chunked and len(ids) == CHUNK_SIZE and total is None
        self._count = len(ids) if total is None else max(total, len(ids))
        if first is not None and first.found_row is not None and total is not None:
            self._place(first.found_row, first.found_ids)
        self.endResetModel()
        self._set_loading(False)
        self._count_rows()

    def _load_failed(self, generation: int, exc: Exception) -> None:
        if generation == self._reload_generation:
            log.error("the list could not be read", exc_info=exc)
            self._set_loading(False)

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loading_changed.emit(loading)

    def _count_rows(self, again: bool = False) -> None:
        """Count on a worker if the list may be longer than what is loaded (or ``again``,
        after a change); the last request wins (an older count arriving late is dropped)."""
        self._count_generation += 1
        if not (self.countable and (self._more or again)):
            self._set_counting(False)
            return
        generation, count = self._count_generation, self.query_count()
        self._set_counting(True)
        run_in_background(
            self,
            count,
            lambda n: self._counted(generation, n),
            lambda _exc: self._counted(generation, None),
        )

    def _set_counting(self, counting: bool) -> None:
        was, self.counting = self.counting, counting
        if was and not counting:
            self.count_known.emit()

    def _counted(self, generation: int, n: int | None) -> None:
        if generation != self._count_generation:
            return  # the filter, sort or rows changed since: a newer count is on its way
        if n is not None:
            self._more = False
            self._resize(max(n, len(self._ids)))
        self._set_counting(False)

    def _resize(self, n: int) -> None:
        """The view has ``n`` rows (the head stays; segments past the end go)."""
        if n > self._count:
            self.beginInsertRows(QModelIndex(), self._count, n - 1)
            self._count = n
            self.endInsertRows()
        elif n < self._count:
            self.beginRemoveRows(QModelIndex(), n, self._count - 1)
            self._count = n
            self._segments.cut(n)
            self._row_of = None
            self.endRemoveRows()

    def _set_ids(self, ids: list[int]) -> None:
        self._ids = ids
        self._segments.clear()
        self._row_of = None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """The view reached the end of what is loaded (its rows not counted yet): read the
        next chunk of ids, by a seek past the last one when the list can."""
        if parent.isValid() or not self._more:
            return
        self.id_queries += 1
        if self.countable and self._ids:
            chunk = self.query_seek(CHUNK_SIZE, len(self._ids), self._ids[-1], False)
        else:
            chunk = self.query_ids(CHUNK_SIZE, len(self._ids))
        self._more = len(chunk) == CHUNK_SIZE
        known = self._index_of()
        fresh = [i for i in chunk if i not in known]  # a row inserted meanwhile shifts offsets
        if fresh:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._ids.extend(fresh)
            self._count = len(self._ids)
            known.update((rid, first + n) for n, rid in enumerate(fresh))  # not rebuilt
            self.endInsertRows()
        if not self._more:
            self._count_generation += 1  # a count still on its way is out of date
            self._set_counting(False)

    def refresh(self, changed: Iterable[int] = (), *, all_rows: bool = False) -> None:
        """Records ``changed`` (or appeared, or went): read the loaded ids again and apply the
        difference as removals and insertions, so views keep their selection.

        ``all_rows``: something else changed (a customer's name, a refund); every row is read
        again when next shown.

        A long list compares its head only; rows past it are read again when next shown and
        counted again on a worker.
        """
        changed = set(changed)
        self._stale.update(changed)
        self._refresh_changed.update(changed)
        self._refresh_all = self._refresh_all or all_rows
        self._refresh_generation += 1
        generation, reloaded, head = (
            self._refresh_generation,
            self._reload_generation,
            len(self._ids),
        )
        # As many ids as are loaded, plus room for the changed ones that may now join.
        limit = max(head + len(self._refresh_changed), CHUNK_SIZE)
        self.id_queries += 1
        reader = self.refresh_reader(limit)
        if reader is None:
            self._refreshed(generation, reloaded, head, limit, self.query_ids(limit, 0))
            return
        future, ids = _start(reader)
        if ids is None:  # the rows shown stay meanwhile; the newest refresh is applied
            run_in_background(
                self,
                future.result,
                lambda late: self._refreshed(generation, reloaded, head, limit, late),
                lambda exc: self._refresh_failed(generation, exc),
            )
            return
        self._refreshed(generation, reloaded, head, limit, ids)

    def _refresh_failed(self, generation: int, exc: Exception) -> None:
        if generation == self._refresh_generation:
            log.error("the list could not be read again", exc_info=exc)
            self._refresh_changed, self._refresh_all = set(), False

    def _refreshed(
        self, generation: int, reloaded: int, head: int, limit: int, new_ids: list[int]
    ) -> None:
        """Apply the ids a :meth:`refresh` read, unless a newer refresh or a reload is on its
        way (it has these changes too) or the head grew meanwhile (then read again)."""
        if generation != self._refresh_generation:
            return
        changed, all_rows = self._refresh_changed, self._refresh_all
        self._refresh_changed, self._refresh_all = set(), False
        if reloaded != self._reload_generation:
            self.refreshed.emit()
            return
        if head != len(self._ids):
            self.refresh(changed, all_rows=all_rows)
            return
        more = self._more
        beyond = self.countable and (head < self._count or more)
        self._more = self.chunked and len(new_ids) == limit
        if beyond:
            new_ids = new_ids[:head]  # rows that join below the head are counted below
            self._more = more
        if all_rows:
            self._stale.update(self._cache)
            changed.update(self._cache)
        if beyond and self._segments:
            self._segments.clear()
            self._row_of = None
            if self._count > head:
                self.dataChanged.emit(
                    self.index(head, 0), self.index(self._count - 1, self.columnCount() - 1)
                )
        if new_ids != self._ids:
            self._apply(new_ids)
        rows = sorted(r for r in (self.row_of(i) for i in changed) if r is not None)
        if rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], last))
        if beyond or (self.countable and self._more):
            self._count_rows(again=True)
        self.refreshed.emit()

    def _apply(self, new_ids: list[int]) -> None:
        old_ids = self._ids
        old_pos = self._index_of()
        if self.layout_moves and old_pos.keys() == set(new_ids):
            self._reorder(new_ids)
            return
        # Rows whose order is unchanged stay; every other row is removed or inserted.
        common = [old_pos[i] for i in new_ids if i in old_pos]
        if all(a < b for a, b in pairwise(common)):  # nothing moved: all of them (the usual)
            keep = {old_ids[p] for p in common}
        else:
            keep = {old_ids[p] for p in longest_increasing(common)}
        removed = [n for n, i in enumerate(old_ids) if i not in keep]
        added = [n for n, i in enumerate(new_ids) if i not in keep]
        mixed = self.layout_moves and bool(removed) and bool(added)
        if mixed or len(runs(removed)) + len(runs(added)) > MAX_STEPS:
            self.beginResetModel()
            tail = self._count - len(self._ids)
            self._set_ids(new_ids)
            self._count = len(new_ids) + tail
            self.endResetModel()
            return
        for first, last in reversed(runs(removed)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._ids[first : last + 1]
            self._count -= last + 1 - first
            self._row_of = None
            self.endRemoveRows()
        for first, last in runs(added):
            self.beginInsertRows(QModelIndex(), first, last)
            self._ids[first:first] = new_ids[first : last + 1]
            self._count += last + 1 - first
            self._row_of = None
            self.endInsertRows()

    def _reorder(self, new_ids: list[int]) -> None:
        """The same rows in another order: a layout change; persistent indexes follow."""
        self.layoutAboutToBeChanged.emit()
        held = self.persistentIndexList()
        ids = [self.record_id(index.row()) for index in held]
        self._set_ids(new_ids)
        row_of = self._index_of()
        self.changePersistentIndexList(
            held,
            [
                self.index(row_of[i], index.column()) if i in row_of else QModelIndex()
                for i, index in zip(ids, held, strict=True)
            ],
        )
        self.layoutChanged.emit()

    # -- rows ---------------------------------------------------------------------------------

    def record_id(self, row: int) -> int | None:
        """The id on ``row``; a row past the head is read with its segment if need be."""
        if not 0 <= row < self._count:
            return None
        if row < len(self._ids):
            return self._ids[row]
        found = self._known(row)
        if found is None:
            first = row - row % CHUNK_SIZE
            self._read_segment(max(first, len(self._ids)))
            found = self._known(row)
        return found

    def _known(self, row: int) -> int | None:
        if 0 <= row < len(self._ids):
            return self._ids[row]
        return self._segments.get(row, CHUNK_SIZE) if row >= 0 else None

    def _read_segment(self, first: int) -> None:
        """Read the ids of rows ``first..`` (a chunk, or to the end) from the nearest known
        row (see :func:`~arapp.ui.id_segments.plan`)."""
        seek = plan(first, self._count, CHUNK_SIZE, self._known)
        if seek is None:
            return
        self.id_queries += 1
        ids = self.query_seek(seek.limit, seek.offset, seek.after, seek.reverse)
        ids = (ids[::-1] if seek.reverse else ids)[: seek.limit]  # rows may have come or gone
        if self._segments.add(first, ids):
            self._row_of = None
        elif self._row_of is not None:
            self._row_of.update((rid, first + n) for n, rid in enumerate(ids))

    def row_of(self, record_id: int) -> int | None:
        """The row of ``record_id`` among the ids read so far."""
        return self._index_of().get(record_id)

    def find_row(self, record_id: int) -> int | None:
        """The row of ``record_id`` anywhere in the list, or ``None`` when it is not in it.

        Among the ids read so far first; otherwise a countable list asks where it is
        (:meth:`query_position`, one count) and reads the chunk from it on by a seek past it,
        as a segment (the rows before it come as the view goes up, see
        :func:`~arapp.ui.id_segments.plan`). Rows still being counted grow to include it.
        """
        row = self.row_of(record_id)
        if row is not None or not self.countable or self.loading:
            return row  # (while loading, the rows shown are of the previous search)
        row = self.query_position(record_id)
        if row is None or row < len(self._ids):  # not in the list; or the head is out of date
            return None
        if row >= self._count:
            if not (self._more or self.counting):
                return None  # it joined since the count: the change's refresh will show it
            self._more = False  # the count on its way sets the length
            self._resize(row + 1)
        self.id_queries += 1
        self._place(row, [record_id, *self.query_seek(CHUNK_SIZE - 1, row + 1, record_id, False)])
        return row

    def _place(self, row: int, ids: list[int]) -> None:
        """Keep ``ids`` as the segment of rows ``row..`` (past the head)."""
        ids = ids[: self._count - row]
        if row < len(self._ids) or not ids:
            return
        if self._segments.add(row, ids):
            self._row_of = None
        elif self._row_of is not None:
            self._row_of.update((rid, row + n) for n, rid in enumerate(ids))

    def _index_of(self) -> dict[int, int]:
        if self._row_of is None:
            found = {rid: n for n, rid in enumerate(self._ids)}
            for start, ids in self._segments.items():
                found.update((rid, start + n) for n, rid in enumerate(ids))
            self._row_of = found
        return self._row_of

    def loaded_ids(self) -> list[int]:
        """The ids of the head (rows read from the top)."""
        return list(self._ids)

    def row_at(self, row: int) -> Row | None:
        """The record on ``row``, from the cache or read with its page."""
        rid = self.record_id(row)
        if rid is None:
            return None
        found = self._cache.get(rid)
        if found is not None and rid not in self._stale:
            self._cache.move_to_end(rid)
            return found
        start = row - row % self.page_size
        near = (self._known(r) for r in range(start, min(start + self.page_size, self._count)))
        page = [i for i in near if i is not None and (i not in self._cache or i in self._stale)]
        self._read(page if rid in page else [rid, *page])
        return self._cache.get(rid)

    def _read(self, ids: list[int]) -> None:
        self.fetch_count += 1
        rows = self.query_rows(ids)
        self.rows_fetched += len(rows)
        self._stale.difference_update(ids)
        for rid in ids:
            self._cache.pop(rid, None)
        self._cache.update(rows)
        while len(self._cache) > self.max_cached_rows:
            self._cache.popitem(last=False)

    def cached_rows(self) -> int:
        return len(self._cache)

    def rows(self, rows: Iterable[int]) -> list[Row]:
        """The records on ``rows`` (a selection), read in one query where not cached."""
        wanted = [(r, i) for r in sorted(set(rows)) if (i := self.record_id(r)) is not None]
        missing = [i for _, i in wanted if i not in self._cache or i in self._stale]
        if missing:
            self._read(missing)
        return [self._cache[i] for _, i in wanted if i in self._cache]
