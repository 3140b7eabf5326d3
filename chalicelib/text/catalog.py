"""The one reader of the gettext catalogs: `lookup(key, lang, domain)` on the compiled `.mo` files.

A domain per audience, each with its own rules, all in `locale/<lang>/LC_MESSAGES/`:

- `messages`: the web pages and the staff console (`home_title`, `status.DITERIMA`, ...);
- `api`: what the REST API, Open311 and the web forms say about bad input; the msgid IS the error
  `code` clients receive (`missing`, `invalid_region`), so a code cannot drift from its words;
- `sms`: every text that can leave as an SMS (1708 answers `reply.*`, notification SMS `notify.*`
  and the words they carry: `status.*`, `archive_reason.*`, `command.*`). All of it must be GSM-7
  and fit its segments: `laportools.catalogs check` proves it entry by entry;
- `email`: what only e-mail carries (subjects, the footer, labels).

Why domains rather than one catalogue with prefixes: a rule applies to a whole file (the SMS
length rule to `sms.po`, nothing to forget when a translator adds an id), a new channel (WhatsApp
next) is one module plus one domain, and branches adding web strings never touch the API's or the
SMS files. Why symbolic ids: the Indonesian text is itself a translation that may be reworded
without touching code; the English catalogue carries it as a translator comment (`#. id: ...`).

Translators edit the `.po` files; `python -m laportools.catalogs compile` writes the `.mo` files
this module loads with the stdlib `gettext`, once per process (Babel is never imported at run time).
"""
from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGS = ("id", "en")
DEFAULT_LANG = "id"
MESSAGES, API, SMS, EMAIL = "messages", "api", "sms", "email"
DOMAINS = (MESSAGES, API, SMS, EMAIL)


@cache
def translations(lang: str, domain: str = MESSAGES) -> gettext.GNUTranslations:
    """The catalogue of one language and domain; a missing .mo file is a packaging error, so it raises."""
    return gettext.translation(domain, localedir=str(LOCALE_DIR), languages=[lang])


def lookup(key: str, lang: str, domain: str = MESSAGES) -> str | None:
    """The translation of `key` in `lang`, or None when the catalogue (or the language) lacks it."""
    if lang not in LANGS:
        return None
    text = translations(lang, domain).gettext(key)
    # Symbolic ids are never their own translation: gettext returns the id itself when absent.
    return None if text == key else text


def text(key: str, lang: str, domain: str = MESSAGES) -> str | None:
    """`key` in `lang`, else in Indonesian (the source language), else None."""
    return lookup(key, lang, domain) or lookup(key, DEFAULT_LANG, domain)


def language(lang: str | None) -> str:
    """`lang` when Lapor speaks it, else Indonesian."""
    return lang if lang in LANGS else DEFAULT_LANG
