"""Money under concurrency and faults: one turn at a time, cancels that stop everything,
a budget that holds, a ledger that never trails the bill, a full disk that loses nothing."""

from __future__ import annotations

import asyncio
import errno
from pathlib import Path
from typing import Any

import httpx

from cortex_dashboard.images.store import ImageStore
from cortex_dashboard.services import Services
from tests.conftest import gemini_settings, post_events

GENERATE = "/api/image/generate?project=demo"


async def generate(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    payload = {"prompt": "an infographic of our auth decisions", "include_image_data": False,
               "image_size": "1K", **body}
    return await client.post(GENERATE, json=payload)


def ledger(services: Services) -> tuple[int, float]:
    row = services.state.fetch_one("SELECT count(*), coalesce(sum(cost_usd), 0)"
                                   " FROM usage_ledger")
    assert row is not None
    return int(row[0]), float(row[1])


async def test_two_refinements_at_once_never_fork_the_history(gemini_client, emulator):
    first = (await generate(gemini_client)).json()
    emulator.latency = 0.3
    both = await asyncio.gather(*(generate(gemini_client, prompt=f"edit {n}",
                                           conversation_id=first["conversation_id"])
                                  for n in (1, 2)))
    codes = sorted(r.status_code for r in both)
    detail = (await gemini_client.get(
        f"/api/image/conversations/{first['conversation_id']}")).json()
    assert codes == [200, 409]
    assert [t["turn"] for t in detail["turns"]] == [1, 2]
    assert next(r for r in both if r.status_code == 409).json()["error_code"] == \
        "turn_in_progress"


async def test_after_a_turn_finishes_the_next_builds_on_it(gemini_client, emulator):
    first = (await generate(gemini_client)).json()
    await generate(gemini_client, prompt="edit 2", conversation_id=first["conversation_id"])
    await generate(gemini_client, prompt="edit 3", conversation_id=first["conversation_id"])
    sent = emulator.requests[-1].contents()
    assert [c.role for c in sent] == ["user", "model", "user", "model", "user"]
    assert "edit 2" in sent[2].parts[0].text


async def test_cancel_stops_every_variation_of_a_batch(gemini_client, emulator):
    emulator.latency = 2.0
    batch = asyncio.create_task(generate(gemini_client, n=3))
    await asyncio.sleep(0.5)
    services: Services = gemini_client.services  # type: ignore[attr-defined]
    target = services.state.fetch_all("SELECT id FROM conversations")[-1]["id"]
    cancel = (await gemini_client.post(f"/api/image/conversations/{target}/cancel")).json()
    response = await batch
    assert (cancel["stopped"], cancel["finishing"]) == (3, 0)
    assert (response.status_code, response.json()["error_code"]) == (409, "cancelled")
    assert ledger(gemini_client.services) == (0, 0.0)


async def test_a_cancel_after_the_picture_arrived_keeps_it_charges_it_and_says_so(
        gemini_client, emulator, monkeypatch):
    services: Services = gemini_client.services  # type: ignore[attr-defined]
    arrived = asyncio.Event()
    original = services.images._store_or_hold

    async def slow_store(*args: Any) -> Any:
        arrived.set()
        await asyncio.sleep(0.3)
        return await original(*args)

    monkeypatch.setattr(services.images, "_store_or_hold", slow_store)
    request = asyncio.create_task(generate(gemini_client))
    await arrived.wait()
    target = services.state.fetch_one("SELECT id FROM conversations")["id"]  # type: ignore
    cancel = (await gemini_client.post(f"/api/image/conversations/{target}/cancel")).json()
    body = (await request).json()
    assert (cancel["stopped"], cancel["finishing"]) == (0, 1)
    assert body["cost_usd"] > 0
    assert ledger(services)[0] == 1
    assert len(services.conversations.turns(target)) == 1


async def test_concurrent_requests_cannot_pass_the_daily_budget(gemini_dashboard, emulator):
    client = gemini_dashboard(daily_budget_usd=0.30)
    emulator.latency = 0.3
    responses = await asyncio.gather(*(generate(client) for _ in range(10)))
    codes = [r.status_code for r in responses]
    spent = ledger(client.services)[1]
    assert spent <= 0.30
    assert codes.count(200) >= 1
    assert codes.count(402) >= 8
    assert client.services.ledger.spend().reserved_usd == 0


async def test_the_ledger_keeps_a_charge_when_the_picture_cannot_be_stored(
        gemini_client, emulator, monkeypatch):
    services: Services = gemini_client.services  # type: ignore[attr-defined]

    def disk_full(self: ImageStore, data: bytes, mime_type: str) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ImageStore, "save", disk_full)
    response = await generate(gemini_client)
    assert (response.status_code, response.json()["error_code"]) == (507, "storage_full")
    assert "MB free" in response.json()["error"]
    assert ledger(services)[0] == 1


async def test_a_picture_held_while_the_disk_was_full_is_saved_once_there_is_room(
        gemini_client, emulator, monkeypatch):
    services: Services = gemini_client.services  # type: ignore[attr-defined]
    real_save = ImageStore.save

    def disk_full(self: ImageStore, data: bytes, mime_type: str) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ImageStore, "save", disk_full)
    held = await generate(gemini_client)
    monkeypatch.setattr(ImageStore, "save", real_save)
    await generate(gemini_client, prompt="another")
    assert held.status_code == 507
    assert len(services.conversations.recent()) == 2


def test_leftovers_of_a_crash_are_cleaned_at_start(tmp_path: Path, emulator):
    settings = gemini_settings(tmp_path / "home", emulator)
    services = Services.build(settings)
    empty = services.conversations.create(project_id="demo", title="never drawn",
                                          provider="gemini", model="gemini-3-pro-image")
    services.state.execute("UPDATE conversations SET created_at = '2000-01-01' WHERE id = ?",
                           [empty])
    services.close()
    leftover = settings.images_dir / "ab" / ".tmp-123"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half a picture")
    services = Services.build(settings)
    assert not leftover.exists()
    assert services.state.fetch_one("SELECT 1 FROM conversations WHERE id = ?", [empty]) \
        is None
    services.close()


async def test_a_body_over_the_limit_is_refused_before_it_is_read(gemini_client):
    response = await gemini_client.post(
        GENERATE, content=b"{}", headers={"content-length": str(200_000_000),
                                          "content-type": "application/json"})
    assert (response.status_code, response.json()["error_code"]) == (413, "too_large")
    assert response.json()["detail"]["max_bytes"] == 100_000_000


async def test_history_image_data_over_the_inline_limit_is_a_422_naming_it(gemini_client):
    history = [{"role": "user", "text": "hi"},
               {"role": "model", "image_data": "A" * 9_500_000}]
    response = await generate(gemini_client, conversation_history=history)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "image_data"


async def test_variations_send_each_picture_once(gemini_client, emulator):
    body = (await generate(gemini_client, n=2, include_image_data=True)).json()
    assert body["image_data"] is None
    assert all(v["image_data"] for v in body["variations"])


async def test_many_unknown_memory_ids_are_listed_once(gemini_client):
    ids = [f"mem_{n:06d}" for n in range(500)]
    response = await generate(gemini_client, memory_ids=ids)
    assert response.status_code == 404
    assert len(response.content) < 20_000
    assert "and 495 more" in response.json()["error"]


async def stream_events(client: httpx.AsyncClient, **body: Any
                        ) -> list[tuple[str, dict[str, Any]]]:
    return await post_events(client, "/api/image/generate/stream?project=demo", {
        "prompt": "variations", "include_image_data": False, "image_size": "1K", **body})


async def test_streamed_variations_name_every_conversation_and_arrive_one_by_one(
        gemini_client, emulator):
    events = await stream_events(gemini_client, n=3)
    start = events[0][1]
    images = [data for name, data in events if name == "image"]
    assert len(start["conversation_ids"]) == 3
    assert sorted(i["conversation_id"] for i in images) == sorted(start["conversation_ids"])
    assert events[-1][0] == "done"


async def test_a_cancel_of_a_streamed_batch_stops_every_variation(gemini_client, emulator):
    emulator.latency = 2.0

    async def cancel_once_started() -> dict[str, Any]:
        services: Services = gemini_client.services  # type: ignore[attr-defined]
        await asyncio.sleep(0.8)  # the variations are asking Gemini (2 s each)
        target = services.state.fetch_one("SELECT id FROM conversations")["id"]  # type: ignore
        response = await gemini_client.post(f"/api/image/conversations/{target}/cancel")
        return dict(response.json())

    events, cancel = await asyncio.gather(stream_events(gemini_client, n=3),
                                          cancel_once_started())
    names = [name for name, _ in events]
    assert cancel["stopped"] == 3
    assert names.count("variation_error") == 3
    assert names[-1] == "error"
