"""Figures, dates and lists on the dashboard, the charts and the explanations are written as
the reader's language writes them (Babel), while the API keeps its machine-readable form."""

import re

from tests.indicators.test_compute import login


def test_dashboard_figures_in_french_and_spanish(client, network, secretariat):
    login(client, secretariat)
    html = client.get("/indicators?period=2025July&lang=fr").get_data(as_text=True)
    assert '<strong class="value" data-code="4.5">54,5\xa0%</strong>' in html
    assert "Du 1 juil. 2025 au 30 juin 2026" in html
    chart = re.search(r'id="indicator-4.5".*?</section>', html, re.S).group(0)
    assert ">54,5\xa0%</text>" in chart and "54.5%" not in chart
    html = client.get("/indicators?period=2025July&lang=es").get_data(as_text=True)
    assert 'data-code="4.5">54,5\xa0%<' in html and "1 jul 2025" in html
    html = client.get("/indicators?period=2025July&lang=en").get_data(as_text=True)
    assert 'data-code="4.5">54.5%<' in html and "Jul 1, 2025" in html


def test_explanations_write_dates_and_lists_for_people(client, network, secretariat):
    login(client, secretariat)
    html = client.get("/indicators/4.2?period=2025July&lang=fr").get_data(as_text=True)
    assert "le 12 sept. 2025" in html and "2025-09-12" not in html
    html = client.get("/indicators/4.4?period=2025July&lang=es").get_data(as_text=True)
    assert "entre: Golf y Hotel</td>" in html  # never "Golf, Hotel"
    assert "<td>Brasil</td>" in html  # the country's name, not its code
    # The API keeps ISO dates in its reasons, as documented.
    body = client.get("/api/v1/indicators/4.2/members?period=2025July&lang=fr").get_json()
    assert any("2025-09-12" in item["reason"] for item in body["items"])
