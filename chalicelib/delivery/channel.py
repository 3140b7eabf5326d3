"""What a channel is: how to reach one kind of recipient, and nothing else.

A channel says how its messages are rendered, who receives one now (or why nobody does), how one
is sent, and whether a failure is worth retrying. Everything around that is shared and lives in
the engine (delivery/engine.py): the log entry, the queue message, the claim that makes an
attempt happen once, the per-recipient limits, the retry schedule with its backoff, the
dead-letter queue and the replay. As FixMyStreet keeps one sender class per channel behind one
base, a new channel (WhatsApp is next) is one module in `chalicelib/channels/` plus its templates:
the module defines a subclass and decorates it with `@register`; the registry imports every
module of that package on first use, so nothing else names it.
"""
from __future__ import annotations

import contextlib
import importlib
import pkgutil
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, TypeVar

from chalicelib.store.delivery_log import LogTable


class Verdict(Enum):
    """What a failed attempt means."""

    RETRY = "retry"  # try again on the channel's schedule (then the dead-letter queue)
    GIVE_UP = "give_up"  # retrying cannot help: FAILED and dead-lettered now (replay after a fix)
    STOP = "stop"  # the recipient turned us away (410 Gone): FAILED, no dead letter; its owner replays


@dataclass(frozen=True)
class Attempt:
    """What one send did, in the terms the shared log records."""

    delivered: bool
    error: str | None = None
    status_code: int | None = None  # an HTTP channel's answer
    retry_after: float | None = None  # seconds the recipient asked us to wait
    provider_id: str | None = None  # the provider's message id (SES, SNS, ...)
    code: str | None = None  # the provider's error code, for classify_failure


@dataclass(frozen=True)
class SetAside:
    """Nobody is to receive this entry, and why (the log shows the reason)."""

    reason: str


@dataclass(frozen=True)
class Recipient:
    """Where an attempt goes: the address (or endpoint) and the key its limits are counted under."""

    address: Any
    limit_key: str


@dataclass(frozen=True)
class Limit:
    """At most `most()` first attempts per recipient in `window_seconds`, counted under
    `<counter>#<limit key>`; over it, the entry is set aside with the reason `rate_limited`."""

    counter: str
    window_seconds: int
    most: Callable[[], int]


RATE_LIMITED = "rate_limited"


class Channel(ABC):
    """One way out. Subclasses set the class attributes and implement `recipient` and `send`."""

    name: ClassVar[str]  # the log entries' and queue messages' `channel` (e.g. WEBHOOK, SMS)
    queue: ClassVar[str]  # the queue kind its messages travel on (shared.queues)
    log: ClassVar[LogTable]  # the log table its entries live in (store.delivery_log)
    metric_prefix: ClassVar[str | None] = None  # e.g. "Webhook": WebhookAttempts, WebhookDelivered...

    @abstractmethod
    def retry_schedule(self) -> tuple[int, ...]:
        """Seconds before retry 1, 2, ... (its length is the number of retries)."""

    def jittered(self) -> bool:
        """Spread retries of a burst (equal jitter); a channel whose tests need exact delays says no."""
        return True

    def limits(self) -> tuple[Limit, ...]:
        """Per-recipient limits on first attempts (none by default)."""
        return ()

    @abstractmethod
    def recipient(self, entry: Any, now: datetime) -> Recipient | SetAside:
        """Who receives `entry` now, decided at send time (an endpoint disabled or a STOP sent
        since the entry was logged is honoured)."""

    @abstractmethod
    def send(self, entry: Any, recipient: Recipient, now: datetime) -> Attempt:
        """One attempt. Return failures as an Attempt; raise only for what is not a send failure."""

    def classify_failure(self, entry: Any, attempt: Attempt, now: datetime) -> Verdict:
        """Retryable (the default) or permanent. May act on the cause, e.g. disable an endpoint."""
        return Verdict.RETRY

    def metric_dimensions(self, entry: Any) -> dict[str, str]:
        """Extra dimensions of the per-entry failure metric (the alarm finds the worst recipient)."""
        return {}


# Where the channel modules live. Imported by name, as plug-ins: the channels build on this framework
# (and the reporter channels on notify/), never the other way round.
CHANNELS_PACKAGE = "chalicelib.channels"
_REGISTRY: dict[str, Channel] = {}
_discovered = False
C = TypeVar("C", bound=type[Channel])


def register(cls: C) -> C:
    """Class decorator: make `cls` a channel the engine delivers through (one instance each)."""
    _REGISTRY[cls.name] = cls()
    return cls


def unregister(name: str) -> None:
    """Remove a channel (tests that register their own channel tidy up with this)."""
    _REGISTRY.pop(name, None)


def _discover() -> None:
    """Import every module of `chalicelib.channels` once: a channel module registers itself."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    package = importlib.import_module(CHANNELS_PACKAGE)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{CHANNELS_PACKAGE}.{module.name}")


def channel(name: str) -> Channel:
    """The channel called `name`. Its module (`channels/<name in lower case>.py`) is imported
    alone first, so a Lambda function loads only the channel it sends through."""
    if name not in _REGISTRY and name.isidentifier():
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(f"{CHANNELS_PACKAGE}.{name.lower()}")
    if name not in _REGISTRY:
        _discover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"no delivery channel {name!r}; channels: {', '.join(sorted(_REGISTRY))}") from None


def channels() -> list[Channel]:
    _discover()
    return list(_REGISTRY.values())
