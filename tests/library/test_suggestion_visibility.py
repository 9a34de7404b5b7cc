"""Issue 12: "did you mean" draws only on resources the reader may see, per role."""


def test_anonymous_visitors_get_no_spelling_from_network_resources(create, member_user,
                                                                   secretariat, client_as):
    for i in range(2):
        create(member_user, title=f"Members-only report on Ouarzazate {i}",
               body="Ouarzazate case notes", visibility="network")
    for i in range(2):
        create(member_user, title=f"Public study on trafficking {i}", body="trafficking")
    url = "/api/v1/resources/search?q=ouarzazat"
    anonymous = client_as(None).get(url).get_json()
    assert anonymous["suggestion"] is None and anonymous["total"] == 0
    page = client_as(None).get("/library?q=ouarzazat").get_data(as_text=True)
    assert "Ouarzazate" not in page and "ouarzazate" not in page
    for person in (member_user, secretariat):
        body = client_as(person).get(url).get_json()
        assert body["suggestion"] == "ouarzazate"
    assert client_as(None).get(
        "/api/v1/resources/search?q=traficking").get_json()["suggestion"] == "trafficking"
