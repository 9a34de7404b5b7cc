"""End to end: a real browser signs in through the real page on a real server process."""


def test_sign_in_through_the_page(live_server, page, focal_point):
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("E-mail address").fill(focal_point.email)
    page.get_by_label("Password").fill(focal_point.password)
    page.get_by_role("button", name="Sign in").click()
    assert page.url == f"{live_server}/"
    assert page.get_by_role("link", name=focal_point.email).is_visible()

    page.get_by_role("link", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("button", name="Se déconnecter").click()
    assert page.get_by_role("link", name="Se connecter").first.is_visible()


def test_keyboard_reaches_the_sign_in_form(live_server, page):
    page.goto(f"{live_server}/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
