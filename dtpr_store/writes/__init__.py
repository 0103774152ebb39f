"""Every write to the database, as keyword-only functions: this package's modules, re-exported here.

Each change to a sensor appends a revision (never updated, never deleted) and updates the
sensor's current-state row in the same transaction (:mod:`.revisions`). Callers own the
transaction (``session_scope``); nothing here commits. A new area's writes go in a module of
their own, re-exported below: callers keep one import (``from dtpr_store.writes import …``).
"""

from dtpr_store.writes.announcements import record_announcements, record_announcements_bulk, record_statuses
from dtpr_store.writes.devices import review_device, stop_ignoring
from dtpr_store.writes.feedback import add_feedback, answer_feedback
from dtpr_store.writes.lorawan import link_lorawan_device, record_lorawan_events
from dtpr_store.writes.outbox import (
    MailToSend,
    claim_mail,
    due_mail_ids,
    forget_sender_address,
    queue_answer_mail,
    record_mail_failure,
    record_mail_sent,
    send_mail_again,
)
from dtpr_store.writes.page_views import add_page_views
from dtpr_store.writes.print_jobs import (
    create_print_job,
    expire_print_jobs,
    fail_print_job,
    fail_stale_print_jobs,
    finish_print_job,
    mark_job_printed,
    mark_print_downloaded,
    record_sign_prints,
    set_print_progress,
    start_print_job,
    unmark_job_printed,
)
from dtpr_store.writes.quarantine import purge_quarantine, quarantine_messages
from dtpr_store.writes.revisions import declared_element_ids, now
from dtpr_store.writes.sensors import Outcome, Source, retire_sensor, upsert_sensor
from dtpr_store.writes.staff import (
    ROLES,
    create_staff_account,
    disable_staff_account,
    enable_staff_account,
    erase_feedback_emails,
    open_staff_session,
    record_audit,
    revoke_staff_session,
    revoke_staff_sessions,
    session_id_hash,
    set_staff_password,
    set_staff_role,
    touch_staff_session,
)
from dtpr_store.writes.tokens import create_token, hash_token, revoke_token
from dtpr_store.writes.votes import add_page_vote

__all__ = [
    "ROLES",
    "MailToSend",
    "claim_mail",
    "due_mail_ids",
    "forget_sender_address",
    "queue_answer_mail",
    "record_mail_failure",
    "record_mail_sent",
    "send_mail_again",
    "unmark_job_printed",
    "Outcome",
    "Source",
    "add_feedback",
    "add_page_views",
    "add_page_vote",
    "answer_feedback",
    "create_print_job",
    "create_staff_account",
    "create_token",
    "declared_element_ids",
    "disable_staff_account",
    "enable_staff_account",
    "erase_feedback_emails",
    "expire_print_jobs",
    "fail_print_job",
    "fail_stale_print_jobs",
    "finish_print_job",
    "hash_token",
    "link_lorawan_device",
    "mark_job_printed",
    "mark_print_downloaded",
    "now",
    "open_staff_session",
    "purge_quarantine",
    "quarantine_messages",
    "record_announcements",
    "record_announcements_bulk",
    "record_audit",
    "record_lorawan_events",
    "record_sign_prints",
    "record_statuses",
    "retire_sensor",
    "revoke_staff_session",
    "revoke_staff_sessions",
    "revoke_token",
    "review_device",
    "session_id_hash",
    "set_print_progress",
    "set_staff_password",
    "set_staff_role",
    "start_print_job",
    "stop_ignoring",
    "touch_staff_session",
    "upsert_sensor",
]
