"""Replicas as `newsbot serve --http` processes (the real CLI), sharing one database, for tests and the bench."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Replica:
    """One `newsbot serve --http` process; its environment is only what is passed here (no .env, no host vars)."""

    def __init__(self, env: dict[str, str], cwd: Path, name: str) -> None:
        self.port = free_port()
        self.name = name
        base = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "OPENAI_", "SLACK_"))}
        base.update(env)
        base.update({"PORT": str(self.port), "PYTHONPATH": str(ROOT), "NEWSBOT_REPLICA_NAME": name})
        self.log = cwd / f"{name}.log"
        cwd.mkdir(parents=True, exist_ok=True)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1"],
                                            env=base, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"replica {self.name} exited ({self.process.returncode}): {self.output()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"replica {self.name} not ready: {self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no clean-up at all, as when a machine dies."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def alive(self) -> bool:
        return self.process.poll() is None


def replica_env(slack_api_url: str, database_url: str, secret: str, model_url: str | None = None,
                **extra: str) -> dict[str, str]:
    env = {"SLACK_BOT_TOKEN": "xoxb-replica-token", "SLACK_SIGNING_SECRET": secret, "SLACK_API_URL": slack_api_url,
           "NEWSBOT_DATABASE_URL": database_url, "NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
           "NEWSBOT_FETCH_TIMEOUT": "5", "NEWSBOT_WORKERS": "8", "NEWSBOT_WORK_PROCESS": "false",
           "NEWSBOT_WATCH": "false"}  # no re-reads scheduled: these tests wait for an empty job table
    if model_url:
        env.update({"OPENAI_API_KEY": "sk-replica", "OPENAI_BASE_URL": model_url, "NEWSBOT_MODEL": "fake-model",
                    "NEWSBOT_LLM_TIMEOUT": "10", "NEWSBOT_LLM_MAX_WAIT": "20"})
    env.update(extra)
    return env
