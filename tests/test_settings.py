"""Settings are read from a mapping: every environment name, aliases, splitting, blanks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from cortex_dashboard.settings import Settings


def _plain(value: Any) -> Any:
    return value.get_secret_value() if isinstance(value, SecretStr) else value


ENVIRONMENT: list[tuple[str, str, str, Any]] = [
    ("CORTEX_DASHBOARD_HOME", "/srv/dash", "home", Path("/srv/dash")),
    ("CORTEX_DASHBOARD_HOST", "0.0.0.0", "host", "0.0.0.0"),
    ("CORTEX_DASHBOARD_PORT", "9001", "port", 9001),
    ("CORTEX_DASHBOARD_TOKEN", "s3cret", "token", "s3cret"),
    ("CORTEX_DASHBOARD_SCAN_DIRS", "/code", "scan_dirs", [Path("/code")]),
    ("CORTEX_DASHBOARD_GLOBAL_DB", "/data/global.db", "global_db", Path("/data/global.db")),
    ("CORTEX_DASHBOARD_DAILY_BUDGET_USD", "2.5", "daily_budget_usd", 2.5),
    ("GEMINI_API_KEY", "AIza-key", "gemini_api_key", "AIza-key"),
    ("GOOGLE_API_KEY", "AIza-google", "gemini_api_key", "AIza-google"),
    ("GEMINI_BASE_URL", "http://127.0.0.1:9999", "gemini_base_url", "http://127.0.0.1:9999"),
    ("CORTEX_DASHBOARD_IMAGE_MODEL", "gemini-2.5-flash-image", "image_model",
     "gemini-2.5-flash-image"),
    ("CORTEX_DASHBOARD_CHAT_MODEL", "gemini-2.5-pro", "chat_model", "gemini-2.5-pro"),
    ("CORTEX_DASHBOARD_GEMINI_TIMEOUT", "30", "gemini_timeout_s", 30.0),
    ("CORTEX_DASHBOARD_GEMINI_ATTEMPTS", "5", "gemini_attempts", 5),
    ("CORTEX_DASHBOARD_DEMO", "false", "demo", False),
]


@pytest.mark.parametrize(("env_name", "raw", "field", "expected"), ENVIRONMENT)
def test_each_environment_name_sets_its_field(env_name: str, raw: str, field: str,
                                              expected: Any) -> None:
    settings = Settings.from_mapping({env_name: raw})
    assert _plain(getattr(settings, field)) == expected


def test_every_environment_name_in_settings_is_covered_by_the_table() -> None:
    names = {alias for info in Settings.model_fields.values()
             for alias in info.validation_alias.choices}  # type: ignore[union-attr]
    assert names == {row[0] for row in ENVIRONMENT}


def test_gemini_api_key_wins_over_google_api_key() -> None:
    settings = Settings.from_mapping({"GOOGLE_API_KEY": "google", "GEMINI_API_KEY": "gemini"})
    assert _plain(settings.gemini_api_key) == "gemini"


@pytest.mark.parametrize(("raw", "expected"), [
    ("/a:/b", [Path("/a"), Path("/b")]),
    ("/a,/b", [Path("/a"), Path("/b")]),
    ("/a, /b:/c", [Path("/a"), Path("/b"), Path("/c")]),
    (" /a ,, : ", [Path("/a")]),
    ("", []),
])
def test_scan_dirs_split_on_colons_and_commas(raw: str, expected: list[Path]) -> None:
    assert Settings.from_mapping({"CORTEX_DASHBOARD_SCAN_DIRS": raw}).scan_dirs == expected


def test_scan_dirs_expand_the_home_directory() -> None:
    settings = Settings.from_mapping({"CORTEX_DASHBOARD_SCAN_DIRS": "~/code"})
    assert settings.scan_dirs == [Path.home() / "code"]


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_api_key_and_token_are_none(blank: str) -> None:
    settings = Settings.from_mapping({"GEMINI_API_KEY": blank, "CORTEX_DASHBOARD_TOKEN": blank})
    assert settings.gemini_api_key is None
    assert settings.token is None
    assert not settings.has_gemini_key


def test_from_mapping_ignores_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORTEX_DASHBOARD_PORT", "9999")
    monkeypatch.setenv("GEMINI_API_KEY", "from-env")
    settings = Settings.from_mapping({})
    assert settings.port == 8765
    assert settings.gemini_api_key is None


def test_field_names_are_accepted_as_well_as_environment_names(tmp_path: Path) -> None:
    settings = Settings.from_mapping({"home": tmp_path, "port": 1234})
    assert (settings.home, settings.port) == (tmp_path, 1234)


def test_defaults_bind_loopback_with_the_demo_on() -> None:
    settings = Settings.from_mapping({})
    assert (settings.host, settings.port, settings.demo) == ("127.0.0.1", 8765, True)
    assert settings.home == Path.home() / ".omni-cortex" / "dashboard"


def test_home_expands_the_user_directory_and_places_state_inside() -> None:
    settings = Settings.from_mapping({"CORTEX_DASHBOARD_HOME": "~/dash"})
    assert settings.home == Path.home() / "dash"
    assert settings.state_db == Path.home() / "dash" / "state.db"


@pytest.mark.parametrize(("env_name", "raw"), [
    ("CORTEX_DASHBOARD_PORT", "70000"),
    ("CORTEX_DASHBOARD_PORT", "http"),
    ("CORTEX_DASHBOARD_GEMINI_ATTEMPTS", "0"),
    ("CORTEX_DASHBOARD_GEMINI_TIMEOUT", "0"),
    ("CORTEX_DASHBOARD_DAILY_BUDGET_USD", "-1"),
])
def test_out_of_range_values_are_refused_naming_the_variable(env_name: str, raw: str) -> None:
    with pytest.raises(ValidationError, match=env_name):
        Settings.from_mapping({env_name: raw})


def test_settings_are_frozen() -> None:
    settings = Settings.from_mapping({})
    with pytest.raises(ValidationError):
        settings.port = 1  # type: ignore[misc]


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("dash.example", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert Settings.from_mapping({"CORTEX_DASHBOARD_HOST": host}).is_loopback is loopback
