"""A chat kept: as a Markdown document, or as a `reference` memory with its citations."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

from cortex_dashboard.chat.prompt import CITATION, Source, cited_numbers
from cortex_dashboard.context import ChatMessage
from cortex_dashboard.memories import MemoryDatabase, NewMemory
from cortex_dashboard.memories.writes import create_memory

SUMMARY_CHARS = 4_000
_TAGS = re.compile(r"</?mark>")


def _plain(snippet: str) -> str:
    return html.unescape(_TAGS.sub("", snippet))


def to_markdown(messages: Sequence[ChatMessage], sources: Sequence[Source],
                title: str = "Ask AI") -> str:
    """The chat with citations as footnotes pointing at memory ids."""
    lines = [f"# {title}", ""]
    for message in messages:
        speaker = "**You**" if message.role == "user" else "**Assistant**"
        body = CITATION.sub(lambda m: f"[^{m.group(1)}]", message.content)
        lines += [f"{speaker}: {body}", ""]
    cited = {n for m in messages if m.role == "assistant" for n in cited_numbers(m.content)}
    notes = [f"[^{s.n}]: {s.type} `{s.id}`: {_plain(s.snippet)}" for s in sources
             if s.n in cited]
    return "\n".join(lines + notes).rstrip() + "\n"


def save_chat_as_memory(database: MemoryDatabase, messages: Sequence[ChatMessage],
                        sources: Sequence[Source]) -> str:
    """A `reference` memory summarising the chat, its citations in the context."""
    question = next((m.content for m in messages if m.role == "user"), "")
    answers = [m.content for m in messages if m.role == "assistant"]
    content = f"Ask AI — {question}\n\n" + "\n\n".join(answers)
    cited = sorted({n for a in answers for n in cited_numbers(a)})
    by_n = {s.n: s for s in sources}
    context = json.dumps({
        "kind": "chat", "questions": [m.content for m in messages if m.role == "user"],
        "citations": [{"n": n, "memory_id": by_n[n].id} for n in cited if n in by_n],
    })
    memory = NewMemory(content=content[:SUMMARY_CHARS], type="reference",
                       tags=("ask-ai", "chat"), context=context)
    return create_memory(database, memory)
