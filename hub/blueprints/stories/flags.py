"""Saved checker findings: both checkers run on every save of a story; what they find is
stored as `StoryFlag` rows, numbered per source in text order (the `n` of the API)."""

from __future__ import annotations

import sqlalchemy as sa

from hub.blueprints.stories.safeguarding import find_identifying_details, flag_message
from hub.blueprints.stories.terminology import find_outdated_terms
from hub.extensions import db
from hub.models import Story, StoryFlag


def check_text(text: str, language: str, locale: str | None = None) -> dict:
    """What the two checkers find in `text`, in the contract's shape."""
    flags = [
        {"kind": f.kind, "start": f.start, "end": f.end, "excerpt": f.excerpt,
         "message": flag_message(f.kind, f.hint)}
        for f in find_identifying_details(text or "", language or "en")
    ]
    terms = [
        {"term": t.term, "start": t.start, "end": t.end, "suggestion": t.suggestion}
        for t in find_outdated_terms(text or "", language or "en")
    ]
    return {"flags": flags, "terminology": terms}


def story_text(story: Story) -> str:
    """Title and body as one text, the offsets of saved flags refer to it."""
    return f"{story.title}\n\n{story.body}" if story.title else story.body


def refresh_flags(story: Story) -> None:
    """Re-run both checkers on the saved text; keep acknowledgements of excerpts found again."""
    text = story_text(story)
    language = story.language or "en"
    old = {(f.source, f.kind, f.excerpt): f for f in story_flags(story)
           if f.acknowledged_at is not None}
    db.session.execute(sa.delete(StoryFlag).where(StoryFlag.story_id == story.id))
    # A safeguarding flag keeps its hint (e.g. "pseudonym") where a term keeps its suggestion.
    found = [("safeguarding", f.kind, f.start, f.end, f.excerpt, f.hint)
             for f in find_identifying_details(text, language)]
    found += [("terminology", "terminology", t.start, t.end, t.term, t.suggestion)
              for t in find_outdated_terms(text, language)]
    counters = {"safeguarding": 0, "terminology": 0}
    for source, kind, start, end, excerpt, suggestion in found:
        row = StoryFlag(story_id=story.id, source=source, position=counters[source], kind=kind,
                        start=start, end=end, excerpt=excerpt[:500], suggestion=suggestion[:300],
                        reason="")
        counters[source] += 1
        previous = old.get((source, kind, row.excerpt))
        if previous is not None:
            row.acknowledged_at = previous.acknowledged_at
            row.acknowledged_by_id = previous.acknowledged_by_id
            row.reason = previous.reason
        db.session.add(row)
    db.session.flush()
    db.session.expire(story)


def story_flags(story: Story, source: str | None = None) -> list[StoryFlag]:
    query = sa.select(StoryFlag).where(StoryFlag.story_id == story.id)
    if source:
        query = query.where(StoryFlag.source == source)
    return list(db.session.scalars(query.order_by(StoryFlag.source, StoryFlag.position)))


def unacknowledged(story: Story) -> list[StoryFlag]:
    """Identifying details neither fixed nor acknowledged: they block submission.
    (Terminology findings are advice shown to writer and moderator; they do not block.)"""
    return [f for f in story_flags(story, "safeguarding") if f.acknowledged_at is None]


def flag_dict(flag: StoryFlag, *, with_reason: bool) -> dict:
    data = {"n": flag.position, "kind": flag.kind, "start": flag.start, "end": flag.end,
            "excerpt": flag.excerpt, "message": flag_message(flag.kind, flag.suggestion),
            "acknowledged": flag.acknowledged_at is not None}
    if with_reason:
        data["reason"] = flag.reason if flag.acknowledged_at else None
    return data


__all__ = ["check_text", "flag_dict", "refresh_flags", "story_flags", "story_text",
           "unacknowledged"]
