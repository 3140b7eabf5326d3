"""Translation catalogs of the web pages: compile, check, and import strings still kept in Python.

    python -m laportools.catalogs compile       # .po -> .mo (commit both)
    python -m laportools.catalogs check         # every id in both languages, placeholders agree, .mo fresh
    python -m laportools.catalogs import-text   # move entries left in chalicelib/pages/i18n.py into the .po files

The `.po` files under `chalicelib/pages/locale/<lang>/LC_MESSAGES/` are the source of truth; the
runtime reads the compiled `.mo` files with the stdlib (chalicelib/pages/catalog.py). Message ids are
symbolic; the English catalogue repeats the Indonesian text as a translator comment (`#. id: ...`)
so a translator sees the source wording. Babel is used here only (a development dependency).

`import-text` exists for merges: a branch written before the catalogs may still add strings to the
dicts of i18n.py (`TEXT`, `STATUS`, `ACTION`, `DEADLINE_KIND`). The command appends each entry to
both catalogs (keeping a translation already there), empties those dicts in the source and
recompiles, so the lead converts a merged branch with one command.
"""
from __future__ import annotations

import argparse
import ast
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Optional

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "chalicelib" / "pages" / "locale"
I18N_SOURCE = ROOT / "chalicelib" / "pages" / "i18n.py"
LANGS = ("id", "en")
SOURCE_LANG = "id"
LEGACY_TABLES = ("TEXT", "STATUS", "ACTION", "DEADLINE_KIND")
_PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def load(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="Lapor", domain="messages", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain="messages")


def save(catalog: Catalog, lang: str) -> None:
    # A reviewed header (not "fuzzy"), the same for every run, so diffs show only messages.
    catalog.fuzzy = False
    catalog.project, catalog.version = "Lapor", "1"
    catalog.copyright_holder = "The Lapor authors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "The Lapor authors"
    catalog.language_team = {"id": "Bahasa Indonesia", "en": "English"}.get(lang, lang)
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, include_previous=False)
    path.write_bytes(buffer.getvalue())


def compiled(lang: str) -> bytes:
    """The .mo bytes the .po file compiles to (fuzzy entries are left out, as gettext does)."""
    buffer = io.BytesIO()
    write_mo(buffer, load(lang), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> list[Path]:
    written = []
    for lang in LANGS:
        mo_path(lang).write_bytes(compiled(lang))
        written.append(mo_path(lang))
    return written


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def problems() -> list[str]:
    """Everything that would make a page show a raw id, a wrong placeholder or a stale string."""
    found: list[str] = []
    catalogs = {lang: load(lang) for lang in LANGS}
    ids = {lang: {m.id for m in catalogs[lang] if m.id} for lang in LANGS}
    for lang in LANGS:
        for other in LANGS:
            for key in sorted(ids[other] - ids[lang]):
                found.append(f"{lang}: missing msgid {key!r} (present in {other})")
        for message in catalogs[lang]:
            if not message.id:
                continue
            if not message.string:
                found.append(f"{lang}: empty translation for {message.id!r}")
            if message.fuzzy:
                found.append(f"{lang}: fuzzy translation for {message.id!r} (review it, then remove the flag)")
    source = catalogs[SOURCE_LANG]
    for lang in LANGS:
        if lang == SOURCE_LANG:
            continue
        for message in catalogs[lang]:
            if not message.id or not message.string or message.id not in source:
                continue
            want = placeholders(str(source[message.id].string))
            have = placeholders(str(message.string))
            if want != have:
                found.append(f"{lang}: placeholders of {message.id!r} are {sorted(have)}, "
                             f"{SOURCE_LANG} has {sorted(want)}")
    for lang in LANGS:
        if not mo_path(lang).exists() or mo_path(lang).read_bytes() != compiled(lang):
            found.append(f"{lang}: {mo_path(lang).relative_to(ROOT)} is stale: run "
                         "`python -m laportools.catalogs compile`")
    leftover = legacy_entries()
    if leftover:
        found.append(f"chalicelib/pages/i18n.py still holds {len(leftover)} strings "
                     f"(e.g. {leftover[0][0]!r}): run `python -m laportools.catalogs import-text`")
    return found


# --- import-text ------------------------------------------------------------------------------

def _legacy_tables() -> dict[str, ast.Dict]:
    tree = ast.parse(I18N_SOURCE.read_text(encoding="utf-8"))
    tables: dict[str, ast.Dict] = {}
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else (
            node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None)
        if isinstance(target, ast.Name) and target.id in LEGACY_TABLES and isinstance(node.value, ast.Dict):
            tables[target.id] = node.value
    return tables


def msgid_for(table: str, key: str) -> list[tuple[str, int]]:
    """The catalogue ids one legacy entry becomes; the int picks an item of a tuple value."""
    if table == "TEXT":
        return [(key, -1)]
    if table == "STATUS":  # (plain words, what it means for you)
        return [(f"status.{key}", 0), (f"status.{key}.meaning", 1)]
    if table == "ACTION":
        return [(f"action.{key}", -1)]
    return [(f"deadline_kind.{key}", -1)]


def legacy_entries() -> list[tuple[str, dict[str, str]]]:
    """(msgid, {lang: text}) for every string still kept in i18n.py's dicts."""
    entries: list[tuple[str, dict[str, str]]] = []
    for table, node in _legacy_tables().items():
        value = ast.literal_eval(node)
        for key, by_lang in value.items():
            for msgid, index in msgid_for(table, key):
                texts = {lang: (text if index < 0 else text[index]) for lang, text in by_lang.items()}
                entries.append((msgid, texts))
    return entries


def _empty_tables_in_source() -> None:
    source = I18N_SOURCE.read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode("utf-8")))
    raw = source.encode("utf-8")
    spans = sorted(((offsets[n.lineno - 1] + n.col_offset, offsets[n.end_lineno - 1] + n.end_col_offset)
                    for n in _legacy_tables().values() if n.keys), reverse=True)  # type: ignore[operator]
    for start, end in spans:
        raw = raw[:start] + b"{}" + raw[end:]
    I18N_SOURCE.write_bytes(raw)


def add_messages(entries: Iterable[tuple[str, dict[str, str]]], *, replace: bool = False) -> int:
    """Append entries to both catalogs; an existing translation is kept unless `replace`."""
    catalogs = {lang: load(lang) for lang in LANGS}
    added = 0
    for msgid, texts in entries:
        source_text = texts.get(SOURCE_LANG, "")
        for lang in LANGS:
            catalog = catalogs[lang]
            existing = catalog.get(msgid)
            text = texts.get(lang) or ""
            if existing is not None and existing.string and not replace:
                continue
            comments = [f"id: {source_text}"] if lang != SOURCE_LANG and source_text else []
            catalog.add(msgid, text, auto_comments=comments)
            added += lang == SOURCE_LANG
    for lang in LANGS:
        save(catalogs[lang], lang)
    return added


def import_text() -> int:
    entries = legacy_entries()
    added = add_messages(entries)
    if entries:
        _empty_tables_in_source()
    compile_all()
    return added


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m laportools.catalogs", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("compile", help="compile every .po file into its .mo file")
    sub.add_parser("check", help="fail on a missing/empty/fuzzy string, mismatched placeholders or a stale .mo")
    sub.add_parser("import-text", help="move strings still in chalicelib/pages/i18n.py into both .po files")
    args = parser.parse_args(argv)
    if args.command == "compile":
        for path in compile_all():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if args.command == "import-text":
        count = import_text()
        print(f"imported {count} strings into {', '.join(str(po_path(lang).relative_to(ROOT)) for lang in LANGS)}; "
              "catalogs compiled")
        return 0
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if not found:
        print(f"catalogs ok: {len(load(SOURCE_LANG))} messages in {', '.join(LANGS)}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
