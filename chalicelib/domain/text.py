"""The one cleaning every piece of free text gets before it is stored or shown.

Titles, bodies, replies and notes reach the public feed, agencies' systems and webhooks, so what
people type is made plain text there:
- Unicode NFC, so the same words are the same code points (search, dedupe, display);
- line ends become `\\n`; other C0 controls (NUL, ESC, ...), DEL and C1 controls are dropped:
  they have no meaning in a report and break logs, terminals and some agency systems;
- bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) are
  dropped, so text cannot render reversed or disguise a link or a number ("Trojan Source").
Right-to-left scripts still display correctly: they need none of those controls.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")
_LINE_ENDS = re.compile(r"\r\n?")


def clean_text(value: str) -> str:
    """NFC, `\\n` line ends, no control characters other than newline and tab, no bidi controls."""
    return _DROPPED.sub("", _LINE_ENDS.sub("\n", unicodedata.normalize("NFC", value)))


def without_bidi_controls(value: str) -> str:
    """For display of text stored before cleaning existed."""
    return _DROPPED.sub("", value)


def _clean_input(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value  # other types fail validation as before


# A pydantic str field that is cleaned before its length and other rules are checked.
CleanText = Annotated[str, BeforeValidator(_clean_input)]
