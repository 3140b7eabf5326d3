"""Input errors the classifier raises, typed so that an API maps them to a 4xx answer.

Everything else odd about a text (emoji only, another language, control characters) is not an
error: it yields a low-confidence classification that goes to a human, never a crash.
"""
from __future__ import annotations

MAX_TEXT_CHARS = 4000


class ReportTextError(ValueError):
    """The text cannot be classified as given; `code` keys the API's message catalogue."""

    code = "invalid_text"


class EmptyReportText(ReportTextError):
    """Nothing but white space: ask the reporter to describe the problem."""

    code = "text_empty"

    def __init__(self) -> None:
        super().__init__("the report text is empty: describe the problem in a few words")


class ReportTextTooLong(ReportTextError):
    """Longer than MAX_TEXT_CHARS: ask the reporter to shorten it."""

    code = "text_too_long"

    def __init__(self, length: int) -> None:
        super().__init__(f"the report text has {length} characters; at most {MAX_TEXT_CHARS} are accepted")
        self.length = length
