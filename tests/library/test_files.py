"""Uploads: size and type checks, sanitised names, extraction, downloads and their rights."""

import io
import zipfile

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.library.conftest import ids, make_pdf


def post_file(client, data: bytes, name: str, **fields):
    form = {"title": "Uploaded report", "type": "research_report", "language": "en",
            "visibility": "public", **fields,
            "file": FileStorage(io.BytesIO(data), filename=name)}
    # Encoded here, in memory: the test client spools big bodies to a file it never closes.
    boundary, body = encode_multipart(form)
    return client.post("/api/v1/resources", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_pdf_text_is_extracted_and_searchable(client_as, member_user, data_dir):
    pdf = make_pdf(["Introduction", "Volun-tourism in orphanages exposes children to abuse."])
    client = client_as(member_user)
    response = post_file(client, pdf, "Report 2024.pdf", themes="sectt,trafficking",
                         countries="KH, TH")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["themes"] == ["sectt", "trafficking"] or set(body["themes"]) == {
        "sectt", "trafficking"}
    assert body["countries"] == ["KH", "TH"]
    [f] = body["files"]
    assert f["mime_type"] == "application/pdf" and f["text_extracted"] is True
    assert f["filename"] == "Report 2024.pdf" and f["size"] == len(pdf)
    found = client_as(None).get("/api/v1/resources/search?q=orphanages").get_json()
    assert ids(found) == [body["id"]]
    # Stored under DATA_DIR/uploads with a random name, nowhere under static.
    stored = list((data_dir / "uploads").iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == pdf
    assert "Report" not in stored[0].name
    with client_as(None).get(f["url"]) as download:
        assert download.status_code == 200 and download.data == pdf
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert "Report 2024.pdf" in download.headers["Content-Disposition"]
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        assert download.mimetype == "application/pdf"


def test_corrupt_pdf_is_stored_and_flagged(client_as, member_user):
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a real pdf\n%%EOF"
    response = post_file(client_as(member_user), broken, "broken.pdf",
                         body="A summary typed by hand about child marriage.")
    assert response.status_code == 201, response.get_json()
    [f] = response.get_json()["files"]
    assert f["text_extracted"] is False
    page = client_as(None).get(f"/library/{response.get_json()['id']}")
    assert "text not extracted" in page.get_data(as_text=True)


def test_encrypted_pdf_is_stored_and_flagged(client_as, member_user):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["secret words"]))))
    writer.encrypt(user_password="open-sesame", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    response = post_file(client_as(member_user), out.getvalue(), "locked.pdf")
    assert response.status_code == 201
    assert response.get_json()["files"][0]["text_extracted"] is False


def test_docx_odt_and_txt_are_read(client_as, member_user):
    import docx
    from odf import text as odftext
    from odf.opendocument import OpenDocumentText

    d = docx.Document()
    d.add_paragraph("Safeguarding policy for hotels in Mombasa")
    buf = io.BytesIO()
    d.save(buf)
    odt = OpenDocumentText()
    odt.text.addElement(odftext.P(text="Réinsertion des survivantes à Dakar"))
    obuf = io.BytesIO()
    odt.write(obuf)
    client = client_as(member_user)
    for data, name, word in ((buf.getvalue(), "p.docx", "Mombasa"),
                             (obuf.getvalue(), "r.odt", "Dakar"),
                             (b"Helpline in Kathmandu", "n.txt", "Kathmandu")):
        response = post_file(client, data, name)
        assert response.status_code == 201, (name, response.get_json())
        assert response.get_json()["files"][0]["text_extracted"] is True
        found = client.get(f"/api/v1/resources/search?q={word}").get_json()
        assert ids(found) == [response.get_json()["id"]], name


@pytest.mark.parametrize("data, name", [
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "report.pdf"),           # an executable
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.txt"),             # an image
    (b"plain\x00text with a NUL", "notes.txt"),
    ("caf\xe9".encode("latin-1"), "latin1.txt"),                    # not UTF-8
    (b"<html><script>alert(1)</script></html>\xff", "page.docx"),
])
def test_wrong_type_disguised_by_extension_is_415(client_as, member_user, data, name, data_dir):
    response = post_file(client_as(member_user), data, name)
    assert response.status_code == 415, response.get_json()
    assert response.get_json()["error"]["code"] == "unsupported_type"
    assert not list((data_dir / "uploads").iterdir())


def test_zip_that_is_not_a_document_is_415(client_as, member_user):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/evil.xml", "x")
    response = post_file(client_as(member_user), buf.getvalue(), "evil.docx")
    assert response.status_code == 415


def test_oversize_upload_is_413(app, client_as, member_user, data_dir):
    app.config["MAX_UPLOAD_MB"] = 1
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    response = post_file(client_as(member_user), big, "big.pdf")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert not (data_dir / "uploads").exists() or not list((data_dir / "uploads").iterdir())
    # A file just under the limit but a body over the request limit: still 413, never 500.
    huge = b"a" * (2 * 1024 * 1024 + 10)
    response = post_file(client_as(member_user), huge, "huge.txt")
    assert response.status_code == 413


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "passwd.txt"),
    # The multipart encoding itself may eat the backslashes; either way no separator is left.
    ("..\\..\\windows\\system.ini", ("system.txt", "windowssystem.txt")),
    ("/abs/path/.hidden.txt", "hidden.txt"),
    ("rapport\u202eexe.txt", "rapportexe.txt"),
    ('a<b>c:d|e?*.txt', "abcde.txt"),
    ("....txt", "txt.txt"),
    ("<>|", "file.txt"),
])
def test_path_traversal_names_are_sanitised(client_as, member_user, name, expected, data_dir):
    response = post_file(client_as(member_user), b"Plain words about prevention", name)
    assert response.status_code == 201, response.get_json()
    filename = response.get_json()["files"][0]["filename"]
    assert filename in (expected if isinstance(expected, tuple) else (expected,))
    assert all(p.parent == data_dir / "uploads" for p in (data_dir / "uploads").iterdir())


def test_add_file_and_download_permissions(create, client_as, member_user, make_user,
                                           secretariat):
    rid = create(member_user, visibility="network").get_json()["id"]
    outsider = make_user("member")
    data = {"file": (io.BytesIO(b"Notes on reintegration"), "notes.txt")}
    assert client_as(outsider).post(f"/api/v1/resources/{rid}/files", data=data,
                                    content_type="multipart/form-data").status_code == 403
    data = {"file": (io.BytesIO(b"Notes on reintegration"), "notes.txt")}
    response = client_as(member_user).post(f"/api/v1/resources/{rid}/files", data=data,
                                           content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    url = response.get_json()["files"][0]["url"]
    assert client_as(None).get(url).status_code == 404
    for person in (outsider, secretariat, member_user):
        with client_as(person).get(url) as got:
            assert got.status_code == 200 and got.data == b"Notes on reintegration"
            assert got.headers["Cache-Control"].startswith("private")
    assert client_as(member_user).get(f"/api/v1/resources/{rid}/files/999").status_code == 404
    missing = client_as(member_user).post(f"/api/v1/resources/{rid}/files", data={},
                                          content_type="multipart/form-data")
    assert missing.status_code == 422
    found = client_as(member_user).get("/api/v1/resources/search?q=reintegration").get_json()
    assert ids(found) == [rid]


def test_deleting_a_resource_removes_its_files(create, client_as, member_user, data_dir):
    response = post_file(client_as(member_user), b"Text about OCSE", "a.txt")
    rid = response.get_json()["id"]
    assert len(list((data_dir / "uploads").iterdir())) == 1
    assert client_as(member_user).delete(f"/api/v1/resources/{rid}").status_code == 204
    assert list((data_dir / "uploads").iterdir()) == []
