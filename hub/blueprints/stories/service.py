"""Stories: who may see and change what, validation, consent, saved checker findings.

Visibility (anything hidden answers 404): a member organisation's staff and the Secretariat
see all of that organisation's stories; other signed-in users see published ones; anonymous
visitors see published stories whose publishable audiences include a public one
(`global_advocacy` or `local_media`). The caller commits. The workflow is in `workflow.py`,
the API's view of a story in `serialise.py`; neither is imported here.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hub import access
from hub.access import signed_in
from hub.blueprints.stories.flags import refresh_flags
from hub.blueprints.stories.safeguarding import _clean_word, _given_names
from hub.errors import InvalidInput, NotFound
from hub.extensions import db
from hub.models import Country, Member, Story, StoryAudience, StoryFlag, StoryTransition, Tag
from hub.models.base import utcnow
from hub.models.story import STORY_AUDIENCES, STORY_TELLERS
from hub.reference.languages import is_known_language
from hub.signals import record_usage

PUBLIC_AUDIENCES = frozenset({"global_advocacy", "local_media"})
# An approved story may be edited too: it then goes back to review (`back_to_review`).
EDITABLE_STATUSES = ("draft", "changes_requested", "approved")
STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "changes_requested": _l("Changes requested"),
    "approved": _l("Approved"),
    "published": _l("Published"),
    "rejected": _l("Rejected"),
    "consent_withdrawn": _l("Consent withdrawn"),
}
AUDIENCE_LABELS = {
    "global_advocacy": _l("Global advocacy"),
    "local_media": _l("Local media"),
    "network_learning": _l("Network learning"),
}
TELLER_LABELS = {
    "adult_survivor": _l("An adult survivor"),
    "child_or_youth": _l("A child or young person"),
    "practitioner": _l("A practitioner"),
    "community_member": _l("A community member"),
    "other": _l("Someone else"),
}


def is_own(user, story: Story) -> bool:
    """The user works for the story's organisation."""
    return signed_in(user) and user.member_id is not None and user.member_id == story.member_id


def can_manage(user, story: Story) -> bool:
    """Its organisation's staff or the Secretariat: sees everything about it."""
    return signed_in(user) and (user.is_secretariat or is_own(user, story))


def publishable_audiences(story: Story) -> list[str]:
    """The intended audiences that consent covers: what the story may be published for."""
    if not story.consent_obtained:
        return []
    consented = set(story.audiences("consented"))
    return [a for a in story.audiences("intended") if a in consented]


def is_public(story: Story) -> bool:
    return bool(PUBLIC_AUDIENCES & set(publishable_audiences(story)))


def can_see(user, story: Story) -> bool:
    if can_manage(user, story):
        return True
    if story.status != "published":
        return False
    return signed_in(user) or is_public(story)


def get_story(story_id: int, user) -> Story:
    """A story the user may see, else NotFound."""
    story = db.session.get(Story, story_id)
    if story is None or not can_see(user, story):
        raise NotFound()
    return story


def can_create(user) -> bool:
    return signed_in(user) and (user.is_secretariat or user.member_id is not None)


def visible_query(user, *, status: str | None = None, member_id: int | None = None):
    """Stories the user may see, newest first, optionally filtered."""
    query = sa.select(Story)
    published = Story.status == "published"
    if not signed_in(user):
        public = (sa.select(StoryAudience.story_id)
                  .where(StoryAudience.audience.in_(PUBLIC_AUDIENCES))
                  .group_by(StoryAudience.story_id, StoryAudience.audience)
                  .having(sa.func.count(sa.distinct(StoryAudience.kind)) == 2))
        query = query.where(published, Story.consent_obtained.is_(True), Story.id.in_(public))
    elif not user.is_secretariat:
        own = Story.member_id == user.member_id if user.member_id is not None else sa.false()
        query = query.where(sa.or_(published, own))
    if status:
        query = query.where(Story.status == status)
    if member_id is not None:
        query = query.where(Story.member_id == member_id)
    return query


def search_filter(query, q: str):
    """Stories whose title or text contains every word of `q` (case-insensitive)."""
    for word in q.split()[:10]:
        pattern = "%" + word.replace("\\", "").replace("%", "").replace("_", "") + "%"
        query = query.where(sa.or_(Story.title.ilike(pattern), Story.body.ilike(pattern)))
    return query


def resolve_member(ref) -> Member | None:
    return access.resolve_member(ref)


# ------------------------------------------------------------------ checks


def acknowledge_flag(story: Story, n: int, reason: str, user) -> StoryFlag:
    """Acknowledge the n-th identifying-detail flag (0-based) with a reason."""
    access.require(can_manage(user, story))
    if story.status not in EDITABLE_STATUSES:
        from hub.errors import Conflict

        raise Conflict(_("This story can no longer be changed."))
    flag = db.session.scalar(sa.select(StoryFlag).where(
        StoryFlag.story_id == story.id, StoryFlag.source == "safeguarding",
        StoryFlag.position == n))
    if flag is None:
        raise NotFound()
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(fields={"reason": [_("Say why this detail may stay.")]})
    flag.reason = reason[:2000]
    flag.acknowledged_at = utcnow()
    flag.acknowledged_by_id = user.id
    db.session.flush()
    return flag


# ------------------------------------------------------------------ writing


def _tags(slugs) -> list[Tag]:
    slugs = list(dict.fromkeys(slugs or []))
    rows = {t.slug: t for t in db.session.scalars(sa.select(Tag).where(Tag.slug.in_(slugs)))}
    bad = [s for s in slugs if s not in rows]
    if bad:
        raise InvalidInput(fields={"themes": [_("Unknown theme:") + " " + ", ".join(bad)]})
    return [rows[s] for s in slugs]


# Role and relationship words that are also someone's given name somewhere ("Mère").
ROLE_WORDS = frozenset({
    "mere", "pere", "madre", "padre", "mae", "pai", "tutor", "tutora", "tuteur", "tutrice",
    "tante", "oncle", "tia", "tio", "abuela", "abuelo", "hermana", "hermano", "soeur", "frere",
    "survivor", "survivante", "survivant", "sobreviviente", "victime", "victima", "self",
})


def _given_by_is_a_name(value: str) -> bool:
    names = _given_names() - ROLE_WORDS
    return any(word[:1].isupper() and _clean_word(word.strip(".,;:()")) in names
               for word in value.split())


def _set_audiences(story: Story, kind: str, audiences) -> None:
    keep = [row for row in story.audience_rows if row.kind != kind]
    story.audience_rows = keep + [StoryAudience(kind=kind, audience=a)
                                  for a in dict.fromkeys(audiences)]


def _apply(story: Story, data: dict, user) -> bool:
    """Copy validated fields onto the story; returns whether the text changed."""
    errors: dict[str, list[str]] = {}
    text_changed = False
    for key in ("title", "body"):
        if key in data:
            value = (data[key] or "").strip() if key == "title" else (data[key] or "")
            if value != getattr(story, key):
                text_changed = True
            setattr(story, key, value)
    if "language" in data:
        if not is_known_language(data["language"]):
            errors["language"] = [_("Unknown language code.")]
        else:
            if data["language"] != story.language:
                text_changed = True
            story.language = data["language"]
    if "country" in data:
        code = (data["country"] or "").upper() or None
        if code and db.session.get(Country, code) is None:
            errors["country"] = [_("Unknown country code:") + " " + code]
        story.country_code = code
    if "storyteller" in data:
        story.teller = data["storyteller"]
    if "themes" in data:
        story.themes = _tags(data["themes"])
    if "audiences" in data:
        _set_audiences(story, "intended", data["audiences"])
    consent = data.get("consent")
    if consent is not None:
        for key, column in (("obtained", "consent_obtained"), ("given_by", "consent_from"),
                            ("obtained_on", "consent_date"),
                            ("guardian_consent", "guardian_consent")):
            if key in consent:
                value = consent[key]
                if key == "given_by":
                    value = (value or "").strip() or None
                    if value and _given_by_is_a_name(value):
                        errors["consent.given_by"] = [
                            _("Give the role of the person (for example: the survivor, a "
                              "parent), never a name.")]
                setattr(story, column, bool(value) if key in ("obtained", "guardian_consent")
                        else value)
        if "audiences" in consent:
            _set_audiences(story, "consented", consent["audiences"] or [])
    if not (story.title or "").strip():
        errors.setdefault("title", []).append(_("A title is required."))
    if errors:
        raise InvalidInput(fields=errors)
    return text_changed


def create_story(data: dict, user) -> Story:
    """A new draft for the user's organisation (the Secretariat names the member)."""
    access.require(can_create(user))
    if user.is_secretariat:
        member = resolve_member(data.get("member")) if data.get("member") is not None else None
        if member is None:
            raise InvalidInput(fields={"member": [_("Choose the member organisation.")]})
    else:
        if data.get("member") is not None:
            member = resolve_member(data["member"])
            access.require(member is not None and member.id == user.member_id,
                           _("You can only write stories for your own organisation."))
        member = db.session.get(Member, user.member_id)
    story = Story(member_id=member.id, author_id=user.id, status="draft", title="", body="",
                  language="en", teller="other", consent_obtained=False, guardian_consent=False)
    with db.session.no_autoflush:
        _apply(story, data, user)
    db.session.add(story)
    db.session.flush()
    refresh_flags(story)
    record_usage("story_create", user=user, object_type="story", object_id=story.id)
    return story


def update_story(story: Story, data: dict, user) -> Story:
    """Change the fields given: its organisation or the Secretariat, while in draft or sent
    back for changes (409 otherwise). The checkers run again on every save."""
    access.require(can_manage(user, story))
    if story.status not in EDITABLE_STATUSES:
        from hub.errors import Conflict

        raise Conflict(_("Only a draft or a story sent back for changes can be edited."))
    if "member" in data and data["member"] is not None:
        member = resolve_member(data["member"])
        if member is None or (member.id != story.member_id and not user.is_secretariat):
            raise InvalidInput(fields={"member": [_("Unknown member.")]})
        story.member_id = member.id
    with db.session.no_autoflush:
        _apply(story, data, user)
    story.updated_at = utcnow()
    if story.status == "approved":
        back_to_review(story, user)
    db.session.flush()
    refresh_flags(story)
    return story


def back_to_review(story: Story, user) -> None:
    """An approved story was edited: it is submitted again, so every approval counted since
    the last submission (`workflow.approver_ids`) starts over."""
    now = utcnow()
    story.transitions.append(StoryTransition(
        actor_id=user.id, at=now, from_status=story.status, to_status="submitted",
        action="submit", comment=_("Edited after approval: back to review.")))
    story.status = "submitted"
    story.submitted_at = now


def consent_problems(story: Story) -> dict[str, list[str]]:
    """Why the story's consent does not allow it to go to review (empty when it does)."""
    problems: dict[str, list[str]] = {}
    if not story.consent_obtained:
        problems["consent.obtained"] = [_("Consent must be obtained before submission.")]
        return problems
    if not story.consent_from:
        problems["consent.given_by"] = [_("Say who gave consent (a role, never a name).")]
    if story.consent_date is None:
        problems["consent.obtained_on"] = [_("Give the date consent was obtained.")]
    if not story.audiences("intended"):
        problems["audiences"] = [_("Choose at least one audience.")]
    elif not publishable_audiences(story):
        problems["consent.audiences"] = [
            _("Consent must cover at least one of the intended audiences.")]
    if story.teller == "child_or_youth" and not story.guardian_consent:
        problems["consent.guardian_consent"] = [
            _("A story told by a child or young person needs a parent's or guardian's "
              "consent.")]
    return problems


# ------------------------------------------------------------------ reading


def load_list(query, page: int, per_page: int) -> tuple[list[Story], int]:
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.options(so.selectinload(Story.themes), so.selectinload(Story.audience_rows))
        .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def audience_choices():
    return [(a, AUDIENCE_LABELS[a]) for a in STORY_AUDIENCES]


def teller_choices():
    return [(t, TELLER_LABELS[t]) for t in STORY_TELLERS]
