"""The hub with the keyboard alone, in a real browser: a member signs in, writes and saves a
story, searches the library; a form's error summary takes the reader to the field. No mouse:
Tab and Shift+Tab to move, Space for check boxes, arrows for lists, Enter to submit. Every
stop must show where the focus is."""

import re

import pytest

FOCUSED = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute("name"),
          value: e.value ?? null, checked: e.checked ?? null, href: e.getAttribute("href"),
          ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
                || s.boxShadow !== "none"};
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def press(page, key: str) -> dict:
    """Press a key; the element that has the focus then shows a visible focus ring."""
    page.keyboard.press(key)
    now = focused(page)
    assert now["tag"] != "body", f"{key} lost the focus"
    assert now["ring"], f"no visible focus on {now}"
    return now


def tab_to(page, wanted, key: str = "Tab", limit: int = 300) -> dict:
    """Tab (or Shift+Tab) until the focused element matches `wanted` (a dict's subset)."""
    for _ in range(limit):
        now = press(page, key)
        if all(now.get(k) == v for k, v in wanted.items()):
            return now
    pytest.fail(f"{key} never reached {wanted}")


def choose(page, value: str) -> None:
    """Move through a focused <select> with the arrow keys until it shows `value`."""
    for _ in range(60):
        if focused(page)["value"] == value:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"the arrow keys never reached {value}")


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/sign-in")
    tab_to(page, {"id": "email"})
    page.keyboard.type(email)
    assert press(page, "Tab")["id"] == "password"
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/sign-in" not in url)


@pytest.mark.slow
def test_a_member_writes_a_story_and_searches_the_library(demo_server, demo_app, browser):
    accounts = demo_app.config["DEMO_ACCOUNTS"]
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(60_000)  # a loaded two-core machine
    page = context.new_page()
    try:
        sign_in(page, demo_server, accounts["emails"]["member"], accounts["password"])
        # To the form from the home page's navigation, with the keyboard.
        tab_to(page, {"href": "/stories"})
        page.keyboard.press("Enter")
        page.wait_for_url(f"{demo_server}/stories")
        tab_to(page, {"href": "/stories/new"})
        page.keyboard.press("Enter")
        page.wait_for_url(f"{demo_server}/stories/new")

        tab_to(page, {"id": "title"})
        page.keyboard.type("Learning to say no, together")
        assert press(page, "Tab")["id"] == "body"
        page.keyboard.type("The group meets every week.")
        page.keyboard.press("Enter")  # a new paragraph in a text area, not a submission
        page.keyboard.type("She now leads it.")
        assert press(page, "Tab")["id"] == "language"
        assert press(page, "Tab")["id"] == "country"
        assert press(page, "Tab")["id"] == "storyteller"
        choose(page, "adult_survivor")
        theme = tab_to(page, {"name": "themes"})  # the first theme
        page.keyboard.press("Space")
        assert focused(page)["checked"] is True
        tab_to(page, {"name": "audiences", "value": "global_advocacy"})
        page.keyboard.press("Space")
        tab_to(page, {"id": "consent_obtained"})
        page.keyboard.press("Space")
        assert press(page, "Tab")["id"] == "consent_given_by"
        page.keyboard.type("the survivr")
        assert press(page, "Tab")["id"] == "consent_obtained_on"
        # Day and month alike: the field reads the same whichever order Chromium shows.
        page.keyboard.type("09092025")
        assert focused(page)["value"] == "2025-09-09"
        tab_to(page, {"name": "consent_audiences", "value": "global_advocacy"})
        page.keyboard.press("Space")
        # Back with Shift+Tab to mend a typing slip, then submit from the field with Enter.
        tab_to(page, {"id": "consent_given_by"}, key="Shift+Tab")
        page.keyboard.press("End")
        page.keyboard.press("Backspace")
        page.keyboard.type("or")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/stories/\d+/edit$"))

        # What the saved story's form shows is what was typed and ticked.
        assert page.locator("#title").input_value() == "Learning to say no, together"
        assert page.locator("#body").input_value().replace("\r\n", "\n") == (
            "The group meets every week.\nShe now leads it.")
        assert page.locator("#storyteller").input_value() == "adult_survivor"
        assert page.locator("#consent_given_by").input_value() == "the survivor"
        assert page.locator("#consent_obtained_on").input_value() == "2025-09-09"
        assert page.locator(f'input[name="themes"][value="{theme["value"]}"]').is_checked()
        assert page.locator('input[name="audiences"][value="global_advocacy"]').is_checked()
        assert page.locator("#consent_obtained").is_checked()
        assert page.locator(
            'input[name="consent_audiences"][value="global_advocacy"]').is_checked()

        # The library: to the search box, a query, Enter; then Tab to the first result.
        tab_to(page, {"href": "/library"})
        page.keyboard.press("Enter")
        page.wait_for_url(f"{demo_server}/library")
        tab_to(page, {"id": "q"})
        page.keyboard.type("trafficking")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/library\?q=trafficking.*"))
        total = page.locator(".results .total").inner_text()
        # "113 resources found", or in the member's own language ("113 recursos encontrados").
        found = re.match(r"\d[\d.,\s]*", total)
        assert found and int(re.sub(r"\D", "", found.group())) > 0, total
        titles = page.locator(".resource-card h3 a")
        expected = titles.first.get_attribute("href")
        first = press(page, "Tab")
        while not re.fullmatch(r"/library/\d+", first["href"] or ""):  # past the facets
            first = press(page, "Tab")
        assert first["href"] == expected
        title = titles.first.inner_text()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{demo_server}{expected}")
        assert page.locator("h1").inner_text().strip() == title.strip()
    finally:
        context.close()


@pytest.mark.slow
def test_the_error_summary_takes_the_reader_to_the_field(live_server, browser, make_member,
                                                         make_user):
    org = make_member("voix-libres", country="FR", name="Voix Libres")
    focal = make_user("focal_point", member_id=org)
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        sign_in(page, live_server, focal.email, focal.password)
        page.goto(f"{live_server}/members/voix-libres/edit")
        tab_to(page, {"id": "website"})
        page.keyboard.type("javascript:alert(1)")
        page.keyboard.press("Enter")
        summary = page.locator(".error-summary")
        summary.wait_for()
        assert page.locator("#website").input_value() == "javascript:alert(1)"
        link = tab_to(page, {"href": "#website"})
        assert link["ring"]
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.id === 'website'")
        now = focused(page)
        assert now["ring"], now
        # The field says what is wrong with it, in words a screen reader reads out.
        described = page.locator("#website").get_attribute("aria-describedby")
        assert page.locator(f"#{described}").inner_text() in summary.inner_text()
    finally:
        context.close()
