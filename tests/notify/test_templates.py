"""Message texts: every status SMS and every 1708 answer fits one GSM-7 segment with the longest
values they can carry; agency words are folded to GSM-7; no text has room for a secret."""
from __future__ import annotations

import pytest

from chalicelib.domain import notices as events
from chalicelib.notify import templates
from chalicelib.sms import replies
from chalicelib.sms.topic_menu import NAME_ROOM
from laportools import catalogs

TID = "K7Q4M-9XAR3"
LINK = f"https://lapor.go.id/lacak/{TID}"
LONG_AGENCY = "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Kotawaringin Barat Provinsi Kalimantan Tengah"


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("kind", [k for k in events.KINDS if k not in (events.FOLLOW_UP, events.CLARIFICATION)])
def test_status_messages_fit_one_segment(kind: str, lang: str) -> None:
    rendered = templates.render(kind, lang, TID, LINK, agency=LONG_AGENCY, archive_reason="NOT_PUBLIC_SERVICE")
    assert templates.segments(rendered.sms) == 1, rendered.sms
    assert TID in rendered.sms and LINK in rendered.sms


@pytest.mark.parametrize("kind", [events.FOLLOW_UP, events.CLARIFICATION])
def test_agency_words_reach_the_sms_folded_to_gsm7_and_capped(kind: str) -> None:
    words = "Lubang sudah “ditambal” oleh UPT — terima kasih 🙂 " * 20
    rendered = templates.render(kind, "id", TID, LINK, agency=LONG_AGENCY, message=words)
    assert 'sudah "ditambal" oleh UPT - terima kasih' in rendered.sms
    assert templates.segments(rendered.sms) <= templates.MAX_SMS_SEGMENTS
    assert f"BALAS {TID}" in rendered.sms and LINK in rendered.sms
    assert words.strip() in rendered.email_body  # the email carries the message in full


def test_segment_counting() -> None:
    assert templates.segments("a" * 160) == 1 and templates.segments("a" * 161) == 2
    assert templates.segments("é" * 160) == 1  # é is in GSM-7
    assert templates.segments("ā" * 70) == 1 and templates.segments("ā" * 71) == 2  # UCS-2


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_1708_answer_fits_one_segment(lang: str) -> None:
    sms = catalogs.load(lang, "sms")
    ids = [str(m.id) for m in sms if m.id]
    longest_status = max((replies.status_text(i.split(".", 1)[1], lang) for i in ids if i.startswith("status.")),
                         key=len)
    fields = {"tid": TID, "link": LINK, "status": longest_status,
              "agency": " (" + LONG_AGENCY[:50] + ")", "command": "BALAS <ID>",
              # the topic menu's answers (chalicelib/sms/topic_menu.py cuts each name to NAME_ROOM)
              "topic": "T" * NAME_ROOM, "digit": "9",
              "options": ", ".join(f"{i} {'T' * NAME_ROOM}" for i in range(1, 4))}
    answers = [i.split(".", 1)[1] for i in ids if i.startswith("reply.")]
    assert {"filed", "status", "help", "not_found"} <= set(answers)
    for key in answers:
        text = replies.answer(key, lang, **fields)
        assert templates.segments(text) == 1, (key, len(text), text)
