"""Every knob of the dashboard, read once from the environment and `.env`.

Nothing else in the package reads the environment: a `Settings` object is created at
start-up (by the CLI) and passed to whatever needs it. Tests build one from a plain
mapping with `Settings.from_mapping`, which ignores the process environment.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

from cortex_dashboard.catalogue import DEFAULT_CHAT_MODEL, DEFAULT_IMAGE_MODEL, Kind, resolve
from cortex_dashboard.errors import InvalidInput

OMNI_CORTEX_HOME = Path.home() / ".omni-cortex"
ENV_NAMES = {"image_model": "CORTEX_DASHBOARD_IMAGE_MODEL",
             "chat_model": "CORTEX_DASHBOARD_CHAT_MODEL"}


def _var(default: Any, *env_names: str, **constraints: Any) -> Any:
    """A field read from these environment variables (the first set wins)."""
    return Field(default, validation_alias=AliasChoices(*env_names), **constraints)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True, extra="ignore", populate_by_name=True, case_sensitive=True,
        env_file=".env"
    )

    home: Path = _var(OMNI_CORTEX_HOME / "dashboard", "CORTEX_DASHBOARD_HOME")
    host: str = _var("127.0.0.1", "CORTEX_DASHBOARD_HOST")
    port: int = _var(8765, "CORTEX_DASHBOARD_PORT", ge=0, le=65535)
    token: SecretStr | None = _var(None, "CORTEX_DASHBOARD_TOKEN")
    scan_dirs: Annotated[list[Path], NoDecode] = _var([], "CORTEX_DASHBOARD_SCAN_DIRS")
    global_db: Path = _var(OMNI_CORTEX_HOME / "global.db", "CORTEX_DASHBOARD_GLOBAL_DB")
    daily_budget_usd: float | None = _var(None, "CORTEX_DASHBOARD_DAILY_BUDGET_USD", ge=0)
    gemini_api_key: SecretStr | None = _var(None, "GEMINI_API_KEY", "GOOGLE_API_KEY")
    gemini_base_url: str | None = _var(None, "GEMINI_BASE_URL")
    image_model: str = _var(DEFAULT_IMAGE_MODEL, "CORTEX_DASHBOARD_IMAGE_MODEL")
    chat_model: str = _var(DEFAULT_CHAT_MODEL, "CORTEX_DASHBOARD_CHAT_MODEL")
    gemini_timeout_s: float = _var(180.0, "CORTEX_DASHBOARD_GEMINI_TIMEOUT", gt=0)
    gemini_attempts: int = _var(3, "CORTEX_DASHBOARD_GEMINI_ATTEMPTS", ge=1, le=10)
    demo: bool = _var(True, "CORTEX_DASHBOARD_DEMO")

    @field_validator("scan_dirs", mode="before")
    @classmethod
    def _split_dirs(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = value.replace(",", os.pathsep).split(os.pathsep)
            return [Path(part.strip()).expanduser() for part in parts if part.strip()]
        return value

    @field_validator("image_model", "chat_model", mode="after")
    @classmethod
    def _known_model(cls, value: str, info: ValidationInfo) -> str:
        kind: Kind = "image" if info.field_name == "image_model" else "text"
        variable = ENV_NAMES[info.field_name or ""]
        try:
            resolve(value, kind, field_name=variable)
        except InvalidInput as exc:
            raise ValueError(f"{variable}: {exc.message}") from None
        return value

    @field_validator("home", "global_db", mode="after")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("gemini_api_key", "token", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def is_loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def model_notices(self) -> list[str]:
        """What changed for configured model ids that Google has retired since."""
        pairs: tuple[tuple[str, Kind, str], ...] = (
            (self.image_model, "image", ENV_NAMES["image_model"]),
            (self.chat_model, "text", ENV_NAMES["chat_model"]))
        notices = []
        for value, kind, variable in pairs:
            notice = resolve(value, kind).notice
            if notice:
                notices.append(f"{variable}: {notice} Update the setting to stop this notice.")
        return notices

    @property
    def has_gemini_key(self) -> bool:
        return self.gemini_api_key is not None

    @property
    def state_db(self) -> Path:
        return self.home / "state.db"

    @property
    def images_dir(self) -> Path:
        return self.home / "images"

    @property
    def blobs_dir(self) -> Path:
        return self.home / "blobs"

    @property
    def demo_db(self) -> Path:
        return self.home / "demo" / "fernhill" / ".omni-cortex" / "cortex.db"

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Settings:
        """Settings from these values alone (environment names or field names)."""
        return _MappingOnlySettings(**values)


class _MappingOnlySettings(Settings):
    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)
