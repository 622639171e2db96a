"""The long-lived objects one running dashboard shares, built once from its settings."""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.chat.service import ChatService
from cortex_dashboard.images.blobs import BlobStore
from cortex_dashboard.images.conversations import ConversationStore
from cortex_dashboard.images.service import ImageService
from cortex_dashboard.images.store import ImageStore, remove_temporary_files
from cortex_dashboard.ledger import UsageLedger
from cortex_dashboard.projects import ProjectRegistry
from cortex_dashboard.providers import Providers, build_providers
from cortex_dashboard.settings import Settings
from cortex_dashboard.state import StateDatabase


def clean_up(settings: Settings, conversations: ConversationStore) -> None:
    """What an interrupted run left behind: temporary files and conversations with no turn."""
    for root in (settings.images_dir, settings.blobs_dir):
        remove_temporary_files(root)
    conversations.remove_empty()


@dataclass(slots=True)
class Services:
    settings: Settings
    state: StateDatabase
    projects: ProjectRegistry
    image_store: ImageStore
    conversations: ConversationStore
    ledger: UsageLedger
    providers: Providers
    images: ImageService
    chat: ChatService

    @classmethod
    def build(cls, settings: Settings) -> Services:
        settings.home.mkdir(parents=True, exist_ok=True)
        state = StateDatabase(settings.state_db)
        projects = ProjectRegistry(settings, state)
        if settings.demo:
            projects.ensure_demo()
        image_store = ImageStore(settings.images_dir)
        conversations = ConversationStore(state, image_store, BlobStore(settings.blobs_dir))
        clean_up(settings, conversations)
        ledger = UsageLedger(state, settings.daily_budget_usd)
        providers = build_providers(settings)
        images = ImageService(providers=providers, conversations=conversations, ledger=ledger)
        chat = ChatService(providers=providers, ledger=ledger)
        return cls(settings, state, projects, image_store, conversations, ledger, providers,
                   images, chat)

    def close(self) -> None:
        self.providers.close()
        self.projects.close()
        self.state.close()
