"""The dashboard's own errors. Each carries its HTTP status and a stable code.

    DashboardError
    ├── NotFound (404)               unknown project, memory, image, conversation
    ├── Forbidden (403)              a db_path that is not a known project; bad token
    │   └── ReadOnlyDatabase (403)   a save into a database that cannot be written
    ├── InvalidInput (422)           a value the request may not carry (names the field)
    ├── BlockedPrompt (422)          the model refused the prompt
    ├── ImageWithheld (422)          the model withheld the image (IMAGE_SAFETY …)
    ├── NotAMemoryDatabase (422)     a file that is not an Omni-Cortex database
    ├── BudgetExceeded (402)         today's spend reached the daily budget
    ├── Cancelled (409)              the user cancelled the turn
    ├── TurnInProgress (409)         the conversation is already making a picture
    ├── ProviderNotReady (422)       a provider asked for that is not set up (no key)
    ├── QuotaUnavailable (403)       the key has no quota for a model (limit 0)
    ├── StorageFull (507)            the data directory has no room for a paid picture
    ├── DatabaseBusy (503)           another program held the database's lock too long
    ├── QueryTimeout (503)           a query on a foreign database ran past its time limit
    └── UpstreamError (502)          the model's service failed
        ├── InvalidApiKey (502)      the key was refused
        ├── RateLimited (429)
        ├── UpstreamTimeout (504)
        ├── ModelNotFound (502)
        └── NoImageReturned (502)

Services raise these; one exception handler in `app.py` turns them into responses of
one shape: `{"success": false, "error": <sentence>, "error_code": <word>, "detail": …}`.
"""

from __future__ import annotations

from typing import Any


class DashboardError(Exception):
    status_code: int = 500
    code: str = "internal_error"

    def __init__(self, message: str, *, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotFound(DashboardError):
    status_code = 404
    code = "not_found"


class Forbidden(DashboardError):
    status_code = 403
    code = "forbidden"


class ReadOnlyDatabase(Forbidden):
    code = "read_only_database"


class InvalidInput(DashboardError):
    status_code = 422
    code = "validation_error"

    def __init__(self, field: str, message: str, *, code: str | None = None) -> None:
        super().__init__(message, detail=[{"loc": field.split("."), "msg": message,
                                           "type": "value_error"}])
        self.field = field
        if code:
            self.code = code


class BlockedPrompt(DashboardError):
    status_code = 422
    code = "blocked_prompt"


class ImageWithheld(DashboardError):
    status_code = 422
    code = "image_withheld"


class NotAMemoryDatabase(DashboardError):
    status_code = 422
    code = "not_a_memory_database"


class BudgetExceeded(DashboardError):
    status_code = 402
    code = "budget_exceeded"


class Cancelled(DashboardError):
    status_code = 409
    code = "cancelled"


class TurnInProgress(DashboardError):
    status_code = 409
    code = "turn_in_progress"


class ProviderNotReady(DashboardError):
    status_code = 422
    code = "provider_not_configured"


class StorageFull(DashboardError):
    status_code = 507
    code = "storage_full"


class QuotaUnavailable(DashboardError):
    status_code = 403
    code = "quota_unavailable"


class DatabaseBusy(DashboardError):
    status_code = 503
    code = "database_busy"


class QueryTimeout(DashboardError):
    status_code = 503
    code = "query_timeout"


class UpstreamError(DashboardError):
    status_code = 502
    code = "upstream_unavailable"


class RateLimited(UpstreamError):
    status_code = 429
    code = "upstream_rate_limited"


class UpstreamTimeout(UpstreamError):
    status_code = 504
    code = "upstream_timeout"


class ModelNotFound(UpstreamError):
    status_code = 502
    code = "model_not_found"


class NoImageReturned(UpstreamError):
    status_code = 502
    code = "no_image_returned"


class InvalidApiKey(UpstreamError):
    status_code = 502
    code = "invalid_api_key"
