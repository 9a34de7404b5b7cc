"""Full-text search for the resource library.

Whoosh (pure Python, whoosh-reloaded) is the engine behind it: no extra service to run for a
library of tens of thousands of documents. The interface is deliberately small (SearchIndex,
SearchResult and two exceptions) so the rest of the hub never imports Whoosh and the engine
can be swapped (e.g. for PostgreSQL FTS or OpenSearch) without touching callers.
"""

from .engine import SearchIndex, SearchResult
from .errors import IndexBusy, IndexUnavailable
from .langdetect import detect_language

__all__ = ["IndexBusy", "IndexUnavailable", "SearchIndex", "SearchResult", "detect_language"]
