"""The offline renderer: memories in, a designed PNG out, refined turn by turn in words.

`render_design` draws a `Design`; `first_turn` / `next_turn` build designs from requests
and words (`refine`); `render_gallery` draws every preset for a look.
"""

from __future__ import annotations

from cortex_dashboard.images.render.design import Design, Note, design_from_dict
from cortex_dashboard.images.render.engine import Rendered, render_design
from cortex_dashboard.images.render.gallery import render_gallery
from cortex_dashboard.images.render.refine import HELP, Refinement, refine
from cortex_dashboard.images.render.turns import FormSettings, Turn, first_turn, next_turn

__all__ = [
    "HELP",
    "Design",
    "FormSettings",
    "Note",
    "Refinement",
    "Rendered",
    "Turn",
    "design_from_dict",
    "first_turn",
    "next_turn",
    "refine",
    "render_design",
    "render_gallery",
]
