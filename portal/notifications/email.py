"""Sending email: over SMTP when configured, else into the development mailbox."""

from __future__ import annotations

import base64
from email.message import EmailMessage

import aiosmtplib  # type: ignore[import-not-found]
from sqlalchemy import select

from portal.notifications.models import DevMailboxEntry, OutboxMessage
from portal.notifications.outbox import DeliveryContext, enqueue

EMAIL = "email"


def queue_email(
    session,
    *,
    to: str,
    subject: str,
    body: str,
    attachments: list[dict] | None = None,
    ref: str | None = None,
    not_before=None,
):
    """Queue a rendered email. Render it in the recipient's language before calling.

    attachments: [{"filename", "content_type", "content": bytes}]
    """
    encoded = [
        {
            "filename": a["filename"],
            "content_type": a["content_type"],
            "content_b64": base64.b64encode(a["content"]).decode(),
        }
        for a in attachments or []
    ]
    payload = {"to": to, "subject": subject, "body": body, "attachments": encoded}
    return enqueue(session, EMAIL, payload, ref=ref, not_before=not_before)


async def queued_email_to(session, ref: str) -> str | None:
    """The address of the email queued under `ref`, or None when none was queued (or it
    was cancelled): the record a page reads before it says "we sent you an email"."""
    payload = await session.scalar(
        select(OutboxMessage.payload)
        .where(OutboxMessage.kind == EMAIL, OutboxMessage.ref == ref, OutboxMessage.status != OutboxMessage.CANCELLED)
        .order_by(OutboxMessage.created_at.desc())
        .limit(1)
    )
    return payload["to"] if payload else None


def stable_message_id(settings, outbox_id: str) -> str:
    """The Message-ID of an outbox row, the same on every attempt: when a crash between
    "sent" and "marked sent" makes a worker send it again, mail systems see one message
    twice (and can drop the second), not two messages. No time, process id or randomness
    in it, as `email.utils.make_msgid` would add."""
    domain = settings.mail_from.rpartition("@")[2] or "portal.localhost"
    return f"<outbox.{outbox_id}@{domain}>"


def build_message(settings, message_id: str, payload: dict) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.mail_from
    mail["To"] = payload["to"]
    mail["Subject"] = payload["subject"]
    mail["Message-ID"] = stable_message_id(settings, message_id)
    mail.set_content(payload["body"])
    for attachment in payload.get("attachments", []):
        maintype, subtype = attachment["content_type"].split("/", 1)
        mail.add_attachment(
            base64.b64decode(attachment["content_b64"]),
            maintype=maintype,
            subtype=subtype.split(";")[0],
            filename=attachment["filename"],
        )
    return mail


async def send_email(context: DeliveryContext, message) -> None:
    settings = context.settings
    payload = message.payload
    if not settings.smtp_host:
        context.session.add(
            DevMailboxEntry(
                outbox_id=message.id,
                to=payload["to"],
                subject=payload["subject"],
                body=payload["body"],
                attachments=[{"filename": a["filename"], "content_type": a["content_type"]} for a in payload.get("attachments", [])],
            )
        )
        return
    await aiosmtplib.send(
        build_message(settings, str(message.id), payload),
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_user,
        password=settings.smtp_password,
        start_tls=settings.smtp_starttls,
        timeout=30,
    )

