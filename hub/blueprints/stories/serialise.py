"""A story as the API returns it (and the pages read it).

It sits above `service` and `workflow` so that neither imports the other for it, and it asks
"may this person manage this story?" once per story: the answer decides what is shown and is
passed on to the workflow for the moves offered.
"""

from __future__ import annotations

from hub.blueprints.stories import service, workflow
from hub.blueprints.stories.flags import flag_dict, story_flags
from hub.extensions import db
from hub.models import Member, Story
from hub.reference.languages import language_name
from hub.reference.names import country_name


def story_dict(story: Story, locale: str, user) -> dict:
    """The story's public fields and labels; consent, flags, the workflow record and the moves
    the user may make only for its organisation and the Secretariat."""
    data = public_dict(story, locale)
    if service.can_manage(user, story):
        data.update(manager_dict(story, user))
    return data


def public_dict(story: Story, locale: str) -> dict:
    member = db.session.get(Member, story.member_id)
    return {
        "id": story.id,
        "title": story.title,
        "body": story.body,
        "language": story.language,
        "country": story.country_code,
        "themes": [t.slug for t in story.themes],
        "audiences": story.audiences("intended"),
        "published_audiences": service.publishable_audiences(story),
        "storyteller": story.teller,
        "member": story.member_id,
        "status": story.status,
        "published_at": story.published_at,
        "labels": {
            "status": str(service.STATUS_LABELS[story.status]),
            "language": language_name(story.language, locale),
            "country": country_name(story.country_code, locale) if story.country_code else None,
            "themes": {t.slug: t.label(locale) for t in story.themes},
            "member": member.name if member else None,
            "storyteller": str(service.TELLER_LABELS.get(story.teller, story.teller)),
        },
    }


def manager_dict(story: Story, user) -> dict:
    """What only the story's organisation and the Secretariat see (the caller checked)."""
    flags = story_flags(story)
    return {
        "author": story.author_id,
        "consent": {
            "obtained": story.consent_obtained,
            "given_by": story.consent_from,
            "obtained_on": story.consent_date,
            "audiences": story.audiences("consented"),
            "guardian_consent": story.guardian_consent,
        },
        "flags": [flag_dict(f, with_reason=True) for f in flags if f.source == "safeguarding"],
        "terminology": [{"term": f.excerpt, "start": f.start, "end": f.end,
                         "suggestion": f.suggestion} for f in flags
                        if f.source == "terminology"],
        "transitions": [
            {"action": t.action, "from": t.from_status, "to": t.to_status,
             "by": t.actor_id, "at": t.at, "comment": t.comment}
            for t in story.transitions
        ],
        "approvals": workflow.approver_ids(story),
        "approvals_needed": workflow.approvals_needed(story),
        "created_at": story.created_at,
        "updated_at": story.updated_at,
        "submitted_at": story.submitted_at,
        "withdrawn_at": story.withdrawn_at,
        "pending_correction": story.pending_correction,
        "correction_submitted_at": story.correction_submitted_at,
        "actions": workflow.allowed_actions(story, user, manages=True),
    }
