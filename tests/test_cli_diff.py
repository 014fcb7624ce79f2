"""`newsbot diff` and `newsbot compare` as a user runs them, on pages served by a local article server."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.server import FakeServer
from test_cli_read import newsbot

STORIES = Path(__file__).parent / "fixtures" / "stories"
ALLOW = {"NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1"}


def page(name: str) -> str:
    title, body = (STORIES / name).read_text(encoding="utf-8").split("\n", 1)
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n\n") if p.strip())
    return (f"<html><head><title>{html.escape(title)}</title></head><body><article><h1>{html.escape(title)}</h1>"
            f"{paragraphs}</article></body></html>")


def _serve(name: str):
    return lambda r: r.send(200, page(name))


@pytest.fixture
def stories() -> Iterator[FakeServer]:
    routes = {f"/{p.stem}": _serve(p.name) for p in STORIES.glob("*.txt")}
    routes["/gone"] = lambda r: r.send(404, "<h1>Not found</h1>")
    with FakeServer(routes) as server:
        yield server


def test_diff_reports_a_correction_as_json(stories: FakeServer, tmp_path: Path) -> None:
    result = newsbot("diff", stories.url("/dam_v1"), stories.url("/dam_v3"), "--offline", "--format", "json",
                     env=ALLOW, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    details = [d for pair in data["pairs"] for d in pair["details"]]
    assert "figure: 12 → 19" in details and "cue: “told” → “alleged”" in details
    assert data["notes_added"] and data["notes_added"][0].startswith("Correction:")


def test_diff_of_a_cosmetic_edit_says_so(stories: FakeServer, tmp_path: Path) -> None:
    result = newsbot("diff", stories.url("/dam_v1"), stories.url("/dam_v2"), "--offline", env=ALLOW, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "No substantive change" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "slack"])
def test_compare_sets_the_odd_one_out_apart_and_reports_what_failed(stories: FakeServer, tmp_path: Path,
                                                                       fmt: str) -> None:
    urls = [stories.url(f"/{name}") for name in ("dam_outlet_a", "dam_outlet_b", "gone", "dam_outlet_c", "bakery")]
    result = newsbot("compare", *urls, "--offline", "--format", fmt, env=ALLOW, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "/gone" in result.stderr and "could not read" in result.stderr
    assert "contradict" in result.stdout
    assert "different event" in result.stdout
    if fmt == "slack":
        assert json.loads(result.stdout)["blocks"]


def test_compare_needs_two_readable_articles(stories: FakeServer, tmp_path: Path) -> None:
    result = newsbot("compare", stories.url("/dam_outlet_a"), stories.url("/gone"), "--offline", env=ALLOW,
                     cwd=tmp_path)
    assert result.returncode == 1
    assert "fewer than two" in result.stderr
    too_many = newsbot("compare", *[stories.url("/bakery")] * 6, "--offline", env=ALLOW, cwd=tmp_path)
    assert too_many.returncode == 2 and "2 to 5" in too_many.stderr
