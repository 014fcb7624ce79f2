"""Load a script of bench/ as a module, for the tests that run a benchmark's own functions on ../shared data."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def load_bench(script: str, needs: Path, missing: str) -> ModuleType:
    """bench/<script>.py as a module; the test is skipped (saying what to put where) when `needs` is absent."""
    if not needs.exists():
        pytest.skip(f"{missing} is not beside this checkout: put the shared data folder at {SHARED}")
    spec = importlib.util.spec_from_file_location(f"bench_{script}", ROOT / "bench" / f"{script}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{script}"] = module
    spec.loader.exec_module(module)
    return module
