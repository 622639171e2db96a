"""Image files: content-addressed, written atomically, converted on request.

A file is named by the SHA-256 of its bytes and written to a temporary file, fsynced
and renamed into place, so a crash never leaves half an image under a real name. The
same bytes saved twice are one file. Conversions (JPEG, WebP, thumbnails) are derived
from the original on request and cached under `derived/`: a width at or past the image's
own is the full size (one file, not one per width asked), PNG ignores `quality`, and the
cache is kept under a size limit by removing the files least recently used.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import threading
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
DERIVED_CACHE_MAX_BYTES = 256 * 1024 * 1024


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
    def __init__(self, root: Path, *, max_derived_bytes: int = DERIVED_CACHE_MAX_BYTES) -> None:
        self.root = root
        self.max_derived_bytes = max_derived_bytes
        self._evicting = threading.Lock()
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

    @property
    def derived_root(self) -> Path:
        return self.root / "derived"

    def derived(self, image_id: str, mime_type: str, fmt: ImageFormat, *,
                quality: int = 90, width: int | None = None) -> Path:
        """The image converted to `fmt` (and scaled down to `width`), cached on disk."""
        source = self.locate(image_id, mime_type)
        if width is not None and width >= _file_width(source):
            width = None
        if MIME_TYPES[fmt] == mime_type and width is None:
            return source
        quality = quality if fmt in LOSSY else 0
        target = self.derived_root / image_id[:2] / f"{image_id}-{width or 0}-{quality}.{fmt}"
        if target.is_file():
            os.utime(target)  # most recently used: evicted last
            return target
        write_atomically(target, convert(source.read_bytes(), fmt, quality=quality or 90,
                                         width=width))
        self.evict(keep=target)
        return target

    def evict(self, *, keep: Path | None = None) -> int:
        """Remove the least recently used derived files until the cache fits its limit
        (`keep`, the file just made, stays); the bytes removed."""
        with self._evicting:
            files = sorted(_cached_files(self.derived_root), key=lambda f: f[1].st_mtime_ns)
            total = sum(stat.st_size for _, stat in files)
            removed = 0
            for path, stat in files:
                if total - removed <= self.max_derived_bytes:
                    break
                if path != keep:
                    path.unlink(missing_ok=True)
                    removed += stat.st_size
            return removed

    def derived_bytes(self) -> int:
        return sum(stat.st_size for _, stat in _cached_files(self.derived_root))


LOSSY = frozenset({"jpeg", "webp"})


def _cached_files(root: Path) -> list[tuple[Path, os.stat_result]]:
    found = []
    for path in root.glob("*/*"):
        if path.name.startswith("."):  # a file still being written
            continue
        try:
            found.append((path, path.stat()))
        except FileNotFoundError:  # removed by another request meanwhile
            continue
    return found


def _file_width(path: Path) -> int:
    with Image.open(path) as image:
        return image.width


def convert(data: bytes, fmt: ImageFormat, *, quality: int = 90, width: int | None = None
            ) -> bytes:
    """Re-encode image bytes; JPEG gets transparency flattened onto white."""
    with Image.open(io.BytesIO(data)) as source:
        source.load()
        image: Image.Image = source
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
