"""The real job queue (SQLite in the test's data directory), run by `jobs work --burst` or a
worker process, instead of the suite's immediate mode."""

import pytest

from tests.library.conftest import create  # noqa: F401 (a fixture)


@pytest.fixture
def app_config(app_config):
    app_config.update({
        "JOBS_IMMEDIATE": False,
        # Retries come quickly, so a test can wait for them.
        "MAIL_RETRY_DELAY": 0.2, "INDEX_RETRY_DELAY": 0.2, "EXTRACT_RETRY_DELAY": 0.2,
    })
    return app_config


@pytest.fixture
def burst(runner):
    """Run what is due, as `flask --app hub jobs work --burst` does; returns how many ran."""

    def run() -> int:
        result = runner.invoke(args=["jobs", "work", "--burst"])
        assert result.exit_code == 0, result.output
        return int(result.output.split()[1])

    return run
