"""Property-based requests from the OpenAPI description: no input gives a server error.

Bounded: a few examples per operation, with and without a write token, on both databases.
"""

from __future__ import annotations

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from tests.registry.conftest import ADMIN_TOKEN, BASE_URL

EXAMPLES = 15


def test_no_input_gives_a_server_error(app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            for headers in ({}, {"Authorization": f"Bearer {ADMIN_TOKEN}"}):
                response = case.call(headers=headers, base_url=BASE_URL)
                if response.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:200]}"
                    )
                elif response.status_code >= 400:
                    body = response.json()
                    assert body["ok"] is False and body["status"] == response.status_code, response.text

        check()
    assert failures == []
