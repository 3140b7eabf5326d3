"""`POST /api/v1/classify`: what the router would make of a text, for forms and clients.

Answers the best category, the agency it would route to in the given (or detected) region, the
confidence, up to 3 alternatives and the places named in the text with the words that matched.
Empty or over-long text is a 422; anything else odd (emoji, another language, control
characters) gets a low-confidence answer that routes nowhere.

A topic the route-reliability gate holds back at the region's level (routing/reliability.py) is never
answered as confident, however sure the reading: the web form offers a confident topic ("Pakai saran ini"),
and a citizen who took it would file it as their own topic, which the router routes without the gate."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from pydantic import BaseModel, ConfigDict, field_validator

from chalicelib.classify import (
    MAX_TEXT_CHARS,
    Classification,
    ReportTextError,
    ReportTextTooLong,
    classify,
)
from chalicelib.classify.places import region_from_places
from chalicelib.directory.catalogue import category as find_category
from chalicelib.directory.catalogue import region as find_region
from chalicelib.http.endpoints import (
    ApiError,
    endpoint,
    json_response,
    language,
    parse_json_object,
)
from chalicelib.intake.schema import known_region
from chalicelib.routing.levels import routed_nationally
from chalicelib.routing.reliability import unreliable_route
from chalicelib.routing.router import routes_for
from chalicelib.store import directory as agencies

classify_api = Blueprint(__name__)


class ClassifyIn(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", strict=True)

    text: str
    region_code: str | None = None

    @field_validator("region_code")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        return known_region(value)


def _category(code: str, lang: str) -> dict[str, Any]:
    found = find_category(code)
    if found is None:
        return {"code": code, "name": code}
    return {"code": code, "name": found.name(lang), "name_id": found.name_id, "name_en": found.name_en,
            "sector": found.sector, "national": found.national}


def _agency(result: Classification, lang: str) -> dict[str, str] | None:
    category, region = find_category(result.category), find_region(result.region_code or "")
    if category is None or (region is None and not routed_nationally(category)):
        return None
    if region is None:  # a national programme: its owner, whatever the region
        region = find_region("31")
    named, ambiguous = region_from_places(list(result.regions))
    named_region = find_region(named) if named and not ambiguous else None
    agency_id = agencies.resolve_route(routes_for(category, region, named_region))  # type: ignore[arg-type]
    return agencies.agency_summary(agency_id, lang) if agency_id else None


def answer(result: Classification, lang: str) -> dict[str, Any]:
    held = result.confident and unreliable_route(result.category, find_region(result.region_code or ""),
                                                 result.confidence)
    confident = result.confident and not held
    return {
        "category": _category(result.category, lang),
        "confidence": result.confidence,
        "confident": confident,
        "threshold": result.threshold,
        "unreliable_topic": held,
        # only a confident reading names an agency: a guess is never presented as a route
        "agency": _agency(result, lang) if confident else None,
        "alternatives": [{**_category(code, lang), "confidence": p} for code, p in result.alternatives],
        "keywords": list(result.keywords),
        "reason": result.reason,
        "regions": [{"kind": m.kind, "name": m.name, "words": m.words, "code": m.code,
                     "region_code": m.region_code, "ambiguous": m.ambiguous,
                     "candidates": list(m.candidates)} for m in result.regions],
        "region_code": result.region_code,
        "region_source": result.region_source,
    }


@endpoint(classify_api, "/api/v1/classify", methods=["POST"])
def classify_text() -> Response:
    request = classify_api.current_request
    body = ClassifyIn.model_validate(parse_json_object(request))
    try:
        result = classify(body.text, region_code=body.region_code)
    except ReportTextTooLong:
        raise ApiError(422, "text_too_long", limit=MAX_TEXT_CHARS) from None
    except ReportTextError as error:
        raise ApiError(422, error.code) from None
    return json_response(answer(result, language(request)))
