"""Opaque bytes (thought signatures) stored like images: files named by their SHA-256.

A signature is 0.6-1.1 MB; kept as base64 inside a turn's JSON it would be encoded,
written, read and decoded on every turn. As a file it is written once (atomically,
fsynced) and read back byte for byte.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from cortex_dashboard.errors import NotFound
from cortex_dashboard.images.store import write_atomically

_BLOB_ID = re.compile(r"^[0-9a-f]{64}$")


def blob_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, identifier: str) -> Path:
        return self.root / identifier[:2] / f"{identifier}.bin"

    def save(self, data: bytes) -> str:
        """Store the bytes (once) and return their id; blocking I/O."""
        identifier = blob_id(data)
        path = self._path(identifier)
        if not path.exists():
            write_atomically(path, data)
        return identifier

    def read(self, identifier: str) -> bytes:
        path = self._path(identifier) if _BLOB_ID.match(identifier) else None
        if path is None or not path.is_file():
            raise NotFound(f"No stored data with id '{identifier}'.")
        return path.read_bytes()
