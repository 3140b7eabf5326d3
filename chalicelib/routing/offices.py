"""The offices a person could forward a report to, as the router would pick them: the classifier's top
topics (its suggestion and runners-up) turned into the report's own region's offices, each with how sure
the classifier was and the words of the text that point to that topic.

Why a module of its own: the router stores a *topic* suggestion, while the verification desk forwards to
an *office*. Turning one into the other must follow the same rules as routing itself (routing.router and
the stored route rules), so a one-click forward lands where the router would have sent the report had it
been sure, in the report's region (never a same-named place elsewhere)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from chalicelib.classify.keywords import literal_words, matched_keywords
from chalicelib.classify.normalise import tokens
from chalicelib.directory.catalogue import Region
from chalicelib.directory.catalogue import category as find_category
from chalicelib.directory.catalogue import region as find_region
from chalicelib.domain.model import Report
from chalicelib.routing.router import routes_for
from chalicelib.store import directory as agencies

MAX_OFFICES = 3  # the desk shows the top three; more is a search, not a suggestion
MIN_ALTERNATIVE = 0.05  # a runner-up below this is noise, not advice


@dataclass(frozen=True)
class SuggestedOffice:
    agency_id: str
    category: str | None  # the topic that leads to the office (None: the reporter named the office)
    confidence: float | None  # the classifier's confidence in that topic (None: not from the classifier)
    words: tuple[str, ...]  # words of the report that belong to the topic
    source: str  # "router" (the classifier's reading), "category" (the report's topic), "reporter"

    def as_dict(self) -> dict[str, Any]:
        """Structured form stored on the router's timeline event (details.offices)."""
        return {"agency_id": self.agency_id, "category": self.category, "confidence": self.confidence,
                "words": list(self.words), "source": self.source}


def _topics(report: Report, suggestion: dict[str, Any] | None) -> list[tuple[str, float | None, str]]:
    """(category, confidence, source), best first: the classifier's pick and runners-up, then the
    report's own topic (a not-our-authority report may have no suggestion at all)."""
    topics: list[tuple[str, float | None, str]] = []
    if suggestion and suggestion.get("category"):
        topics.append((suggestion["category"], suggestion.get("confidence"), "router"))
        for alternative in suggestion.get("alternatives") or []:
            if isinstance(alternative, dict) and alternative.get("category") and \
                    (alternative.get("confidence") or 0) >= MIN_ALTERNATIVE:
                topics.append((alternative["category"], alternative.get("confidence"), "router"))
    if report.category and report.category != "lainnya":
        topics.append((report.category, None, "category"))
    return topics


def _named_places(suggestion: dict[str, Any] | None, province: Region) -> list[Region]:
    """Regencies and cities of `province` that the text names unambiguously (a province-wide report
    about an affair only they hold goes to the one named)."""
    places = []
    for match in (suggestion or {}).get("regions") or []:
        code = match.get("region_code") if isinstance(match, dict) else None
        found = find_region(code) if code and not match.get("ambiguous") else None
        if found is not None and not found.is_province and found.province_code == province.code:
            places.append(found)
    return places


def _offices_for(category_code: str, region: Region | None, named: list[Region]) -> list[str]:
    """Every office the routing rules name for the topic, most specific first (the regency's office,
    its government, then the province's): when the first declined, the next is the suggestion."""
    category = find_category(category_code)
    if category is None or region is None:
        return []
    found: list[str] = []
    for place in cast("list[Region | None]", named) or [None]:
        for key in routes_for(category, region, place):
            agency_id = agencies.resolve_route([key])
            if agency_id and agency_id not in found:
                found.append(agency_id)
    return found


def _words_by_topic(report: Report) -> dict[str, list[str]]:
    text = f"{report.title}\n{report.body}"
    return matched_keywords(tokens(text), literal_words(text))


def suggested_offices(report: Report, exclude: Iterable[str] = (),
                      suggestion: dict[str, Any] | None = None) -> list[SuggestedOffice]:
    """Up to MAX_OFFICES distinct offices, best first, for the report's own region. `exclude`: offices
    that already declined it (bukan wewenang) or hold it now. `suggestion` defaults to the report's."""
    suggestion = suggestion if suggestion is not None else report.suggestion
    region = find_region(report.region_code) if report.region_code else None
    named = _named_places(suggestion, region) if region is not None and region.is_province else []
    declined, skip = set(exclude), set(exclude)
    found: list[SuggestedOffice] = []
    words: dict[str, list[str]] | None = None
    for category_code, confidence, source in _topics(report, suggestion):
        # the first office the rules name that has not declined; one already suggested is not repeated
        agency_id = next((a for a in _offices_for(category_code, region, named) if a not in declined), None)
        if agency_id is None or agency_id in skip:
            continue
        skip.add(agency_id)
        if words is None:
            words = _words_by_topic(report)
        topic_words: list[str] | None = (suggestion or {}).get("keywords") if (
            source == "router" and category_code == (suggestion or {}).get("category")) else None
        found.append(SuggestedOffice(agency_id, category_code, confidence,
                                     tuple(topic_words or words.get(category_code, [])), source))
        if len(found) >= MAX_OFFICES:
            return found
    if report.suggested_agency_id and report.suggested_agency_id not in skip \
            and agencies.get_agency(report.suggested_agency_id) is not None:
        found.append(SuggestedOffice(report.suggested_agency_id, None, None, (), "reporter"))
    return found[:MAX_OFFICES]
