"""Error answers in the API's JSON shape, with the texts the real API sends.

Texts come from captures (sources beside each). Where no capture could be found the
wording is the emulator's own and says so.

    400 INVALID_ARGUMENT    bad key, request shape, image config, limits, signatures
    403 PERMISSION_DENIED   no key
    404 NOT_FOUND           unknown or retired model, unknown method
    429 RESOURCE_EXHAUSTED  quota (QuotaFailure + RetryInfo details), limit 0, credits
    any of STATUS_NAMES     on demand, through GeminiEmulator.fail_next()
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
DEFAULT_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: "Request had invalid authentication credentials.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    408: "Request timed out.",
    429: "Resource has been exhausted (e.g. check quota).",
    500: "An internal error has occurred. Please retry or report in "
    "https://developers.generativeai.google/guide/troubleshooting",
    502: "Bad gateway.",
    503: "The service is currently unavailable.",
    504: "Deadline expired before operation could complete.",
}
MISSING_KEY_MESSAGE = (
    "Method doesn't allow unregistered callers (callers without established identity). "
    "Please use API Key or other form of API consumer identity to call this API."
)
BAD_KEY_MESSAGE = "API key not valid. Please pass a valid API key."
BAD_IMAGE_MESSAGE = (
    "Unable to process input image. Please retry or report in "
    "https://developers.generativeai.google/guide/troubleshooting"
)
EMPTY_TEXT_MESSAGE = (
    "Unable to submit request because it has an empty text parameter. "
    "Add a value to the parameter and try again."
)
MULTIPLE_CANDIDATES_MESSAGE = "Multiple candidates is not enabled for this model"
THINKING_BOTH_MESSAGE = "You can only set only one of thinking budget and thinking level."
CORRUPT_SIGNATURE_MESSAGE = "Corrupted thought signature."
QUOTA_HEAD = (
    "You exceeded your current quota, please check your plan and billing details. "
    "For more information on this error, head to: "
    "https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, "
    "head to: https://ai.dev/rate-limit. "
)
# Captured text ends "…billing. …": the emulator stops at the last whole sentence.
CREDITS_DEPLETED_MESSAGE = (
    "Your prepayment credits are depleted. Please go to AI Studio at "
    "https://ai.studio/projects to manage your project and billing."
)
BAD_KEY_DETAILS = [
    {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "API_KEY_INVALID",
        "domain": "googleapis.com",
        "metadata": {"service": "generativelanguage.googleapis.com"},
    }
]
_HELP = {
    "@type": "type.googleapis.com/google.rpc.Help",
    "links": [{"description": "Learn more about Gemini API quotas",
               "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}],
}


class ApiError(Exception):
    """An error answer, in the API's JSON shape."""

    def __init__(self, code: int, message: str, details: list[Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "status": STATUS_NAMES.get(self.code, "UNKNOWN"),
        }
        if self.details:
            error["details"] = self.details
        return {"error": error}

    def response(self) -> Response:
        return JSONResponse(self.body(), status_code=self.code)


def invalid(message: str) -> ApiError:
    return ApiError(400, message)


def not_found(model: str, version: str, method: str) -> ApiError:
    """The answer for an unknown or retired model (facts file, captured 2026-09-02)."""
    return ApiError(
        404,
        f"models/{model} is not found for API version {version}, or is not supported for "
        f"{method}. Call ListModels to see the list of available models and their "
        "supported methods.",
    )


def unknown_field(name: str, where: str) -> ApiError:
    """Proto JSON's refusal of a field it does not know (captured 2026-09-02)."""
    return invalid(f'Invalid JSON payload received. Unknown name "{name}" at \'{where}\': '
                   "Cannot find field.")


def bad_enum(where: str, enum: str, value: object) -> ApiError:
    """Proto JSON's refusal of an enum value (captured for response_modalities)."""
    return invalid(
        f"Invalid value at '{where}' "
        f'(type.googleapis.com/google.ai.generativelanguage.v1beta.{enum}), "{value}"'
    )


def _retry_info(delay: float) -> dict[str, Any]:
    return {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{int(delay)}s"}


def _violation(metric: str, quota_id: str, model: str, value: str) -> dict[str, Any]:
    return {
        "quotaMetric": f"generativelanguage.googleapis.com/{metric}",
        "quotaId": quota_id,
        "quotaDimensions": {"location": "global", "model": model},
        "quotaValue": value,
    }


def _quota(model: str, violations: list[tuple[str, str, str]], delay: float) -> ApiError:
    lines = "".join(
        f"\n* Quota exceeded for metric: generativelanguage.googleapis.com/{metric}, "
        f"limit: {value}, model: {model}"
        for metric, _, value in violations
    )
    failure = {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [_violation(metric, qid, model, value) for metric, qid, value in violations],
    }
    message = f"{QUOTA_HEAD}{lines}\nPlease retry in {delay}s."
    return ApiError(429, message, [_HELP, failure, _retry_info(delay)])


def rate_limited(model: str, delay: float) -> ApiError:
    """A paid key over its per-minute requests (captured 2026-09-02: limit 500)."""
    violation = ("generate_requests_per_model", "GenerateRequestsPerMinutePerProjectPerModel",
                 "500")
    return _quota(model, [violation], delay)


def free_tier_zero(model: str, delay: float) -> ApiError:
    """A key without billing calling a model its free tier does not include: limit 0.

    As captured for gemini-3-pro / gemini-3.1-pro (continuedev/continue#9608, #12643):
    retrying cannot help, whatever RetryInfo says.
    """
    violations = [
        ("generate_content_free_tier_input_token_count",
         "GenerateContentInputTokensPerModelPerMinute-FreeTier", "0"),
        ("generate_content_free_tier_requests",
         "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "0"),
    ]
    return _quota(model, violations, delay)


def credits_depleted() -> ApiError:
    """Prepaid credits used up: 429 without details (captured 2026-09-02)."""
    return ApiError(429, CREDITS_DEPLETED_MESSAGE)
