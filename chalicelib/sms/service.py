"""Carries out one SMS command for one sender and says what to answer. Reports go through the
same intake service as the web form (channel SMS, the sender's number as the contact); replies
and confirmations through the same reporter actions as the API, authorised by the number that
filed the report instead of the reporter token."""
from __future__ import annotations

import hashlib

from chalicelib.domain.addresses import SMS, address_key
from chalicelib.domain.calendar import local_date
from chalicelib.domain.errors import DomainError, IllegalTransition
from chalicelib.domain.model import Channel, Report
from chalicelib.domain.phones import normalize_phone
from chalicelib.domain.privacy import Audience, may_see_report
from chalicelib.intake.limits import BODY_MAX
from chalicelib.intake.service import submit_idempotently
from chalicelib.intake.sms_filing import sms_filing
from chalicelib.notify import prefs, settings
from chalicelib.notify.reporter_channel import tracking_link
from chalicelib.reports import reporter as reporter_actions
from chalicelib.shared.clock import now as utcnow
from chalicelib.sms import commands, topic_menu
from chalicelib.sms.classify_hook import classify_sms
from chalicelib.sms.replies import answer, command_word, status_text
from chalicelib.store import counters as limits
from chalicelib.store import directory as agencies
from chalicelib.store import reports as store
from chalicelib.store import sms_menus

TITLE_WORDS_MAX = 60


def _title(text: str) -> str:
    """The first words of the text, cut at a word boundary: the title admins see in their queue."""
    if len(text) <= TITLE_WORDS_MAX:
        return text
    cut = text[:TITLE_WORDS_MAX].rsplit(" ", 1)[0]
    return (cut if len(cut) >= 5 else text[:TITLE_WORDS_MAX]) + "..."


def _own(report: Report, sender: str) -> bool:
    contact = store.contact(report.tracking_id)
    return contact is not None and normalize_phone(contact.phone) == sender


def _find(tracking_id: str) -> Report | None:
    return store.get(tracking_id)


def execute(sender: str, command: commands.Command, message_key: str) -> str | None:
    """The answer to send back (None: send nothing, e.g. after STOP). `message_key` identifies
    the inbound message(s), so a redelivered one files the same report."""
    key = address_key(SMS, sender)
    lang = command.lang
    if command.explicit and command.name not in (commands.STOP,):
        prefs.remember_language(key, lang)
    elif not command.explicit:
        lang = prefs.language(key) or "id"
    name = command.name
    if name == commands.STOP:
        prefs.stop(key)
        return None
    if name == commands.START:
        prefs.start(key)
        return answer("started", lang)
    if name == commands.HELP:
        return answer("help", lang)
    word = command_word(name, lang)
    digit = topic_menu.digit_of(command)
    if digit is not None:  # the answer to a topic menu (topic_menu): "2" or "BALAS 2"
        return topic_menu.answer_digit(key, lambda report: _own(report, sender), digit, lang)
    if command.problem in (commands.NEEDS_ID, commands.BAD_ID):
        return answer("bad_id", lang, command=word.split(" ")[0])
    if command.problem == commands.NEEDS_TEXT:
        return answer("needs_text", lang, command=word)
    if name == commands.REPORT and not command.explicit and len(command.text) < commands.MIN_REPORT_CHARS:
        return answer("help", lang)  # a stray word ("halo") is not a report: say what 1708 understands
    if name in (commands.REPORT, commands.ANONYMOUS):
        return file_report(sender, command.text, name == commands.ANONYMOUS, lang, message_key)
    report = _find(command.tracking_id or "")
    tid = command.tracking_id or ""
    if name == commands.CHECK:
        if report is None or not (_own(report, sender) or may_see_report(Audience.PUBLIC, report)):
            return answer("not_found", lang, tid=tid)  # a rahasia report of someone else does not exist
        agency = agencies.agency_summary(report.agency_id, lang)
        agency_part = f" ({agency['name'][:50]})" if agency else ""
        return answer("status", lang, tid=tid, status=status_text(report.status.value, lang),
                      agency=agency_part, link=tracking_link(tid))
    if report is None or not _own(report, sender):
        return answer("not_found", lang, tid=tid)
    try:
        if name == commands.REPLY:
            reporter_actions.reply_as_reporter(report, command.text[:BODY_MAX])
            return answer("replied", lang, tid=tid)
        reporter_actions.confirm_as_reporter(report)
        return answer("confirmed", lang, tid=tid)
    except IllegalTransition:
        current = store.get(tid, consistent=True) or report
        return answer("not_now", lang, tid=tid, status=status_text(current.status.value, lang))


def file_report(sender: str, text: str, anonim: bool, lang: str, message_key: str) -> str:
    if len(text) < commands.MIN_REPORT_CHARS:
        return answer("too_short", lang)
    if len(text) > BODY_MAX:
        return answer("too_long", lang)
    digest = hashlib.sha256(f"{sender}|{anonim}|{' '.join(text.lower().split())}".encode()).hexdigest()
    repeat_key = f"sms-repeat#{digest}"
    earlier = limits.mark_once(repeat_key, "", settings.sms_repeat_window())
    if earlier:  # the same text from the same number a few minutes ago: answer, file nothing
        return answer("repeat", lang, tid=earlier)
    category, region = classify_sms(text)
    try:
        submission = sms_filing(_title(text), text, local_date(utcnow()), category, region, anonim, sender)
        receipt = submit_idempotently(submission, Channel.SMS, f"sms-{message_key}")
    except DomainError:
        return answer("too_short", lang)
    limits.set_value(repeat_key, receipt.tracking_id)
    offered = topic_menu.unsure_topics(text, region) if category is None else []
    if offered and not anonim:
        # The router would be unsure: ask the reporter (a digit answers; topic_menu.answer_digit).
        sms_menus.offer(address_key(SMS, sender), receipt.tracking_id, offered)
        return topic_menu.menu(receipt.tracking_id, offered, lang)
    return answer("filed_anonim" if anonim else "filed", lang, tid=receipt.tracking_id,
                  link=tracking_link(receipt.tracking_id))
