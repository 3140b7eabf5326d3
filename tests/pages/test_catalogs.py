"""The gettext catalogs of the web pages: every string in both languages, placeholders that agree,
.mo files compiled from the .po files committed beside them, and the runtime free of Babel."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Status
from chalicelib.pages import catalog, i18n
from laportools import catalogs

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "chalicelib" / "pages" / "templates"
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
    """A copy of the catalogs and of i18n.py the tool may break and rewrite."""
    shutil.copytree(catalogs.LOCALE_DIR, tmp_path / "locale")
    shutil.copy(catalogs.I18N_SOURCE, tmp_path / "i18n.py")
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setattr(catalogs, "I18N_SOURCE", tmp_path / "i18n.py")
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
                  code, flags=re.M)
    code = re.sub(r"^ACTION: dict\[str, dict\[str, str\]\] = \{\}", 'ACTION: dict[str, dict[str, str]] = {\n'
                  '    "PUBLISH": {"id": "Diterbitkan", "en": "Published"},\n}', code, flags=re.M)
    source.write_text(code, encoding="utf-8")
    assert any("still holds 2 strings" in p for p in catalogs.problems())
    assert catalogs.main(["import-text"]) == 0
    assert catalogs.problems() == []
    assert 'msgid "sms_title"\nmsgstr "Lapor lewat SMS {number}"' in catalogs.po_path("id").read_text(encoding="utf-8")
    english = catalogs.po_path("en").read_text(encoding="utf-8")
    assert '#. id: Diterbitkan\nmsgid "action.PUBLISH"\nmsgstr "Published"' in english
    assert re.search(r"^TEXT: dict\[str, dict\[str, str\]\] = \{\}$", source.read_text(encoding="utf-8"), re.M)


def test_the_runtime_renders_pages_without_babel() -> None:
    probe = ("import sys, app\n"
             "from chalicelib.pages import render\n"
             "render.environment('en').get_template('not_found.html')\n"
             "from chalicelib.pages import i18n\n"
             "assert i18n.t('home_title', 'en') == 'Send your report'\n"
             "print('babel' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
