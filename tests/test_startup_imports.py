"""`newsbot read` and `newsbot analyze --offline` start without the openai and Slack packages.

The openai client alone costs most of a second of start-up; these commands never use it. Each case runs
the real CLI in a child process and reports which of those packages ended up in `sys.modules`. The
Slack-format case is the control: it must load slack_sdk, so the check is known to see an import.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
FIXTURE = str(TESTS / "fixtures" / "furniture_article.html")
PROBE = (
    "import sys, netguard; netguard.install()\n"
    "from bot.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'openai', 'slack_sdk', 'slack_bolt'})\n"
    "sys.stderr.write('LOADED=' + ','.join(heavy) + '\\n')\n"
    "raise SystemExit(code)\n"
)


def loaded_by(*args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "OPENAI_", "SLACK_"))}
    # A configured key must not make the offline commands build (and import) the model client.
    env.update({"PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT)]), "OPENAI_API_KEY": "sk-test-unused"})
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith("LOADED="))
    return {name for name in line.removeprefix("LOADED=").split(",") if name}


@pytest.mark.parametrize("args", [
    ("read", FIXTURE),
    ("read", FIXTURE, "--json"),
    ("analyze", FIXTURE, "--offline"),
    ("analyze", FIXTURE, "--offline", "--format", "json"),
    ("analyze", FIXTURE, "--offline", "--format", "markdown"),
])
def test_offline_commands_do_not_import_openai_or_slack(args: tuple[str, ...]) -> None:
    assert loaded_by(*args) == set()


def test_the_probe_sees_an_import_when_there_is_one() -> None:
    assert "slack_sdk" in loaded_by("analyze", FIXTURE, "--offline", "--format", "slack")
