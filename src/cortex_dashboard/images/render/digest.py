"""What a card says about one memory: a headline and the whole sentences that matter most.

Sentences come from sentencex (Wikimedia's rule-based segmenter: MIT licence, pure Python,
no dependencies and no model, about 300 languages including the full stops of Chinese and
Japanese). Chosen over pysbd (no release since 2021, twenty times slower here) and nupunkt
(tuned on legal English). The segmenter splits code such as ``psycopg.OperationalError``,
so a split with no space after it is joined again.

A headline is, in this order of preference: the label before a colon ("Auth v2 replaces
JWTs: …"), a short first sentence, or the first sentence cut at a clause boundary ("Fixed
duplicate uploads after resume" from "… after resume by hashing chunks …"). Never a cut
word, never an ellipsis. The body's sentences are ranked for what matters (outcomes,
decisions, numbers; not code, links or length) and drawn in the order written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import sentencex  # type: ignore[import-untyped]

__all__ = ["HEADLINE_CHARS", "Digest", "digest", "sentences", "whole_sentences"]

HEADLINE_CHARS = 90
"""A longer first sentence is cut at a clause boundary for its headline…"""
WHOLE_HEADLINE_CHARS = 110
"""…unless it has none before this length: then it is the headline whole."""
_LABEL_WORDS = (2, 10)
_MIN_CUT = 24
_LABEL = re.compile(r"^(?P<label>[^:;.!?\"“`(]{2,70}?):\s+(?P<rest>\S.*)$", re.DOTALL)
_TIERS = (
    re.compile(r";\s|\s[—–]\s|\s\(|:\s"),
    re.compile(r",\s"),
    re.compile(r"\s(?:by|with|because|so that|so|which|after|before|when|while|until|via|using|"
               r"instead of|once|since|where)\s"),
    re.compile(r"\s(?:and|but|or|then)\s"),
)
"""Clause boundaries, strongest first: a headline ends at the strongest one there is."""
_INTRODUCTORY = re.compile(r"^(?:\w+:\s+)?(?:after|before|when|while|if|once|since|until|"
                           r"to|in|on|for|with|because|although|as|by|during)\b", re.IGNORECASE)
_NESTED = re.compile(r"\([^)]*\)|\"[^\"]*\"|“[^”]*”|'[^']*'|`[^`]*`")
_CODE = re.compile(r"`[^`]*`|https?://\S+|\S*(?:[_{}=<>\\]|\w\(|\w/\w+[/.])\S*")
_MOSTLY_CODE = 0.6
_NUMBER = re.compile(r"\d")
_OUTCOME = re.compile(
    r"\b(?:now|no longer|fell|dropped|drops|cut|reduced|removed|fixed|improved|went from|"
    r"faster|slower|lost|broke|failed|saves?|freed|stays?|covered|blocked|requested|"
    r"stopped|works?)\b", re.IGNORECASE)
_DECISION = re.compile(
    r"\b(?:decided|chose|chosen|picked|use|uses|switched|replaced|replaces|moved|must|never|"
    r"always|keep|only|instead|because|so|prefer|banned|required|revisit)\b", re.IGNORECASE)
_CLOSING = ".!?。！？…\"”'’)"
_FULL_STOPS = "。！？"


@dataclass(frozen=True, slots=True)
class Digest:
    headline: str
    ranked: tuple[tuple[int, str], ...]
    """Body sentences, most telling first, each with its place in the memory."""

    def body(self, count: int) -> str:
        """The `count` most telling sentences, in the order the memory has them."""
        return self.joined(range(min(max(count, 0), len(self.ranked))))

    def joined(self, ranks: Iterable[int]) -> str:
        """The sentences of these ranks, in the order the memory has them."""
        return " ".join(text for _, text in sorted(self.ranked[r] for r in ranks))

    @property
    def count(self) -> int:
        return len(self.ranked)


def sentences(text: str) -> list[str]:
    """The text's sentences, whole, in order."""
    return list(_sentences(text))


def whole_sentences(text: str, limit: int) -> str:
    """The first sentences of `text` that fit in `limit` characters, whole; a first
    sentence longer than that is cut after a whole word, with an ellipsis."""
    if len(text) <= limit:
        return text
    kept: list[str] = []
    for sentence in _sentences(text):
        if len(" ".join([*kept, sentence])) > limit:
            break
        kept.append(sentence)
    if kept:
        return " ".join(kept)
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:-–—") + "…"


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    pieces: list[str] = []
    joined = False
    for piece in sentencex.segment("en", text):
        if pieces and joined:
            pieces[-1] += piece
        elif piece.strip():
            pieces.append(piece)
        joined = bool(piece) and piece.endswith(".") and not piece.endswith("..")
    return tuple(" ".join(p.split()) for p in pieces if p.strip())


@lru_cache(maxsize=4096)
def digest(text: str, limit: int = 6) -> Digest:
    """The headline of `text` and up to `limit` body sentences, ranked."""
    parts = list(_sentences(text))
    if not parts:
        return Digest("", ())
    headline, first, repeats = _headline(parts[0], alone=len(parts) == 1)
    pool = [(i, s) for i, s in enumerate([first, *parts[1:]]) if s]
    readable = [(i, s) for i, s in pool if _code_share(s) <= _MOSTLY_CODE] or pool
    if repeats and len(readable) > 1:
        readable = [(i, s) for i, s in readable if i != 0]
    ranked = sorted(readable, key=lambda item: (-_score(item[1], item[0]), item[0]))
    return Digest(headline, tuple(ranked[:limit]))


def _headline(first: str, alone: bool) -> tuple[str, str, bool]:
    """The headline, what is left of the first sentence for the body, and whether that
    rest repeats the headline (the sentence was cut, not split at a label). A memory of
    one long sentence takes even a one-word label ("Release: …") rather than repeat it."""
    label = _LABEL.match(first)
    if label and _is_label(label.group("label"), alone and len(first) > HEADLINE_CHARS):
        return _tidy(label.group("label")), _capitalised(label.group("rest")), False
    if len(first) <= HEADLINE_CHARS:
        return _tidy(first), "", False
    headline = _cut(first)
    if headline == _tidy(first):
        return headline, "", False
    return headline, _capitalised(label.group("rest")) if label else first, True


def _is_label(text: str, short_too: bool = False) -> bool:
    words = len(text.split())
    fewest = 1 if short_too else _LABEL_WORDS[0]
    return fewest <= words <= _LABEL_WORDS[1] and "`" not in text


def _cut(sentence: str) -> str:
    """The first sentence as a headline: cut at its strongest clause boundary (the
    earliest of those, to read as a headline), whole when it has none and is not too
    long, else cut at a boundary further on or, failing all, after a whole word."""
    masked = _NESTED.sub(lambda m: m.group(0)[0] + "\0" * (len(m.group(0)) - 1), sentence)
    masked = _CODE.sub(lambda m: "\0" * len(m.group(0)), masked)
    end = _boundary(masked, HEADLINE_CHARS)
    if end is None and len(sentence) <= WHOLE_HEADLINE_CHARS:
        return _tidy(sentence)
    end = end if end is not None else _boundary(masked, WHOLE_HEADLINE_CHARS)
    if end is not None:
        return _tidy(sentence[:end])
    words = sentence[: WHOLE_HEADLINE_CHARS + 1].split()
    return _tidy(" ".join(words[:-1] if len(words) > 1 else words))


def _boundary(masked: str, limit: int) -> int | None:
    introductory = bool(_INTRODUCTORY.match(masked))
    for tier, pattern in enumerate(_TIERS):
        ends = [m.start() for m in pattern.finditer(masked) if _MIN_CUT <= m.start() <= limit]
        if tier == 1 and introductory:
            ends = ends[1:]
        if ends:
            return ends[0]
    return None


def _tidy(text: str) -> str:
    text = text.strip().rstrip(",;:–—-(").strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return text.rstrip("。")


def _capitalised(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in _CLOSING + _FULL_STOPS:
        text += "."
    first = text[:1]
    return first.upper() + text[1:] if first.islower() and not _CODE.match(text) else text


def _code_share(sentence: str) -> float:
    return sum(len(m.group(0)) for m in _CODE.finditer(sentence)) / max(len(sentence), 1)


def _score(sentence: str, index: int) -> float:
    """Higher is more worth showing: outcomes, decisions and numbers; not code, links or
    great length."""
    score = 2.0 * bool(_NUMBER.search(sentence)) + 2.0 * bool(_OUTCOME.search(sentence))
    score += 1.5 * bool(_DECISION.search(sentence)) - 4.0 * _code_share(sentence)
    score -= 1.0 * (len(sentence) > 200) + 1.0 * (len(sentence) > 280) + len(sentence) / 400
    return score - 0.25 * index
