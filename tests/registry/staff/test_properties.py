"""Outside input to the console never crashes it nor sends anyone elsewhere."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.staff.login import safe_next
from tests.registry.conftest import BASE_URL
from tests.registry.staff.conftest import csrf_of

paths = st.one_of(
    st.text(max_size=60),
    st.builds(lambda tail: "/staff" + tail, st.text(max_size=40)),
    st.sampled_from(["//evil.example", "/staff//evil", "/staff/../x", "/staff/\\evil", "https://evil.example/staff/"]),
)


@given(paths)
def test_after_sign_in_the_target_is_always_a_console_path(value: str) -> None:
    target = safe_next(value)
    assert target.startswith("/staff") and "//" not in target and "\\" not in target
    assert target == value or target == "/staff/"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=st.text(max_size=400), password=st.text(max_size=200), next_path=st.text(max_size=100))
def test_any_sign_in_form_gets_an_answer_not_a_crash(app: FastAPI, email: str, password: str, next_path: str) -> None:
    with TestClient(app, base_url=BASE_URL) as browser:
        csrf = csrf_of(browser.get("/staff/login").text)
        response = browser.post(
            "/staff/login",
            data={"csrf": csrf, "email": email, "password": password, "next": next_path},
            follow_redirects=False,
        )
    assert response.status_code in (401, 422, 429), response.status_code
    assert response.headers["cache-control"] == "no-store"
    assert "dtpr_staff=" not in response.headers.get("set-cookie", "")


def test_control_characters_are_refused_not_stored(app: FastAPI, client: TestClient) -> None:
    """A NUL byte (which PostgreSQL text refuses) in any console field: a clear answer, never a 500."""
    from tests.registry.staff.conftest import add_account, sign_in

    add_account(app, "nul@ville.example.fr", "admin")
    sign_in(client, "nul@ville.example.fr")
    csrf = csrf_of(client.get("/staff/").text)
    assert client.get("/staff/feedback?zone=a%00b").status_code == 422
    added = client.post(
        "/staff/accounts", data={"csrf": csrf, "email": "x\x00@ville.fr", "name": "X", "role": "viewer"}
    )
    assert added.status_code == 422
    named = client.post(
        "/staff/accounts", data={"csrf": csrf, "email": "y@ville.fr", "name": "Y\x00", "role": "viewer"}
    )
    assert named.status_code == 422
    token = client.post("/staff/tokens", data={"csrf": csrf, "name": "\x00", "scope": "read"})
    assert token.status_code == 422
