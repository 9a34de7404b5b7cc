"""What every request gets as deployed: the client as the trusted proxies report it
(HUB_PROXY_HOPS), a bounded body, a request id, and no caching of what a signed-in person
sees."""

import logging
import tempfile
import uuid

import regex
from flask import Flask, abort, current_app, g, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = regex.compile(r"[A-Za-z0-9._:-]{1,128}")


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
