"""The benchmark on a PolNeAR sample: a scoring regression fails here loudly (figures: bench/attribution.py).

Runs bench/attribution.py's own functions on 30 articles of the public corpus read from ../shared (never
copied into the repository); skipped when the shared folder is not beside this checkout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench_modules import SHARED, load_bench


SAMPLE = 30
# Measured on this sample: pair_overlap F1 0.712, source 0.761, cue 0.745, content 0.764; naive regex 0.290.
PAIR_FLOOR = 0.68
ROLE_FLOOR = 0.72


@pytest.fixture(scope="module")
def bench():
    return load_bench("attribution", SHARED / "eval" / "attribution" / "polnear_train.json.gz",
                      "shared/eval/attribution/polnear_train.json.gz (PolNeAR)")


def test_finder_on_a_polnear_sample_beats_its_floor_and_the_baseline(bench) -> None:
    scorer = bench.load_scorer(SHARED)
    articles = bench.load_polnear(SHARED, SAMPLE)
    assert len(articles) == SAMPLE and articles == bench.load_polnear(SHARED, SAMPLE)  # deterministic
    ours = bench.score_polnear(scorer, articles, bench.grammar)
    baseline = bench.score_polnear(scorer, articles, bench.naive)
    before = bench.score_polnear(scorer, articles, bench.offline)  # the string finder the parse replaced
    pair = ours["attribution/pair_overlap"]["f1"]
    assert pair >= PAIR_FLOOR, f"pair_overlap F1 fell to {pair:.3f} (floor {PAIR_FLOOR})"
    for role in ("source/overlap", "cue/overlap", "content/overlap"):
        assert ours[role]["f1"] >= ROLE_FLOOR, f"{role} F1 fell to {ours[role]['f1']:.3f}"
    assert pair > baseline["attribution/pair_overlap"]["f1"] + 0.2
    assert ours["source/overlap"]["precision"] >= before["source/overlap"]["precision"]


def test_own_sets_stay_as_regression_rows(bench) -> None:
    own = bench.score_own_sets(SHARED)
    assert own["heldout"]["recall"] >= 0.9 and own["dev"]["recall"] >= 0.9


def test_model_backend_row_runs_through_the_public_analyzer(bench, monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    """`--backend model`: the configured OpenAI-compatible endpoint (a local fake here) scored on the same data."""
    from fakes.openai_server import FakeOpenAI

    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    with FakeOpenAI(latency=0.0) as fake:
        for key, value in {"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": fake.base_url,
                           "NEWSBOT_MODEL": "fake-model", "NEWSBOT_LLM_ENDPOINT": "hosted"}.items():
            monkeypatch.setenv(key, value)
        run = bench.model_backend()
        articles = bench.load_polnear(SHARED, 2)
        result = bench.score_polnear(bench.load_scorer(SHARED), articles, run)
        assert fake.requests, "the model endpoint was not called"
    assert run.__name__ == "model (fake-model)"
    assert result["_meta"]["articles"] == 2
    assert result["attribution/pair_overlap"]["n_pred"] > 0
    assert result["_meta"]["unlocated_predicted_contents"] == 0
