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
    "invalid_channel": {"id": "X-Lapor-Channel hanya boleh REGIONAL (dengan kunci API instansi).", "en": "X-Lapor-Channel may only be REGIONAL (with an agency API key)."},
    "reply_window_closed": {"id": "Batas waktu 10 hari kerja untuk menanggapi sudah lewat.", "en": "The 10-working-day window to reply has passed."},
    "already_rated": {"id": "Laporan ini sudah Anda nilai.", "en": "You have already rated this report."},
    "reopen_window_closed": {"id": "Batas waktu 10 hari kerja untuk membuka kembali laporan ini sudah lewat.", "en": "The 10-working-day window to reopen this report has passed."},
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
    # attachments (intake/attachments.py)
    "attachment_type": {"id": "Lampiran harus berupa foto JPG, PNG atau WebP, atau dokumen PDF.", "en": "Attachments must be JPG, PNG or WebP photos, or PDF documents."},
    "attachment_too_large": {"id": "Setiap lampiran paling besar 5 MB.", "en": "Each attachment can be at most 5 MB."},
    "attachment_missing": {"id": "Lampiran tidak ditemukan atau belum selesai diunggah. Unggah lagi.", "en": "The attachment was not found or did not finish uploading. Upload it again."},
    "too_many_attachments": {"id": "Paling banyak 5 lampiran.", "en": "At most 5 attachments."},
    "attachment_claimed": {"id": "Lampiran ini sudah dipakai di laporan lain. Unggah lagi berkasnya untuk laporan ini.", "en": "This attachment is already used in another report. Upload the file again for this report."},
    "too_long": {"id": "Terlalu banyak: paling banyak {max_length}.", "en": "Too many: at most {max_length}."},
    "list_type": {"id": "Harus berupa daftar.", "en": "Must be a list."},
}


def message(code: str, lang: str, **params: Any) -> str:
    entry = MESSAGES.get(code) or MESSAGES["invalid_value"]
    text = entry.get(lang) or entry["id"]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


# Agency and admin APIs, webhooks (issue 4).
MESSAGES.update({
    "missing_api_key": {"id": "Kunci API belum dikirim. Tambahkan header 'Authorization: Bearer <kunci>'.", "en": "No API key sent. Add the header 'Authorization: Bearer <key>'."},
    "invalid_api_key": {"id": "Kunci API tidak dikenal atau sudah dicabut.", "en": "Unknown or revoked API key."},
    "agency_key_required": {"id": "Alamat ini memerlukan kunci API instansi.", "en": "This endpoint needs an agency API key."},
    "admin_key_required": {"id": "Alamat ini memerlukan kunci API admin nasional.", "en": "This endpoint needs a national admin API key."},
    "invalid_cursor": {"id": "Kursor halaman tidak sah; mulai lagi dari halaman pertama.", "en": "Invalid page cursor; start again from the first page."},
    "invalid_status": {"id": "Status tidak dikenal.", "en": "Unknown status."},
    "invalid_webhook_url": {"id": "URL webhook tidak sah.", "en": "Invalid webhook URL."},
    "webhook_url_not_https": {"id": "URL webhook harus memakai https.", "en": "The webhook URL must use https."},
    "webhook_url_private": {"id": "URL webhook tidak boleh menuju alamat internal (privat, loopback, link-local atau non-publik lainnya).", "en": "The webhook URL must not resolve to an internal address (private, loopback, link-local or otherwise non-public)."},
    "webhook_url_unresolvable": {"id": "Nama host URL webhook tidak dapat di-resolve.", "en": "The webhook URL's host name does not resolve."},
    "no_webhook": {"id": "Instansi ini belum mendaftarkan webhook.", "en": "This agency has no webhook registered."},
    "delivery_not_found": {"id": "Pengiriman webhook tidak ditemukan.", "en": "Webhook delivery not found."},
    "same_agency": {"id": "Laporan sudah berada di instansi ini.", "en": "The report is already with this agency."},
    "agency_inactive": {"id": "Instansi tujuan tidak aktif.", "en": "The target agency is not active."},
    "agency_not_found": {"id": "Instansi tidak ditemukan.", "en": "Agency not found."},
    "agency_exists": {"id": "Instansi dengan id ini sudah ada.", "en": "An agency with this id already exists."},
    "key_not_found": {"id": "Kunci API tidak ditemukan.", "en": "API key not found."},
    "invalid_archive_reason": {"id": "Alasan arsip harus salah satu dari: {choices}.", "en": "The archive reason must be one of: {choices}."},
    "nothing_to_change": {"id": "Tidak ada perubahan yang dikirim.", "en": "No change was sent."},
    "version_mismatch": {"id": "Versi laporan yang Anda kirim sudah bukan yang terbaru; muat ulang lalu coba lagi.", "en": "The report version you sent is no longer current; reload and try again."},
    "invalid_attachment_url": {"id": "Lampiran harus berupa URL https.", "en": "Attachments must be https URLs."},
    "missing_staff_token": {"id": "Kirim token ID petugas dari user pool sebagai Authorization: Bearer <token>.", "en": "Send a staff ID token from the user pool as Authorization: Bearer <token>."},
    "invalid_staff_token": {"id": "Token petugas tidak sah.", "en": "The staff token is not valid."},
    "staff_account_inactive": {"id": "Akun petugas ini sudah dinonaktifkan.", "en": "This staff account has been deactivated."},
    "staff_token_expired": {"id": "Token petugas sudah kedaluwarsa; perbarui dengan refresh token.", "en": "The staff token has expired; refresh it with the refresh token."},
})


# Hardening (issue 10): body depth, preconditions, idempotency keys, deactivated agencies, CSRF.
MESSAGES.update({
    "json_too_deep": {"id": "Isi JSON bersarang terlalu dalam (paling banyak {limit} tingkat).", "en": "The JSON body is nested too deeply (at most {limit} levels)."},
    "invalid_if_match": {"id": "Header If-Match harus berisi satu versi laporan, misalnya \"3\".", "en": "The If-Match header must hold one report version, for example \"3\"."},
    "weak_idempotency_key": {"id": "Idempotency-Key terlalu mudah ditebak. Pakai nilai acak: UUID versi 4 atau minimal 16 byte acak (misalnya 22+ karakter base64url).", "en": "The Idempotency-Key is too easy to guess. Use a random value: a version-4 UUID or at least 16 random bytes (e.g. 22+ base64url characters)."},
    "agency_deactivated": {"id": "Instansi pemilik kunci API ini sedang dinonaktifkan.", "en": "The agency that owns this API key is deactivated."},
    "cross_site_form": {"id": "Formulir ini dikirim dari situs lain dan ditolak demi keamanan Anda.", "en": "This form was sent from another site and was refused for your safety."},
    "rate_limited": {"id": "Terlalu banyak permintaan; coba lagi sebentar.", "en": "Too many requests; retry shortly."},
    "forbidden": {"id": "Permintaan ditolak.", "en": "The request was refused."},
})


# Classifier, directory and duplicates (issue 11).
MESSAGES.update({
    "region_needed": {"id": "Pilih wilayah, atau sebutkan tempatnya di laporan (misalnya kecamatan, kelurahan/desa atau kota).", "en": "Choose the region, or name the place in the report (for example the district, village or city)."},
    "text_empty": {"id": "Teks laporan kosong. Ceritakan masalahnya dalam beberapa kata.", "en": "The report text is empty. Describe the problem in a few words."},
    "text_too_long": {"id": "Teks terlalu panjang: paling banyak {limit} karakter.", "en": "The text is too long: at most {limit} characters."},
    "agency_not_found_directory": {"id": "Instansi tidak ditemukan di direktori.", "en": "Agency not found in the directory."},
    "query_too_short": {"id": "Kata pencarian minimal {min} huruf.", "en": "The search words need at least {min} letters."},
})


# Privacy flags are the reporter's choice (issue 20): staff may tighten them, never loosen them.
MESSAGES.update({
    "privacy_loosening_refused": {"id": "Pilihan pelapor '{flag}' hanya dapat diperketat oleh petugas, tidak dapat dimatikan. Laporan tidak diubah.", "en": "The reporter's '{flag}' choice can only be tightened by staff, never turned off. The report was not changed."},
})


# Evidence and place (issue 24): files cleaned at intake, downloads for staff, coordinates.
MESSAGES.update({
    "attachment_empty": {"id": "Berkas lampiran kosong (0 byte). Pilih berkasnya lagi.", "en": "The attachment is empty (0 bytes). Choose the file again."},
    "attachment_bomb": {"id": "Gambar atau dokumen ini terlalu besar saat dibuka (lebih dari 40 megapiksel atau 200 halaman). Kirim versi yang lebih kecil.", "en": "This picture or document is too large once opened (over 40 megapixels or 200 pages). Send a smaller version."},
    "attachment_polyglot": {"id": "Berkas ini berisi berkas lain atau skrip yang tersembunyi, jadi ditolak. Simpan ulang foto atau dokumennya lalu unggah lagi.", "en": "This file hides another file or a script inside it, so it was refused. Save the photo or document again and upload it again."},
    "attachment_damaged": {"id": "Berkas ini rusak, terkunci sandi, atau tidak dapat dibuka. Unggah berkas lain.", "en": "This file is damaged, password-protected or cannot be opened. Upload another file."},
    "attachment_not_cleaned": {"id": "Lampiran ini diunggah sebelum metadata dibersihkan otomatis dan tidak dapat diunduh.", "en": "This attachment was uploaded before metadata was stripped automatically and cannot be downloaded."},
    "attachment_not_found": {"id": "Lampiran tidak ditemukan pada laporan ini.", "en": "No such attachment on this report."},
    "coordinates_outside_indonesia": {"id": "Titik lokasi berada di luar wilayah Indonesia. Geser pin ke lokasi kejadian.", "en": "The location pin is outside Indonesia. Move the pin to where it happened."},
})
