"""The dashboard page: figures, definitions, SVG charts, period picker, downloads, languages."""

import re

import pytest

from tests.indicators.test_compute import login


def test_dashboard_has_every_indicator_with_charts_and_downloads(client, network, secretariat):
    login(client, secretariat)
    response = client.get("/indicators?period=2025July")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script" not in html
    for code in ("2.4", "2.5", "3.2", "3.4", "4.2", "4.2a", "4.2b", "4.3", "4.4", "4.5"):
        assert f'id="indicator-{code}"' in html
    assert html.count('<svg class="chart trend"') == 10
    assert html.count('<svg class="chart regions"') == 10
    # The trend covers the last four reporting years, ending with the chosen one.
    for year in ("2022July", "2023July", "2024July", "2025July"):
        assert f">{year}</text>" in html
    assert "6 of 11" in html and "<details>" in html
    assert "at least 3 qualifying actions" in html
    for fmt in ("csv", "xlsx", "json"):
        assert f"/api/v1/indicators/export?period=2025July&amp;format={fmt}" in html
    assert 'href="/indicators/4.5?period=2025July"' in html
    assert "style=" not in html  # the CSP forbids inline styles


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", ["Indicateurs", "Membres utilisant activement"]),
    ("es", ["Indicadores", "Miembros que usan activamente"]),
])
def test_dashboard_in_french_and_spanish(client, network, secretariat, lang, words):
    login(client, secretariat)
    html = client.get(f"/indicators?period=2025July&lang={lang}").get_data(as_text=True)
    for word in words:
        assert word in html


def test_bad_period_on_the_page(client, secretariat):
    login(client, secretariat)
    response = client.get("/indicators?period=someday")
    assert response.status_code == 422
    assert "Unknown period someday" in response.get_data(as_text=True)


def test_explanation_page(client, network, secretariat):
    login(client, secretariat)
    html = client.get("/indicators/4.2?period=2025July").get_data(as_text=True)
    assert "led \u2018Webinar on live streaming\u2019 on Sep 12, 2025" in html  # Babel's date
    assert len(re.findall(r"<tr><th scope=\"row\">", html)) == 11
    assert client.get("/indicators/7.7?period=2025July").status_code == 404


def test_nav_entry_only_for_the_secretariat(client, secretariat, make_user):
    login(client, make_user("focal_point"))
    assert 'href="/indicators"' not in client.get("/").get_data(as_text=True)
    client.post("/api/v1/auth/logout")
    login(client, secretariat)
    assert 'href="/indicators"' in client.get("/").get_data(as_text=True)


def test_trend_follows_new_data(client, network, secretariat, app, factory):
    from hub.extensions import db
    from tests.indicators.conftest import at

    login(client, secretariat)
    html = client.get("/indicators?period=2025July").get_data(as_text=True)
    before = re.search(r'id="indicator-4.5".*?</section>', html, re.S).group(0)
    assert "2024July: 9.1%" in before  # foxtrot's imported June 2025: 1 of 11
    with app.app_context():
        factory.events(network["kilo"], "search", *[at(2024, 9, d) for d in (1, 2, 3)])
        db.session.commit()
    html = client.get("/indicators?period=2025July").get_data(as_text=True)
    after = re.search(r'id="indicator-4.5".*?</section>', html, re.S).group(0)
    assert "2024July: 18.2%" in after  # and now kilo: 2 of 11


def test_period_without_members(client, network, secretariat):
    login(client, secretariat)
    body = client.get("/api/v1/indicators?period=2010").get_json()
    usage = next(i for i in body["indicators"] if i["code"] == "4.5")
    assert (usage["value"], usage["numerator"], usage["denominator"]) == (None, 0, 0)
    assert client.get("/indicators?period=2010").status_code == 200


def test_member_staff_see_their_own_organisation(client, network, make_user):
    login(client, make_user("focal_point", member_id=network["hotel"]))
    home = client.get("/").get_data(as_text=True)
    assert 'href="/indicators/mine"' in home and 'href="/indicators"' not in home
    html = client.get("/indicators/mine?period=2025July").get_data(as_text=True)
    assert "2 qualifying actions; 3 needed" in html
    assert "Alpha" not in html  # nobody else's figures
    assert client.get("/indicators?period=2025July").status_code == 403
