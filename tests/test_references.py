"""Images as input: reference uploads, branches, draft then Pro, series and region edits,
checked against the parts the emulator received."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import httpx
import pytest
from PIL import Image

from cortex_dashboard.images.references import clean_reference, describe_region

GENERATE = "/api/image/generate?project=demo"
GPS_TAG = 0x8825
ORIENTATION_TAG = 0x0112


def photo(size: tuple[int, int] = (60, 40), fmt: str = "JPEG", *, gps: bool = False,
          orientation: int = 1, noise: bool = False) -> bytes:
    image = Image.effect_noise(size, 80).convert("RGB") if noise else Image.new(
        "RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = orientation
    if gps:
        exif[GPS_TAG] = {1: "N", 2: (52.0, 22.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)}
    output = io.BytesIO()
    image.save(output, format=fmt, exif=exif.tobytes())
    return output.getvalue()


async def upload(client: httpx.AsyncClient, data: bytes, label: str = "",
                 name: str = "photo.jpg") -> dict[str, Any]:
    response = await client.post("/api/image/references", files={"file": (name, data)},
                                 data={"label": label} if label else {})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def generate(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    payload = {"prompt": "an infographic of our auth decisions", "include_image_data": False,
               "image_size": "1K", **body}
    return await client.post(GENERATE, json=payload)


def test_a_reference_is_stripped_of_its_location_and_turned_upright():
    clean = clean_reference(photo((60, 40), gps=True, orientation=6))
    image = Image.open(io.BytesIO(clean.data))
    assert image.size == (40, 60)
    assert GPS_TAG not in image.getexif()
    assert not image.info.get("exif")


def test_a_photo_over_the_inline_limit_is_scaled_down_to_fit():
    big = photo((3000, 3000), "PNG", noise=True)
    clean = clean_reference(big)
    assert len(big) > 7_000_000
    assert len(clean.data) <= 7_000_000
    assert clean.width < 3000


def test_a_file_that_is_not_a_picture_is_a_422_naming_the_file():
    with pytest.raises(Exception, match="not a picture") as error:
        clean_reference(b"%PDF-1.7 not an image")
    assert error.value.field == "file"  # type: ignore[attr-defined]


def test_a_region_is_described_in_words_and_numbers():
    words = describe_region((0.0, 0.0, 0.3, 0.3))
    assert words.startswith("the top left")
    assert "30% wide" in words


async def test_an_upload_answers_with_its_size_type_thumbnail_and_label(gemini_client):
    body = await upload(gemini_client, photo(), "our logo")
    assert (body["width"], body["mime_type"], body["role"]) == (60, "image/jpeg", "logo")
    assert (await gemini_client.get(body["thumbnail_url"])).status_code == 200


async def test_a_reference_arrives_in_the_user_turn_with_its_label_and_no_location(
        gemini_client, emulator):
    reference = await upload(gemini_client, photo(gps=True), "match this style")
    response = await generate(gemini_client, reference_image_ids=[reference["id"]])
    sent = emulator.requests[-1].inline_images()
    assert response.status_code == 200, response.text
    assert "match this style" in sent[0].label_before
    assert GPS_TAG not in Image.open(io.BytesIO(sent[0].data)).getexif()


async def test_a_fifteenth_reference_is_refused_naming_the_limit(gemini_client, emulator):
    ids = [(await upload(gemini_client, photo((20 + n, 20)), f"thing {n}"))["id"]
           for n in range(15)]
    response = await generate(gemini_client, reference_image_ids=ids)
    error = response.json()
    assert (response.status_code, error["error_code"]) == (422, "too_many_references")
    assert "at most 14" in error["error"]
    assert emulator.requests == []


async def test_more_people_than_pro_keeps_well_are_sent_with_a_notice(gemini_client,
                                                                      emulator):
    ids = [(await upload(gemini_client, photo((30 + n, 30)), f"this is Person{n}"))["id"]
           for n in range(6)]
    response = await generate(gemini_client, reference_image_ids=ids)
    assert response.status_code == 200, response.text
    assert len(emulator.requests[-1].inline_images()) == 6
    assert any("at most 5 people at high fidelity" in n for n in response.json()["notices"])


async def test_fourteen_objects_are_all_sent(gemini_client, emulator):
    ids = [(await upload(gemini_client, photo((20 + n, 20)), f"thing {n}"))["id"]
           for n in range(14)]
    response = await generate(gemini_client, reference_image_ids=ids)
    assert response.status_code == 200, response.text
    assert len(emulator.requests[-1].inline_images()) == 14


async def test_a_generated_image_can_be_a_reference(gemini_client, emulator):
    first = (await generate(gemini_client)).json()
    response = await generate(gemini_client, prompt="the same style for our API decisions",
                              references=[{"id": first["image_id"], "label": "this style",
                                           "role": "style"}])
    sent = emulator.requests[-1].inline_images()
    assert response.status_code == 200, response.text
    assert "(style): this style" in sent[0].label_before
    stored = (await gemini_client.get(first["image_url"])).content
    assert sent[0].data == stored


async def test_a_reopened_turn_shows_the_references_it_used(gemini_client):
    reference = await upload(gemini_client, photo(), "our logo")
    body = (await generate(gemini_client, reference_image_ids=[reference["id"]])).json()
    turn = (await gemini_client.get(
        f"/api/image/conversations/{body['conversation_id']}")).json()["turns"][0]
    assert [(r["id"], r["label"], r["role"]) for r in turn["references"]] == [
        (reference["id"], "our logo", "logo")]


async def test_a_branch_from_turn_2_sends_exactly_turns_1_and_2(gemini_client, emulator):
    first = (await generate(gemini_client)).json()
    conversation = first["conversation_id"]
    for number in (2, 3, 4):
        await generate(gemini_client, prompt=f"edit {number}", conversation_id=conversation)
    before = (await gemini_client.get(f"/api/image/conversations/{conversation}")).json()
    branch = (await generate(gemini_client, prompt="another direction",
                             conversation_id=conversation, from_turn=2)).json()
    sent = emulator.requests[-1].contents()
    after = (await gemini_client.get(f"/api/image/conversations/{conversation}")).json()
    assert len(sent) == 5
    assert "edit 2" in sent[2].parts[0].text
    assert "edit 3" not in str(sent)
    assert (branch["conversation_id"] != conversation, branch["turn"]) == (True, 3)
    assert after["turns"] == before["turns"]


async def test_a_branch_lists_its_parent_and_can_be_refined_again(gemini_client, emulator):
    first = (await generate(gemini_client)).json()
    await generate(gemini_client, prompt="edit 2", conversation_id=first["conversation_id"])
    branch = (await generate(gemini_client, prompt="fork", from_turn=1,
                             conversation_id=first["conversation_id"])).json()
    again = await generate(gemini_client, prompt="refine the fork",
                           conversation_id=branch["conversation_id"])
    detail = (await gemini_client.get(
        f"/api/image/conversations/{branch['conversation_id']}")).json()
    assert again.status_code == 200, again.text
    assert (detail["parent_id"], detail["parent_turn"]) == (first["conversation_id"], 1)
    assert len(emulator.requests[-1].contents()) == 5


async def test_a_branch_from_a_turn_that_does_not_exist_is_a_422(gemini_client):
    first = (await generate(gemini_client)).json()
    response = await generate(gemini_client, conversation_id=first["conversation_id"],
                              from_turn=5)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["from_turn"]


async def test_a_draft_on_nano_banana_2_is_finished_on_pro_with_the_draft_as_reference(
        gemini_client, emulator):
    draft = (await generate(gemini_client, model="gemini-3.1-flash-image",
                            image_size="512")).json()
    finished = await generate(gemini_client, prompt="finish it", model="gemini-3-pro-image",
                              image_size="2K", finish_from=draft["conversation_id"])
    body = finished.json()
    request = emulator.requests[-1]
    assert finished.status_code == 200, finished.text
    assert request.model == "gemini-3-pro-image"
    assert request.inline_images()[0].data == (await gemini_client.get(draft["image_url"])
                                               ).content
    assert any("The draft took 1 turn(s) and cost $" in n for n in body["notices"])


async def test_a_series_of_four_sends_picture_1_to_the_other_three(gemini_client, emulator):
    ids = [m["id"] for m in (await gemini_client.get(
        "/api/memories?project=demo&limit=40")).json()["items"]]
    response = await gemini_client.post("/api/image/series?project=demo", json={
        "memory_ids": ids, "group_by": "tag", "count": 4, "image_size": "1K"})
    body = response.json()
    assert response.status_code == 200, response.text
    first = (await gemini_client.get(body["pictures"][0]["image_url"])).content
    later = emulator.requests[1:]
    assert len(body["pictures"]) == 4
    assert len(later) == 3
    assert all(r.inline_images()[-1].data == first for r in later)
    assert len({p["conversation_id"] for p in body["pictures"]}) == 4


async def test_a_series_downloads_as_one_zip(gemini_client):
    ids = [m["id"] for m in (await gemini_client.get(
        "/api/memories?project=demo&limit=40")).json()["items"]]
    body = (await gemini_client.post("/api/image/series?project=demo", json={
        "memory_ids": ids, "group_by": "type", "count": 3, "image_size": "1K"})).json()
    archive = await gemini_client.get(body["archive_url"])

    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert sorted(names)[-1] == "picture-03.jpg"
    assert "manifest.json" in names


async def test_a_box_edit_sends_the_crop_and_names_the_region(gemini_client, emulator):
    first = (await generate(gemini_client)).json()
    response = await generate(gemini_client, prompt="make this bigger",
                              conversation_id=first["conversation_id"],
                              region={"x": 0.5, "y": 0.5, "width": 0.5, "height": 0.5})
    request = emulator.requests[-1]
    crop = Image.open(io.BytesIO(request.inline_images()[-1].data))
    assert response.status_code == 200, response.text
    assert crop.size == (first["width"] // 2, first["height"] // 2)
    assert "the bottom right of the picture" in request.parts(role="user")[-1].text


async def test_a_box_outside_the_picture_is_a_422(gemini_client):
    first = (await generate(gemini_client)).json()
    response = await generate(gemini_client, conversation_id=first["conversation_id"],
                              region={"x": 0.8, "y": 0.1, "width": 0.5, "height": 0.2})
    assert response.status_code == 422


async def test_a_series_sends_its_labelled_references_to_every_picture(gemini_client,
                                                                       emulator):
    logo = await upload(gemini_client, photo(), "logo.png")
    ids = [m["id"] for m in (await gemini_client.get(
        "/api/memories?project=demo&limit=40")).json()["items"]]
    response = await gemini_client.post("/api/image/series?project=demo", json={
        "memory_ids": ids, "group_by": "type", "count": 2, "image_size": "1K",
        "references": [{"id": logo["id"], "label": "our logo", "role": "logo"}]})
    assert response.status_code == 200, response.text
    assert all("(logo): our logo" in r.inline_images()[0].label_before
               for r in emulator.requests)
