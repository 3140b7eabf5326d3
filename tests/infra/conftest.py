"""Synthesis of the CDK app, once per stage per session (shared by the template and package tests).

Synthesis packages the Chalice app (pip-downloads Lambda wheels once, then cached in
.chalice/deployments), so each stage is synthesized once per session, in a subprocess: the
packager imports app.py for the target stage, which must not mix with the test stage."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from laportools.infra_synth import synth


@pytest.fixture(scope="session")
def prod_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cdk-prod")
    synth(out, "prod")
    return out


@pytest.fixture(scope="session")
def prod(prod_out: Path) -> dict[str, Any]:
    return json.loads((prod_out / "prod.template.json").read_text())


@pytest.fixture(scope="session")
def staging(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A non-production stage, deployed with the campaign profile."""
    return synth(tmp_path_factory.mktemp("cdk-staging"), "staging", profile="campaign")
