"""Reference images: pictures a user gives the model to look at, made safe to send.

An upload is read whatever its format (PNG, JPEG, WebP, HEIC/HEIF), turned upright by
its EXIF orientation, re-encoded without any metadata (no location, camera or date ever
leaves the machine) and scaled down until it fits Gemini's inline limit of 7 MB per
image. What it is for travels with it: a `role` (an object, a person, a style to match,
a logo, a draft to finish, a region to change) and the user's own words.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

from cortex_dashboard.catalogue import Model
from cortex_dashboard.errors import InvalidInput
from cortex_dashboard.providers.base import Reference

pillow_heif.register_heif_opener()

Role = Literal["object", "person", "style", "logo", "draft", "region"]
ROLES: tuple[Role, ...] = ("object", "person", "style", "logo", "draft", "region")
INLINE_LIMIT_BYTES = 7 * 1_000_000
MAX_UPLOAD_BYTES = 50 * 1_000_000
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp",
           "HEIF": "image/heic"}
LABEL_CHARS = 200

_ROLE_WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("logo", re.compile(r"\blogo|\bbrand mark|\bicon\b", re.IGNORECASE)),
    ("style", re.compile(r"\bstyle|\bmatch (this|the)|\blook like|\bpalette|\bcolou?rs\b",
                         re.IGNORECASE)),
    ("person", re.compile(r"\bthis is [A-Z]|\bperson|\bportrait|\bface|\bme\b|\bheadshot",
                          re.IGNORECASE)),
)


@dataclass(frozen=True, slots=True)
class CleanImage:
    data: bytes
    mime_type: str
    width: int
    height: int


def role_for(label: str) -> Role:
    """What a label says the picture is for ("our logo" -> logo); an object otherwise."""
    for role, words in _ROLE_WORDS:
        if words.search(label):
            return role
    return "object"


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InvalidInput("file", "The file is not a picture the dashboard can read: send a "
                           "PNG, JPEG, WebP or HEIC image.") from exc
    if image.format not in FORMATS:
        raise InvalidInput("file", f"{image.format} pictures cannot be sent to Gemini: send a "
                           "PNG, JPEG, WebP or HEIC image.")
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    """Pixels only: no EXIF, XMP or text chunks are written (the colour profile stays)."""
    output = io.BytesIO()
    options: dict[str, object] = {}
    if "icc_profile" in image.info:
        options["icc_profile"] = image.info["icc_profile"]
    if fmt == "JPEG":
        image = image.convert("RGB")
        options["quality"] = 90
    elif fmt == "WEBP":
        options["quality"] = 90
    image.save(output, format=fmt, **options)
    return output.getvalue()


def _target_format(source: str, image: Image.Image) -> str:
    if source in ("PNG", "WEBP"):
        return source
    return "PNG" if image.mode in ("RGBA", "LA", "P") else "JPEG"


def clean_reference(data: bytes) -> CleanImage:
    """The upload upright, stripped of metadata and within the inline limit."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput("file", f"The picture is {len(data) // 1_000_000} MB; send one of "
                           f"at most {MAX_UPLOAD_BYTES // 1_000_000} MB.")
    source = _open(data)
    fmt = _target_format(source.format or "", source)
    image = ImageOps.exif_transpose(source)
    encoded = _encode(image, fmt)
    while len(encoded) > INLINE_LIMIT_BYTES:
        width, height = image.size
        image = image.resize((max(1, width * 4 // 5), max(1, height * 4 // 5)),
                             Image.Resampling.LANCZOS)
        encoded = _encode(image, fmt)
    return CleanImage(encoded, FORMATS[fmt], image.width, image.height)


def check_reference_limits(references: Sequence[Reference], model: Model) -> list[str]:
    """Refuse more references than the model takes; say when more people or objects are
    sent than it keeps at high fidelity (it takes them, less faithfully)."""
    count, limit = len(references), model.max_reference_images
    if count > limit:
        raise InvalidInput("reference_image_ids", f"{model.name} takes at most {limit} "
                           f"reference images in all; this request has {count}. Remove "
                           f"{count - limit} of them.", code="too_many_references")
    notices = []
    for role, kept, what in (("person", model.max_reference_people, "people"),
                             ("object", model.max_reference_objects, "objects")):
        sent = sum(r.role == role for r in references)
        if sent > kept:
            notices.append(f"{model.name} keeps at most {kept} {what} at high fidelity; "
                           f"{sent} were sent, so {sent - kept} may look less like their "
                           "reference.")
    return notices


def clean_label(label: str | None) -> str:
    return " ".join((label or "").split())[:LABEL_CHARS]


def crop_region(data: bytes, box: tuple[float, float, float, float]) -> CleanImage:
    """The part of a picture inside `box` (left, top, width, height as fractions)."""
    image = Image.open(io.BytesIO(data))
    left, top, width, height = box
    pixels = (round(left * image.width), round(top * image.height),
              round((left + width) * image.width), round((top + height) * image.height))
    cropped = image.crop(pixels)
    fmt = "PNG" if image.format == "PNG" else "JPEG"
    encoded = _encode(cropped, fmt)
    return CleanImage(encoded, FORMATS[fmt], cropped.width, cropped.height)


def describe_region(box: tuple[float, float, float, float]) -> str:
    """The region in words a model (and a person) reads the same way."""
    left, top, width, height = box
    across = _third(left + width / 2, ("left", "centre", "right"))
    down = _third(top + height / 2, ("top", "middle", "bottom"))
    place = "centre" if (across, down) == ("centre", "middle") else f"{down} {across}"
    return (f"the {place} of the picture ({left:.0%} from the left, {top:.0%} from the top, "
            f"{width:.0%} wide and {height:.0%} tall)")


def _third(position: float, names: tuple[str, str, str]) -> str:
    return names[0] if position < 1 / 3 else names[1] if position < 2 / 3 else names[2]
