from __future__ import annotations

import json

from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.eval import evaluate

TEXT = ('"The port will reopen on Monday," harbour master Tomas Egge said. '
        "Egge added that the cranes had been repaired.")


def _gold(tmp_path):
    q1s = TEXT.index('"The port')
    q1e = TEXT.index('Monday,"') + len('Monday,"')
    q2s = TEXT.index("that the cranes")
    q2e = TEXT.index("repaired") + len("repaired")
    egge1 = TEXT.index("Tomas Egge")
    egge2 = TEXT.index("Egge added")
    doc = {"id": "g1", "text": TEXT, "quotes": [
        {"quote": [q1s, q1e], "speaker": [egge1, egge1 + 10], "cue": [TEXT.index(" said") + 1, TEXT.index(" said") + 5], "type": "direct"},
        {"quote": [q2s, q2e], "speaker": [egge2, egge2 + 4], "cue": [egge2 + 5, egge2 + 10], "type": "indirect"},
    ]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(doc) + "\n")
    return path


def test_eval_scores_a_correct_analysis_as_perfect(tmp_path):
    s = evaluate(_gold(tmp_path)).summary()
    assert s["exact"]["f1"] == 100.0
    assert s["speaker_accuracy"] == 100.0 and s["cue_accuracy"] == 100.0
    assert s["recall_by_type"]["direct"]["exact"] == 100.0


def test_eval_scores_given_predictions_and_counts_spurious(tmp_path):
    gold = _gold(tmp_path)
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "g1", "quotes": [
        {"start": 0, "end": 10, "type": "direct", "speaker": None, "speaker_mention": None, "cue": None},
    ]}) + "\n")
    s = evaluate(gold, pred=pred).summary()
    assert s["predicted_quotes"] == 1 and s["overlap"]["precision"] == 100.0 and s["overlap"]["recall"] == 50.0
    assert s["exact"]["f1"] == 0.0 and s["speaker_accuracy"] == 0.0


def test_eval_cli_json_and_errors_view(tmp_path):
    gold = _gold(tmp_path)
    r = CliRunner().invoke(main, ["eval", str(gold), "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["documents"] == 1
    r = CliRunner().invoke(main, ["eval", str(gold), "--errors", "1"])
    assert r.exit_code == 0 and "overlap F1" in r.output
