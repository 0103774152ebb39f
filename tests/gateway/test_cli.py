import json
import logging
import os
import subprocess
import sys

import pytest

from gateway.logs import JsonFormatter
from tests.gateway.conftest import ROOT


@pytest.mark.parametrize(
    ("env", "args", "expected"),
    [
        ({"DTPR_MQTT__URL": "http://broker"}, [], "bad setting mqtt.url"),
        ({}, ["--mqtt-url", "nonsense"], "bad setting mqtt.url"),
        ({"DTPR_MQTT__TOPIC_PREFIX": "a/#"}, [], "invalid MQTT topic prefix"),
    ],
)
def test_bad_settings_print_one_line_and_exit_2(env, args, expected, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dtpr_cli.main", "gateway", *args],
        env={**os.environ, "DTPR_DATABASE__URL": f"sqlite:///{tmp_path}/x.sqlite3", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_json_logs_are_one_object_per_line():
    record = logging.LogRecord("dtpr.gateway", logging.WARNING, __file__, 1, "disconnected (%s)", ("timeout",), None)
    record.topic = "dtpr/v1/x/meta"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert (
        data["level"] == "warning" and data["message"] == "disconnected (timeout)" and data["topic"] == "dtpr/v1/x/meta"
    )
