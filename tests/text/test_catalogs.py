"""The gettext catalogs, every domain (web pages, API, SMS, e-mail): every string in both languages,
placeholders that agree, .mo files compiled from the .po files committed beside them, SMS texts that
are GSM-7 and fit their segments, merge-time dicts drained, and the runtime free of Babel."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Status
from chalicelib.http.messages import known, message
from chalicelib.notify import templates
from chalicelib.pages import catalog, i18n
from chalicelib.sms import replies
from chalicelib.text import catalog as text_catalog
from laportools import catalogs

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "chalicelib" / "pages" / "templates"
TID = "K7Q4M-9XAR3"
# keys the templates compose rather than spell out
COMPOSED = ({f"rating_{n}" for n in range(1, 6)}
            | {f"{c}_hint" for c in ("PENGADUAN", "ASPIRASI", "PERMINTAAN_INFORMASI")})


def test_catalogs_are_complete_consistent_and_compiled() -> None:
    assert catalogs.problems() == []


def test_every_status_action_and_template_key_has_both_languages() -> None:
    wanted = {f"status.{s.value}" for s in Status} | {f"status.{s.value}.meaning" for s in Status}
    wanted |= {f"action.{a.value}" for a in Action} - {"action.NOTE", "action.AMEND"}
    for template in TEMPLATES.rglob("*.html"):
        wanted |= set(re.findall(r"""\bt\(\s*["']([A-Za-z_0-9.]+)["']\s*[,)]""", template.read_text()))
    wanted |= COMPOSED
    for lang in catalog.LANGS:
        missing = {key for key in wanted if not catalog.lookup(key, lang)}
        assert not missing, (lang, sorted(missing))


def test_pages_read_the_compiled_catalogs() -> None:
    assert i18n.t("home_title", "id") == "Sampaikan laporan Anda"
    assert i18n.t("home_title", "en") == "Send your report"
    assert i18n.t("chars_left", "en", n=3) == "3 characters left"
    assert i18n.status_words("DITERUSKAN", "en")[0] == "Passed to the agency"
    assert i18n.spell_tracking_id("AB2-", "id") == "A, B, dua, strip"


@pytest.fixture()
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the catalogs and of the modules with merge-time dicts, which the tool may break and rewrite."""
    shutil.copytree(catalogs.LOCALE_DIR, tmp_path / "locale")
    for name, source in (("I18N_SOURCE", "i18n.py"), ("API_SOURCE", "messages.py"), ("REPLIES_SOURCE", "replies.py")):
        shutil.copy(getattr(catalogs, name), tmp_path / source)
        monkeypatch.setattr(catalogs, name, tmp_path / source)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setattr(catalogs, "ROOT", tmp_path)
    return tmp_path


def test_check_fails_on_a_missing_or_empty_string_and_a_stale_mo(scratch: Path) -> None:
    en = catalogs.po_path("en")
    text = en.read_text(encoding="utf-8")
    text = text.replace('msgid "track_button"\nmsgstr "Track report"', 'msgid "track_button"\nmsgstr ""')
    text = re.sub(r'#\. id: Lapor\nmsgid "service_name"\nmsgstr "Lapor"\n\n', "", text)
    en.write_text(text, encoding="utf-8")
    found = "\n".join(catalogs.problems())
    assert "en: empty translation for 'track_button'" in found
    assert "en: missing msgid 'service_name'" in found
    assert "en: locale/en/LC_MESSAGES/messages.mo is stale" in found
    assert catalogs.main(["check"]) == 1


def test_check_fails_on_placeholders_that_differ(scratch: Path) -> None:
    en = catalogs.po_path("en")
    en.write_text(en.read_text(encoding="utf-8").replace('"{n} characters left"', '"{count} characters left"'),
                  encoding="utf-8")
    catalogs.compile_all()
    assert catalogs.problems() == ["en: placeholders of 'chars_left' are ['count'], id has ['n']"]


def test_import_text_moves_strings_a_merged_branch_left_in_python(scratch: Path) -> None:
    source = scratch / "i18n.py"
    code = source.read_text(encoding="utf-8")
    code = re.sub(r"^TEXT: dict\[str, dict\[str, str\]\] = \{\}", 'TEXT: dict[str, dict[str, str]] = {\n'
                  '    "sms_title": {"id": "Lapor lewat SMS {number}", "en": "Report by SMS {number}"},\n}',
                  code, flags=re.MULTILINE)
    code = re.sub(r"^ACTION: dict\[str, dict\[str, str\]\] = \{\}", 'ACTION: dict[str, dict[str, str]] = {\n'
                  '    "PUBLISH": {"id": "Diterbitkan", "en": "Published"},\n}', code, flags=re.MULTILINE)
    source.write_text(code, encoding="utf-8")
    assert any("still holds 2 strings" in p for p in catalogs.problems())
    assert catalogs.main(["import-text"]) == 0
    assert catalogs.problems() == []
    assert 'msgid "sms_title"\nmsgstr "Lapor lewat SMS {number}"' in catalogs.po_path("id").read_text(encoding="utf-8")
    english = catalogs.po_path("en").read_text(encoding="utf-8")
    assert '#. id: Diterbitkan\nmsgid "action.PUBLISH"\nmsgstr "Published"' in english
    assert re.search(r"^TEXT: dict\[str, dict\[str, str\]\] = \{\}$", source.read_text(encoding="utf-8"), re.MULTILINE)


def test_the_runtime_renders_pages_without_babel() -> None:
    probe = ("import sys, app\n"
             "from chalicelib.pages import render\n"
             "render.environment('en').get_template('not_found.html')\n"
             "from chalicelib.pages import i18n\n"
             "assert i18n.t('home_title', 'en') == 'Send your report'\n"
             "print('babel' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_domain_is_compiled_and_checked() -> None:
    for domain in text_catalog.DOMAINS:
        for lang in text_catalog.LANGS:
            assert catalogs.mo_path(lang, domain).exists(), (domain, lang)
    assert {"api", "sms", "email"} <= set(text_catalog.DOMAINS)
    assert catalogs.main(["check"]) == 0


def test_api_sms_and_email_words_come_from_their_catalogs() -> None:
    assert message("missing", "id") == "Wajib diisi." and message("missing", "en") == "This field is required."
    assert message("payload_too_large", "en", limit=1024) == "The request body exceeds the 1024-byte limit."
    assert replies.answer("confirmed", "en", tid=TID) == f"LAPOR! {TID} is closed. Thank you for reporting."
    assert replies.status_text("DITUNDA", "id") == "menunggu penjelasan Anda"
    rendered = templates.render("archived", "en", TID, "https://x/l", archive_reason="DUPLICATE")
    assert rendered.sms == f"LAPOR! {TID} archived: it duplicates another report. https://x/l"
    assert rendered.subject == f"[LAPOR!] {TID}: archived"
    assert templates.EMAIL_FOOTER["id"].startswith("Lacak laporan Anda: {link}")


def test_the_api_speaks_indonesian_when_it_does_not_know_the_language_or_the_code() -> None:
    assert message("not_found", "fr") == "Laporan tidak ditemukan."
    assert message("no_such_code", "en") == "Invalid value."
    assert not known("no_such_code") and known("invalid_tracking_id")


def test_check_fails_on_an_api_message_whose_placeholders_differ(scratch: Path) -> None:
    en = catalogs.po_path("en", "api")
    text = en.read_text(encoding="utf-8")
    en.write_text(text.replace("exceeds the {limit}-byte limit", "exceeds the {max}-byte limit"), encoding="utf-8")
    catalogs.compile_all()
    assert catalogs.problems() == ["api/en: placeholders of 'payload_too_large' are ['max'], id has ['limit']"]


def test_check_fails_on_an_sms_text_too_long_or_outside_gsm7(scratch: Path) -> None:
    id_po = catalogs.po_path("id", "sms")
    text = id_po.read_text(encoding="utf-8")
    longer = "LAPOR! {tid} selesai. Terima kasih telah melapor. Kami senang dapat membantu Anda dan berharap " \
             "pelayanan publik di kota dan kabupaten Anda terus membaik setiap hari."
    text = text.replace('msgstr "LAPOR! {tid} selesai. Terima kasih telah melapor."', f'msgstr "{longer}"')
    text = text.replace('msgstr "LAPOR! Tanggapan Anda untuk {tid} sudah diteruskan ke instansi."',
                        'msgstr "LAPOR! Tanggapan Anda untuk {tid} sudah “diteruskan” ke instansi."')
    text = text.replace('msgstr "LAPOR! {tid} dialihkan ke {agency}. {link}"',
                        'msgstr "LAPOR! {tid} dialihkan ke {agency} ({office}). {link}"')
    id_po.write_text(text, encoding="utf-8")
    catalogs.compile_all()
    found = catalogs.problems()
    assert "sms/id: 'reply.confirmed' needs 2 SMS segments at its longest (171 characters); 1 allowed" in found
    assert "sms/id: 'reply.replied' has characters outside GSM-7: '“”'" in found
    assert not any("'reply.replied' needs" in p for p in found)  # folded at run time: one problem, not two
    unknown = "sms/id: 'notify.forwarded' uses ['office'], whose longest value is unknown"
    assert any(p.startswith(unknown) for p in found)
    assert any(p.startswith("sms/en: placeholders of 'notify.forwarded'") for p in found)


def test_sms_texts_are_counted_with_the_longest_status_they_can_carry(scratch: Path) -> None:
    en = catalogs.po_path("en", "sms")
    en.write_text(en.read_text(encoding="utf-8").replace(
        'msgstr "referred to the Ombudsman"',
        'msgstr "referred to the Ombudsman of the Republic of Indonesia for an investigation of maladministration"'),
        encoding="utf-8")
    catalogs.compile_all()
    found = catalogs.problems()
    # the status word alone is fine; the answers that carry it no longer fit
    assert any(p.startswith("sms/en: 'reply.status' needs 2 SMS segments") for p in found), found
    assert not any("'status.DIRUJUK_OMBUDSMAN'" in p for p in found)


def test_import_text_drains_api_messages_and_1708_answers_a_merged_branch_added(scratch: Path) -> None:
    api = scratch / "messages.py"
    api.write_text(api.read_text(encoding="utf-8") + (
        '\n\n# Evidence (issue 30).\n'
        'MESSAGES.update({\n'
        '    "evidence_too_old": {"id": "Bukti terlalu lama: {days} hari.",\n'
        '                         "en": "The evidence is too old: {days} days."},\n'
        '})\n'), encoding="utf-8")
    sms = scratch / "replies.py"
    sms.write_text(sms.read_text(encoding="utf-8") + (
        '\n\nTEXT["id"].update({"menu": "LAPOR! Balas 1, 2 atau 3 untuk memilih instansi {tid}."})\n'
        'TEXT["en"]["menu"] = "LAPOR! Reply 1, 2 or 3 to choose the agency of {tid}."\n'), encoding="utf-8")
    found = catalogs.problems()
    assert any(p.startswith("messages.py still holds 1 strings (e.g. 'evidence_too_old')") for p in found), found
    assert any(p.startswith("replies.py still holds 1 strings (e.g. 'reply.menu')") for p in found), found

    assert catalogs.main(["import-text"]) == 0
    assert catalogs.problems() == []
    assert 'msgid "evidence_too_old"\nmsgstr "Bukti terlalu lama: {days} hari."' in \
        catalogs.po_path("id", "api").read_text(encoding="utf-8")
    english = catalogs.po_path("en", "sms").read_text(encoding="utf-8")
    assert '#. id: LAPOR! Balas 1, 2 atau 3 untuk memilih instansi {tid}.\nmsgid "reply.menu"\n' \
           'msgstr "LAPOR! Reply 1, 2 or 3 to choose the agency of {tid}."' in english
    api_code, sms_code = api.read_text(encoding="utf-8"), sms.read_text(encoding="utf-8")
    assert "evidence_too_old" not in api_code and "MESSAGES: dict[str, dict[str, str]] = {}\n" in api_code
    assert "menu" not in sms_code and 'TEXT: dict[str, dict[str, str]] = {"id": {}, "en": {}}\n' in sms_code
    compile(api_code, "messages.py", "exec"), compile(sms_code, "replies.py", "exec")  # still Python


def test_held_strings_work_before_they_are_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.http import messages

    monkeypatch.setitem(messages.MESSAGES, "evidence_too_old",
                        {"id": "Bukti lama: {days} hari.", "en": "Old: {days} days."})
    monkeypatch.setitem(replies.TEXT["en"], "menu", "LAPOR! Reply 1, 2 or 3 for {tid}")
    assert message("evidence_too_old", "en", days=3) == "Old: 3 days."
    assert message("evidence_too_old", "fr", days=3) == "Bukti lama: 3 hari."
    assert replies.answer("menu", "en", tid=TID) == f"LAPOR! Reply 1, 2 or 3 for {TID}"
