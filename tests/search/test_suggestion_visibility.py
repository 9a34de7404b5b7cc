"""Issue 12: "did you mean" counts only the documents the reader may see."""

from .conftest import make_doc


def test_engine_suggests_from_public_documents_only_when_asked(index):
    index.update([
        make_doc(1, "Report on Kalimpong district", "Kalimpong Kalimpong", visibility="network"),
        make_doc(2, "Report on Kalimpong shelters", "Kalimpong", visibility="network"),
        make_doc(3, "Trafficking study", "trafficking of children"),
        make_doc(4, "Trafficking study two", "trafficking and exploitation"),
    ])
    assert index.search("kalimpang", include_network=True).suggestion == "kalimpong"
    public = index.search("kalimpang", include_network=False)
    assert public.suggestion is None and public.ids == []
    # Public words are still suggested to everyone.
    assert index.search("trafficing", include_network=False).suggestion == "trafficking"
