"""`If-Match` for the agency and admin APIs: the one place that turns the header into the report
version a write must find (RFC 9110 §13.1.1).

A report's ETag is its version, `"n"`. Writes compare validators strongly: both `"n"` and the
weak `W/"n"` match only version n (a weak validator is never a licence to skip the check), so a
stale one of either kind is 409 `version_mismatch` from the write path. `*` matches any current
version. Anything else (several tags, an unquoted or non-numeric tag) is 400 `invalid_if_match`.
An If-Match that disagrees with a `version` sent in the body cannot match both: 409 as well.
"""
from __future__ import annotations

import re
from typing import Any

from chalicelib.http.endpoints import ApiError

_TAG = re.compile(r'^(?:W/)?"([1-9][0-9]{0,17})"$')


def if_match_version(request: Any) -> int | None:
    """The version named by the request's If-Match header; None when absent or `*`."""
    header = request.headers.get("if-match")
    if header is None:
        return None
    value = header.strip()
    if value == "*":
        return None
    found = _TAG.match(value)
    if found is None:
        raise ApiError(400, "invalid_if_match")
    return int(found.group(1))


def expected_version(request: Any, body_version: int | None) -> int | None:
    """The version a write must find: If-Match and/or the body's `version` (they must agree)."""
    header_version = if_match_version(request)
    if header_version is not None and body_version is not None and header_version != body_version:
        raise ApiError(409, "version_mismatch")
    return header_version if header_version is not None else body_version
