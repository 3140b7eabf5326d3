"""chalicelib/pages/i18n.py: numbers in the reader's own format, and status words written for whoever reads them."""
from __future__ import annotations

from chalicelib.pages import i18n


def test_numbers_follow_the_readers_language() -> None:
    assert i18n.format_number(2.5, "id") == "2,5"
    assert i18n.format_number(1234.5, "id") == "1.234,5"
    assert i18n.format_number(1234.5, "en") == "1,234.5"
    assert i18n.format_number(2.5, "xx") == "2,5"  # a language Lapor does not speak reads as Indonesian


def test_strangers_and_staff_never_read_words_written_for_the_reporter() -> None:
    for status in ("DITERIMA", "DITERUSKAN", "DITUNDA", "SELESAI"):
        for lang in ("id", "en"):
            words, meaning = i18n.status_words(status, lang)
            assert words and "Anda" not in f"{words} {meaning}" and " your " not in f" {words} {meaning} ".lower()
    reporter_words = " ".join(" ".join(i18n.status_words(s, "id", for_reporter=True)) for s in ("DITERIMA", "DITUNDA"))
    assert "Anda" in reporter_words  # the reporter is spoken to directly
