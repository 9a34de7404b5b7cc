"""Shared fixtures for the search tests."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.search import SearchIndex


def make_doc(i: int, title: str, body: str = "", **kw) -> dict:
    """A resource dict with sensible defaults."""
    doc = {
        "id": i, "title": title, "summary": kw.pop("summary", ""), "body": body,
        "language": "en", "type": "research_report", "themes": [], "countries": [],
        "regions": [], "published_on": dt.date(2020, 1, 1), "visibility": "public",
    }
    doc.update(kw)
    return doc


@pytest.fixture
def index(tmp_path):
    idx = SearchIndex.create(tmp_path / "ix")
    yield idx
    idx.close()
