"""Edits after moderation: an approved story that is edited goes back to review, its
approvals cleared (`service.back_to_review`, called by `service.update_story`); a published
story's correction waits on the story until a reviewer approves it, and only then replaces the
published text. The caller commits."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hub import access
from hub.blueprints.stories import service
from hub.blueprints.stories.flags import refresh_flags
from hub.errors import Conflict, InvalidInput
from hub.extensions import db
from hub.models import Story, StoryTransition
from hub.models.base import utcnow

# What a correction may change; consent and audiences change only by withdrawal.
CORRECTABLE = ("title", "body", "language", "country", "themes")
ACTION_LABELS = {"correction": _l("Correction approved"),
                 "correction_refused": _l("Correction refused")}


def propose(story: Story, data: dict, user) -> Story:
    """Keep a correction of a published story for review (replacing one already waiting).
    403 for others than its organisation and the Secretariat, 409 unless published, 422 for
    a field a correction cannot change."""
    access.require(service.can_manage(user, story))
    if story.status != "published":
        raise Conflict(_("Only a published story takes corrections."))
    refused = sorted(set(data) - set(CORRECTABLE))
    if refused:
        raise InvalidInput(fields={name: [_("A correction changes only the title, text, "
                                            "language, country and themes.")]
                                   for name in refused})
    correction = {k: data[k] for k in CORRECTABLE if k in data}
    if not correction:
        raise InvalidInput(fields={"body": [_("Nothing to correct.")]})
    if "title" in correction and not (correction["title"] or "").strip():
        raise InvalidInput(fields={"title": [_("A title is required.")]})
    story.pending_correction = correction
    story.correction_submitted_at = utcnow()
    db.session.flush()
    return story


def decide(story: Story, approve: bool, comment: str, user) -> Story:
    """A reviewer applies the waiting correction (it shows from now on) or drops it."""
    access.require_secretariat(user, _("Only the Secretariat can do this."))
    if story.status != "published" or story.pending_correction is None:
        raise Conflict(_("No correction of this story is waiting."))
    if approve:
        with db.session.no_autoflush:
            service._apply(story, dict(story.pending_correction), user)
    story.transitions.append(StoryTransition(
        actor_id=user.id, at=utcnow(), from_status="published", to_status="published",
        action="correction" if approve else "correction_refused",
        comment=(comment or "").strip()[:5000]))
    story.pending_correction = None
    story.correction_submitted_at = None
    story.updated_at = utcnow()
    db.session.flush()
    if approve:
        refresh_flags(story)
    return story
