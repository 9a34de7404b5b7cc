"""/api/v1/resources (shared/API.md, "Resource library")."""

from __future__ import annotations

import time

from flask import g, request, send_file, session
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hub import access, uow
from hub.api.docs import file_answer, request_body, searches, uploads
from hub.api.input import load_body
from hub.blueprints.library import api_bp, files, searching, service
from hub.blueprints.library.schemas import (
    FileUploadSchema,
    LibrarySearchQuerySchema,
    LibrarySearchResultSchema,
    ResourceCreateSchema,
    ResourceSchema,
    ResourceUploadSchema,
)
from hub.errors import InvalidInput, NotFound
from hub.i18n import current_locale
from hub.serving import accepts_uploads
from hub.signals import record_usage

LIST_FIELDS = ("themes", "countries", "regions", "organisations")
# A page reload, or the same person opening the same resource again within this many seconds,
# counts as one `resource_view`.
VIEW_DEDUPE_SECONDS = 30 * 60
_recent_views: dict[tuple[int, int], float] = {}


def load_input(schema, *, partial: bool = False) -> dict:
    """A JSON or multipart body (lists from repeated or comma-separated fields)."""
    return load_body(schema, partial=partial, list_fields=LIST_FIELDS)


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
@searches
def search(args):
    """Full-text search with filters, facets, snippets and did-you-mean; 503 when the index
    is unusable. Anonymous users search public resources only."""
    found = searching.search(args, user=current_user, locale=current_locale())
    found.pop("resources")
    return found


def _created(resource):
    """201 with the resource, or 202 while a file's text is still being extracted."""
    body = _dict(resource)
    return body, 202 if body["extraction"] == "pending" else 201


@api_bp.post("")
@accepts_uploads
@login_required
@api_bp.response(201, ResourceSchema)
@api_bp.alt_response(202, schema=ResourceSchema, description="Saved; a file's text is still "
                     "being extracted (`extraction` is `pending`)")
@api_bp.doc(requestBody={"required": True, "content": {
    "application/json": {"schema": ResourceCreateSchema},
    "multipart/form-data": {"schema": ResourceUploadSchema}}})
@uploads
def create_resource():
    """Create a resource from JSON, or multipart with the same fields plus `file`. It is in
    the search index when this returns (unless the index is down: then it is queued); a file's
    words join it when its extraction job is done (202 until then)."""
    allow_upload()
    prepared = None
    data = load_input(ResourceCreateSchema())
    access.require(service.can_create(current_user))
    upload = uploaded_file(required=False) if request.files else None
    if upload is not None:
        prepared = service.prepare_file(upload)
    resource = service.create_resource(data, current_user, prepared)
    # Commit before answering: the extraction job is queued by the commit, and where jobs run
    # at once (tests, HUB_JOBS_IMMEDIATE) the answer then already says "done".
    uow.commit()
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
@request_body(api_bp, ResourceSchema)
def update_resource(resource_id):
    """Change the fields given (the authoring member's staff or the Secretariat)."""
    resource = service.get_resource(resource_id, current_user)
    data = load_input(ResourceSchema(), partial=True)
    service.update_resource(resource, data, current_user)
    return _dict(resource)


@api_bp.delete("/<int:resource_id>")
@login_required
@api_bp.response(204)
def delete_resource(resource_id):
    """Delete a resource and its files; it leaves search at once."""
    resource = service.get_resource(resource_id, current_user)
    service.delete_resource(resource, current_user)


@api_bp.post("/<int:resource_id>/files")
@accepts_uploads
@login_required
@api_bp.response(201, ResourceSchema)
@api_bp.alt_response(202, schema=ResourceSchema, description="Saved; the file's text is still "
                     "being extracted")
@api_bp.doc(requestBody={"required": True, "content": {
    "multipart/form-data": {"schema": FileUploadSchema}}})
@uploads
def add_file(resource_id):
    """Attach a file (multipart `file`): 413 when too large, 415 when not PDF/DOCX/ODT/TXT;
    202 while its text is being extracted."""
    allow_upload()
    resource = service.get_resource(resource_id, current_user)
    access.require(service.can_edit(current_user, resource))
    upload = uploaded_file(required=True)
    service.add_file(resource, service.prepare_file(upload), current_user)
    uow.commit()  # as in create_resource: the job is queued by the commit
    return _created(resource)


@api_bp.get("/<int:resource_id>/files/<int:file_id>")
@api_bp.doc(responses=file_answer("application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text", "text/plain"))
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
