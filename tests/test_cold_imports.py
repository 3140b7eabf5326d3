"""What a cold start loads: every Lambda function imports app.py first, so a heavy library pulled in
there is paid by every function on every cold start (bench/coldstart.py measures the time; this
checks, without timing anything, that the libraries no function needs at import stay out)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.coldstart import FUNCTIONS

PROJECT = Path(__file__).resolve().parents[1]
# boto3 (with s3transfer and multiprocessing) wraps the botocore clients the functions use directly.
# pydantic-settings (and the asyncio it loads) was the settings model's library; HTML templates and
# JOSE are for pages and staff tokens, which no event function renders or verifies at import.
NEVER_AT_IMPORT = ("pydantic_settings", "jinja2", "joserfc", "cryptography", "boto3")
# Request bodies are pydantic models of the HTTP layer, which event functions do not load.
EVENT_FUNCTIONS_NEVER = (*NEVER_AT_IMPORT, "pydantic")


def loaded_modules(function: str, also: str = "") -> set[str]:
    """Modules `import app` (and then `also`, a module) loads in a fresh interpreter running as
    `function`."""
    code = (f"import json, sys, importlib; import app; {f'importlib.import_module({also!r}); ' if also else ''}"
            "print(json.dumps(sorted(sys.modules)))")
    env = {**os.environ, "LAPOR_FUNCTION": function, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def loaded_by_import(function: str, also: str = "") -> set[str]:
    """The top-level packages of `loaded_modules`."""
    return {name.split(".")[0] for name in loaded_modules(function, also)}


@pytest.mark.parametrize("function", [f for f in FUNCTIONS if f != "api"])
def test_an_event_function_loads_no_http_or_settings_library(function: str) -> None:
    assert loaded_by_import(function).isdisjoint(EVENT_FUNCTIONS_NEVER)


def test_the_api_function_loads_no_jose_or_settings_library_at_import() -> None:
    """The API registers every route at import from the route table and loads a view's module on the
    first request for it (tests/test_routes.py); staff-token verification loads JOSE when a staff
    token arrives, and settings are parsed without pydantic-settings."""
    loaded = loaded_by_import("api")
    assert "chalicelib" in loaded
    assert loaded.isdisjoint({"pydantic_settings", "joserfc", "cryptography"})


def test_the_sms_function_files_without_pydantic_or_pillow() -> None:
    """An SMS filing is checked by intake/sms_filing.py (the request model's rules, no pydantic: about
    0.1 s of every SMS cold start), and Pillow is loaded only where a picture is cleaned
    (intake/images.py): an SMS carries none."""
    loaded = loaded_by_import("receive_sms", also="chalicelib.sms.service")
    assert "chalicelib" in loaded and "phonenumbers" in loaded  # the filing path did load
    assert loaded.isdisjoint({"pydantic", "pydantic_core", "annotated_types", "PIL"})


def test_an_inbound_sms_part_loads_neither_intake_nor_the_classifier() -> None:
    """Half of the SMS queue's messages are inbound parts, which are stored and answered with a delayed
    flush; only the flush carries out the command. So the handler leaves filing (Powertools idempotency,
    which loads boto3) and the classifier to the flush."""
    loaded = loaded_modules("receive_sms", also="chalicelib.sms.handler")
    assert "chalicelib.sms.parts" in loaded and "chalicelib.domain.phones" in loaded
    assert not loaded & {"chalicelib.intake.service", "chalicelib.sms.service", "chalicelib.classify.classifier",
                         "boto3", "fasttext"}


def test_the_notices_function_loads_no_webhook_fan_out() -> None:
    """Notices read the timeline event from the store's stream image, as the fan-out does, without
    importing the fan-out (its payloads, subscriptions and the report views)."""
    loaded = loaded_modules("notify_reporters", also="chalicelib.notify.outbox")
    assert "chalicelib.notify.outbox" in loaded
    assert not loaded & {"chalicelib.delivery.fanout", "chalicelib.reports.read"}
