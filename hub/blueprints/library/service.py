"""Resources: who may see and change what, validation, writes, files, and search.

Visibility: `public` resources are seen by everyone, `network` ones by signed-in users only;
anything hidden answers 404. Member staff create resources for their own organisation and
edit those of their organisation; the Secretariat creates and edits any. The caller commits;
the search index follows the commit (hub.blueprints.library.indexing).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hub.api.base import Forbidden, HubError, InvalidInput, NotFound
from hub.blueprints.library import extraction
from hub.blueprints.library import files as filestore
from hub.extensions import db
from hub.models import Country, Member, Region, Resource, ResourceFile, Tag
from hub.reference.languages import is_known_language, language_name
from hub.reference.names import country_name, region_name
from hub.search import detect_language

TYPE_LABELS = {
    "research_report": _l("Research report"),
    "country_overview": _l("Country overview"),
    "toolkit": _l("Toolkit or guide"),
    "training_material": _l("Training material"),
    "policy_brief": _l("Policy brief"),
    "legal_analysis": _l("Legal analysis"),
    "news": _l("News"),
    "other": _l("Other"),
}
VISIBILITY_LABELS = {"network": _l("Network members only"), "public": _l("Public")}


class SearchUnavailable(HubError):
    status = 503
    code = "search_unavailable"


def signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def can_see(user, resource: Resource) -> bool:
    return resource.visibility == "public" or signed_in(user)


def can_edit(user, resource: Resource) -> bool:
    if not signed_in(user):
        return False
    if user.is_secretariat:
        return True
    return user.member_id is not None and any(
        m.id == user.member_id for m in resource.organisations)


def can_create(user) -> bool:
    return signed_in(user) and (user.is_secretariat or user.member_id is not None)


def get_resource(resource_id: int, user) -> Resource:
    """A resource the user may see, else NotFound."""
    resource = db.session.get(Resource, resource_id)
    if resource is None or not can_see(user, resource):
        raise NotFound()
    return resource


# ------------------------------------------------------------------ reading


def file_dict(f: ResourceFile) -> dict:
    return {
        "id": f.id, "filename": f.filename, "mime_type": f.mime_type, "size": f.size,
        "sha256": f.sha256, "text_extracted": f.extraction == "ok",
        "extraction": "done" if f.extraction in ("ok", "empty") else f.extraction,
        "url": f"/api/v1/resources/{f.resource_id}/files/{f.id}",
    }


def translations(resource: Resource, user) -> list[Resource]:
    """The other language versions the user may see."""
    if resource.translation_group is None:
        return []
    query = sa.select(Resource).where(Resource.translation_group == resource.translation_group,
                                      Resource.id != resource.id).order_by(Resource.language)
    if not signed_in(user):
        query = query.where(Resource.visibility == "public")
    return list(db.session.scalars(query))


def resource_dict(resource: Resource, locale: str, user) -> dict:
    regions = sorted({r.code for r in resource.regions}
                     | {c.region_code for c in resource.countries})
    return {
        "id": resource.id,
        "title": resource.title,
        "summary": resource.summary,
        "body": resource.body,
        "language": resource.language,
        "type": resource.type,
        "themes": [t.slug for t in resource.themes],
        "countries": [c.code for c in resource.countries],
        "regions": regions,
        "published_on": resource.published_on,
        "organisations": [m.id for m in resource.organisations],
        "secretariat_coauthored": resource.secretariat_coauthored,
        "url": resource.url,
        "visibility": resource.visibility,
        "translation_group": resource.translation_group,
        "translations": [{"id": t.id, "language": t.language, "title": t.title}
                         for t in translations(resource, user)],
        "files": [file_dict(f) for f in resource.files],
        "extraction": extraction.resource_state(resource),
        "labels": {
            "language": language_name(resource.language, locale),
            "type": str(TYPE_LABELS.get(resource.type, resource.type)),
            "themes": {t.slug: t.label(locale) for t in resource.themes},
            "countries": {c.code: country_name(c.code, locale) for c in resource.countries},
            "regions": {code: region_name(code, locale) for code in regions},
            "organisations": {str(m.id): m.name for m in resource.organisations},
        },
        "can_edit": can_edit(user, resource),
        "created_at": resource.created_at,
        "updated_at": resource.updated_at,
    }


# ------------------------------------------------------------------ writing


def _members(refs) -> list[Member]:
    found, bad = [], []
    for ref in refs or []:
        ref_s = str(ref).strip()
        member = (db.session.get(Member, int(ref_s)) if ref_s.isdigit() else
                  db.session.scalar(sa.select(Member).where(Member.slug == ref_s)))
        (found if member else bad).append(member or ref_s)
    if bad:
        raise InvalidInput(fields={"organisations": [
            _("Unknown member: %(ref)s.", ref=", ".join(map(str, bad)))]})
    return list(dict.fromkeys(found))


def _by_key(model, key, values, field: str, message) -> list:
    values = list(dict.fromkeys(values or []))
    if not values:
        return []
    rows = {getattr(r, key): r for r in db.session.scalars(
        sa.select(model).where(getattr(model, key).in_(values)))}
    bad = [v for v in values if v not in rows]
    if bad:
        raise InvalidInput(fields={field: [str(message) + " " + ", ".join(bad)]})
    return [rows[v] for v in values]


def _apply(resource: Resource, data: dict, user, *, creating: bool) -> None:
    """Copy validated fields onto the resource, checking references and rights."""
    for key in ("title", "summary", "body", "type", "published_on", "url", "visibility"):
        if key in data:
            value = data[key]
            if key in ("summary", "body"):
                value = value or ""
            setattr(resource, key, value.strip() if key == "title" and value else value)
    if "title" in data and not (data["title"] or "").strip():
        raise InvalidInput(fields={"title": [_("A title is required.")]})
    if data.get("language"):
        if not is_known_language(data["language"]):
            raise InvalidInput(fields={"language": [_("Unknown language code.")]})
        resource.language = data["language"]
    if "themes" in data:
        resource.themes = _by_key(Tag, "slug", data["themes"], "themes", _l("Unknown theme:"))
    if "countries" in data:
        resource.countries = _by_key(Country, "code", data["countries"], "countries",
                                     _l("Unknown country code:"))
    if "regions" in data:
        resource.regions = _by_key(Region, "code", data["regions"], "regions",
                                   _l("Unknown region code:"))
    if "secretariat_coauthored" in data:
        if (data["secretariat_coauthored"] != bool(resource.secretariat_coauthored)
                and not user.is_secretariat):
            raise InvalidInput(fields={"secretariat_coauthored": [
                _("Only the Secretariat records that it co-authored a resource.")]})
        resource.secretariat_coauthored = bool(data["secretariat_coauthored"])
    if "organisations" in data or creating:
        refs = data.get("organisations")
        if not refs and not user.is_secretariat:
            refs = [user.member_id]
        members = _members(refs)
        if not user.is_secretariat and user.member_id not in {m.id for m in members}:
            raise Forbidden(_("You can only publish resources for your own organisation."))
        resource.organisations = members
    if "translation_of" in data:
        _link_translation(resource, data["translation_of"], user)


def _link_translation(resource: Resource, other_id: int | None, user) -> None:
    if other_id is None:
        resource.translation_group = None
        return
    other = db.session.get(Resource, other_id)
    if other is None or not can_see(user, other) or other is resource:
        raise InvalidInput(fields={"translation_of": [_("No such resource.")]})
    if other.translation_group is None:
        other.translation_group = other.id
    resource.translation_group = other.translation_group


def _detect(resource: Resource, extra_text: str = "") -> None:
    if resource.language:
        return
    text = " ".join(x for x in (resource.title, resource.summary, resource.body,
                                extra_text[:20_000]) if x)
    language = detect_language(text)
    if language is None:
        raise InvalidInput(fields={"language": [
            _("The language could not be recognised from the text; please choose it.")]})
    resource.language = language


def prepare_file(upload) -> tuple[filestore.StoredFile, str, str]:
    """Store an upload before any database work: (stored, "", "pending"); its text is read by
    a job once the resource is committed (hub.blueprints.library.extraction). Raises 413/415."""
    stored = filestore.store_upload(upload)
    return stored, "", "pending"


def _file_row(stored, text: str, state: str, user) -> ResourceFile:
    return ResourceFile(
        filename=stored.filename, stored_name=stored.stored_name, mime_type=stored.mime_type,
        size=stored.size, sha256=stored.sha256, text=text, extraction=state,
        uploaded_by_id=user.id if signed_in(user) else None,
    )


def create_resource(data: dict, user, prepared=None) -> Resource:
    """A new resource for the user's organisation (any organisation for the Secretariat),
    optionally with an already prepared file; the language is detected when not given."""
    if not can_create(user):
        raise Forbidden()
    resource = Resource(language=None, visibility=data.get("visibility") or "network",
                        created_by_id=user.id, summary="", body="")
    with db.session.no_autoflush:
        _apply(resource, data, user, creating=True)
        if prepared:
            resource.files.append(_file_row(*prepared, user))
        if prepared and not resource.language:
            _provisional_language(resource, prepared[0], user)
        _detect(resource, prepared[1] if prepared else "")
    db.session.add(resource)
    db.session.flush()
    for row in resource.files:
        if row.extraction == "pending":
            extraction.queue(row, detect=not data.get("language"))
    return resource


def _provisional_language(resource: Resource, stored, user) -> None:
    """Without a language: from the metadata, else a text file's first words, else the
    uploader's language until the extraction job detects it from the file's text."""
    head = ""
    if stored.mime_type == filestore.TXT:
        with open(stored.path, encoding="utf-8-sig", errors="replace") as handle:
            head = handle.read(20_000)
    text = " ".join(x for x in (resource.title, resource.summary, resource.body, head) if x)
    resource.language = detect_language(text) or (
        getattr(user, "locale", None) or current_app.config["BABEL_DEFAULT_LOCALE"])


def update_resource(resource: Resource, data: dict, user) -> Resource:
    """Change the fields given (authoring member's staff or the Secretariat)."""
    if not can_edit(user, resource):
        raise Forbidden()
    with db.session.no_autoflush:
        _apply(resource, data, user, creating=False)
    db.session.flush()
    return resource


def add_file(resource: Resource, prepared, user) -> ResourceFile:
    if not can_edit(user, resource):
        raise Forbidden()
    row = _file_row(*prepared, user)
    resource.files.append(row)
    db.session.flush()
    extraction.queue(row, detect=False)
    return row


def delete_resource(resource: Resource, user) -> list[str]:
    """Delete it; returns the stored file names to remove once the commit succeeded."""
    if not can_edit(user, resource):
        raise Forbidden()
    names = [f.stored_name for f in resource.files]
    if resource.translation_group is not None:
        # A group of one is no group: unlink the last remaining version.
        rest = list(db.session.scalars(sa.select(Resource).where(
            Resource.translation_group == resource.translation_group,
            Resource.id != resource.id)))
        if len(rest) == 1:
            rest[0].translation_group = None
    db.session.delete(resource)
    db.session.flush()
    return names


def get_file(resource: Resource, file_id: int) -> ResourceFile:
    found = next((f for f in resource.files if f.id == file_id), None)
    if found is None:
        raise NotFound()
    return found


def choices_for(user) -> dict:
    """What a form offers: members the user may publish for, themes, regions."""
    if user.is_secretariat:
        members = list(db.session.scalars(sa.select(Member).where(Member.status == "active")
                                          .order_by(Member.name)))
    else:
        members = [db.session.get(Member, user.member_id)]
    tags = list(db.session.scalars(sa.select(Tag).where(Tag.retired.is_(False))
                                   .order_by(Tag.position)))
    regions = list(db.session.scalars(sa.select(Region).order_by(Region.position)))
    return {"members": members, "tags": tags, "regions": regions}


def load_full(ids) -> dict[int, Resource]:
    rows = db.session.scalars(sa.select(Resource).where(Resource.id.in_(list(ids)))
                              .options(so.selectinload(Resource.files)))
    return {r.id: r for r in rows}
