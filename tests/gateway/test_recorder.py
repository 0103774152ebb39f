"""The recorder acknowledges a message only once it is durably recorded (or quarantined)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import create_engine

from dtpr_store.db import make_engine, migrate
from gateway.message import ReceivedMessage
from gateway.metrics import GatewayMetrics
from gateway.pipeline import Pipeline
from gateway.recorder import Pending, Recorder
from tests.gateway.conftest import wait_for


def test_nothing_is_acknowledged_while_the_database_is_down(tmp_path):
    good = make_engine(f"sqlite:///{tmp_path}/ok.sqlite3")
    migrate(good)
    broken = create_engine(f"sqlite:///{tmp_path}/missing-dir/x.sqlite3")  # cannot be opened
    acked: list[int] = []
    metrics = GatewayMetrics()
    recorder = Recorder(broken, ack=lambda message: acked.append(message.mid), metrics=metrics, batch_wait_ms=5)
    pipeline = Pipeline(topic_prefix="dtpr/v1", discovery_prefix="homeassistant")
    stop = threading.Event()
    writer = threading.Thread(target=recorder.run, args=(stop,), daemon=True)
    writer.start()
    for mid, payload in enumerate([b'{"device": {}, "elements": ["air_quality"]}', b"not json"], start=1):
        message = ReceivedMessage("dtpr/v1/ANG-1/meta", payload, mid=mid)
        recorder.submit(Pending(message, pipeline.decode(message)))
    assert wait_for(lambda: metrics.total(metrics.db_errors) >= 2, 5)
    time.sleep(0.3)
    assert acked == [] and not recorder.database_ok
    recorder.engine = good  # the database is back
    assert wait_for(lambda: acked == [1, 2], 10), acked
    assert metrics.total(metrics.recorded) == 1 and metrics.total(metrics.quarantined) == 1
    stop.set()
    writer.join(5)
