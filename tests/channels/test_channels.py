"""The delivery channels are plug-ins: one module each in chalicelib/channels/, found by the registry
by name, so a function loads only the channel it sends through, and each says who receives a message
and which failures are worth retrying."""
from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chalicelib import channels as package
from chalicelib.delivery.channel import Attempt, Verdict, channel, channels
from chalicelib.domain.model import Contact
from chalicelib.notify.reporter_channel import ReporterChannel
from chalicelib.store import notifications

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


def reporter(name: str) -> ReporterChannel:
    found = channel(name)
    assert isinstance(found, ReporterChannel)
    return found


def test_every_module_registers_the_channel_named_after_it() -> None:
    modules = {module.name for module in pkgutil.iter_modules(package.__path__)}
    assert modules == {"webhook", "email", "sms"}
    assert {c.name.lower() for c in channels()} >= modules
    for name in modules:
        assert type(channel(name.upper())).__module__ == f"chalicelib.channels.{name}"


def test_a_function_that_sends_one_kind_loads_only_that_channel() -> None:
    script = ("import json, sys\nfrom chalicelib.delivery.channel import channel\nchannel('SMS')\n"
              "print(json.dumps(sorted(m for m in sys.modules if m.startswith('chalicelib.channels.'))))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == ["chalicelib.channels.sms"]


def test_an_unknown_channel_names_the_ones_there_are() -> None:
    with pytest.raises(LookupError, match="EMAIL, SMS, WEBHOOK"):
        channel("WHATSAPP")


@pytest.mark.parametrize(("contact", "expected"), [
    (Contact(phone="+6281234567890"), ("+6281234567890", None)),
    (Contact(phone="081234567890"), ("+6281234567890", None)),
    (Contact(phone="+62215551234"), (None, notifications.NOT_MOBILE)),  # a Jakarta landline takes no SMS
    (Contact(email="warga@example.id"), (None, None)),
    (None, (None, None)),
])
def test_sms_reaches_mobile_numbers_only(contact: Contact | None, expected: tuple[str | None, str | None]) -> None:
    assert reporter("SMS").address_of(contact) == expected


def test_email_reaches_the_contacts_address() -> None:
    email = reporter("EMAIL")
    assert email.address_of(Contact(email="warga@example.id")) == ("warga@example.id", None)
    assert email.address_of(Contact(phone="+6281234567890")) == (None, None)


@pytest.mark.parametrize("name", ["SMS", "EMAIL"])
def test_reporter_channels_give_up_on_what_retrying_cannot_mend(name: str) -> None:
    reporter_channel = reporter(name)
    for code in ("OptedOut", "InvalidParameter", "MessageRejected"):
        assert reporter_channel.classify_failure(None, Attempt(False, error=code, code=code), NOW) is Verdict.GIVE_UP
    for code in ("Throttling", "InternalError", None):
        assert reporter_channel.classify_failure(None, Attempt(False, error="x", code=code), NOW) is Verdict.RETRY
