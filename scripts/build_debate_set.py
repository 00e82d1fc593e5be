"""Build data/debate/{train,dev}.jsonl from the annotated documents in data/debate/*.txt (the format
and the rules are in data/debate/GUIDE.md). Every evidence and comment phrase is checked against its
document's text, and every side of a relation must be a surname the text writes; a build that finds
a mistake names the document and stops.

    python scripts/build_debate_set.py [--check]

`--check` writes nothing and fails when the JSON Lines files are not what the text files make.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "data" / "debate"
HEADER = re.compile(r"^### (?P<id>[\w-]+) \| (?P<date>\d{4}-\d{2}-\d{2}) \| (?P<shape>[^|]+?) \| (?P<split>train|dev)$")
RELATION = re.compile(r"^(?P<kind>disagrees|agrees) (?P<src>[\w'-]+) > (?P<tgt>[\w'-]+) : (?P<evidence>.+)$")
COMMENT = re.compile(r'^(?P<kind>stance|uncivil) "(?P<at>[^"]+)" : (?P<what>.+)$')


class AnnotationError(ValueError):
    pass


def parse(path: Path) -> list[dict]:
    docs = []
    blocks = re.split(r"(?m)^(?=### )", path.read_text(encoding="utf-8"))
    for block in (b for b in blocks if b.strip()):
        head, _, rest = block.partition("\n")
        m = HEADER.match(head.strip())
        if not m:
            raise AnnotationError(f"{path.name}: not a document header: {head!r}")
        did = m["id"]
        text, sep, notes = rest.partition("\n@@\n")
        if not sep:
            raise AnnotationError(f"{did}: no '@@' line before the annotation")
        text = text.strip("\n") + "\n"
        doc = {"id": did, "date": m["date"], "shape": m["shape"], "split": m["split"], "text": text,
               "disagreements": [], "agreements": [], "evidence": [], "comments": []}
        comments: dict[str, dict] = {}
        for line in (x.strip() for x in notes.splitlines()):
            if not line:
                continue
            r, c = RELATION.match(line), COMMENT.match(line)
            if r:
                for side in (r["src"], r["tgt"]):
                    if not re.search(rf"\b{re.escape(side)}\b", text):
                        raise AnnotationError(f"{did}: {side!r} is not in the text")
                if r["src"] == r["tgt"]:
                    raise AnnotationError(f"{did}: {r['src']} cannot {r['kind'][:-1]} with themselves")
                if r["evidence"] not in text:
                    raise AnnotationError(f"{did}: evidence not in the text: {r['evidence']!r}")
                key = "disagreements" if r["kind"] == "disagrees" else "agreements"
                pair = [r["src"], r["tgt"]]
                if pair not in doc[key]:  # a second line is more evidence for the same pair
                    doc[key].append(pair)
                doc["evidence"].append({"kind": r["kind"], "source": r["src"], "target": r["tgt"],
                                        "text": r["evidence"], "start": text.index(r["evidence"])})
            elif c:
                at = c["at"]
                if text.count(at) != 1:
                    raise AnnotationError(f"{did}: comment phrase must occur once in the text: {at!r}")
                entry = comments.setdefault(at, {"at": at, "stance": {}, "uncivil": []})
                if c["kind"] == "stance":
                    for item in (x.strip() for x in c["what"].split(",")):
                        who, eq, side = item.partition("=")
                        if not eq or side not in ("support", "oppose") or who not in text:
                            raise AnnotationError(f"{did}: bad stance {item!r}")
                        entry["stance"][who] = side
                else:
                    entry["uncivil"] = [w.strip() for w in c["what"].split("|")]
                    for w in entry["uncivil"]:
                        if w not in text:
                            raise AnnotationError(f"{did}: uncivil words not in the text: {w!r}")
            else:
                raise AnnotationError(f"{did}: cannot read the annotation line {line!r}")
        doc["comments"] = list(comments.values())
        docs.append(doc)
    return docs


def build() -> dict[str, str]:
    docs = [d for p in sorted(HERE.glob("*.txt")) for d in parse(p)]
    ids = [d["id"] for d in docs]
    if len(ids) != len(set(ids)):
        raise AnnotationError(f"document ids written twice: {sorted({i for i in ids if ids.count(i) > 1})}")
    out = {}
    for split in ("train", "dev"):
        lines = [json.dumps(d, ensure_ascii=False) for d in docs if d["split"] == split]
        out[split] = "\n".join(lines) + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="fail when the JSON Lines files are out of date")
    args = ap.parse_args(argv)
    try:
        built = build()
    except AnnotationError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    stale = []
    for split, content in built.items():
        target = HERE / f"{split}.jsonl"
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != content:
                stale.append(target.name)
        else:
            target.write_text(content, encoding="utf-8")
            print(f"{target}: {len(content.splitlines()) if content.strip() else 0} documents")
    if stale:
        print(f"out of date: {', '.join(stale)} (run python scripts/build_debate_set.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
