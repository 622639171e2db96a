"""The usage ledger: every paid call with its tokens and cost, and the daily budget."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from cortex_dashboard.errors import BudgetExceeded
from cortex_dashboard.images.providers.base import Usage
from cortex_dashboard.state import StateDatabase


@dataclass(frozen=True, slots=True)
class Spend:
    today_usd: float
    month_usd: float
    daily_budget_usd: float | None
    images_today: int


class UsageLedger:
    def __init__(self, state: StateDatabase, daily_budget_usd: float | None) -> None:
        self.state = state
        self.daily_budget_usd = daily_budget_usd

    def record(self, *, kind: str, provider: str, model: str, usage: Usage, cost_usd: float,
               images: int = 0, conversation_id: str | None = None) -> None:
        now = datetime.now(UTC)
        self.state.execute(
            "INSERT INTO usage_ledger (at, day, kind, provider, model, prompt_tokens,"
            " output_tokens, thoughts_tokens, images, cost_usd, conversation_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [now.isoformat(timespec="milliseconds"), now.date().isoformat(), kind, provider,
             model, usage.prompt_tokens, usage.output_tokens, usage.thoughts_tokens, images,
             cost_usd, conversation_id],
        )

    def spend(self) -> Spend:
        today = datetime.now(UTC).date()
        row = self.state.fetch_one(
            "SELECT coalesce(sum(CASE WHEN day = ? THEN cost_usd END), 0) AS today,"
            " coalesce(sum(cost_usd), 0) AS month,"
            " coalesce(sum(CASE WHEN day = ? THEN images END), 0) AS images"
            " FROM usage_ledger WHERE day >= ?",
            [today.isoformat(), today.isoformat(), today.replace(day=1).isoformat()],
        )
        assert row is not None
        return Spend(round(row["today"], 6), round(row["month"], 6), self.daily_budget_usd,
                     row["images"])

    def check_budget(self, estimated_usd: float) -> None:
        """Refuse, before any call, a request that would take today past the budget."""
        if self.daily_budget_usd is None:
            return
        today = self.spend().today_usd
        if today + estimated_usd > self.daily_budget_usd:
            raise BudgetExceeded(
                f"Today's spend is ${today:.2f} and this request would cost about "
                f"${estimated_usd:.2f}, over the daily budget of ${self.daily_budget_usd:.2f}. "
                "Raise CORTEX_DASHBOARD_DAILY_BUDGET_USD or use the offline renderer.",
                detail={"today_usd": today, "estimated_usd": estimated_usd,
                        "daily_budget_usd": self.daily_budget_usd},
            )
