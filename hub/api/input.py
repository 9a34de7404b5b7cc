"""Bad input refused in one place, before any view, schema or database sees it.

Checked on every request: the path (a NUL or a lone surrogate there names nothing: 404), the
query string, form fields and JSON bodies (422 naming the field): no NUL, no C0 control
character but tab, line feed and carriage return, no lone surrogate (`"\\ud800"` in JSON), no
integer outside the database's range; JSON nested at most `JSON_MAX_DEPTH` deep.
`load_body` is the one way a view reads a JSON or form body through a schema.
"""

from __future__ import annotations

import regex
from flask import Flask, abort, current_app, request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from hub.errors import InvalidInput

INVALID_JSON = _l("Invalid JSON body.")
BAD_CHARACTERS = _l("Contains characters that are not allowed (control characters or "
                    "invalid Unicode).")
TOO_DEEP = _l("The JSON body is nested too deeply.")
OUT_OF_RANGE = _l("Number out of range.")

# C0 controls except tab, LF, CR; lone surrogates.
_BAD = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
MAX_INT = 2**31 - 1


def bad_text(value: str) -> bool:
    return bool(_BAD.search(value))


def _depth_exceeds(data: bytes, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than `limit` (checked before parsing,
    so a hostile body never reaches the recursive parser)."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def _walk(value, path: str, problems: dict) -> None:
    if isinstance(value, str):
        if bad_text(value):
            problems.setdefault(path or "_schema", []).append(str(BAD_CHARACTERS))
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not -MAX_INT - 1 <= value <= MAX_INT:
            problems.setdefault(path or "_schema", []).append(str(OUT_OF_RANGE))
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and bad_text(key):
                problems.setdefault(path or "_schema", []).append(str(BAD_CHARACTERS))
                continue
            _walk(item, name, problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}.{index}" if path else str(index), problems)


def check_request() -> None:
    """`before_request`: refuse what no part of the hub can store or answer."""
    if bad_text(request.path):
        abort(404)
    problems: dict[str, list[str]] = {}
    for key, value in request.args.items(multi=True):
        if bad_text(key) or bad_text(value):
            problems.setdefault(key if not bad_text(key) else "_query", []).append(
                str(BAD_CHARACTERS))
    if problems:
        raise InvalidInput(fields=problems)
    if request.method in ("GET", "HEAD", "OPTIONS", "DELETE") and not request.content_length:
        return
    if request.is_json:
        _check_json(problems)
    elif request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for key, value in request.form.items(multi=True):
            if bad_text(key) or bad_text(value):
                problems.setdefault(key if not bad_text(key) else "_schema", []).append(
                    str(BAD_CHARACTERS))
        for key, upload in request.files.items(multi=True):
            if upload.filename and bad_text(upload.filename):
                problems.setdefault(key, []).append(str(BAD_CHARACTERS))
    if problems:
        raise InvalidInput(fields=problems)


def _check_json(problems: dict) -> None:
    data = request.get_data(cache=True)
    if not data:
        return
    if _depth_exceeds(data, current_app.config["JSON_MAX_DEPTH"]):
        raise InvalidInput(fields={"_schema": [str(TOO_DEEP)]})
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise InvalidInput(fields={"_schema": [str(TOO_DEEP)]}) from None
    if body is None:
        return  # not JSON at all: the schema answers "Invalid JSON body."
    _walk(body, "", problems)


def form_data(form, list_fields=()) -> dict:
    """A multipart/form body as the JSON shape: lists from repeated or comma-separated values
    (for `list_fields`), empty strings as absent."""
    data: dict = {}
    for key in form:
        values = [v for v in form.getlist(key) if v.strip() != ""]
        if key in list_fields:
            data[key] = [p.strip() for v in values for p in v.split(",") if p.strip()]
        elif values:
            data[key] = values[-1]
    return data


def load_body(schema, *, partial: bool = False, list_fields=()) -> dict:
    """A JSON (or multipart/form) body through a marshmallow schema; 422 with the fields."""
    from hub.api.errors import flatten_fields

    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raw = form_data(request.form, list_fields)
    else:
        raw = request.get_json(silent=True)
        if not isinstance(raw, dict):
            raise InvalidInput(fields={"_schema": [str(INVALID_JSON)]})
    try:
        return schema.load(raw, partial=partial)
    except ValidationError as error:
        raise InvalidInput(fields=flatten_fields(error.messages)) from None


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, check_request)
