"""The usage ledger: every answered paid call with its tokens and cost, and the daily budget.

Money rules. A call is written to the ledger as soon as its answer arrives, before
anything else is done with it, so the shown spend never trails the bill. A request
reserves its worst-case price before the call, so concurrent requests (in this process
or another one on the same data directory) cannot together pass the daily budget; the
reservation is released when the charge is written or the call fails.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cortex_dashboard.catalogue import GROUNDING_FREE_QUERIES_PER_MONTH
from cortex_dashboard.errors import BudgetExceeded
from cortex_dashboard.state import StateDatabase
from cortex_dashboard.usage import Usage

RESERVATION_LIFETIME = timedelta(minutes=15)
"""A reservation older than this belongs to a process that died mid-call."""


@dataclass(frozen=True, slots=True)
class Spend:
    today_usd: float
    month_usd: float
    daily_budget_usd: float | None
    images_today: int
    reserved_usd: float = 0.0


@dataclass(frozen=True, slots=True)
class Charge:
    kind: str
    provider: str
    model: str
    usage: Usage
    cost_usd: float | None
    images: int = 0
    conversation_id: str | None = None


def _now() -> datetime:
    return datetime.now(UTC)


class UsageLedger:
    def __init__(self, state: StateDatabase, daily_budget_usd: float | None) -> None:
        self.state = state
        self.daily_budget_usd = daily_budget_usd

    def record(self, charge: Charge, *, reservation: str | None = None) -> None:
        """Write the charge (and drop its reservation) in one transaction."""
        now = _now()
        usage = charge.usage
        with self.state.transaction() as conn:
            conn.execute(
                "INSERT INTO usage_ledger (at, day, kind, provider, model, prompt_tokens,"
                " output_tokens, thoughts_tokens, images, cost_usd, conversation_id,"
                " search_queries, price_known) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [now.isoformat(timespec="milliseconds"), now.date().isoformat(), charge.kind,
                 charge.provider, charge.model, usage.prompt_tokens + usage.tool_prompt_tokens,
                 usage.output_tokens, usage.thoughts_tokens, charge.images,
                 charge.cost_usd or 0.0, charge.conversation_id, usage.search_queries,
                 int(charge.cost_usd is not None)],
            )
            if reservation is not None:
                conn.execute("DELETE FROM budget_reservations WHERE id = ?", [reservation])

    def spend(self) -> Spend:
        today = _now().date()
        row = self.state.fetch_one(
            "SELECT coalesce(sum(CASE WHEN day = ? THEN cost_usd END), 0) AS today,"
            " coalesce(sum(cost_usd), 0) AS month,"
            " coalesce(sum(CASE WHEN day = ? THEN images END), 0) AS images"
            " FROM usage_ledger WHERE day >= ?",
            [today.isoformat(), today.isoformat(), today.replace(day=1).isoformat()],
        )
        assert row is not None
        return Spend(round(row["today"], 6), round(row["month"], 6), self.daily_budget_usd,
                     row["images"], round(self._reserved(), 6))

    def _reserved(self) -> float:
        since = (_now() - RESERVATION_LIFETIME).isoformat(timespec="milliseconds")
        row = self.state.fetch_one(
            "SELECT coalesce(sum(amount_usd), 0) FROM budget_reservations WHERE at >= ?",
            [since])
        return float(row[0]) if row else 0.0

    def billable_queries(self, queries: int) -> int:
        """How many of these grounding queries fall past this month's free allowance."""
        if queries == 0:
            return 0
        month = _now().date().replace(day=1).isoformat()
        row = self.state.fetch_one(
            "SELECT coalesce(sum(search_queries), 0) FROM usage_ledger WHERE day >= ?", [month])
        used = int(row[0]) if row else 0
        free_left = max(GROUNDING_FREE_QUERIES_PER_MONTH - used, 0)
        return max(queries - free_left, 0)

    def reserve(self, amount_usd: float, conversation_id: str | None = None) -> str:
        """Hold `amount_usd` of today's budget for a call about to be made, or refuse.

        The check and the hold are one transaction, so two requests cannot both fit in
        what is left."""
        reservation = f"res_{secrets.token_hex(8)}"
        now = _now()
        since = (now - RESERVATION_LIFETIME).isoformat(timespec="milliseconds")
        with self.state.transaction() as conn:
            if self.daily_budget_usd is not None:
                spent = conn.execute(
                    "SELECT coalesce(sum(cost_usd), 0) FROM usage_ledger WHERE day = ?",
                    [now.date().isoformat()]).fetchone()[0]
                held = conn.execute(
                    "SELECT coalesce(sum(amount_usd), 0) FROM budget_reservations"
                    " WHERE at >= ?", [since]).fetchone()[0]
                self._check(spent, held, amount_usd)
            conn.execute(
                "INSERT INTO budget_reservations (id, at, amount_usd, conversation_id)"
                " VALUES (?, ?, ?, ?)",
                [reservation, now.isoformat(timespec="milliseconds"), amount_usd,
                 conversation_id])
        return reservation

    def _check(self, spent: float, held: float, amount: float) -> None:
        budget = self.daily_budget_usd
        assert budget is not None
        if spent + held + amount <= budget + 1e-9:
            return
        in_flight = f" (${held:.2f} more is held by requests in flight)" if held else ""
        raise BudgetExceeded(
            f"Today's spend is ${spent:.2f}{in_flight} and this request could cost up to "
            f"${amount:.2f}, over the daily budget of ${budget:.2f}. Raise "
            "CORTEX_DASHBOARD_DAILY_BUDGET_USD, choose a smaller size or use the offline "
            "renderer.",
            detail={"today_usd": round(spent, 6), "reserved_usd": round(held, 6),
                    "estimated_usd": round(amount, 6), "daily_budget_usd": budget},
        )

    def release(self, reservation: str) -> None:
        self.state.execute("DELETE FROM budget_reservations WHERE id = ?", [reservation])
