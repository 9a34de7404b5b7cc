"""SearchIndex behaviour: writes, filters, facets, snippets, rebuilds, failures, concurrency."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil

import pytest
from whoosh import index as wix

from hub.search import IndexBusy, IndexUnavailable, SearchIndex, detect_language
from hub.search.store import read_current

from .conftest import make_doc


def _corpus():
    d = dt.date
    return [
        make_doc(1, "Child trafficking in Kenya", "Children trafficked to the coast.",
                 language="en", type="research_report", themes=["trafficking"],
                 countries=["KE"], regions=["east-southern-africa"], published_on=d(2019, 3, 1)),
        make_doc(2, "La traite des enfants au Sénégal", "Les enfants victimes de traite.",
                 language="fr", type="research_report", themes=["trafficking", "child-marriage"],
                 countries=["SN"], regions=["west-central-africa"], published_on=d(2021, 5, 1)),
        make_doc(3, "Trata de niñas en Guatemala", "La trata de personas y la explotación.",
                 language="es", type="policy_brief", themes=["trafficking"], countries=["GT"],
                 regions=["latin-america"], published_on=d(2020, 7, 1)),
        make_doc(4, "Forced marriage toolkit", "A toolkit on forced marriage of girls.",
                 language="en", type="toolkit", themes=["child-marriage"], countries=["IN"],
                 regions=["south-asia"], published_on=d(2022, 1, 1)),
        make_doc(5, "Internal note on trafficking cases", "Confidential trafficking data.",
                 language="en", type="research_report", themes=["trafficking"],
                 countries=["KE"], regions=["east-southern-africa"], published_on=d(2023, 1, 1),
                 visibility="network"),
        make_doc(6, "Marriage and school", "Girls leave school when married; marriage forced.",
                 language="en", type="news", themes=["child-marriage"], countries=["BD"],
                 regions=["south-asia"], published_on=d(2018, 1, 1)),
    ]


@pytest.fixture
def loaded(index):
    index.update(_corpus())
    return index


def test_update_replace_delete(index):
    index.update([make_doc(1, "Trafficking report"), make_doc(2, "Grooming report")])
    assert index.doc_count() == 2
    assert index.all_ids() == {1, 2}
    index.update([make_doc(1, "Sextortion report")])
    assert index.doc_count() == 2
    assert index.search("trafficking").ids == []
    assert index.search("sextortion").ids == [1]
    index.delete([2, 99])
    assert index.all_ids() == {1}


def test_facets_hand_counted(loaded):
    r = loaded.search("trafficking")
    assert set(r.ids) == {1, 2, 3}  # 5 is network-only
    assert r.total == 3
    assert dict(r.facets["language"]) == {"en": 1, "fr": 1, "es": 1}
    assert dict(r.facets["type"]) == {"research_report": 2, "policy_brief": 1}
    assert dict(r.facets["theme"]) == {"trafficking": 3, "child-marriage": 1}
    assert dict(r.facets["region"]) == {"east-southern-africa": 1, "west-central-africa": 1,
                                        "latin-america": 1}
    assert r.facets["year"] == [("2021", 1), ("2020", 1), ("2019", 1)]


def test_facets_use_other_filters(loaded):
    r = loaded.search("trafficking", filters={"language": "en"})
    assert r.ids == [1]
    # The language facet ignores the language filter itself, so users can widen it.
    assert dict(r.facets["language"]) == {"en": 1, "fr": 1, "es": 1}
    # Other facets are restricted by it.
    assert dict(r.facets["type"]) == {"research_report": 1}


def test_filters_combine(loaded):
    assert set(loaded.search("", filters={"theme": "child-marriage"}).ids) == {2, 4, 6}
    r = loaded.search("", filters={"theme": "child-marriage", "region": ["south-asia"]})
    assert set(r.ids) == {4, 6}
    r = loaded.search("", filters={"theme": "child-marriage", "region": "south-asia",
                                   "year_from": 2020})
    assert r.ids == [4]
    assert loaded.search("", filters={"language": ["fr", "es"]}).total == 2
    assert loaded.search("", filters={"country": "KE"}).ids == [1]
    assert loaded.search("", filters={"type": ["toolkit", "news"], "year_to": 2019}).ids == [6]


def test_network_documents_hidden(loaded):
    r = loaded.search("confidential")
    assert r.ids == [] and r.total == 0
    r = loaded.search("", filters={"country": "KE"})
    assert r.ids == [1]
    assert dict(r.facets["year"]) == {"2019": 1}
    r = loaded.search("trafficking", include_network=True)
    assert 5 in r.ids
    assert dict(r.facets["year"])["2023"] == 1


def test_browse_newest_first(loaded):
    assert loaded.search("").ids == [4, 2, 3, 1, 6]
    r = loaded.search("marriage", sort="newest", cross_language=False)
    assert r.ids == [4, 6]


def test_paging(loaded):
    first = loaded.search("", per_page=2, page=1)
    second = loaded.search("", per_page=2, page=2)
    assert first.total == second.total == 5
    assert first.ids == [4, 2] and second.ids == [3, 1]


def test_snippets_are_escaped(index):
    index.update([make_doc(1, "<script>alert(1)</script> trafficking",
                           "<b>Trafficking</b> & abuse <img src=x onerror=alert(1)>",
                           summary="<script>x</script>")])
    r = index.search("trafficking")
    snippet = r.snippets[1]
    assert "<mark>Trafficking</mark>" in snippet
    assert "<script>" not in snippet and "<b>" not in snippet and "<img" not in snippet
    assert "&lt;b&gt;" in snippet and "&amp;" in snippet
    # Title-only match: snippet falls back to the title, still escaped.
    index.update([make_doc(2, "<script>grooming</script>", "nothing relevant here")])
    s2 = index.search("grooming").snippets[2]
    assert "<script>" not in s2 and "&lt;script&gt;" in s2


def test_did_you_mean(loaded):
    r = loaded.search("trafficing")
    assert r.suggestion == "trafficking"
    assert r.corrected and set(r.ids) == {1, 2, 3}
    assert loaded.search("trafficking").suggestion is None
    assert loaded.search("marriage forcd", cross_language=False).suggestion == "marriage forced"


def test_phrases(loaded):
    r = loaded.search('"forced marriage"', cross_language=False)
    assert r.ids == [4]  # doc 6 has both words but not as a phrase
    assert set(loaded.search("forced marriage", cross_language=False).ids) == {4, 6}


def test_cross_language_and_expansions(loaded):
    r = loaded.search("trafficking")
    assert {1, 2, 3} == set(r.ids)
    assert r.expansions and r.expansions[0]["term"] == "trafficking"
    assert "traite" in r.expansions[0]["added"] and "trata" in r.expansions[0]["added"]
    assert loaded.search("trafficking", cross_language=False).ids == [1]


def test_stop_word_in_one_language_does_not_empty(loaded):
    # "la" is a stop word in fr/es but not in en: per-language OR keeps results.
    assert 3 in loaded.search("la trata").ids
    assert 2 in loaded.search("la traite des enfants").ids


def test_extra_thesaurus_file(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("concept,lang,term\nwidget,en,zorblax\nwidget,fr,machin\n", "utf-8")
    idx = SearchIndex.create(tmp_path / "ix", thesaurus_path=extra)
    idx.update([make_doc(1, "Un machin utile", language="fr")])
    assert idx.search("zorblax").ids == [1]


def test_rebuild_while_searching(tmp_path):
    idx = SearchIndex.create(tmp_path / "ix")
    idx.update([make_doc(1, "Old trafficking report")])
    reader = SearchIndex(tmp_path / "ix")
    assert reader.search("trafficking").ids == [1]
    seen = []

    def docs():
        for i in range(2, 6):
            # The old generation keeps answering while the new one is being built.
            seen.append(reader.search("trafficking").ids)
            yield make_doc(i, f"New trafficking report {i}")

    idx.rebuild(docs(), progress=lambda n: None)
    assert seen == [[1]] * 4
    assert reader.all_ids() == {2, 3, 4, 5}
    assert reader.doc_count() == 4
    gens = [p.name for p in (tmp_path / "ix").glob("gen-*") if p.is_dir()]
    assert read_current(tmp_path / "ix") in gens and len(gens) <= 2


def test_updates_during_rebuild_are_kept(tmp_path):
    idx = SearchIndex.create(tmp_path / "ix")
    other = SearchIndex(tmp_path / "ix")

    def docs():
        yield make_doc(1, "First")
        other.update([make_doc(2, "Added during rebuild")])
        yield make_doc(3, "Third")

    idx.rebuild(docs())
    assert idx.all_ids() == {1, 2, 3}


def test_missing_and_corrupt_index(tmp_path):
    missing = SearchIndex(tmp_path / "nope")
    with pytest.raises(IndexUnavailable):
        missing.search("x")
    with pytest.raises(IndexUnavailable):
        missing.update([make_doc(1, "x")])
    with pytest.raises(IndexUnavailable):
        missing.doc_count()

    idx = SearchIndex.create(tmp_path / "ix")
    idx.update([make_doc(1, "Trafficking")])
    gen_dir = tmp_path / "ix" / read_current(tmp_path / "ix")
    for f in gen_dir.iterdir():
        f.write_bytes(b"garbage")
    fresh = SearchIndex(tmp_path / "ix")
    for call in (lambda: fresh.search("x"), fresh.doc_count,
                 lambda: fresh.update([make_doc(2, "x")])):
        with pytest.raises(IndexUnavailable):
            call()
    shutil.rmtree(gen_dir)
    with pytest.raises(IndexUnavailable):
        SearchIndex(tmp_path / "ix").search("x")
    SearchIndex.create(tmp_path / "ix")
    assert fresh.doc_count() == 0


def test_index_busy(tmp_path):
    idx = SearchIndex.create(tmp_path / "ix", lock_timeout=0.1, lock_retries=2)
    gen_dir = tmp_path / "ix" / read_current(tmp_path / "ix")
    holder = wix.open_dir(str(gen_dir)).writer()
    try:
        with pytest.raises(IndexBusy):
            idx.update([make_doc(1, "x")])
    finally:
        holder.cancel()
    idx.update([make_doc(1, "x")])
    assert idx.doc_count() == 1


def _writer_process(path: str, worker: int, n: int) -> None:
    idx = SearchIndex(path, lock_timeout=2.0, lock_retries=50)
    for j in range(n):
        idx.update([make_doc(worker * 1000 + j, f"Worker {worker} document {j}")])


def test_concurrent_writer_processes(tmp_path):
    path = str(tmp_path / "ix")
    SearchIndex.create(path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer_process, args=(path, w, 20)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    expected = {w * 1000 + j for w in range(4) for j in range(20)}
    assert SearchIndex(path).all_ids() == expected


def test_searcher_refreshes_after_other_writer(tmp_path):
    a = SearchIndex.create(tmp_path / "ix")
    b = SearchIndex(tmp_path / "ix")
    assert b.search("grooming").ids == []
    searcher = b._searcher
    a.update([make_doc(1, "Grooming")])
    assert b.search("grooming").ids == [1]
    assert b._searcher is not searcher  # replaced once the index changed
    searcher = b._searcher
    b.search("grooming")
    assert b._searcher is searcher


def test_detect_language():
    assert detect_language("La traite des enfants à des fins d'exploitation sexuelle") == "fr"
    assert detect_language("La trata de niñas y adolescentes en Guatemala es un delito") == "es"
    assert detect_language("Child trafficking remains a serious problem in the region") == "en"
    assert detect_language("ok") is None
    assert detect_language("") is None


def test_unknown_language_and_no_date(index):
    index.update([make_doc(1, "Ripoti kuhusu usafirishaji haramu wa watoto", language="sw",
                           published_on=None)])
    r = index.search("watoto")
    assert r.ids == [1]
    assert dict(r.facets["language"]) == {"sw": 1}
    assert r.facets["year"] == []
    assert index.search("", filters={"year_from": 2000}).ids == []


def test_only_stop_words_and_empty_index(index):
    assert index.search("the").ids == []
    assert index.search("").total == 0
    assert index.doc_count() == 0 and index.all_ids() == set()


def test_opening_survives_a_writer_replacing_the_toc(tmp_path, monkeypatch):
    """Readers take no lock: Whoosh may list _MAIN_7.toc, then find it deleted by a writer in
    another process that committed _MAIN_8 meanwhile. Opening again must succeed (this race
    was seen as a 503 and as a lost write under several processes)."""
    SearchIndex.create(tmp_path / "ix").update([make_doc(1, "Grooming")])
    real_open_dir = wix.open_dir
    calls = {"n": 0}

    def open_dir_racing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise FileNotFoundError(2, "No such file or directory", "_MAIN_7.toc")
        return real_open_dir(*args, **kwargs)

    monkeypatch.setattr(wix, "open_dir", open_dir_racing)
    reader = SearchIndex(tmp_path / "ix")
    assert reader.search("grooming").ids == [1]
    assert calls["n"] == 3


def _segments(idx: SearchIndex) -> dict[str, int]:
    """Segment id -> bytes on disk, of the current generation."""
    from hub.search import engine

    ix = idx._index()
    return {seg.segment_id(): engine._segment_bytes(ix.storage, seg) for seg in ix._segments()}


def test_a_large_segment_is_not_rewritten_by_later_commits(index, monkeypatch):
    from hub.search import engine

    # One long document (distinct words, as in a large table) makes a segment of its own.
    long_text = " ".join(f"cell{n}x" for n in range(3_000))
    index.update([make_doc(1, "Quarterly helpline figures", long_text)])
    [(large, size)] = _segments(index).items()
    monkeypatch.setattr(engine, "LARGE_SEGMENT_BYTES", size // 2)
    for n in range(2, 40):  # enough small commits for Whoosh to merge several times
        index.update([make_doc(n, f"Field note {n}", "helpline outreach")])
    segments = _segments(index)
    assert large in segments and segments[large] == size
    assert len(segments) < 12  # the small ones were merged
    assert index.search("cell2999x").ids == [1] and index.doc_count() == 39
    # Many large segments are merged into one by compact(), not by the commits.
    monkeypatch.setattr(engine, "MAX_LARGE_SEGMENTS", 2)
    for n in (40, 41):
        index.update([make_doc(n, f"Long report {n}", long_text + f" only{n}")])
    assert index.large_segments() == 3
    assert index.compact() is True and index.large_segments() == 1
    assert index.compact() is False
    assert index.search("only41").ids == [41] and index.search("cell5x").total == 3
    assert index.doc_count() == 41
