"""`newsbot read` as a user runs it: a real subprocess, real loopback HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.articles import article_server
from fakes.server import FakeServer

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
# The CLI runs in a child process; it gets the same loopback-only guard as the test process.
GUARDED_MAIN = "import netguard; netguard.install(); from bot.cli import main; raise SystemExit(main())"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    with article_server() as srv:
        yield srv


def newsbot(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "OPENAI_", "SLACK_"))}
    full_env.update(env or {})
    full_env["PYTHONPATH"] = os.pathsep.join([str(TESTS), str(ROOT)])
    return subprocess.run([sys.executable, "-c", GUARDED_MAIN, *args], input=stdin.decode() if stdin else None,
                          capture_output=True, text=True, env=full_env, cwd=cwd or ROOT, timeout=60)


def test_read_url_as_json(server: FakeServer, tmp_path: Path) -> None:
    result = newsbot("read", server.url("/article"), "--json",
                     env={"NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1"}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"url", "title", "outlet", "authors", "published", "text", "word_count", "removed"} <= data.keys()
    assert data["outlet"] == "The Coastal Gazette"
    assert data["word_count"] == len(data["text"].split())
    assert {"kind": "poll", "text": "POLL: Should Westhaven build the flood wall? Vote now"} in data["removed"]


def test_read_seed_file_as_text(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    result = newsbot("read", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Putin is killing his OWN men")
    assert "Victor Andrusiv" in result.stdout
    assert "We use your sign-up" not in result.stdout


def test_read_stdin(seed_text: str) -> None:
    result = newsbot("read", "-", "--json", stdin=seed_text.encode())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"].startswith("Putin is killing")


@pytest.mark.parametrize(("args", "message"), [
    (["read", "http://169.254.169.254/latest/meta-data/"], "could not read the article: refused"),
    (["read", "ftp://example.com/x"], "only http and https"),
    (["read", "no-such-file.html"], "neither an http(s) link nor a readable file"),
])
def test_bad_sources_exit_non_zero_with_one_clear_line(args: list[str], message: str) -> None:
    result = newsbot(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreadable_page_exits_non_zero(server: FakeServer) -> None:
    result = newsbot("read", server.url("/consent"), env={"NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1"})
    assert result.returncode == 1
    assert "consent wall" in result.stderr


def test_malformed_setting_is_named(tmp_path: Path) -> None:
    result = newsbot("read", "x.html", env={"NEWSBOT_MAX_PAGE_BYTES": "lots"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "NEWSBOT_MAX_PAGE_BYTES" in result.stderr


def test_module_entry_point_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert "read" in result.stdout
