"""A Python client generated from /api/v1/openapi.json with openapi-python-client works
against the real server: typed calls in, typed models out, errors as the contract's
envelope."""

import importlib
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.api_conformance.conftest import STORY, bearer

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture
def hub_client(tmp_path, live_server):
    """The generated package, importable as `hub_client` (removed from sys.modules after)."""
    with urllib.request.urlopen(f"{live_server}/api/v1/openapi.json", timeout=30) as answer:
        (tmp_path / "openapi.json").write_bytes(answer.read())
    # No post hooks: the generator would otherwise run ruff on the result.
    (tmp_path / "config.json").write_text(json.dumps({
        "package_name_override": "hub_client", "project_name_override": "hub-client",
        "post_hooks": []}))
    result = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(tmp_path / "openapi.json"),
         "--config", str(tmp_path / "config.json"), "--meta", "none",
         "--output-path", str(tmp_path / "hub_client")],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    # The generator reports what it could not turn into code; the document must have none.
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("hub_client")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == "hub_client" or n.startswith("hub_client.")]:
            del sys.modules[name]


@pytest.mark.slow
def test_generated_client_makes_typed_calls(app, seeded, client_as, live_server, hub_client):
    from hub_client import AuthenticatedClient
    from hub_client.api.indicators_api import indicators_api_list_indicators
    from hub_client.api.library_api import library_api_search
    from hub_client.api.members_api import members_api_list_members
    from hub_client.api.stories_api import stories_api_create_story, stories_api_get_story
    from hub_client.models import (
        Error,
        IndicatorReport,
        IndicatorsApiListIndicatorsBy,
        LibrarySearchResult,
        MemberList,
        Story,
        StoryCreate,
    )

    tagged = client_as(seeded["secretariat"]).patch(
        f"/api/v1/members/{seeded['member'].member_id}",
        json={"tags": [{"slug": "ocse"}]})
    assert tagged.status_code == 200, tagged.get_json()

    def client(role):
        token = bearer(app, seeded[role])["Authorization"].removeprefix("Bearer ")
        return AuthenticatedClient(base_url=live_server, token=token,
                                   raise_on_unexpected_status=True)

    secretariat, member = client("secretariat"), client("member")

    # Members with a tag
    members = members_api_list_members.sync(client=member,
                                            tag=["ocse"])
    assert isinstance(members, MemberList)
    assert [m.name for m in members.items] == ["Andes Network"]
    assert [t.slug for t in members.items[0].tags] == ["ocse"]
    assert members.total == 1

    # Library search with facets
    found = library_api_search.sync(client=member, q="safety toolkit")
    assert isinstance(found, LibrarySearchResult)
    assert [item.title for item in found.items] == ["Online safety toolkit"]
    types = found.facets.additional_properties["type"]
    assert [(f.value, f.count) for f in types] == [("toolkit", 1)]

    # Create a story, read it back
    created = stories_api_create_story.sync(client=member, body=StoryCreate.from_dict(STORY))
    assert isinstance(created, Story)
    assert created.status == "draft"
    read = stories_api_get_story.sync(client=member, story_id=created.id)
    assert isinstance(read, Story)
    assert (read.id, read.title) == (created.id, STORY["title"])

    # Indicators for a reporting year, by region
    report = indicators_api_list_indicators.sync(
        client=secretariat, period="2025July", by=IndicatorsApiListIndicatorsBy.REGION)
    assert isinstance(report, IndicatorReport)
    assert (report.period.id, str(report.period.start), str(report.period.end)) == (
        "2025July", "2025-07-01", "2026-06-30")
    codes = [i.code for i in report.indicators]
    assert "4.5" in codes
    regions = {row.region for i in report.indicators for row in i.breakdown}
    assert "east-southern-africa" in regions

    # A 404 is the contract's envelope, typed
    missing = stories_api_get_story.sync(client=member, story_id=999_999)
    assert isinstance(missing, Error)
    assert missing.error.code == "not_found"
    assert missing.error.message
