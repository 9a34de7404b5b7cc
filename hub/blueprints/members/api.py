"""/api/v1/members and /api/v1/tags (shared/API.md, "Members and expertise")."""

from flask_login import current_user, login_required

from hub import access
from hub.api.docs import json_answer
from hub.blueprints.members import (
    api_bp,
    directory,
    history,
    people,
    service,
    tags,
    tags_api_bp,
)
from hub.blueprints.members.schemas import (
    AsOfQuerySchema,
    CoverageQuerySchema,
    CoverageSchema,
    DecisionSchema,
    DirectoryQuerySchema,
    HistorySchema,
    InvitationSchema,
    MemberCreateSchema,
    MemberListSchema,
    MemberPatchSchema,
    MemberSchema,
    PersonListSchema,
    PersonSchema,
    PersonUpdateSchema,
    ProfileSnapshotSchema,
    ReviewSchema,
    StaleListSchema,
    TagCreateSchema,
    TagListSchema,
    TagQuerySchema,
    TagSchema,
)
from hub.errors import NotFound
from hub.i18n import current_locale


def _dict(member) -> dict:
    return service.member_dict(member, current_locale(), public=not access.signed_in())


# ------------------------------------------------------------------ tags


@tags_api_bp.get("")
@tags_api_bp.arguments(TagQuerySchema, location="query")
@tags_api_bp.response(200, TagListSchema)
def list_tags(args):
    """The vocabulary in the request's language; `all=true` (Secretariat) adds retired tags
    and the labels in every language."""
    full = bool(args["all"] and access.is_secretariat())
    locale = current_locale()
    return {"items": [tags.tag_dict(t, locale, full=full)
                      for t in tags.list_tags(include_retired=full)]}


@tags_api_bp.post("")
@login_required
@tags_api_bp.arguments(TagCreateSchema)
@tags_api_bp.response(201, TagSchema)
def create_tag(data):
    """Add a tag (Secretariat)."""
    tag = tags.create_tag(data, current_user, current_locale())
    return tags.tag_dict(tag, current_locale(), full=True)


@tags_api_bp.patch("/<slug>")
@login_required
@tags_api_bp.arguments(TagSchema)
@tags_api_bp.response(200, TagSchema)
def update_tag(data, slug):
    """Rename, regroup, retire or restore a tag (Secretariat)."""
    access.require_secretariat()
    data.pop("slug", None)
    tag = tags.update_tag(tags.get_tag(slug), data, current_user, current_locale())
    return tags.tag_dict(tag, current_locale(), full=True)


# ------------------------------------------------------------------ directory


@api_bp.get("")
@api_bp.arguments(DirectoryQuerySchema, location="query")
@api_bp.response(200, MemberListSchema)
def list_members(args):
    """Active members matching `q` and the filters (all tags, any region), by relevance then
    name; facets count with the other filters applied. Anonymous: the public subset."""
    found = directory.search(args, locale=current_locale(), signed_in=access.signed_in())
    return {
        "items": [_dict(m) for m in found["members"]],
        "total": found["total"],
        "page": found["page"],
        "per_page": found["per_page"],
        "facets": found["facets"],
    }


@api_bp.post("")
@login_required
@api_bp.arguments(MemberCreateSchema(partial=True))
@api_bp.response(201, MemberSchema)
def create_member(_data):
    """Add a member (Secretariat); `slug` is made from the name when absent."""
    from flask import request

    member = service.create_member(request.get_json(silent=True) or {}, current_user)
    return _dict(member)


@api_bp.get("/coverage")
@login_required
@api_bp.arguments(CoverageQuerySchema, location="query")
@api_bp.response(200, CoverageSchema)
def coverage(args):
    """For each region or represented country: expertise tags covered and missing."""
    return directory.coverage(args["by"], current_locale())


@api_bp.get("/stale")
@login_required
@api_bp.response(200, StaleListSchema)
def stale():
    """Active members whose profile was not reviewed by the member for 12 months (Secretariat)."""
    access.require_secretariat()
    rows = history.stale_members()
    items = [{"id": m.id, "slug": m.slug, "name": m.name, "country": m.country_code,
              "last_reviewed_at": at} for m, at in rows]
    return {"items": items, "total": len(items)}


# ------------------------------------------------------------------ one member


@api_bp.get("/<ref>")
@api_bp.response(200, MemberSchema)
def get_member(ref):
    """A member by id or slug; hidden members (not active, not yours) answer 404."""
    member = service.visible_member(ref, current_user)
    data = _dict(member)
    if access.signed_in() and service.can_edit(current_user, member):
        pending = service.pending_request(member)
        data["pending_survivor_led"] = pending.value if pending else None
    return data


@api_bp.patch("/<ref>")
@login_required
@api_bp.arguments(MemberPatchSchema(partial=True))
@api_bp.response(200, MemberSchema)
def update_member(_data, ref):
    """Change a profile (own focal point or Secretariat); a focal point's survivor_led change
    becomes a request the Secretariat confirms (`pending_survivor_led`)."""
    from flask import request

    member = service.visible_member(ref, current_user)
    member, _ = service.update_member(member, request.get_json(silent=True) or {}, current_user)
    data = _dict(member)
    pending = service.pending_request(member)
    data["pending_survivor_led"] = pending.value if pending else None
    return data


@api_bp.post("/<ref>/review")
@login_required
@api_bp.response(200, ReviewSchema)
def review(ref):
    """The member's focal point confirms the profile is still correct."""
    done = service.confirm_review(service.visible_member(ref, current_user), current_user)
    return {"reviewed_at": done.reviewed_at}


@api_bp.post("/<ref>/survivor-led")
@login_required
@api_bp.arguments(DecisionSchema)
@api_bp.response(200, MemberSchema)
def decide_survivor_led(data, ref):
    """The Secretariat confirms or rejects a focal point's survivor_led request."""
    member = service.visible_member(ref, current_user)
    service.decide_survivor_led(member, data["confirm"], current_user)
    return _dict(member)


@api_bp.get("/<ref>/history")
@login_required
@api_bp.response(200, HistorySchema)
def member_history(ref):
    """Every recorded change of a profile, newest first (Secretariat)."""
    access.require_secretariat()
    member = service.visible_member(ref, current_user)
    return {"items": [
        {"id": r.id, "valid_from": r.valid_from, "reason": r.reason, "changes": r.changes,
         "user": (r.user.name or r.user.email) if r.user else None}
        for r in history.revisions(member)
    ]}


@api_bp.get("/<ref>/as-of")
@login_required
@api_bp.arguments(AsOfQuerySchema, location="query")
@api_bp.doc(responses=json_answer(ProfileSnapshotSchema))
def member_as_of(args, ref):
    """The profile as it stood at `as_of` (Secretariat); 404 before the member existed."""
    access.require_secretariat()
    member = service.visible_member(ref, current_user)
    when = args["as_of"]
    if when.tzinfo is None:
        from datetime import UTC

        when = when.replace(tzinfo=UTC)
    found = history.profile_as_of(member.id, when)
    if found is None:
        raise NotFound()
    return found


# ------------------------------------------------------------------ people


@api_bp.get("/<ref>/people")
@login_required
@api_bp.response(200, PersonListSchema)
def list_people(ref):
    """The member's accounts (its focal point or the Secretariat)."""
    member = service.visible_member(ref, current_user)
    access.require(people.can_manage(current_user, member))
    return {"items": [people.person_dict(u) for u in people.people(member)]}


@api_bp.post("/<ref>/invitations")
@login_required
@api_bp.arguments(InvitationSchema)
@api_bp.response(201, PersonSchema)
def invite(data, ref):
    """E-mail someone a single-use link (7 days) to join as the member's staff; focal points
    are appointed by the Secretariat."""
    member = service.visible_member(ref, current_user)
    user, _link = people.invite(member, data, current_user)
    return people.person_dict(user)


@api_bp.patch("/<ref>/people/<int:user_id>")
@login_required
@api_bp.arguments(PersonUpdateSchema)
@api_bp.response(200, PersonSchema)
def update_person(data, ref, user_id):
    """Deactivate a leaver (or reactivate); the Secretariat also changes roles."""
    member = service.visible_member(ref, current_user)
    person = people.update_person(member, user_id, data, current_user)
    return people.person_dict(person)
