"""The one settings model (chalicelib/settings.py): the historical names and defaults
operators rely on, fail-fast validation naming the variable, the cache, and the README table."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.deadlines import settings as deadline_settings
from chalicelib.delivery import settings as delivery_settings
from chalicelib.notify import settings as notify_settings
from chalicelib.opendata import settings as open_data_settings
from chalicelib.settings import Settings, SettingsError, env_names, settings
from chalicelib.shared import config, identity, queues
from laportools import settings_doc
from tests.fixtures.settings import Env

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture()
def clean(env: Env) -> Env:
    """No LAPOR_* variable set at all (as a fresh deployment before infra sets any)."""
    for name in [n for n in os.environ if n.startswith("LAPOR_")]:
        env.unset(name)
    return env


def test_defaults_are_the_ones_operators_know(clean: Env) -> None:
    clean.set("LAPOR_STAGE", "prod")
    assert (deadline_settings.sweep_minutes(), deadline_settings.warning_working_days(),
            deadline_settings.inline_budget(), deadline_settings.fanout_batch_size(),
            deadline_settings.max_due_per_run(), deadline_settings.time_margin_ms()) == (15, 1, 200, 25, 50_000, 20_000)
    assert (open_data_settings.export_minutes(), open_data_settings.recent_months(),
            open_data_settings.statistics_since()) == (1440, 3, "2012-01")
    assert (notify_settings.site_url(), notify_settings.sms_sender_id(), notify_settings.email_sender()) == (
        "https://lapor.go.id", "1708", "LAPOR! <noreply@prod.lapor.local>")
    assert (notify_settings.sms_per_hour(), notify_settings.sms_per_day(), notify_settings.email_per_hour(),
            notify_settings.max_attempts(), notify_settings.sms_join_seconds(), notify_settings.sms_flood_limit(),
            notify_settings.sms_flood_window(), notify_settings.sms_repeat_window()) == (5, 20, 10, 5, 20, 40, 600, 600)
    assert delivery_settings.timeout_seconds() == 15
    assert delivery_settings.retry_schedule() == delivery_settings.DEFAULT_SCHEDULE
    assert not delivery_settings.allows_loopback()
    assert identity.admin_mfa_required()
    assert (queues.batch_size("routing"), queues.batching_window("routing"), queues.max_concurrency("routing")) == (
        10, 0, None)
    assert settings().clock_offset_days == 0 and settings().sms_classifier and settings().function == "api"


def test_the_local_stage_keeps_its_own_defaults(clean: Env) -> None:
    assert config.stage() == "local"
    assert (deadline_settings.sweep_minutes(), open_data_settings.export_minutes()) == (1, 2)
    assert not identity.admin_mfa_required() and delivery_settings.allows_loopback()


def test_values_are_read_under_their_historical_names(env: Env) -> None:
    env.set("LAPOR_BATCH_SIZE_DELIVERY", "5")
    env.set("LAPOR_MAX_CONCURRENCY_DELIVERY", "1")  # below AWS's minimum: raised to 2 where it is used
    env.set("LAPOR_WEBHOOK_RETRY_SCHEDULE", "10, 60,")
    env.set("LAPOR_PUBLIC_ORIGINS", "https://Lapor.Example.go.id/, https://cdn.example.go.id")
    env.set("LAPOR_SMS_CLASSIFIER", "OFF")
    env.set("LAPOR_ADMIN_MFA", "0")
    env.set("LAPOR_SITE_URL", "https://lapor.example.go.id/")
    env.set("LAPOR_SWEEP_MINUTES", "")  # empty counts as unset, as before
    assert queues.consumer("delivery")["batch_size"] == 5 and queues.max_concurrency("delivery") == 2
    assert delivery_settings.retry_schedule() == (10, 60)
    assert settings().public_origins == ["https://lapor.example.go.id", "https://cdn.example.go.id"]
    assert not settings().sms_classifier and not identity.admin_mfa_required()
    assert notify_settings.site_url() == "https://lapor.example.go.id"
    assert deadline_settings.sweep_minutes() == 15


@pytest.mark.parametrize(("name", "value"), [
    ("LAPOR_SWEEP_BATCH", "2O"),
    ("LAPOR_SWEEP_BATCH", "0"),
    ("LAPOR_BATCH_SIZE_ROUTING", "ten"),
    ("LAPOR_WEBHOOK_RETRY_SCHEDULE", "10,soon"),
    ("LAPOR_WEBHOOK_TIMEOUT", "0"),
    ("LAPOR_ADMIN_MFA", "perhaps"),
    ("LAPOR_OPEN_DATA_SINCE", "2012-13"),
    ("LAPOR_CLOCK_OFFSET_DAYS", "nan"),
    ("LAPOR_STAGE", "prod stage"),
    ("LAPOR_SMS_FLOOD_WINDOW_SECONDS", "0"),
])
def test_an_unusable_value_fails_naming_its_variable(env: Env, name: str, value: str) -> None:
    env.set(name, value)
    with pytest.raises(SettingsError, match=re.escape(name)) as refused:
        settings()
    assert str(refused.value).startswith("invalid configuration: ")


def test_a_function_with_bad_configuration_refuses_to_start() -> None:
    """Lambda imports app.py on a cold start: a bad value stops it there, with the variable named."""
    env = {**os.environ, "LAPOR_SWEEP_MINUTES": "every minute", "PYTHONPATH": str(PROJECT_DIR)}
    done = subprocess.run([sys.executable, "-c", "import app"], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "SettingsError: invalid configuration: LAPOR_SWEEP_MINUTES='every minute'" in done.stderr


def test_settings_are_cached_until_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    first = settings()
    monkeypatch.setenv("LAPOR_SWEEP_BATCH", "7")
    assert settings() is first and settings().sweep_batch == first.sweep_batch
    settings.cache_clear()
    assert settings().sweep_batch == 7


def test_every_setting_is_described_and_in_the_readme() -> None:
    assert all(field.description for field in Settings.model_fields.values())
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    assert settings_doc.current(readme) == settings_doc.render(), "run python -m laportools.settings_doc"
    for name in Settings.model_fields:
        for variable in env_names(name):
            assert f"`{variable}`" in settings_doc.current(readme)


def test_only_the_settings_module_reads_the_environment() -> None:
    """One home: any other runtime module reading os.environ would bypass validation and the docs."""
    reader = re.compile(r"os\.environ|os\.getenv|getenv\(")
    home = PROJECT_DIR / "chalicelib" / "settings.py"
    offenders = [f"{path.relative_to(PROJECT_DIR)}:{number}"
                 for path in [PROJECT_DIR / "app.py", *(PROJECT_DIR / "chalicelib").rglob("*.py")] if path != home
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if reader.search(line.split("#")[0])]
    assert offenders == []
