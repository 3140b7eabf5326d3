"""Exceptions the domain raises. Each carries a stable code that the API maps to a status and
a translated message."""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class. `code` keys the message catalogue; `params` fill its placeholders."""

    code = "domain_error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(f"{self.code}: {params}")


class NotFound(DomainError):
    code = "not_found"


class IllegalTransition(DomainError):
    """The state machine does not allow this action now (or not for this role)."""

    code = "illegal_transition"


class ConcurrentUpdate(DomainError):
    """Someone else changed the report first; the caller may reload and retry."""

    code = "concurrent_update"


class ValidationFailed(DomainError):
    code = "validation_failed"
