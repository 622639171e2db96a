"""What the API refuses in a well-formed request: limits, empty texts, signatures."""

from __future__ import annotations

from .call import Call
from .errors import CORRUPT_SIGNATURE_MESSAGE, EMPTY_TEXT_MESSAGE, invalid
from .signatures import SignatureBook
from .wire import Part

__all__ = ["MAX_INLINE_IMAGE_BYTES", "check_call", "payload_too_large"]

MAX_INLINE_IMAGE_BYTES = 7 * 1024 * 1024


def payload_too_large(limit: int) -> Exception:
    """Google's front end's refusal of a body over its limit (captured for 20 MB)."""
    return invalid(f"Request payload size exceeds the limit: {limit} bytes.")


def check_call(book: SignatureBook, call: Call) -> None:
    _check_input_images(call)
    _check_tokens(call)
    _check_empty_texts(call)
    _check_signatures(book, call)


def _user_images(call: Call) -> list[tuple[int, int, Part]]:
    return [
        (c, p, part)
        for c, content in enumerate(call.contents, 1) if content.role == "user"
        for p, part in enumerate(content.parts, 1) if part.kind == "image"
    ]


def _check_input_images(call: Call) -> None:
    # No capture of these two refusals was found: the wording is the emulator's own.
    images = _user_images(call)
    limit = call.spec.max_input_images
    if len(images) > limit:
        raise invalid(f"Too many input images: {len(images)} were provided, but "
                      f"models/{call.model} accepts at most {limit} images per request.")
    for c, p, part in images:
        if len(part.data) > MAX_INLINE_IMAGE_BYTES:
            raise invalid(f"Inline image in content position {c}, part position {p} is "
                          f"{len(part.data)} bytes; an inline image may be at most "
                          f"{MAX_INLINE_IMAGE_BYTES} bytes.")


def _check_tokens(call: Call) -> None:
    limit = call.spec.input_token_limit
    count = call.prompt_tokens
    if count > limit:
        raise invalid(
            f"The input token count ({count}) exceeds the maximum number of tokens "
            f"allowed ({limit})."
        )


def _check_empty_texts(call: Call) -> None:
    """An empty text part is refused unless it carries a signature (checked below)."""
    for part in call.all_parts():
        if part.kind == "text" and part.text == "" and part.signature is None:
            raise invalid(EMPTY_TEXT_MESSAGE)


def _check_signatures(book: SignatureBook, call: Call) -> None:
    """Every model turn: signatures where image models need them, each on its own part."""
    required = call.spec.is_image
    for position, content in enumerate(call.contents, 1):
        if content.role == "model":
            _check_turn(book, content.parts, position, required=required)


def _check_turn(book: SignatureBook, parts: tuple[Part, ...], c: int, *, required: bool) -> None:
    text_seen = False
    for p, part in enumerate(parts, 1):
        first_text = part.kind == "text" and not part.thought and not text_seen
        text_seen = text_seen or first_text
        needed = required and not part.thought and (part.kind == "image" or first_text)
        if part.signature is not None:
            _check_signature(book, part, c, p)
        elif needed:
            raise invalid(
                f"{part.kind.capitalize()} part is missing a thought_signature "
                f"in content position {c}, part position {p}."
            )


def _check_signature(book: SignatureBook, part: Part, c: int, p: int) -> None:
    signature = part.signature_bytes()
    verdict = book.verdict(signature, part.identity()) if signature else "corrupt"
    if verdict == "corrupt":
        raise invalid(CORRUPT_SIGNATURE_MESSAGE)
    if verdict == "mismatch":
        raise invalid(
            f"Thought signature does not match its part in content position {c}, part position {p}."
        )
