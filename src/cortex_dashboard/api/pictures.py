"""Picture files: converted on request, uploaded as references, kept as memories."""


from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response

from cortex_dashboard.api.deps import MemoryDbDep, ServicesDep
from cortex_dashboard.api.image_models import (
    ReferenceOut,
    SaveAsMemoryRequest,
    SavedMemory,
)
from cortex_dashboard.api.image_views import (
    image_url,
    reference_out,
)
from cortex_dashboard.images.conversations import (
    StoredPicture,
    StoredReference,
    image_mime_type,
)
from cortex_dashboard.images.export import save_image_as_memory
from cortex_dashboard.images.references import (
    MAX_UPLOAD_BYTES,
    clean_label,
    clean_reference,
    role_for,
)
from cortex_dashboard.images.store import MIME_TYPES, ImageFormat

router = APIRouter(prefix="/api/image", tags=["images"])
IMMUTABLE = "public, max-age=31536000, immutable"


@router.get("/images/{image_id}", response_class=FileResponse,
            responses={200: {"content": {m: {} for m in MIME_TYPES.values()}}})
async def image_file(
    request: Request,
    services: ServicesDep,
    image_id: Annotated[str, Path(max_length=64)],
    format: ImageFormat | None = None,
    quality: Annotated[int, Query(ge=1, le=100)] = 90,
    width: Annotated[int | None, Query(ge=16, le=8192)] = None,
    download: bool = False,
) -> Response:
    """The image as PNG, JPEG or WebP, optionally scaled down to `width`."""
    mime = await asyncio.to_thread(image_mime_type, services.state, image_id)
    fmt: ImageFormat = format or ("jpeg" if mime == "image/jpeg" else
                                  "webp" if mime == "image/webp" else "png")
    etag = f'"{image_id[:32]}-{fmt}-{quality}-{width or 0}"'
    headers = {"Cache-Control": IMMUTABLE, "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    path = await asyncio.to_thread(services.image_store.derived, image_id, mime, fmt,
                                   quality=quality, width=width)
    filename = f"cortex-{image_id[:12]}.{'jpg' if fmt == 'jpeg' else fmt}" if download else None
    return FileResponse(path, media_type=MIME_TYPES[fmt], headers=headers, filename=filename,
                        content_disposition_type="attachment" if download else "inline")


@router.post("/images/{image_id}/save-as-memory")
async def save_as_memory(services: ServicesDep, db: MemoryDbDep,
                         image_id: Annotated[str, Path(max_length=64)],
                         body: SaveAsMemoryRequest | None = None) -> SavedMemory:
    """Write a `reference` memory for this image into the project's database."""
    memory_id = await asyncio.to_thread(
        save_image_as_memory, db, services.conversations, image_id=image_id,
        image_url=image_url(image_id), tags=body.tags if body else [],
        credit=services.providers.credit)
    await asyncio.to_thread(services.conversations.keep_image, image_id)
    return SavedMemory(memory_id=memory_id)


@router.post("/references")
async def upload_reference(services: ServicesDep, file: UploadFile,
                           label: Annotated[str | None, Form(max_length=200)] = None
                           ) -> ReferenceOut:
    """Upload a reference picture (PNG, JPEG, WebP, HEIC/HEIF). It is turned upright,
    stripped of EXIF and every other metadata, and scaled to Gemini's 7 MB inline limit."""
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    clean = await asyncio.to_thread(clean_reference, data)
    stored = await asyncio.to_thread(services.image_store.save, clean.data, clean.mime_type)
    words = clean_label(label) or clean_label(file.filename)
    reference = StoredReference(stored.id, words, role_for(words))
    await asyncio.to_thread(services.conversations.add_reference, stored, reference.label,
                            reference.role)
    return reference_out(reference, StoredPicture.of(stored))
