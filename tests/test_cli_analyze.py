"""`newsbot analyze` and `newsbot ask` as a user runs them, offline and against a fake model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.openai_server import FakeOpenAI, Reply
from test_cli_read import newsbot


@pytest.fixture
def seed_file(seed_text: str, tmp_path: Path) -> Path:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    return path


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def test_analyze_offline_by_default(seed_file: Path) -> None:
    result = newsbot("analyze", str(seed_file))
    assert result.returncode == 0, result.stderr
    assert "CLAIMS AND WHO MAKES THEM" in result.stdout
    assert "Ukrainian security services" in result.stdout
    assert "built-in offline analyzer" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "markdown", "slack", "text"])
def test_every_format(seed_file: Path, fmt: str) -> None:
    result = newsbot("analyze", str(seed_file), "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert {"article", "summary", "claims", "attributions", "sourcing", "backend", "warnings"} <= data.keys()
        assert data["backend"] == "offline"
        assert {"claim", "source", "source_type", "cue", "status", "quote", "grounded"} <= data["claims"][0].keys()
        assert {"source", "cue", "content", "start", "end"} <= data["attributions"][0].keys()
        text = data["article"]["text"]
        assert all(text[a["start"]:a["end"]] == a["content"] for a in data["attributions"])
    elif fmt == "slack":
        assert json.loads(result.stdout)["blocks"][0]["type"] == "header"


def test_analyze_with_the_model(seed_file: Path, fake: FakeOpenAI, tmp_path: Path) -> None:
    env = {"OPENAI_API_KEY": "sk-cli-secret", "OPENAI_BASE_URL": fake.base_url, "NEWSBOT_MODEL": "cli-model"}
    result = newsbot("analyze", str(seed_file), "--format", "json", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["backend"] == "openai:cli-model"
    assert len(fake.requests) == 1
    offline = newsbot("analyze", str(seed_file), "--offline", "--format", "json", env=env, cwd=tmp_path)
    assert json.loads(offline.stdout)["backend"] == "offline"
    assert len(fake.requests) == 1


def test_model_down_without_fallback_is_a_clear_error(seed_file: Path, fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.then(*[Reply(status=401, error={"message": "bad key sk-cli-secret", "type": "x", "code": "invalid_api_key"})])
    env = {"OPENAI_API_KEY": "sk-cli-secret", "OPENAI_BASE_URL": fake.base_url, "NEWSBOT_OFFLINE_FALLBACK": "0"}
    result = newsbot("analyze", str(seed_file), env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "rejected the API key" in result.stderr
    assert "sk-cli-secret" not in result.stderr + result.stdout


def test_ask_offline(seed_file: Path) -> None:
    result = newsbot("ask", str(seed_file), "Who confirmed that conscripts were used?")
    assert result.returncode == 0, result.stderr
    assert "Ministry of Defence" in result.stdout
    missing = newsbot("ask", str(seed_file), "What did the weather forecast say for Paris?")
    assert "does not say" in missing.stdout
