"""Recall of indirect attributions by construction, on a gold file in the shared format.

    python scripts/indirect_constructions.py ../shared/datasets/polnear.dev.jsonl

Runs the analyzer as `saidwhat eval` does (broad scheme, no enrichment), matches predictions to
gold one to one by shared words (the eval's overlap measure), and splits the gold indirect
attributions by how they are built, read from the gold spans themselves:
- cue before / after the content ("The economy is growing, the minister said");
- content opened by "that", "whether"/"if", a "to"-infinitive;
- "according to"; a colon between cue and content;
- a cue that is a claim noun ("his claim that", "the accusation that");
- content over several sentences;
- a piece of a split attribution (the cue's clause interrupts it), and such a piece missed while
  another piece of the same attribution was found.
A construction can count in several rows. Prints counts and recall; no text from the data set.

With `--pool`, also where the missed ones stand against the learned cues' candidates (each text
parsed whole, every loosely generated candidate scored by the shipped ranker): a candidate that
shares a word with the missed attribution and scores at least 0.3, at least 0.1, below 0.1, or
no candidate at all: what a better ranker could still find, and what needs another model. Those
with no candidate are split by why, read from the gold cue: no gold cue; a cue word the cue model
does not know, or has seen too seldom to generate from; or a known cue whose content sits at a
relation to it that the generator does not take for that cue (the first of the cue head's
neighbours in the parse, as the cue model names relations, that lies in the gold content); or a
cue the rules read, with a content that misses the gold one; or a cue inside the content of an
attribution the rules found (a nested attribution: the generator leaves those alone).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from saidwhat.analyze import analyze_batch  # noqa: E402
from saidwhat.eval.gold import read_gold  # noqa: E402
from saidwhat.eval.score import _match, _words, normalise, preds_from_analysis  # noqa: E402
from saidwhat.nlp import load_pipeline  # noqa: E402
from saidwhat.quotes import find_candidates  # noqa: E402
from saidwhat.quotes.learned import GEN_MIN_COUNT, load_model, load_ranker  # noqa: E402
from saidwhat.quotes.relations import cue_key, relations_of  # noqa: E402
from saidwhat.records import Analysis, Document  # noqa: E402
from saidwhat.settings import Settings  # noqa: E402

CLAIM_NOUNS = ("claim", "claims", "accusation", "argument", "assertion", "view", "statement", "promise",
               "warning", "suggestion", "allegation", "belief", "idea", "notion", "plan")


def constructions(text: str, quote, span: tuple[int, int], parts: Counter) -> list[str]:
    out = ["all"]
    if quote.cue is None:
        return out + ["no cue"]
    cue = text[quote.cue[0]:quote.cue[1]].lower()
    out.append("cue after the content" if quote.cue[0] >= span[1] else
               "cue before the content" if quote.cue[1] <= span[0] else "cue inside the content")
    if "accord" in cue:
        out.append("according to")
    if quote.cue[1] <= span[0] and ":" in text[quote.cue[1]:span[0]]:
        out.append("colon")
    opening = text[quote.quote[0]:quote.quote[0] + 8].lower()
    if opening.startswith("that"):
        out.append('"that" clause')
    if opening.startswith(("whether", "if ")):
        out.append('"whether"/"if"')
    if opening.startswith("to "):
        out.append('"to"-infinitive')
    if cue.split() and cue.split()[-1] in CLAIM_NOUNS:
        out.append("claim noun as cue")
    body = text[span[0]:span[1]]
    if "\n" in body or ". " in body:
        out.append("several sentences")
    if quote.attr_id and parts[quote.attr_id] > 1:
        out.append("piece of a split attribution")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--pool", action="store_true", help="Also split the missed ones by the learned candidates' scores.")
    args = ap.parse_args()
    gold = read_gold(args.gold, limit=args.limit)
    results = analyze_batch([Document(id=g.id, text=g.text, date=g.date) for g in gold],
                            settings=Settings(include_thoughts=True, enrich=False))
    seen: Counter = Counter()
    found: Counter = Counter()
    missed: Counter = Counter()
    why: Counter = Counter()
    sdocs = load_pipeline().pipe(g.text for g in gold) if args.pool else iter(())
    ranker = load_ranker("en")
    for g, r in zip(gold, results):
        sdoc = next(sdocs) if args.pool else None
        pool, rule_cues, rule_pieces = _pool(sdoc, ranker) if sdoc is not None else ([], set(), [])
        text = g.text
        preds = preds_from_analysis(r) if isinstance(r, Analysis) else []
        gspans = [normalise(text, *q.quote) for q in g.quotes]
        pspans = [normalise(text, *p.span) for p in preds]
        matched = {gi for gi, _ in _match(gspans, pspans, lambda a, b, ov: bool(
            _words(text, (max(a[0], b[0]), min(a[1], b[1])))))}
        parts = Counter(q.attr_id for q in g.quotes if q.attr_id)
        for gi, (q, span) in enumerate(zip(g.quotes, gspans)):
            if span[1] <= span[0] or (q.type or "indirect") != "indirect":
                continue
            kinds = constructions(text, q, span, parts)
            if "piece of a split attribution" in kinds and gi not in matched and any(
                    gj in matched for gj, o in enumerate(g.quotes) if gj != gi and o.attr_id == q.attr_id):
                kinds.append("  missed while another piece was found")
            for k in kinds:
                seen[k] += 1
                found[k] += gi in matched
            if args.pool and gi not in matched:
                scores = [sc for (s, e), sc in pool if _words(text, (max(s, span[0]), min(e, span[1])))]
                best = max(scores, default=None)
                missed["no candidate" if best is None else "a candidate scored 0.3 or more" if best >= 0.3
                       else "a candidate scored 0.1 to 0.3" if best >= 0.1 else "a candidate scored below 0.1"] += 1
                if best is None:
                    why[_why_no_candidate(sdoc, q, span, rule_cues, rule_pieces)] += 1
    print(f"{'construction':42s} {'gold':>6s} {'recall':>7s}")
    for k in sorted(seen, key=lambda k: (k != "all", -seen[k])):
        print(f"{k:42s} {seen[k]:6d} {100 * found[k] / seen[k]:7.1f}")
    if args.pool:
        print(f"\n{'missed indirect attributions':42s} {'count':>6s} {'of all':>7s}")
        for k, n in missed.most_common():
            print(f"{k:42s} {n:6d} {100 * n / seen['all']:7.1f}")
        print(f"\n{'missed with no candidate, by why':42s} {'count':>6s} {'of all':>7s}")
        top = [k for k, _ in why.most_common() if not k.startswith("known cue")]
        top += [k for k, _ in why.most_common() if k.startswith("known cue")][:10]
        for k in top:
            print(f"{k:42s} {why[k]:6d} {100 * why[k] / seen['all']:7.1f}")
        rest = sum(n for k, n in why.items() if k not in top)
        if rest:
            print(f"{'known cue, other relations':42s} {rest:6d} {100 * rest / seen['all']:7.1f}")


def _why_no_candidate(sdoc, quote, span: tuple[int, int], rule_cues: set[int],
                      rule_pieces: list[tuple[int, int]]) -> str:
    """Why the cue model generated nothing for a gold attribution (see the module's docstring)."""
    if quote.cue is None:
        return "no gold cue"
    cue = sdoc.char_span(quote.cue[0], quote.cue[1], alignment_mode="expand")
    content = sdoc.char_span(span[0], span[1], alignment_mode="expand")
    if cue is None or content is None or not len(cue) or not len(content):
        return "no gold cue"
    if any(t.i in rule_cues for t in cue):
        return "cue read by the rules, other content"
    if any(s <= quote.cue[0] < e for s, e in rule_pieces):
        return "cue inside a content the rules found"
    counts = load_model(sdoc.lang_).cue.get(cue_key(cue.root))
    if counts is None:
        return "cue word unknown to the cue model"
    if counts[0] < GEN_MIN_COUNT:
        return "cue word seen too seldom to generate from"
    rel = next((r for r, t in relations_of(cue.root) if content.start <= t.i < content.end), "none near")
    return f"known cue, content at {rel}"


def _pool(sdoc, ranker) -> tuple[list[tuple[tuple[int, int], float]], set[int], list[tuple[int, int]]]:
    """(piece, ranker score) of every learned candidate the cue model generates in a parsed text;
    the token indexes of the cues the rules read, and the pieces of the rules' contents (the
    generator leaves both alone)."""
    out = []
    rule_cues: set[int] = set()
    rule_pieces: list[tuple[int, int]] = []
    for c in find_candidates(sdoc, collect=True):
        if c.features is not None and ranker is not None:
            score = ranker.score(c.features, c.reading)
            out.extend((p, score) for p in c.pieces)
        elif c.features is None:
            rule_cues.update(t.i for t in c.cue or ())
            rule_pieces.extend(c.pieces)
    return out, rule_cues, rule_pieces


if __name__ == "__main__":
    main()
