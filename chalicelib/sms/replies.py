"""What 1708 answers, in Bahasa Indonesia and English. Each answer fits one GSM-7 SMS segment
(tests check every one with the longest values). Never the reporter token: SMS reporters are
recognised by their number."""
from __future__ import annotations

from chalicelib.notify.templates import to_gsm7

TEXT = {
    "id": {
        "filed": "LAPOR! Laporan diterima, ID {tid}. Cek status: CEK {tid}. Kami kabari lewat SMS ke nomor ini. {link}",
        "filed_anonim": "LAPOR! Laporan anonim diterima, ID {tid}. Identitas Anda tidak diberikan ke instansi. "
                        "Cek: CEK {tid}",
        "repeat": "LAPOR! Pesan yang sama sudah kami terima sebagai {tid}. Cek status: CEK {tid}",
        "status": "LAPOR! {tid}: {status}{agency}. {link}",
        "replied": "LAPOR! Tanggapan Anda untuk {tid} sudah diteruskan ke instansi.",
        "confirmed": "LAPOR! {tid} selesai. Terima kasih telah melapor.",
        "started": "LAPOR! Notifikasi SMS aktif lagi. Kirim STOP untuk berhenti.",
        "not_found": "LAPOR! Laporan {tid} tidak ditemukan atau tidak dilaporkan dari nomor ini.",
        "not_now": "LAPOR! {tid} berstatus {status}; perintah ini belum bisa dilakukan sekarang.",
        "too_short": "LAPOR! Laporan terlalu pendek. Tulis apa, di mana, kapan (min. 20 huruf): LAPOR <isi laporan>",
        "too_long": "LAPOR! Laporan terlalu panjang (maks. 4000 huruf). Ringkas lalu kirim lagi.",
        "throttled": "LAPOR! Terlalu banyak pesan dari nomor ini. Pesan berikutnya kami abaikan selama 10 menit.",
        "foreign": "LAPOR! 1708 hanya untuk nomor Indonesia. Laporkan lewat lapor.go.id",
        "help": "LAPOR! Kirim: LAPOR <isi>, ANONIM <isi>, CEK <ID>, BALAS <ID> <teks>, SELESAI <ID>, STOP, MULAI.",
        "bad_id": "LAPOR! ID laporan tidak dikenali (contoh K7Q4M-9XAR3). Kirim: {command} <ID>",
        "needs_text": "LAPOR! Tulis isinya setelah perintah, contoh: {command} Jalan rusak di depan SDN 3",
    },
    "en": {
        "filed": "LAPOR! Report received, ID {tid}. Status: CHECK {tid}. We will text this number. {link}",
        "filed_anonim": "LAPOR! Anonymous report received, ID {tid}. The agency never sees who you are. "
                        "Status: CHECK {tid}",
        "repeat": "LAPOR! We already have this message as {tid}. Status: CHECK {tid}",
        "status": "LAPOR! {tid}: {status}{agency}. {link}",
        "replied": "LAPOR! Your reply on {tid} went to the agency.",
        "confirmed": "LAPOR! {tid} is closed. Thank you for reporting.",
        "started": "LAPOR! SMS notifications are on again. Send STOP to stop them.",
        "not_found": "LAPOR! No report {tid} filed from this number.",
        "not_now": "LAPOR! {tid} is {status}; that cannot be done now.",
        "too_short": "LAPOR! Too short. Say what, where, when (20+ letters): REPORT <text>",
        "too_long": "LAPOR! Too long (max 4000 letters). Shorten it and send again.",
        "throttled": "LAPOR! Too many messages from this number. We ignore the next ones for 10 minutes.",
        "foreign": "LAPOR! 1708 serves Indonesian numbers only. Report at lapor.go.id",
        "help": "LAPOR! Send: REPORT <text>, ANONYMOUS <text>, CHECK <ID>, REPLY <ID> <text>, DONE <ID>, STOP, START.",
        "bad_id": "LAPOR! Unknown report ID (e.g. K7Q4M-9XAR3). Send: {command} <ID>",
        "needs_text": "LAPOR! Write the text after the command, e.g. {command} Broken road near SDN 3",
    },
}
STATUS = {
    "id": {"DITERIMA": "diterima, menunggu verifikasi", "DITERUSKAN": "diteruskan", "DITINDAKLANJUTI": "ditindaklanjuti",
           "DITUNDA": "menunggu penjelasan Anda", "BUKAN_WEWENANG": "dialihkan kembali ke admin",
           "DIARSIPKAN": "diarsipkan", "SELESAI": "selesai", "DIRUJUK_OMBUDSMAN": "dirujuk ke Ombudsman RI"},
    "en": {"DITERIMA": "received, awaiting verification", "DITERUSKAN": "sent to the agency",
           "DITINDAKLANJUTI": "answered", "DITUNDA": "waiting for your clarification",
           "BUKAN_WEWENANG": "back with the admins", "DIARSIPKAN": "archived", "SELESAI": "closed",
           "DIRUJUK_OMBUDSMAN": "referred to the Ombudsman"},
}


def answer(key: str, lang: str = "id", **fields: str) -> str:
    lang = lang if lang in TEXT else "id"
    return to_gsm7(TEXT[lang][key].format(**fields))


def status_text(status: str, lang: str) -> str:
    return STATUS.get(lang, STATUS["id"]).get(status, status)
