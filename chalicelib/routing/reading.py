"""What the router makes of a report's text: which category to route by, or why a human must decide.

Pure (no storage): the classifier reads every report, and
- a report without a category, or filed as "other" (lainnya), is routed by the classifier's
  category when it is confident; otherwise it stays with the national admins with the suggestion;
- a report whose category the text contradicts unmistakably (the classifier is confident, at least
  STRONG_DISAGREEMENT sure of another topic, and does not even rank the reporter's among its
  alternatives) is routed by the text at once ("corrected"): the reporter's choice stays on the
  report's suggestion and on the timeline, the reporter is told, and staff may put it back
  (routing.restore.restore_topic). Never silently, and never on a guess: a text the
  classifier is unsure of keeps the reporter's category;
- a confident reading whose topic routes unreliably at the level of the report's region (routing.reliability:
  measured on real complaints, the office depends on more than the topic) is not routed either: it stays
  with the admins with its suggestion (why `unreliable_topic`), which the desk forwards in one click.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.classify import (
    MAX_TEXT_CHARS,
    Classification,
    ReportTextError,
    classify,
)
from chalicelib.classify.model import LoadedModel
from chalicelib.classify.places import region_from_places
from chalicelib.directory.catalogue import region as find_region
from chalicelib.domain.model import Report
from chalicelib.routing.reliability import unreliable_route

OTHER = "lainnya"
STRONG_DISAGREEMENT = 0.9  # the classifier's confidence in another topic that overrules a reporter's


@dataclass(frozen=True)
class Reading:
    category: str | None  # the category to route by; None: a human decides
    suggestion: dict[str, Any] | None  # stored on the report and on the timeline
    classified: bool  # True when the category came from the classifier
    region_code: str | None = None  # the report's region, else one read from the text (SMS)
    named_region: str | None = None  # the most specific place the text names unambiguously
    corrected_from: str | None = None  # the reporter's category the text overruled ("corrected")


def suggestion_of(result: Classification, given: str | None, why: str, applied: bool,
                  model_version: str = "") -> dict[str, Any]:
    """The classifier's answer as staff see it: the category, how sure, the runners-up, why."""
    return {
        "category": result.category,
        "confidence": result.confidence,
        "threshold": result.threshold,
        "alternatives": [{"category": code, "confidence": p} for code, p in result.alternatives],
        "keywords": list(result.keywords),
        "reason": result.reason,
        "regions": [{"kind": m.kind, "name": m.name, "words": m.words, "ambiguous": m.ambiguous,
                     "region_code": m.region_code} for m in result.regions],
        "given_category": given,
        "why": why,  # classified | corrected | low_confidence | unreadable | unreliable_topic (restored: staff put it back)
        "applied": applied,
        "model_version": model_version or None,  # which model read it (rollback: lapor-ops model pin)
    }


def read(report: Report, model: LoadedModel | None = None) -> Reading:
    """What to route `report` by; `model` is the one to read with (default: the shipped one)."""
    given = report.category
    version = model.version if model is not None else ""
    try:
        # title and body together may pass the classifier's limit; the start says what it is about
        result = classify(f"{report.title}\n{report.body}"[:MAX_TEXT_CHARS], region_code=report.region_code,
                          model=model)
    except ReportTextError:
        return Reading(given if given and given != OTHER else None, None, False, report.region_code)
    region = result.region_code  # the reporter's when given: a place in the text only fills a gap
    named, ambiguous = region_from_places(list(result.regions))
    named = None if ambiguous else named
    chosen = bool(given and given != OTHER)  # the reporter chose a topic
    if chosen:
        ranked = {result.category, *(code for code, _ in result.alternatives)}
        if not (result.confident and result.confidence >= STRONG_DISAGREEMENT and given not in ranked):
            return Reading(given, None, False, region, named)  # the text does not overrule the reporter
    if chosen or (result.confident and result.category != OTHER):  # the text's topic would route
        if unreliable_route(result.category, find_region(region) if region else None, result.confidence):
            return Reading(None, suggestion_of(result, given, "unreliable_topic", False, version), False,
                           region, named)
        if chosen:
            corrected = suggestion_of(result, given, "corrected", True, version)
            return Reading(result.category, corrected, True, region, named, corrected_from=given)
        return Reading(result.category, suggestion_of(result, given, "classified", True, version), True, region, named)
    why = "low_confidence" if result.confidence > 0 else "unreadable"
    return Reading(None, suggestion_of(result, given, why, False, version), False, region, named)
