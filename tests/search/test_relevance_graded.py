"""Graded relevance (nDCG@10, recall@10, MRR) on the multilingual set, per query class.

The judgements in tests/data/search/relevance_graded.json were written from the documents'
content, before the engine was tuned on them; the goal figures come from issue 16.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from hub.search import SearchIndex
from hub.search.evaluation import GOAL, evaluate, load, table

DATA = Path(__file__).resolve().parents[1] / "data" / "search"
CLASSES = {"question", "terminology", "accents", "cross_language", "acronym"}


@pytest.fixture(scope="module")
def graded():
    docs, queries = load(DATA)
    for d in docs:
        d["published_on"] = dt.date.fromisoformat(d["published_on"])
    return docs, queries


@pytest.fixture(scope="module")
def index(tmp_path_factory, graded):
    idx = SearchIndex(tmp_path_factory.mktemp("graded") / "ix")
    idx.rebuild(graded[0])
    yield idx
    idx.close()


def test_set_shape(graded):
    docs, queries = graded
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids)) >= 120
    assert len(queries) >= 60
    langs = Counter(d["language"] for d in docs)
    assert {"en", "fr", "es", "pt", "ru", "ar", "th", "de", "it"} <= set(langs)
    assert {q["class"] for q in queries} == CLASSES
    for q in queries:
        assert q["grades"] and set(q["grades"]) <= set(ids), q["q"]
        assert set(q["grades"].values()) <= {1, 2} and 2 in q["grades"].values(), q["q"]
    by_class = Counter(q["class"] for q in queries)
    assert min(by_class.values()) >= 10
    # Questions in each working language, and cross-language filters into ru, ar, pt, th.
    assert {"en", "fr", "es", "pt"} <= {q["lang"] for q in queries if q["class"] == "question"}
    filtered = {q.get("filters", {}).get("language") for q in queries}
    assert {"ru", "ar", "pt", "th"} <= filtered


def run_query(index):
    def run(item):
        return index.search(item["q"], filters=item.get("filters") or {}, per_page=10).ids
    return run


# Before issue 16's changes the engine scored nDCG@10 0.62, recall@10 0.54, MRR 0.80 here;
# strict, so the marker has to go once the goal is reached.
@pytest.mark.xfail(strict=True, reason="issue 16: the engine is below the goal until it is done")
def test_graded_relevance_meets_goal(index, graded):
    results = evaluate(graded[1], run_query(index))
    print("\n" + table({"hub": results}))
    for item, ranked, scores in results["_details"]:
        if scores[0] < 0.7 or scores[2] < 1:
            print(f"  {item['class']:<14} {item['q']!r} {item.get('filters', '')} "
                  f"nDCG {scores[0]:.2f} RR {scores[2]:.2f} got {ranked}")
    overall = results["all"]
    assert overall["ndcg"] >= GOAL["ndcg"]
    assert overall["recall"] >= GOAL["recall"]
    assert overall["mrr"] >= GOAL["mrr"]
