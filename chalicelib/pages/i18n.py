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
from typing import Any, Optional

from chalicelib.http.messages import message as api_message
from chalicelib.domain.calendar import JAKARTA
from chalicelib.pages import catalog

LANGS = ("id", "en")
DEFAULT_LANG = "id"

# Merge-time holding area only (see the module docstring): key -> lang -> text. New strings go
# straight into the .po files.
TEXT: dict[str, dict[str, str]] = {
    # verification desk (branch desk)
    'desk.directory_new_account': {
        "id": 'Tambah akun petugas instansi',
        "en": "Add a staff account for the agency"},
    'console.page.instansi': {
        "id": 'Instansi',
        "en": 'Agencies'},
    'console.lead.instansi': {
        "id": 'Data instansi, akun petugas dan kunci API setiap instansi.',
        "en": "Every agency's entry, staff accounts and API keys."},
    'desk.directory_region': {
        "id": 'Wilayah',
        "en": 'Region'},
    'desk.directory_name_id': {
        "id": 'Nama (Bahasa Indonesia)',
        "en": 'Name (Indonesian)'},
    'desk.directory_name_en': {
        "id": 'Nama (Inggris)',
        "en": 'Name (English)'},
    'desk.directory_save': {
        "id": 'Simpan nama',
        "en": 'Save names'},
    'desk.directory_name_rule': {
        "id": 'Nama 3 sampai 300 karakter.',
        "en": 'A name of 3 to 300 characters.'},
    'desk.directory_keys': {
        "id": 'Kunci API',
        "en": 'API keys'},
    'desk.directory_new_key': {
        "id": 'Kunci baru. Salin sekarang: kunci ini hanya ditampilkan sekali.',
        "en": 'New key. Copy it now: it is shown only once.'},
    'desk.directory_key_revoked': {
        "id": 'dicabut',
        "en": 'revoked'},
    'desk.directory_revoke': {
        "id": 'Cabut',
        "en": 'Revoke'},
    'desk.directory_no_keys': {
        "id": 'Belum ada kunci API.',
        "en": 'No API key yet.'},
    'desk.directory_issue_key': {
        "id": 'Buat kunci API baru',
        "en": 'Issue a new API key'},
    'desk.directory_staff': {
        "id": 'Akun petugas',
        "en": 'Staff accounts'},
    'desk.directory_role': {
        "id": 'Peran',
        "en": 'Role'},
    'desk.directory_role_rule': {
        "id": 'Pilih admin instansi atau pejabat penghubung.',
        "en": 'Choose agency admin or liaison officer.'},
    'desk.directory_done.ubah': {
        "id": 'Nama instansi disimpan.',
        "en": 'Agency names saved.'},
    'desk.directory_done.aktifkan': {
        "id": 'Instansi diaktifkan.',
        "en": 'Agency activated.'},
    'desk.directory_done.nonaktifkan': {
        "id": 'Instansi dinonaktifkan: kuncinya dan webhook-nya berhenti.',
        "en": 'Agency deactivated: its keys and webhooks stop.'},
    'desk.directory_done.kunci-baru': {
        "id": 'Kunci API dibuat.',
        "en": 'API key issued.'},
    'desk.directory_done.cabut-kunci': {
        "id": 'Kunci API dicabut.',
        "en": 'API key revoked.'},
    'desk.directory_done.akun': {
        "id": 'Akun dibuat.',
        "en": 'Account created.'},
    'desk.directory_done.akun-aktifkan': {
        "id": 'Akun diaktifkan.',
        "en": 'Account activated.'},
    'desk.directory_done.akun-nonaktifkan': {
        "id": 'Akun dinonaktifkan.',
        "en": 'Account deactivated.'},
    'console.act.gabung': {
        "id": 'Gabungkan ke laporan asli',
        "en": 'Merge into the original report'},
    'console.button.gabung': {
        "id": 'Gabungkan',
        "en": 'Merge'},
    'console.done.gabung': {
        "id": 'Laporan digabungkan ke laporan asli; pelapornya diberi tahu.',
        "en": 'Report merged into the original; its reporter was told.'},
    'desk.merge_hint': {
        "id": ('Laporan ini diarsipkan sebagai duplikat, pelapornya diberi tahu laporan mana yang '
               'diikuti, dan dukungannya ditambahkan ke laporan asli.'),
        "en": ('This report is archived as a duplicate, its reporter is told which report to follow, and '
               'its support is added to the original.')},
    'desk.merge_original': {
        "id": 'Laporan asli',
        "en": 'Original report'},
    'desk.merge_other': {
        "id": 'Atau ID laporan asli lain',
        "en": "Or another original's tracking ID"},
    'desk.merge_choose': {
        "id": 'Pilih laporan asli atau ketik ID-nya.',
        "en": 'Choose the original report or type its tracking ID.'},
    'merge_unknown_original': {
        "id": 'Laporan asli dengan ID itu tidak ditemukan.',
        "en": 'No original report has that tracking ID.'},
    'merge_same_report': {
        "id": 'Laporan tidak dapat digabungkan ke dirinya sendiri.',
        "en": 'A report cannot be merged into itself.'},
    'merge_original_closed': {
        "id": 'Laporan asli sudah ditutup; pilih laporan yang masih berjalan.',
        "en": 'The original is closed; choose a report still open.'},
    'desk.look_alike_score': {
        "id": 'kemiripan {n}%',
        "en": 'similarity {n}%'},
    'desk.csv': {
        "id": 'Unduh CSV (semua baris)',
        "en": 'Download CSV (every row)'},
    'console.page.jatuh-tempo': {
        "id": 'Jatuh tempo',
        "en": 'Falling due'},
    'console.lead.jatuh-tempo': {
        "id": ('Laporan yang tenggatnya jatuh dalam hari kerja berikut, per instansi: '
               'yang sudah lewat, hari ini, dan tiap hari kerja sesudahnya.'),
        "en": ('Reports whose deadline falls within the next working days, by agency: '
               'overdue, today, and each working day after.')},
    'desk.due_days': {
        "id": 'Hari kerja ke depan',
        "en": 'Working days ahead'},
    'desk.due_days_bad': {
        "id": 'Pilih 1 sampai {max} hari kerja.',
        "en": 'Choose 1 to {max} working days.'},
    'desk.due_show': {
        "id": 'Tampilkan',
        "en": 'Show'},
    'desk.due_agency': {
        "id": 'Instansi',
        "en": 'Agency'},
    'desk.due_today': {
        "id": 'Hari ini',
        "en": 'Today'},
    'desk.due_total': {
        "id": 'Jumlah',
        "en": 'Total'},
    'desk.due_none': {
        "id": 'Tidak ada laporan yang jatuh tempo dalam rentang ini.',
        "en": 'No report falls due in this range.'},
    'desk.due_capped': {
        "id": 'Terlalu banyak laporan: yang tampil hanya sebagian. Persempit rentang hari.',
        "en": 'Too many reports: only part is shown. Narrow the range of days.'},
    'action.AMEND': {
        "id": 'Admin mengoreksi data laporan',
        "en": 'An admin corrected the report'},
    'action.NOTE': {
        "id": 'Catatan internal',
        "en": 'Internal note'},
    'desk.reasons_title': {
        "id": 'Mengapa laporan ini menunggu Anda',
        "en": 'Why this report is waiting for you'},
    'desk.reason.not_authority': {
        "id": 'Instansi tujuan menyatakan bukan wewenangnya',
        "en": 'The office said it is not its authority'},
    'desk.reason.disagrees': {
        "id": 'Isi laporan tidak cocok dengan topik yang dipilih pelapor',
        "en": 'The text contradicts the topic the reporter chose'},
    'desk.reason.unsure': {
        "id": 'Sistem belum yakin ke mana laporan ini harus diteruskan',
        "en": 'The router is not sure where this report belongs'},
    'desk.reason.no_region': {
        "id": 'Wilayah laporan belum diketahui',
        "en": "The report's region is not known"},
    'desk.reason.duplicate': {
        "id": 'Mungkin sama dengan laporan lain (lihat laporan serupa)',
        "en": 'Possibly a duplicate (see the look-alike reports)'},
    'desk.reason.on_hold': {
        "id": 'Menunggu penjelasan dari pelapor',
        "en": "Waiting for the reporter's clarification"},
    'desk.reason.no_route': {
        "id": 'Tidak ada instansi yang cocok untuk topik dan wilayah ini',
        "en": 'No office matches this topic and region'},
    'desk.reason_short.not_authority': {
        "id": 'Bukan wewenang',
        "en": 'Not its authority'},
    'desk.reason_short.disagrees': {
        "id": 'Topik bertentangan',
        "en": 'Contradicting topic'},
    'desk.reason_short.unsure': {
        "id": 'Sistem ragu',
        "en": 'Router unsure'},
    'desk.reason_short.no_region': {
        "id": 'Tanpa wilayah',
        "en": 'No region'},
    'desk.reason_short.duplicate': {
        "id": 'Mungkin duplikat',
        "en": 'Possible duplicate'},
    'desk.reason_short.on_hold': {
        "id": 'Ditunda',
        "en": 'On hold'},
    'desk.reason_short.no_route': {
        "id": 'Tanpa rute',
        "en": 'No route'},
    'desk.refusal': {
        "id": '{agency} — “{reason}”',
        "en": '{agency} — “{reason}”'},
    'desk.reading': {
        "id": 'Sistem membaca topik: {category} (keyakinan {confidence}%)',
        "en": 'The router read the topic as: {category} (confidence {confidence}%)'},
    'desk.reading_given': {
        "id": 'pelapor memilih: {given}',
        "en": 'the reporter chose: {given}'},
    'desk.words': {
        "id": 'kata yang cocok: {words}',
        "en": 'matched words: {words}'},
    'desk.offices_title': {
        "id": 'Usulan instansi',
        "en": 'Suggested offices'},
    'desk.forward_button': {
        "id": 'Teruskan ke {name}',
        "en": 'Forward to {name}'},
    'desk.office_topic': {
        "id": 'topik: {category}',
        "en": 'topic: {category}'},
    'desk.confidence': {
        "id": 'keyakinan {n}%',
        "en": 'confidence {n}%'},
    'desk.source.router': {
        "id": 'Saran sistem',
        "en": "The router's suggestion"},
    'desk.source.category': {
        "id": 'Sesuai topik laporan',
        "en": "By the report's topic"},
    'desk.source.reporter': {
        "id": 'Dipilih pelapor',
        "en": 'Chosen by the reporter'},
    'desk.no_offices': {
        "id": 'Tidak ada usulan instansi untuk wilayah laporan ini. Cari instansi di bawah.',
        "en": "No office to suggest in this report's region. Search the directory below."},
    'desk.other_office': {
        "id": 'Instansi lain? Cari di bawah: instansi di wilayah laporan tampil lebih dulu.',
        "en": "Another office? Search below: offices of the report's region come first."},
    'desk.empty_value': {
        "id": '(kosong)',
        "en": '(empty)'},
    'desk.changed': {
        "id": '{field}: {before} → {after}',
        "en": '{field}: {before} → {after}'},
    'desk.field.classification': {
        "id": 'Jenis',
        "en": 'Type'},
    'desk.field.category': {
        "id": 'Topik',
        "en": 'Topic'},
    'desk.field.anonim': {
        "id": 'Anonim',
        "en": 'Anonymous'},
    'desk.field.rahasia': {
        "id": 'Rahasia',
        "en": 'Secret'},
    'desk.event_suggest': {
        "id": 'Topik yang disarankan sistem: {category} (keyakinan {confidence}%)',
        "en": 'Topic the router suggested: {category} (confidence {confidence}%)'},
    'desk.event_offices': {
        "id": 'Instansi yang disarankan: {names}',
        "en": 'Offices suggested: {names}'},
    'desk.unchanged': {
        "id": '— tidak diubah —',
        "en": '— unchanged —'},
    'desk.no_topic_yet': {
        "id": 'Belum ada topik',
        "en": 'No topic yet'},
    'desk.nothing_to_correct': {
        "id": 'Tidak ada yang dikoreksi. Untuk catatan saja, pakai formulir catatan internal.',
        "en": 'Nothing to correct. For a note only, use the internal note form.'},
    'desk.tab.DITERIMA': {
        "id": 'Baru diterima',
        "en": 'Newly received'},
    'desk.tab.BUKAN_WEWENANG': {
        "id": 'Bukan wewenang',
        "en": 'Not its authority'},
    'desk.tab.DITUNDA': {
        "id": 'Menunggu penjelasan pelapor',
        "en": 'Waiting for the reporter'},
    'desk.search_label': {
        "id": 'Cari: ID laporan, kata, atau telepon/email pelapor',
        "en": "Search: tracking ID, words, or the reporter's phone/email"},
    'desk.search_button': {
        "id": 'Cari',
        "en": 'Search'},
    'desk.sort_label': {
        "id": 'Urutkan',
        "en": 'Sort'},
    'desk.sort.deadline': {
        "id": 'Tenggat terdekat dulu',
        "en": 'Nearest deadline first'},
    'desk.sort.deadline_desc': {
        "id": 'Tenggat terjauh dulu',
        "en": 'Latest deadline first'},
    'desk.sort.received': {
        "id": 'Terlama diterima dulu',
        "en": 'Oldest received first'},
    'desk.sort.received_desc': {
        "id": 'Terbaru diterima dulu',
        "en": 'Newest received first'},
    'desk.total': {
        "id": '{total} laporan · halaman {page} dari {pages}',
        "en": '{total} reports · page {page} of {pages}'},
    'desk.found_by_id': {
        "id": 'Ditemukan dengan ID laporan.',
        "en": 'Found by its tracking ID.'},
    'desk.age': {
        "id": '{n} hari kerja',
        "en": '{n} working days'},
    'desk.col_select': {
        "id": 'Pilih',
        "en": 'Select'},
    'desk.col_reason': {
        "id": 'Alasan',
        "en": 'Why here'},
    'desk.col_age': {
        "id": 'Umur',
        "en": 'Age'},
    'desk.select_report': {
        "id": 'Pilih laporan {id}',
        "en": 'Select report {id}'},
    'desk.prev_page': {
        "id": 'Halaman sebelumnya',
        "en": 'Previous page'},
    'desk.bulk_title': {
        "id": 'Tindakan untuk laporan terpilih',
        "en": 'Action on the selected reports'},
    'desk.bulk_action': {
        "id": 'Tindakan',
        "en": 'Action'},
    'desk.bulk.disposisi': {
        "id": 'Teruskan ke instansi',
        "en": 'Forward to an office'},
    'desk.bulk.arsip': {
        "id": 'Arsipkan',
        "en": 'Archive'},
    'desk.bulk_agency': {
        "id": 'Kode instansi tujuan (untuk meneruskan)',
        "en": 'Target office code (to forward)'},
    'desk.bulk_reason': {
        "id": 'Alasan arsip (untuk mengarsipkan)',
        "en": 'Archive reason (to archive)'},
    'desk.bulk_button': {
        "id": 'Jalankan',
        "en": 'Apply'},
    'desk.bulk_none_selected': {
        "id": 'Pilih minimal satu laporan.',
        "en": 'Select at least one report.'},
    'desk.bulk_choose_action': {
        "id": 'Pilih tindakan: teruskan atau arsipkan.',
        "en": 'Choose an action: forward or archive.'},
    'desk.bulk_unknown_agency': {
        "id": 'Kode instansi tujuan tidak dikenal atau tidak aktif.',
        "en": 'The target office code is unknown or inactive.'},
    'desk.bulk_choose_reason': {
        "id": 'Pilih alasan arsip.',
        "en": 'Choose an archive reason.'},
    'desk.bulk_done.disposisi': {
        "id": '{done} laporan diteruskan; {failed} tidak (sudah berubah atau tidak dapat diteruskan).',
        "en": '{done} reports forwarded; {failed} not (changed meanwhile or not forwardable).'},
    'desk.bulk_done.arsip': {
        "id": '{done} laporan diarsipkan; {failed} tidak (sudah berubah atau tidak dapat diarsipkan).',
        "en": '{done} reports archived; {failed} not (changed meanwhile or not archivable).'},
}
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


def deadline_kind_words(kind: Optional[str], lang: str) -> str:
    return text(f"deadline_kind.{kind}", lang) or "" if kind else ""


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """A number as the reader writes it: '2,5' and '1.234' in Indonesian, '2.5' and '1,234' in
    English (CLDR rules via Babel). Imported on first use, so pages without numbers load no Babel."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=lang if lang in LANGS else DEFAULT_LANG)


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
