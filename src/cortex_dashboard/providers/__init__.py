"""The provider registry: which providers exist, which are ready, which one answers.

Providers are listed in order of preference; the first that is ready serves a request
that names none. Adding a provider means one module with a `create(settings)` and a
line in `_FACTORIES`; nothing else in the dashboard asks which provider is which.
"""

from __future__ import annotations

from collections.abc import Callable

from cortex_dashboard.errors import InvalidInput, ProviderNotReady
from cortex_dashboard.providers import gemini
from cortex_dashboard.providers.base import ChatProvider, ImageProvider, Offer, Provider
from cortex_dashboard.providers.local import OfflineProvider
from cortex_dashboard.settings import Settings

__all__ = ["Providers", "build_providers"]

_FACTORIES: tuple[Callable[[Settings], Provider], ...] = (
    gemini.create,
    lambda settings: OfflineProvider(),
)


class Providers:
    def __init__(self, providers: list[Provider]) -> None:
        self._providers = providers

    @property
    def names(self) -> list[str]:
        return [p.name for p in self._providers]

    def _named(self, name: str) -> Provider:
        for provider in self._providers:
            if provider.name == name:
                return provider
        raise InvalidInput("provider", f"Unknown provider '{name}': use one of "
                           f"{', '.join(self.names)}.")

    def _not_ready(self, provider: Provider) -> ProviderNotReady:
        return ProviderNotReady(f"The {provider.label} provider is not set up. "
                                f"{provider.problem or ''}".strip(),
                                detail={"provider": provider.name})

    def image(self, name: str | None = None) -> ImageProvider:
        """The named image provider, or the most preferred ready one."""
        if name is None:
            return next(p.image for p in self._providers if p.image is not None)
        provider = self._named(name)
        if provider.image is None:
            raise self._not_ready(provider)
        return provider.image

    def chat(self, name: str | None = None) -> ChatProvider:
        """The named chat provider, or the most preferred ready one."""
        if name is None:
            return next(p.chat for p in self._providers if p.chat is not None)
        provider = self._named(name)
        if provider.chat is None:
            raise self._not_ready(provider)
        return provider.chat

    def credit(self, name: str) -> str:
        """Who a provider is, in words for a note ("Google Gemini")."""
        return next((p.credit for p in self._providers if p.name == name), name)

    def problems(self) -> list[tuple[str, str]]:
        """(label, why) of every provider that cannot serve requests."""
        return [(p.label, p.problem) for p in self._providers if p.problem]

    async def offers(self, *, refresh: bool = False) -> list[Offer]:
        return [await p.offer(refresh=refresh) for p in self._providers]

    def close(self) -> None:
        for provider in self._providers:
            provider.close()


def build_providers(settings: Settings) -> Providers:
    return Providers([factory(settings) for factory in _FACTORIES])
