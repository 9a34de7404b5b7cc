"""The Secretariat picks a period on the dashboard, reads a figure, opens who is counted, and
downloads the XLSX export, in a real browser against gunicorn."""

import io
from pathlib import Path

from openpyxl import load_workbook


def test_dashboard_period_picker_explanation_and_download(live_server, page, network,
                                                           secretariat):
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("E-mail address").fill(secretariat.email)
    page.get_by_label("Password").fill(secretariat.password)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/indicators?lang=fr")
    page.get_by_label("Période").fill("2025July")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**/indicators?period=2025July")
    assert page.locator('[data-code="4.5"]').inner_text() == "54,5\xa0%"  # French: Babel's
    assert page.locator("#indicator-4\\.5 svg.regions rect").count() == 10
    page.locator("#indicator-4\\.5").get_by_role("link", name="Qui est compté, et pourquoi").click()
    page.wait_for_url("**/indicators/4.5?period=2025July")
    row = page.locator("tr", has_text="Hotel")
    assert "2 actions prises en compte" in row.inner_text()
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    summary = {r[0]: r for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert summary["4.5"][3] == 6
