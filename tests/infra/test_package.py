"""The Lambda deployment package holds only what runs in Lambda.

Chalice zips `app.py`, all of `chalicelib/` and the runtime requirements into every function, so
anything under `chalicelib/` ships. Development and operations tools live in `laportools/` (and
`bench/`, `tests/`, `infra/`, `docs/`) precisely so that they never reach the zip; this test opens
the package that `make synth` (CDK + Chalice) builds and checks both sides of that line."""
from __future__ import annotations

import ast
import zipfile
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
RUNTIME_PACKAGES = {"api", "web", "http", "pages", "reports", "intake", "routing", "classify", "delivery", "deadlines",
                    "directory", "domain", "store", "shared", "data",
                    "notify", "sms",  # issue 13: reporter notifications and SMS 1708
                    "stats", "opendata",
                    "console",  # issue 12: the staff console  # issue 14: public statistics and open data
                    "outbox",  # issue 21: the timeline stream's one reader and its topic
                    "text"}  # issue 21: every human-facing string, the gettext catalogs and their one reader
NEVER_SHIPPED = ("laportools/", "bench/", "tests/", "infra/", "docs/", ".chalice/", "moto/",
                 "pytest/", "playwright/", "aws_cdk/", "boto3/", "chalice/cli/", "chalice/deploy/")


@pytest.fixture(scope="module")
def package(prod_out: Path) -> zipfile.ZipFile:
    zips = sorted(prod_out.rglob("deployment.zip"))
    assert zips, "synthesis produced no deployment.zip"
    return zipfile.ZipFile(zips[0])


def test_package_holds_the_runtime_code(package: zipfile.ZipFile) -> None:
    names = set(package.namelist())
    assert "app.py" in names
    assert {"chalicelib/reports/perform.py", "chalicelib/domain/privacy.py",
            "chalicelib/pages/templates/base.html", "chalicelib/data/categories.json"} <= names
    assert "pydantic/__init__.py" in names  # the HTTP bodies' models (requirements.txt)
    # The settings module parses its few variables itself: pydantic-settings cost every cold start.
    assert not [n for n in names if n.startswith("pydantic_settings/")]
    # Only Chalice's runtime module, not its CLI and deployer.
    assert {n for n in names if n.startswith("chalice/")} == {"chalice/__init__.py", "chalice/app.py"}


def test_package_holds_no_development_or_operations_tools(package: zipfile.ZipFile) -> None:
    names = [n for n in package.namelist() if not n.endswith("/")]  # files, not directory entries
    shipped_tools = [n for n in names if n.startswith(NEVER_SHIPPED)]
    assert shipped_tools == []
    top_level_chalicelib = {n.split("/")[1] for n in names if n.startswith("chalicelib/") and n.count("/") >= 2}
    assert top_level_chalicelib <= RUNTIME_PACKAGES, top_level_chalicelib - RUNTIME_PACKAGES
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_runtime_code_never_imports_the_tools() -> None:
    """A runtime module importing laportools (or infra: the scaling profiles live there) would fail
    in Lambda (the package lacks it)."""
    offenders = []
    for path in [PROJECT_DIR / "app.py", *(PROJECT_DIR / "chalicelib").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(m.split(".")[0] in {"laportools", "bench", "tests", "moto", "infra", "lapor_infra"} for m in modules):
                offenders.append(f"{path.relative_to(PROJECT_DIR)}: {modules}")
    assert offenders == []
