"""axe-core (WCAG 2.1 A and AA) on the key pages of the demo network, each opened in a real
browser by the role that uses it, at desktop and phone widths: no serious or critical finding.

axe-core's script comes inside the axe-playwright-python package: nothing is downloaded."""

from collections import Counter

import pytest
import sqlalchemy as sa

from hub.extensions import db

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}
BLOCKING = {"serious", "critical"}


def _places(app) -> dict:
    """Addresses on the demo network that hold real content: the focal point's own member,
    a public resource, an activity, an indicator."""
    from hub.blueprints.indicators.definitions import CODES
    from hub.models import Activity, Member, Resource, User

    with app.app_context():
        email = app.config["DEMO_ACCOUNTS"]["emails"]["focal_point"]
        own = db.session.scalar(sa.select(Member.slug).join(User, User.member_id == Member.id)
                                .where(User.email == email))
        other = db.session.scalar(sa.select(Member.slug).where(
            Member.status == "active", Member.slug != own).order_by(Member.id))
        resource = db.session.scalar(sa.select(Resource.id).where(
            Resource.visibility == "public").order_by(Resource.id))
        activity = db.session.scalar(sa.select(Activity.id).order_by(Activity.id))
        db.session.remove()
    return {"own": own, "other": other, "resource": resource, "activity": activity,
            "code": CODES[0]}


# The pages each role uses (format() fills in the demo network's addresses).
PAGES = {
    "anonymous": [
        "/", "/sign-in", "/members?q=trafficking&region={region}", "/members/{other}",
        "/library?q=online&type=research_report", "/library/{resource}", "/activities",
        "/activities/{activity}", "/stories",
    ],
    "member": [
        "/", "/stories/new", "/stories/mine", "/library/new", "/account", "/account/follows",
        "/members?language=es",
    ],
    "focal_point": ["/members/{own}", "/members/{own}/edit", "/activities/new",
                    "/indicators/mine", "/members/{own}/people"],
    "secretariat": ["/indicators", "/indicators/{code}", "/stories/moderation", "/usage",
                    "/members/coverage", "/members/stale", "/activities/{activity}/edit"],
    "admin": ["/audit", "/members/tags", "/privacy"],
}


def _sign_in(page, base, email, password):
    page.goto(f"{base}/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


def _region(app) -> str:
    from hub.models import Region

    with app.app_context():
        slug = db.session.scalar(sa.select(Region.code).order_by(Region.position))
        db.session.remove()
    return slug


@pytest.mark.slow
@pytest.mark.parametrize("role", list(PAGES))
def test_key_pages_pass_axe(demo_app, demo_server, browser, role):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    places = {**_places(demo_app), "region": _region(demo_app)}
    accounts = demo_app.config["DEMO_ACCOUNTS"]
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(60_000)  # a loaded two-core machine
    page = context.new_page()
    found, views, blocking = Counter(), 0, []
    try:
        if role != "anonymous":
            _sign_in(page, demo_server, accounts["emails"][role], accounts["password"])
        for width, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            for path in PAGES[role]:
                address = path.format(**places)
                response = page.goto(demo_server + address)
                assert response.status == 200, f"{address}: {response.status}"
                # The page itself, not the sign-in page it might send a visitor to.
                assert page.url == demo_server + address, f"{address} went to {page.url}"
                results = axe.run(page, options={
                    "runOnly": {"type": "tag", "values": WCAG_21_AA},
                    "resultTypes": ["violations"]})
                views += 1
                for violation in results.response["violations"]:
                    found[violation["impact"]] += 1
                    if violation["impact"] in BLOCKING:
                        targets = [n["target"] for n in violation["nodes"]][:3]
                        blocking.append(f"{width} {address}: {violation['id']} "
                                        f"({violation['impact']}) {targets}")
    finally:
        context.close()
    print(f"\naxe {role}: {views} page views; findings by impact: {dict(found) or 'none'}")
    assert views == 2 * len(PAGES[role])
    assert not blocking, "\n".join(blocking)
