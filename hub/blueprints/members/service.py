"""Member profiles: who may see and change what, validation, and writes with their history.

Visibility: the Secretariat sees every member; member staff see active members and their own;
anonymous visitors see active members' public subset (PUBLIC_FIELDS). Anything else answers
404 (a hidden member is "not found", never "forbidden"). The caller commits.
"""

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from hub import access
from hub.api.errors import flatten_fields
from hub.blueprints.members import history
from hub.blueprints.members.schemas import PUBLIC_FIELDS, MemberCreateSchema, MemberSchema
from hub.blueprints.members.search import words
from hub.errors import InvalidInput, NotFound
from hub.extensions import db
from hub.models import (
    Country,
    Member,
    MemberSocialLink,
    MemberStatusChange,
    MemberTag,
    SurvivorLedRequest,
    Tag,
)
from hub.models.base import utcnow
from hub.reference.languages import is_known_language, language_name
from hub.reference.names import country_name, region_name
from hub.signals import record_usage

# Paths under /members/ that a slug would hide.
RESERVED_SLUGS = {"coverage", "stale", "tags", "new", "requests", "invitations"}
# A focal point may not change these (the Secretariat sets them).
SECRETARIAT_FIELDS = ("status", "joined_on", "left_on", "slug")


def get_member(ref: str | int) -> Member | None:
    """A member by id or slug."""
    return access.resolve_member(ref)


def is_own(user, member: Member) -> bool:
    return bool(user and user.is_authenticated and user.member_id == member.id)


def can_see(user, member: Member) -> bool:
    if user and user.is_authenticated and user.is_secretariat:
        return True
    return member.status == "active" or is_own(user, member)


def can_edit(user, member: Member) -> bool:
    if not (user and user.is_authenticated):
        return False
    return user.is_secretariat or (user.role == "focal_point" and is_own(user, member))


def visible_member(ref, user) -> Member:
    """The member `ref` names if this user may see it; NotFound otherwise."""
    member = get_member(ref)
    if member is None or not can_see(user, member):
        raise NotFound()
    return member


def tag_dict(link: MemberTag, locale: str, *, with_note: bool) -> dict:
    data = {"slug": link.tag.slug, "label": link.tag.label(locale),
            "centre_of_expertise": bool(link.centre_of_expertise)}
    if with_note:
        data["note"] = link.note or ""
    return data


def member_dict(member: Member, locale: str, *, public: bool = False) -> dict:
    """The API's member shape with labels in `locale`; only PUBLIC_FIELDS when `public`."""
    region = member.country.region_code
    tags = sorted(member.tag_links, key=lambda link: (link.tag.position, link.tag.slug))
    data = {
        "id": member.id,
        "slug": member.slug,
        "name": member.name,
        "acronym": member.acronym,
        "country": member.country_code,
        "region": region,
        "countries": [c.code for c in member.countries],
        "kind": member.kind,
        "survivor_led": bool(member.survivor_led),
        "languages": member.languages,
        "description": member.description or "",
        "website": member.website,
        "social_media": [{"platform": s.platform, "url": s.url} for s in member.social_media],
        "tags": [tag_dict(link, locale, with_note=not public) for link in tags],
        "status": member.status,
        "joined_on": member.joined_on,
        "left_on": member.left_on,
        "updated_at": member.updated_at,
        "labels": {
            "country": country_name(member.country_code, locale),
            "region": region_name(region, locale),
            "countries": [country_name(c.code, locale) for c in member.countries],
            "languages": [language_name(code, locale) for code in member.languages],
            "kind": str(KIND_LABELS.get(member.kind, member.kind)),
            "status": str(STATUS_LABELS.get(member.status, member.status)),
        },
    }
    if public:
        data = {key: data[key] for key in PUBLIC_FIELDS}
        data["labels"] = {k: v for k, v in data["labels"].items() if k in ("country", "region")}
    return data


KIND_LABELS = {"organisation": _l("Organisation"), "coalition": _l("National coalition")}
STATUS_LABELS = {"active": _l("Active"), "suspended": _l("Suspended"), "former": _l("Former")}


def load_input(schema, payload, *, partial: bool) -> dict:
    try:
        return schema.load(payload or {}, partial=partial)
    except ValidationError as error:
        raise InvalidInput(fields=flatten_fields(error.messages)) from None


def _check_references(data: dict, member: Member | None) -> dict:
    """Resolve codes and slugs; every unknown one is reported by field."""
    problems: dict[str, list[str]] = {}
    resolved: dict = {}
    if "country" in data:
        country = db.session.get(Country, (data["country"] or "").upper())
        if country is None:
            problems["country"] = [str(_l("Unknown country code."))]
        resolved["country"] = country
    if "countries" in data:
        found = []
        for code in data["countries"]:
            country = db.session.get(Country, code.upper())
            if country is None:
                problems.setdefault("countries", []).append(
                    str(_l("Unknown country code: %(code)s.", code=code)))
            elif country not in found:
                found.append(country)
        resolved["countries"] = found
    if "languages" in data:
        codes = []
        for code in data["languages"]:
            if not is_known_language(code):
                problems.setdefault("languages", []).append(
                    str(_l("Unknown language code: %(code)s.", code=code)))
            elif code.lower() not in codes:
                codes.append(code.lower())
        resolved["languages"] = codes
    if "tags" in data:
        current = {link.tag.slug for link in member.tag_links} if member else set()
        links, seen = [], set()
        for item in data["tags"]:
            tag = db.session.scalar(sa.select(Tag).where(Tag.slug == item["slug"]))
            if tag is None or (tag.retired and tag.slug not in current):
                problems.setdefault("tags", []).append(
                    str(_l("Unknown expertise tag: %(slug)s.", slug=item["slug"])))
                continue
            if tag.id in seen:
                continue
            seen.add(tag.id)
            links.append((tag, item.get("centre_of_expertise", False), item.get("note", "")))
        resolved["tags"] = links
    if "slug" in data:
        other = db.session.scalar(sa.select(Member).where(Member.slug == data["slug"]))
        if data["slug"] in RESERVED_SLUGS or (other is not None and other is not member):
            problems["slug"] = [str(_l("This slug is taken."))]
    if problems:
        raise InvalidInput(fields=problems)
    return resolved


def make_slug(name: str) -> str:
    """A free slug made from a name: "Défense des Enfants" -> "defense-des-enfants"."""
    base = "-".join(words(name))[:70].strip("-") or "member"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or db.session.scalar(
        sa.select(Member.id).where(Member.slug == slug)
    ):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply(member: Member, data: dict, resolved: dict) -> None:
    for key in ("slug", "name", "acronym", "kind", "survivor_led", "description", "website",
                "status", "joined_on", "left_on"):
        if key in data:
            setattr(member, key, data[key])
    if "website" in data and not data["website"]:
        member.website = None
    if "country" in resolved:
        member.country = resolved["country"]
        member.country_code = resolved["country"].code
    if "countries" in resolved:
        member.countries = resolved["countries"]
    if "languages" in resolved:
        member.languages = resolved["languages"]
    if "social_media" in data:
        member.social_media = [
            MemberSocialLink(platform=s["platform"], url=s["url"], position=i)
            for i, s in enumerate(data["social_media"])
        ]
    if "tags" in resolved:
        existing = {link.tag_id: link for link in member.tag_links}
        links = []
        for tag, centre, note in resolved["tags"]:
            link = existing.get(tag.id) or MemberTag(tag=tag, tag_id=tag.id)
            link.centre_of_expertise = bool(centre)
            link.note = note or ""
            links.append(link)
        member.tag_links = links


def create_member(payload: dict, user) -> Member:
    """Add a member (Secretariat); the slug is made from the name when not given."""
    access.require_secretariat(user)
    data = load_input(MemberCreateSchema(), payload, partial=False)
    if not data.get("slug"):
        data["slug"] = make_slug(data["name"])
    resolved = _check_references(data, None)
    member = Member(slug=data["slug"], name=data["name"], country_code=resolved["country"].code)
    _apply(member, data, resolved)
    member.status_changes.append(MemberStatusChange(
        status=member.status or "active", effective_on=member.joined_on or utcnow().date(),
        recorded_by_id=user.id))
    db.session.add(member)
    db.session.flush()
    history.record(member, user, reason="create", before=None)
    db.session.flush()
    record_usage("profile_update", user=user, object_type="member", object_id=member.id,
                 created=True)
    return member


def update_member(member: Member, payload: dict, user) -> tuple[Member, bool]:
    """Apply a partial profile change with its history; returns (member, survivor_led request
    made). A focal point's `survivor_led` change waits for the Secretariat's confirmation."""
    editable = can_edit(user, member)
    if not editable and not can_see(user, member):
        raise NotFound()
    access.require(editable)
    data = load_input(MemberSchema(), payload, partial=True)
    secretariat = user.is_secretariat
    if not secretariat:
        before = history.snapshot(member)
        refused = [f for f in SECRETARIAT_FIELDS
                   if f in data and history.jsonable(data[f]) != before.get(f)]
        access.require(not refused, _l("Only the Secretariat may change: %(fields)s.",
                                       fields=", ".join(refused)))
        for key in SECRETARIAT_FIELDS:
            data.pop(key, None)
    resolved = _check_references(data, member)
    requested = False
    if not secretariat and "survivor_led" in data:
        wanted = data.pop("survivor_led")
        requested = request_survivor_led(member, wanted, user)
    before = history.snapshot(member)
    old_status = member.status
    _apply(member, data, resolved)
    if member.status != old_status:
        effective = member.left_on if member.status == "former" and member.left_on else None
        member.status_changes.append(MemberStatusChange(
            status=member.status, effective_on=effective or utcnow().date(),
            recorded_by_id=user.id))
    db.session.flush()
    changed = history.record(member, user, reason="update", before=before)
    if changed:
        member.updated_at = utcnow()
    if not secretariat:
        history.add_review(member, user)
    db.session.flush()
    record_usage("profile_update", user=user, object_type="member", object_id=member.id)
    return member, requested


def confirm_review(member: Member, user):
    """The member's focal point confirms the profile is still correct; 403 for anyone else."""
    access.require(user.role == "focal_point" and is_own(user, member))
    review = history.add_review(member, user)
    db.session.flush()
    record_usage("profile_review", user=user, object_type="member", object_id=member.id)
    return review


def pending_request(member: Member) -> SurvivorLedRequest | None:
    return db.session.scalar(
        sa.select(SurvivorLedRequest).where(
            SurvivorLedRequest.member_id == member.id, SurvivorLedRequest.state == "pending"
        ).order_by(SurvivorLedRequest.id.desc())
    )


def request_survivor_led(member: Member, value: bool, user) -> bool:
    """Record a focal point's wish; a request for the current value withdraws a pending one."""
    pending = pending_request(member)
    if pending is not None and pending.value == value:
        return True
    if pending is not None:
        pending.state = "withdrawn"
        pending.decided_at = utcnow()
    if value == bool(member.survivor_led):
        return False
    db.session.add(SurvivorLedRequest(member_id=member.id, value=value, requested_by_id=user.id))
    return True


def decide_survivor_led(member: Member, confirm: bool, user) -> SurvivorLedRequest:
    """The Secretariat confirms or rejects the pending request; 409 when there is none."""
    from hub.errors import Conflict

    access.require(user.is_secretariat)
    pending = pending_request(member)
    if pending is None:
        raise Conflict(_l("There is no pending request for this member."))
    pending.state = "confirmed" if confirm else "rejected"
    pending.decided_by_id = user.id
    pending.decided_at = utcnow()
    if confirm and bool(member.survivor_led) != pending.value:
        before = history.snapshot(member)
        member.survivor_led = pending.value
        member.updated_at = utcnow()
        db.session.flush()
        history.record(member, user, reason="survivor_led_confirmed", before=before)
    return pending


def pending_requests() -> list[SurvivorLedRequest]:
    return list(db.session.scalars(
        sa.select(SurvivorLedRequest).options(so.joinedload(SurvivorLedRequest.member))
        .where(SurvivorLedRequest.state == "pending").order_by(SurvivorLedRequest.requested_at)
    ))
