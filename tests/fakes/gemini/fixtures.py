"""Captured real answers (``tests/fixtures/gemini/``), served verbatim by the emulator.

A fixture is ``NAME.json`` (one answer, or an error body) or ``NAME.chunks.txt`` (a
stream: one JSON chunk a line, with or without the ``data: `` prefix), with its source
and substitutions in ``NAME.source.txt``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .signatures import SignatureBook, b64decode
from .wire import field_of, parse_part

__all__ = ["FIXTURES_DIR", "Fixture", "fixture_names", "load_fixture"]

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "gemini"
_SUFFIXES = (".json", ".chunks.txt")


@dataclass(frozen=True, slots=True)
class Fixture:
    name: str
    status: int
    chunks: tuple[bytes, ...]
    streamed: bool

    def payloads(self) -> list[Any]:
        return [json.loads(chunk) for chunk in self.chunks]

    def whole(self) -> bytes:
        """The body of a generateContent answer: the capture, or its chunks merged."""
        if not self.streamed:
            return self.chunks[0]
        return json.dumps(merge_chunks(self.payloads()), separators=(",", ":")).encode()

    def register_signatures(self, book: SignatureBook) -> None:
        """Makes every signature of the capture valid on the part that carried it."""
        for payload in self.payloads():
            for candidate in field_of(payload, "candidates") or []:
                for raw in field_of(field_of(candidate, "content"), "parts") or []:
                    _register(book, raw)


def _register(book: SignatureBook, raw: dict[str, Any]) -> None:
    signature = b64decode(field_of(raw, "thoughtSignature"))
    if signature is not None:
        book.register(signature, parse_part(raw, "", strict=False).identity())


def fixture_names() -> list[str]:
    names = {path.name.removesuffix(suffix) for suffix in _SUFFIXES
             for path in FIXTURES_DIR.glob(f"*{suffix}")}
    return sorted(names)


def load_fixture(name: str) -> Fixture:
    for suffix in _SUFFIXES:
        path = FIXTURES_DIR / f"{name}{suffix}"
        if path.exists():
            return _read(name, path, streamed=suffix != ".json")
    raise ValueError(f"no fixture {name!r}; there are: {', '.join(fixture_names())}")


def _read(name: str, path: Path, *, streamed: bool) -> Fixture:
    text = path.read_text(encoding="utf-8")
    if streamed:
        lines = [line.removeprefix("data:").strip() for line in text.splitlines()]
        chunks = tuple(line.encode() for line in lines if line)
    else:
        chunks = (json.dumps(json.loads(text), separators=(",", ":")).encode(),)
    error = json.loads(chunks[0]).get("error")
    return Fixture(name, int(error["code"]) if error else 200, chunks, streamed)


def merge_chunks(chunks: list[dict[str, Any]]) -> dict[str, Any]:
    """Chunks as one answer: every part in order, the last finishReason and usage."""
    merged: dict[str, Any] = {}
    parts: list[Any] = []
    candidate: dict[str, Any] = {}
    for chunk in chunks:
        for found in chunk.get("candidates") or []:
            parts += (found.get("content") or {}).get("parts") or []
            candidate.update({k: v for k, v in found.items() if k != "content"})
        merged.update({k: v for k, v in chunk.items() if k != "candidates"})
    if candidate or parts:
        content = {"parts": parts, "role": "model"} if parts else {}
        merged["candidates"] = [{"content": content, **candidate}]
    return merged
