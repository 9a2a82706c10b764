"""One error vocabulary for vagal.

Every error a person can see carries an HTTP-like status, a stable machine code and a message
written for a person (what happened, where, what to do next). Adapters (web, CLI) turn these
into their own shapes; the core raises them without knowing who will show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class VagalError(Exception):
    """Base class: a problem we can explain to a person."""

    status: int = 400
    code: str = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details: dict[str, Any] = dict(details or {})


class InvalidInput(VagalError):
    """A value was out of range, malformed or missing (HTTP 422)."""

    status = 422
    code = "invalid_input"


class NotFound(VagalError):
    """The thing does not exist, or the caller may not see it: the two look the same (404)."""

    status = 404
    code = "not_found"


class Unauthenticated(VagalError):
    """No valid session or token (401)."""

    status = 401
    code = "unauthenticated"


class Conflict(VagalError):
    """The request clashes with what is stored, e.g. a duplicate email (409)."""

    status = 409
    code = "conflict"


class TooManyAttempts(VagalError):
    """Throttled, e.g. repeated failed logins (429)."""

    status = 429
    code = "too_many_attempts"


class ConfigurationError(VagalError):
    """Settings that cannot work; raised at start-up (500 if it ever reaches a request)."""

    status = 500
    code = "configuration_error"
