"""The headless `generate` command: the same service, no server."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PIL import Image
from typer.testing import CliRunner

from cortex_dashboard.cli import app

runner = CliRunner()


def run(home: Path, *args: str, **env: str) -> Any:
    variables = {"CORTEX_DASHBOARD_GLOBAL_DB": str(home / "none.db"), "GEMINI_API_KEY": "",
                 "GOOGLE_API_KEY": "", **env}
    return runner.invoke(app, ["generate", "--home", str(home), *args], env=variables)


def conversation_of(output: str) -> str:
    return re.search(r"conversation (conv_\w+)", output).group(1)  # type: ignore[union-attr]


def test_offline_picture_is_written_at_the_promised_size(tmp_path: Path):
    out = tmp_path / "auth.png"
    result = run(tmp_path / "home", "--prompt", "our auth story", "--preset", "timeline",
                 "--ratio", "21:9", "--size", "1K", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert Image.open(out).size == (1584, 672)


def test_continue_refines_the_same_conversation_and_writes_jpeg(tmp_path: Path):
    home = tmp_path / "home"
    first = run(home, "--prompt", "decisions", "--size", "1K", "--out", str(tmp_path / "a.png"))
    second = run(home, "--prompt", "dark theme", "--continue", conversation_of(first.output),
                 "--out", str(tmp_path / "b.jpg"))
    assert conversation_of(second.output) == conversation_of(first.output)
    assert Image.open(tmp_path / "b.jpg").format == "JPEG"


def test_gemini_run_prints_its_cost(tmp_path: Path, emulator: Any):
    result = run(tmp_path / "home", "--prompt", "infographic", "--size", "1K", "--out",
                 str(tmp_path / "g.png"), GEMINI_API_KEY="test-key",
                 GEMINI_BASE_URL=emulator.base_url, CORTEX_DASHBOARD_GEMINI_ATTEMPTS="1")
    assert result.exit_code == 0, result.output
    assert re.search(r"cost \$0\.1[0-9]{3}", result.output)


def test_failure_exits_non_zero_with_the_sentence(tmp_path: Path):
    result = run(tmp_path / "home", "--prompt", "x", "--provider", "gemini", "--out",
                 str(tmp_path / "x.png"))
    assert result.exit_code == 1
    assert "provider_not_configured" in result.output
