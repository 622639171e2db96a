"""A time axis of evenly spaced events: their order, and where month marks fall."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from cortex_dashboard.images.render.content import note_date
from cortex_dashboard.images.render.design import Note

__all__ = ["date_order", "month_ticks", "position_of"]


def date_order(notes: Sequence[Note]) -> tuple[Note, ...]:
    """Oldest first, undated last, each kept in the order given among equals."""
    return tuple(sorted(notes, key=lambda n: (note_date(n) is None, note_date(n) or date.min,
                                              n.position)))


def position_of(day: date, dated: Sequence[tuple[date, float]]) -> float | None:
    """Where `day` falls on an axis whose events are evenly spaced: between the places of
    the events dated either side of it, in proportion; None outside their span."""
    for (before, p0), (after, p1) in pairwise(dated):
        if before <= day <= after:
            span = (after - before).days
            return p0 + (p1 - p0) * ((day - before).days / span if span else 0.5)
    return None


def month_ticks(first: date, last: date) -> list[tuple[date, str]]:
    """The first days of the months between `first` and `last` (every month, quarter or
    year, by the span), labelled "Feb 2025", "Mar" … or by the year alone."""
    months = (last.year - first.year) * 12 + last.month - first.month
    step = 1 if months <= 9 else 3 if months <= 30 else 12
    ticks: list[tuple[date, str]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = date(year, month, 1)
        if day >= first:
            text = f"{day:%b} {year}" if month == 1 or not ticks else f"{day:%b}"
            ticks.append((day, text if step < 12 else str(year)))
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return ticks
