"""The long-lived objects one running dashboard shares, built once from its settings."""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.images.conversations import ConversationStore
from cortex_dashboard.images.providers.base import ImageProvider
from cortex_dashboard.images.service import ImageService
from cortex_dashboard.images.store import ImageStore
from cortex_dashboard.ledger import UsageLedger
from cortex_dashboard.projects import ProjectRegistry
from cortex_dashboard.settings import Settings
from cortex_dashboard.state import StateDatabase


def image_providers(settings: Settings) -> dict[str, ImageProvider]:
    """The offline renderer always; Gemini when a key is set."""
    from cortex_dashboard.images.providers.local import LocalProvider

    providers: dict[str, ImageProvider] = {"local": LocalProvider()}
    if settings.has_gemini_key:
        from cortex_dashboard.gemini import make_client
        from cortex_dashboard.images.providers.gemini import GeminiProvider

        providers["gemini"] = GeminiProvider(make_client(settings))
    return providers


@dataclass(slots=True)
class Services:
    settings: Settings
    state: StateDatabase
    projects: ProjectRegistry
    image_store: ImageStore
    conversations: ConversationStore
    ledger: UsageLedger
    images: ImageService

    @classmethod
    def build(cls, settings: Settings) -> Services:
        settings.home.mkdir(parents=True, exist_ok=True)
        state = StateDatabase(settings.state_db)
        projects = ProjectRegistry(settings, state)
        if settings.demo:
            projects.ensure_demo()
        image_store = ImageStore(settings.images_dir)
        conversations = ConversationStore(state, image_store)
        ledger = UsageLedger(state, settings.daily_budget_usd)
        images = ImageService(providers=image_providers(settings), conversations=conversations,
                              images=image_store, ledger=ledger,
                              default_model=settings.image_model)
        return cls(settings, state, projects, image_store, conversations, ledger, images)

    def close(self) -> None:
        self.projects.close()
        self.state.close()
