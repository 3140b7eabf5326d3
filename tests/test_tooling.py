"""Lint and types in `make test`: `ruff check` (rules in pyproject.toml [tool.ruff]) and `mypy`
(strict on chalicelib/domain and chalicelib/store, default checks on the rest of chalicelib,
[tool.mypy]). A failure shows the tools' own output. The two probes prove each tool still fails
on a violation in this configuration, so a check that silently stopped checking is caught too."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=600, check=False)


def test_ruff_is_clean() -> None:
    done = run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, f"ruff check found problems (fix them; `ruff check --fix` does the safe ones):\n" \
                                 f"{done.stdout}{done.stderr}"


def test_mypy_is_clean() -> None:
    done = run("mypy")
    assert done.returncode == 0, f"mypy found problems:\n{done.stdout}{done.stderr}"


def test_ruff_fails_on_a_violation_under_the_projects_rules() -> None:
    probe = '"""A probe."""\nimport os\n\n\ndef long_line() -> str:\n    return "' + "x" * 130 + '"\n'
    done = run("ruff", "check", "--no-cache", "--output-format", "concise",
               "--stdin-filename", "chalicelib/domain/probe.py", "-", stdin=probe)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "F401" in done.stdout and "E501" in done.stdout, done.stdout  # unused import, line too long


def test_mypy_is_strict_on_domain_and_default_elsewhere(tmp_path: Path) -> None:
    """The same untyped function fails in chalicelib/domain (strict) and passes in chalicelib/web."""
    untyped = "\n\ndef untyped(value):\n    return value\n"
    results = {}
    for module in ("chalicelib/domain/text.py", "chalicelib/web/charts.py"):
        shadow = tmp_path / Path(module).name
        shadow.write_text((ROOT / module).read_text(encoding="utf-8") + untyped, encoding="utf-8")
        results[module] = run("mypy", "--shadow-file", module, str(shadow), module)
    strict, default = results["chalicelib/domain/text.py"], results["chalicelib/web/charts.py"]
    assert strict.returncode == 1 and "no-untyped-def" in strict.stdout, strict.stdout + strict.stderr
    assert "no-untyped-def" not in default.stdout, default.stdout
