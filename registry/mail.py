"""Answers to feedback by e-mail, through the SMTP server of ``DTPR_MAIL__…`` (stdlib smtplib).

:func:`send` hands one message to the server for exactly one recipient, checked by
:func:`dtpr_core.email_address.check_email_address`; a failure is a :class:`MailError` whose
``reason`` the inbox explains to staff (``registry.outbox``) and whose ``permanent``
flag says whether trying again can help.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from dtpr_core.email_address import BadEmailAddress, check_email_address
from dtpr_core.settings import MailSettings

REASONS = (
    *("no_server", "unreachable", "timeout", "refused", "recipient_refused"),
    *("login", "tls", "bad_address", "address_erased"),
)
"""Why a mail did not leave; each has a plain-language explanation in the console's catalogue."""


class MailError(Exception):
    """The answer could not be handed to the SMTP server."""

    def __init__(self, reason: str, detail: str, *, permanent: bool = False) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.permanent = reason, detail[:300], permanent


def mail_configured(mail: MailSettings) -> bool:
    return bool(mail.host)


def build_answer(mail: MailSettings, *, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail.from_address
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=mail.from_address.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-replied"
    message.set_content(body)
    return message


def send(mail: MailSettings, *, to: str, subject: str, body: str) -> None:
    """Mail *body* to the one address *to*; :class:`MailError` otherwise."""
    if not mail.host:
        raise MailError("no_server", "no SMTP server is configured (DTPR_MAIL__HOST)")
    try:
        recipient = check_email_address(to)
    except BadEmailAddress as error:
        raise MailError("bad_address", str(error), permanent=True) from error
    message = build_answer(mail, to=recipient, subject=subject, body=body)
    try:
        with _connect(mail) as client:
            if mail.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if mail.username and mail.password is not None:
                client.login(mail.username, mail.password.get_secret_value())
            client.send_message(message, to_addrs=[recipient])
    except (OSError, smtplib.SMTPException) as error:
        raise classify(error) from error


def _connect(mail: MailSettings) -> smtplib.SMTP:
    host = mail.host or ""
    if mail.security == "tls":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(host, mail.port, timeout=mail.timeout_seconds, context=context)
    return smtplib.SMTP(host, mail.port, timeout=mail.timeout_seconds)


def classify(error: OSError | smtplib.SMTPException) -> MailError:
    """What went wrong, for staff, and whether a later attempt can succeed."""
    detail = f"{type(error).__name__}: {error}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return MailError("recipient_refused", detail, permanent=True)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return MailError("login", detail)
    if isinstance(error, smtplib.SMTPResponseException):
        return MailError("refused", detail, permanent=500 <= error.smtp_code < 600)
    if isinstance(error, ssl.SSLError | smtplib.SMTPNotSupportedError):
        return MailError("tls", detail)
    if isinstance(error, TimeoutError):
        return MailError("timeout", detail)
    return MailError("unreachable", detail)
