"""Every message a person may read from the API, in Bahasa Indonesia and English."""
from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    # request shape
    "malformed_json": {"id": "Isi permintaan bukan JSON yang sah.", "en": "The request body is not valid JSON."},
    "json_object_expected": {"id": "Isi permintaan harus berupa objek JSON.", "en": "The request body must be a JSON object."},
    "unsupported_media_type": {"id": "Jenis konten tidak didukung; kirim application/json.", "en": "Unsupported content type; send application/json."},
    "payload_too_large": {"id": "Isi permintaan melebihi batas {limit} byte.", "en": "The request body exceeds the {limit}-byte limit."},
    "validation_failed": {"id": "Ada isian yang belum benar.", "en": "Some fields are not valid."},
    "not_found": {"id": "Laporan tidak ditemukan.", "en": "Report not found."},
    "route_not_found": {"id": "Alamat tidak ditemukan.", "en": "No such endpoint."},
    "method_not_allowed": {"id": "Metode HTTP tidak diizinkan di alamat ini.", "en": "HTTP method not allowed on this endpoint."},
    "bad_request": {"id": "Permintaan tidak dapat diproses.", "en": "The request could not be processed."},
    "internal_error": {"id": "Terjadi kesalahan pada sistem. Laporan Anda tidak hilang; silakan coba lagi.", "en": "Something went wrong on our side. Nothing was lost; please try again."},
    "unauthorized": {"id": "Token atau kunci akses tidak sah.", "en": "Invalid or missing access token or key."},
    "invalid_tracking_id": {"id": "Nomor pelacakan tidak sah. Periksa kembali 10 karakternya.", "en": "Invalid tracking ID. Check its 10 characters again."},
    "idempotency_key_reused": {"id": "Idempotency-Key ini sudah dipakai untuk laporan yang berbeda.", "en": "This Idempotency-Key was already used for a different report."},
    "idempotency_in_progress": {"id": "Permintaan dengan Idempotency-Key ini sedang diproses; coba lagi sebentar.", "en": "A request with this Idempotency-Key is still in progress; retry shortly."},
    "invalid_idempotency_key": {"id": "Idempotency-Key harus 8-128 karakter huruf, angka, '-' atau '_'.", "en": "Idempotency-Key must be 8-128 letters, digits, '-' or '_'."},
    "invalid_query": {"id": "Parameter '{field}' tidak sah.", "en": "Query parameter '{field}' is invalid."},
    "illegal_transition": {"id": "Tindakan {action} tidak dapat dilakukan pada laporan berstatus {status}.", "en": "Action {action} is not possible on a report with status {status}."},
    "forbidden_transition": {"id": "Anda tidak berwenang melakukan {action} pada laporan berstatus {status}.", "en": "You may not perform {action} on a report with status {status}."},
    "concurrent_update": {"id": "Laporan baru saja diubah pihak lain; muat ulang lalu coba lagi.", "en": "The report was just changed by someone else; reload and try again."},
    # field errors
    "missing": {"id": "Wajib diisi.", "en": "This field is required."},
    "extra_forbidden": {"id": "Isian ini tidak dikenal.", "en": "Unknown field."},
    "string_type": {"id": "Harus berupa teks.", "en": "Must be text."},
    "bool_type": {"id": "Harus true atau false.", "en": "Must be true or false."},
    "float_type": {"id": "Harus berupa angka.", "en": "Must be a number."},
    "int_type": {"id": "Harus berupa bilangan bulat.", "en": "Must be a whole number."},
    "model_type": {"id": "Harus berupa objek.", "en": "Must be an object."},
    "string_too_short": {"id": "Terlalu pendek: minimal {min_length} karakter.", "en": "Too short: at least {min_length} characters."},
    "string_too_long": {"id": "Terlalu panjang: maksimal {max_length} karakter.", "en": "Too long: at most {max_length} characters."},
    "greater_than_equal": {"id": "Harus paling kecil {ge}.", "en": "Must be at least {ge}."},
    "less_than_equal": {"id": "Harus paling besar {le}.", "en": "Must be at most {le}."},
    "invalid_classification": {"id": "Pilih PENGADUAN, ASPIRASI, atau PERMINTAAN_INFORMASI.", "en": "Choose PENGADUAN, ASPIRASI or PERMINTAAN_INFORMASI."},
    "invalid_date": {"id": "Tanggal harus berformat TTTT-BB-HH dan benar-benar ada.", "en": "The date must be YYYY-MM-DD and exist."},
    "future_date": {"id": "Tanggal kejadian tidak boleh di masa depan.", "en": "The incident date cannot be in the future."},
    "date_too_old": {"id": "Tanggal kejadian terlalu lama (sebelum tahun 2000).", "en": "The incident date is too old (before 2000)."},
    "unknown_region": {"id": "Kode wilayah tidak dikenal. Gunakan kode Kemendagri, misalnya 62.01.", "en": "Unknown region code. Use a Kemendagri code such as 62.01."},
    "unknown_category": {"id": "Kategori tidak dikenal. Lihat /api/v1/categories.", "en": "Unknown category. See /api/v1/categories."},
    "unknown_agency": {"id": "Instansi tidak dikenal.", "en": "Unknown agency."},
    "invalid_email": {"id": "Alamat email tidak sah.", "en": "Invalid email address."},
    "invalid_phone": {"id": "Nomor telepon tidak sah (8-15 angka, boleh diawali +).", "en": "Invalid phone number (8-15 digits, optional leading +)."},
    "coordinates_pair": {"id": "Lintang dan bujur harus diisi bersama.", "en": "Latitude and longitude go together."},
    "invalid_value": {"id": "Nilai tidak sah.", "en": "Invalid value."},
}


def message(code: str, lang: str, **params: Any) -> str:
    entry = MESSAGES.get(code) or MESSAGES["invalid_value"]
    text = entry.get(lang) or entry["id"]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
