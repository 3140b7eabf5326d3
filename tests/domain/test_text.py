"""The one text cleaning at intake (domain/text.py): besides controls and bidi overrides it drops
Unicode noncharacters and lone surrogates (issue 20, finding 6), which no text needs and which
break XML feeds, UTF-8 encoders and agency systems downstream."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from chalicelib.domain.fields import CleanText
from chalicelib.domain.text import clean_text, without_bidi_controls

NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [
    chr((plane << 16) | low) for plane in range(17) for low in (0xFFFE, 0xFFFF)]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
# XML 1.0 Char production: what may appear in any document the system writes.
NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
ANY_CHAR = st.one_of(st.characters(), st.sampled_from(NONCHARACTERS + SURROGATES + ["\r\n", "\x00", "\u202e"]))


def test_noncharacters_in_every_plane_are_dropped():
    assert len(NONCHARACTERS) == 66  # Unicode's full set: 32 in U+FDD0..U+FDEF, two in each of 17 planes
    for char in NONCHARACTERS:
        assert clean_text(f"Jalan{char} rusak") == "Jalan rusak", hex(ord(char))


def test_lone_surrogates_are_dropped_and_the_result_encodes_as_utf8():
    for char in SURROGATES:
        cleaned = clean_text(f"Lampu {char}mati")
        assert cleaned == "Lampu mati" and cleaned.encode("utf-8") == b"Lampu mati"


def test_characters_next_to_the_noncharacters_are_kept():
    kept = "\ufdcf\ufdf0\ufffd\U0001fffd\U00010000 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 Bahasa 😀\t\n"
    assert clean_text(kept) == unicodedata.normalize("NFC", kept)


def test_a_pydantic_clean_text_field_drops_them_before_its_rules():
    class Title(BaseModel):
        title: CleanText

    assert Title(title="Pungli\ufffe di \ud800kantor\U0010ffff").title == "Pungli di kantor"


def test_display_of_old_text_drops_them_too():
    assert without_bidi_controls("Stored \ufffe\u202ebefore\uffff") == "Stored before"


@settings(max_examples=200, deadline=None)
@given(st.lists(ANY_CHAR, max_size=30).map("".join))
def test_cleaned_text_is_plain_utf8_xml_text_and_cleaning_twice_changes_nothing(value: str) -> None:
    cleaned = clean_text(value)
    cleaned.encode("utf-8")  # no lone surrogate survives
    assert NOT_XML_CHAR.search(cleaned) is None and "\r" not in cleaned
    assert not any(char in cleaned for char in NONCHARACTERS)
    assert clean_text(cleaned) == cleaned
