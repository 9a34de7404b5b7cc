"""Demo step: people follow a few things, so the digest preview shows a realistic mail."""

import random

import sqlalchemy as sa

from hub.extensions import db
from hub.models import Follow, NotificationPreference, SavedSearch, Tag

SEARCHES = [
    ("Live streaming", {"q": "live streaming", "sort": "newest"}),
    ("Tourism, in French", {"q": "tourisme", "language": ["fr"]}),
    ("Country overviews", {"type": ["country_overview"], "sort": "newest"}),
    ("Child marriage toolkits", {"theme": ["child-marriage"], "type": ["toolkit"]}),
]


def add_follows(rng: random.Random, made: dict) -> None:
    """Follows: the demo accounts and a third of member staff follow themes, regions,
    members and a saved search; a few want a daily digest, a few none."""
    tags = list(db.session.scalars(sa.select(Tag).where(Tag.retired.is_(False))))
    members = [m for m in made["members"] if m.status == "active"]
    people = [p for p in made["people"] if p.member is None or p.member.status == "active"]
    chosen = [p for p in people if p.email.endswith("@demo.ecpat.example")]
    chosen += [p for p in people if p not in chosen and rng.random() < 0.33]
    rows = []
    for person in chosen:
        own = person.member
        mine = [link.tag for link in own.tag_links] if own is not None else []
        followed_tags = rng.sample(mine, min(2, len(mine))) or rng.sample(tags, 2)
        followed_tags += [t for t in rng.sample(tags, 2) if t not in followed_tags][:1]
        for tag in followed_tags:
            rows.append(Follow(user_id=person.id, kind="tag", tag_id=tag.id, key=f"tag:{tag.id}"))
        region = own.country.region_code if own is not None else rng.choice(
            [m.country.region_code for m in members])
        rows.append(Follow(user_id=person.id, kind="region", region_code=region,
                           key=f"region:{region}"))
        others = [m for m in members if m is not own]
        for member in rng.sample(others, min(2, len(others))):
            rows.append(Follow(user_id=person.id, kind="member", member_id=member.id,
                               key=f"member:{member.id}"))
        if rng.random() < 0.6:
            name, query = rng.choice(SEARCHES)
            search = SavedSearch(user_id=person.id, name=name, query=query,
                                 alert=rng.choice(["weekly", "weekly", "daily"]))
            db.session.add(search)
            db.session.flush()
            rows.append(Follow(user_id=person.id, kind="search", saved_search_id=search.id,
                               key=f"search:{search.id}"))
        roll = rng.random()
        if roll < 0.2:
            db.session.add(NotificationPreference(user_id=person.id, digest="daily"))
        elif roll > 0.9:
            db.session.add(NotificationPreference(user_id=person.id, digest="off"))
    db.session.add_all(rows)
    db.session.flush()
    made["follows"] = rows
