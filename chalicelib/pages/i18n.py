"""The words of the web pages in Bahasa Indonesia (default) and English: `t(key, lang, **params)`.

The strings live in gettext catalogs (chalicelib/text/locale/<lang>/LC_MESSAGES/messages.po, compiled
to `.mo` and read by chalicelib/text/catalog.py through pages/catalog.py); translators edit the `.po`
files. Message ids are symbolic (`home_title`, `status.DITERIMA`, `action.SUBMIT`, `month.3`);
`{name}` placeholders are filled with str.format. Field-level validation messages come from the
API's catalogue (the `api` domain, read by chalicelib/http/messages.py), so a rule has one wording
wherever it is broken. A page is rendered in one language only.

The dicts below are for merges only: a branch written before the catalogs may still add entries
here. They work at once (t() falls back to them), and `python -m laportools.catalogs import-text`
moves them into both `.po` files (the catalogue test fails until it has been run).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.calendar import JAKARTA
from chalicelib.http.messages import message as api_message
from chalicelib.pages import catalog

LANGS = ("id", "en")
DEFAULT_LANG = "id"

# Merge-time holding area only (see the module docstring): key -> lang -> text. New strings go
# straight into the .po files.
TEXT: dict[str, dict[str, str]] = {}
# status -> lang -> (plain words, what it means for you)
STATUS: dict[str, dict[str, tuple[str, str]]] = {}

ACTION: dict[str, dict[str, str]] = {}

DEADLINE_KIND: dict[str, dict[str, str]] = {}


# Form field -> the catalog key of its label, so an error summary names the field it lists
# ("Judul laporan: Wajib diisi.") instead of repeating "Wajib diisi." once per field.
FIELD_LABELS: dict[str, str] = {
    "classification": "classification_legend", "title": "title_label", "body": "body_label",
    "incident_date": "date_label", "province": "province_label", "regency": "regency_label",
    "region_code": "location_legend", "address": "address_label", "latitude": "latitude_label",
    "longitude": "longitude_label", "category": "category_label", "agency_id": "agency_label",
    "attachments": "attachments_label", "reporter_name": "name_label", "reporter_email": "email_label",
    "reporter_phone": "phone_label",
}


def field_label(field: str, translate: Any) -> str:
    """The label of a form field in the page's language (`translate` is the page's t), or ""."""
    key = FIELD_LABELS.get(field)
    return translate(key) if key else ""


def pick_lang(value: str | None) -> str | None:
    return value if value in LANGS else None


def _legacy(key: str, lang: str) -> str | None:
    """A string a merged branch still keeps in the dicts above (until `import-text` moves it)."""
    table, _, name = key.partition(".")
    if key in TEXT:
        entry = TEXT[key]
        return entry.get(lang) or entry.get(DEFAULT_LANG)
    if table == "status" and name:
        code, _, part = name.partition(".")
        words = STATUS.get(code, {}).get(lang)
        return words[1 if part == "meaning" else 0] if words else None
    if table == "action":
        return (ACTION.get(name) or {}).get(lang)
    if table == "deadline_kind":
        return (DEADLINE_KIND.get(name) or {}).get(lang)
    return None


def text(key: str, lang: str) -> str | None:
    """The string `key` in `lang` (falling back to Indonesian), or None when no catalogue has it."""
    return (catalog.lookup(key, lang) or _legacy(key, lang)
            or catalog.lookup(key, DEFAULT_LANG) or _legacy(key, DEFAULT_LANG))


def t(key: str, lang: str, **params: Any) -> str:
    # An id missing everywhere shows as itself rather than failing the page; the catalogue test
    # (tests/web/test_catalogs.py) keeps that from ever shipping.
    words = text(key, lang) or key
    return words.format(**params) if params else words


def error_text(code: str, lang: str, **params: Any) -> str:
    """A validation message: the web's own wording when it has one, else the API catalogue's."""
    if text(code, lang) is not None:
        return t(code, lang, **params)
    return api_message(code, lang, **params)


def status_words(status: str, lang: str, for_reporter: bool = False) -> tuple[str, str]:
    """(plain words, what it means) of a status. The catalog's words speak to the reporter
    ("laporan Anda"); everyone else (the public on a stranger's report, staff) reads the
    third-person `status_other.*` wording where the two differ."""
    words = text(f"status.{status}", lang)
    if not words:
        return status, ""
    meaning = text(f"status.{status}.meaning", lang) or ""
    if not for_reporter:
        words = text(f"status_other.{status}", lang) or words
        meaning = text(f"status_other.{status}.meaning", lang) or meaning
    return words, meaning


def action_words(action: str, lang: str) -> str:
    return text(f"action.{action}", lang) or action


def deadline_kind_words(kind: str | None, lang: str) -> str:
    return text(f"deadline_kind.{kind}", lang) or "" if kind else ""


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """A number as the reader writes it: '2,5' and '1.234' in Indonesian, '2.5' and '1,234' in
    English (CLDR rules via Babel). Imported on first use, so pages without numbers load no Babel."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=lang if lang in LANGS else DEFAULT_LANG)


def format_date(moment: datetime | None, lang: str, with_time: bool = False) -> str:
    """'3 Desember 2025, 14.05 WIB' / '3 December 2025, 14:05 WIB' (Jakarta time)."""
    if moment is None:
        return ""
    local = moment.astimezone(JAKARTA)
    words = f"{local.day} {t(f'month.{local.month}', lang)} {local.year}"
    if with_time:
        separator = "." if lang == "id" else ":"
        words += f", {local.hour:02d}{separator}{local.minute:02d} WIB"
    return words


def spell_tracking_id(tracking_id: str, lang: str) -> str:
    """How to read a tracking ID aloud: letters as they are, digits and the dash as words."""
    return ", ".join(t(f"spell.{ch}", lang) if ch in "23456789-" else ch for ch in tracking_id)
