from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from netguard import GUARD, NetGuard, install  # noqa: E402

from bot.settings import Settings  # noqa: E402

install()  # before any test code runs: the whole suite is loopback-only

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_ARTICLE = SHARED / "seed" / "000_ef60236e715f2067.txt"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def netguard() -> NetGuard:
    return GUARD


@pytest.fixture(autouse=True)
def _no_blocked_connections() -> Iterator[None]:
    """Fail any test during which something tried to leave the machine, even if it caught the error."""
    before = len(GUARD.blocked)
    yield
    leaked = GUARD.blocked[before:]
    assert not leaked, f"non-loopback network access attempted: {leaked}"


@pytest.fixture
def seed_text() -> str:
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"needs the seed article: put {SEED_ARTICLE.name} in {SEED_ARTICLE.parent} "
                    "(the shared folder beside this checkout, as in CI)")
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def settings() -> Settings:
    return Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1,localhost", NEWSBOT_FETCH_TIMEOUT=5,
                    NEWSBOT_CONNECT_TIMEOUT=2)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """One throwaway PostgreSQL for the session (or NEWSBOT_TEST_DATABASE_URL); fails loudly if it cannot start."""
    from pg import PostgresServer

    server = PostgresServer()
    yield server
    server.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store's tests run against both backends: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "db.sqlite3")
    return request.getfixturevalue("pg_server").database()
