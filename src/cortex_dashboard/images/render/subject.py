"""What a set of memories is about: the few terms a title can name.

Two sources, counted by how many memories carry them: the memories' tags (chosen by
people, so they count double) and the names in their text (words capitalised or written
in capitals where no sentence starts: Postgres, Stripe, PgBouncer, SQLite). A term must
recur when there are several memories, and the project's own name is not a subject.

Key-phrase libraries were weighed and not used: YAKE is AGPL-3.0 and pulls in numpy and
networkx, summa needs scipy and stopped in 2019, multi-rake needs numpy and a C language
detector, KeyBERT a model download. Counting tags and names is what a title here needs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from cortex_dashboard.images.render.design import Note

__all__ = ["ACRONYMS", "display_term", "subjects"]

ACRONYMS = {"api", "ui", "ux", "db", "cli", "sdk", "ai", "ml", "mcp", "css", "sql", "io", "ci",
            "cd", "pr", "sms", "seo", "qa", "sso", "jwt", "dns", "tls", "ssl", "aws", "gcp"}
_NAME = re.compile(r"(?<![\w./:#@-])([A-Z][A-Za-z0-9]*[a-z0-9][A-Za-z0-9]*|[A-Z]{2,}[0-9]*)"
                   r"(?![\w./:(-])")
_WORD = re.compile(r"(?<![\w./:#@`-])[A-Za-z][A-Za-z0-9+#]*(?![\w./:(-])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“(]\s*)$")
_NOT_NAMES = {"The", "This", "That", "These", "Those", "It", "We", "Our", "They", "A", "An",
              "If", "When", "Then", "Each", "Every", "All", "No", "Not", "One", "Two", "Use",
              "Keep", "Never", "Always", "Add", "Fix", "Cause", "Symptom", "Goal", "Note",
              "TODO", "OK", "I", "AM", "PM", "KB", "MB", "GB", "TB", "MS"}
_TAG_WEIGHT = 2
MAX_TERMS = 3


def subjects(notes: Sequence[Note], project: str = "", limit: int = MAX_TERMS) -> list[str]:
    """Up to `limit` terms that say what `notes` are about, most telling first."""
    return list(_subjects(tuple(notes), project, limit))


@lru_cache(maxsize=256)
def _subjects(notes: tuple[Note, ...], project: str, limit: int) -> tuple[str, ...]:
    tags = Counter(key for n in notes for key in {_key(t) for t in n.tags if _key(t)})
    names = Counter(key for n in notes for key in {_key(w) for w in _names(n.content)})
    weight = Counter(key for n in notes for key in _keys(n) for _ in range(round(n.importance)))
    own = {_key(w) for w in re.split(r"[-_\s]+", project) if w}
    terms = [k for k in {*tags, *names} if k not in own]
    ranked = sorted(terms, key=lambda k: (-(_TAG_WEIGHT * tags[k] + names[k]), -weight[k], k))
    recurring = [k for k in ranked if tags[k] + names[k] >= 2]
    chosen = recurring if len(recurring) >= min(2, len(ranked)) else ranked
    spelled = _spellings(notes)
    return tuple(display_term(spelled.get(k, k)) for k in chosen[:limit])


def _keys(note: Note) -> set[str]:
    return {_key(t) for t in note.tags} | {_key(w) for w in _names(note.content)}


def _key(term: str) -> str:
    """One key for "Bookings", "booking" and "booking-flow"'s first word alike."""
    word = term.replace("_", " ").replace("-", " ").strip().lower()
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _names(text: str) -> Iterable[str]:
    for match in _NAME.finditer(text):
        if match.group(1) not in _NOT_NAMES and not _SENTENCE_START.search(text[:match.start()]):
            yield match.group(1)


def _spellings(notes: Sequence[Note]) -> dict[str, str]:
    """Each term as it is most often written where no sentence starts: "Postgres" and
    "PgBouncer" as names when the text writes them so at least as often as in lower case;
    else the commonest lower-case form of the text and the tags ("filesystems")."""
    text: dict[str, Counter[str]] = {}
    for word in (w for n in notes for w in _words(n.content)):
        text.setdefault(_key(word), Counter())[word] += 1
    tags: dict[str, Counter[str]] = {}
    for tag in (t for n in notes for t in n.tags):
        tags.setdefault(_key(tag), Counter())[tag] += 1
    return {key: _spelling(text.get(key, Counter()), tags.get(key, Counter()))
            for key in {*text, *tags}}


def _spelling(text: Counter[str], tags: Counter[str]) -> str:
    capitals = Counter({w: c for w, c in text.items() if w != w.lower()})
    if capitals and capitals.total() >= text.total() - capitals.total():
        pool = capitals
    else:
        pool = (text - capitals) + tags
    return min(pool.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _words(text: str) -> Iterable[str]:
    for match in _WORD.finditer(text):
        if not _SENTENCE_START.search(text[:match.start()]):
            yield match.group(0)


def display_term(term: str) -> str:
    """A term as a title writes it: "api" -> "API", "code-review" -> "code review"."""
    if term.lower() in ACRONYMS:
        return term.upper()
    return term.replace("_", " ").replace("-", " ")
