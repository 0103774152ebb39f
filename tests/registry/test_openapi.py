"""The OpenAPI document describes every answer of the JSON API and of the public JSON twins."""

from __future__ import annotations

from fastapi.testclient import TestClient

JSON_ANSWERS_WITHOUT_MODEL = {
    ("/api/dtpr/v1/elements", "get"),  # upstream DTPR wire shapes, served as prepared bytes
    ("/api/dtpr/v1/elements/device", "get"),
    ("/api/dtpr/v1/categories/device", "get"),
    ("/s/{sensor_id}/datachain.json", "get"),  # the upstream datachain instance shape
}


def test_every_json_answer_has_a_schema(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    missing = []
    for path, operations in document["paths"].items():
        if not (path.startswith("/api/") or path.endswith(".json") or path == "/healthz") or path.endswith(".csv"):
            continue  # a CSV answer documents its content type instead (text/csv)
        for method, operation in operations.items():
            if (path, method) in JSON_ANSWERS_WITHOUT_MODEL:
                continue
            ok = [code for code in operation["responses"] if code.startswith("2")]
            schemas = [operation["responses"][code].get("content", {}).get("application/json", {}) for code in ok]
            if not any(schema.get("schema", {}).get("$ref") for schema in schemas):
                missing.append(f"{method.upper()} {path}")
    assert missing == []
    helpful = document["paths"]["/api/v1/stats/helpful.csv"]["get"]["responses"]["200"]
    assert "text/csv" in helpful["content"]
    assert "SensorRead" in document["components"]["schemas"] and "FeedbackCreate" in document["components"]["schemas"]
