"""Answers to feedback by e-mail, through the SMTP server of ``DTPR_MAIL__…`` (stdlib smtplib)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from dtpr_core.settings import MailSettings


class MailError(Exception):
    """The answer could not be handed to the SMTP server (the message stays unanswered)."""


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


def send(mail: MailSettings, message: EmailMessage) -> None:
    """Hand *message* to the SMTP server; :class:`MailError` with a readable reason otherwise."""
    if not mail.host:
        raise MailError("no SMTP server is configured (DTPR_MAIL__HOST)")
    try:
        if mail.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                mail.host, mail.port, timeout=mail.timeout_seconds, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout_seconds)
        with client:
            if mail.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if mail.username and mail.password is not None:
                client.login(mail.username, mail.password.get_secret_value())
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"{type(error).__name__}: {error}"[:300]) from error
