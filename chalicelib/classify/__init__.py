"""Reads report texts: category classifier, place detection and duplicate similarity. Pure: imports
no AWS library, so the router, the classify API, SMS intake and the web form can all call it.

    from chalicelib.classify import classify, similarity
    result = classify("jln dpn sklh byk lbg", region_code="62.71")
"""
from __future__ import annotations

from chalicelib.classify.classifier import (
    CONFIDENCE_THRESHOLD,
    Classification,
    classify,
)
from chalicelib.classify.errors import (
    MAX_TEXT_CHARS,
    EmptyReportText,
    ReportTextError,
    ReportTextTooLong,
)
from chalicelib.classify.places import RegionMatch, detect
from chalicelib.classify.similarity import DUPLICATE_THRESHOLD, Similarity, similarity

__all__ = [
    "CONFIDENCE_THRESHOLD",
    "DUPLICATE_THRESHOLD",
    "MAX_TEXT_CHARS",
    "Classification",
    "EmptyReportText",
    "RegionMatch",
    "ReportTextError",
    "ReportTextTooLong",
    "Similarity",
    "classify",
    "detect",
    "similarity",
]
