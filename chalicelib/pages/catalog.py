"""The compiled gettext catalogs (`locale/<lang>/LC_MESSAGES/messages.mo`) read with the stdlib.

Translators work on the `.po` files beside them (standard gettext, edited with any PO editor);
`python -m laportools.catalogs compile` turns them into the `.mo` files this module loads. Babel
is a development tool only: Lambda reads the `.mo` files with `gettext`, once per process.

Message ids are symbolic (`home_title`, `status.DITERIMA`, `console.queue_title`): the Indonesian
text is the Indonesian catalogue's translation, and the English catalogue carries it as a
translator comment (`#. id: ...`).
"""
from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
LANGS = ("id", "en")


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The catalogue of one language; a missing .mo file is a packaging error, so it raises."""
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])  # type: ignore[return-value]


def lookup(key: str, lang: str) -> str | None:
    """The translation of `key` in `lang`, or None when the catalogue lacks it."""
    text = translations(lang).gettext(key)
    # Symbolic ids are never their own translation: gettext returns the id itself when absent.
    return None if text == key else text
