"""The image store and the exact encoding of history in the state database."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from PIL import Image

from cortex_dashboard.errors import NotFound
from cortex_dashboard.images.blobs import BlobStore
from cortex_dashboard.images.conversations import HistoryCodec
from cortex_dashboard.images.store import ImageStore, convert


def png(size: tuple[int, int] = (40, 30), mode: str = "RGBA") -> bytes:
    output = io.BytesIO()
    Image.new(mode, size, (10, 200, 30, 0) if mode == "RGBA" else (10, 200, 30)).save(
        output, "PNG")
    return output.getvalue()


def test_same_bytes_are_one_file_named_by_their_sha256(tmp_path: Path):
    store = ImageStore(tmp_path)
    first, second = store.save(png(), "image/png"), store.save(png(), "image/png")
    assert first.path == second.path
    assert first.path.stem == first.id
    assert len(first.id) == 64


def test_no_temporary_files_are_left_behind(tmp_path: Path):
    stored = ImageStore(tmp_path).save(png(), "image/png")
    assert os.listdir(stored.path.parent) == [stored.path.name]


def test_an_unknown_or_malformed_id_is_not_found(tmp_path: Path):
    store = ImageStore(tmp_path)
    with pytest.raises(NotFound):
        store.locate("../../etc/passwd", "image/png")


def test_jpeg_flattens_transparency_onto_white():
    image = Image.open(io.BytesIO(convert(png(), "jpeg", quality=90)))
    assert image.mode == "RGB"
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_thumbnail_keeps_the_aspect_ratio():
    image = Image.open(io.BytesIO(convert(png((400, 200)), "webp", width=100)))
    assert image.size == (100, 50)


def test_history_round_trips_byte_for_byte(tmp_path: Path):
    store = ImageStore(tmp_path)
    signature = bytes(range(256)) + b"\x00\xff" * 10
    history = [{"role": "model", "parts": [
        {"text": "Here it is", "thought_signature": b"\x01\x02-_+/="},
        {"inline_data": {"mime_type": "image/png", "data": png()},
         "thought_signature": signature},
        {"thought": True, "text": "thinking"},
    ]}]
    codec = HistoryCodec(store, BlobStore(tmp_path / "blobs"))
    assert codec.decode(codec.encode(history)) == history


def test_signature_bytes_are_kept_out_of_the_history_json(tmp_path: Path):
    codec = HistoryCodec(ImageStore(tmp_path), BlobStore(tmp_path / "blobs"))
    signature = os.urandom(750_000)
    encoded = json.dumps(codec.encode([{"text": "x", "thought_signature": signature}]))
    assert len(encoded) < 200
    assert codec.decode(json.loads(encoded)) == [{"text": "x", "thought_signature": signature}]


def test_version_one_base64_signatures_are_still_read(tmp_path: Path):
    codec = HistoryCodec(ImageStore(tmp_path), BlobStore(tmp_path / "blobs"))
    assert codec.decode({"thought_signature": {"$bytes": "AAEC"}}) == {
        "thought_signature": b"\x00\x01\x02"}


def test_an_image_in_history_is_hashed_once_per_turn(tmp_path: Path):
    calls = []
    store = ImageStore(tmp_path)
    original = store.save
    store.save = lambda data, mime: calls.append(1) or original(data, mime)  # type: ignore
    data = png()
    codec = HistoryCodec(store, BlobStore(tmp_path / "blobs"))
    codec.encode([{"inline_data": {"mime_type": "image/png", "data": data}}])
    codec.save_image(data, "image/png")
    assert len(calls) == 1
