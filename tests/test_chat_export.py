"""Keeping an Ask AI chat: the whole chat as a readable memory, citations as references,
the dashboard's own saved chats kept out of later retrieval, the offline selection label."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from cortex_dashboard.services import Services
from tests.conftest import SAMPLE_MEMORIES

COOKIES = SAMPLE_MEMORIES[0]["memory_id"]
POOL_ERROR = SAMPLE_MEMORIES[1]["memory_id"]


@pytest.fixture
def project(services: Services, memory_db: Path) -> str:
    return services.projects.add(memory_db).id


def long_chat(turns: int = 6, words: int = 200) -> list[dict[str, str]]:
    """A chat well past 4,000 characters whose last answer ends with a unique word."""
    messages = []
    for n in range(turns):
        role = "user" if n % 2 == 0 else "assistant"
        text = " ".join(f"word{n}x{i}" for i in range(words))
        messages.append({"role": role, "content": text})
    messages[-1]["content"] += " zebracorn"
    return messages


async def save(client: httpx.AsyncClient, project: str, messages: list[dict[str, str]],
               sources: list[dict[str, Any]] | None = None) -> str:
    response = await client.post(f"/api/chat/save-as-memory?project={project}",
                                 json={"messages": messages, "sources": sources or []})
    assert response.status_code == 200, response.text
    return response.json()["memory_id"]


async def memory(client: httpx.AsyncClient, project: str, memory_id: str) -> dict[str, Any]:
    return (await client.get(f"/api/memories/{memory_id}", params={"project": project})).json()


# --- item 6: nothing cut ---------------------------------------------------------------

async def test_a_saved_chat_keeps_every_message_whole(client: httpx.AsyncClient,
                                                      project: str) -> None:
    messages = long_chat()
    saved = await memory(client, project, await save(client, project, messages))
    assert all(m["content"] in saved["content"] for m in messages)
    assert saved["content"].rstrip().endswith("zebracorn")


# --- "what a user sees" 5: readable references, text not JSON -------------------------

async def test_citation_markers_become_numbered_references(client: httpx.AsyncClient,
                                                           project: str) -> None:
    messages = [{"role": "user", "content": "Why cookies?"},
                {"role": "assistant", "content": "Revocation is simpler [[Memory 1]]."}]
    sources = [{"n": 1, "id": COOKIES, "type": "decision",
                "title": "We chose session cookies over JWT", "snippet": "s"}]
    saved = await memory(client, project, await save(client, project, messages, sources))
    assert "Revocation is simpler [1]." in saved["content"]
    assert f"[1] We chose session cookies over JWT (decision, {COOKIES})" in saved["content"]


async def test_a_saved_chats_context_is_a_sentence_and_its_ids_are_metadata(
        client: httpx.AsyncClient, project: str, memory_db: Path) -> None:
    messages = [{"role": "user", "content": "Why cookies?"},
                {"role": "assistant", "content": "Revocation [[Memory 1]]."}]
    sources = [{"n": 1, "id": COOKIES, "type": "decision", "title": "t", "snippet": "s"}]
    memory_id = await save(client, project, messages, sources)
    row = sqlite3.connect(memory_db).execute(
        "SELECT context, metadata FROM memories WHERE id = ?", [memory_id]).fetchone()
    assert row[0].startswith("Saved from the cortex-dashboard Ask AI chat on ")
    assert json.loads(row[1])["citations"] == [{"n": 1, "memory_id": COOKIES}]


# --- saved chats are not sources of later answers ---------------------------------------

async def ask(client: httpx.AsyncClient, project: str, **body: Any) -> dict[str, Any]:
    response = await client.post(f"/api/chat?project={project}", json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def test_ask_ai_leaves_saved_chats_out_by_default(client: httpx.AsyncClient,
                                                        project: str) -> None:
    question = "postgres pool exhausted"
    saved_id = await save(client, project, [
        {"role": "user", "content": question},
        {"role": "assistant", "content": "The postgres pool was exhausted; postgres pool."}])
    answer = await ask(client, project, question=question)
    assert saved_id not in [s["id"] for s in answer["sources"]]
    assert POOL_ERROR in [s["id"] for s in answer["sources"]]


async def test_include_saved_ranks_saved_chats_below_first_hand_memories(
        client: httpx.AsyncClient, project: str) -> None:
    question = "postgres pool exhausted"
    saved_id = await save(client, project, [
        {"role": "user", "content": question},
        {"role": "assistant", "content": "postgres pool exhausted postgres pool exhausted"}])
    answer = await ask(client, project, question=question, include_saved=True)
    assert [s["id"] for s in answer["sources"]][-1] == saved_id
    assert len(answer["sources"]) > 1


async def test_offline_answer_about_a_selection_calls_it_the_selection(
        client: httpx.AsyncClient, project: str) -> None:
    answer = await ask(client, project, question="what about postgres?",
                       memory_ids=[COOKIES, POOL_ERROR])
    assert "the memories you selected, in the order you chose them" in answer["answer"]
    assert "best match" not in answer["answer"]
