"""tests/ mirrors chalicelib/: a newcomer who reads `chalicelib/<package>` finds its tests in
`tests/<package>`, and helpers live in tests/fixtures/, never in a conftest another module imports."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
CONFTEST_IMPORT = re.compile(r"^\s*(from\s+tests(\.\w+)*\.conftest\s+import|import\s+tests(\.\w+)*\.conftest)", re.MULTILINE)


def packages() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "chalicelib").glob("*/__init__.py"))


def unmirrored(tests: Path) -> list[str]:
    """chalicelib packages with no tests/<package>/test_*.py holding at least one test."""
    missing = []
    for name in packages():
        files = sorted((tests / name).glob("test_*.py"))
        if not any(re.search(r"^(async )?def test_", f.read_text(encoding="utf-8"), re.MULTILINE) for f in files):
            missing.append(name)
    return missing


def test_every_chalicelib_package_has_its_tests_mirror() -> None:
    assert len(packages()) >= 20  # the walk found the packages
    assert unmirrored(TESTS) == []


def test_a_package_without_a_mirror_is_reported(tmp_path: Path) -> None:
    """The check above fails when a package's tests are missing or hold no test."""
    for name in packages():
        (tmp_path / name).mkdir()
        (tmp_path / name / "test_it.py").write_text("def test_it():\n    pass\n", encoding="utf-8")
    assert unmirrored(tmp_path) == []
    (tmp_path / "outbox" / "test_it.py").write_text("# tests to come\n", encoding="utf-8")
    (tmp_path / "store" / "test_it.py").unlink()
    assert unmirrored(tmp_path) == ["outbox", "store"]


def test_no_module_imports_helpers_from_a_conftest() -> None:
    """A conftest only wires fixtures; what a test imports lives in tests/fixtures/ (a conftest
    imported as a module is loaded twice, and its fixtures leak where they were not asked for)."""
    offenders = [str(path.relative_to(ROOT)) for path in TESTS.rglob("*.py")
                 if "vendor" not in path.parts and CONFTEST_IMPORT.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
