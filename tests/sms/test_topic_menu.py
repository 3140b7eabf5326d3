"""The citizen in the loop on SMS: an SMS the router would be unsure of is answered with a short numbered
menu; the digit sent back ("2", or "BALAS 2" as the menu reads) sets the topic and routes the report."""
from __future__ import annotations

from chalicelib.directory import catalogue
from chalicelib.domain.model import Status
from chalicelib.notify.templates import segments
from chalicelib.sms import topic_menu
from chalicelib.store import reports as store
from tests.fixtures.sms import fresh_number

UNSURE = "sudah lama kami mengeluhkan air dan jalan di desa kec pahandut, mohon perhatian pemerintah"
CLEAR = "Lampu jalan di Jl. Merdeka depan pasar mati sudah dua minggu, gelap dan rawan"


def _menu(sms, number, text=UNSURE):
    [answer] = sms(number, f"LAPOR {text}")
    assert "Balas 1 " in answer and "0 tidak ada" in answer and segments(answer) == 1, answer
    return answer.split("ID ")[1].split(".")[0], answer


def test_an_unsure_sms_gets_a_numbered_menu_and_the_digit_routes_it(sms, number):
    tid, answer = _menu(sms, number)
    assert "1 Jalan dan jembatan rusak" in answer
    report = store.get(tid)
    assert report.status is Status.DITERIMA and report.category is None
    answers = sms(number, "1")
    chosen = [a for a in answers if "dicatat" in a]
    assert chosen and "Jalan dan jembatan rusak" in chosen[0] and "diteruskan" in chosen[0]
    report = store.get(tid)
    assert report.category == "jalan_rusak" and report.status is Status.DITERUSKAN
    assert report.agency_id == "dinas-62.71-public_works"
    assert any("diteruskan ke" in a for a in answers)  # and the usual notice of the disposition
    again = sms(number, "1")  # the menu is closed: a second digit changes nothing
    assert again == ["LAPOR! Tidak ada pilihan yang menunggu jawaban. Kirim: LAPOR <isi laporan>"]


def test_balas_digit_and_none_of_these(sms):
    number = fresh_number()
    tid, _ = _menu(sms, number)
    [answer] = sms(number, "BALAS 0")
    assert "petugas yang menentukan" in answer
    assert store.get(tid).category is None and store.get(tid).status is Status.DITERIMA
    other = fresh_number()
    tid, _ = _menu(sms, other)
    answers = sms(other, "balas 2")
    assert store.get(tid).category == "pdam" and any("dicatat" in a for a in answers)


def test_a_digit_outside_the_menu_repeats_it_and_a_clear_sms_gets_no_menu(sms):
    number = fresh_number()
    tid, _ = _menu(sms, number)
    [answer] = sms(number, "7")
    assert "Pilihan 7 tidak ada" in answer and "1 Jalan dan jembatan rusak" in answer
    assert store.get(tid).category is None
    [filed] = sms(fresh_number(), f"LAPOR {CLEAR}")
    assert "Balas 1" not in filed and "CEK " in filed
    [stray] = sms(fresh_number(), "2")  # nobody asked this number anything
    assert "Tidak ada pilihan" in stray


def test_english_menu_fits_one_segment_with_the_longest_names():
    for lang in ("id", "en"):
        codes = sorted(catalogue.categories(), key=lambda c: -len(catalogue.category(c).name(lang)))[:3]
        text = topic_menu.menu("K7Q4M-9XAR3", codes, lang)
        assert segments(text) == 1 and ("Reply 1 " if lang == "en" else "Balas 1 ") in text


def test_emoji_only_empty_and_mixed_texts_never_crash_the_menu():
    assert topic_menu.unsure_topics("😀😀😀😀😀😀😀😀") == []
    assert topic_menu.unsure_topics("   ") == []
    assert topic_menu.unsure_topics("x" * 5000) == []
    mixed = topic_menu.unsure_topics("the road dekat rumah saya rusak parah, please fix jalan nya")
    assert len(mixed) <= 3 and "lainnya" not in mixed


def test_catalog_checker_measures_menus_with_the_menus_own_name_room() -> None:
    """The catalogs checker proves the menu fits one segment only if it fills names as long as the menu cuts them."""
    from chalicelib.sms import topic_menu
    from laportools import catalogs

    assert catalogs.TOPIC_NAME_ROOM == topic_menu.NAME_ROOM
