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


# --- the derived-image cache -----------------------------------------------------------

def stored_png(store: ImageStore, size: tuple[int, int] = (400, 300)) -> str:
    return store.save(png(size, mode="RGB"), "image/png").id


def derived_files(store: ImageStore) -> list[Path]:
    return sorted(p for p in (store.root / "derived").glob("*/*"))


def test_a_width_at_or_past_the_image_is_the_original_file(tmp_path: Path):
    store = ImageStore(tmp_path)
    image_id = stored_png(store)
    paths = {store.derived(image_id, "image/png", "png", width=w) for w in (400, 1000, 8192)}
    assert paths == {store.locate(image_id, "image/png")}
    assert derived_files(store) == []


def test_every_width_and_quality_past_the_image_makes_one_file_per_quality(tmp_path: Path):
    store = ImageStore(tmp_path)
    image_id = stored_png(store)
    for width in (400, 2048, 4096, 8192):
        for quality in (60, 90):
            store.derived(image_id, "image/png", "webp", width=width, quality=quality)
    assert len(derived_files(store)) == 2


def test_png_output_ignores_quality(tmp_path: Path):
    store = ImageStore(tmp_path)
    image_id = stored_png(store)
    small = {store.derived(image_id, "image/png", "png", width=100, quality=q) for q in (10, 90)}
    assert len(small) == 1


def test_the_derived_cache_evicts_the_least_recently_used_past_its_limit(tmp_path: Path):
    store = ImageStore(tmp_path, max_derived_bytes=1)
    image_id = stored_png(store)
    first = store.derived(image_id, "image/png", "jpeg", width=100)
    last = store.derived(image_id, "image/png", "jpeg", width=200)
    assert derived_files(store) == [last]
    assert not first.exists()


def test_the_derived_cache_holds_several_files_within_its_limit(tmp_path: Path):
    store = ImageStore(tmp_path, max_derived_bytes=10_000_000)
    image_id = stored_png(store)
    for width in (100, 150, 200):
        store.derived(image_id, "image/png", "jpeg", width=width)
    assert len(derived_files(store)) == 3
    assert store.derived_bytes() <= 10_000_000
