"""The mined cue model and its ranker: cues the hand lexicon does not list are still found, and
the training script that builds the model runs on the shared data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import find, run
from saidwhat.quotes.learned import load_model, load_ranker
from saidwhat.scoring import Forest

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "datasets" / "polnear.train.jsonl"


def test_learned_model_and_ranker_ship_with_the_package():
    model, ranker = load_model("en"), load_ranker("en")
    assert model.cue["say"][0] > 1000
    assert model.content_probability("say", "ccomp") > 0.5
    assert ranker is not None and 0 < ranker.threshold < 1
    # The trees read the features the generator makes and the cue's record in training.
    assert {"cue_rate", "key_prior", "keyrel_prior", "rule_overlap"} <= set(ranker.forest.names)
    assert ranker.keys["say"][1] > 100 and ranker.gen_min_count >= 1


def test_forest_scores_like_the_trees_it_was_given():
    # Two trees: x0 <= 0.5 ? (x1 <= 2 ? 1 : 2) : 3, and a single leaf 0.25.
    trees = [{"split": [0, 1], "threshold": [0.5, 2.0], "left": [1, ~0], "right": [~2, ~1], "leaf": [1.0, 2.0, 3.0]},
             {"split": [], "threshold": [], "left": [], "right": [], "leaf": [0.25]}]
    forest = Forest(["a", "b"], trees, base=-1.0)
    assert forest.raw({"a": 0.0, "b": 1.0}) == 0.25
    assert forest.raw({"a": 0.0, "b": 5.0}) == 1.25
    assert forest.raw({"a": 0.9}) == 2.25  # a missing feature is 0
    assert 0.5 < forest.probability({"a": 0.9}) < 1


def test_a_tree_too_deep_for_one_expression_is_walked_and_scores_the_same():
    # A chain of 300 splits on "a" (a file trained with many leaves): x <= k - 0.5 goes to leaf k.
    n = 300
    chain = {"split": [0] * n, "threshold": [k + 0.5 for k in range(n)],
             "left": [~k for k in range(n)], "right": [k + 1 for k in range(n - 1)] + [~n],
             "leaf": [float(k) for k in range(n + 1)]}
    forest = Forest(["a"], [chain])
    assert [forest.raw({"a": v}) for v in (0.0, 7.0, 299.0, 1e9)] == [0.0, 7.0, 299.0, 300.0]


@pytest.mark.parametrize("bad", [
    {"split": [0], "threshold": [float("inf")], "left": [~0], "right": [~1], "leaf": [1.0, 2.0]},
    {"split": [5], "threshold": [0.5], "left": [~0], "right": [~1], "leaf": [1.0, 2.0]},  # no feature 5
    {"split": [0], "threshold": [0.5], "left": [~0], "right": [~7], "leaf": [1.0, 2.0]},  # no leaf 7
])
def test_forest_file_that_does_not_add_up_is_refused(bad):
    with pytest.raises(ValueError):
        Forest(["a"], [bad])


def test_forest_file_with_anything_but_numbers_is_refused():
    # The trees become Python code when loaded: a file that smuggles code in must fail, not run it.
    bad = {"split": [0], "threshold": ["0) or __import__('os').system('touch /tmp/pwned') or (1"],
           "left": [~0], "right": [~1], "leaf": [1.0, 2.0]}
    with pytest.raises(ValueError):
        Forest(["a"], [bad])


def test_learned_cue_outside_the_lexicon_is_found():
    a = run("Senator Paul Ridge cited a new report from the central bank on rising rents.")
    q = find(a, "a new report from the central bank")
    assert q.cue.text == "cited" and q.speaker.name == "Paul Ridge"


def test_a_ranker_put_in_the_shipped_ones_place_decides_what_the_learned_cues_keep(monkeypatch):
    # scripts/ranker_ceiling.py and context_scorer.py measure other rankers in the whole analyzer
    # this way: whatever stands in load_ranker's place, its `rank` and threshold decide.
    import dataclasses

    import saidwhat.quotes as q
    from saidwhat.lang import load_optional
    from saidwhat.quotes.learned import ranker_from

    text = "Senator Paul Ridge cited a new report from the central bank on rising rents."
    shipped = load_ranker("en")
    from_file = ranker_from(load_optional("en", "cue_ranker"))
    assert from_file.threshold == shipped.threshold
    monkeypatch.setattr(q, "load_ranker", lambda lang="en": from_file)
    assert find(run(text), "a new report from the central bank").cue.text == "cited"
    monkeypatch.setattr(q, "load_ranker", lambda lang="en": dataclasses.replace(shipped, threshold=1.01))
    assert run(text).quotes == ()


def test_learned_ranker_keeps_narration_out():
    a = run("The committee met on Tuesday and the building was closed for repairs after the storm.")
    assert a.quotes == ()


def test_learned_mining_script_runs_on_the_train_split(tmp_path):
    # The data sets sit beside the project in this workplace and in its CI, where their absence is
    # a failure; a contributor's clone elsewhere has no copy, and skips with the reason.
    if not TRAIN.exists():
        message = f"PolNeAR train split not found beside the project ({TRAIN})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must have it")
        pytest.skip(f"{message}: the mining script is checked where the data sets are")
    out = tmp_path / "model.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "mine_cues.py"), str(TRAIN), str(out), "--limit", "5"],
                   check=True, capture_output=True)
    model = json.loads(out.read_text())
    assert "say" in model["cue"] and "ccomp" in model["content"]["say"]
    text = out.read_text()
    assert len(text) < 200_000  # counts only: no sentences from the data set


def test_trees_exported_from_lightgbm_score_as_lightgbm_does():
    # The shipped ranker is LightGBM's model read back as data: the export and our evaluation of
    # it must give LightGBM's own scores, to the rounding of the leaf values.
    import importlib.util

    import numpy as np
    lgb = pytest.importorskip("lightgbm", reason="LightGBM is a training and test dependency (.[dev])")
    spec = importlib.util.spec_from_file_location("train_ranker", ROOT / "scripts" / "train_ranker.py")
    train_ranker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_ranker)
    rng = np.random.default_rng(3)
    X = rng.normal(size=(600, 5))
    X[:, 4] = rng.integers(0, 2, size=600)  # a 0/1 feature, as most of ours are
    y = ((X[:, 0] + X[:, 1] * X[:, 4] + rng.normal(scale=0.5, size=600)) > 0).astype(float)
    booster = lgb.train(dict(objective="binary", num_leaves=7, learning_rate=0.1, verbose=-1, seed=1,
                             deterministic=True, num_threads=1), lgb.Dataset(X, y), num_boost_round=30)
    names = [f"f{i}" for i in range(5)]
    forest = Forest(names, train_ranker.export(booster))
    ours = np.array([forest.raw(dict(zip(names, row))) for row in X[:50]])
    assert np.allclose(ours, booster.predict(X[:50], raw_score=True), atol=1e-4)


def _indirect_constructions(tmp_path, text: str, attributions, *options: str) -> str:
    """The output of scripts/indirect_constructions.py on one gold document: `text` with indirect
    attributions given as (content, cue) strings of it."""
    quotes = []
    for content, cue in attributions:
        s, c = text.index(content), text.index(cue)
        quotes.append({"quote": [s, s + len(content)], "speaker": None, "cue": [c, c + len(cue)], "type": "indirect"})
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "d1", "text": text, "quotes": quotes}) + "\n", encoding="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "indirect_constructions.py"), str(gold), *options],
                          check=True, capture_output=True, text=True).stdout


def test_indirect_constructions_script_splits_recall_by_construction(tmp_path):
    out = _indirect_constructions(
        tmp_path, "Mayor Ines Lund said that the ferry would stop in winter. "
                  "The port will close in May, the harbour master told reporters.",
        (("that the ferry would stop in winter", "said"), ("The port will close in May", "told")))
    rows = {line[:42].strip(): line[42:].split() for line in out.splitlines()[1:]}
    assert rows["all"] == ["2", "100.0"]
    assert rows["cue after the content"] == ["1", "100.0"] and rows['"that" clause'] == ["1", "100.0"]


def test_relations_of_names_each_token_as_relation_does():
    # The generator names a cue's neighbours in one walk; the mining script names them one by
    # one with relation(): both must agree, or the mined counts are read at the wrong relations.
    from saidwhat.nlp import load_pipeline
    from saidwhat.quotes.relations import relation, relations_of

    doc = load_pipeline()("According to harbour chief Olga Brandvik, the ferry will stop.She called for calm and "
                          "pointed out that fares, which rose in May, would not rise again, critics said.\n\n"
                          "mara_k\nlol as if")
    for tok in doc:
        expected = []
        for c in tok.children:
            expected.append((relation(tok, c), c.i))
            expected.extend((relation(tok, g), g.i) for g in c.children)
        if tok.head.i != tok.i:
            expected.append((relation(tok, tok.head), tok.head.i))
        assert [(r, t.i) for r, t in relations_of(tok)] == expected
    named = {r for tok in doc for r, _ in relations_of(tok)}
    assert any(r.startswith("prep:") and ">" in r for r in named) and any(r.startswith("^") for r in named)


def test_indirect_constructions_pool_accounts_for_each_missed_attribution(tmp_path):
    out = _indirect_constructions(
        tmp_path, "Mayor Ines Lund said that the ferry would stop in winter.\n\n"
                  "Six harbour captains scrubbed the old hull, lol.",
        (("that the ferry would stop in winter", "said"), ("the old hull", "scrubbed")), "--pool")
    head, _, pool = out.partition("missed indirect attributions")
    pool, _, why = pool.partition("missed with no candidate, by why")
    rows = {line[:42].strip(): line[42:].split() for line in head.splitlines()[1:] if line.strip()}
    assert rows["all"] == ["2", "50.0"]
    missed = {line[:42].strip(): line[42:].split() for line in pool.splitlines()[1:] if line.strip()}
    assert sum(int(n) for n, _share in missed.values()) == 1
    # "scrub" is no cue the model learned: the one missed attribution has no candidate, and says why
    assert missed["no candidate"] == ["1", "50.0"]
    reasons = {line[:42].strip(): line[42:].split() for line in why.splitlines()[1:] if line.strip()}
    assert reasons == {"cue word unknown to the cue model": ["1", "50.0"]}
