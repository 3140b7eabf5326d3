"""Layers point one way: the import-linter contract in pyproject.toml holds over chalicelib/.

`routes` registers every HTTP route; `api`, `web` and `console` never import each other and meet in
`pages` (the page kit) and `http` (errors, messages, cursors, request bodies, staff tokens); use
cases sit on `store`, and `store` on `domain` and `shared` alone. Function-local imports count too.
The second test proves the check can fail: an upward import in a copy of the code breaks it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with `cwd` first on the import path, so it reads that directory's chalicelib."""
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_the_layers_contract_is_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "chalicelib", tmp_path / "chalicelib",
                    ignore=shutil.ignore_patterns("data", "templates", "static", "locale", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    keys = tmp_path / "chalicelib" / "store" / "keys.py"
    keys.write_text(keys.read_text(encoding="utf-8") + "\n\ndef _upward():\n"
                    "    from chalicelib.notify import templates  # store reaching up, inside a function\n",
                    encoding="utf-8")
    csrf = tmp_path / "chalicelib" / "web" / "csrf.py"
    csrf.write_text(csrf.read_text(encoding="utf-8") + "\nfrom chalicelib.api import reporter  # a sibling channel\n",
                    encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "chalicelib.store is not allowed to import chalicelib.notify" in result.stdout
    assert "chalicelib.store.keys -> chalicelib.notify.templates" in result.stdout
    assert "chalicelib.web is not allowed to import chalicelib.api" in result.stdout
