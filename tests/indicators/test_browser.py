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


def test_set_a_target_and_sign_off_a_period(live_server, page, network, secretariat):
    """The Secretariat sets 4.5's baseline and target from the dashboard, sees them on the
    trend chart with the progress, signs the year off and then sees it marked as signed."""
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("E-mail address").fill(secretariat.email)
    page.get_by_label("Password").fill(secretariat.password)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/indicators?period=2025July&lang=en")
    card = page.locator("#indicator-4\\.5")
    card.get_by_text("Set the baseline and target for 2025July").click()
    card.get_by_label("Baseline").fill("40")
    card.get_by_label("Target").fill("60")
    card.get_by_role("button", name="Save").click()
    page.wait_for_url("**/indicators?period=2025July")
    assert "Target of 4.5 for 2025July saved." in page.locator(".flash").first.inner_text()
    card = page.locator("#indicator-4\\.5")
    assert "Progress: 72.5%" in card.locator('[data-goal="4.5"]').inner_text()
    assert card.locator("svg.trend line.target").count() == 1
    assert card.locator("svg.trend line.baseline").count() == 1

    page.get_by_label("Note (for example: as reported to the Board)").fill("Board, December")
    page.get_by_role("button", name="Sign off 2025July").click()
    page.wait_for_url("**/indicators?period=2025July")
    signed = page.locator(".signed-off").inner_text()
    assert f"Signed off by {secretariat.email}" in signed and "Board, December" in signed
    assert page.get_by_role("button", name="Sign off 2025July").count() == 0
    assert page.locator('[data-code="4.5"]').inner_text() == "54.5%"
    page.get_by_role("link", name="Compare with the figures computed now").click()
    page.wait_for_url("**live=true**")
    assert page.locator("mark.changed").count() == 0  # nothing changed since
