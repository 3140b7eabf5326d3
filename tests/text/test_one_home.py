"""Human-facing text has one home, the gettext catalogs: no table of words per language is left in
chalicelib's Python (`{"id": ..., "en": ...}` dicts, `"..." if lang == "id" else "..."`), and the
merge-time holding areas that `python -m laportools.catalogs import-text` drains are empty.

The scanner is shown to fail on the shapes the text used to have, so a pass means something."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from chalicelib.http import messages
from chalicelib.pages import i18n
from chalicelib.sms import replies
from chalicelib.text.catalog import LANGS

ROOT = Path(__file__).resolve().parents[2]


def _is_empty_container(node: ast.expr) -> bool:
    return isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set)) and not getattr(
        node, "keys", getattr(node, "elts", None))


def _names_a_language(node: ast.expr) -> bool:
    """`lang == "id"`, `"en" != lang` and the like."""
    if not isinstance(node, ast.Compare):
        return False
    sides = [node.left, *node.comparators]
    return any(isinstance(side, ast.Constant) and side.value in LANGS for side in sides)


def _is_words(node: ast.expr) -> bool:
    """A string literal with letters in it (not punctuation like a time separator, not a language
    code, not a field name such as "name_en" picked by language)."""
    if isinstance(node, ast.JoinedStr):
        node = ast.Constant("".join(v.value for v in node.values if isinstance(v, ast.Constant)))
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
        return False
    words = node.value
    return (any(c.isalpha() for c in words) and words not in LANGS
            and not re.fullmatch(r"\w+_(id|en)", words))


def word_tables(source: str, filename: str = "<source>") -> list[str]:
    """Where `source` keeps words per language instead of reading a catalogue."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Dict):
            by_lang = {key.value: value for key, value in zip(node.keys, node.values, strict=True)
                       if isinstance(key, ast.Constant) and key.value in LANGS}
            if len(by_lang) >= 2 and not all(_is_empty_container(value) for value in by_lang.values()):
                found.append(f"{filename}:{node.lineno}: a dict of words by language")
        elif (isinstance(node, ast.IfExp) and _names_a_language(node.test)
              and _is_words(node.body) and _is_words(node.orelse)):
            found.append(f"{filename}:{node.lineno}: words chosen by language inline")
    return found


def test_no_words_by_language_are_left_in_chalicelib() -> None:
    found = []
    for path in sorted((ROOT / "chalicelib").rglob("*.py")):
        found += word_tables(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "move these into chalicelib/text/locale (see laportools/catalogs.py):\n" + "\n".join(found)


def test_the_merge_time_holding_areas_are_empty() -> None:
    assert i18n.TEXT == {} and i18n.STATUS == {} and i18n.ACTION == {} and i18n.DEADLINE_KIND == {}
    assert messages.MESSAGES == {}
    assert replies.TEXT == {"id": {}, "en": {}}


def test_the_scanner_finds_the_shapes_the_text_used_to_have() -> None:
    old = '''
MESSAGES = {"missing": {"id": "Wajib diisi.", "en": "This field is required."}}
TEXT = {"id": {"filed": "LAPOR! Laporan diterima"}, "en": {"filed": "LAPOR! Report received"}}
EMAIL_FOOTER = {"id": "Lacak laporan Anda: {link}", "en": "Track your report: {link}"}
label = "(lihat di bawah)" if lang == "id" else "(see below)"
word = {"id": {"CHECK": "CEK"}, "en": {"CHECK": "CHECK"}}[lang]
unit = f"{hours}{'j' if lang == 'id' else 'h'}"
'''
    found = word_tables(old)
    assert sorted(int(line.split(":")[1]) for line in found) == [2, 3, 4, 5, 6, 7]
    fine = '''
TEXT: dict[str, dict[str, str]] = {"id": {}, "en": {}}
other = "en" if lang == "id" else "id"
separator = "." if lang == "id" else ":"
field = "name_en" if lang == "en" else "name_id"
name = record.name_en if lang == "en" else record.name
summary = {"id": agency_id, "name": name}
'''
    assert word_tables(fine) == []


def test_words_moved_out_of_code_read_as_before() -> None:
    from chalicelib.notify import templates
    from chalicelib.sms.replies import command_word
    from chalicelib.web.public_views import _span

    # the statistics histogram's short units, spelled out since "5h" read as five hours where "h" meant hari
    assert [_span(8, "id", True), _span(8, "en", True)] == ["8 jam", "8 h"]
    assert [_span(120, "id", True), _span(120, "en", True)] == ["5 hari", "5 days"]
    assert _span(120, "en") == "5 working days"
    # 1708's command words and the e-mail's pointer to the agency's message
    assert [command_word("REPLY", "id"), command_word("REPLY", "en"), command_word("CHECK", "fr")] == \
        ["BALAS <ID>", "REPLY <ID>", "CEK"]
    mail = templates.render("follow_up", "en", "K7Q4M-9XAR3", "https://x/l", agency="Dinas PU", message="Sudah.")
    assert '"(see below)"' in mail.email_body and mail.email_body.endswith("The agency's message:\nSudah.")
