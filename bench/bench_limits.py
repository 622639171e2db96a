"""Hostile sizes: the server's memory while it takes a body at the limit, and refuses one
over it; the size of the derived-image cache after many conversions of one 4K picture."""

from __future__ import annotations

import base64
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import httpx
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._server import DashboardProcess
from tests.fakes.gemini_emulator import GeminiEmulator

MB = 1_000_000


def history_body(total_mb: int) -> bytes:
    """A stateless refinement whose history carries `total_mb` of base64 images."""
    image = base64.b64encode(noisy_png(7 * MB)).decode()
    turns = [{"role": "user", "text": "hi"}]
    while (len(turns) // 2) * len(image) / MB < total_mb - len(image) / MB:
        turns.append({"role": "model", "image_data": image, "text": "a picture"})
        turns.append({"role": "user", "text": "again"})
    return json.dumps({"prompt": "x", "conversation_history": turns}).encode()


def noisy_png(size: int) -> bytes:
    """A PNG of about `size` bytes that does not compress (a real picture's worst case)."""
    side = int((size / 3) ** 0.5)
    output = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(3 * side * side)).save(
        output, "PNG", compress_level=0)
    return output.getvalue()


def post(client: httpx.Client, body: bytes) -> int:
    response = client.post("/api/image/generate?project=demo", content=body,
                           headers={"content-type": "application/json"})
    return response.status_code


def body_limit(server: DashboardProcess, client: httpx.Client) -> None:
    before = server.peak_rss_mb()
    at_limit = history_body(95)
    status = post(client, at_limit)
    after_limit = server.peak_rss_mb()
    over = history_body(150)
    refused = post(client, over)
    print(f"server peak RSS: {before:.0f} MB idle; {after_limit:.0f} MB after a "
          f"{len(at_limit) / MB:.0f} MB body (answered {status}); "
          f"{server.peak_rss_mb():.0f} MB after a {len(over) / MB:.0f} MB body "
          f"(answered {refused})")


def derived_cache(server: DashboardProcess, client: httpx.Client, home: Path) -> None:
    body = client.post("/api/image/generate?project=demo", json={
        "prompt": "a 4K picture", "image_size": "4K", "include_image_data": False}).json()
    for width in (16, 320, 640, 1024, 2048, 4096, 8192):
        for quality in (50, 75, 90, 100):
            client.get(body["image_url"], params={"format": "jpeg", "width": width,
                                                  "quality": quality})
    derived = home / "images" / "derived"
    size = sum(p.stat().st_size for p in derived.rglob("*") if p.is_file())
    count = sum(1 for p in derived.rglob("*") if p.is_file())
    print(f"derived-image cache after 28 conversions of one 4K picture: {count} files, "
          f"{size / MB:.1f} MB")


def main() -> None:
    with GeminiEmulator() as emulator, tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        server = DashboardProcess(home, GEMINI_API_KEY="bench-key",
                                  GEMINI_BASE_URL=emulator.base_url,
                                  CORTEX_DASHBOARD_GEMINI_ATTEMPTS="1")
        try:
            with httpx.Client(base_url=server.url, timeout=300) as client:
                body_limit(server, client)
                derived_cache(server, client, home)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
