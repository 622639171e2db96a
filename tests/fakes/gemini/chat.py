"""What the text models answer: a reply grounded in the "[[Memory N]]" blocks of the prompt."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from .call import Call

__all__ = ["chat_answer", "split_text"]

_MEMORY_MARK = re.compile(r"\[\[Memory (\d+)\]\]")
_MEMORY_BLOCK = re.compile(r"\[\[Memory \d+\]\].*?(?:\n\s*\n|\Z)", re.DOTALL)
_QUESTION_LINE = re.compile(r"^\s*question\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_TAG = re.compile(r"</?[A-Za-z_][^>]*>")
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """the and for are was were with that this what which when where who whom how why
        about from into have has had not but you your our their them they its can could
        would should will shall may might does did done any all some more most other such
        than then there these those here just also very only over under again once each
        both few many much own same too out off per via tell know give show please answer
        question memory memories according based using use said say says""",
    )
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in _STOPWORDS}


def _memories(texts: Iterable[str]) -> dict[int, str]:
    """Memory number -> its text, from "[[Memory N]] ..." blocks (up to a blank line)."""
    found: dict[int, str] = {}
    for text in texts:
        pieces = _MEMORY_MARK.split(text)
        for number, body in zip(pieces[1::2], pieces[2::2], strict=True):
            found[int(number)] = " ".join(_TAG.sub(" ", body.split("\n\n", 1)[0]).split())
    return found


def _question(call: Call) -> str:
    text = call.last_user_text()
    asked = _QUESTION_LINE.findall(text)
    return asked[-1] if asked else _MEMORY_BLOCK.sub(" ", text)


def _snippet(text: str, words: int = 20) -> str:
    kept = text.split()[:words]
    return " ".join(kept).rstrip(".,;:!?") if kept else "nothing more"


def chat_answer(call: Call) -> str:
    memories = _memories(call.all_texts())
    if not memories:
        return (
            "No memories were given, so I cannot answer from them. "
            "Select some memories and ask again."
        )
    asked = _words(_question(call))
    ranked = sorted(memories, key=lambda n: (-len(asked & _words(memories[n])), n))
    cited = [n for n in ranked if asked & _words(memories[n])][:3]
    if not cited:
        return (
            f"None of the {len(memories)} memories mentions that. "
            "Try other words, or select other memories and ask again."
        )
    sentences = [f"According to [[Memory {cited[0]}]], {_snippet(memories[cited[0]])}."]
    sentences += [f"[[Memory {n}]] adds that {_snippet(memories[n])}." for n in cited[1:]]
    shared = sorted(set().union(*(asked & _words(memories[n]) for n in cited)))
    sentences.append(f"Those are the memories that mention {', '.join(shared[:5])}.")
    return " ".join(sentences)


def split_text(text: str, minimum: int = 3) -> list[str]:
    words = re.findall(r"\S+\s*", text)
    size = max(1, len(words) // max(minimum, math.ceil(len(words) / 8)))
    return ["".join(words[i : i + size]) for i in range(0, len(words), size)] or [text]


