"""The SMS command language, parsed. Pure: no AWS.

Bahasa Indonesia first, English aliases; case-insensitive. `LAPOR <text>` or plain text files a
report, `ANONIM <text>` files it anonim, `CEK <id>`, `BALAS <id> <text>`, `SELESAI <id>`, `STOP`,
`MULAI`; anything else gets help. Control characters and emoji are dropped before parsing."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from chalicelib.domain.tracking import normalize_tracking_id
from chalicelib.intake.limits import BODY_MIN

REPORT, ANONYMOUS, CHECK, REPLY, CONFIRM, STOP, START, HELP = (
    "REPORT", "ANONYMOUS", "CHECK", "REPLY", "CONFIRM", "STOP", "START", "HELP")
_WORDS = {
    "LAPOR": (REPORT, "id"), "REPORT": (REPORT, "en"),
    "ANONIM": (ANONYMOUS, "id"), "ANONYMOUS": (ANONYMOUS, "en"), "ANON": (ANONYMOUS, "en"),
    "CEK": (CHECK, "id"), "CHECK": (CHECK, "en"), "STATUS": (CHECK, "en"),
    "BALAS": (REPLY, "id"), "REPLY": (REPLY, "en"),
    "SELESAI": (CONFIRM, "id"), "DONE": (CONFIRM, "en"),
    "STOP": (STOP, "id"), "BERHENTI": (STOP, "id"), "UNSUBSCRIBE": (STOP, "en"),
    "MULAI": (START, "id"), "START": (START, "en"),
    "BANTUAN": (HELP, "id"), "INFO": (HELP, "id"), "HELP": (HELP, "en"),
}
# Problems the answer explains (the `reply.bad_id` and `reply.needs_text` answers of sms.po).
EMPTY, NEEDS_ID, BAD_ID, NEEDS_TEXT = "empty", "needs_id", "bad_id", "needs_text"
MIN_REPORT_CHARS = BODY_MIN  # an SMS report needs the body every report needs


@dataclass(frozen=True)
class Command:
    name: str
    lang: str = "id"
    tracking_id: str | None = None
    text: str = ""
    problem: str | None = None  # why the command cannot be carried out as sent
    explicit: bool = False  # started with a command word (so its language is the reporter's choice)


def clean(text: str) -> str:
    """Printable text only: control characters, emoji and other symbols removed, spaces folded."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LNPZ" or char in "+-=/@#%&()'\"":
            kept.append(char)
        elif category[0] in "CS":
            kept.append(" ")
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def has_words(text: str) -> bool:
    return any(char.isalnum() for char in text)


def parse(raw: str) -> Command:
    text = clean(raw or "")
    if not has_words(text):
        return Command(HELP, problem=EMPTY)
    first, _, rest = text.partition(" ")
    word = first.upper().rstrip(".:,!")
    if word not in _WORDS:
        return Command(REPORT, text=text)  # plain text is a report
    name, lang = _WORDS[word]
    rest = rest.strip()
    if name in (STOP, START, HELP):
        return Command(name, lang, explicit=True)
    if name in (REPORT, ANONYMOUS):
        return Command(name, lang, text=rest, explicit=True, problem=None if has_words(rest) else NEEDS_TEXT)
    # CEK / SELESAI <id>, BALAS <id> <text>: the id may be typed with spaces ("K7Q4M 9XAR3").
    tokens = rest.split(" ")
    tracking_id, used = None, 0
    for used in (1, 2):
        candidate = normalize_tracking_id("".join(tokens[:used])) if len(tokens) >= used else None
        if candidate:
            tracking_id = candidate
            break
    if tracking_id is None:
        return Command(name, lang, explicit=True, problem=NEEDS_ID if not rest else BAD_ID, text=rest)
    message = " ".join(tokens[used:]).strip()
    if name == REPLY and not has_words(message):
        return Command(name, lang, tracking_id, explicit=True, problem=NEEDS_TEXT)
    return Command(name, lang, tracking_id, message, explicit=True)
