"""Benchmark hub.search: full rebuild throughput and query latency on synthetic documents.

Usage: .venv/bin/python bench/search_engine.py [--docs 20000] [--queries 50] [--path DIR]
       [--reuse]   (query an index built by an earlier run at --path)
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.search import SearchIndex


def _w(text: str) -> list[str]:
    return text.split()


VOCAB = {
    "en": _w("child children trafficking sexual exploitation online abuse material grooming "
           "survivor recovery reintegration justice access travel tourism marriage forced "
           "prevention report research policy protection school community family law reform "
           "victim support services police court evidence network members youth participation "
           "streaming platform industry hotline migration conflict region country "
           "national"),
    "fr": _w("enfant enfants traite exploitation sexuelle ligne abus matériel pédopiégeage "
           "survivant réinsertion justice accès voyage tourisme mariage forcé prévention "
           "rapport recherche politique protection école communauté famille loi réforme "
           "victime soutien services police tribunal jeunes participation"),
    "es": _w("niño niños niñas trata explotación sexual línea abuso material acoso "
           "sobreviviente recuperación reintegración justicia acceso viajes turismo matrimonio "
           "infantil prevención informe investigación política protección escuela comunidad "
           "familia ley reforma víctima apoyo servicios policía tribunal jóvenes"),
    "pt": _w("criança crianças tráfico exploração sexual online abuso material aliciamento "
           "sobrevivente recuperação reintegração justiça acesso viagens turismo casamento "
           "infantil prevenção relatório pesquisa política proteção escola comunidade "
           "família lei reforma vítima apoio serviços polícia tribunal jovens"),
    "ru": _w("дети ребенок торговля людьми эксплуатация сексуальная защита закон насилие"),
}
LANG_WEIGHTS = (("en", 50), ("fr", 17), ("es", 17), ("pt", 10), ("ru", 6))
TYPES = ("research_report", "country_overview", "toolkit", "training_material", "policy_brief",
         "legal_analysis", "news", "other")
THEMES = ("ocse", "sectt", "trafficking", "child-marriage", "access-to-justice", "survivors",
          "prevention", "law-reform", "humanitarian", "boys")
REGIONS = ("latin-america", "north-america", "east-southern-africa", "west-central-africa",
           "mena", "western-europe", "eastern-europe-central-asia", "east-asia", "south-asia",
           "pacific")
FILLER = _w("the of and in to for a on with by is are was")


def synthetic_docs(n: int, seed: int = 1):
    """Yield n reproducible documents of about 400 words."""
    rnd = random.Random(seed)
    langs = [lang for lang, w in LANG_WEIGHTS for _ in range(w)]
    for i in range(1, n + 1):
        lang = rnd.choice(langs)
        vocab = VOCAB[lang]

        def text(k, vocab=vocab):
            return " ".join(rnd.choice(vocab) if rnd.random() < 0.7 else rnd.choice(FILLER)
                            for _ in range(k))

        yield {
            "id": i, "title": text(8).capitalize(), "summary": text(40), "body": text(350),
            "language": lang, "type": rnd.choice(TYPES),
            "themes": rnd.sample(THEMES, rnd.randint(1, 3)),
            "countries": [rnd.choice(("KE", "TH", "BR", "FR", "GT", "PH", "IN", "SN"))],
            "regions": [rnd.choice(REGIONS)],
            "published_on": dt.date(2005, 1, 1) + dt.timedelta(days=rnd.randint(0, 7300)),
            "visibility": "network" if rnd.random() < 0.1 else "public",
        }


def timed(ix: SearchIndex, queries, **kwargs) -> tuple[float, float]:
    times = []
    for q in queries:
        t0 = time.perf_counter()
        ix.search(q, **kwargs)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--path", default=None, help="index directory (default: a temp dir)")
    ap.add_argument("--reuse", action="store_true", help="query an existing index at --path")
    args = ap.parse_args()
    path = Path(args.path or tempfile.mkdtemp(prefix="hub-search-bench-"))
    ix = SearchIndex(path)
    if not args.reuse:
        t0 = time.perf_counter()
        ix.rebuild(synthetic_docs(args.docs))
        elapsed = time.perf_counter() - t0
        print(f"rebuild: {args.docs} docs in {elapsed:.1f} s = {args.docs / elapsed:.0f} docs/s")
    print(f"documents: {ix.doc_count()}")
    rnd = random.Random(7)
    en = VOCAB["en"]
    n = args.queries
    suites = {
        "one word": ([rnd.choice(en) for _ in range(n)], {}),
        "three words": ([" ".join(rnd.sample(en, 3)) for _ in range(n)], {}),
        "phrase": ([f'"{rnd.choice(en)} {rnd.choice(en)}"' for _ in range(n)], {}),
        "filtered+facets": ([rnd.choice(en) for _ in range(n)],
                            {"filters": {"language": ["en", "fr"], "theme": "ocse",
                                         "year_from": 2010}}),
        "cross-language": ([rnd.choice(["trafficking", "child marriage", "grooming",
                                        "access to justice", "survivor recovery"])
                            for _ in range(n)], {"cross_language": True}),
        "browse newest": ([""] * n, {"filters": {"region": "east-asia"}}),
    }
    ix.search("warm up")
    for name, (queries, kw) in suites.items():
        med, p95 = timed(ix, queries, **kw)
        print(f"{name:16s} median {med:6.1f} ms   p95 {p95:6.1f} ms")
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"index size {size / 1e6:.1f} MB; peak RSS {rss:.0f} MB; path {path}")


if __name__ == "__main__":
    main()
