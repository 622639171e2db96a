"""The offline provider: pictures from the built-in renderer, answers from retrieval."""

from __future__ import annotations

from cortex_dashboard.providers.base import ModelStatus, Offer
from cortex_dashboard.providers.local.chat import OfflineChat
from cortex_dashboard.providers.local.images import LocalProvider
from cortex_dashboard.providers.local.models import OFFLINE_RENDERER, OFFLINE_RETRIEVAL

__all__ = ["OfflineProvider"]


class OfflineProvider:
    name = "local"
    label = "Offline"
    credit = "the dashboard's offline renderer"
    problem = None

    def __init__(self) -> None:
        self.image = LocalProvider()
        self.chat = OfflineChat()

    async def offer(self, *, refresh: bool = False) -> Offer:
        return Offer(
            self.name, self.label, paid=False, ready=True,
            message="The built-in renderer draws pictures and answers list the best-matching "
                    "memories; free and offline.",
            image_models=(ModelStatus(OFFLINE_RENDERER, True),),
            chat_models=(ModelStatus(OFFLINE_RETRIEVAL, True),),
        )

    def close(self) -> None:
        return None
