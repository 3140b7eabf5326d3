"""CDK app: one Lapor stage, synthesized offline (`make synth`) or deployed (`cdk deploy`).

Stage and scaling profile: context `-c stage=prod -c profile=campaign`, else the environment
(`LAPOR_DEPLOY_STAGE`, `LAPOR_PROFILE`), else `prod` and the stage's active profile in
`infra/scaling.json`. One stage per run: packaging imports app.py for that stage."""
from __future__ import annotations

import os
import sys
from pathlib import Path

INFRA_DIR = Path(__file__).resolve().parent
PROJECT_DIR = INFRA_DIR.parent
# Chalice imports the project's app.py as `app`: this file must not shadow it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != INFRA_DIR]
sys.path[:0] = [str(PROJECT_DIR), str(INFRA_DIR)]
# jsii's Node version banners: END_OF_LIFE and DEPRECATED take the major versions to silence.
for _banner in ("UNTESTED", "DEPRECATED", "END_OF_LIFE", "KNOWN_BROKEN"):
    os.environ.setdefault(f"JSII_SILENCE_WARNING_{_banner}_NODE_VERSION", "16,18,19,20,21,23")


def main() -> None:
    import aws_cdk as cdk

    app = cdk.App(outdir=None if os.environ.get("CDK_OUTDIR") else str(INFRA_DIR / "cdk.out"),
                  context={"@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True})
    stage = app.node.try_get_context("stage") or os.environ.get("LAPOR_DEPLOY_STAGE") or "prod"
    os.environ["LAPOR_STAGE"] = stage  # before chalicelib names its tables
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ.get("CDK_DEFAULT_REGION", "ap-southeast-3"))

    from cdk_nag import AwsSolutionsChecks
    from lapor_infra import profiles
    from lapor_infra.stack import LaporStack

    profile_name = app.node.try_get_context("profile") or os.environ.get("LAPOR_PROFILE")
    profile = profiles.get(profile_name) if profile_name else profiles.active(stage)
    env = None
    if os.environ.get("CDK_DEFAULT_ACCOUNT"):
        env = cdk.Environment(account=os.environ["CDK_DEFAULT_ACCOUNT"], region=os.environ.get("CDK_DEFAULT_REGION"))
    LaporStack(app, stage, profile, env=env)
    cdk.Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    app.synth()


if __name__ == "__main__":
    main()
