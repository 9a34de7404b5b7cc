"""From writing to publishing in a real browser: a member writes, sees a flag, fixes it,
submits; a reviewer approves and publishes; an anonymous visitor reads it."""

from tests.conftest import PASSWORD


def _sign_in(page, base, email):
    page.goto(f"{base}/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/**")


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_from_writing_to_publishing(live_server, browser, make_user):
    writer = make_user("member")
    reviewer = make_user("secretariat")
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    try:
        _sign_in(page, live_server, writer.email)
        page.goto(f"{live_server}/stories/new")
        page.get_by_label("Title", exact=True).fill("Voices from the market")
        page.get_by_label("The story", exact=True).fill(
            "Write to amina.k@example.org for details. She now trains other young women.")
        page.get_by_label("Who tells it").select_option("adult_survivor")
        page.locator('input[name="audiences"][value="global_advocacy"]').check()
        page.get_by_label("Informed consent was obtained").check()
        page.get_by_label("Consent given by (a role, never a name)").fill("the survivor")
        page.get_by_label("Date consent was obtained").fill("2025-09-01")
        page.locator('input[name="consent_audiences"][value="global_advocacy"]').check()
        page.get_by_role("button", name="Save").click()
        # The flag is shown next to the text after saving.
        flags = page.locator(".checks")
        assert "amina.k@example.org" in flags.inner_text()
        page.get_by_label("The story", exact=True).fill(
            "She now trains other young women in her town.")
        page.get_by_role("button", name="Save").click()
        assert page.locator(".checks").count() == 0
        page.get_by_role("button", name="Submit for review").click()
        assert "Submitted" in page.locator(".story").inner_text()
        _sign_out(page)

        _sign_in(page, live_server, reviewer.email)
        page.goto(f"{live_server}/stories/moderation")
        page.get_by_role("link", name="Voices from the market").click()
        page.get_by_label("Comment", exact=True).fill("Clear and safe.")
        page.get_by_role("button", name="Approve").click()
        page.get_by_role("button", name="Publish").click()
        assert "Published" in page.locator(".story").inner_text()
        _sign_out(page)

        page.goto(f"{live_server}/stories")
        page.get_by_role("link", name="Voices from the market").click()
        assert "She now trains other young women" in page.locator(".story").inner_text()
    finally:
        context.close()
