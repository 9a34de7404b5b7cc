"""Relevance measures for graded judgements (2 highly relevant, 1 partly relevant).

Shared by the test suite and bench/search.py so every engine is scored the same way:
nDCG@k with gain 2**grade - 1, recall@k over min(k, number of relevant documents), and the
reciprocal rank of the first relevant document within the first k.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

GOAL = {"ndcg": 0.85, "recall": 0.90, "mrr": 0.90}


def ndcg(ranked: Sequence[int], grades: dict[int, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the first k ids."""
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: Sequence[int], grades: dict[int, int], k: int = 10) -> float:
    """Share of the relevant documents found in the first k (capped at k relevant)."""
    relevant = {d for d, g in grades.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / min(k, len(relevant))


def reciprocal_rank(ranked: Sequence[int], grades: dict[int, int], k: int = 10) -> float:
    """1/rank of the first relevant document within the first k, else 0."""
    for i, d in enumerate(ranked[:k]):
        if grades.get(d, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def load(data_dir: str | Path) -> tuple[list[dict], list[dict]]:
    """(documents, graded queries) of the relevance set under tests/data/search."""
    data_dir = Path(data_dir)
    docs = []
    for name in ("relevance_corpus.json", "relevance_corpus_more.json"):
        docs.extend(json.loads((data_dir / name).read_text("utf-8")))
    queries = json.loads((data_dir / "relevance_graded.json").read_text("utf-8"))
    for item in queries:
        item["grades"] = {int(k): int(v) for k, v in item["grades"].items()}
    return docs, queries


def evaluate(queries: list[dict], run: Callable[[dict], list[int]], k: int = 10) -> dict:
    """Mean measures overall and per query class; `run(query item)` returns ranked ids."""
    per_class: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    details = []
    for item in queries:
        ranked = list(run(item))[:k]
        scores = (ndcg(ranked, item["grades"], k), recall(ranked, item["grades"], k),
                  reciprocal_rank(ranked, item["grades"], k))
        per_class[item["class"]].append(scores)
        per_class["all"].append(scores)
        details.append((item, ranked, scores))
    out = {cls: {"ndcg": _mean(v, 0), "recall": _mean(v, 1), "mrr": _mean(v, 2), "n": len(v)}
           for cls, v in per_class.items()}
    out["_details"] = details
    return out


def table(results: dict[str, dict], classes: Sequence[str] | None = None) -> str:
    """Engines side by side: one row per class, nDCG@10 / recall@10 / MRR per engine."""
    names = list(results)
    first = results[names[0]]
    if not classes:
        classes = [*sorted(c for c in first if not c.startswith("_") and c != "all"), "all"]
    head = f"{'class':<16}{'n':>4}  " + "  ".join(f"{n:^22}" for n in names)
    lines = [head, f"{'':<20}  " + "  ".join(f"{'nDCG  recall  MRR':^22}" for _ in names)]
    for cls in classes:
        row = f"{cls:<16}{first[cls]['n']:>4}  "
        row += "  ".join(_cell(r[cls]) for r in results.values())
        lines.append(row)
    return "\n".join(lines)


def _cell(m: dict) -> str:
    return f"{m['ndcg']:.2f}   {m['recall']:.2f}   {m['mrr']:.2f}".center(22)


def _mean(rows, i):
    return sum(r[i] for r in rows) / len(rows) if rows else 0.0
