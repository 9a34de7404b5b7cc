"""The graded relevance set scored by the hub and by the engines a user could pick instead.

SQLite FTS5 (unicode61 with diacritics removed, Porter stemming, bm25 with title 3 / summary 2
/ body 1) and PostgreSQL full-text search (one configuration per document language, with
unaccent when the extension is available, ts_rank_cd on weighted title / summary / body), each
with its default AND of the words and with an OR of them. Same documents, same queries, same
filters, same measures (hub.search.evaluation).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import time
from pathlib import Path

import regex

from hub.search import SearchIndex
from hub.search.evaluation import evaluate, load, table

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "search"
WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese",
              "ru": "russian", "ar": "arabic", "de": "german", "it": "italian", "nl": "dutch"}


def _filters_ok(doc: dict, filters: dict) -> bool:
    lang = filters.get("language")
    region = filters.get("region")
    return ((not lang or doc["language"] == lang)
            and (not region or region in doc.get("regions", ())))


def hub_engine(docs: list[dict]):
    idx = SearchIndex(Path(tempfile.mkdtemp(prefix="hub-rel-")) / "ix")
    idx.rebuild([{**d, "published_on": dt.date.fromisoformat(d["published_on"])} for d in docs])

    def run(item):
        return idx.search(item["q"], filters=item.get("filters") or {}, per_page=10).ids
    return run


def fts5_engine(docs: list[dict], mode: str):
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE d USING fts5(title, summary, body, "
                "tokenize='porter unicode61 remove_diacritics 2')")
    for doc in docs:
        con.execute("INSERT INTO d(rowid, title, summary, body) VALUES (?, ?, ?, ?)",
                    (doc["id"], doc["title"], doc["summary"], doc["body"]))
    by_id = {d["id"]: d for d in docs}
    joiner = " OR " if mode == "or" else " "

    def run(item):
        terms = ['"' + w + '"' for w in WORD.findall(item["q"])]
        if not terms:
            return []
        rows = con.execute("SELECT rowid FROM d WHERE d MATCH ? ORDER BY bm25(d, 3.0, 2.0, 1.0)",
                           (joiner.join(terms),)).fetchall()
        filters = item.get("filters") or {}
        return [r[0] for r in rows if _filters_ok(by_id[r[0]], filters)][:10]
    return run


def pg_engine(docs: list[dict], url: str, mode: str):
    import psycopg

    con = psycopg.connect(url.replace("+psycopg", ""), autocommit=True)
    unaccent = bool(con.execute(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'").fetchone())
    schema = f"bench_rel_{int(time.time() * 1000)}"
    con.execute(f"CREATE SCHEMA {schema}")
    con.execute(f"SET search_path = {schema}, public")
    configs = {}
    if unaccent:
        con.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
    for lang, base in {**PG_CONFIGS, "xx": "simple"}.items():
        name = f"{schema}.cfg_{lang}"
        con.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})")
        if unaccent:
            stem = "simple" if base == "simple" else f"{base}_stem"
            con.execute(f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, "
                        f"hword_part, word WITH public.unaccent, {stem}")
        configs[lang] = name
    con.execute("CREATE TABLE d (id int PRIMARY KEY, lang text, cfg regconfig, regions text[], "
                "tsv tsvector)")
    for doc in docs:
        cfg = configs.get(doc["language"], configs["xx"])
        con.execute(
            "INSERT INTO d VALUES (%s, %s, %s::regconfig, %s, "
            "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
            "setweight(to_tsvector(%s::regconfig, %s), 'B') || "
            "setweight(to_tsvector(%s::regconfig, %s), 'C'))",
            (doc["id"], doc["language"], cfg, doc.get("regions") or [], cfg, doc["title"],
             cfg, doc["summary"], cfg, doc["body"]))

    def run(item):
        # The query is read with each document's own configuration.
        tsq = "websearch_to_tsquery(cfg, %(q)s)"
        if mode == "or":
            tsq = (f"coalesce(nullif(replace({tsq}::text, ' & ', ' | '), ''), '')"
                   "::tsquery")
        filters = item.get("filters") or {}
        rows = con.execute(
            f"SELECT id FROM (SELECT id, lang, regions, tsv, {tsq} AS q FROM d) s "
            "WHERE q <> ''::tsquery AND tsv @@ q "
            "AND (%(lang)s::text IS NULL OR lang = %(lang)s) "
            "AND (%(region)s::text IS NULL OR %(region)s = ANY(regions)) "
            "ORDER BY ts_rank_cd(tsv, q) DESC, id LIMIT 10",
            {"q": item["q"], "lang": filters.get("language"),
             "region": filters.get("region")}).fetchall()
        return [r[0] for r in rows]

    def close():
        con.execute(f"DROP SCHEMA {schema} CASCADE")
        con.close()
    run.close = close
    run.unaccent = unaccent
    return run


def compare(postgres_url: str | None) -> dict:
    """Print the side-by-side table; returns {engine: results}."""
    docs, queries = load(DATA)
    engines = {"hub": hub_engine(docs), "FTS5 AND": fts5_engine(docs, "and"),
               "FTS5 OR": fts5_engine(docs, "or")}
    pg_runs = []
    if postgres_url:
        try:
            for mode in ("and", "or"):
                run = pg_engine(docs, postgres_url, mode)
                pg_runs.append(run)
                engines[f"PG FTS {mode.upper()}"] = run
        except Exception as exc:  # no server, no rights: say so and carry on
            print(f"PostgreSQL full-text search skipped: {exc}")
    else:
        print("PostgreSQL full-text search skipped: give --postgres URL (or "
              "$HUB_BENCH_POSTGRES) of a database the bench may create a schema in")
    results = {}
    for name, run in engines.items():
        results[name] = evaluate(queries, run)
    for run in pg_runs:
        if not run.unaccent:
            print("(PostgreSQL: unaccent not available, configurations without it)")
        run.close()
    print(f"\nrelevance on the graded set: {len(docs)} documents, {len(queries)} queries "
          "(nDCG@10 / recall@10 / MRR)")
    print(table(results))
    return results
