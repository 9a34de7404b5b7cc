"""SearchIndex: the hub's full-text index (Whoosh), with generations, facets and snippets."""

from __future__ import annotations

import contextlib
import gc
import heapq
import os
import random
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as wix
from whoosh.index import LockError

from . import query as qmod
from . import store
from .analysis import LANGUAGES, fold, words
from .errors import IndexBusy, IndexUnavailable
from .scoring import View, _leaves
from .snippets import snippet
from .thesaurus import Thesaurus

# Fewer documents than this with every word of a 3+ word query: show the "most words" match.
ENOUGH = 10

# A segment this large on disk (a long document's text, stored and indexed in every field) is
# left alone by the merges of ordinary commits. Whoosh's MERGE_SMALL picks segments by how few
# documents they hold, so a one-document segment of 45 MB was rewritten by every commit that
# merged: each write then took seconds, under the drain lock, while requests waited for it.
LARGE_SEGMENT_BYTES = 4 * 1024 * 1024
# A write waits this long for Whoosh's write lock, this many times, before IndexBusy.
WRITE_LOCK_TIMEOUT = 2.0
WRITE_LOCK_TRIES = 5
# More large segments than this are merged into one by `compact()` (the jobs worker, every
# minute), never by a request's commit.
MAX_LARGE_SEGMENTS = 8


def _segment_bytes(storage, segment) -> int:
    total = 0
    for name in segment.list_files(storage):
        with contextlib.suppress(OSError):  # merged away meanwhile
            total += storage.file_length(name)
    return total


def merge_small_segments(writer, segments):
    """Whoosh's MERGE_SMALL over the segments below LARGE_SEGMENT_BYTES; the large ones are
    kept as they are."""
    from whoosh.writing import MERGE_SMALL

    large = [seg for seg in segments if _segment_bytes(writer.storage, seg) >= LARGE_SEGMENT_BYTES]
    small = [seg for seg in segments if seg not in large]
    return large + list(MERGE_SMALL(writer, small))


def merge_large_segments(writer, segments):
    """Merge every large segment into the new one (for `compact()`)."""
    from whoosh.reading import SegmentReader

    kept = []
    for seg in segments:
        if _segment_bytes(writer.storage, seg) >= LARGE_SEGMENT_BYTES:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
        else:
            kept.append(seg)
    return kept


def _racing_writers(open_fn: Callable, attempts: int = 6):
    """Open a Whoosh index or searcher, retrying when a writer in another process replaced the
    table of contents (and deleted the old one, or merged-away segments) between Whoosh listing
    the files and opening them. Readers take no lock, so this race is normal under several
    gunicorn workers; without the retry it surfaced as a 503 (or a lost write in a test)."""
    for attempt in range(attempts):
        try:
            return open_fn()
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1) + random.random() * 0.01)
    raise AssertionError("unreachable")


@dataclass
class SearchResult:
    """One page of results; snippets are safe HTML (escaped text, matches in <mark>)."""

    ids: list[int]
    total: int
    snippets: dict[int, str] = field(default_factory=dict)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    expansions: list[dict] = field(default_factory=list)
    # True when nothing matched the query as typed and the results are for `suggestion`.
    corrected: bool = False
    # "all": every word of the query matched; "most": too few did, so these are the
    # documents matching most of the words.
    matched: str = "all"


class SearchIndex:
    """A directory holding the search index; make one per process and reuse it."""

    def __init__(self, path: str | os.PathLike, *, thesaurus_path: str | os.PathLike | None = None,
                 lock_timeout: float = WRITE_LOCK_TIMEOUT, lock_retries: int = WRITE_LOCK_TRIES):
        self.path = Path(path)
        self.thesaurus = _thesaurus(str(thesaurus_path) if thesaurus_path else None)
        self.lock_timeout = lock_timeout
        self.lock_retries = lock_retries
        self._lock = threading.RLock()
        self._pid = os.getpid()
        self._gen: str | None = None
        self._ix = None
        self._searcher = None
        self._retired = None
        self._view: View | None = None
        self._seg_cache: dict = {}

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike, **kwargs) -> SearchIndex:
        """Create (or reset to) an empty index at `path` and return it."""
        idx = cls(path, **kwargs)
        idx.rebuild(())
        return idx

    def close(self) -> None:
        """Release the searcher and index handles."""
        with self._lock:
            for searcher in (self._searcher, self._retired):
                if searcher is not None:
                    searcher.close()
            self._searcher = self._retired = self._view = self._ix = self._gen = None

    def _index(self):
        """The open Whoosh index of the current generation (reopened after a switch)."""
        gen = store.read_current(self.path)
        if gen is None:
            raise IndexUnavailable(f"no search index at {self.path}")
        if os.getpid() != self._pid:  # forked: never share handles with the parent
            self._pid = os.getpid()
            self._searcher = self._view = self._ix = self._gen = None
        if gen != self._gen or self._ix is None:
            error = None
            # Whoosh leaves the TOC file open when it fails to parse it; let that file be
            # finalised here, quietly, instead of surfacing later as a ResourceWarning.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ResourceWarning)
                try:
                    ix = _racing_writers(lambda: wix.open_dir(str(self.path / gen)))
                except Exception as exc:  # any failure to open means the directory is unusable
                    error = f"cannot open search index {self.path / gen}: {exc}"
                if error:
                    gc.collect()
            if error:
                raise IndexUnavailable(error)
            self._retire()
            self._ix, self._gen, self._searcher, self._view = ix, gen, None, None
        return self._ix

    def _retire(self) -> None:
        # The current searcher may still serve a query in another thread: close it one
        # switch later rather than now.
        if self._retired is not None:
            self._retired.close()
        self._retired, self._searcher = self._searcher, None

    def _current_view(self) -> View:
        with self._lock:
            ix = self._index()
            try:
                if self._searcher is None:
                    self._searcher = _racing_writers(ix.searcher)
                elif not self._searcher.up_to_date():
                    # Not searcher.refresh(): whoosh-reloaded 2.7.5 reuses segment readers
                    # with stale deletions and re-adds merged-away segments on refresh.
                    self._retire()
                    self._searcher = _racing_writers(ix.searcher)
                if self._view is None or self._view.searcher is not self._searcher:
                    self._view = View(self._searcher, self._seg_cache)
            except IndexUnavailable:
                raise
            except Exception as exc:
                self._searcher = self._view = self._ix = self._gen = None
                raise IndexUnavailable(f"search index unreadable: {exc}") from exc
            return self._view

    # -- writing -----------------------------------------------------------------------------

    def _write(self, apply: Callable, journal: tuple[str, object]) -> None:
        """Run `apply(writer)` under the write lock, retrying a bounded number of times."""
        for attempt in range(self.lock_retries):
            with self._lock:
                ix = self._index()
                gen = self._gen
            try:
                w = ix.writer(timeout=self.lock_timeout, delay=0.02 + random.random() * 0.03)
            except LockError:
                time.sleep(0.05 * (attempt + 1))
                continue
            except Exception as exc:
                raise IndexUnavailable(f"cannot write search index: {exc}") from exc
            try:
                if store.read_current(self.path) != gen:  # a rebuild switched meanwhile
                    w.cancel()
                    continue
                apply(w)
                target = store.journal_target(self.path)
                if target:  # a rebuild is running: it replays this before switching
                    store.journal_append(self.path, target, *journal)
                # Merges small segments only; never optimize() here.
                w.commit(mergetype=merge_small_segments)
            except BaseException:
                w.cancel()
                raise
            return
        raise IndexBusy(f"search index {self.path} stayed locked")

    def update(self, docs: Iterable[dict]) -> None:
        """Add or replace documents by id."""
        docs = list(docs)
        if not docs:
            return

        def apply(w):
            for d in docs:
                w.update_document(**store.to_fields(d, w.schema))

        self._write(apply, ("update_many", docs))

    def delete(self, ids: Iterable[int]) -> None:
        """Remove documents by id (unknown ids are ignored)."""
        ids = [int(i) for i in ids]
        if not ids:
            return

        def apply(w):
            for i in ids:
                w.delete_by_term("id", str(i))

        self._write(apply, ("delete", ids))

    def large_segments(self) -> int:
        """How many segments of the current generation are at least LARGE_SEGMENT_BYTES."""
        with self._lock:
            ix = self._index()
        return sum(_segment_bytes(ix.storage, seg) >= LARGE_SEGMENT_BYTES
                   for seg in _racing_writers(ix._segments))

    def compact(self) -> bool:
        """Merge the large segments into one when there are more than MAX_LARGE_SEGMENTS (a
        job's work: it rewrites all of them). Returns whether it merged."""
        if self.large_segments() <= MAX_LARGE_SEGMENTS:
            return False
        with self._lock:
            ix = self._index()
        try:
            w = ix.writer(timeout=self.lock_timeout, delay=0.05)
        except LockError as exc:
            raise IndexBusy(f"search index {self.path} stayed locked") from exc
        try:
            w.commit(mergetype=merge_large_segments)
        except BaseException:
            w.cancel()
            raise
        return True

    def doc_count(self) -> int:
        """Number of live documents."""
        return self._current_view().searcher.doc_count()

    def all_ids(self) -> set[int]:
        """Ids of all live documents."""
        view = self._current_view()
        reader = view.searcher.reader()
        return {view.rows[d][0] for d in reader.all_doc_ids()}

    def rebuild(self, docs: Iterable[dict],
                progress: Callable[[int], None] | None = None) -> None:
        """Build a fresh generation from `docs`, then switch to it atomically."""
        self.path.mkdir(parents=True, exist_ok=True)
        gen = store.new_generation_name()
        gen_dir = self.path / gen
        gen_dir.mkdir()
        (self.path / store.REBUILDING).write_text(gen, encoding="utf-8")
        try:
            ix = wix.create_in(str(gen_dir), store.make_schema())
            w = ix.writer(limitmb=256)
            n = 0
            try:
                for d in docs:
                    w.add_document(**store.to_fields(d))
                    n += 1
                    if progress and n % 1000 == 0:
                        progress(n)
                w.commit()
            except BaseException:
                w.cancel()
                raise
            self._switch(ix, gen)
            if progress:
                progress(n)
        except BaseException:
            (self.path / store.REBUILDING).unlink(missing_ok=True)
            store.cleanup(self.path, keep={store.read_current(self.path) or ""})
            raise

    def _switch(self, new_ix, gen: str) -> None:
        """Hold the old generation's lock, replay the journal, repoint CURRENT."""
        old = store.read_current(self.path)
        old_writer = None
        if old and (self.path / old).is_dir():
            try:
                old_writer = wix.open_dir(str(self.path / old)).writer(timeout=30, delay=0.05)
            except Exception:  # old index corrupt or stuck: nothing more to wait for
                old_writer = None
        try:
            ops = store.journal_read(self.path, gen)
            if ops:
                w = new_ix.writer(timeout=30, delay=0.05)
                for op, data in ops:
                    if op == "update_many":
                        for d in data:
                            w.update_document(**store.to_fields(d, w.schema))
                    else:
                        for i in data:
                            w.delete_by_term("id", str(i))
                w.commit()
            store.write_current(self.path, gen)
            (self.path / store.REBUILDING).unlink(missing_ok=True)
        finally:
            if old_writer is not None:
                old_writer.cancel()
        # Keep the previous generation: other processes may still be reading it.
        store.cleanup(self.path, keep={gen, old or ""})

    # -- searching ---------------------------------------------------------------------------

    def search(self, q: str = "", *, filters: dict | None = None, include_network: bool = False,
               sort: str = "relevance", cross_language: bool = True, page: int = 1,
               per_page: int = 20) -> SearchResult:
        """Search with filters, facets, snippets and did-you-mean; empty `q` browses newest."""
        view = self._current_view()
        try:
            return self._search(view, q or "", filters or {}, include_network, sort,
                                cross_language, max(1, page), max(1, per_page))
        except (OSError, EOFError, ValueError) as exc:
            raise IndexUnavailable(f"search index unreadable: {exc}") from exc

    def matching_ids(self, q: str = "", *, filters: dict | None = None,
                     include_network: bool = False, cross_language: bool = True) -> set[int]:
        """Every id a search matches, unranked, without snippets or did-you-mean correction
        (saved-search alerts and feeds intersect it with what is new)."""
        view = self._current_view()
        try:
            thesaurus = self.thesaurus if cross_language else None
            units = qmod.parse(q or "", thesaurus)
            base, own = view.facet_filters(filters or {}, include_network)
            final = base
            for mask in own.values():
                final &= mask
            if units:
                # Every word, as the search page's first answer (no "most of the words").
                plan = qmod.plan(units, view.languages)
                if any(node is not None for nodes in plan.values() for node in nodes):
                    final &= view.mask_of(view.match_all(view.unit_parts(plan)))
                else:
                    final = 0
            if not final:
                return set()
            bits = final.to_bytes(view.size, "little")
            return {view.rows[d][0] for d in range(len(view.rows))
                    if bits[d >> 3] >> (d & 7) & 1}
        except (OSError, EOFError, ValueError) as exc:
            raise IndexUnavailable(f"search index unreadable: {exc}") from exc

    def _search(self, view: View, q, filters, include_network, sort, cross_language, page,
                per_page) -> SearchResult:
        thesaurus = self.thesaurus if cross_language else None
        units = qmod.parse(q, thesaurus)
        plan = qmod.plan(units, view.languages) if units else {}
        if not any(node is not None for nodes in plan.values() for node in nodes):
            plan = {}
        result = SearchResult(ids=[], total=0, expansions=qmod.expansions(units))
        base, own = view.facet_filters(filters, include_network)
        if units:
            # Suggestions come only from documents this reader may see: a spelling found only
            # in network resources must not reach an anonymous visitor.
            visible = None if include_network else view.masks.get(("public", ""), 0)
            result.suggestion = self._suggest(view, q, units, visible)
        scores: dict[int, tuple[float, float]] | None = None
        if plan:
            parts = view.unit_parts(plan)
            scores = view.match_all(parts)
            matched = base & view.mask_of(scores)
            if not matched and result.suggestion:
                # Nothing for the query as typed: show results for the correction instead.
                alt_units = qmod.parse(result.suggestion, thesaurus)
                alt_plan = qmod.plan(alt_units, view.languages)
                alt_parts = view.unit_parts(alt_plan)
                alt_scores = view.match_all(alt_parts)
                if base & view.mask_of(alt_scores):
                    units, plan, parts, scores = alt_units, alt_plan, alt_parts, alt_scores
                    result.corrected = True
                    matched = base & view.mask_of(scores)
                    result.expansions = qmod.expansions(alt_units)
            if len(units) > 2 and _count(matched, own) < ENOUGH:
                # Too few documents have every word: take those with most of them, ranked
                # by score and by how many of the words they have.
                most = view.match_most(parts, [u.weight for u in units],
                                       qmod.min_should_match)
                most_matched = base & view.mask_of(most)
                if _count(most_matched, own) > _count(matched, own):
                    scores, matched, result.matched = most, most_matched, "most"
        elif units:
            matched = 0  # only stop words
        else:
            matched = base
        result.facets = view.facet_counts(matched, own)
        final = matched
        for mask in own.values():
            final &= mask
        result.total = final.bit_count()
        end = page * per_page
        if not final:
            return result
        fbits = final.to_bytes(view.size, "little")
        if scores is None or sort == "newest":
            docnums = []
            for d in view.newest:
                if fbits[d >> 3] >> (d & 7) & 1:
                    docnums.append(d)
                    if len(docnums) == end:
                        break
        else:
            hits = [d for d in scores if fbits[d >> 3] >> (d & 7) & 1]
            docnums = heapq.nlargest(end, hits, key=lambda d: (scores[d], -d))
        docnums = docnums[end - per_page:]
        terms = {(f, t) for _, f, toks, _ in qmod.plan_leaves(plan) for t in toks}
        searcher = view.searcher
        for d in docnums:
            did = view.rows[d][0]
            result.ids.append(did)
            result.snippets[did] = snippet(searcher.stored_fields(d), terms)
        return result

    def _suggest(self, view: View, q: str, units, visible: int | None) -> str | None:
        """Did-you-mean: replace unknown or rare words by a frequent near spelling, counting
        only the documents in `visible` (a docnum bitmask; None: every document)."""
        searcher = view.searcher
        reader = searcher.reader()
        if visible is None:
            def frequency(term: str) -> int:
                return reader.doc_frequency("spelling", term)
        else:
            bits = visible.to_bytes(view.size, "little")

            def frequency(term: str) -> int:
                if not reader.doc_frequency("spelling", term):
                    return 0
                return sum(1 for d in reader.postings("spelling", term).all_ids()
                           if bits[d >> 3] >> (d & 7) & 1)
        protected = {w for u in units if u.concepts for w in words(u.text)}
        replacements: dict[str, str] = {}
        for raw in set(words(q)):
            if len(raw) < 4 or raw.isdigit() or raw in protected or raw in replacements:
                continue
            freq = frequency(raw)
            if freq > 1:
                continue
            best = None
            maxdist = 1 if len(raw) < 6 else 2
            for sub, _ in _leaves(searcher):
                for cand in sub.reader().terms_within("spelling", raw, maxdist, prefix=1):
                    cand = cand.decode("utf-8") if isinstance(cand, bytes) else cand
                    if cand == raw:
                        continue
                    cf = frequency(cand)
                    key = (_distance(raw, cand), -cf, cand)
                    if cf > freq and (best is None or key < best):
                        best = key
            if best:
                replacements[raw] = best[2]
        if not replacements:
            return None
        return qmod.regex.sub(r"[\p{L}\p{M}\p{N}_]+",
                              lambda m: replacements.get(fold(m.group()), m.group()), q)


def _count(mask: int, own: dict[str, int]) -> int:
    """Documents of `mask` passing every facet filter."""
    for m in own.values():
        mask &= m
    return mask.bit_count()


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


_THESAURI: dict[str | None, Thesaurus] = {}


def _thesaurus(extra: str | None) -> Thesaurus:
    # Loaded once per process per extra file: it is read-only.
    if extra not in _THESAURI:
        _THESAURI[extra] = Thesaurus.load(extra)
    return _THESAURI[extra]


__all__ = ["LANGUAGES", "IndexBusy", "IndexUnavailable", "SearchIndex", "SearchResult"]
