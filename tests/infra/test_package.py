"""The Lambda deployment package holds only what runs in Lambda.

Chalice zips `app.py`, all of `chalicelib/` and the runtime requirements into every function, so
anything under `chalicelib/` ships. Development and operations tools live in `laportools/` (and
`bench/`, `tests/`, `infra/`, `docs/`) precisely so that they never reach the zip; this test opens
the package that `make synth` (CDK + Chalice) builds and checks both sides of that line."""
from __future__ import annotations

import ast
import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest

from infra.lapor_infra.bytecode import NEVER_IMPORTED

PROJECT_DIR = Path(__file__).resolve().parents[2]
RUNTIME_PACKAGES = {"api", "web", "http", "pages", "reports", "intake", "routing", "classify", "delivery", "deadlines",
                    "directory", "domain", "store", "shared", "data",
                    "notify", "sms",  # issue 13: reporter notifications and SMS 1708
                    "stats", "opendata",
                    "console",  # issue 12: the staff console  # issue 14: public statistics and open data
                    "outbox",  # issue 21: the timeline stream's one reader and its topic
                    "text",  # issue 21: every human-facing string, the gettext catalogs and their one reader
                    "channels"}  # issue 21: the delivery channels, plug-ins of the one delivery framework
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
    assert {n for n in names if n.startswith("chalice/") and n.endswith(".py")} == {"chalice/__init__.py", "chalice/app.py"}


def test_package_holds_no_development_or_operations_tools(package: zipfile.ZipFile) -> None:
    names = [n for n in package.namelist() if not n.endswith("/")]  # files, not directory entries
    shipped_tools = [n for n in names if n.startswith(NEVER_SHIPPED)]
    assert shipped_tools == []
    top_level_chalicelib = {n.split("/")[1] for n in names
                            if n.startswith("chalicelib/") and n.count("/") >= 2 and not n.startswith("chalicelib/__pycache__/")}
    assert top_level_chalicelib <= RUNTIME_PACKAGES, top_level_chalicelib - RUNTIME_PACKAGES


def test_every_module_ships_with_bytecode_of_its_own_source(package: zipfile.ZipFile) -> None:
    """Lambda cannot write `__pycache__`: without bytecode in the package every cold start compiles
    every module it imports (infra/lapor_infra/bytecode.py). Each `.pyc` is checked-hash bytecode of
    the very source beside it, never a developer's stale cache."""
    names = set(package.namelist())
    tag = sys.implementation.cache_tag
    sources = [n for n in names if n.endswith(".py") and not n.startswith(NEVER_IMPORTED)]
    assert "app.py" in sources and "botocore/client.py" in sources
    missing = []
    for source in sources:
        folder, _, file = source.rpartition("/")
        compiled = f"{folder + '/' if folder else ''}__pycache__/{file[:-3]}.{tag}.pyc"
        if compiled not in names:
            missing.append(source)
            continue
        header = package.read(compiled)[:16]
        assert header[:4] == importlib.util.MAGIC_NUMBER, compiled
        assert int.from_bytes(header[4:8], "little") == 0b11, f"{compiled} is not checked-hash bytecode"
        assert header[8:16] == importlib.util.source_hash(package.read(source)), f"{compiled} is not of its source"
    # The few a compiler refuses (a wheel's Python 2 example) would fail on import too: none is ours.
    assert not [m for m in missing if m.startswith(("chalicelib/", "app.py", "botocore/", "pynamodb/",
                                                    "aws_lambda_powertools/", "chalice/"))], missing
    assert len(missing) < len(sources) / 100, missing[:20]
    assert not [n for n in names if n.startswith(NEVER_IMPORTED) and n.endswith(".pyc")]


def test_the_sources_left_without_bytecode_are_never_imported() -> None:
    offenders = []
    never = {name.rstrip("/").replace("/", ".") for name in NEVER_IMPORTED} | {"phonenumbers.geocoder",
                                                                               "phonenumbers.carrier"}
    for path in [PROJECT_DIR / "app.py", *(PROJECT_DIR / "chalicelib").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [f"{node.module}.{a.name}" for a in node.names] + [node.module or ""] \
                if isinstance(node, ast.ImportFrom) else []
            if any(m == n or m.startswith(n + ".") for m in modules for n in never):
                offenders.append(f"{path.relative_to(PROJECT_DIR)}: {modules}")
    assert offenders == []


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
