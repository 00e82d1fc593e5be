"""Time to split a long comment section (generated, no dataset text) into comments, authors and
replies: the segmenter's cost must grow with the section, not with its square.

    python bench/comments.py --comments 12000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from saidwhat.records import Document  # noqa: E402
from saidwhat.segment import split_segments  # noqa: E402


def section(n: int, seed: int = 1) -> str:
    """An article, a heading and `n` comments, each under its handle and most answering an earlier one."""
    rng = random.Random(seed)
    parts = ["The council met on Monday. The mayor said the pool would close.\n\nComments\n"]
    for k in range(n):
        parts.append(f"\nuser_{k}\nHi user_{rng.randrange(max(k, 1))}, I think the pool matters to the kids here.\n")
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--comments", type=int, nargs="+", default=[3000, 12000])
    args = ap.parse_args()
    print(f"{'comments':>9} {'chars':>10} {'seconds':>8}")
    for n in args.comments:
        text = section(n)
        t0 = time.perf_counter()
        segments = split_segments(Document(id="bench", text=text))
        seconds = time.perf_counter() - t0
        assert sum(s.kind == "comment" for s in segments) == n
        print(f"{n:>9} {len(text):>10,} {seconds:>8.2f}")


if __name__ == "__main__":
    main()
