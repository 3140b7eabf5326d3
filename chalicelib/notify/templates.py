"""Message texts in Bahasa Indonesia and English. Pure.

SMS: one GSM-7 segment (160 characters) for every status message; a follow-up or a request for
clarification carries the agency's words (a reporter on a basic phone has no other way to read
them), capped at MAX_SMS_SEGMENTS. Texts are folded to GSM-7 so one curly quote cannot turn a
message into 70-character UCS-2 segments. Every message carries the tracking ID and the tracking
link; none carries the reporter's secret code.

The words live in gettext catalogs (chalicelib/text/locale/<lang>/LC_MESSAGES/): the SMS of each
kind and the archive reasons in the `sms` domain (`notify.<kind>`, `archive_reason.<REASON>`, checked
to fit by `python -m laportools.catalogs check`), the e-mail's subject words, footer and labels in
the `email` domain. The e-mail repeats the SMS text in full."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from chalicelib.domain import notices as kinds
from chalicelib.text import catalog
from chalicelib.text.gsm7 import (
    MAX_SMS_SEGMENTS,
    MULTIPART_SEGMENT,
    SEGMENT,
    segments,
    septets,
    to_gsm7,
)

# The SMS arithmetic moved to chalicelib/text/gsm7.py (the catalogs checker counts with it too);
# senders and tests keep reading it here.
__all__ = ["EMAIL_FOOTER", "MAX_SMS_SEGMENTS", "MULTIPART_SEGMENT", "SEGMENT", "Rendered", "render", "segments",
           "septets", "sms_text", "to_gsm7"]


# A disposition the router made by the text over the reporter's topic (routing.reading "corrected"):
# the same notice, saying in plain words that the topic was adjusted.
ADJUSTED = "dispositioned_adjusted"


def _sms_template(kind: str, lang: str) -> str:
    """The SMS of `kind` before its fields are filled; {tid}, {agency}, {link}, {reason}, {message}."""
    words = catalog.text(f"notify.{kind}", lang, catalog.SMS)
    if words is None:
        raise KeyError(kind)
    return words


def _archive_reason(reason: str | None, lang: str) -> str:
    """Why a report was archived, in words; a reason the catalogue lacks reads as itself."""
    words = catalog.text(f"archive_reason.{reason}", lang, catalog.SMS) if reason else None
    return words or reason or "-"


def _agency_unknown(lang: str) -> str:
    """What an SMS calls the agency when the event names none."""
    return catalog.text("agency.unknown", lang, catalog.SMS) or ""


def _email(key: str, lang: str) -> str:
    return catalog.text(key, lang, catalog.EMAIL) or key


class _EmailFooter(Mapping[str, str]):
    """lang -> the e-mail footer ({link}, {unsubscribe}), read from the `email` catalogue.

    A mapping rather than a function because the e-mail sender indexes it by language
    (`EMAIL_FOOTER.get(lang, EMAIL_FOOTER["id"])`): its words moved, its shape did not."""

    def __getitem__(self, lang: str) -> str:
        if lang not in catalog.LANGS:
            raise KeyError(lang)
        return _email("footer", lang)

    def __iter__(self) -> Iterator[str]:
        return iter(catalog.LANGS)

    def __len__(self) -> int:
        return len(catalog.LANGS)


EMAIL_FOOTER: Mapping[str, str] = _EmailFooter()


@dataclass(frozen=True)
class Rendered:
    kind: str
    lang: str
    sms: str
    subject: str
    email_body: str  # without the unsubscribe footer's link filled in: see email_text()


def _shorten(value: str, room: int) -> str:
    if septets(value) <= room:
        return value
    return value[: max(0, room - 2)].rstrip() + ".."


def sms_text(kind: str, lang: str, tid: str, link: str, agency: str | None = None,
             message: str | None = None, reason: str | None = None) -> str:
    template = _sms_template(kind, lang)
    fields = {"tid": tid, "link": link, "agency": to_gsm7(agency or _agency_unknown(lang)), "reason": reason or "",
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


def render(kind: str, lang: str, tid: str, link: str, agency: str | None = None,
           message: str | None = None, archive_reason: str | None = None, adjusted: bool = False) -> Rendered:
    """`adjusted`: a disposition by the text over the reporter's topic (told in plain words)."""
    lang = catalog.language(lang)
    shown = ADJUSTED if adjusted and kind == kinds.DISPOSITIONED else kind
    reason = _archive_reason(archive_reason, lang) if kind == kinds.ARCHIVED else None
    sms = sms_text(shown, lang, tid, link, agency, message, reason)
    subject = f"[LAPOR!] {tid}: {_email(f'subject.{shown}', lang)}"
    # The email says the same in full: the whole agency message, no shortening.
    email = _sms_template(shown, lang).format(tid=tid, link=link, agency=agency or "", reason=reason or "",
                                             message=_email("see_below", lang) if message else "")
    if message:
        email = f"{email}\n\n{_email('message_label', lang)}:\n{message}"
    return Rendered(kind, lang, sms, subject, email)

