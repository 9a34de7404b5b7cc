"""The OpenAPI document told as the hub behaves, and readable docs at /api/v1/docs.

After every blueprint is registered, each operation gets: its `operationId` (the endpoint
name), `security: []` when anonymous use is allowed (no `login_required` on the view), and
the error answers it can give, all with the contract's envelope (`ErrorSchema`):
401/403 when it needs a sign-in, 404 with a path parameter, 409 and 413 for writes, 415 for
uploads, 422 everywhere (every query and body passes the input checks), 429 everywhere
(rate limits), 503 where the search index serves it.
"""

from __future__ import annotations

import re
from http import HTTPStatus

from flask import Blueprint, Flask, render_template
from flask_login import login_required

_LOGIN_REQUIRED_CODE = login_required(lambda: None).__code__
WRITE_METHODS = ("post", "put", "patch", "delete")
# Views that take a file (multipart): 415 for a type the hub does not store.
UPLOADS: set[str] = set()
# Views that read the search index: 503 while it is unusable.
SEARCHES: set[str] = set()


def uploads(view):
    """Mark a view that accepts an uploaded file."""
    UPLOADS.add(f"{view.__module__}.{view.__qualname__}")
    return view


def searches(view):
    """Mark a view that answers from the search index."""
    SEARCHES.add(f"{view.__module__}.{view.__qualname__}")
    return view


def _unwrap(view):
    seen = []
    while view is not None and view not in seen:
        seen.append(view)
        view = getattr(view, "__wrapped__", None)
    return seen


def needs_sign_in(view) -> bool:
    return any(getattr(f, "__code__", None) is _LOGIN_REQUIRED_CODE for f in _unwrap(view))


def _name(view) -> str:
    inner = _unwrap(view)[-1]
    return f"{inner.__module__}.{inner.__qualname__}"


def _response(spec, status: int) -> dict:
    return spec.components.get_ref("response", HTTPStatus(status).name)


def describe(api, app: Flask) -> None:
    """Complete every operation of the document (idempotent)."""
    spec = api.spec
    paths = spec._paths  # apispec keeps the operations here until to_dict()
    prefix = app.config["OPENAPI_URL_PREFIX"].rstrip("/")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix + "/"):
            continue
        path = _openapi_path(rule.rule)
        operations = paths.get(path)
        if not operations:
            continue
        view = app.view_functions[rule.endpoint]
        private = needs_sign_in(view)
        name = _name(view)
        for method in rule.methods or ():
            operation = operations.get(method.lower())
            if operation is None:
                continue
            operation["operationId"] = rule.endpoint.replace(".", "_")
            if not private:
                operation["security"] = []
            codes = {422, 429}
            if private:
                codes |= {401, 403}
            if rule.arguments:
                codes.add(404)
            if method.lower() in WRITE_METHODS:
                codes |= {409, 413}
            if name in UPLOADS:
                codes |= {413, 415}
            if name in SEARCHES:
                codes.add(503)
            responses = operation.setdefault("responses", {})
            if not any(str(key).startswith("2") for key in responses):
                # A view without a declared answer: say what it is (a JSON object, or nothing).
                for status in _success_statuses(method.lower()):
                    responses[status] = _GENERIC_SUCCESS[status]
            for code in sorted(codes):
                responses.setdefault(str(code), _response(spec, code))
    add_links(spec)


def _properties(spec, schema: dict) -> dict:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        schema = spec.components.schemas.get(ref.rsplit("/", 1)[1]) or {}
    return schema.get("properties") or {}


def _parent_read_schema(paths: dict, path: str):
    parent = path.rsplit("/", 1)[0]
    read = (paths.get(parent) or {}).get("get") or {}
    answer = (read.get("responses") or {}).get("200") or {}
    return ((answer.get("content") or {}).get("application/json") or {}).get("schema")


def add_links(spec) -> None:
    """OpenAPI links from each create to the operations on what it made: `POST /stories`
    answers the story, whose `id` is the `{story_id}` of `GET|PATCH /stories/{story_id}` and
    of the operations below it (a tag's `slug` for `/tags/{slug}`). Clients and schemathesis's
    stateful tests follow them."""
    paths = spec._paths
    for path, operations in paths.items():
        create = operations.get("post")
        if not create:
            continue
        for status in ("201", "202"):
            answer = create.get("responses", {}).get(status)
            if not isinstance(answer, dict):
                continue
            schema = (answer.get("content") or {}).get("application/json", {}).get("schema")
            properties = _properties(spec, schema) if isinstance(schema, dict) else {}
            if schema is not None and schema == _parent_read_schema(paths, path):
                continue  # e.g. POST /resources/{id}/files answers the resource, not a file
            links = {}
            for target, target_ops in paths.items():
                match = re.fullmatch(re.escape(path) + r"/\{([^{}/]+)\}(/.*)?", target)
                if not match:
                    continue
                name = match.group(1)
                key = "slug" if name == "slug" else "id"
                if key not in properties:
                    continue
                for method, operation in target_ops.items():
                    if method not in ("get", "put", "patch", "delete", "post"):
                        continue
                    if operation.get("operationId") is None:
                        continue
                    parameters = {name: f"$response.body#/{key}"}
                    for outer in re.findall(r"\{([^{}/]+)\}", path):
                        parameters[outer] = f"$request.path.{outer}"
                    if set(re.findall(r"\{([^{}/]+)\}", target)) - set(parameters):
                        continue  # another part of the path is not known from the create
                    links[operation["operationId"]] = {
                        "operationId": operation["operationId"], "parameters": parameters}
            if links:
                answer["links"] = links


_JSON_OBJECT = {"application/json": {"schema": {"type": "object"}}}
_GENERIC_SUCCESS = {
    "200": {"description": "OK", "content": _JSON_OBJECT},
    "201": {"description": "Created", "content": _JSON_OBJECT},
    "202": {"description": "Accepted", "content": _JSON_OBJECT},
    "204": {"description": "No content"},
}


def _success_statuses(method: str) -> tuple[str, ...]:
    return {"delete": ("204",), "post": ("200", "201", "202", "204")}.get(method, ("200",))


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


# ------------------------------------------------------------------ the docs page

docs_bp = Blueprint("api_docs_page", __name__)


@docs_bp.get("/api/v1/docs")
def api_docs():
    """Swagger UI (vendored under static/vendor, no CDN) over /api/v1/openapi.json."""
    return render_template("api/docs.html")


def request_body(blueprint, schema, *, multipart: bool = False):
    """Document the body a view reads with `load_body` (JSON, and multipart for uploads),
    where the view must check access or find the object before reading it."""
    content = {"application/json": {"schema": schema}}
    if multipart:
        content["multipart/form-data"] = {"schema": schema}
    return blueprint.doc(requestBody={"required": True, "content": content})


def json_answer(schema, status: int = 200, description: str = "OK") -> dict:
    """A JSON success answer described by a schema, for `doc(responses=...)`, where the view
    returns more than the schema would dump (the schema documents; it does not filter)."""
    return {str(status): {"description": description,
                          "content": {"application/json": {"schema": schema}}}}


def file_answer(*media_types: str, status: int = 200) -> dict:
    """A download's success answer, for `doc(responses=...)`."""
    return {str(status): {"description": "The file, as an attachment", "content": {
        media: {"schema": {"type": "string", "format": "binary"}} for media in media_types}}}
