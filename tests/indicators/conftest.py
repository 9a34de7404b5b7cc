"""A small network whose indicators are computed by hand (see EXPECTED_2025 in test_compute).

Rows are inserted straight into the tables the indicators read (usage log, activities,
stories, resources, profile history), so these tests do not depend on the services that
normally write them.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from hub.extensions import db


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@dataclass
class Factory:
    """Inserts the rows of one test; call inside an app context, then `commit()`."""

    def tag_ids(self, slugs):
        from hub.models import Tag

        found = dict(db.session.execute(
            sa.select(Tag.slug, Tag.id).where(Tag.slug.in_(slugs))).all())
        return [found[s] for s in slugs]

    def member(self, slug, country, *, status="active", joined_on=date(2019, 1, 1),
               left_on=None, changes=None, tags=(), social=(), survivor_led=False,
               created_at=at(2020, 1, 1)):
        from hub.models import Member, MemberSocialLink, MemberStatusChange, MemberTag

        member = Member(slug=slug, name=slug.title(), country_code=country, status=status,
                        joined_on=joined_on, left_on=left_on, survivor_led=survivor_led,
                        created_at=created_at, updated_at=created_at)
        for day, state in changes or [(joined_on or date(2020, 1, 1), status)]:
            member.status_changes.append(MemberStatusChange(status=state, effective_on=day))
        member.tag_links = [MemberTag(tag_id=i) for i in self.tag_ids(list(tags))]
        member.social_media = [MemberSocialLink(platform=p, url=f"https://{p}.example/{slug}",
                                                position=i) for i, p in enumerate(social)]
        db.session.add(member)
        db.session.flush()
        return member.id

    def revision(self, member_id, valid_from, **snapshot):
        from hub.models import MemberRevision

        base = {"country": "KE", "survivor_led": False, "social_media": [], "tags": [],
                "status": "active"}
        base.update(snapshot)
        base["tags"] = [{"slug": s, "centre_of_expertise": False, "note": ""}
                        for s in base["tags"]]
        base["social_media"] = [{"platform": p, "url": f"https://{p}.example/x"}
                                for p in base["social_media"]]
        db.session.add(MemberRevision(member_id=member_id, valid_from=valid_from,
                                      reason="update", changes=[], snapshot=base))

    def events(self, member_id, event_type, *times, object_id=None):
        from hub.models import UsageEvent

        for when in times:
            db.session.add(UsageEvent(member_id=member_id, event_type=event_type,
                                      occurred_at=when, user_key="k" * 16,
                                      object_type="resource" if object_id else None,
                                      object_id=object_id))

    def monthly(self, member_id, month, event_type, count, source="import"):
        from hub.models import UsageMonthly

        db.session.add(UsageMonthly(member_id=member_id, month=month, event_type=event_type,
                                    count=count, source=source))

    def activity(self, title, start, end, **participants):
        """participants: member_id=(role, status)."""
        from hub.models import Activity, ActivityParticipation

        activity = Activity(title=title, kind="webinar", start_date=start, end_date=end,
                            mode="online")
        for member_id, (role, status) in participants.items():
            activity.participations.append(ActivityParticipation(
                member_id=int(member_id.removeprefix("m")), role=role, status=status))
        db.session.add(activity)
        db.session.flush()
        return activity.id

    def resource(self, title, published_on, *, authors=(), coauthored=False,
                 type="research_report", language="en", translation_group=None):
        from hub.models import Member, Resource

        resource = Resource(title=title, language=language, type=type,
                            published_on=published_on, secretariat_coauthored=coauthored,
                            translation_group=translation_group)
        resource.organisations = [db.session.get(Member, m) for m in authors]
        db.session.add(resource)
        db.session.flush()
        return resource.id

    def story(self, member_id, published_at, audiences, *, status="published", title="A story"):
        from hub.models import Story, StoryAudience

        story = Story(member_id=member_id, title=title, language="en", teller="practitioner",
                      status=status, published_at=published_at)
        story.audience_rows = [StoryAudience(kind="intended", audience=a) for a in audiences]
        story.audience_rows += [StoryAudience(kind="consented", audience="global_advocacy")]
        db.session.add(story)
        db.session.flush()
        return story.id


@pytest.fixture
def factory():
    return Factory()


@pytest.fixture
def network(app, factory):
    """Twelve members; the comments say what each one is there to test (period 2025July)."""
    f = factory
    with app.app_context():
        m = {}
        # KE: three manifestations between two members; alpha is survivor-led.
        m["alpha"] = f.member("alpha", "KE", tags=["ocse", "sectt"], social=["facebook"],
                              survivor_led=True)
        m["bravo"] = f.member("bravo", "KE", tags=["prostitution"])
        # TH: charlie joined mid-year; delta is suspended for the whole year.
        m["charlie"] = f.member("charlie", "TH", joined_on=date(2026, 1, 15),
                                tags=["ocse", "sectt"])
        m["delta"] = f.member("delta", "TH", status="suspended", tags=["prostitution",
                                                                       "trafficking"],
                              survivor_led=True,
                              changes=[(date(2019, 1, 1), "active"),
                                       (date(2025, 1, 1), "suspended")])
        # FR: echo left on 31 December 2025 (its last day); foxtrot has imported history.
        m["echo"] = f.member("echo", "FR", status="former", left_on=date(2025, 12, 31),
                             survivor_led=True,
                             changes=[(date(2019, 1, 1), "active"),
                                      (date(2025, 12, 31), "former")])
        m["foxtrot"] = f.member("foxtrot", "FR", tags=["ocse", "sectt", "prostitution",
                                                       "trafficking"])
        # BR: two manifestations only (plus an area tag, which does not count).
        m["golf"] = f.member("golf", "BR", tags=["ocse"])
        m["hotel"] = f.member("hotel", "BR", tags=["sectt", "access-to-justice"],
                              social=["instagram"])
        # NP: india became survivor-led and added social media after the period ended.
        m["india"] = f.member("india", "NP", tags=["ocse"], survivor_led=True, social=["x"])
        f.revision(m["india"], at(2020, 1, 1), country="NP",
                   tags=["ocse", "sectt", "child-marriage"])
        f.revision(m["india"], at(2026, 8, 1), country="NP", tags=["ocse"], survivor_led=True,
                   social_media=["x"])
        m["juliet"] = f.member("juliet", "NP")
        # US: lima is survivor-led with social media; kilo has neither.
        m["kilo"] = f.member("kilo", "US")
        m["lima"] = f.member("lima", "US", survivor_led=True, social=["x"])

        # 4.5: qualifying actions.
        f.events(m["alpha"], "search", at(2025, 7, 3, 10), at(2025, 8, 1, 9))
        f.events(m["alpha"], "resource_download", at(2025, 9, 1, 12))
        f.events(m["alpha"], "sign_in", *[at(2025, 7, d, 8) for d in range(1, 6)])
        f.events(m["alpha"], "sign_out", at(2025, 7, 1, 18))
        f.events(m["bravo"], "search", at(2025, 6, 30, 23, 59, 59),  # previous year
                 at(2025, 7, 1, 0, 0, 0), at(2026, 6, 30, 23, 59, 59),
                 at(2026, 7, 1, 0, 0, 0))  # next year
        f.events(m["bravo"], "sign_in", at(2025, 7, 5))
        f.events(m["charlie"], "resource_view", *[at(2026, 2, d) for d in (2, 3, 4)])
        f.events(m["delta"], "search", *[at(2025, 8, d) for d in range(1, 6)])
        f.monthly(m["echo"], date(2025, 8, 1), "resource_view", 4, source="rollup")
        f.monthly(m["foxtrot"], date(2025, 7, 1), "search", 2)
        f.monthly(m["foxtrot"], date(2025, 7, 1), "sign_in", 10)
        f.monthly(m["foxtrot"], date(2025, 6, 1), "search", 7)  # previous year
        f.events(m["foxtrot"], "profile_review", at(2025, 9, 9))
        f.events(m["hotel"], "search", at(2025, 12, 1), at(2026, 1, 1))
        f.events(m["golf"], "api_call", *[at(2025, 10, 1, h) for h in (1, 2, 3)])
        f.events(None, "search", *[at(2025, 10, 1, h) for h in range(5)])  # Secretariat

        # 4.2 (a): activities; (b): contributions.
        f.activity("Webinar on live streaming", date(2025, 9, 12), date(2025, 9, 12),
                   **{f"m{m['alpha']}": ("lead", "confirmed"),
                      f"m{m['bravo']}": ("participant", "pending")})
        f.activity("Regional exchange", date(2025, 6, 20), date(2025, 7, 2),
                   **{f"m{m['foxtrot']}": ("participant", "confirmed")})
        f.activity("Last year's training", date(2025, 6, 20), date(2025, 6, 30),
                   **{f"m{m['golf']}": ("participant", "confirmed")})
        nepal = f.resource("Country Overview: Nepal", date(2025, 8, 15), authors=[m["india"]],
                           coauthored=True, type="country_overview")
        f.events(m["alpha"], "resource_create", at(2025, 8, 14), object_id=nepal)
        f.events(m["bravo"], "story_submit", at(2025, 11, 3))
        f.monthly(m["foxtrot"], date(2025, 10, 1), "resource_create", 1)
        joint = f.resource("Joint research", date(2025, 11, 2), authors=[m["golf"]],
                           coauthored=True)
        f.resource("Recherche conjointe", date(2025, 12, 2), authors=[m["golf"]],
                   coauthored=True, language="fr", translation_group=joint)
        db.session.execute(sa.text("UPDATE resource SET translation_group = :g WHERE id = :g"),
                           {"g": joint})
        f.resource("Secretariat alone", date(2025, 9, 1), coauthored=True)
        f.resource("Member alone", date(2025, 9, 1), authors=[m["juliet"]],
                   type="country_overview")
        f.resource("Old overview", date(2025, 6, 30), authors=[m["kilo"]], coauthored=True,
                   type="country_overview")

        # 2.4: stories.
        f.story(m["juliet"], at(2025, 9, 1), ["global_advocacy", "network_learning"],
                status="consent_withdrawn", title="")
        f.story(m["kilo"], at(2025, 10, 1), ["network_learning"])
        f.story(m["kilo"], at(2026, 7, 2), ["local_media"])
        f.story(m["lima"], at(2026, 3, 1), ["local_media"])
        f.story(m["lima"], None, ["global_advocacy"], status="submitted")
        db.session.commit()
        return m
