"""What every request gets as deployed: the client as the trusted proxies report it
(HUB_PROXY_HOPS), a bounded body, a request id, and no caching of what a signed-in person
sees."""

import contextlib
import logging
import tempfile
import time
import uuid

import regex
from flask import Flask, abort, current_app, g, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = regex.compile(r"[A-Za-z0-9._:-]{1,128}")

# A body left unread (a refused one: 413, or one a view did not need) is read and thrown away
# after the answer is sent, in small pieces, before the connection closes. Closing a socket
# with unread data makes the kernel reset the connection, and a proxy still sending the body
# (nginx) then loses the answer and reports 502. A body announced larger than DRAIN_MAX_BYTES
# is not read at all (the connection is closed at once), and the reading stops after
# DRAIN_SECONDS: both bound what a refused request may cost a worker.
DRAIN_MAX_BYTES = 64 * 1024 * 1024
DRAIN_SECONDS = 10.0
DRAIN_CHUNK = 64 * 1024


def accepts_uploads(view):
    """Mark a view whose body may reach HUB_MAX_UPLOAD_MB; every other body is held to
    MAX_CONTENT_LENGTH (about 1 MB)."""
    view.accepts_uploads = True
    return view


def upload_limit() -> int:
    """Bytes an upload request may carry: the file limit plus room for the other fields."""
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024 + 1024 * 1024


def init_serving(app: Flask) -> None:
    """Wire the proxy headers and the per-request hooks. Its before_request hook goes first,
    so the body limit holds before anyone (input checks, CSRF, rate limits) reads the body."""
    hops = int(app.config["PROXY_HOPS"])
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.wsgi_app = DrainUnreadBody(app.wsgi_app)
    # First of the before_request hooks, even of those registered earlier at the front
    # (hub.api.input's checks read the form).
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_finish_response)
    app.teardown_request(_close_buffered_body)
    workers = int(app.config["SERVER_WORKERS"])
    if workers > 1 and str(app.config["RATELIMIT_STORAGE_URI"]).startswith("memory://"):
        log.warning(
            "HUB_RATELIMIT_STORAGE_URI is memory:// under %d workers: each counts sign-in "
            "attempts on its own, so the limits are %d times looser. Use Redis.", workers, workers
        )


def _start_request():
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    view = current_app.view_functions.get(request.endpoint)
    # Only a file upload is large: JSON sent to the same route keeps the small limit.
    uploads = getattr(view, "accepts_uploads", False) and request.mimetype == "multipart/form-data"
    if uploads:
        request.max_content_length = upload_limit()
    limit = request.max_content_length
    if limit is None:
        return None
    if request.content_length is None:
        _buffer_unsized_body(limit)
    # Refused before a byte is read. An upload view refuses with its own message.
    elif request.content_length > limit and not uploads:
        abort(413)
    return None


def _buffer_unsized_body(limit: int) -> None:
    """A body sent without a length (chunked) is read up to the limit, and refused past it.
    (Werkzeug alone would stop reading at the limit and parse what it got as the whole.)"""
    environ = request.environ
    if not environ.get("wsgi.input_terminated"):
        return  # werkzeug then reads no body at all
    spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 (closed at teardown)
    g.buffered_body = spool
    stream, total = environ["wsgi.input"], 0
    while chunk := stream.read(min(64 * 1024, limit + 1 - total)):
        total += len(chunk)
        if total > limit:
            abort(413)
        spool.write(chunk)
    spool.seek(0)
    environ["wsgi.input"] = spool
    environ["CONTENT_LENGTH"] = str(total)
    environ.pop("HTTP_TRANSFER_ENCODING", None)


def _close_buffered_body(_error=None) -> None:
    spool = g.pop("buffered_body", None)
    if spool is not None:
        spool.close()


def _finish_response(response):
    request_id = g.get("request_id")
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    # A view that already forbids storing (no-store: no cache at all) keeps its own header.
    if current_user.is_authenticated and "no-store" not in response.headers.get(
            "Cache-Control", ""):
        response.headers["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------------ unread bodies


class _CountingInput:
    """The server's input stream, counting the bytes the app read from it."""

    def __init__(self, stream):
        self.stream, self.consumed = stream, 0

    def read(self, size=-1):
        data = self.stream.read() if size is None or size < 0 else self.stream.read(size)
        self.consumed += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def readline(self, size=-1):
        data = self.stream.readline() if size is None or size < 0 else self.stream.readline(size)
        self.consumed += len(data)
        return data

    def readlines(self, hint=-1):
        return list(iter(self.readline, b""))

    def __iter__(self):
        return iter(self.readline, b"")


class DrainUnreadBody:
    """WSGI middleware: once the answer is sent (the response's close()), whatever is left of
    a body sent with a Content-Length is read and discarded (see DRAIN_MAX_BYTES). A body sent
    without a length (chunked) is not: its size is unknown, so nothing bounds the reading but
    the cap itself."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared <= 0 or "wsgi.input" not in environ:
            return self.wsgi_app(environ, start_response)
        counted = _CountingInput(environ["wsgi.input"])
        environ["wsgi.input"] = counted
        result = self.wsgi_app(environ, start_response)
        return _ThenDrain(result, lambda: _drain(counted, declared, environ))


class _ThenDrain:
    """The app's response, then the drain once the server has sent it and closes it."""

    def __init__(self, result, after):
        self.result, self.after = result, after

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            self.after()


def _drain(counted: _CountingInput, declared: int, environ) -> None:
    left = declared - counted.consumed
    if left <= 0 or left > DRAIN_MAX_BYTES:
        return
    deadline = time.monotonic() + DRAIN_SECONDS
    sock = environ.get("gunicorn.socket")
    before = sock.gettimeout() if sock is not None else None
    try:
        while left > 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            if sock is not None:
                sock.settimeout(remaining)  # a stalled client cannot hold the worker
            chunk = counted.stream.read(min(DRAIN_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
    except Exception as error:  # the client went away: nothing left to protect
        log.debug("unread body not drained: %s", type(error).__name__)
    finally:
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.settimeout(before)
