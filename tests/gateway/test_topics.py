import pytest

from dtpr_core.errors import InvalidAnnouncement
from gateway.topics import DiscoveryTopic, SensorTopic, shared, validate_prefix


def test_native_topic_round_trips():
    topic = SensorTopic.parse("dtpr/v1/ANG-AQ-0042/meta", "dtpr/v1")
    assert (topic.sensor_id, topic.kind) == ("ANG-AQ-0042", "meta")
    assert str(topic) == "dtpr/v1/ANG-AQ-0042/meta"
    assert SensorTopic.parse("dtpr/v1/ANG-AQ-0042/status", "dtpr/v1").kind == "status"


@pytest.mark.parametrize(
    "topic",
    ["dtpr/v1/bad id/meta", "dtpr/v1//meta", "dtpr/v1/a/b/meta", "dtpr/v1/" + "x" * 65 + "/meta", "dtpr/v1/é/status"],
)
def test_invalid_native_topics_are_malformed(topic):
    with pytest.raises(InvalidAnnouncement) as error:
        SensorTopic.parse(topic, "dtpr/v1")
    assert error.value.reason.startswith("malformed topic")


def test_sensor_topic_validates_itself():
    with pytest.raises(InvalidAnnouncement):
        SensorTopic("dtpr/v1", "../etc", "meta")


def test_discovery_topic_with_and_without_node_id():
    plain = DiscoveryTopic.parse("homeassistant/sensor/outdoor_temp/config", "homeassistant")
    assert (plain.component, plain.node_id, plain.object_id, plain.entity) == (
        "sensor", None, "outdoor_temp", "sensor/outdoor_temp"
    )  # fmt: skip
    node = DiscoveryTopic.parse("homeassistant/sensor/0x00158d0001/temperature/config", "homeassistant")
    assert node.node_id == "0x00158d0001" and node.entity == "sensor/0x00158d0001/temperature"
    assert str(node) == "homeassistant/sensor/0x00158d0001/temperature/config"
    with pytest.raises(InvalidAnnouncement):
        DiscoveryTopic.parse("homeassistant/sensor/a b/config", "homeassistant")


def test_filters_and_shared_subscriptions():
    assert SensorTopic.filters("p/v1") == ("p/v1/+/meta", "p/v1/+/status")
    assert DiscoveryTopic.filters("ha") == ("ha/+/+/config", "ha/+/+/+/config")
    assert shared("p/v1/+/meta", "g1") == "$share/g1/p/v1/+/meta"
    assert shared("p/v1/+/meta", None) == "p/v1/+/meta"


@pytest.mark.parametrize("prefix", ["", "a/#", "a//b", "/a", "a/+"])
def test_bad_prefixes_are_refused(prefix):
    with pytest.raises(ValueError):
        validate_prefix(prefix)
