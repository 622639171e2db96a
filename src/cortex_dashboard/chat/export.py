"""A chat kept: as a Markdown document, or as a `reference` memory a person can read.

A saved chat keeps every message whole (nothing is cut), with `[[Memory N]]` markers
turned into numbered references listed at the end; the ids and questions go into the
memory's metadata for programs, not into its text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from cortex_dashboard.chat.prompt import CITATION, Source, cited_numbers
from cortex_dashboard.context import ChatMessage
from cortex_dashboard.memories import MemoryDatabase, NewMemory
from cortex_dashboard.memories.writes import create_memory, now_iso

_TAGS = re.compile(r"</?mark>")
SPEAKERS = {"user": "You", "assistant": "Assistant"}


def _plain(snippet: str) -> str:
    return html.unescape(_TAGS.sub("", snippet))


def to_markdown(messages: Sequence[ChatMessage], sources: Sequence[Source],
                title: str = "Ask AI") -> str:
    """The chat with citations as footnotes pointing at memory ids."""
    lines = [f"# {title}", ""]
    for message in messages:
        body = CITATION.sub(lambda m: f"[^{m.group(1)}]", message.content)
        lines += [f"**{SPEAKERS[message.role]}**: {body}", ""]
    notes = [f"[^{s.n}]: {s.type} `{s.id}`: {_plain(s.snippet)}"
             for s in cited_sources(messages, sources)]
    return "\n".join(lines + notes).rstrip() + "\n"


def cited_sources(messages: Sequence[ChatMessage], sources: Sequence[Source]) -> list[Source]:
    """The sources the assistant's messages cite, in their order."""
    cited = {n for m in messages if m.role == "assistant" for n in cited_numbers(m.content)}
    return [s for s in sources if s.n in cited]


def readable_citations(text: str) -> str:
    """`[[Memory 2]]` as `[2]`, the way a person marks a reference."""
    return CITATION.sub(lambda m: f"[{m.group(1)}]", text)


def chat_text(messages: Sequence[ChatMessage], sources: Sequence[Source]) -> str:
    """The whole chat as a note: every message, then the references it cites."""
    question = next((m.content for m in messages if m.role == "user"), "")
    lines = [f"Ask AI chat: {question.strip()}", ""]
    for message in messages:
        lines += [f"{SPEAKERS[message.role]}: {readable_citations(message.content)}", ""]
    cited = cited_sources(messages, sources)
    if cited:
        lines.append("References:")
        lines += [f"[{s.n}] {s.title} ({s.type}, {s.id})" for s in cited]
    return "\n".join(lines).rstrip()


def save_chat_as_memory(database: MemoryDatabase, messages: Sequence[ChatMessage],
                        sources: Sequence[Source]) -> str:
    """A `reference` memory holding the whole chat, its citations as references."""
    cited = cited_sources(messages, sources)
    questions = [m.content for m in messages if m.role == "user"]
    context = (f"Saved from the cortex-dashboard Ask AI chat on {now_iso()[:10]}: "
               f"{len(questions)} question{'s' * (len(questions) != 1)}, "
               f"{len(cited)} memor{'ies' if len(cited) != 1 else 'y'} cited.")
    memory = NewMemory(
        content=chat_text(messages, sources), type="reference", tags=("ask-ai", "chat"),
        context=context,
        metadata={"kind": "chat", "questions": questions,
                  "citations": [{"n": s.n, "memory_id": s.id} for s in cited]},
    )
    return create_memory(database, memory)
