"""Run schemathesis's engine against the hub in-process (WSGI) and count what it found."""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field

import schemathesis
from schemathesis.engine import events, from_schema
from schemathesis.transport.wsgi import WSGITransport

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "ignored_auth",
    "use_after_free",
    "ensure_resource_availability",
    "unsupported_method",
)


@dataclass
class Outcome:
    operations: set[str] = field(default_factory=set)
    cases: int = 0
    checks_run: Counter = field(default_factory=Counter)
    failures: dict[str, dict[str, str]] = field(default_factory=dict)  # check -> {key: message}
    errors: list[str] = field(default_factory=list)
    by_phase: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    by_operation: Counter = field(default_factory=Counter)

    def failure_counts(self) -> dict[str, int]:
        return {name: len(self.failures.get(name, {})) for name in CHECKS}

    def report(self) -> str:
        lines = [f"operations {len(self.operations)}, cases {self.cases}, "
                 f"by phase {dict(self.by_phase)}", f"statuses {sorted(self.statuses.items())}"]
        for name in CHECKS:
            lines.append(f"  {name}: {self.checks_run[name]} run, "
                         f"{len(self.failures.get(name, {}))} failures")
            for key, message in sorted(self.failures.get(name, {}).items()):
                lines.append(f"    - {key}: {message[:300]}")
        lines.extend(f"  error: {e}" for e in self.errors)
        return "\n".join(lines)


_SOCKET_ONLY = ("max_redirects", "verify", "cert", "proxies")
_wsgi_send = WSGITransport.send


def _send_in_process(self, case, *, session=None, **kwargs):
    """schemathesis 4.32 sends its auth probes (ignored_auth) without a session but with the
    socket settings, which werkzeug's test client refuses; in-process they mean nothing."""
    if session is None:
        for name in _SOCKET_ONLY:
            kwargs.pop(name, None)
    return _wsgi_send(self, case, session=session, **kwargs)


WSGITransport.send = _send_in_process


def config(headers: dict, *, max_examples: int, seed: int, phases=None) -> schemathesis.Config:
    data = {
        "seed": seed,
        "headers": headers,
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "generation": {"max-examples": max_examples, "deterministic": True, "database": "none"},
        # Nothing carried over from an earlier run: the same seed gives the same run.
        "cache": {"enabled": False},
    }
    if phases is not None:
        data["phases"] = phases
    return schemathesis.Config.from_dict(data)


def run(app, headers: dict, *, max_examples: int = 20, seed: int = 11, phases=None) -> Outcome:
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", app, config=config(headers, max_examples=max_examples,
                                                    seed=seed, phases=phases))
    # Signing out everywhere revokes the token the run authenticates with: every operation after
    # it would only see 401. tests/foundation/test_sessions.py covers it.
    schema = schema.exclude(method="POST", path="/api/v1/auth/logout-everywhere")

    outcome = Outcome()
    with warnings.catch_warnings():
        # Hypothesis warns when it prints a large generated body (the suite turns warnings
        # into errors); a long text is what the fuzzer is meant to send.
        warnings.filterwarnings("ignore", message="Generating overly large repr")
        _collect(schema, outcome)
    return outcome


def _collect(schema, outcome: Outcome) -> None:
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            outcome.operations.add(recorder.label) if event.phase.name != "STATEFUL_TESTING" \
                else None
            outcome.cases += len(recorder.cases)
            outcome.by_phase[event.phase.name] += len(recorder.cases)
            for interaction in recorder.interactions.values():
                if interaction.response is not None:
                    outcome.statuses[interaction.response.status_code] += 1
                    outcome.by_operation[(recorder.label, interaction.response.status_code)] += 1
            for nodes in recorder.checks.values():
                for node in nodes:
                    outcome.checks_run[node.name] += 1
                    if node.failure_info is not None:
                        failure = node.failure_info.failure
                        key = f"{failure.operation} {failure.title}"
                        outcome.failures.setdefault(node.name, {})[key] = failure.message
        elif isinstance(event, events.NonFatalError):
            outcome.errors.append(f"{event.label}: {event.info.title}: {event.info.message}"[:500])
        elif isinstance(event, events.FatalError):
            raise event.exception
