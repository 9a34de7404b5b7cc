"""Fixtures of the deployment tests: the hub behind one proxy."""

import pytest


@pytest.fixture
def app_config(app_config):
    """One trusted proxy in front, as behind nginx."""
    return {**app_config, "PROXY_HOPS": 1}
