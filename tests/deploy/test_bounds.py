"""Request bodies are bounded: about 1 MB anywhere (refused before they are read, CSRF check
included), HUB_MAX_UPLOAD_MB on the upload routes; and the text one document gives the index."""

import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

MB = 1024 * 1024
# What a server such as gunicorn passes for a chunked body: no length, a terminated stream.
CHUNKED = {"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"}


class CountingStream:
    """A body of `size` bytes that counts how much of it the server read."""

    def __init__(self, size: int, byte: bytes = b"a"):
        self.size, self.byte, self.position, self.read_bytes = size, byte, 0, 0

    def read(self, n: int = -1) -> bytes:
        left = self.size - self.position
        n = left if n is None or n < 0 else min(n, left)
        self.position += n
        self.read_bytes += n
        return (self.byte * (n // len(self.byte) + 1))[:n]

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = offset if whence == 0 else self.size + offset
        return self.position

    def readline(self, n: int = -1) -> bytes:
        return self.read(min(n, 65536) if n and n > 0 else 65536)


def test_a_large_form_post_is_refused_before_it_is_read(client):
    body = CountingStream(1500 * MB)
    response = client.post("/sign-in?lang=fr", input_stream=body,
                           content_type="application/x-www-form-urlencoded",
                           headers={"Content-Length": str(body.size)})
    assert response.status_code == 413
    assert "trop volumineux" in response.get_data(as_text=True)
    assert body.read_bytes == 0


def test_a_streamed_body_without_a_length_is_cut_off_at_the_limit(client):
    body = CountingStream(200 * MB, b"email=a&")
    response = client.post("/sign-in", input_stream=body,
                           content_type="application/x-www-form-urlencoded",
                           environ_overrides=CHUNKED)
    assert response.status_code == 413
    assert body.read_bytes <= 2 * MB


def test_a_large_json_login_gets_the_error_body(client):
    body = CountingStream(150 * MB)
    response = client.post("/api/v1/auth/login?lang=fr", input_stream=body,
                           content_type="application/json",
                           headers={"Content-Length": str(body.size)})
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "too_large" and "volumineux" in error["message"]
    assert body.read_bytes == 0


def test_a_streamed_json_body_is_cut_off_too(client, member_user):
    body = CountingStream(200 * MB, b" ")
    response = client.post("/api/v1/auth/login", input_stream=body,
                           content_type="application/json",
                           environ_overrides=CHUNKED)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert body.read_bytes <= 2 * MB


def text_file(size: int) -> bytes:
    line = b"Protecting children from sexual exploitation online and offline.\n"
    return (line * (size // len(line) + 1))[:size]


def multipart(client, url: str, fields: dict):
    # Encoded here in memory: werkzeug's test client would spool a large body to a temporary
    # file it never closes.
    boundary, body = encode_multipart(MultiDict(fields))
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_uploads_may_reach_the_upload_limit(client_as, member_user):
    client = client_as(member_user)
    fields = {"title": "Big report", "type": "research_report", "language": "en",
              "visibility": "network"}
    response = multipart(client, "/api/v1/resources",
                         {**fields, "file": FileStorage(io.BytesIO(text_file(3 * MB)), "big.txt")})
    assert response.status_code in (201, 202), response.get_json()
    rid = response.get_json()["id"]
    response = multipart(client, f"/api/v1/resources/{rid}/files",
                         {"file": FileStorage(io.BytesIO(text_file(2 * MB)), "more.txt")})
    assert response.status_code in (201, 202), response.get_json()


@pytest.fixture
def small_uploads(app_config):
    app_config["MAX_UPLOAD_MB"] = 2
    return app_config


def test_uploads_above_the_upload_limit_are_refused(small_uploads, client_as, member_user):
    client = client_as(member_user)
    response = multipart(client, "/api/v1/resources", {
        "title": "Too big", "type": "research_report", "language": "en",
        "file": FileStorage(io.BytesIO(text_file(4 * MB)), "big.txt")})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_other_json_bodies_keep_the_small_limit(client_as, member_user):
    client = client_as(member_user)
    response = client.post("/api/v1/resources", json={
        "title": "Long", "type": "research_report", "language": "en", "body": "x " * MB})
    assert response.status_code == 413


@pytest.fixture
def short_index(app_config):
    app_config["INDEX_MAX_CHARS"] = 2000
    return app_config


def test_a_document_gives_the_index_at_most_index_max_chars(short_index, client_as, secretariat):
    client = client_as(secretariat)
    body = "beginning " + "filler " * 400 + "zanzibarword"
    response = client.post("/api/v1/resources", json={
        "title": "Bounded", "type": "research_report", "language": "en", "body": body,
        "visibility": "public"})
    assert response.status_code == 201
    rid = response.get_json()["id"]

    def found(word):
        items = client.get(f"/api/v1/resources/search?q={word}").get_json()["items"]
        return [item["id"] for item in items]

    assert found("beginning") == [rid]
    assert found("zanzibarword") == []
    assert client.get(f"/api/v1/resources/{rid}").get_json()["body"] == body
