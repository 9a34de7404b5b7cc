"""Every page of the demo network, as each role and in each UI language, reached by following
the links the hub shows from its home page."""

import pytest

from tests.crawl.crawler import KB, Crawler

ROLES = ("anonymous", "member", "focal_point", "secretariat", "admin")
LOCALES = ("en", "fr", "es")
# Sign-out is a form, never a link; a resource's files and the raw usage log are downloads.
SKIP = frozenset({"library_api.download_file", "usage_api.export"})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_works(demo_app, role, locale):
    accounts = demo_app.config["DEMO_ACCOUNTS"]
    client = demo_app.test_client()
    if role != "anonymous":
        response = client.post("/api/v1/auth/login", json={
            "email": accounts["emails"][role], "password": accounts["password"]})
        assert response.status_code == 200, response.get_json()
    result = Crawler(demo_app, client, locale, skip_endpoints=SKIP).run()
    weights = dict(result.endpoints)
    home, dashboard = weights.pop("main.home", 0), weights.pop("indicators.dashboard", 0)
    heaviest = sorted(weights.items(), key=lambda item: -item[1])[:3]
    print(f"\n{role}/{locale}: {len(result.pages)} pages, {result.other} other answers; home "
          f"{home / KB:.1f} KB, dashboard {dashboard / KB:.1f} KB; heaviest others "
          + ", ".join(f"{e} {w / KB:.1f} KB" for e, w in heaviest))
    assert not result.failures, "\n".join(result.failures)
    # The crawl reached the features the role uses, not just the home page.
    assert len(result.pages) >= {"anonymous": 8}.get(role, 15)
