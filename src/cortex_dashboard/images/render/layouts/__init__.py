"""One layout per preset. Each draws into the content box and returns the notes it drew.

A picture with nothing to lay out (no memories) draws the statement page instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.layouts.comparison import draw_comparison
from cortex_dashboard.images.render.layouts.infographic import draw_infographic
from cortex_dashboard.images.render.layouts.key_insights import draw_key_insights
from cortex_dashboard.images.render.layouts.quote_card import draw_quote_card
from cortex_dashboard.images.render.layouts.statement import draw_statement
from cortex_dashboard.images.render.layouts.timeline import draw_timeline
from cortex_dashboard.images.render.layouts.update_sheet import draw_update_sheet
from cortex_dashboard.images.render.layouts.workflow import draw_workflow

__all__ = ["LAYOUTS", "STATEMENT", "Layout", "layout_for"]

Draw = Callable[[Canvas, Design, Sequence[Note], Box], tuple[Note, ...]]


@dataclass(frozen=True, slots=True)
class Layout:
    draw: Draw
    side_header: bool = False
    """On a wide (21:9) page, the title goes in a column on the left."""
    compact_header: bool = False
    """A smaller title, for layouts whose content is the headline."""
    selects: bool = False
    """Draws a chosen few by design (key insights, a quote), not as many as fit."""
    own_header: bool = False
    """Draws its own header into the whole page."""


LAYOUTS: dict[str, Layout] = {
    "infographic": Layout(draw_infographic, side_header=True),
    "custom": Layout(draw_infographic, side_header=True),
    "update_sheet": Layout(draw_update_sheet),
    "timeline": Layout(draw_timeline),
    "comparison": Layout(draw_comparison),
    "key_insights": Layout(draw_key_insights, selects=True),
    "workflow": Layout(draw_workflow),
    "quote_card": Layout(draw_quote_card, side_header=True, compact_header=True, selects=True),
}
STATEMENT = Layout(draw_statement, own_header=True)


def layout_for(design: Design, notes: Sequence[Note]) -> Layout:
    """The preset's layout, or the statement page when there are no memories to lay out."""
    return STATEMENT if design.from_prompt or not notes else LAYOUTS[design.preset]
