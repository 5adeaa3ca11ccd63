"""schemathesis calls every operation of /api/v1/openapi.json with generated input (valid and
invalid) against the real Neo4j: no input may cause a server error."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from powermap import users
from powermap.api import create_app

EXAMPLES = 25


def test_no_input_causes_a_server_error(demo_graph, test_settings):
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": demo_graph}, settings=test_settings)
    users.create_user(demo_graph, "fuzzer", "admin", "fuzzer password 123")
    headers = {"Authorization": "Bearer " + users.new_token(demo_graph, "fuzzer")}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers=headers)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, case.body,
                                 response.text[:300]))

        call()
    assert operations == 40  # every operation of the document
    assert failures == []
