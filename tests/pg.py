"""A throwaway PostgreSQL server for the tests (initdb + pg_ctl on a temporary directory, unix socket only).

Or the server in NEWSBOT_TEST_DATABASE_URL, if set. Each test gets a database of its own. As root (CI),
initdb refuses to run, so the server runs as the `postgres` user (or `nobody`) via runuser.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url


def _bindir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise RuntimeError("PostgreSQL server binaries (initdb) not found: install postgresql (see .ci/run)")
    return Path(candidates[-1]).parent


class PostgresServer:
    """Started once per test session; `database()` gives each test a fresh database's URL."""

    def __init__(self) -> None:
        self._names = itertools.count(1)
        self._external = os.environ.get("NEWSBOT_TEST_DATABASE_URL")
        self.root: Path | None = None
        if self._external:
            self.base_url = make_url(self._external).set(drivername="postgresql+psycopg")
            return
        self.bin = _bindir()
        self.root = Path(tempfile.mkdtemp(prefix="newsbot-pg-"))
        self.data = self.root / "data"
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = _unprivileged_user()
            os.chown(self.root, pwd.getpwnam(self.user).pw_uid, pwd.getpwnam(self.user).pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()
        self.base_url = make_url(f"postgresql+psycopg://postgres@/postgres?host={self.root}&port=5432")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = (self.root / "server.log") if self.root else None
            detail = log.read_text()[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr[-2000:]}\n{detail}")

    def _ctl(self, action: str, *extra: str) -> None:
        assert self.root is not None
        options = f"-k {self.root} -c listen_addresses='' -p 5432 -c fsync=off -c max_connections=300"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w",
                  "-t", "60", action, *extra)

    def start(self) -> None:
        self._ctl("start")

    def stop_server(self) -> None:
        self._ctl("stop", "-m", "fast")

    def restart(self) -> None:
        """As an operator's `pg_ctl restart` would: every connection is cut."""
        if self._external:
            raise RuntimeError("cannot restart an external test server")
        self._ctl("restart", "-m", "fast")

    def database(self) -> str:
        """A new, empty database; its SQLAlchemy URL (with the password, if any)."""
        name = f"newsbot_test_{os.getpid()}_{next(self._names)}"
        admin = self.base_url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.base_url.set(database=name).render_as_string(hide_password=False)

    def close(self) -> None:
        if self.root is None:
            return
        try:
            self.stop_server()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _unprivileged_user() -> str:
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")
