"""schemathesis against the API, as the Secretariat and as a member: no server error, and
every answer as the document says (status, content type, headers, body), auth enforced
where declared, unsupported methods refused, and (stateful, through the document's links)
what a create makes readable until it is deleted."""

import json
import os

import pytest

from tests.api_conformance import runner
from tests.api_conformance.conftest import bearer

MAX_EXAMPLES = int(os.environ.get("HUB_SCHEMATHESIS_EXAMPLES", "20"))
# The coverage phase (every boundary value of every parameter: ~4,600 more requests per role)
# would triple the run; examples, fuzzing and the stateful phase keep it near a minute and a
# half per role on one core. HUB_SCHEMATHESIS_PHASES='{}' runs every phase.
PHASES = json.loads(os.environ.get("HUB_SCHEMATHESIS_PHASES",
                                   '{"coverage": {"enabled": false}}'))
REPORT_DIR = os.environ.get("HUB_SCHEMATHESIS_REPORT")


@pytest.mark.slow
@pytest.mark.parametrize("role", ["secretariat", "member"])
def test_api_conforms_to_its_document(app, seeded, role):
    outcome = runner.run(app, bearer(app, seeded[role]), max_examples=MAX_EXAMPLES,
                         phases=PHASES)
    if REPORT_DIR:
        database = "postgresql" if os.environ.get("HUB_TEST_DATABASE_URL") else "sqlite"
        with open(os.path.join(REPORT_DIR, f"{database}-{role}.txt"), "w") as report:
            report.write(outcome.report() + "\n")
    assert outcome.operations, "schemathesis tested nothing"
    assert outcome.failure_counts() == dict.fromkeys(runner.CHECKS, 0), outcome.report()
    assert not outcome.errors, outcome.report()
