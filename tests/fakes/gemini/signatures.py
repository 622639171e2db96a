"""Thought signatures: as large as real ones, bound to the part they were issued for.

A signature is a 64-byte head, an HMAC over the part's identity and a serial number,
followed by filler derived from the head (SHAKE-256), up to the size asked for (real ones
are 0.6-1.1 MB). The book keeps only the head, the part's identity and a digest of the
whole signature, so a megabyte signature costs a hundred bytes to remember and any change
to any of its bytes is seen.

Signatures of captured answers (fixtures) are registered as they are, any size.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import itertools
import os
import threading
from dataclasses import dataclass

__all__ = ["SignatureBook", "b64decode", "identity"]

HEAD_BYTES = 64


@dataclass(frozen=True, slots=True)
class _Issued:
    identity: bytes
    digest: bytes


def identity(kind: str, thought: bool, payload: bytes) -> bytes:
    """What a signature is bound to: the part's kind, thought flag and content."""
    return f"{kind}:{int(thought)}:".encode() + hashlib.sha256(payload).digest()


class SignatureBook:
    """Issues thought signatures and remembers which part each one was issued for."""

    def __init__(self) -> None:
        self._key = os.urandom(32)
        self._issued: dict[bytes, _Issued] = {}
        self._serial = itertools.count(1)
        self._lock = threading.Lock()

    def issue(self, part_identity: bytes, size: int) -> bytes:
        """A new signature of `size` bytes (at least the 64-byte head) for this part."""
        message = part_identity + next(self._serial).to_bytes(8, "big")
        head = hmac.digest(self._key, message, "sha512")
        signature = head + hashlib.shake_256(head).digest(max(0, size - HEAD_BYTES))
        self.register(signature, part_identity)
        return signature

    def register(self, signature: bytes, part_identity: bytes) -> None:
        """Accepts `signature` from now on, on a part with this identity."""
        entry = _Issued(part_identity, hashlib.sha256(signature).digest())
        with self._lock:
            self._issued[signature[:HEAD_BYTES]] = entry

    def verdict(self, signature: bytes, part_identity: bytes) -> str:
        """"valid", "corrupt" (never issued, or altered) or "mismatch" (another part's)."""
        with self._lock:
            issued = self._issued.get(signature[:HEAD_BYTES])
        if issued is None or hashlib.sha256(signature).digest() != issued.digest:
            return "corrupt"
        return "valid" if hmac.compare_digest(issued.identity, part_identity) else "mismatch"


def b64decode(value: object) -> bytes | None:
    """Bytes of a base64 string in either alphabet, padded or not; None if it is not one."""
    if not isinstance(value, str):
        return None
    body = value.rstrip("=")
    if len(body) % 4 == 1:
        return None
    altchars = b"-_" if ("-" in body or "_" in body) else None
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), altchars, validate=True)
    except (binascii.Error, ValueError):
        return None
