"""Synthesis of the CDK app, once per stage per session (shared by the template and package tests).

Synthesis packages the Chalice app (pip-downloads Lambda wheels once, then cached in
.chalice/deployments), so each stage is synthesized once per session, in a subprocess: the
packager imports app.py for the target stage, which must not mix with the test stage."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
INFRA_DIR = PROJECT_DIR / "infra"


def synth(out_dir: Path, stage: str, profile: str | None = None) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAPOR_", "AWS_ENDPOINT"))}
    context = {"stage": stage, "chalice_out": str(out_dir)}
    if profile:
        context["profile"] = profile
    env.update(CDK_OUTDIR=str(out_dir), CDK_CONTEXT_JSON=json.dumps(context))
    result = subprocess.run([sys.executable, str(INFRA_DIR / "app.py")], cwd=INFRA_DIR, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "!!" not in result.stderr, "jsii's Node version banner should be silenced"
    return json.loads((out_dir / f"{stage}.template.json").read_text())


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
