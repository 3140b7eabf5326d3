"""Synthesize the CDK app (infra/) for one stage into a folder: the CloudFormation template and
the functions' deployment package, as `cdk synth` would make them. Used by the infra tests and by
`bench.package_imports`, which measures the package Lambda would run.

It runs in a subprocess: packaging imports app.py for the target stage, which must not mix with
the caller's stage and settings."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[1]
INFRA_DIR = PROJECT_DIR / "infra"


def synth(out_dir: Path, stage: str, profile: str | None = None) -> dict[str, Any]:
    """The stage's template (written to `out_dir` with the package); AssertionError with the
    synthesizer's last output when it fails."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAPOR_", "AWS_ENDPOINT"))}
    context = {"stage": stage, "chalice_out": str(out_dir)}
    if profile:
        context["profile"] = profile
    env.update(CDK_OUTDIR=str(out_dir), CDK_CONTEXT_JSON=json.dumps(context))
    result = subprocess.run([sys.executable, str(INFRA_DIR / "app.py")], cwd=INFRA_DIR, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "!!" not in result.stderr, "jsii's Node version banner should be silenced"
    template: dict[str, Any] = json.loads((out_dir / f"{stage}.template.json").read_text())
    return template


def deployment_package(out_dir: Path) -> Path:
    """The functions' code, as Chalice packaged it (`<chalice_out>/<id>/deployment.zip`)."""
    packages = sorted(out_dir.rglob("deployment.zip"))
    assert packages, f"synthesis left no deployment.zip under {out_dir}"
    return packages[0]
