"""One pager macro for every list page."""

import re


def test_pager_macro_links_previous_and_next(app):
    with app.test_request_context("/"):
        template = app.jinja_env.from_string(
            '{% import "macros.html" as common %}'
            '{{ common.pager(2, 20, 45, link) }}|{{ common.pager(1, 20, 20, link) }}')
        html = template.render(link=lambda n: f"/list?page={n}")
    pager, single = html.split("|")
    assert 'rel="prev" href="/list?page=1"' in pager
    assert 'rel="next" href="/list?page=3"' in pager
    assert "Page 2 of 3" in pager
    assert single.strip() == ""


def test_directory_pages_through_members(client, make_member):
    for n in range(23):
        make_member(f"pager-{n:02d}", name=f"Pager member {n:02d}")
    html = client.get("/members?q=pager").get_data(as_text=True)
    assert "Page 1 of 2" in html
    link = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "page=2" in link and "q=pager" in link
    second = client.get(link).get_data(as_text=True)
    assert "Page 2 of 2" in second and 'rel="prev"' in second
