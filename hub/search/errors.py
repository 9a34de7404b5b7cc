"""Exceptions raised by the search layer (never raw Whoosh errors)."""


class IndexUnavailable(Exception):
    """The index directory is missing or unreadable; SearchIndex.create() or rebuild() fixes it."""


class IndexBusy(Exception):
    """Another process held the write lock for too long; keep the change pending and retry."""
