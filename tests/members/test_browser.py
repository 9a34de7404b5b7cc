"""A visitor searches the expertise directory in a real browser, in French."""


def test_search_the_directory_through_the_page(live_server, page, network):
    page.goto(f"{live_server}/members?lang=fr")
    page.get_by_label("Rechercher dans les noms, descriptions et expertises").fill("traite")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/members?q=traite*")
    assert page.locator(".total").inner_text() == "3 membres trouvés"
    cards = page.locator(".member-card h3 a")
    assert sorted(cards.all_inner_texts()) == ["Andes Ninez", "Kenya Shield", "Voix Libres"]
    # Narrow with a facet link: only Latin America.
    page.locator('[data-facet="region"] a', has_text="Amérique latine").click()
    assert page.locator(".member-card h3 a").all_inner_texts() == ["Andes Ninez"]
    page.locator(".member-card h3 a").first.click()
    assert page.locator("h1").inner_text() == "Andes Ninez"
