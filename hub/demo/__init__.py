"""`flask --app hub demo`: a synthetic demo network, so a newcomer sees a living hub.

Every name, organisation, address and story is invented. Later features add their own
steps to `STEPS`; each step takes the random generator and what earlier steps made.
"""

import hashlib
import random
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from hub.extensions import db
from hub.models import Member, MemberSocialLink, MemberStatusChange, MemberTag, Tag

DEMO_PASSWORD = "ecpat-demo-2026"
DEMO_ACCOUNTS = [
    ("admin@demo.ecpat.example", "admin", "Ada Admin"),
    ("secretariat@demo.ecpat.example", "secretariat", "Sam Secretariat"),
    ("reviewer@demo.ecpat.example", "secretariat", "Rita Reviewer"),
]


class DemoRefused(Exception):
    """The hub is not empty (or not migrated); nothing was written."""


def build_demo(seed: int = 2018, echo: Callable[[str], None] = print, progress=None) -> str:
    """Run every demo step in one transaction; returns how to sign in.
    `progress(done, total, label)`, if given, hears of each step as it starts and ends."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(Member)):
        raise DemoRefused(
            "This hub already has member organisations; the demo only fills an empty hub."
        )
    rng = random.Random(seed)
    made: dict = {}
    try:
        for done, step in enumerate(STEPS):
            label = step.__doc__.splitlines()[0]
            if progress:
                progress(done, len(STEPS), label)
            else:
                echo(f"demo: {label}")
            step(rng, made)
        if progress:
            progress(len(STEPS), len(STEPS), "")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return sign_in_help(made)


def add_members(rng: random.Random, made: dict) -> None:
    """Member organisations with profiles, working languages and expertise tags."""
    from hub.demo.generate import generate_network

    tags = {t.slug: t for t in db.session.scalars(sa.select(Tag))}
    members = []
    for data in generate_network(seed=rng.randrange(1 << 30)):
        member = Member(
            slug=data["slug"], name=data["name"], acronym=data.get("acronym"),
            country_code=data["country"], kind=data["kind"], survivor_led=data["survivor_led"],
            description=data["description"], website=data.get("website"),
            status=data.get("status", "active"), joined_on=data.get("joined_on"),
            left_on=data.get("left_on"),
        )
        member.languages = data["languages"]
        member.countries = [_country(code) for code in data.get("countries", [])]
        member.social_media = [
            MemberSocialLink(platform=s["platform"], url=s["url"], position=i)
            for i, s in enumerate(data.get("social_media", []))
        ]
        member.tag_links = [
            MemberTag(tag=tags[t["slug"]], centre_of_expertise=t.get("centre_of_expertise", False),
                      note=t.get("note", ""))
            for t in data.get("tags", []) if t["slug"] in tags
        ]
        member.status_changes.append(MemberStatusChange(
            status="active", effective_on=data.get("joined_on") or date(2018, 7, 1)))
        if member.status != "active":
            member.status_changes.append(MemberStatusChange(
                status=member.status, effective_on=data.get("left_on") or date(2025, 1, 1)))
        db.session.add(member)
        members.append(member)
    db.session.flush()
    made["members"] = members


def _country(code: str):
    from hub.models import Country

    return db.session.get(Country, code)


def add_people(rng: random.Random, made: dict) -> None:
    """Accounts: Secretariat staff, and focal points and staff of the members."""
    from hub.blueprints.auth.service import create_user, hash_password
    from hub.demo.generate import generate_people

    # One hash for every demo account: hashing is deliberately slow.
    password_hash = hash_password(DEMO_PASSWORD)
    by_slug = {m.slug: m for m in made["members"]}
    people = []
    for email, role, name in DEMO_ACCOUNTS:
        people.append(create_user(email, role, name=name))
    for person in generate_people(
        [
            {"slug": m.slug, "website": m.website, "languages": m.languages,
             "country": m.country_code}
            for m in made["members"]
        ],
        seed=rng.randrange(1 << 30),
    ):
        member = by_slug[person["member"]]
        locale = person.get("locale") if person.get("locale") in ("en", "fr", "es") else None
        people.append(create_user(person["email"], person["role"], name=person["name"],
                                  member=member, locale=locale))
    for user in people:
        user.password_hash = password_hash
    db.session.flush()
    made["people"] = people


def sign_in_help(made: dict) -> str:
    people = made.get("people", [])
    focal = next((p for p in people if p.role == "focal_point" and p.member.status == "active"),
                 None)
    staff = next((p for p in people if p.role == "member" and p.member.status == "active"), None)
    lines = [
        f"Demo network ready: {len(made.get('members', []))} members, {len(people)} accounts.",
        "Open http://127.0.0.1:5000/ and sign in as one of:",
    ]
    for email, role, _ in DEMO_ACCOUNTS:
        lines.append(f"  {role:<12} {email}")
    if focal:
        lines.append(f"  {'focal_point':<12} {focal.email}  ({focal.member.name})")
    if staff:
        lines.append(f"  {'member':<12} {staff.email}  ({staff.member.name})")
    lines.append(f"Demo password for every account: {DEMO_PASSWORD}")
    return "\n".join(lines)


def add_resources(rng: random.Random, made: dict) -> None:
    """Library resources (about 600, seven languages, a few PDFs), indexed after the commit."""
    import tempfile
    from pathlib import Path

    from hub.blueprints.library import files
    from hub.demo.library import generate_resources, make_pdf
    from hub.models import Country, Resource, ResourceFile
    from hub.reference.names import country_name

    by_region: dict[str, list] = {}
    for member in made["members"]:
        if member.status == "active":
            by_region.setdefault(member.country.region_code, []).append(member)
    tags = {t.slug: t for t in db.session.scalars(sa.select(Tag))}
    countries = {c.code: c for c in db.session.scalars(sa.select(Country))}
    resources = []
    for i, data in enumerate(generate_resources(rng, by_region, country_name)):
        resource = Resource(
            title=data["title"][:500], summary=data["summary"], body=data["body"],
            language=data["language"], type=data["type"], published_on=data["published_on"],
            secretariat_coauthored=data["secretariat_coauthored"],
            visibility=data["visibility"], organisations=[data["member"]],
            themes=[tags[t] for t in data["themes"] if t in tags],
            countries=[countries[c] for c in data["countries"]],
        )
        if i % 100 == 7 and data["language"] in ("en", "fr", "es", "pt"):
            pdf = make_pdf(data["title"], data["body"])
            if pdf:
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "report.pdf"
                    path.write_bytes(pdf)
                    text, state = files.extract_text(path, files.PDF)
                    stored = files.copy_file(path)
                resource.body = ""  # the text lives in the file, as for a real upload
                resource.files.append(ResourceFile(
                    filename="report.pdf", stored_name=stored, mime_type=files.PDF,
                    size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(),
                    text=text, extraction=state))
        resources.append(resource)
    db.session.add_all(resources)
    db.session.flush()
    # Link a few English reports with a French "version", as translations are.
    for a, b in zip(resources[:10], resources[300:310], strict=True):
        a.translation_group = b.translation_group = a.id
    made["resources"] = resources


def add_activities(rng: random.Random, made: dict) -> None:
    """Capacity development activities with leads and participants, across regions and kinds."""
    from hub.demo.activities import add_activities as step

    step(rng, made)


def add_usage(rng: random.Random, made: dict) -> None:
    """Two years of usage events for most members, and a little imported history."""
    from hub.demo.activities import add_usage as step

    step(rng, made)


def add_stories(rng: random.Random, made: dict) -> None:
    """Stories (a few dozen, en/fr/es, every status, a few with flags for the moderator)."""
    from hub.demo.stories import build

    reviewers = [p for p in made["people"] if p.role == "secretariat"]
    made["stories"] = build(rng, made["members"], made["people"], reviewers)


def add_follows(rng: random.Random, made: dict) -> None:
    """Follows, saved searches and digest preferences of some people."""
    from hub.demo.follows import add_follows as step

    step(rng, made)


STEPS: list[Callable[[random.Random, dict], None]] = [
    add_members, add_people, add_resources, add_stories, add_activities, add_usage,
    add_follows,
]
