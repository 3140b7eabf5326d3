"""Which Lapor the operator CLI talks to: the local stack (from `.lapor/local-stack.json`) or a
deployed stage (AWS credentials from the usual chain). Must run before chalicelib's stores are
imported, because table names are fixed from the stage when the models are defined."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCAL_STATE_FILE = PROJECT_DIR / ".lapor" / "local-stack.json"


class TargetError(RuntimeError):
    """The CLI cannot reach the stage it was asked for; the message says how to fix it."""


@dataclass(frozen=True)
class Target:
    stage: str
    endpoint_url: str | None
    region: str

    @property
    def is_local(self) -> bool:
        return self.endpoint_url is not None

    def describe(self) -> str:
        where = self.endpoint_url or f"AWS {self.region}"
        return f"stage {self.stage} at {where}"


def resolve(stage: str, state_file: Path | None = None, endpoint_url: str | None = None,
            region: str | None = None) -> Target:
    """Set the process environment for `stage` and return it.

    `local` reads the state file `make run` writes (endpoint, region, queue URLs); any other
    stage uses real AWS unless `endpoint_url` points elsewhere (tests point it at moto)."""
    if stage == "local" and endpoint_url is None:
        path = Path(state_file or os.environ.get("LAPOR_STATE_FILE") or LOCAL_STATE_FILE)
        if not path.exists():
            raise TargetError(f"No local stack state at {path}. Start it with `make run`, or pass "
                              "--stage <stage> (with AWS credentials) for a deployed stage.")
        info = json.loads(path.read_text())
        endpoint_url, region = info["aws_endpoint"], region or info.get("region")
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")  # moto's dummies, never real keys
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
        for kind, urls in (info.get("queues") or {}).items():
            os.environ[f"LAPOR_QUEUE_URL_{kind.upper()}"] = urls["url"]
            os.environ[f"LAPOR_DLQ_URL_{kind.upper()}"] = urls["dlq_url"]
    region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "ap-southeast-3"
    os.environ["LAPOR_STAGE"] = stage
    os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"] = region
    if endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = endpoint_url
    else:
        os.environ.pop("AWS_ENDPOINT_URL", None)
    from chalicelib.settings import (
        settings,  # defines no table: safe before the stage is set
    )

    settings.cache_clear()  # the environment just changed under chalicelib
    _check_models_match(stage)
    return Target(stage, endpoint_url, region)


def _check_models_match(stage: str) -> None:
    import sys

    models = sys.modules.get("chalicelib.store.models")
    if models is not None and not models.ReportRecord.Meta.table_name.startswith(f"lapor-{stage}-"):
        raise TargetError(f"this process already uses {models.ReportRecord.Meta.table_name}; "
                          f"run the CLI in a new process for stage {stage}")
