"""The one cleaning every piece of free text gets before it is stored or shown.

Titles, bodies, replies and notes reach the public feed, agencies' systems and webhooks, so what
people type is made plain text there:
- Unicode NFC, so the same words are the same code points (search, dedupe, display);
- line ends become `\\n`; other C0 controls (NUL, ESC, ...), DEL and C1 controls are dropped:
  they have no meaning in a report and break logs, terminals and some agency systems;
- bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) are
  dropped, so text cannot render reversed or disguise a link or a number ("Trojan Source");
- Unicode noncharacters (U+FDD0-U+FDEF and the last two code points of every plane, U+FFFE,
  U+FFFF, U+1FFFE ... U+10FFFF) and lone surrogates are dropped: no text needs them, U+FFFE/U+FFFF
  make the Open311 XML feed ill-formed for every client and a lone surrogate cannot be encoded
  as UTF-8 at all (DynamoDB, JSON, CSV).
Characters are dropped before NFC, so what remains is in NFC and cleaning twice changes nothing.
Right-to-left scripts still display correctly: they need none of those controls.
"""
from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SURROGATES = "\ud800-\udfff"
# U+FDD0-U+FDEF, and U+xFFFE-U+xFFFF in each of the 17 planes.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane << 16 | 0xFFFE)}-{chr(plane << 16 | 0xFFFF)}"
                                         for plane in range(17))
_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + _SURROGATES + _NONCHARACTERS + "]")
_LINE_ENDS = re.compile(r"\r\n?")


def clean_text(value: str) -> str:
    """NFC, `\\n` line ends, no control characters other than newline and tab, no bidi controls,
    no noncharacters or lone surrogates."""
    return unicodedata.normalize("NFC", _LINE_ENDS.sub("\n", _DROPPED.sub("", value)))


def without_bidi_controls(value: str) -> str:
    """For display of text stored before cleaning existed: drops every character `clean_text` drops
    (bidi and other controls, noncharacters, lone surrogates), without renormalising."""
    return _DROPPED.sub("", value)
