"""A hand-counted directory: six members with known tags, regions and languages."""

import pytest

from hub.extensions import db
from hub.models import Member, MemberTag, Tag

# slug: (country, region, tags, languages, survivor_led, status, description)
NETWORK = {
    "voix-libres": ("FR", "western-europe", ["trafficking", "research"], ["fr"], False,
                    "active", "Plaidoyer contre la traite"),
    "kenya-shield": ("KE", "east-southern-africa", ["trafficking", "sectt"], ["en", "sw"], True,
                     "active", "Hotel-sector campaign with tourism businesses"),
    "uganda-care": ("UG", "east-southern-africa", ["ocse"], ["en"], False, "active",
                    "Helpline for children"),
    "andes-ninez": ("CO", "latin-america", ["sectt", "trafficking", "research"], ["es"], False,
                    "active", "Campaña en el sector hotelero"),
    "lima-red": ("PE", "latin-america", ["sectt"], ["es", "qu"], True, "active",
                 "Red nacional"),
    "old-friends": ("KE", "east-southern-africa", ["trafficking"], ["en"], False, "former",
                    "Closed"),
}


@pytest.fixture
def network(app):
    """Create NETWORK; returns {slug: id}."""
    ids = {}
    with app.app_context():
        tags = {t.slug: t for t in db.session.query(Tag)}
        for slug, (country, _region, tag_slugs, langs, sl, status, text) in NETWORK.items():
            member = Member(slug=slug, name=slug.replace("-", " ").title(), country_code=country,
                            survivor_led=sl, status=status, description=text)
            member.languages = langs
            member.tag_links = [MemberTag(tag=tags[t], centre_of_expertise=(i == 0),
                                          note=f"note {t}") for i, t in enumerate(tag_slugs)]
            db.session.add(member)
            db.session.flush()
            ids[slug] = member.id
        db.session.commit()
    return ids


def facet(body, name):
    return {item["value"]: item["count"] for item in body["facets"][name]}
