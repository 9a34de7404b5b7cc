"""One error body for every 4xx/5xx under /api/, localised; HTML error pages elsewhere.

Body: {"error": {"code", "message", "fields"?}} as in shared/API.md.
"""

import logging

import regex
from flask import jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

# Machine codes and default messages by status.
DEFAULT_ERRORS = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: ("unauthorized", _l("Please sign in first.")),
    403: ("forbidden", _l("You are not allowed to do this.")),
    404: ("not_found", _l("Nothing was found at this address.")),
    405: ("method_not_allowed", _l("This method is not allowed here.")),
    409: ("conflict", _l("This conflicts with the current state.")),
    413: ("too_large", _l("The upload is too large.")),
    415: ("unsupported_type", _l("This type of file is not supported.")),
    422: ("invalid", _l("Some of the data is not valid.")),
    429: ("too_many_requests", _l("Too many requests. Please wait a moment and try again.")),
    500: ("server_error", _l("Something went wrong on our side. It has been logged.")),
    503: ("unavailable", _l("The service is temporarily unavailable.")),
}

# marshmallow's and webargs' English messages, so validation errors are localised too.
# Each template's {placeholders} are read back from the English text and refilled.
_VALIDATION_TEMPLATES = [
    _l("Missing data for required field."),
    _l("Field may not be null."),
    _l("Invalid value."),
    _l("Unknown field."),
    _l("Invalid input type."),
    _l("Not a valid string."),
    _l("Not a valid integer."),
    _l("Not a valid number."),
    _l("Not a valid boolean."),
    _l("Not a valid list."),
    _l("Not a valid mapping type."),
    _l("Not a valid date."),
    _l("Not a valid datetime."),
    _l("Not a valid email address."),
    _l("Not a valid URL."),
    _l("Not a valid UUID."),
    _l("Invalid input."),
    _l("String does not match expected pattern."),
    _l("Invalid JSON body."),
    _l("Shorter than minimum length {min}."),
    _l("Longer than maximum length {max}."),
    _l("Length must be between {min} and {max}."),
    _l("Length must be {equal}."),
    _l("Must be one of: {choices}."),
    _l("Must be greater than or equal to {min}."),
    _l("Must be less than or equal to {max}."),
    _l("Must be greater than or equal to {min} and less than or equal to {max}."),
    _l("Must be greater than {min}."),
    _l("Must be less than {max}."),
]


_COMPILED: list = []


def _compiled():
    """The templates as patterns over their English text (read once, in English)."""
    if not _COMPILED:
        with force_locale("en"):
            for lazy in _VALIDATION_TEMPLATES:
                english = str(lazy)
                pattern = regex.escape(english)
                pattern = regex.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", pattern)
                _COMPILED.append((regex.compile(f"^{pattern}$"), lazy))
    return _COMPILED


def localise_message(message) -> str:
    """Translate one validation message, whether ours (lazy) or marshmallow's English text."""
    text = str(message)
    for pattern, lazy in _compiled():
        match = pattern.match(text)
        if match:
            return str(lazy).format(**match.groupdict())
    return text


def flatten_fields(messages, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested {"json": {"a": {"b": [...]}}} into {"a.b": [...]}."""
    if isinstance(messages, dict) and set(messages) <= {"json", "query", "form", "files",
                                                         "headers", "cookies", "view_args"}:
        merged: dict[str, list[str]] = {}
        for part in messages.values():
            merged.update(flatten_fields(part, prefix))
        return merged
    fields: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                name = prefix or "_schema"
            fields.update(flatten_fields(value, name))
    elif isinstance(messages, list | tuple):
        texts = [m for m in messages if not isinstance(m, dict | list)]
        if texts:
            fields.setdefault(prefix or "_schema", []).extend(localise_message(m) for m in texts)
        for m in messages:
            if isinstance(m, dict | list):
                fields.update(flatten_fields(m, prefix))
    else:
        fields.setdefault(prefix or "_schema", []).append(localise_message(messages))
    return fields


def error_body(status: int, code: str | None = None, message=None, fields=None) -> dict:
    default_code, default_message = DEFAULT_ERRORS.get(status, ("error", _l("Error.")))
    error = {"code": code or default_code, "message": str(message or default_message)}
    if fields:
        error["fields"] = fields
    return {"error": error}


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, code: str | None = None, message=None, fields=None):
    """A JSON error response in the contract's shape."""
    response = jsonify(error_body(status, code, message, fields))
    response.status_code = status
    return response


def _rollback() -> None:
    """Error handlers read a clean session: whatever the failed request changed is undone."""
    from hub import uow

    try:
        uow.rollback()
    except Exception:  # a broken connection must not hide the original error
        log.exception("Rollback failed")


def handle_http_exception(error: HTTPException):
    """JSON for the API, a rendered page for everything else."""
    _rollback()
    status = error.code or 500
    if is_api_request():
        data = getattr(error, "data", None) or {}
        fields = None
        if status == 422 and "messages" in data:
            fields = flatten_fields(data["messages"])
        code = data.get("code")
        message = data.get("message") if isinstance(data.get("message"), str) else None
        if message is None and code is None and status not in DEFAULT_ERRORS:
            message = error.description
        response = api_error(status, code, message, fields)
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        if status == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response
    _, message = DEFAULT_ERRORS.get(status, ("error", error.description))
    return render_template("errors/error.html", status=status, message=message), status


def handle_unexpected(error: Exception):
    """A bug: logged with its traceback; the client gets a 500 without details."""
    log.exception("Unhandled error on %s %s", request.method, request.path)
    _rollback()
    if is_api_request():
        return api_error(500)
    _, message = DEFAULT_ERRORS[500]
    return render_template("errors/error.html", status=500, message=message), 500


def handle_hub_error(error):
    """A service refused: the contract's body for the API, an error page otherwise."""
    _rollback()
    if is_api_request():
        return api_error(error.status, error.code, error.message, error.fields)
    message = error.message or DEFAULT_ERRORS.get(error.status, ("", ""))[1]
    return render_template("errors/error.html", status=error.status, message=message), error.status
