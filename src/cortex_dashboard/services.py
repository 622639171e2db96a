"""The long-lived objects one running dashboard shares, built once from its settings."""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.chat.service import ChatService
from cortex_dashboard.gemini import GeminiRunner, make_client
from cortex_dashboard.images.conversations import ConversationStore
from cortex_dashboard.images.providers.base import ImageProvider
from cortex_dashboard.images.providers.gemini import GeminiProvider
from cortex_dashboard.images.providers.local import LocalProvider
from cortex_dashboard.images.service import ImageService
from cortex_dashboard.images.store import ImageStore
from cortex_dashboard.ledger import UsageLedger
from cortex_dashboard.projects import ProjectRegistry
from cortex_dashboard.settings import Settings
from cortex_dashboard.state import StateDatabase


def image_providers(runner: GeminiRunner | None) -> dict[str, ImageProvider]:
    """The offline renderer always; Gemini when a key is set."""
    providers: dict[str, ImageProvider] = {"local": LocalProvider()}
    if runner is not None:
        providers["gemini"] = GeminiProvider(runner)
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
    chat: ChatService
    gemini: GeminiRunner | None = None

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
        runner = GeminiRunner(make_client(settings)) if settings.has_gemini_key else None
        images = ImageService(providers=image_providers(runner), conversations=conversations,
                              images=image_store, ledger=ledger)
        chat = ChatService(runner=runner, model=settings.chat_model, ledger=ledger)
        return cls(settings, state, projects, image_store, conversations, ledger, images, chat,
                   runner)

    def close(self) -> None:
        if self.gemini is not None:
            self.gemini.close()
        self.projects.close()
        self.state.close()
