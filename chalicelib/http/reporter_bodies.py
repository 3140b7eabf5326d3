"""Request bodies of the reporter's actions (reply, rating, reopen), one definition for the JSON
API (api/reporter.py) and the tracking page's forms (web/views.py)."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.domain.fields import CleanText


class ReplyIn(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", strict=True, str_strip_whitespace=True)
    message: CleanText = Field(min_length=1, max_length=4000)


class RatingIn(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", strict=True, str_strip_whitespace=True)
    score: int = Field(ge=1, le=5)
    comment: CleanText | None = Field(default=None, max_length=1000)


class ReopenIn(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", strict=True, str_strip_whitespace=True)
    reason: str = Field(min_length=10, max_length=2000)
