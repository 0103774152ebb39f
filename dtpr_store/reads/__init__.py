"""Read queries shared by the registry (pages, API, exports) and the tools: this package's modules, re-exported.

Each area's queries live in a module of their own (``sensors``, ``feedback``, ``staff``…);
a new one is re-exported below, so callers keep one import (``from dtpr_store.reads import …``).
A row's declared sensor is parsed by its owner's :class:`ParsedSensors` (one per app, one per
export run): ``parsed.declared_sensor(row)``. The public sensor page's own read is
:mod:`dtpr_store.page_read`.
"""

from dtpr_store.caches import ParsedSensors
from dtpr_store.reads.contacts import city_contact
from dtpr_store.reads.devices import (
    QuarantineFilters,
    device_reviews,
    find_quarantine,
    open_drift,
    revisions_of,
    undeclared_devices,
)
from dtpr_store.reads.export import latest_revisions, listing_totals
from dtpr_store.reads.feedback import feedback_by_sensor, feedback_counts, list_feedback
from dtpr_store.reads.lorawan import SilentSensor, list_lorawan_devices, lorawan_device_of, silent_sensors
from dtpr_store.reads.map import MapPoint, iter_map_points
from dtpr_store.reads.outbox import answer_mails, count_unsent_mails
from dtpr_store.reads.page_views import page_views_by_day, page_views_by_sensor
from dtpr_store.reads.print_jobs import PrintSelection, get_print_job, last_printed, list_print_jobs, select_for_print
from dtpr_store.reads.quarantine import count_quarantine, list_quarantine
from dtpr_store.reads.sensors import (
    SensorFilters,
    count_discovered,
    facets,
    get_sensor_row,
    iter_declared_ids,
    iter_declared_sensors,
    list_discovered,
    list_drift,
    list_sensors,
    sensor_counts,
    sensor_history,
    sensor_rows,
    sensors_with_entity,
)
from dtpr_store.reads.staff import (
    AttentionCounts,
    FeedbackFilters,
    HelpfulnessVotes,
    attention_counts,
    count_feedback_awaiting,
    count_staff_accounts,
    feedback_by_kind,
    filter_feedback,
    find_staff_account,
    find_staff_session,
    get_staff_account,
    helpfulness_votes,
    last_sign_in,
    list_audit,
    list_staff_accounts,
    outdated_signs,
    page_views_by_zone,
)
from dtpr_store.reads.tokens import find_token, hash_token, list_tokens
from dtpr_store.reads.votes import VoteCount, iter_page_votes, page_votes_by_day, page_votes_by_sensor

__all__ = [
    "answer_mails",
    "count_unsent_mails",
    "AttentionCounts",
    "FeedbackFilters",
    "HelpfulnessVotes",
    "MapPoint",
    "ParsedSensors",
    "PrintSelection",
    "QuarantineFilters",
    "SensorFilters",
    "SilentSensor",
    "VoteCount",
    "attention_counts",
    "city_contact",
    "count_discovered",
    "count_feedback_awaiting",
    "count_quarantine",
    "count_staff_accounts",
    "device_reviews",
    "facets",
    "feedback_by_kind",
    "feedback_by_sensor",
    "feedback_counts",
    "filter_feedback",
    "find_quarantine",
    "find_staff_account",
    "find_staff_session",
    "find_token",
    "get_print_job",
    "get_sensor_row",
    "get_staff_account",
    "hash_token",
    "helpfulness_votes",
    "iter_declared_ids",
    "iter_declared_sensors",
    "iter_map_points",
    "iter_page_votes",
    "last_printed",
    "last_sign_in",
    "latest_revisions",
    "list_audit",
    "list_discovered",
    "list_drift",
    "list_feedback",
    "list_lorawan_devices",
    "list_print_jobs",
    "list_quarantine",
    "list_sensors",
    "list_staff_accounts",
    "list_tokens",
    "listing_totals",
    "lorawan_device_of",
    "open_drift",
    "outdated_signs",
    "page_views_by_day",
    "page_views_by_sensor",
    "page_views_by_zone",
    "page_votes_by_day",
    "page_votes_by_sensor",
    "revisions_of",
    "select_for_print",
    "sensor_counts",
    "sensor_history",
    "sensor_rows",
    "sensors_with_entity",
    "silent_sensors",
    "undeclared_devices",
]
