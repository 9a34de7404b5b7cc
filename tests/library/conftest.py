"""Fixtures for the library tests: resources made through the API, PDFs made on the fly."""

import io

import pytest


def make_pdf(pages: list[str]) -> bytes:
    """A real PDF whose pages hold these texts (fpdf2, core font: Latin-1 only)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


@pytest.fixture
def create(client_as):
    """POST a resource as `person` (JSON); returns the response."""

    def make(person, **fields):
        body = {"title": "A resource", "type": "research_report", "language": "en",
                "visibility": "public", **fields}
        return client_as(person).post("/api/v1/resources", json=body)

    return make


def ids(body) -> list[int]:
    return [item["id"] for item in body["items"]]


def facet(body, name) -> dict:
    return {item["value"]: item["count"] for item in body["facets"][name]}
