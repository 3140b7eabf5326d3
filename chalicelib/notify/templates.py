"""Message texts in Bahasa Indonesia and English. Pure.

SMS: one GSM-7 segment (160 characters) for every status message; a follow-up or a request for
clarification carries the agency's words (a reporter on a basic phone has no other way to read
them), capped at MAX_SMS_SEGMENTS. Texts are folded to GSM-7 so one curly quote cannot turn a
message into 70-character UCS-2 segments. Every message carries the tracking ID and the tracking
link; none carries the reporter's secret code."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Optional

from chalicelib.notify import events as kinds

SEGMENT, MULTIPART_SEGMENT, MAX_SMS_SEGMENTS = 160, 153, 3
GSM7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ!\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
           "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENDED = set("^{}\\[~]|€")  # two septets each
_FOLD = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "}

ARCHIVE_REASONS = {
    "UNCLEAR": ("isinya kurang jelas", "it is unclear"),
    "NOT_PUBLIC_SERVICE": ("bukan tentang pelayanan publik", "it is not about a public service"),
    "DUPLICATE": ("sama dengan laporan lain", "it duplicates another report"),
    "SPAM": ("spam", "spam"),
}

# A disposition the router made by the text over the reporter's topic (routing.reading "corrected"):
# the same notice, saying in plain words that the topic was adjusted.
ADJUSTED = "dispositioned_adjusted"
# {tid} tracking ID, {agency}, {link}, {reason}; SMS texts must stay within one segment.
SMS_TEXT = {
    "id": {
        kinds.DISPOSITIONED: "LAPOR! {tid} diteruskan ke {agency}. Tindak lanjut paling lambat 5 hari kerja. {link}",
        kinds.FORWARDED: "LAPOR! {tid} dialihkan ke {agency}. {link}",
        kinds.FOLLOW_UP: "LAPOR! {tid} ditindaklanjuti {agency}: \"{message}\" Balas: BALAS {tid} <teks>, "
                         "atau SELESAI {tid}. {link}",
        kinds.CLARIFICATION: "LAPOR! {tid}: mohon penjelasan: \"{message}\" Jawab: BALAS {tid} <teks>. {link}",
        kinds.CLOSING_SOON: "LAPOR! {tid} akan selesai otomatis jika tidak ditanggapi. Balas: BALAS {tid} <teks>. {link}",
        kinds.CLOSED: "LAPOR! {tid} selesai. Terima kasih telah melapor. {link}",
        kinds.REFERRED: "LAPOR! {tid} dirujuk ke Ombudsman RI karena belum selesai 60 hari. {link}",
        kinds.ARCHIVED: "LAPOR! {tid} diarsipkan: {reason}. {link}",
        ADJUSTED: "LAPOR! {tid}: topik disesuaikan dengan isi laporan Anda, diteruskan ke {agency}. {link}",
    },
    "en": {
        kinds.DISPOSITIONED: "LAPOR! {tid} sent to {agency}. Follow-up due within 5 working days. {link}",
        kinds.FORWARDED: "LAPOR! {tid} moved to {agency}. {link}",
        kinds.FOLLOW_UP: "LAPOR! {tid} answered by {agency}: \"{message}\" Reply: BALAS {tid} <text>, "
                         "or SELESAI {tid}. {link}",
        kinds.CLARIFICATION: "LAPOR! {tid}: please clarify: \"{message}\" Answer: BALAS {tid} <text>. {link}",
        kinds.CLOSING_SOON: "LAPOR! {tid} closes automatically unless you reply: BALAS {tid} <text>. {link}",
        kinds.CLOSED: "LAPOR! {tid} is closed. Thank you for reporting. {link}",
        kinds.REFERRED: "LAPOR! {tid} referred to the Ombudsman: unresolved after 60 days. {link}",
        kinds.ARCHIVED: "LAPOR! {tid} archived: {reason}. {link}",
        ADJUSTED: "LAPOR! {tid}: topic adjusted to what you wrote; sent to {agency}. {link}",
    },
}
SUBJECT = {
    "id": {kinds.DISPOSITIONED: "diteruskan ke instansi", kinds.FORWARDED: "dialihkan ke instansi lain",
           kinds.FOLLOW_UP: "ada tindak lanjut", kinds.CLARIFICATION: "mohon penjelasan Anda",
           kinds.CLOSING_SOON: "akan selesai otomatis", kinds.CLOSED: "selesai",
           kinds.REFERRED: "dirujuk ke Ombudsman RI", kinds.ARCHIVED: "diarsipkan",
           ADJUSTED: "topik disesuaikan, diteruskan ke instansi"},
    "en": {kinds.DISPOSITIONED: "sent to an agency", kinds.FORWARDED: "moved to another agency",
           kinds.FOLLOW_UP: "the agency answered", kinds.CLARIFICATION: "please clarify",
           kinds.CLOSING_SOON: "closes soon", kinds.CLOSED: "closed",
           kinds.REFERRED: "referred to the Ombudsman", kinds.ARCHIVED: "archived",
           ADJUSTED: "topic adjusted, sent to an agency"},
}
EMAIL_FOOTER = {
    "id": "Lacak laporan Anda: {link}\nKode rahasia Anda tidak pernah kami kirim; jangan berikan kepada siapa pun.\n\n"
          "Berhenti menerima email ini: {unsubscribe}",
    "en": "Track your report: {link}\nWe never send your secret code; do not share it with anyone.\n\n"
          "Stop these emails: {unsubscribe}",
}
MESSAGE_LABEL = {"id": "Pesan instansi", "en": "The agency's message"}


@dataclass(frozen=True)
class Rendered:
    kind: str
    lang: str
    sms: str
    subject: str
    email_body: str  # without the unsubscribe footer's link filled in: see email_text()


def to_gsm7(text: str) -> str:
    """`text` folded to GSM-7: typographic punctuation replaced, accents dropped where GSM-7 has
    no such letter, anything else (emoji) removed."""
    out = []
    for char in text:
        char = _FOLD.get(char, char)
        if all(c in GSM7 or c in GSM7_EXTENDED for c in char):
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        out.append(base)
    return " ".join("".join(out).split())


def septets(text: str) -> int:
    return sum(2 if c in GSM7_EXTENDED else 1 for c in text)


def segments(text: str) -> int:
    """SMS segments `text` needs (GSM-7 when it can be, else UCS-2)."""
    if all(c in GSM7 or c in GSM7_EXTENDED for c in text):
        size = septets(text)
        return 1 if size <= SEGMENT else -(-size // MULTIPART_SEGMENT)
    return 1 if len(text) <= 70 else -(-len(text) // 67)


def _shorten(value: str, room: int) -> str:
    if septets(value) <= room:
        return value
    return value[: max(0, room - 2)].rstrip() + ".."


def sms_text(kind: str, lang: str, tid: str, link: str, agency: Optional[str] = None,
             message: Optional[str] = None, reason: Optional[str] = None) -> str:
    template = SMS_TEXT[lang][kind]
    fields = {"tid": tid, "link": link, "agency": to_gsm7(agency or "instansi"), "reason": reason or "",
              "message": to_gsm7(message or "")}
    budget = SEGMENT if "{message}" not in template else MAX_SMS_SEGMENTS * MULTIPART_SEGMENT
    fixed = septets(template.format(**{**fields, "agency": "", "message": ""}))
    if "{message}" in template:
        agency_room = min(septets(fields["agency"]), 40)
        fields["agency"] = _shorten(fields["agency"], agency_room)
        fields["message"] = _shorten(fields["message"], budget - fixed - septets(fields["agency"]))
    else:
        fields["agency"] = _shorten(fields["agency"], budget - fixed)
    return template.format(**fields)


def render(kind: str, lang: str, tid: str, link: str, agency: Optional[str] = None,
           message: Optional[str] = None, archive_reason: Optional[str] = None, adjusted: bool = False) -> Rendered:
    """`adjusted`: a disposition by the text over the reporter's topic (told in plain words)."""
    lang = lang if lang in SMS_TEXT else "id"
    shown = ADJUSTED if adjusted and kind == kinds.DISPOSITIONED else kind
    reason = None
    if kind == kinds.ARCHIVED:
        pair = ARCHIVE_REASONS.get(archive_reason or "", (archive_reason or "-", archive_reason or "-"))
        reason = pair[0] if lang == "id" else pair[1]
    sms = sms_text(shown, lang, tid, link, agency, message, reason)
    subject = f"[LAPOR!] {tid}: {SUBJECT[lang][shown]}"
    # The email says the same in full: the whole agency message, no shortening.
    email = SMS_TEXT[lang][shown].format(tid=tid, link=link, agency=agency or "", reason=reason or "",
                                        message=("(lihat di bawah)" if lang == "id" else "(see below)") if message else "")
    if message:
        email = f"{email}\n\n{MESSAGE_LABEL[lang]}:\n{message}"
    return Rendered(kind, lang, sms, subject, email)

