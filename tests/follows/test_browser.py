"""In a real browser, without a line of JavaScript from the hub: follow a theme from the
library, then see what the next digest will bring."""

from tests.conftest import PASSWORD


def test_follow_a_theme_and_see_the_next_digest(live_server, page, make_user, make_resource):
    reader = make_user("member", name="Ann Reader")
    make_resource(title="Live streaming: a toolkit for hotlines", themes=["ocse"])
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("E-mail address").fill(reader.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/**")

    page.goto(f"{live_server}/library?theme=ocse")
    page.get_by_role("button", name="Follow Online child sexual exploitation").click()
    page.wait_for_url("**/library?theme=ocse")
    assert page.get_by_role("button", name="Following Online child sexual exploitation",
                            exact=False).is_visible()

    page.goto(f"{live_server}/account")
    page.get_by_role("link", name="See your next digest").click()
    page.wait_for_url("**/account/digest")
    assert page.locator("h1").inner_text() == "Your next digest"
    group = page.locator(".digest-group")
    assert group.locator("h2").inner_text() == "Theme: Online child sexual exploitation"
    assert group.locator(".digest-item a").all_inner_texts() == [
        "Live streaming: a toolkit for hotlines"]
