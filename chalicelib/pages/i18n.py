"""The words of the web pages in Bahasa Indonesia (default) and English: `t(key, lang, **params)`.

The strings live in gettext catalogs (`locale/<lang>/LC_MESSAGES/messages.po`, compiled to `.mo`
and read by chalicelib/pages/catalog.py); translators edit the `.po` files. Message ids are symbolic
(`home_title`, `status.DITERIMA`, `action.SUBMIT`, `month.3`); `{name}` placeholders are filled with
str.format. Field-level validation messages come from the API's catalogue
(chalicelib/http/messages.py), so a rule has one wording wherever it is broken. A page is rendered
in one language only.

The dicts below are for merges only: a branch written before the catalogs may still add entries
here. They work at once (t() falls back to them), and `python -m laportools.catalogs import-text`
moves them into both `.po` files (the catalogue test fails until it has been run).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from chalicelib.http.messages import message as api_message
from chalicelib.domain.calendar import JAKARTA
from chalicelib.pages import catalog

LANGS = ("id", "en")
DEFAULT_LANG = "id"

# Merge-time holding area only (see the module docstring): key -> lang -> text. New strings go
# straight into the .po files.
TEXT: dict[str, dict[str, str]] = {
    # Evidence and place (issue 24)
    "console.file_open": {"id": "Buka berkas", "en": "Open file"},
    "console.file_thumbnail_alt": {"id": "Pratinjau foto lampiran", "en": "Preview of the attached photo"},
    "console.file_not_cleaned": {"id": "Berkas lama (belum dibersihkan dari metadata): tidak dapat dibuka.",
                                 "en": "Older file (metadata not stripped): cannot be opened."},
    "console.file_audit_hint": {"id": "Setiap kali berkas dibuka, nama Anda dan waktunya dicatat.",
                                "en": "Each time a file is opened, your name and the time are recorded."},
    "console.file_not_found": {"id": "Berkas tidak ditemukan pada laporan ini.", "en": "No such file on this report."},
    "console.files_label": {"id": "Foto atau dokumen (opsional)", "en": "Photos or documents (optional)"},
    "console.files_hint": {"id": "JPG, PNG, WebP atau PDF, paling banyak 5 berkas @ 5 MB. Metadata (lokasi GPS, nomor seri kamera) dihapus otomatis; pelapor melihatnya, dan publik juga bila laporan tidak rahasia.",
                           "en": "JPG, PNG, WebP or PDF, at most 5 files of 5 MB. Metadata (GPS position, camera serial) is stripped automatically; the reporter sees them, and the public too unless the report is secret."},
    "files_title": {"id": "Foto dan dokumen dari instansi", "en": "Photos and documents from the agency"},
    "map_label": {"id": "Titik lokasi di peta", "en": "Location pin on the map"},
    "map_hint": {"id": "Klik peta untuk menaruh pin, geser pin untuk memperbaiki. Tanpa peta, isi alamat atau pakai lokasi Anda.",
                 "en": "Click the map to drop a pin, drag it to correct it. Without the map, fill in the address or use your location."},
    "map_use_location": {"id": "Pakai lokasi saya", "en": "Use my location"},
    "map_clear": {"id": "Hapus titik", "en": "Remove the pin"},
    "map_locating": {"id": "Mencari lokasi Anda…", "en": "Finding your location…"},
    "map_location_failed": {"id": "Lokasi tidak dapat ditemukan. Taruh pin di peta atau isi alamat.",
                            "en": "Your location could not be found. Drop a pin on the map or fill in the address."},
    "map_region_proposed": {"id": "Wilayah diusulkan dari titik: {name}", "en": "Region proposed from the pin: {name}"},
    "public_map_title": {"id": "Peta laporan", "en": "Map of reports"},
    "public_map_intro": {"id": "Laporan publik yang bertitik lokasi. Titik laporan anonim dibulatkan sekitar 100 m; laporan rahasia tidak pernah tampil.",
                         "en": "Public reports with a location pin. Pins of anonymous reports are rounded to about 100 m; secret reports never appear."},
    "public_map_geojson": {"id": "Unduh sebagai GeoJSON", "en": "Download as GeoJSON"},
    "public_map_none": {"id": "Belum ada laporan bertitik lokasi untuk pilihan ini.", "en": "No reports with a location for this choice yet."},
    "public_map_count": {"id": "{count} laporan di peta", "en": "{count} reports on the map"},
    "nav_map": {"id": "Peta", "en": "Map"},
}
# status -> lang -> (plain words, what it means for you)
STATUS: dict[str, dict[str, tuple[str, str]]] = {}

ACTION: dict[str, dict[str, str]] = {}

DEADLINE_KIND: dict[str, dict[str, str]] = {}


def pick_lang(value: Optional[str]) -> Optional[str]:
    return value if value in LANGS else None


def _legacy(key: str, lang: str) -> Optional[str]:
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


def text(key: str, lang: str) -> Optional[str]:
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


def status_words(status: str, lang: str) -> tuple[str, str]:
    """(plain words, what it means for the reporter) of a status."""
    words = text(f"status.{status}", lang)
    return (words, text(f"status.{status}.meaning", lang) or "") if words else (status, "")


def action_words(action: str, lang: str) -> str:
    return text(f"action.{action}", lang) or action


def deadline_kind_words(kind: Optional[str], lang: str) -> str:
    return text(f"deadline_kind.{kind}", lang) or "" if kind else ""


def format_date(moment: Optional[datetime], lang: str, with_time: bool = False) -> str:
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
