"""The OpenAPI document tells the truth: the contract's error envelope, who may call what,
operation ids, bodies, indicator parameters, file answers; readable docs without a CDN."""

import pytest

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def operations(spec):
    return {(method, path): op for path, item in spec["paths"].items()
            for method, op in item.items() if method in METHODS}


def resolve(spec, ref):
    node = spec
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def test_errors_are_documented_with_the_contract_envelope(spec, client):
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    detail = resolve(spec, error["properties"]["error"]["$ref"])
    assert set(detail["properties"]) == {"code", "message", "fields"}
    assert set(detail["required"]) == {"code", "message"}
    op = operations(spec)[("get", "/api/v1/resources/{resource_id}")]
    not_found = resolve(spec, op["responses"]["404"]["$ref"])
    assert not_found["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    body = client.get("/api/v1/resources/12345").get_json()
    assert set(body) == {"error"} and set(body["error"]) <= {"code", "message", "fields"}


def test_every_operation_has_an_id_and_its_error_answers(spec):
    ops = operations(spec)
    ids = [op["operationId"] for op in ops.values()]
    assert len(ids) == len(set(ids)) == len(ops)
    assert ops[("post", "/api/v1/auth/login")]["operationId"] == "auth_api_login"
    for (method, path), op in ops.items():
        codes = set(op["responses"])
        assert {"422", "429"} <= codes, (method, path)
        if "{" in path:
            assert "404" in codes, (method, path)
        if op.get("security") != []:
            assert {"401", "403"} <= codes, (method, path)
        if method in ("post", "patch", "put", "delete"):
            assert {"409", "413"} <= codes, (method, path)
    assert "415" in ops[("post", "/api/v1/resources")]["responses"]
    assert "503" in ops[("get", "/api/v1/resources/search")]["responses"]


def test_public_operations_need_no_authentication(spec, client):
    ops = operations(spec)
    for key in [("post", "/api/v1/auth/login"), ("get", "/api/v1/members"),
                ("get", "/api/v1/resources/search"), ("get", "/api/v1/regions"),
                ("get", "/api/v1/stories/{story_id}")]:
        assert ops[key]["security"] == [], key
    for key in [("post", "/api/v1/stories"), ("get", "/api/v1/indicators"),
                ("post", "/api/v1/safeguarding/check")]:
        assert "security" not in ops[key], key
    assert client.get("/api/v1/members").status_code == 200
    assert client.post("/api/v1/stories", json={}).status_code == 401


def test_write_bodies_are_documented(spec):
    ops = operations(spec)
    for key in [("post", "/api/v1/stories"), ("patch", "/api/v1/stories/{story_id}"),
                ("post", "/api/v1/stories/{story_id}/transitions"),
                ("post", "/api/v1/safeguarding/check"), ("post", "/api/v1/activities"),
                ("patch", "/api/v1/resources/{resource_id}")]:
        assert "application/json" in ops[key]["requestBody"]["content"], key
    upload = ops[("post", "/api/v1/resources")]["requestBody"]["content"]
    assert set(upload) == {"application/json", "multipart/form-data"}
    files = ops[("post", "/api/v1/resources/{resource_id}/files")]["requestBody"]["content"]
    schema = resolve(spec, files["multipart/form-data"]["schema"]["$ref"])
    assert schema["properties"]["file"]["format"] == "binary"
    transition = resolve(spec, ops[("post", "/api/v1/stories/{story_id}/transitions")]
                         ["requestBody"]["content"]["application/json"]["schema"]["$ref"])
    assert "action" in transition["properties"]


def test_indicators_document_period_breakdown_and_answer(spec):
    op = operations(spec)[("get", "/api/v1/indicators")]
    names = {p["name"] for p in op["parameters"]}
    assert {"period", "start", "end", "by"} <= names
    by = next(p for p in op["parameters"] if p["name"] == "by")
    assert by["schema"]["enum"] == ["region", "country"]
    answer = resolve(spec, op["responses"]["200"]["content"]["application/json"]["schema"]
                     ["$ref"])
    assert {"period", "indicators"} <= set(answer["properties"])


def test_file_answers_have_their_content_types(spec):
    ops = operations(spec)
    assert "text/csv" in ops[("get", "/api/v1/usage/export")]["responses"]["200"]["content"]
    stories = ops[("get", "/api/v1/stories/export")]["responses"]["200"]["content"]
    assert "application/vnd.openxmlformats-officedocument.wordprocessingml.document" in stories
    indicators = ops[("get", "/api/v1/indicators/export")]["responses"]["200"]["content"]
    assert {"text/csv; charset=utf-8", "application/json"} <= set(indicators) or \
        any(t.startswith("text/csv") for t in indicators)
    assert any("spreadsheetml" in t for t in indicators)


def test_docs_page_uses_the_vendored_swagger_ui_within_the_csp(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "http" not in html.split("<body>")[1].replace("/api/v1/openapi.json", "")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "https:" not in csp
    with client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js") as script:
        assert script.status_code == 200 and len(script.data) > 100_000
    with client.get("/static/api/docs.js") as init:
        assert init.status_code == 200 and b"SwaggerUIBundle" in init.data
