"""The words a user can say to change an offline picture, and what each one does.

`refine(design, text)` finds every phrase it knows anywhere in the text, applies them in
the order they were written (the last word on a setting wins), and returns what changed,
what could not be done, and the phrases it did not understand, verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cortex_dashboard.images.options import PIXEL_SIZES, PRESETS
from cortex_dashboard.images.render.captions import join_words
from cortex_dashboard.images.render.design import Design, clamp_step, clean_title
from cortex_dashboard.images.render.themes import PALETTE_ALIASES, PALETTES

__all__ = ["HELP", "Refinement", "refine"]

HELP = (
    "Words I understand: dark / light theme · palettes corporate, vibrant, pastel, mono, "
    "ocean, forest, sunset · title \"…\" · subtitle \"…\" · no subtitle · bigger / smaller "
    "title · bigger / smaller text · as an infographic, update sheet, timeline, comparison, "
    "key insights, workflow, quote card or custom · only memories 1 and 3 · without memory 2 · "
    "with memory 2 · all memories · add / remove the legend, footer or date · group by type, "
    "tag or outcome · an aspect ratio (16:9, 9:16, square, story, banner …) · 1K, 2K or 4K · "
    "colour header / plain header · brief (one sentence a card) / more detail · no logo · "
    "reset style (a style reference's colours too)."
)


MAX_CHARS = 2000
"""Words past this are not read: no one refines a picture in an essay."""


@dataclass(frozen=True, slots=True)
class Refinement:
    design: Design
    changes: tuple[str, ...] = ()
    """What changed, in words for the reply."""
    problems: tuple[str, ...] = ()
    """Phrases understood but impossible, e.g. a memory number that does not exist."""
    unchanged: tuple[str, ...] = ()
    """Phrases understood that asked for what the design already was."""
    unknown: tuple[str, ...] = ()
    """Phrases not understood, as the user wrote them."""
    help: bool = False
    resized: bool = False
    """The words set the aspect ratio or the size."""
    remainder: tuple[str, ...] = ()
    """The text between the phrases understood, split only where a phrase was, for a
    first turn to use as a title."""


@dataclass(slots=True)
class _State:
    design: Design
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    help: bool = False
    resized: bool = False

    def set(self, change: str, **fields: object) -> None:
        updated = self.design.with_changes(**fields)
        (self.changes if updated != self.design else self.unchanged).append(change)
        self.design = updated


Apply = Callable[[_State, re.Match[str]], None]

_QUOTED = r"[\"“”„«»'‘’]([^\"“”„«»]*?)[\"“”„«»'‘’](?=\W|$)"
_NUMBERS = r"#?\d+(?:\s*(?:,|and|&|or|-|–|to)\s*#?\d+)*"
_MEMORY = r"(?:memor(?:y|ies)|cards?|items?|notes?|steps?|#)"
_RATIOS = {f"{w}:{h}" for w, h in (r.split(":") for r in PIXEL_SIZES)}
_NAMED_RATIOS = {
    "square": "1:1", "story": "9:16", "stories": "9:16", "vertical": "9:16", "phone": "9:16",
    "mobile": "9:16", "reel": "9:16", "portrait": "3:4", "landscape": "16:9",
    "widescreen": "16:9", "slide": "16:9", "presentation": "16:9", "banner": "21:9",
    "ultrawide": "21:9", "ultra-wide": "21:9", "cinematic": "21:9", "instagram": "4:5",
}
_PRESET_NAMES = {
    "infographic": "infographic", "update sheet": "update_sheet", "status update": "update_sheet",
    "status report": "update_sheet", "timeline": "timeline", "time line": "timeline",
    "comparison": "comparison", "side by side": "comparison", "key insights": "key_insights",
    "insight cards": "key_insights", "workflow": "workflow", "quote card": "quote_card",
}
_PRESET_HINTS = {
    "update": "update_sheet", "report": "update_sheet", "insights": "key_insights",
    "steps": "workflow", "process": "workflow", "flow": "workflow", "quote": "quote_card",
    "custom": "custom", "cards": "key_insights",
}
"""Words that name a preset only after "as", "into", "make it" …"""
_PRESET_WORDS = {**_PRESET_NAMES, **_PRESET_HINTS}
_TOGGLES = {"legend": "show_legend", "footer": "show_footer", "credit": "show_footer",
            "credits": "show_footer", "date": "show_date", "dates": "show_date",
            "date range": "show_date"}
_FILLER = set(
    "a an the and or then also please make it its is be to use using with but set change "
    "switch me can could would you we i want like now instead too again just bit little "
    "more slightly ok okay thanks thank lets let's let give in on of for some this that "
    "picture image version one go try put show turn into as so do style look".split()
)


def _words(pattern: str) -> str:
    return r"(?<![\w:])(?:" + pattern + r")(?![\w:])"


def refine(design: Design, text: str, *, describing: bool = False) -> Refinement:
    """Apply every phrase of `text` that this module knows to `design`; `describing` is
    for a first prompt, which describes a picture more than it gives commands."""
    state = _State(design)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        state.problems.append(f"only the first {MAX_CHARS:,} characters of your words were read")
    masked, found = text, []
    for pattern, apply in _RULES:
        if describing and (pattern, apply) == _BARE_RATIO_NAME:
            continue
        for match in pattern.finditer(masked):
            found.append((match.start(), apply, match))
        masked = pattern.sub(lambda m: "\0" * len(m.group(0)), masked)
    for _, apply, match in sorted(found, key=lambda item: item[0]):
        apply(state, match)
    return Refinement(
        design=state.design,
        changes=tuple(state.changes),
        problems=tuple(state.problems),
        unchanged=tuple(state.unchanged),
        unknown=tuple(leftover_phrases(masked)),
        help=state.help,
        resized=state.resized,
        remainder=tuple(_remainder(masked)),
    )


def _remainder(masked: str) -> list[str]:
    pieces = (" ".join(p.split()).strip(" ,;:-–—") for p in re.split(r"\0+|\n+", masked))
    return [p for p in pieces if any(w not in _FILLER for w in re.findall(r"\w+", p.lower()))]


def leftover_phrases(masked: str) -> list[str]:
    """The pieces of text no rule matched that say something (not just "and", "please")."""
    pieces = re.split(r"[\0,;.!?\n]+|\s+(?:and|then|but)\s+", masked)
    phrases = []
    for piece in pieces:
        words = re.findall(r"[^\W\d_]+|\d+", piece.lower())
        if any(w not in _FILLER for w in words):
            phrases.append(" ".join(piece.split()).strip(" -–—:\"'“”"))
    return [p for p in phrases if p]


def _numbers(text: str) -> list[int]:
    """"1, 3 and 5-7" -> [1, 3, 5, 6, 7]."""
    numbers: list[int] = []
    for start, end in re.findall(r"(\d+)(?:\s*(?:-|–|to)\s*(\d+))?", text):
        low, high = int(start), int(end or start)
        numbers.extend(range(low, min(high, low + 200) + 1) if high >= low else [low])
    return list(dict.fromkeys(numbers))


def _title(state: _State, match: re.Match[str]) -> None:
    field_name, words = _field(match), clean_title(match.group("text"))
    state.set(f"{field_name} “{words}”" if words else f"no {field_name}", **{field_name: words})


def _field(match: re.Match[str]) -> str:
    return "subtitle" if match.group("which") else "title"


def _no_title(state: _State, match: re.Match[str]) -> None:
    state.set(f"no {_field(match)}", **{_field(match): ""})


def _auto_title(state: _State, match: re.Match[str]) -> None:
    state.set(f"automatic {_field(match)}", **{_field(match): None})


def _theme(state: _State, match: re.Match[str]) -> None:
    theme = "dark" if match.group("theme").lower().startswith("dark") else "light"
    state.set(f"{theme} theme", theme=theme)


def _palette(state: _State, match: re.Match[str]) -> None:
    word = match.group("palette").lower()
    word = "vibrant" if word.startswith(("colo", "bright")) else word
    word = "mono" if word.startswith("black") else word
    name = PALETTE_ALIASES.get(word, word)
    state.set(f"{name} palette", palette=name, swatch=())


def _size_step(state: _State, match: re.Match[str]) -> None:
    words = match.group(0).lower()
    step = (2 if re.search(r"much|huge|tiny|lot", words) else 1)
    step = -step if re.search(r"small|tiny|less|reduce|decrease|shrink", words) else step
    target = "title" if re.search(r"title|heading|headline", words) else "text"
    key = "title_step" if target == "title" else "text_step"
    current = getattr(state.design, key)
    new = clamp_step(current + step)
    if new == current:
        state.problems.append(f"the {target} is already as {'big' if step > 0 else 'small'} "
                              "as it goes")
        return
    state.set(f"{'bigger' if step > 0 else 'smaller'} {target}", **{key: new})


def _preset(state: _State, match: re.Match[str]) -> None:
    preset = _PRESET_WORDS[" ".join(match.group("preset").lower().replace("-", " ").split())]
    state.set(f"layout: {PRESETS[preset].name.lower()}", preset=preset)


def _only(state: _State, match: re.Match[str]) -> None:
    wanted = _existing(state, _numbers(match.group("numbers")))
    if wanted:
        hidden = tuple(n.position for n in state.design.notes if n.position not in wanted)
        state.set(f"only {_memories(wanted)}", hidden=hidden)


def _without(state: _State, match: re.Match[str]) -> None:
    dropped = _existing(state, _numbers(match.group("numbers")))
    hidden = tuple(sorted(set(state.design.hidden) | set(dropped)))
    if dropped and len(hidden) == len(state.design.notes):
        state.problems.append("at least one memory has to stay in the picture")
    elif dropped:
        state.set(f"without {_memories(dropped)}", hidden=hidden)


def _with(state: _State, match: re.Match[str]) -> None:
    added = _existing(state, _numbers(match.group("numbers")))
    if added:
        hidden = tuple(p for p in state.design.hidden if p not in added)
        state.set(f"with {_memories(added)}", hidden=hidden)


def _all(state: _State, match: re.Match[str]) -> None:
    state.set("all memories", hidden=())


def _existing(state: _State, numbers: list[int]) -> list[int]:
    count = len(state.design.notes)
    for number in (n for n in numbers if not 1 <= n <= count):
        state.problems.append(f"there is no memory {number} (there are {count})")
    return [n for n in numbers if 1 <= n <= count]


def _memories(numbers: list[int]) -> str:
    """"memory 2", "memories 1, 3 and 5"."""
    plural = "y" if len(numbers) == 1 else "ies"
    return f"memor{plural} " + join_words([str(n) for n in numbers])


def _toggle(state: _State, match: re.Match[str]) -> None:
    on = match.group("verb").lower() in ("add", "show", "include", "with", "restore", "display",
                                         "put back", "bring back")
    part = " ".join(match.group("part").lower().split())
    key = _TOGGLES[part]
    noun = {"show_legend": "legend", "show_footer": "footer", "show_date": "date"}[key]
    state.set(f"{'with' if on else 'no'} {noun}", **{key: on})


def _ratio(state: _State, match: re.Match[str]) -> None:
    word = match.group("ratio").lower()
    ratio = _NAMED_RATIOS.get(word) or re.sub(r"\s*(?:x|×|/|by|:)\s*", ":", word)
    if ratio not in _RATIOS:
        state.problems.append(f"{match.group(0).strip()} is not one of the sizes "
                              f"({', '.join(PIXEL_SIZES)})")
        return
    state.resized = True
    state.set(f"aspect ratio {ratio}", aspect_ratio=ratio)


def _image_size(state: _State, match: re.Match[str]) -> None:
    word = match.group("size").lower()
    size = "4K" if "high" in word or "full" in word else "1K" if "low" in word else word.upper()
    state.resized = True
    state.set(f"size {size}", image_size=size)


def _group_by(state: _State, match: re.Match[str]) -> None:
    word = match.group("by").lower().rstrip("s")
    group = {"type": "type", "tag": "tag", "outcome": "section", "statu": "section",
             "section": "section"}.get(word, "auto")
    state.set(f"grouped by {'outcome' if group == 'section' else group}", group_by=group)


def _header(state: _State, match: re.Match[str]) -> None:
    band = not match.group(0).lower().startswith("plain")
    state.set("title on a colour band" if band else "plain header",
              header="band" if band else "plain")


def _emphasis(state: _State, match: re.Match[str]) -> None:
    brief = bool(match.group("brief"))
    state.set("one sentence a card" if brief else "more detail",
              emphasis="brief" if brief else "detail")


def _no_logo(state: _State, match: re.Match[str]) -> None:
    state.set("no logo", logo="")


def _help(state: _State, match: re.Match[str]) -> None:
    state.help = True


def _reset(state: _State, match: re.Match[str]) -> None:
    state.set("style reset", theme="light", palette="corporate", swatch=(), title_step=0,
              text_step=0,
              show_legend=True, show_footer=True, show_date=True, group_by="auto",
              header="plain", emphasis="detail")


def _rule(pattern: str, apply: Apply) -> tuple[re.Pattern[str], Apply]:
    return re.compile(pattern, re.IGNORECASE), apply


_PALETTE_WORDS = "|".join([*PALETTES, *PALETTE_ALIASES, "colou?rful", "bright", "black and white"])
_NUMERIC_RATIO = r"\d{1,2}\s*(?::|x|×|/|by)\s*\d{1,2}"
_NAMED_RATIO_WORDS = "|".join(sorted(map(re.escape, _NAMED_RATIOS), key=len, reverse=True))
_LEAD = r"(?:as|into|to|make it|use|switch to|show as|show it as|turn (?:it )?into)"


_BARE_RATIO_NAME = _rule(_words(r"(?P<ratio>" + _NAMED_RATIO_WORDS + ")"), _ratio)
"""A ratio's name alone ("square", "story"): a command when refining, but in a first
prompt it is usually just a word ("our auth story"), so describing skips it."""


def _alternatives(words: dict[str, str]) -> str:
    return "|".join(sorted((w.replace(" ", r"[\s-]+") for w in words), key=len, reverse=True))

_RULES: list[tuple[re.Pattern[str], Apply]] = [
    _rule(r"(?:(?:change|set|update|rename|make|call)\s+(?:the\s+|it\s+)?)?"
          r"(?<!\w)(?P<which>sub)?title\s*(?:to|:|=|as|is|of)?\s*" + _QUOTED.replace(
        "([^", "(?P<text>[^", 1), _title),
    _rule(r"(?<!\w)(?P<which>sub)?title\s*:\s*(?P<text>[^\n,;]+)", _title),
    _rule(_words(r"(?:no|remove|hide|drop|without)(?:\s+the)?\s+(?P<which>sub)?title"),
          _no_title),
    _rule(_words(r"(?:default|automatic|auto|original|reset)(?:\s+the)?\s+(?P<which>sub)?title"),
          _auto_title),
    _rule(_words(r"help|what can i (?:say|do)|\?"), _help),
    _rule(_words(r"(?:no|remove|hide|drop|without|delete)(?:\s+the)?\s+logo"), _no_logo),
    _rule(_words(r"reset(?:\s+the)?(?:\s+(?:style|look|design))?|start over"), _reset),
    _rule(_words(r"(?:only|just)\s+(?:show\s+)?(?:the\s+)?" + _MEMORY + r"\s*(?P<numbers>"
                 + _NUMBERS + ")"), _only),
    _rule(_words(r"(?:without|remove|drop|hide|exclude|skip|minus|leave out|take out|no)\s+"
                 r"(?:the\s+)?" + _MEMORY + r"\s*(?P<numbers>" + _NUMBERS + ")"), _without),
    _rule(_words(r"(?:with|add|include|show|restore|bring back|put back|keep)\s+(?:the\s+)?"
                 + _MEMORY + r"\s*(?P<numbers>" + _NUMBERS + r")(?:\s+back)?"), _with),
    _rule(_words(r"(?:show\s+|with\s+|include\s+)?(?:all|every)(?:\s+of)?\s+(?:the\s+)?"
                 r"memor(?:y|ies)|show all|all of them"), _all),
    _rule(_words(r"(?P<verb>add|show|include|with|restore|display|put back|bring back|remove|"
                 r"hide|drop|without|no|delete|lose|skip)\s+(?:the\s+|a\s+)?(?P<part>legend|"
                 r"footer|credits?|date\s+range|dates?)"), _toggle),
    _rule(_words(r"(?:group(?:ed)?\s+|sort(?:ed)?\s+|split\s+)?by\s+(?P<by>types?|tags?|"
                 r"outcomes?|status|sections?)"), _group_by),
    _rule(_words(r"(?:much\s+|a\s+lot\s+|a\s+bit\s+|slightly\s+)?(?:bigger|larger|smaller|"
                 r"huge|tiny)\s+(?:the\s+)?(?:title|heading|headline|text|fonts?|type|body)|"
                 r"(?:the\s+)?(?:title|heading|headline|text|fonts?|body)\s+(?:much\s+|a\s+bit\s+)?"
                 r"(?:bigger|larger|smaller)|(?:increase|decrease|reduce|shrink)\s+(?:the\s+)?"
                 r"(?:title|heading|text|font)(?:\s+size)?"), _size_step),
    _rule(_words(r"(?:colou?r(?:ed)?|banner|band|bold)\s+(?:header|heading|title\s+band)|"
                 r"plain\s+(?:header|heading)|(?:title\s+)?on\s+a\s+(?:colou?r(?:ed)?\s+)?band"),
          _header),
    _rule(_words(r"(?P<brief>(?<!a )(?<!the )brief(?:er)?|shorter(?:\s+cards)?|"
                 r"less\s+(?:text|detail|words)|one\s+sentence(?:\s+(?:each|a\s+card|per\s+card))?)|more\s+(?:detail|text|"
                 r"words)|(?:more\s+)?detailed|two\s+sentences(?:\s+(?:each|a\s+card))?"),
          _emphasis),
    _rule(_words(r"(?P<theme>dark(?:er)?|light(?:er)?)(?:\s+(?:theme|mode|background|version))?"),
          _theme),
    _rule(_words(r"(?:(?:palette|colou?rs?|colou?r scheme)\s*:?\s*)?(?P<palette>"
                 + _PALETTE_WORDS + r")(?:\s+(?:palette|colou?rs?|colou?r scheme|scheme|style))?"),
          _palette),
    _rule(_words(r"(?:(?:aspect(?:\s+ratio)?|ratio|format)\s*)?(?P<ratio>" + _NUMERIC_RATIO
                 + ")"), _ratio),
    _rule(_words(r"(?:(?:aspect(?:\s+ratio)?|ratio|format)\s*:?\s*|(?:" + _LEAD
                 + r"|in)\s+(?:an?\s+|the\s+)?)(?P<ratio>" + _NAMED_RATIO_WORDS
                 + r")(?:\s+(?:format|shape|orientation|layout|mode|version))?"), _ratio),
    _rule(_words(r"(?P<ratio>" + _NAMED_RATIO_WORDS + r")\s+(?:format|shape|ratio|orientation|"
                 r"layout|mode|version|aspect(?:\s+ratio)?)"), _ratio),
    _BARE_RATIO_NAME,
    _rule(_words(r"(?:in\s+|at\s+|size\s+)?(?P<size>[124]\s?k|high(?:er)?[\s-]res(?:olution)?|"
                 r"full[\s-]res(?:olution)?|low(?:er)?[\s-]res(?:olution)?)"), _image_size),
    _rule(_words(_LEAD + r"\s+(?:an?\s+|the\s+)?(?P<preset>" + _alternatives(_PRESET_WORDS)
                 + r")(?:\s+(?:layout|view|preset|style|version|format))?"), _preset),
    _rule(_words(r"(?:an?\s+|the\s+)?(?P<preset>" + _alternatives(_PRESET_NAMES)
                 + r")(?:\s+(?:layout|view|preset|style|version|format))?"), _preset),
]
