"""The citizen in the loop on SMS: when the router would be unsure of a report's topic, 1708's answer to the
filing is a short numbered menu ("Balas 1 Jalan rusak, 2 ..., 0 tidak ada"), and the digit the reporter
sends back sets the topic and routes the report (routing.service.route_with_topic). Kept apart from
replies.py; its one-segment answers live in the `sms` catalogue as `reply.menu_<key>`."""
from __future__ import annotations

import re
from collections.abc import Callable

from chalicelib.classify import MAX_TEXT_CHARS, ReportTextError, classify
from chalicelib.classify.classifier import FALLBACK_CATEGORY
from chalicelib.directory import catalogue
from chalicelib.domain.model import Report
from chalicelib.notify.templates import SEGMENT, septets, to_gsm7
from chalicelib.sms import commands
from chalicelib.sms.replies import answer
from chalicelib.store import reports as store
from chalicelib.store import sms_menus

OFFERED = 3
NONE_DIGIT = "0"
NAME_ROOM = 25  # each topic name in the menu, so three fit one segment with the tracking ID (catalogs check)
_DIGIT = re.compile(r"^[0-9]$")
_JOINERS = {"dan", "and", "serta", "atau", "or", "of", "the", "di", "ke", "untuk", "for", "&", "-"}


def unsure_topics(text: str, region_code: str | None = None) -> list[str]:
    """Up to three topic codes to offer, best first; [] when the router would be sure of the text (or
    cannot read it at all)."""
    try:
        result = classify(text[:MAX_TEXT_CHARS], region_code=region_code)
    except ReportTextError:
        return []
    if result.confident or result.confidence <= 0:
        return []
    return [code for code in result.top(OFFERED + 1) if code != FALLBACK_CATEGORY][:OFFERED]


def _short(name: str) -> str:
    name = to_gsm7(name)
    if len(name) <= NAME_ROOM:
        return name
    words = name[:NAME_ROOM + 1].split(" ")[:-1]  # whole words only
    while words and (words[-1].lower() in _JOINERS or len(" ".join(words)) > NAME_ROOM):
        words.pop()
    cut = " ".join(words).rstrip(",;")
    return cut if len(cut) >= 8 else name[:NAME_ROOM]


def options_text(codes: list[str], lang: str) -> str:
    names = [(category.name(lang) if (category := catalogue.category(code)) else code) for code in codes]
    return ", ".join(f"{i} {_short(name)}" for i, name in enumerate(names, 1))


def say(key: str, lang: str, **fields: str) -> str:
    return answer(f"menu_{key}", lang, **fields)


def menu(tid: str, codes: list[str], lang: str) -> str:
    """The filing answer with the menu; one segment (the tests check the longest names)."""
    text = say("menu", lang, tid=tid, options=options_text(codes, lang))
    assert septets(text) <= SEGMENT, text
    return text


def digit_of(command: commands.Command) -> str | None:
    """The menu digit a message answers with: "2" on its own, or "BALAS 2" / "REPLY 2" (the menu says
    "Balas 2", and reporters type what they read). None when the message is something else."""
    if command.name == commands.REPORT and not command.explicit and _DIGIT.match(command.text.strip()):
        return command.text.strip()
    if command.name == commands.REPLY and command.problem == commands.BAD_ID and _DIGIT.match(command.text.strip()):
        return command.text.strip()
    return None


def answer_digit(address_key: str, sender_owns: Callable[[Report], bool], digit: str, lang: str) -> str:
    """Carry out the reporter's menu answer; returns what to answer."""
    from chalicelib.routing.service import (  # routing is a sibling use case
        Outcome,
        route_with_topic,
    )

    live = sms_menus.offered(address_key)
    if live is None:
        return say("no_menu", lang)
    tid, codes = live
    report = store.get(tid, consistent=True)
    if report is None or not sender_owns(report):
        sms_menus.close(address_key)
        return say("no_menu", lang)
    if digit == NONE_DIGIT:
        sms_menus.close(address_key)
        return say("none", lang, tid=tid)
    index = int(digit) - 1
    if not 0 <= index < len(codes):
        return say("bad_digit", lang, digit=digit, options=options_text(codes, lang))
    code = codes[index]
    outcome = route_with_topic(tid, code)
    sms_menus.close(address_key)
    category = catalogue.category(code)
    topic = _short(category.name(lang)) if category else code
    if outcome is Outcome.ROUTED:
        return say("chosen", lang, tid=tid, topic=topic)
    if outcome is Outcome.ALREADY_DONE:
        return say("too_late", lang, tid=tid)
    return say("chosen_waiting", lang, tid=tid, topic=topic)
