"""The demo step: a few dozen fictional stories across statuses, languages and members."""

from collections import Counter

import sqlalchemy as sa

from hub.blueprints.stories.safeguarding import find_identifying_details
from hub.extensions import db
from hub.models import Story, StoryFlag


def test_demo_stories(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        stories = db.session.scalars(sa.select(Story)).all()
        assert 25 <= len(stories) <= 60
        statuses = Counter(s.status for s in stories)
        assert set(statuses) == {"draft", "submitted", "changes_requested", "approved",
                                 "published", "rejected", "consent_withdrawn"}
        assert {s.language for s in stories} == {"en", "fr", "es"}
        assert len({s.member_id for s in stories}) >= 10
        withdrawn = [s for s in stories if s.status == "consent_withdrawn"]
        assert all(s.title == "" and s.body == "" and s.published_at for s in withdrawn)
        for story in stories:
            if story.status == "published":
                assert story.published_at and story.consent_obtained
        # A few deliberate flags, acknowledged on the stories sent to review.
        flags = db.session.scalars(sa.select(StoryFlag).where(
            StoryFlag.source == "safeguarding")).all()
        assert flags
        under_review = {s.id for s in stories if s.status != "draft"}
        assert all(f.acknowledged_at for f in flags if f.story_id in under_review)
        # Apart from those, the texts are clean.
        flagged_ids = {f.story_id for f in flags}
        for story in stories:
            if story.id not in flagged_ids and story.body:
                assert find_identifying_details(story.body, story.language) == [], story.title
