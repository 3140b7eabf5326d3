"""The web pages' view of the gettext catalogs: the `messages` domain of chalicelib/text/catalog.py.

The pages read the same catalogs, through the same reader, as the API and the SMS service; this
module only fixes the domain, so templates and `i18n.t()` keep calling `lookup(key, lang)`.
"""
from __future__ import annotations

import gettext

from chalicelib.text import catalog as _text

LANGS = _text.LANGS
DOMAIN = _text.MESSAGES


def translations(lang: str) -> gettext.GNUTranslations:
    """The web pages' catalogue of one language (installed into Jinja2 for `{% trans %}`)."""
    return _text.translations(lang, DOMAIN)


def lookup(key: str, lang: str) -> str | None:
    """The translation of `key` in `lang`, or None when the catalogue lacks it."""
    return _text.lookup(key, lang, DOMAIN)
