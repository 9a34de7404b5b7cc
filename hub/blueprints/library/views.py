"""Pages: library search, a resource, the upload and edit form, deletion. No JavaScript."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError

from hub import access, uow
from hub.api.errors import flatten_fields
from hub.blueprints.library import api, bp, searching, service
from hub.blueprints.library.forms import ResourceForm
from hub.blueprints.library.schemas import LibrarySearchQuerySchema, ResourceSchema
from hub.errors import HubError
from hub.forms import default_language
from hub.i18n import current_locale
from hub.serving import accepts_uploads

LIST_ARGS = ("language", "type", "theme", "country", "region")


@bp.get("/library")
def search_page():
    """Search box, facets as links, snippets, pagination and did-you-mean; 503 page when the
    index is unusable."""
    raw = {key: request.args.getlist(key) for key in LIST_ARGS if request.args.getlist(key)}
    raw.update({k: request.args[k] for k in ("q", "page", "sort", "cross_language",
                                              "year_from", "year_to") if request.args.get(k)})
    errors = LibrarySearchQuerySchema().validate(raw)
    found, status = None, 200
    if errors:
        status = 422
    else:
        args = LibrarySearchQuerySchema().load(raw)
        try:
            found = searching.search(args, user=current_user, locale=current_locale())
        except service.SearchUnavailable as error:
            return render_template("errors/error.html", status=503,
                                   message=error.message), 503
    return render_template(
        "library/search.html", found=found, errors=errors, args=request.args,
        link=_filter_link, page_link=_page_link, type_labels=service.TYPE_LABELS,
        can_create=service.can_create(current_user),
    ), status


def _filter_link(name: str, value: str, *, add: bool) -> str:
    """This search with one filter value added or removed (back to page 1)."""
    args = request.args.to_dict(flat=False)
    args.pop("page", None)
    values = [v for v in args.get(name, []) if v != value]
    if add:
        values.append(value)
    args[name] = values
    return url_for("library.search_page", **args)


def _page_link(page: int, **changes) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    args.update({k: [v] for k, v in changes.items()})
    return url_for("library.search_page", **args)


@bp.get("/library/<int:resource_id>")
def resource_page(resource_id):
    """A resource with its metadata, files and other language versions."""
    resource = service.get_resource(resource_id, current_user)
    api.note_view(resource.id)
    data = service.resource_dict(resource, current_locale(), current_user)
    return render_template("library/resource.html", resource=resource, data=data,
                           type_labels=service.TYPE_LABELS,
                           visibility_labels=service.VISIBILITY_LABELS)


def _form(resource=None) -> ResourceForm:
    form = ResourceForm(obj=None)
    form.set_choices(current_locale(), service.choices_for(current_user),
                     creating=resource is None)
    return form


def _fill(form: ResourceForm, resource) -> None:
    data = service.resource_dict(resource, current_locale(), current_user)
    for key in ("title", "summary", "body", "language", "type", "themes", "published_on",
                "organisations", "secretariat_coauthored", "url", "visibility"):
        getattr(form, key).data = data[key] if key != "published_on" else resource.published_on
    form.countries.data = ", ".join(data["countries"])
    form.regions.data = [r.code for r in resource.regions]
    ids = [t["id"] for t in data["translations"]]
    form.translation_of.data = str(ids[0]) if ids else ""


def _validated(form: ResourceForm, *, partial: bool) -> dict | None:
    payload = form.payload(is_secretariat=current_user.is_secretariat)
    try:
        return ResourceSchema().load(payload, partial=partial)
    except ValidationError as error:
        _show(form, flatten_fields(error.messages))
        return None


def _show(form: ResourceForm, fields: dict) -> None:
    for name, messages in (fields or {}).items():
        field = getattr(form, name.split(".")[0], None)
        target = field if field is not None and hasattr(field, "errors") else form.title
        target.errors = [*list(target.errors or []), *messages]


@bp.route("/library/new", methods=["GET", "POST"])
@accepts_uploads
@login_required
def new_resource():
    """The upload form: a member publishes for its organisation, the Secretariat for anyone."""
    access.require(service.can_create(current_user))
    if request.method == "POST":
        api.allow_upload()
    form = _form()
    if request.method == "GET" and not current_user.is_secretariat:
        form.organisations.data = [current_user.member_id]
    if request.method == "GET":
        form.language.data = default_language(current_user.member, current_locale())
    status = 200
    if form.validate_on_submit():
        data = _validated(form, partial=False)
        if data is not None:
            prepared = None
            try:
                upload = request.files.get("file")
                if upload is not None and upload.filename:
                    prepared = service.prepare_file(upload)
                resource = service.create_resource(data, current_user, prepared)
            except HubError as error:
                uow.rollback()  # also removes the stored file
                if error.status in (413, 415):
                    form.file.errors = [str(error.message)]
                    status = error.status
                elif error.status == 403:
                    raise
                else:
                    _show(form, error.fields or {"title": [str(error.message)]})
                    status = 422
            else:
                flash(_("The resource was added to the library."), "success")
                return redirect(url_for("library.resource_page", resource_id=resource.id))
        else:
            status = 422
    elif request.method == "POST":
        status = 422
    return render_template("library/edit.html", form=form, resource=None), status


@bp.route("/library/<int:resource_id>/edit", methods=["GET", "POST"])
@accepts_uploads
@login_required
def edit_resource(resource_id):
    """Edit a resource and attach another file (its authoring members or the Secretariat)."""
    resource = service.get_resource(resource_id, current_user)
    access.require(service.can_edit(current_user, resource))
    if request.method == "POST":
        api.allow_upload()
    form = _form(resource)
    if request.method == "GET":
        _fill(form, resource)
    status = 200
    if form.validate_on_submit():
        data = _validated(form, partial=True)
        if data is not None:
            prepared = None
            try:
                upload = request.files.get("file")
                if upload is not None and upload.filename:
                    prepared = service.prepare_file(upload)
                service.update_resource(resource, data, current_user)
                if prepared:
                    service.add_file(resource, prepared, current_user)
            except HubError as error:
                uow.rollback()  # also removes the stored file
                if error.status in (413, 415):
                    form.file.errors = [str(error.message)]
                    status = error.status
                elif error.status == 403:
                    raise
                else:
                    _show(form, error.fields or {"title": [str(error.message)]})
                    status = 422
            else:
                flash(_("The resource was saved."), "success")
                return redirect(url_for("library.resource_page", resource_id=resource.id))
        else:
            status = 422
    elif request.method == "POST":
        status = 422
    return render_template("library/edit.html", form=form, resource=resource), status


@bp.post("/library/<int:resource_id>/delete")
@login_required
def delete_resource(resource_id):
    """Delete a resource (its authoring members or the Secretariat); it leaves search at once."""
    resource = service.get_resource(resource_id, current_user)
    service.delete_resource(resource, current_user)
    flash(_("The resource was deleted."), "success")
    return redirect(url_for("library.search_page"))
