"""Scaling profiles (normal, campaign): read, compare and switch `infra/scaling.json`.

Infra owns them: it deploys the active profile of a stage (API throttling, reserved concurrency,
consumer batching, DynamoDB caps, WAF limits). The operator CLI (`lapor-ops profile`, `lapor-ops
plan`) and the local stack import this module from here, the local consumers through
`environment()`: the same `LAPOR_*` variables the deployed app gets. The Lambda package never
needs it: the functions read only those variables (chalicelib/settings.py).

Imported as `lapor_infra.profiles` by the CDK app (infra/ on its path) and as
`infra.lapor_infra.profiles` by everything run from the project root; nothing loads both."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[2]
PROFILES_FILE = PROJECT_DIR / "infra" / "scaling.json"
DEFAULT_PROFILE = "normal"


# Requests per client in WAF's window (5 minutes) unless a profile says otherwise.
ABUSE_DEFAULTS: dict[str, Any] = {
    "window_seconds": 300, "per_ip": 3000, "intake_per_ip": 100, "support_per_device": 100, "per_api_key": 6000,
    "usage_plan_rate": 20, "usage_plan_burst": 40, "usage_plan_daily_quota": 50000,
}


class ProfileError(ValueError):
    """An unknown profile or a malformed profiles file; the message says what exists."""


@dataclass(frozen=True)
class ConsumerScaling:
    batch_size: int
    batching_window: int
    max_concurrency: int | None


@dataclass(frozen=True)
class Profile:
    name: str
    settings: dict[str, Any]

    @property
    def throttle_rate(self) -> float:
        return float(self.settings["api"]["throttle_rate"])

    @property
    def throttle_burst(self) -> int:
        return int(self.settings["api"]["throttle_burst"])

    @property
    def intake_reserved_concurrency(self) -> int | None:
        value = self.settings.get("intake", {}).get("reserved_concurrency")
        return int(value) if value else None

    @property
    def max_read_request_units(self) -> int:
        return int(self.settings["dynamodb"]["max_read_request_units"])

    @property
    def max_write_request_units(self) -> int:
        return int(self.settings["dynamodb"]["max_write_request_units"])

    @property
    def abuse(self) -> dict[str, Any]:
        """Rate limits of the API's WAF rules and usage plan (infra/lapor_infra/protection.py)."""
        return {**ABUSE_DEFAULTS, **self.settings.get("abuse", {})}

    @property
    def stream_parallelization(self) -> int:
        """Lambda's ParallelizationFactor of the DynamoDB stream consumers (1 when unset)."""
        return int(self.settings.get("streams", {}).get("parallelization_factor", 1))

    def consumer(self, kind: str) -> ConsumerScaling:
        consumers = self.settings.get("consumers", {})
        raw = {**consumers.get("default", {}), **consumers.get(kind, {})}
        return ConsumerScaling(
            batch_size=int(raw.get("batch_size", 10)),
            batching_window=int(raw.get("batching_window", 0)),
            max_concurrency=int(raw["max_concurrency"]) if raw.get("max_concurrency") else None,
        )

    def environment(self, kinds: Iterable[str]) -> dict[str, str]:
        """The `LAPOR_*` variables that `queues.consumer` reads, for each queue kind."""
        env: dict[str, str] = {}
        for kind in kinds:
            scaling = self.consumer(kind)
            env[f"LAPOR_BATCH_SIZE_{kind.upper()}"] = str(scaling.batch_size)
            env[f"LAPOR_BATCH_WINDOW_{kind.upper()}"] = str(scaling.batching_window)
            if scaling.max_concurrency:
                env[f"LAPOR_MAX_CONCURRENCY_{kind.upper()}"] = str(scaling.max_concurrency)
        return env


def load(path: Path = PROFILES_FILE) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text())
    except FileNotFoundError:
        raise ProfileError(f"{path} is missing: it defines the scaling profiles") from None
    if not isinstance(document.get("profiles"), dict) or not document["profiles"]:
        raise ProfileError(f"{path} has no `profiles` object")
    return document


def names(path: Path = PROFILES_FILE) -> list[str]:
    return sorted(load(path)["profiles"])


def active_name(stage: str, path: Path = PROFILES_FILE) -> str:
    return load(path).get("active", {}).get(stage, DEFAULT_PROFILE)


def get(name: str, path: Path = PROFILES_FILE) -> Profile:
    profiles = load(path)["profiles"]
    if name not in profiles:
        raise ProfileError(f"unknown profile {name!r}; known: {', '.join(sorted(profiles))}")
    return Profile(name, profiles[name])


def active(stage: str, path: Path = PROFILES_FILE) -> Profile:
    return get(active_name(stage, path), path)


def flatten(settings: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in settings.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, dotted + "."))
        else:
            out[dotted] = value
    return out


def diff(current: Profile, target: Profile) -> list[tuple[str, Any, Any]]:
    """(setting, current value, target value) for every setting that changes."""
    before, after = flatten(current.settings), flatten(target.settings)
    return [(key, before.get(key), after.get(key))
            for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]


def switch(stage: str, name: str, path: Path = PROFILES_FILE) -> None:
    """Make `name` the active profile of `stage` (validated first). Keeps the file's layout."""
    get(name, path)
    document = load(path)
    document.setdefault("active", {})[stage] = name
    path.write_text(json.dumps(document, indent=2) + "\n")
