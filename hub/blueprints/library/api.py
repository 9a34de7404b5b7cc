"""/api/v1/resources (shared/API.md, "Resource library")."""

from __future__ import annotations

import time

from flask import g, request, send_file, session
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError

from hub.api.base import InvalidInput, NotFound
from hub.api.errors import flatten_fields
from hub.blueprints.library import api_bp, files, searching, service
from hub.blueprints.library.schemas import (
    LibrarySearchQuerySchema,
    LibrarySearchResultSchema,
    ResourceCreateSchema,
    ResourceSchema,
)
from hub.extensions import db
from hub.i18n import current_locale
from hub.signals import record_usage

LIST_FIELDS = ("themes", "countries", "regions", "organisations")
# A page reload, or the same person opening the same resource again within this many seconds,
# counts as one `resource_view`.
VIEW_DEDUPE_SECONDS = 30 * 60
_recent_views: dict[tuple[int, int], float] = {}


def form_data(form) -> dict:
    """A multipart/form body as the JSON shape: lists from repeated or comma-separated values,
    empty strings as absent."""
    data: dict = {}
    for key in form:
        values = [v for v in form.getlist(key) if v.strip() != ""]
        if key in LIST_FIELDS:
            data[key] = [p.strip() for v in values for p in v.split(",") if p.strip()]
        elif values:
            data[key] = values[-1]
    return data


def load_input(schema, *, partial: bool = False) -> dict:
    """Validate a JSON or multipart body; 422 with the fields otherwise."""
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raw = form_data(request.form)
    else:
        raw = request.get_json(silent=True)
        if not isinstance(raw, dict):
            raise InvalidInput(fields={"_schema": [str(_invalid_json())]})
    try:
        return schema.load(raw, partial=partial)
    except ValidationError as error:
        raise InvalidInput(fields=flatten_fields(error.messages)) from None


def _invalid_json():
    from hub.api.errors import _VALIDATION_TEMPLATES

    return next(t for t in _VALIDATION_TEMPLATES if t._args[0] == "Invalid JSON body.")


def allow_upload() -> None:
    """Raise Flask's request limits for an upload: the file limit plus room for the fields."""
    limit = files.max_upload_bytes()
    request.max_content_length = limit + 1024 * 1024
    request.max_form_memory_size = 4 * 1024 * 1024
    # Refuse before parsing: werkzeug's parser would leave its half-written temporary file
    # open when it gives up in the middle.
    if (request.content_length or 0) > request.max_content_length:
        raise files.TooLarge(_("The file is larger than %(mb)s MB.",
                               mb=limit // (1024 * 1024)))


def uploaded_file(required: bool):
    upload = request.files.get("file")
    if upload is None or (not upload.filename and not upload.content_length):
        if required:
            raise InvalidInput(fields={"file": [_("A file is required.")]})
        return None
    return upload


def note_view(resource_id: int) -> None:
    """Record `resource_view` once per person and resource within VIEW_DEDUPE_SECONDS."""
    if not current_user.is_authenticated:
        return
    now = time.time()
    key = (current_user.id, resource_id)
    if not g.get("api_token"):
        # Browsers: kept in the signed session cookie, so every worker agrees.
        seen = {k: t for k, t in (session.get("viewed") or {}).items()
                if now - t < VIEW_DEDUPE_SECONDS}
        if now - seen.get(str(resource_id), 0) < VIEW_DEDUPE_SECONDS:
            return
        seen[str(resource_id)] = now
        session["viewed"] = dict(sorted(seen.items(), key=lambda kv: kv[1])[-50:])
    else:
        if now - _recent_views.get(key, 0) < VIEW_DEDUPE_SECONDS:
            return
        if len(_recent_views) > 10_000:
            _recent_views.clear()
        _recent_views[key] = now
    record_usage("resource_view", object_type="resource", object_id=resource_id)


def _dict(resource) -> dict:
    return service.resource_dict(resource, current_locale(), current_user)


@api_bp.get("/search")
@api_bp.arguments(LibrarySearchQuerySchema, location="query")
@api_bp.response(200, LibrarySearchResultSchema)
def search(args):
    """Full-text search with filters, facets, snippets and did-you-mean; 503 when the index
    is unusable. Anonymous users search public resources only."""
    found = searching.search(args, user=current_user, locale=current_locale())
    record_usage("search", query=args["q"], results=found["total"])
    found.pop("resources")
    return found


def _created(resource):
    """201 with the resource, or 202 while a file's text is still being extracted."""
    body = _dict(resource)
    return body, 202 if body["extraction"] == "pending" else 201


@api_bp.post("")
@login_required
@api_bp.response(201, ResourceSchema)
@api_bp.alt_response(202, schema=ResourceSchema, description="Saved; a file's text is still "
                     "being extracted (`extraction` is `pending`)")
def create_resource():
    """Create a resource from JSON, or multipart with the same fields plus `file`. It is in
    the search index when this returns (unless the index is down: then it is queued); a file's
    words join it when its extraction job is done (202 until then)."""
    allow_upload()
    prepared = None
    data = load_input(ResourceCreateSchema())
    if not service.can_create(current_user):
        raise service.Forbidden()
    upload = uploaded_file(required=False) if request.files else None
    if upload is not None:
        prepared = service.prepare_file(upload)
    try:
        resource = service.create_resource(data, current_user, prepared)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        if prepared:
            files.remove(prepared[0].stored_name)
        raise
    record_usage("resource_create", object_type="resource", object_id=resource.id)
    return _created(resource)


@api_bp.get("/<int:resource_id>")
@api_bp.response(200, ResourceSchema)
def get_resource(resource_id):
    """A resource; network-only ones answer 404 to anonymous visitors."""
    resource = service.get_resource(resource_id, current_user)
    note_view(resource.id)
    return _dict(resource)


@api_bp.patch("/<int:resource_id>")
@login_required
@api_bp.response(200, ResourceSchema)
def update_resource(resource_id):
    """Change the fields given (the authoring member's staff or the Secretariat)."""
    resource = service.get_resource(resource_id, current_user)
    data = load_input(ResourceSchema(), partial=True)
    try:
        service.update_resource(resource, data, current_user)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    record_usage("resource_update", object_type="resource", object_id=resource.id)
    return _dict(resource)


@api_bp.delete("/<int:resource_id>")
@login_required
@api_bp.response(204)
def delete_resource(resource_id):
    """Delete a resource and its files; it leaves search at once."""
    resource = service.get_resource(resource_id, current_user)
    try:
        names = service.delete_resource(resource, current_user)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    for name in names:
        files.remove(name)
    record_usage("resource_update", object_type="resource", object_id=resource_id,
                 deleted=True)


@api_bp.post("/<int:resource_id>/files")
@login_required
@api_bp.response(201, ResourceSchema)
@api_bp.alt_response(202, schema=ResourceSchema, description="Saved; the file's text is still "
                     "being extracted")
def add_file(resource_id):
    """Attach a file (multipart `file`): 413 when too large, 415 when not PDF/DOCX/ODT/TXT;
    202 while its text is being extracted."""
    allow_upload()
    resource = service.get_resource(resource_id, current_user)
    if not service.can_edit(current_user, resource):
        raise service.Forbidden()
    upload = uploaded_file(required=True)
    prepared = service.prepare_file(upload)
    try:
        service.add_file(resource, prepared, current_user)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        files.remove(prepared[0].stored_name)
        raise
    record_usage("resource_update", object_type="resource", object_id=resource.id,
                 file_added=True)
    return _created(resource)


@api_bp.get("/<int:resource_id>/files/<int:file_id>")
def download_file(resource_id, file_id):
    """The file as an attachment, for whoever may see the resource."""
    resource = service.get_resource(resource_id, current_user)
    found = service.get_file(resource, file_id)
    path = files.stored_path(found.stored_name)
    if not path.exists():
        raise NotFound()
    record_usage("resource_download", object_type="resource", object_id=resource.id,
                 file_id=found.id)
    response = send_file(path, mimetype=found.mime_type, as_attachment=True,
                         download_name=found.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if resource.visibility == "network":
        response.headers["Cache-Control"] = "private, no-store"
    return response
