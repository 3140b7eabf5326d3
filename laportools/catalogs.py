"""Lapor's gettext catalogs, every domain: compile, check, and import strings still kept in Python.

    python -m laportools.catalogs compile       # .po -> .mo, every domain (commit both)
    python -m laportools.catalogs check         # every id in both languages, placeholders agree, .mo fresh,
                                                # every SMS text GSM-7 and within its segments
    python -m laportools.catalogs import-text   # move entries left in the merge-time dicts into the .po files

The `.po` files under `chalicelib/text/locale/<lang>/LC_MESSAGES/<domain>.po` are the source of
truth; the runtime reads the compiled `.mo` files with the stdlib (chalicelib/text/catalog.py says
which domain holds what, and why domains). Message ids are symbolic; the English catalogue repeats
the Indonesian text as a translator comment (`#. id: ...`) so a translator sees the source wording.
Babel is used here only (a development dependency).

`import-text` exists for merges: a branch written before the catalogs may still add strings to
the dicts that once held them, kept empty as holding areas (see `HOLDING`): the web pages' `TEXT`,
`STATUS`, `ACTION`, `DEADLINE_KIND` in chalicelib/pages/i18n.py, the API's `MESSAGES` in
chalicelib/http/messages.py (`MESSAGES.update({...})` blocks too) and the 1708 answers' `TEXT` in
chalicelib/sms/replies.py. The command appends each entry to both catalogs of its domain (keeping a
translation already there), empties those dicts in the source and recompiles, so the lead converts
a merged branch with one command.
"""
from __future__ import annotations

import argparse
import ast
import io
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from chalicelib.text.catalog import API, DOMAINS, MESSAGES, SMS
from chalicelib.text.gsm7 import (
    GSM7,
    GSM7_EXTENDED,
    MAX_SMS_SEGMENTS,
    segments,
    septets,
    to_gsm7,
)

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "chalicelib" / "text" / "locale"
I18N_SOURCE = ROOT / "chalicelib" / "pages" / "i18n.py"
API_SOURCE = ROOT / "chalicelib" / "http" / "messages.py"
REPLIES_SOURCE = ROOT / "chalicelib" / "sms" / "replies.py"
LANGS = ("id", "en")
SOURCE_LANG = "id"
LEGACY_TABLES = ("TEXT", "STATUS", "ACTION", "DEADLINE_KIND")
_PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def po_path(lang: str, domain: str = MESSAGES) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def mo_path(lang: str, domain: str = MESSAGES) -> Path:
    return po_path(lang, domain).with_suffix(".mo")


def load(lang: str, domain: str = MESSAGES) -> Catalog:
    path = po_path(lang, domain)
    if not path.exists():
        return Catalog(locale=lang, project="Lapor", domain=domain, fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=domain)


def save(catalog: Catalog, lang: str, domain: str = MESSAGES) -> None:
    # A reviewed header (not "fuzzy"), the same for every run, so diffs show only messages.
    catalog.fuzzy = False
    catalog.project, catalog.version = "Lapor", "1"
    catalog.copyright_holder = "The Lapor authors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "The Lapor authors"
    catalog.language_team = {"id": "Bahasa Indonesia", "en": "English"}.get(lang, lang)
    path = po_path(lang, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, include_previous=False)
    path.write_bytes(buffer.getvalue())


def compiled(lang: str, domain: str = MESSAGES) -> bytes:
    """The .mo bytes the .po file compiles to (fuzzy entries are left out, as gettext does)."""
    buffer = io.BytesIO()
    write_mo(buffer, load(lang, domain), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> list[Path]:
    written = []
    for domain in DOMAINS:
        for lang in LANGS:
            mo_path(lang, domain).write_bytes(compiled(lang, domain))
            written.append(mo_path(lang, domain))
    return written


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _where(lang: str, domain: str) -> str:
    """How a problem names its catalogue: `en` for the web pages' (as ever), `sms/en` for the others."""
    return lang if domain == MESSAGES else f"{domain}/{lang}"


def problems() -> list[str]:
    """Everything that would make a page, an API error or an SMS show a raw id, a wrong placeholder,
    a stale string or a text too long for its SMS."""
    found: list[str] = []
    for domain in DOMAINS:
        found += _domain_problems(domain)
    found += sms_problems()
    leftovers: dict[Path, list[tuple[str, dict[str, str]]]] = {}
    for holding in HOLDING:
        leftovers.setdefault(holding.source(), []).extend(holding.entries())
    for source, leftover in leftovers.items():
        if leftover:
            found.append(f"{source.relative_to(ROOT)} still holds {len(leftover)} strings "
                         f"(e.g. {leftover[0][0]!r}): run `python -m laportools.catalogs import-text`")
    return found


def _domain_problems(domain: str) -> list[str]:
    found: list[str] = []
    catalogs = {lang: load(lang, domain) for lang in LANGS}
    ids = {lang: {m.id for m in catalogs[lang] if m.id} for lang in LANGS}
    for lang in LANGS:
        where = _where(lang, domain)
        for other in LANGS:
            for key in sorted(ids[other] - ids[lang]):
                found.append(f"{where}: missing msgid {key!r} (present in {other})")
        for message in catalogs[lang]:
            if not message.id:
                continue
            if not message.string:
                found.append(f"{where}: empty translation for {message.id!r}")
            if message.fuzzy:
                found.append(f"{where}: fuzzy translation for {message.id!r} (review it, then remove the flag)")
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
                found.append(f"{_where(lang, domain)}: placeholders of {message.id!r} are {sorted(have)}, "
                             f"{SOURCE_LANG} has {sorted(want)}")
    for lang in LANGS:
        if not mo_path(lang, domain).exists() or mo_path(lang, domain).read_bytes() != compiled(lang, domain):
            found.append(f"{_where(lang, domain)}: {mo_path(lang, domain).relative_to(ROOT)} is stale: run "
                         "`python -m laportools.catalogs compile`")
    return found


# --- SMS: GSM-7 and segments ------------------------------------------------------------------

# Whole messages (filled, then counted) and the fragments they carry (the longest one is the fill).
SMS_MESSAGES = ("reply.", "notify.")
WORST_TID = "K7Q4M-9XAR3"
WORST_LINK = f"https://lapor.go.id/lacak/{WORST_TID}"  # settings.site_url in production
# The 1708 status answer names the agency as " (<at most 50 characters>)" (sms/service.py).
WORST_REPLY_AGENCY = " (" + "D" * 50 + ")"
# Notifications shorten the agency and the agency's message to the room left (notify/templates.py):
# a template must leave at least this much of each, or the reporter reads "..".
MIN_NOTIFY_AGENCY, MIN_NOTIFY_MESSAGE = 20, 160


def _longest(catalog: Catalog, prefix: str) -> str:
    return max((str(m.string) for m in catalog if m.id and str(m.id).startswith(prefix) and m.string),
               key=septets, default="")


TOPIC_NAME_ROOM = 25  # chalicelib.sms.topic_menu.NAME_ROOM (a test keeps them equal)


def worst_fill(catalog: Catalog, msgid: str) -> dict[str, str]:
    """The longest value each placeholder of an SMS entry can take in this language."""
    notify = msgid.startswith("notify.")
    return {
        "tid": WORST_TID,
        "link": WORST_LINK,
        "status": _longest(catalog, "status."),
        "reason": _longest(catalog, "archive_reason."),
        "command": _longest(catalog, "command."),
        "agency": "D" * MIN_NOTIFY_AGENCY if notify else WORST_REPLY_AGENCY,
        "message": "M" * MIN_NOTIFY_MESSAGE,
        # The SMS topic menu (chalicelib/sms/topic_menu.py): names are cut to NAME_ROOM characters.
        "topic": "T" * TOPIC_NAME_ROOM,
        "options": ", ".join(f"{i} {'T' * TOPIC_NAME_ROOM}" for i in range(1, 4)),
        "digit": "9",
    }


def sms_problems() -> list[str]:
    """Every `sms` entry GSM-7 only (one curly quote turns a message into 70-character UCS-2
    segments); every whole message within one segment at its longest (three when it carries the
    agency's own words), placeholders only of the kinds whose longest value is known."""
    found: list[str] = []
    for lang in LANGS:
        catalog = load(lang, SMS)
        where = _where(lang, SMS)
        for message in catalog:
            if not message.id or not message.string:
                continue
            msgid, text = str(message.id), str(message.string)
            bare = _PLACEHOLDER.sub("", text)
            odd = sorted({c for c in bare if c not in GSM7 and c not in GSM7_EXTENDED})
            if odd:
                found.append(f"{where}: {msgid!r} has characters outside GSM-7: {''.join(odd)!r}")
            if not msgid.startswith(SMS_MESSAGES):
                continue
            fill = worst_fill(catalog, msgid)
            unknown = placeholders(text) - set(fill)
            if unknown:
                found.append(f"{where}: {msgid!r} uses {sorted(unknown)}, whose longest value is unknown "
                             "(add it to laportools/catalogs.py worst_fill)")
                continue
            allowed = MAX_SMS_SEGMENTS if "message" in placeholders(text) else 1
            filled = to_gsm7(text.format(**fill))  # characters outside GSM-7 are reported above
            if segments(filled) > allowed:
                found.append(f"{where}: {msgid!r} needs {segments(filled)} SMS segments at its longest "
                             f"({septets(filled)} characters); {allowed} allowed")
    return found


# --- import-text ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Holding:
    """A dict in the Python source where a branch written before the catalogs may still add strings.

    `by_lang_first` says its shape: `lang -> key -> text` (the 1708 answers) or `key -> lang -> text`.
    `msgids` turns one key and its per-language value into (msgid, {lang: text}) entries."""
    source: Callable[[], Path]
    table: str
    domain: str
    empty: str
    by_lang_first: bool = False
    msgids: Callable[[str, str, dict[str, Any]], list[tuple[str, dict[str, str]]]] = (
        lambda table, key, texts: [(key, texts)])

    def statements(self) -> list[ast.stmt]:
        """Top-level statements that declare or fill the table (`X = {...}`, `X.update({...})`,
        `X["en"].update({...})`, `X[k] = ...`, `X[k][k2] = ...`)."""
        tree = ast.parse(self.source().read_text(encoding="utf-8"))
        return [node for node in tree.body if _root_name(node) == self.table]

    def value(self) -> dict[str, Any]:
        table: dict[str, Any] = {}
        for node in self.statements():
            _apply(table, node)
        if self.by_lang_first:
            flipped: dict[str, dict[str, Any]] = {}
            for lang, texts in table.items():
                for key, text in texts.items():
                    flipped.setdefault(key, {})[lang] = text
            return flipped
        return table

    def entries(self) -> list[tuple[str, dict[str, str]]]:
        out: list[tuple[str, dict[str, str]]] = []
        for key, texts in self.value().items():
            out += self.msgids(self.table, key, texts)
        return out

    def empty_in_source(self) -> None:
        """The declaration back to its empty value; every statement that filled it removed."""
        nodes = self.statements()
        if not nodes:
            return
        path = self.source()
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        declaration = next((n for n in nodes if isinstance(n, (ast.Assign, ast.AnnAssign))
                            and isinstance(_target(n), ast.Name)), None)
        for node in sorted(nodes, key=lambda n: n.lineno, reverse=True):
            start, end = node.lineno - 1, node.end_lineno or node.lineno
            if node is declaration:
                annotation = f": {ast.unparse(node.annotation)}" if isinstance(node, ast.AnnAssign) else ""
                lines[start:end] = [f"{self.table}{annotation} = {self.empty}\n"]
            else:
                del lines[start:end]
        path.write_text(re.sub(r"\n{3,}(?=\S|\Z)", "\n\n\n", "".join(lines)).rstrip("\n") + "\n",
                        encoding="utf-8")


def _target(node: ast.stmt) -> ast.expr | None:
    if isinstance(node, ast.AnnAssign):
        return node.target
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        return node.targets[0]
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute):
        return node.value.func.value
    return None


def _root_name(node: ast.stmt) -> str | None:
    target = _target(node)
    while isinstance(target, ast.Subscript):
        target = target.value
    return target.id if isinstance(target, ast.Name) else None


def _path(target: ast.expr) -> list[Any]:
    keys: list[Any] = []
    while isinstance(target, ast.Subscript):
        keys.insert(0, ast.literal_eval(target.slice))
        target = target.value
    return keys


def _apply(table: dict[str, Any], node: ast.stmt) -> None:
    """Replay one declaring or filling statement on `table` (literal values only)."""
    target = _target(node)
    assert target is not None
    keys = _path(target)
    if isinstance(node, ast.Expr):  # X[...].update({...})
        call = node.value
        assert isinstance(call, ast.Call) and call.args
        place = table
        for key in keys:
            place = place.setdefault(key, {})
        place.update(ast.literal_eval(call.args[0]))
        return
    assert isinstance(node, (ast.Assign, ast.AnnAssign))
    value = ast.literal_eval(node.value) if node.value is not None else {}
    if not keys:
        table.clear()
        table.update(value)
        return
    place = table
    for key in keys[:-1]:
        place = place.setdefault(key, {})
    place[keys[-1]] = value


def _i18n_msgids(table: str, key: str, by_lang: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    return [(msgid, {lang: (text if index < 0 else text[index]) for lang, text in by_lang.items()})
            for msgid, index in msgid_for(table, key)]


def msgid_for(table: str, key: str) -> list[tuple[str, int]]:
    """The catalogue ids one legacy web entry becomes; the int picks an item of a tuple value."""
    if table == "TEXT":
        return [(key, -1)]
    if table == "STATUS":  # (plain words, what it means for you)
        return [(f"status.{key}", 0), (f"status.{key}.meaning", 1)]
    if table == "ACTION":
        return [(f"action.{key}", -1)]
    return [(f"deadline_kind.{key}", -1)]


HOLDING: tuple[Holding, ...] = (
    *(Holding(lambda: I18N_SOURCE, table, MESSAGES, "{}", msgids=_i18n_msgids) for table in LEGACY_TABLES),
    Holding(lambda: API_SOURCE, "MESSAGES", API, "{}"),
    Holding(lambda: REPLIES_SOURCE, "TEXT", SMS, '{"id": {}, "en": {}}', by_lang_first=True,
            msgids=lambda table, key, texts: [(f"reply.{key}", texts)]),
)


def legacy_entries() -> list[tuple[str, dict[str, str]]]:
    """(msgid, {lang: text}) for every string still kept in i18n.py's dicts."""
    return [entry for holding in HOLDING if holding.domain == MESSAGES for entry in holding.entries()]


def add_messages(entries: Iterable[tuple[str, dict[str, str]]], *, replace: bool = False,
                 domain: str = MESSAGES) -> int:
    """Append entries to both catalogs of `domain`; an existing translation is kept unless `replace`."""
    catalogs = {lang: load(lang, domain) for lang in LANGS}
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
        save(catalogs[lang], lang, domain)
    return added


def import_text() -> int:
    added = 0
    for holding in HOLDING:
        entries = holding.entries()
        if entries:
            added += add_messages(entries, domain=holding.domain)
            holding.empty_in_source()
    compile_all()
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m laportools.catalogs", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("compile", help="compile every .po file into its .mo file")
    sub.add_parser("check", help="fail on a missing/empty/fuzzy string, mismatched placeholders, a stale .mo "
                                 "or an SMS text that is not GSM-7 or too long")
    sub.add_parser("import-text", help="move strings still in the merge-time dicts into the .po files")
    args = parser.parse_args(argv)
    if args.command == "compile":
        for path in compile_all():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if args.command == "import-text":
        count = import_text()
        print(f"imported {count} strings into {LOCALE_DIR.relative_to(ROOT)}; catalogs compiled")
        return 0
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if not found:
        sizes = ", ".join(f"{domain} {len(load(SOURCE_LANG, domain))}" for domain in DOMAINS)
        print(f"catalogs ok in {', '.join(LANGS)}: {sizes} messages")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
