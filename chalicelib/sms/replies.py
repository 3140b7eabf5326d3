"""What 1708 answers, in Bahasa Indonesia and English. Each answer fits one GSM-7 SMS segment
(`python -m laportools.catalogs check` proves it for every answer with the longest values it can
carry). Never the reporter token: SMS reporters are recognised by their number.

The words live in the `sms` gettext domain (chalicelib/text/locale/<lang>/LC_MESSAGES/sms.po):
answers as `reply.<key>`, status words as `status.<STATUS>`, command words as `command.<NAME>`."""
from __future__ import annotations

from chalicelib.text import catalog
from chalicelib.text.gsm7 import to_gsm7

# Merge-time holding area only (lang -> key -> text): a branch written before the catalogs may
# still add answers here. They work at once, and `python -m laportools.catalogs import-text` moves
# them into sms.po as `reply.<key>` (the catalogue test fails until it has been run).
TEXT: dict[str, dict[str, str]] = {"id": {}, "en": {}}


def template(key: str, lang: str) -> str:
    """The answer `key` before its fields are filled; an unknown key is a programming error."""
    lang = catalog.language(lang)
    words = (catalog.lookup(f"reply.{key}", lang, catalog.SMS) or TEXT.get(lang, {}).get(key)
             or catalog.lookup(f"reply.{key}", catalog.DEFAULT_LANG, catalog.SMS)
             or TEXT[catalog.DEFAULT_LANG].get(key))
    if words is None:
        raise KeyError(key)
    return words


def answer(key: str, lang: str = "id", **fields: str) -> str:
    return to_gsm7(template(key, lang).format(**fields))


def status_text(status: str, lang: str) -> str:
    return catalog.text(f"status.{status}", catalog.language(lang), catalog.SMS) or status


def command_word(name: str, lang: str) -> str:
    """How an answer spells a command in the reporter's language ("BALAS <ID>", "REPLY <ID>")."""
    return catalog.text(f"command.{name}", "en" if lang == "en" else "id", catalog.SMS) or name
