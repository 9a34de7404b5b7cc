"""The moderation workflow: which move is allowed from which status, by whom.

draft -> submitted -> (changes_requested -> submitted)* -> approved -> published;
rejected from submitted; consent_withdrawn from any state. The story's organisation submits
and withdraws consent (so may the Secretariat); only the Secretariat requests changes,
approves, publishes or rejects. A story told by a child or young person needs approvals by two
different Secretariat reviewers (counted since its last submission) before publication: the
first moves it to `approved`, the second is recorded on the approved story. The author of a
story never approves it. A move the table forbids is a 409, a role that may not make it a 403.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import regex
import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hub import access, uow
from hub.blueprints.stories import flags, service
from hub.blueprints.stories.signals import story_withdrawn
from hub.errors import Conflict, Forbidden, InvalidInput
from hub.extensions import db
from hub.models import Notification, Story, StoryFlag, StoryTransition, User
from hub.models.base import utcnow
from hub.signals import record_usage

log = logging.getLogger(__name__)

ACTIONS = ("submit", "request_changes", "approve", "publish", "reject", "withdraw_consent")
SECRETARIAT_ACTIONS = frozenset({"request_changes", "approve", "publish", "reject"})
# action -> (statuses it may start from, status it leads to)
MOVES = {
    "submit": ({"draft", "changes_requested"}, "submitted"),
    "request_changes": ({"submitted"}, "changes_requested"),
    "approve": ({"submitted"}, "approved"),
    "publish": ({"approved"}, "published"),
    "reject": ({"submitted"}, "rejected"),
    "withdraw_consent": ({"draft", "submitted", "changes_requested", "approved", "published",
                          "rejected"}, "consent_withdrawn"),
}
ACTION_LABELS = {
    "submit": _l("Submit for review"),
    "request_changes": _l("Request changes"),
    "approve": _l("Approve"),
    "publish": _l("Publish"),
    "reject": _l("Reject"),
    "withdraw_consent": _l("Consent withdrawn"),
}
# What the organisation is told, by action.
NOTICE_SUBJECTS = {
    "request_changes": _l("Changes requested to your story"),
    "approve": _l("Your story was approved"),
    "publish": _l("Your story was published"),
    "reject": _l("Your story was not accepted"),
    "submit": _l("A story is waiting for review"),
}


def approvals_needed(story: Story) -> int:
    return 2 if story.teller == "child_or_youth" else 1


def approver_ids(story: Story) -> list[int]:
    """Distinct Secretariat approvers since the story was last submitted."""
    approvers: list[int] = []
    for t in story.transitions:
        if t.action == "submit":
            approvers = []
        elif t.action == "approve" and t.actor_id is not None and t.actor_id not in approvers:
            approvers.append(t.actor_id)
    return approvers


def _awaits_second_approval(story: Story) -> bool:
    return story.status == "approved" and len(approver_ids(story)) < approvals_needed(story)


def _starts(story: Story, action: str) -> set[str]:
    starts = set(MOVES[action][0])
    if action in ("approve", "request_changes", "reject") and _awaits_second_approval(story):
        starts.add("approved")
    return starts


def check_move(story: Story, action: str, user, *, manages: bool | None = None) -> None:
    """Raise Forbidden (role) or Conflict (workflow) unless the user may make this move.
    `manages` is `service.can_manage(user, story)` when the caller has it already."""
    if action in SECRETARIAT_ACTIONS:
        access.require(user.is_secretariat, _("Only the Secretariat can do this."))
    else:
        access.require(manages if manages is not None else service.can_manage(user, story))
    access.require(action != "approve" or story.author_id != user.id,
                   _("The author of a story cannot approve it."))
    if story.status not in _starts(story, action):
        raise Conflict(_("A story that is %(status)s cannot be moved this way.",
                         status=str(service.STATUS_LABELS[story.status]).lower()),
                       code="invalid_transition")
    if action == "approve" and user.id in approver_ids(story):
        raise Conflict(_("You have already approved this story; a second reviewer must "
                         "approve it."), code="already_approved")
    if action == "publish":
        if len(approver_ids(story)) < approvals_needed(story):
            raise Conflict(_("A story told by a child or young person needs the approval of "
                             "two different reviewers before publication."),
                           code="second_approval_needed")
        if service.consent_problems(story):
            raise Conflict(_("The consent recorded does not allow publication."),
                           code="consent_missing")


def allowed_actions(story: Story, user, *, manages: bool | None = None) -> list[str]:
    """The moves the user may make now; the permission check runs once for all of them."""
    if manages is None:
        manages = service.can_manage(user, story)
    out = []
    for action in ACTIONS:
        try:
            check_move(story, action, user, manages=manages)
        except (Forbidden, Conflict):
            continue
        out.append(action)
    return out


@dataclass
class Outcome:
    """What to do once the transition is committed: mail, usage event, signal."""

    story_id: int
    member_id: int
    action: str
    mails: list[tuple[str, str | None, str, str]] = field(default_factory=list)


def transition(story: Story, action: str, comment: str, user) -> Outcome:
    """Make one move and record it (who, when, from, to, comment) with its notices; the
    mails and signals go out once the transaction commits (`finish`)."""
    if action not in MOVES:
        raise InvalidInput(fields={"action": [_("Unknown action.")]})
    check_move(story, action, user)
    comment = (comment or "").strip()[:5000]
    if action == "submit":
        problems = service.consent_problems(story)
        pending = flags.unacknowledged(story)
        if pending:
            problems["flags"] = [_(
                "%(n)d detail(s) could identify someone: fix or acknowledge each before "
                "submitting.", n=len(pending))]
        if problems:
            # The request is well-formed; the story is not ready: a conflict with its state.
            raise Conflict(_("This story cannot be submitted yet."), fields=problems,
                           code="not_ready")
    from_status = story.status
    to_status = MOVES[action][1]
    if action == "approve" and from_status == "approved":
        to_status = "approved"
    now = utcnow()
    story.transitions.append(StoryTransition(
        actor_id=user.id, at=now, from_status=from_status, to_status=to_status, action=action,
        comment=comment))
    story.status = to_status
    if action == "submit":
        story.submitted_at = now
    elif action == "publish":
        story.published_at = now
    outcome = Outcome(story.id, story.member_id, action)
    if action == "withdraw_consent":
        _purge(story, now)
    else:
        _notify(story, action, comment, outcome)
    db.session.flush()
    if action == "submit":
        record_usage("story_submit", user=user, object_type="story", object_id=story.id)
    uow.after_commit(finish, outcome)
    return outcome


def _purge(story: Story, now) -> None:
    """Erase what could identify anyone; keep the record and the indicator's metadata."""
    story.withdrawn_at = now
    story.title = ""
    story.body = ""
    story.pending_correction = None
    db.session.execute(sa.delete(StoryFlag).where(StoryFlag.story_id == story.id))
    db.session.execute(sa.update(Notification).where(Notification.story_id == story.id)
                       .values(title="", comment=""))
    for t in story.transitions[:-1]:
        t.comment = ""


def _recipients(story: Story, action: str) -> list[User]:
    if action == "submit":
        query = sa.select(User).where(User.role.in_(("secretariat", "admin")))
    else:
        query = sa.select(User).where(
            User.member_id == story.member_id,
            sa.or_(User.role == "focal_point", User.id == story.author_id))
    return list(db.session.scalars(query.where(User.active.is_(True)).order_by(User.id)))


def _notify(story: Story, action: str, comment: str, outcome: Outcome) -> None:
    """The in-hub notice and the mails of a move. Neither names the story: a title can
    identify a survivor, and a sent mail cannot be taken back. The notice keeps the
    moderator's comment (erased on withdrawal); the mail has a neutral subject and a link."""
    if action not in NOTICE_SUBJECTS:
        return
    if action == "submit":
        db.session.add(Notification(for_secretariat=True, story_id=story.id, action=action,
                                    title="", comment=comment))
    else:
        db.session.add(Notification(member_id=story.member_id, story_id=story.id,
                                    action=action, title="", comment=comment))
    link = story_link(story.id)
    for user in _recipients(story, action):
        locale = user.locale or "en"
        with force_locale(locale):
            subject = str(NOTICE_SUBJECTS[action])
            lines = [str(NOTICE_SUBJECTS[action]) + "."]
            if comment:
                lines += ["", _("The Secretariat left a comment: read it in the hub.")
                          if action != "submit" else _("The writer left a comment: read it "
                                                       "in the hub.")]
            lines += ["", _("Open it in the hub:"), link]
        outcome.mails.append((user.email, user.locale, subject, "\n".join(lines)))


def story_link(story_id: int) -> str:
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/stories/{story_id}"


def finish(outcome: Outcome) -> None:
    """After the commit: queue the notices' mail, announce a withdrawal.
    A mail that cannot be sent is retried by the worker; the move stands."""
    from hub.mail import send_many

    # One batch, delivered by the jobs worker (retried there); the in-hub notice stays anyway.
    send_many([(to, subject, body) for to, _locale, subject, body in outcome.mails],
              after_commit=False)
    if outcome.action == "withdraw_consent":
        erase_saved_mail(outcome.story_id)
        story_withdrawn.send(current_app._get_current_object(), story_id=outcome.story_id,
                             member_id=outcome.member_id)


def erase_saved_mail(story_id: int) -> int:
    """Delete the saved mail files (DATA_DIR/mail) about a story: every notice links to it.
    Older notices also carried the title and comments; none may outlive a withdrawal.
    Returns how many files were deleted."""
    folder = Path(current_app.config["DATA_DIR"]) / "mail"
    if not folder.is_dir():
        return 0
    link = regex.compile(rf"/stories/{story_id}(?!\d)")
    deleted = 0
    for path in folder.glob("*.eml"):
        try:
            if link.search(path.read_text(encoding="utf-8", errors="replace")):
                path.unlink()
                deleted += 1
        except FileNotFoundError:  # another worker erased it first
            continue
    log.info("Erased %d saved notice(s) of withdrawn story %s", deleted, story_id)
    return deleted


def notifications_for(user, limit: int = 10) -> list[Notification]:
    """The latest notices for the user's organisation, or for the Secretariat."""
    if not access.signed_in(user):
        return []
    query = sa.select(Notification)
    if user.is_secretariat:
        query = query.where(Notification.for_secretariat.is_(True))
    elif user.member_id is not None:
        query = query.where(Notification.member_id == user.member_id)
    else:
        return []
    return list(db.session.scalars(query.order_by(Notification.created_at.desc(),
                                                   Notification.id.desc()).limit(limit)))
