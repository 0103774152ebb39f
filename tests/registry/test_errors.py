"""One JSON error shape for every kind of error (Datasette habit: a test for it)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.registry.conftest import BASE_URL, assert_error_shape, make_settings, sensor_body


def test_404_unknown_path_and_unknown_sensor(client: TestClient) -> None:
    assert_error_shape(client.get("/api/v1/nothing"), 404)
    body = assert_error_shape(client.get("/api/v1/sensors/ANG-NOPE-1"), 404)
    assert "ANG-NOPE-1" in body["error"]
    assert "register" in assert_error_shape(client.get("/s/ANG-NOPE-1.json"), 404)["error"]


def test_405_wrong_method(client: TestClient) -> None:
    body = assert_error_shape(client.delete("/api/v1/sensors"), 405)
    assert "not allowed" in body["error"] and "DELETE" not in body["error"]


def test_401_without_or_with_a_bad_token(client: TestClient) -> None:
    response = client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body())
    assert_error_shape(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    assert_error_shape(client.get("/api/v1/feedback", headers={"Authorization": "Bearer nope"}), 401)
    assert_error_shape(client.get("/api/v1/feedback", headers={"Authorization": "Basic abc"}), 401)


def test_403_read_token_cannot_write(client: TestClient, reader: dict[str, str]) -> None:
    assert client.get("/api/v1/feedback", headers=reader).status_code == 200
    assert_error_shape(client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=reader), 403)
    assert_error_shape(client.post("/api/v1/tokens", json={"name": "x"}, headers=reader), 403)


def test_422_malformed_bodies(client: TestClient, admin: dict[str, str]) -> None:
    body = assert_error_shape(client.put("/api/v1/sensors/ANG-TEST-0001", content=b"{not json", headers=admin), 422)
    assert body["errors"]
    body = assert_error_shape(
        client.put("/api/v1/sensors/ANG-TEST-0001", json={**sensor_body(), "location": {"lat": 99}}, headers=admin),
        422,
    )
    assert {item["field"] for item in body["errors"]} >= {"location"}
    assert_error_shape(client.put("/api/v1/sensors/ANG-TEST-0001", json=[1, 2], headers=admin), 422)
    assert_error_shape(
        client.put("/api/v1/sensors/ANG-TEST-0001", json={**sensor_body(), "name": {"fr": "a\x00b"}}, headers=admin),
        422,
    )
    assert_error_shape(client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body("ANG-OTHER-1"), headers=admin), 422)
    assert_error_shape(client.get("/api/v1/sensors?limit=0"), 422)
    assert_error_shape(client.get("/api/v1/sensors?q=%00"), 422)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/sensors/..%2Fetc", "/api/v1/sensors/%2e%2e", "/api/v1/sensors/a%20b/history", "/api/v1/sensors/é"],
)
def test_bad_ids_are_refused_before_use(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (404, 422)
    assert_error_shape(response, response.status_code)


def test_bad_public_ids_get_a_helpful_404(client: TestClient) -> None:
    body = assert_error_shape(client.get("/s/a%20b%3Cscript%3E.json"), 404)
    assert "not a sensor id" in body["error"]


def test_413_declared_and_streamed(database_url: str, admin: dict[str, str]) -> None:
    from registry.app import create_app

    app = create_app(make_settings(database_url, max_body_bytes=2048))
    with TestClient(app, base_url=BASE_URL) as client:
        big = b'{"x": "' + b"a" * 4000 + b'"}'
        body = assert_error_shape(client.put("/api/v1/sensors/ANG-T-1", content=big, headers=admin), 413)
        assert "DTPR_API__MAX_BODY_BYTES" in body["error"]

        def chunks():  # no Content-Length: counted while streamed
            for _ in range(10):
                yield b"a" * 1000

        response = client.post("/api/v1/sensors/ANG-T-1/feedback", content=chunks())
        assert_error_shape(response, 413)
    app.state.engine.dispose()


def test_500_has_the_shape_and_no_traceback(app, admin: dict[str, str]) -> None:
    @app.get("/api/v1/__boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        body = assert_error_shape(client.get("/api/v1/__boom"), 500)
    assert "secret" not in body["error"] and "Traceback" not in body["error"]


def test_429_has_the_shape(client: TestClient, admin: dict[str, str]) -> None:
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    statuses = [
        client.post("/api/v1/sensors/ANG-TEST-0001/feedback", json={"message": f"hello {i}"}).status_code
        for i in range(6)
    ]
    assert statuses == [202] * 5 + [429]
    assert_error_shape(client.post("/api/v1/sensors/ANG-TEST-0001/feedback", json={"message": "again"}), 429)
