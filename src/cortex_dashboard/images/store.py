"""Image files: content-addressed, written atomically, converted on request.

A file is named by the SHA-256 of its bytes and written to a temporary file, fsynced
and renamed into place, so a crash never leaves half an image under a real name. The
same bytes saved twice are one file. Conversions (JPEG, WebP, thumbnails) are derived
from the original on request and cached beside it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image

from cortex_dashboard.errors import NotFound

ImageFormat = Literal["png", "jpeg", "webp"]
MIME_TYPES: dict[str, str] = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
EXTENSIONS: dict[str, str] = {
    "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif",
}
_IMAGE_ID = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class StoredImage:
    id: str
    path: Path
    mime_type: str
    width: int
    height: int
    size_bytes: int


def image_dimensions(data: bytes) -> tuple[int, int]:
    """Width and height from the image header (the pixels are not decoded)."""
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_temporary_files(root: Path) -> int:
    """Delete `.tmp-*` files a crash left behind under `root` (at start, nothing is writing)."""
    removed = 0
    for path in root.rglob(".tmp-*"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


class ImageStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, image_id: str, mime_type: str) -> Path:
        return self.root / image_id[:2] / f"{image_id}.{EXTENSIONS.get(mime_type, 'bin')}"

    def save(self, data: bytes, mime_type: str) -> StoredImage:
        """Store the bytes (once); blocking I/O, so call it from a worker thread."""
        image_id = hashlib.sha256(data).hexdigest()
        path = self._path(image_id, mime_type)
        if not path.exists():
            write_atomically(path, data)
        width, height = image_dimensions(data)
        return StoredImage(image_id, path, mime_type, width, height, len(data))

    def locate(self, image_id: str, mime_type: str) -> Path:
        path = self._path(image_id, mime_type) if _IMAGE_ID.match(image_id) else None
        if path is None or not path.is_file():
            raise NotFound(f"No image with id '{image_id}'.")
        return path

    def remove(self, image_id: str) -> None:
        """Delete the picture's file and every conversion derived from it."""
        if not _IMAGE_ID.match(image_id):
            return
        for path in (self.root / image_id[:2]).glob(f"{image_id}.*"):
            path.unlink(missing_ok=True)
        for path in (self.root / "derived" / image_id[:2]).glob(f"{image_id}-*"):
            path.unlink(missing_ok=True)

    def read(self, image_id: str, mime_type: str) -> bytes:
        return self.locate(image_id, mime_type).read_bytes()

    def derived(self, image_id: str, mime_type: str, fmt: ImageFormat, *,
                quality: int = 90, width: int | None = None) -> Path:
        """The image converted to `fmt` (and scaled down to `width`), cached on disk."""
        source = self.locate(image_id, mime_type)
        if MIME_TYPES[fmt] == mime_type and width is None:
            return source
        target = self.root / "derived" / image_id[:2] / f"{image_id}-{width or 0}-{quality}.{fmt}"
        if not target.is_file():
            write_atomically(target, convert(source.read_bytes(), fmt, quality=quality,
                                             width=width))
        return target


def convert(data: bytes, fmt: ImageFormat, *, quality: int = 90, width: int | None = None
            ) -> bytes:
    """Re-encode image bytes; JPEG gets transparency flattened onto white."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if width is not None and width < image.width:
            height = max(1, round(image.height * width / image.width))
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        if fmt == "jpeg":
            image = flatten(image)
        output = io.BytesIO()
        options = {"quality": quality} if fmt in ("jpeg", "webp") else {"optimize": False}
        image.save(output, format=fmt.upper(), **options)
        return output.getvalue()


def flatten(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
