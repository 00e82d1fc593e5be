"""How far a better cue ranker could take the analyzer: the whole evaluation with rankers that know
the answer.

    pip install -e ".[train]"
    python scripts/ranker_ceiling.py ../shared/datasets/polnear.dev.jsonl --cache /tmp/saidwhat-parses
    # held out: the ranker trained without the first 150 train documents (train_ranker.py --hold-out 150)
    python scripts/ranker_ceiling.py ../shared/datasets/polnear.train.jsonl --limit 150 \\
        --ranker /tmp/ranker_ho.json --cache /tmp/saidwhat-parses

The learned cues (`quotes.learned`) generate candidates; the ranker keeps some. Each row of the
table runs `saidwhat eval` (the broad scheme) with a different ranker in that place:
- rules: no learned candidate kept;
- ranker: the given ranker at its threshold (the shipped one by default);
- oracle: exactly the candidates `train_ranker.py` labels positive (the content shares a word with
  a gold attribution that none of the rules' attributions touches);
- oracle, right source: those of them whose subject is the gold source as well.
The oracles are what no model of the candidates can beat: the candidates a perfect ranker would
keep, with the rules' content spans and speakers left as they are.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import train_ranker as T  # noqa: E402
from saidwhat.quotes import find_candidates, learned  # noqa: E402


class Oracle:
    """A ranking that knows the gold: 1 for a candidate whose content shares a word with a gold
    attribution that none of the rules' attributions touches (train_ranker.py's positive), and with
    `source`, only when the candidate's subject is that attribution's source; else 0."""

    def __init__(self, unfound: dict[str, tuple[str, list]], source: bool = False):
        self.unfound = unfound  # a document's opening -> (its text, its unfound gold)
        self.source = source
        self.unknown = 0  # candidates in text it could not place

    def __call__(self, cand) -> float:
        seg = cand.cue[0].doc.text
        text, gold = self.unfound.get(seg[:200].strip(), (None, ()))
        off = text.find(seg.strip()[:200]) if text is not None else -1
        if off < 0:
            self.unknown += 1
            return 0.0
        off -= len(seg) - len(seg.lstrip())
        w = {i + off for i in T.words(seg, cand.pieces)}
        sub = cand.subject
        for g, spk in gold:
            if w & g and (not self.source or (spk and sub is not None
                                              and sub.idx + off < spk[1] and spk[0] < sub.idx + off + len(sub.text))):
                return 1.0
        return 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="the first N documents only")
    ap.add_argument("--ranker", type=Path, default=None, help="a cue_ranker.json (default: the shipped one)")
    ap.add_argument("--cache", type=Path, default=None, help="where train_ranker.py keeps the parses")
    args = ap.parse_args()

    base = learned.ranker_from(json.loads(args.ranker.read_text())) if args.ranker else learned.load_ranker("en")
    docs, sdocs = T.parsed(args.gold, args.cache)
    n = args.limit or len(docs)
    unfound = {d["text"][:200].strip(): (d["text"], T.unfound(d, find_candidates(sdoc, collect=True)))
               for d, sdoc in zip(docs[:n], sdocs[:n])}

    oracles = Oracle(unfound), Oracle(unfound, source=True)
    rankers = [("rules", dataclasses.replace(base, threshold=2.0)), ("ranker", base),
               ("oracle", T.StandIn(base, oracles[0], 0.5)), ("oracle, right source", T.StandIn(base, oracles[1], 0.5))]
    print(f"{'':22} {'quotes':>6} {'P':>5} {'R':>5} {'F1':>5} {'indirect R':>10} {'end to end':>10} {'speaker':>7}")
    for name, ranker in rankers:
        s = T.evaluate_with(args.gold, ranker, args.limit)
        o = s["overlap"]
        print(f"{name:22} {s['predicted_quotes']:6} {o['precision']:5} {o['recall']:5} {o['f1']:5} "
              f"{s['recall_by_type']['indirect']['overlap']:10} {s['end_to_end']['f1']:10} {s['speaker_accuracy']:7}",
              flush=True)
        if isinstance(ranker, T.StandIn) and ranker.rank.unknown:
            print(f"  ({ranker.rank.unknown} candidates in text the script could not place, kept as negative)")


if __name__ == "__main__":
    main()
