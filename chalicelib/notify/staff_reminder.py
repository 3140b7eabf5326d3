"""The follow-up deadline reminder by e-mail to the agency's staff (issue #23: "a reminder of the
5-working-day follow-up deadline, console and email"). The console shows the warning already; when the
deadline sweep warns about a report's FOLLOW_UP deadline (a WARN_DEADLINE event for the agency, not the
reporter's reply-window reminder), the agency's active admins and the liaison officer assigned to the
report get one e-mail each.

Driven by the same notices queue as the reporter's notices (the timeline's outbox), so a crash between
the sweep's write and the e-mail loses nothing. Once per report, deadline and account: a marker in the
counters table is claimed before sending and released when SES fails (the queue retries the record).
What the e-mail says about the report comes from the privacy projection's AGENCY view: an anonim
reporter's identity is never in it."""
from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from chalicelib.domain import privacy
from chalicelib.domain.lifecycle import Action, DeadlineKind
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.notify import settings
from chalicelib.shared import identity
from chalicelib.shared.aws import client
from chalicelib.shared.observability import logger
from chalicelib.store import counters, staff
from chalicelib.store import reports as store
from chalicelib.text import catalog

MARKER_TTL_SECONDS = 120 * 24 * 3600  # outlives any follow-up deadline it stands for
LANG = catalog.DEFAULT_LANG  # staff accounts carry no language: the console's default


def is_staff_warning(event: TimelineEvent) -> bool:
    """A sweep warning about the agency's follow-up deadline (not the reporter's reply window)."""
    return (event.action is Action.WARN_DEADLINE and event.details.get("audience") != "reporter"
            and event.details.get("deadline_kind") == DeadlineKind.FOLLOW_UP.value)


def recipients(agency_id: str, assignee: str | None) -> list[staff.Account]:
    """The agency's active admins and the assigned liaison officer, those with an e-mail address
    (one key Query of the agency's accounts partition)."""
    return [a for a in staff.accounts_of(agency_id) if a.active and a.email
            and (a.role is identity.StaffRole.AGENCY_ADMIN
                 or (a.role is identity.StaffRole.LIAISON and a.username == assignee))]


def _words(key: str) -> str:
    return catalog.text(key, LANG, catalog.EMAIL) or key


def compose(view: dict[str, object], event: TimelineEvent) -> tuple[str, str]:
    """(subject, body) from the report's AGENCY view and the warning's details."""
    deadline = str(event.details.get("deadline") or view.get("deadline") or "")[:10]
    fields = {"tid": view["tracking_id"], "title": view.get("title") or "", "deadline": deadline,
              "days": event.details.get("working_days_left", "-"),
              "link": f"{settings.site_url()}/konsol/laporan/{view['tracking_id']}"}
    subject = _words("staff_deadline.subject").format(**fields)
    lines = [_words("staff_deadline.body").format(**fields)]
    reporter = view.get("reporter")
    if isinstance(reporter, dict) and reporter.get("name"):  # only when the AGENCY view shows it
        lines.append(_words("staff_deadline.reporter").format(name=reporter["name"]))
    lines.append(_words("staff_deadline.link").format(**fields))
    return subject, "\n\n".join(lines)


def _send(to: str, subject: str, body: str) -> str:
    """One plain-text e-mail through SES, raw MIME like the reporters' (no unsubscribe: staff duty mail)."""
    message = EmailMessage()
    sender = settings.email_sender()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].rstrip(">"))
    message.set_content(body)
    response = client("ses").send_raw_email(RawMessage={"Data": message.as_bytes()})
    return str(response["MessageId"])


def remind(tracking_id: str, event: TimelineEvent) -> list[str]:
    """E-mail the staff about this warning, once each. Returns the usernames e-mailed now."""
    if not is_staff_warning(event):
        return []
    report = store.get(tracking_id, consistent=True)
    agency_id = event.agency_id or event.details.get("responsible") or (report.agency_id if report else None)
    if report is None or not agency_id or agency_id != report.agency_id:
        return []  # moved to another agency since: its own deadline, its own warning
    view = privacy.view(privacy.Audience.AGENCY, report, contact=store.contact(tracking_id))
    if view is None:
        return []
    subject, body = compose(view, event)
    sent = []
    for account in recipients(agency_id, report.assignee):
        marker = f"staff-deadline#{tracking_id}#{event.details.get('deadline')}#{account.username}"
        if counters.mark_once(marker, str(event.seq), MARKER_TTL_SECONDS) is not None:
            continue  # told already (a redelivered record, or a second warning for the same deadline)
        try:
            _send(str(account.email), subject, body)
        except Exception:
            counters.clear(marker)  # not sent: the queue's retry claims it again
            raise
        sent.append(account.username)
    if sent:
        logger.info("deadline reminders e-mailed", extra={"tracking_id": tracking_id, "staff": sent})
    return sent
