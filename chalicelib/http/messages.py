"""Every message a person may read from the API, in Bahasa Indonesia and English: `message(code, lang)`.

The words live in the `api` gettext domain (chalicelib/text/locale/<lang>/LC_MESSAGES/api.po); the
msgid is the error `code` clients receive, so codes never change when the wording does. Add a
message by adding it to both `api.po` files and running `python -m laportools.catalogs compile`.
"""
from __future__ import annotations

from typing import Any

from chalicelib.text import catalog

FALLBACK = "invalid_value"

# Merge-time holding area only: a branch written before the catalogs may still add
# `MESSAGES.update({code: {"id": ..., "en": ...}})` here. Such entries work at once, and
# `python -m laportools.catalogs import-text` moves them into api.po (the catalogue test fails
# until it has been run). New messages go straight into the .po files.
MESSAGES: dict[str, dict[str, str]] = {}


def _words(code: str, lang: str) -> str | None:
    held = MESSAGES.get(code)
    return (catalog.lookup(code, lang, catalog.API) or (held or {}).get(lang)
            or catalog.lookup(code, catalog.DEFAULT_LANG, catalog.API) or (held or {}).get(catalog.DEFAULT_LANG))


def known(code: str) -> bool:
    """Whether `code` has words of its own (an unknown code reads as `invalid_value`)."""
    return _words(code, catalog.DEFAULT_LANG) is not None


def message(code: str, lang: str, **params: Any) -> str:
    """The message of `code` in `lang` (Indonesian when Lapor does not speak `lang`), with its
    `{placeholders}` filled; a placeholder the caller did not give leaves the text unfilled."""
    text = _words(code, lang) or _words(FALLBACK, lang) or FALLBACK
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


# Routing on real words (issue 22): a topic the router corrected by the text, put back by staff.


# Evidence and place (issue 24): files cleaned at intake, downloads for staff, coordinates.
