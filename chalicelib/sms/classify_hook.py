"""The one switch between SMS intake and the classifier of issue #11 (`chalicelib.classify`).

Free text from SMS needs a category and a region to be routed. `classify(text, region_code=None)`
is used when it is confident (a low-confidence guess is left to the admins, as is a place the text
names ambiguously, and a topic the route-reliability gate holds back in that region: filed as the
report's own topic, it would route past the gate); without the module, or with `LAPOR_SMS_CLASSIFIER=off`, this returns
(None, None) and the report waits in the national admins' verification queue."""
from __future__ import annotations

import logging
from typing import Any

from chalicelib.directory.catalogue import category as find_category
from chalicelib.directory.catalogue import region as find_region
from chalicelib.routing.reliability import unreliable_route
from chalicelib.settings import settings

log = logging.getLogger(__name__)


def _field(result: Any, name: str) -> str | None:
    value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
    return value if isinstance(value, str) and value else None


def _confidence(result: Any) -> float:
    """The classifier's confidence (0..1); an answer without one counts as the least sure, so the gate never lets
    a thin topic through on a certainty nobody stated."""
    value = result.get("confidence") if isinstance(result, dict) else getattr(result, "confidence", None)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def classify_sms(text: str) -> tuple[str | None, str | None]:
    """(category, region_code) for an SMS text, each None when unknown."""
    if not settings().sms_classifier:
        return None, None
    try:
        from chalicelib.classify import classify
    except ImportError:
        return None, None
    try:
        result = classify(text, region_code=None)
    except Exception:  # a classifier fault must not lose the report: admins classify it
        log.exception("classifier failed; the SMS report waits for the admins")
        return None, None
    category, region = _field(result, "category"), _field(result, "region_code")
    if getattr(result, "confident", True) is False:
        category = None  # a suggestion for a human, not a route
    if getattr(result, "region_source", "text") not in ("text", "chosen"):
        region = None
    category = category if category and find_category(category) else None
    place = find_region(region) if region else None
    if category and unreliable_route(category, place, _confidence(result)):
        category = None  # the router reads the text again and leaves it, with its suggestion, for a person
    return category, place.code if place else None
