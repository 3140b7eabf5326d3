"""Every string of the citizen web pages, in Bahasa Indonesia (default) and English.

Field-level validation messages come from the API's catalogue (chalicelib/api/messages.py), so a
rule has one wording wherever it is broken. A page is rendered in one language only.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from chalicelib.api.messages import message as api_message
from chalicelib.domain.calendar import JAKARTA

LANGS = ("id", "en")
DEFAULT_LANG = "id"

TEXT: dict[str, dict[str, str]] = {
    # layout
    "service_name": {"id": "Lapor", "en": "Lapor"},
    "service_tagline": {"id": "Layanan pengaduan pelayanan publik", "en": "Public service complaints"},
    "skip_link": {"id": "Langsung ke isi utama", "en": "Skip to main content"},
    "switch_language": {"id": "English", "en": "Bahasa Indonesia"},
    "switch_language_label": {"id": "Ganti bahasa ke English", "en": "Switch language to Bahasa Indonesia"},
    "footer": {"id": "Lapor adalah perangkat lunak terbuka untuk SP4N-LAPOR!.",
               "en": "Lapor is open-source software for SP4N-LAPOR!."},
    "error_prefix": {"id": "Kesalahan", "en": "Error"},
    "error_summary_title": {"id": "Ada yang perlu diperbaiki", "en": "There is a problem"},
    "optional": {"id": "(opsional)", "en": "(optional)"},
    "js_needed": {"id": "Lampiran hanya bisa diunggah jika JavaScript aktif. Anda tetap dapat mengirim laporan tanpa lampiran.",
                  "en": "Attachments can only be uploaded with JavaScript turned on. You can still send your report without them."},
    # home / form
    "home_title": {"id": "Sampaikan laporan Anda", "en": "Send your report"},
    "home_lead": {"id": "Laporkan masalah pelayanan publik, sampaikan aspirasi, atau minta informasi. Laporan Anda diteruskan ke instansi yang berwenang dan wajib ditanggapi.",
                  "en": "Report a problem with a public service, share a suggestion, or ask for information. Your report goes to the agency in charge, which must respond."},
    "track_title": {"id": "Sudah pernah melapor?", "en": "Already sent a report?"},
    "track_label": {"id": "Nomor pelacakan", "en": "Tracking number"},
    "track_hint": {"id": "10 huruf dan angka, misalnya ABCDE-FGH23", "en": "10 letters and numbers, for example ABCDE-FGH23"},
    "track_button": {"id": "Lacak laporan", "en": "Track report"},
    "form_title": {"id": "Isi laporan", "en": "Your report"},
    "classification_legend": {"id": "Jenis laporan", "en": "Type of report"},
    "PENGADUAN": {"id": "Pengaduan", "en": "Complaint"},
    "PENGADUAN_hint": {"id": "Sesuatu dalam pelayanan publik tidak berjalan sebagaimana mestinya dan Anda ingin diperbaiki.",
                       "en": "A public service is not working as it should and you want it fixed."},
    "ASPIRASI": {"id": "Aspirasi", "en": "Suggestion"},
    "ASPIRASI_hint": {"id": "Anda punya usul atau harapan agar sebuah pelayanan publik menjadi lebih baik.",
                      "en": "You have an idea or a wish to make a public service better."},
    "PERMINTAAN_INFORMASI": {"id": "Permintaan informasi", "en": "Request for information"},
    "PERMINTAAN_INFORMASI_hint": {"id": "Anda ingin mendapatkan informasi yang dikuasai sebuah instansi pemerintah.",
                                  "en": "You want information held by a government agency."},
    "title_label": {"id": "Judul laporan", "en": "Title"},
    "title_hint": {"id": "Satu kalimat singkat, misalnya: Jalan berlubang di depan SDN 3", "en": "One short sentence, for example: Pothole in front of the primary school"},
    "body_label": {"id": "Isi laporan", "en": "What happened"},
    "body_hint": {"id": "Ceritakan apa yang terjadi, di mana, dan sejak kapan. Paling sedikit 20 karakter.",
                  "en": "Say what happened, where, and since when. At least 20 characters."},
    "chars_left": {"id": "Sisa {n} karakter", "en": "{n} characters left"},
    "chars_over": {"id": "Kelebihan {n} karakter", "en": "{n} characters too many"},
    "chars_max": {"id": "Paling banyak {n} karakter.", "en": "At most {n} characters."},
    "date_label": {"id": "Tanggal kejadian", "en": "Date it happened"},
    "date_hint": {"id": "Jika tidak tahu pasti, isi perkiraan tanggalnya.", "en": "If you are not sure, give your best guess."},
    "location_legend": {"id": "Lokasi kejadian", "en": "Where it happened"},
    "province_label": {"id": "Provinsi", "en": "Province"},
    "province_choose": {"id": "Pilih provinsi", "en": "Choose a province"},
    "regency_label": {"id": "Kabupaten atau kota", "en": "Regency or city"},
    "regency_hint": {"id": "Pilih yang ada di provinsi yang Anda pilih. Kosongkan jika tidak tahu.", "en": "Choose one in the province you chose. Leave it empty if you do not know."},
    "regency_choose": {"id": "Tidak tahu / seluruh provinsi", "en": "Not sure / whole province"},
    "regency_mismatch": {"id": "Kabupaten atau kota ini tidak ada di provinsi yang dipilih.", "en": "This regency or city is not in the province you chose."},
    "address_label": {"id": "Alamat atau patokan", "en": "Address or landmark"},
    "coords_summary": {"id": "Titik koordinat", "en": "Map coordinates"},
    "coords_hint": {"id": "Tekan tombol untuk memakai lokasi ponsel Anda, atau isi sendiri.", "en": "Press the button to use your phone's location, or type them in."},
    "use_location": {"id": "Gunakan lokasi saya", "en": "Use my location"},
    "locating": {"id": "Mencari lokasi…", "en": "Finding your location…"},
    "location_found": {"id": "Lokasi ditemukan dan diisi.", "en": "Location found and filled in."},
    "location_failed": {"id": "Lokasi tidak bisa didapat. Isi sendiri atau kosongkan.", "en": "Could not get your location. Type it in or leave it empty."},
    "latitude_label": {"id": "Lintang", "en": "Latitude"},
    "longitude_label": {"id": "Bujur", "en": "Longitude"},
    "category_label": {"id": "Topik", "en": "Topic"},
    "category_choose": {"id": "Pilih topik", "en": "Choose a topic"},
    "agency_label": {"id": "Instansi yang Anda tuju", "en": "Agency you have in mind"},
    "agency_hint": {"id": "Jika ragu, biarkan Lapor yang memilih instansi yang berwenang.", "en": "If unsure, let Lapor pick the agency in charge."},
    "agency_auto": {"id": "Biarkan Lapor memilih (disarankan)", "en": "Let Lapor choose (recommended)"},
    "attachments_label": {"id": "Lampiran", "en": "Attachments"},
    "attachments_hint": {"id": "Foto (JPG, PNG, WebP) atau PDF. Paling banyak 5 berkas, masing-masing paling besar 5 MB.",
                         "en": "Photos (JPG, PNG, WebP) or PDF. Up to 5 files, each at most 5 MB."},
    "attachment_uploading": {"id": "Mengunggah {name}…", "en": "Uploading {name}…"},
    "attachment_uploaded": {"id": "{name} terunggah", "en": "{name} uploaded"},
    "attachment_failed": {"id": "{name} gagal diunggah. Coba lagi.", "en": "{name} could not be uploaded. Try again."},
    "attachment_remove": {"id": "Hapus", "en": "Remove"},
    "attachment_remove_label": {"id": "Hapus lampiran {name}", "en": "Remove attachment {name}"},
    "attachment_kept": {"id": "Lampiran terunggah", "en": "Uploaded attachment"},
    "uploads_pending": {"id": "Tunggu sampai semua lampiran selesai diunggah.", "en": "Wait until all attachments have finished uploading."},
    "privacy_legend": {"id": "Kerahasiaan", "en": "Privacy"},
    "anonim_label": {"id": "Anonim: sembunyikan identitas saya", "en": "Anonymous: hide who I am"},
    "anonim_hint": {"id": "Masyarakat umum dan instansi yang menangani tidak akan melihat nama, email, atau nomor telepon Anda. Lapor tetap menyimpannya hanya untuk mengabari Anda. Isi laporan tetap terlihat oleh instansi, jadi jangan tulis nama Anda di dalamnya.",
                    "en": "The public and the agency handling your report will not see your name, email or phone number. Lapor keeps them only to keep you informed. The agency still reads your report, so do not write your name in it."},
    "rahasia_label": {"id": "Rahasia: sembunyikan seluruh laporan dari publik", "en": "Secret: hide the whole report from the public"},
    "rahasia_hint": {"id": "Laporan tidak akan tampil untuk masyarakat umum. Hanya admin Lapor dan instansi yang menangani yang dapat membacanya. Jika tidak dicentang, judul, isi, dan status laporan dapat dibaca siapa saja yang punya nomor pelacakannya, tetapi identitas Anda tidak pernah ditampilkan ke publik.",
                    "en": "The report will not be shown to the public. Only Lapor admins and the agency handling it can read it. If you leave this unticked, anyone with the tracking number can read its title, text and status, but your identity is never shown to the public."},
    "contact_legend": {"id": "Kontak Anda", "en": "Your contact details"},
    "contact_hint": {"id": "Semuanya opsional. Kami memakainya hanya untuk mengabari perkembangan laporan Anda.", "en": "All optional. We only use them to tell you how your report is going."},
    "name_label": {"id": "Nama", "en": "Name"},
    "email_label": {"id": "Email", "en": "Email"},
    "phone_label": {"id": "Nomor ponsel", "en": "Mobile number"},
    "submit": {"id": "Kirim laporan", "en": "Send report"},
    "submitting": {"id": "Mengirim…", "en": "Sending…"},
    "form_resubmitted": {"id": "Laporan ini sudah terkirim sebelumnya.", "en": "This report was already sent."},
    # confirmation
    "confirm_title": {"id": "Laporan Anda sudah kami terima", "en": "We have received your report"},
    "confirm_id_label": {"id": "Nomor pelacakan Anda", "en": "Your tracking number"},
    "confirm_readable": {"id": "Dibaca: {spelled}", "en": "Read aloud: {spelled}"},
    "confirm_keep": {"id": "Simpan nomor ini. Anda memerlukannya untuk melacak laporan.", "en": "Keep this number. You need it to track your report."},
    "confirm_link_intro": {"id": "Tautan di bawah ini berisi kode rahasia Anda. Dengan tautan ini Anda dapat membaca tanggapan instansi, membalasnya, dan memberi penilaian. Simpan tautan ini (misalnya jadikan bookmark) dan jangan bagikan kepada orang lain.",
                           "en": "The link below carries your secret code. With it you can read the agency's response, reply, and rate the handling. Keep it (for example as a bookmark) and do not share it."},
    "confirm_link": {"id": "Buka halaman pelacakan laporan Anda", "en": "Open your report's tracking page"},
    "confirm_code_label": {"id": "Kode rahasia Anda", "en": "Your secret code"},
    "confirm_code_hint": {"id": "Jika membuka dari perangkat lain, masukkan kode ini di halaman pelacakan.", "en": "On another device, enter this code on the tracking page."},
    "confirm_next_title": {"id": "Apa yang terjadi selanjutnya", "en": "What happens next"},
    "confirm_next_1": {"id": "Dalam 3 hari kerja laporan Anda diperiksa dan diteruskan ke instansi yang berwenang.", "en": "Within 3 working days your report is checked and passed to the agency in charge."},
    "confirm_next_2": {"id": "Instansi wajib menindaklanjutinya dalam 5 hari kerja.", "en": "The agency must respond within 5 working days."},
    "confirm_next_3": {"id": "Anda dapat membalas tanggapan instansi dalam 10 hari kerja.", "en": "You can reply to the agency's response within 10 working days."},
    "new_report": {"id": "Buat laporan lain", "en": "Send another report"},
    # tracking
    "report_heading": {"id": "Laporan {id}", "en": "Report {id}"},
    "status_label": {"id": "Status", "en": "Status"},
    "agency_label_track": {"id": "Instansi yang menangani", "en": "Agency handling it"},
    "agency_none": {"id": "Belum ditentukan", "en": "Not decided yet"},
    "deadline_label": {"id": "Batas waktu langkah ini", "en": "Deadline for this step"},
    "deadline_none": {"id": "Tidak ada", "en": "None"},
    "submitted_label": {"id": "Dikirim", "en": "Sent"},
    "type_label": {"id": "Jenis", "en": "Type"},
    "topic_label": {"id": "Topik", "en": "Topic"},
    "timeline_title": {"id": "Riwayat", "en": "History"},
    "followups_title": {"id": "Tanggapan instansi", "en": "The agency's response"},
    "your_reply": {"id": "Balasan Anda", "en": "Your reply"},
    "no_followups": {"id": "Belum ada tanggapan dari instansi.", "en": "No response from the agency yet."},
    "reply_title": {"id": "Balas tanggapan", "en": "Reply to the response"},
    "reply_hint": {"id": "Jika tanggapan belum menyelesaikan masalah, jelaskan apa yang masih kurang. Batas membalas: {deadline}.",
                   "en": "If the response did not solve the problem, explain what is still missing. You can reply until {deadline}."},
    "clarify_title": {"id": "Berikan penjelasan", "en": "Give more information"},
    "clarify_hint": {"id": "Instansi atau admin meminta penjelasan tambahan. Batas menjawab: {deadline}.", "en": "The agency or the admins asked for more information. Answer by {deadline}."},
    "reply_button": {"id": "Kirim balasan", "en": "Send reply"},
    "reply_sent": {"id": "Balasan Anda terkirim ke instansi.", "en": "Your reply was sent to the agency."},
    "confirm_done_title": {"id": "Masalah sudah selesai?", "en": "Is the problem solved?"},
    "confirm_done_hint": {"id": "Jika tanggapan instansi sudah menyelesaikan masalah, tutup laporan ini.", "en": "If the agency's response solved the problem, close this report."},
    "confirm_done_button": {"id": "Ya, laporan selesai", "en": "Yes, it is solved"},
    "confirmed": {"id": "Terima kasih. Laporan ditandai selesai.", "en": "Thank you. The report is marked as done."},
    "rating_legend": {"id": "Seberapa puas Anda dengan penanganan laporan ini?", "en": "How satisfied are you with how this report was handled?"},
    "rating_1": {"id": "1 – Sangat tidak puas", "en": "1 – Very dissatisfied"},
    "rating_2": {"id": "2 – Tidak puas", "en": "2 – Dissatisfied"},
    "rating_3": {"id": "3 – Biasa saja", "en": "3 – Neither"},
    "rating_4": {"id": "4 – Puas", "en": "4 – Satisfied"},
    "rating_5": {"id": "5 – Sangat puas", "en": "5 – Very satisfied"},
    "rating_comment_label": {"id": "Komentar", "en": "Comment"},
    "rating_button": {"id": "Kirim penilaian", "en": "Send rating"},
    "rated": {"id": "Penilaian Anda: {score} dari 5. Terima kasih.", "en": "Your rating: {score} out of 5. Thank you."},
    "token_title": {"id": "Anda pelapornya?", "en": "Did you send this report?"},
    "token_hint": {"id": "Masukkan kode rahasia dari halaman konfirmasi untuk membaca tanggapan instansi dan membalasnya.",
                   "en": "Enter the secret code from the confirmation page to read the agency's response and reply."},
    "token_label": {"id": "Kode rahasia", "en": "Secret code"},
    "token_button": {"id": "Buka", "en": "Open"},
    "token_wrong": {"id": "Kode rahasia tidak cocok dengan laporan ini.", "en": "This secret code does not match this report."},
    "signed_in": {"id": "Anda melihat laporan ini sebagai pelapor.", "en": "You are viewing this report as the person who sent it."},
    "forget_button": {"id": "Lupakan kode di perangkat ini", "en": "Forget the code on this device"},
    "forget_hint": {"id": "Gunakan ini jika Anda memakai ponsel atau komputer bersama.", "en": "Use this on a shared phone or computer."},
    "status_changed": {"id": "Status laporan berubah. Halaman dimuat ulang.", "en": "The report's status changed. The page is reloading."},
    "status_changed_manual": {"id": "Status laporan berubah. Muat ulang halaman untuk melihatnya.", "en": "The report's status changed. Reload the page to see it."},
    "not_found_title": {"id": "Laporan tidak ditemukan", "en": "Report not found"},
    "not_found_body": {"id": "Periksa kembali nomor pelacakan. Laporan rahasia hanya bisa dibuka dengan kode rahasia pelapor.",
                       "en": "Check the tracking number again. Secret reports can only be opened with the reporter's secret code."},
    "action_failed": {"id": "Tindakan ini tidak dapat dilakukan sekarang.", "en": "This cannot be done now."},
    "session_expired": {"id": "Sesi Anda berakhir. Muat ulang halaman lalu coba lagi.", "en": "Your session expired. Reload the page and try again."},
    "page_not_found": {"id": "Halaman tidak ditemukan", "en": "Page not found"},
    "back_home": {"id": "Kembali ke halaman utama", "en": "Back to the home page"},
    # plainer web wording for a few API catalogue codes (error_text() prefers these)
    "invalid_classification": {"id": "Pilih jenis laporan.", "en": "Choose the type of report."},
    "unknown_category": {"id": "Pilih topik dari daftar.", "en": "Choose a topic from the list."},
    "unknown_region": {"id": "Pilih provinsi dari daftar.", "en": "Choose a province from the list."},
    "attachments_title": {"id": "Lampiran Anda", "en": "Your attachments"},
    # classifier, place detection and duplicates (issue 11)
    "classify_dont_know": {"id": "Saya tidak tahu (biar Lapor yang menentukan)", "en": "I don't know (let Lapor decide)"},
    "classify_category_hint": {"id": "Tidak yakin? Pilih \"Saya tidak tahu\": Lapor membaca laporan Anda dan memilih topik serta instansinya.",
                               "en": "Not sure? Choose \"I don't know\": Lapor reads your report and picks the topic and the agency."},
    "classify_suggestion": {"id": "Saran topik dari isi laporan Anda: {name}", "en": "Topic suggested by your report: {name}"},
    "classify_suggestion_words": {"id": "Kata yang cocok: {words}", "en": "Matching words: {words}"},
    "classify_use": {"id": "Pakai saran ini", "en": "Use this suggestion"},
    "classify_region_hint": {"id": "Boleh dikosongkan jika Anda menyebut tempatnya di laporan (kecamatan, kelurahan/desa, kota atau kabupaten).",
                             "en": "You may leave it empty if your report names the place (district, village, city or regency)."},
    "classify_similar_title": {"id": "Sudah ada laporan serupa", "en": "A similar report already exists"},
    "classify_similar_lead": {"id": "Laporan berikut masih ditangani dan mirip dengan laporan Anda. Dukung laporan itu daripada mengirim yang baru, atau tetap kirim laporan Anda.",
                              "en": "The report below is still being handled and looks like yours. Support it instead of sending a new one, or send yours anyway."},
    "classify_similar_support": {"id": "Lihat dan dukung laporan ini", "en": "View and support this report"},
    "classify_send_anyway": {"id": "Tetap kirim laporan saya", "en": "Send my report anyway"},
    "classify_category_pending": {"id": "Sedang ditentukan dari isi laporan", "en": "Being worked out from the report"},
}

STATUS: dict[str, dict[str, tuple[str, str]]] = {
    # status -> lang -> (plain words, what it means for you)
    "DITERIMA": {"id": ("Diterima", "Laporan Anda sedang diperiksa dan akan diteruskan ke instansi yang berwenang."),
                 "en": ("Received", "Your report is being checked and will be passed to the agency in charge.")},
    "DITERUSKAN": {"id": ("Diteruskan ke instansi", "Instansi yang berwenang sudah menerima laporan Anda dan wajib menanggapinya."),
                   "en": ("Passed to the agency", "The agency in charge has your report and must respond to it.")},
    "DITINDAKLANJUTI": {"id": ("Ditanggapi instansi", "Instansi sudah menanggapi. Baca tanggapannya, lalu balas atau tutup laporan."),
                        "en": ("The agency has responded", "The agency has responded. Read it, then reply or close the report.")},
    "DITUNDA": {"id": ("Menunggu penjelasan Anda", "Laporan ditunda sampai Anda memberi penjelasan yang diminta."),
                "en": ("Waiting for more information from you", "The report is on hold until you give the information asked for.")},
    "BUKAN_WEWENANG": {"id": ("Sedang dialihkan", "Instansi menyatakan ini bukan wewenangnya. Admin sedang mencari instansi yang tepat."),
                       "en": ("Being reassigned", "The agency said this is not its responsibility. The admins are finding the right one.")},
    "DIARSIPKAN": {"id": ("Diarsipkan", "Laporan ini ditutup tanpa tindak lanjut."),
                   "en": ("Archived", "This report was closed without further action.")},
    "SELESAI": {"id": ("Selesai", "Penanganan laporan ini sudah selesai."),
                "en": ("Done", "Handling of this report is complete.")},
    "DIRUJUK_OMBUDSMAN": {"id": ("Dirujuk ke Ombudsman", "Laporan ini diteruskan ke Ombudsman Republik Indonesia."),
                          "en": ("Referred to the Ombudsman", "This report was passed to the Ombudsman of the Republic of Indonesia.")},
}

ACTION: dict[str, dict[str, str]] = {
    "SUBMIT": {"id": "Laporan dikirim", "en": "Report sent"},
    "DISPOSITION": {"id": "Diteruskan ke instansi", "en": "Passed to the agency"},
    "ACKNOWLEDGE": {"id": "Instansi mulai menangani", "en": "The agency started work on it"},
    "FOLLOW_UP": {"id": "Instansi memberi tanggapan", "en": "The agency responded"},
    "REQUEST_CLARIFICATION": {"id": "Penjelasan diminta dari Anda", "en": "More information was asked from you"},
    "CLARIFY": {"id": "Anda memberi penjelasan", "en": "You gave more information"},
    "REPLY": {"id": "Anda membalas tanggapan", "en": "You replied"},
    "CONFIRM": {"id": "Anda menyatakan selesai", "en": "You marked it as solved"},
    "AUTO_CLOSE": {"id": "Selesai otomatis (tidak ada balasan dalam 10 hari kerja)", "en": "Closed automatically (no reply within 10 working days)"},
    "NOT_AUTHORITY": {"id": "Instansi menyatakan bukan wewenangnya", "en": "The agency said it is not its responsibility"},
    "FORWARD": {"id": "Dialihkan ke instansi lain", "en": "Passed on to another agency"},
    "ARCHIVE": {"id": "Diarsipkan", "en": "Archived"},
    "REFER_OMBUDSMAN": {"id": "Dirujuk ke Ombudsman", "en": "Referred to the Ombudsman"},
    "RATE": {"id": "Anda memberi penilaian", "en": "You rated the handling"},
    "WARN_DEADLINE": {"id": "Instansi diingatkan tentang batas waktu", "en": "The agency was reminded of the deadline"},
    "ESCALATE": {"id": "Batas waktu terlewat; diteruskan ke pengawas", "en": "Deadline missed; raised with supervisors"},
    # staff-only events (issue 11): for staff pages; the privacy projection keeps them from citizens
    "SUGGEST": {"id": "Sistem menyarankan topik; admin memutuskan", "en": "The system suggested a topic; an admin decides"},
    "LINK_SIMILAR": {"id": "Sistem menautkan laporan serupa", "en": "The system linked similar reports"},
}

DEADLINE_KIND: dict[str, dict[str, str]] = {
    "VERIFICATION": {"id": "pemeriksaan dan penerusan oleh admin", "en": "checking and passing on by the admins"},
    "FOLLOW_UP": {"id": "tanggapan instansi", "en": "the agency's response"},
    "REPLY_WINDOW": {"id": "balasan Anda", "en": "your reply"},
    "CLARIFICATION": {"id": "penjelasan dari Anda", "en": "your information"},
}

_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}
_SPELL = {
    "id": {"2": "dua", "3": "tiga", "4": "empat", "5": "lima", "6": "enam", "7": "tujuh", "8": "delapan",
           "9": "sembilan", "-": "strip"},
    "en": {"2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight",
           "9": "nine", "-": "dash"},
}


def pick_lang(value: Optional[str]) -> Optional[str]:
    return value if value in LANGS else None


def t(key: str, lang: str, **params: Any) -> str:
    entry = TEXT[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**params) if params else text


def error_text(code: str, lang: str, **params: Any) -> str:
    """A validation message: the web's own wording when it has one, else the API catalogue's."""
    if code in TEXT:
        return t(code, lang, **params)
    return api_message(code, lang, **params)


def status_words(status: str, lang: str) -> tuple[str, str]:
    return STATUS.get(status, {}).get(lang) or (status, "")


def action_words(action: str, lang: str) -> str:
    return (ACTION.get(action) or {}).get(lang) or action


def deadline_kind_words(kind: Optional[str], lang: str) -> str:
    return (DEADLINE_KIND.get(kind or "") or {}).get(lang, "")


def format_date(moment: Optional[datetime], lang: str, with_time: bool = False) -> str:
    """'3 Desember 2025, 14.05 WIB' / '3 December 2025, 14:05 WIB' (Jakarta time)."""
    if moment is None:
        return ""
    local = moment.astimezone(JAKARTA)
    text = f"{local.day} {_MONTHS[lang][local.month - 1]} {local.year}"
    if with_time:
        separator = "." if lang == "id" else ":"
        text += f", {local.hour:02d}{separator}{local.minute:02d} WIB"
    return text


def spell_tracking_id(tracking_id: str, lang: str) -> str:
    """How to read a tracking ID aloud: letters as they are, digits and the dash as words."""
    return ", ".join(_SPELL[lang].get(ch, ch) for ch in tracking_id)
