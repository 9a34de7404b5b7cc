"""Every 4xx/5xx under /api/ has the contract's error body, in the request's language."""


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": {"code": "not_found", "message": "Nothing was found at this address."}
    }


def test_wrong_method_is_json_405(client):
    response = client.put("/api/v1/auth/me")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_error_message_follows_accept_language(client):
    response = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "es"})
    assert response.get_json()["error"]["message"] == "No se encontró nada en esta dirección."


def test_openapi_document_lists_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["info"]["title"] == "ECPAT Network Hub API"
    for path in ("/api/v1/auth/login", "/api/v1/auth/tokens/{token_id}", "/api/v1/regions"):
        assert path in spec["paths"]


def test_unexpected_errors_answer_500_with_the_error_body(app, data_dir):
    from hub import create_app

    config = {**app.config, "TESTING": False}
    config.pop("SQLALCHEMY_ENGINE_OPTIONS", None)
    broken = create_app({k: v for k, v in config.items() if k.isupper()})

    @broken.get("/api/v1/boom")
    def boom():
        raise RuntimeError("a bug")

    response = broken.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "server_error"
    assert "a bug" not in response.get_data(as_text=True)
