"""Corpus-level issues: the same issue in different documents gets one id.

Pure lexical clustering: each document issue is represented by its key terms (best first).
Two issues join when they share at least two of their top `TOP` terms, or when they share their
top term and their labels are near-identical (rapidfuzz token-set ratio >= 85). Candidate pairs
come from an inverted index over terms, so the work grows with the number of issues that share a
term, not with the square of all issues; union-find makes the result independent of the order of
the rows. A corpus id is a hash of the cluster's smallest (document, issue) key, so ids are stable
when the same store is finished again.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Any

TOP = 4
MAX_POSTING = 2000  # terms shared by more issues than this are too common to link on


def merge_issues(rows: list[tuple[Any, ...]]) -> tuple[dict[tuple[str, str], str], list[tuple[Any, ...]]]:
    """rows: (doc_id, issue_id, label, terms, n_quotes). Returns the corpus id of each issue and the
    corpus_issues rows (corpus_issue, label, terms, n_documents, n_quotes)."""
    from rapidfuzz import fuzz

    keys = [(r[0], r[1]) for r in rows]
    terms = [list(r[3] or [])[:TOP] for r in rows]
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            if keys[ra] < keys[rb]:
                parent[rb] = ra
            else:
                parent[ra] = rb

    index: dict[str, list[int]] = defaultdict(list)
    for i, ts in enumerate(terms):
        for t in ts:
            index[t].append(i)
    for i, ts in enumerate(terms):
        if not ts:
            continue
        shared: Counter[int] = Counter()
        for t in ts:
            post = index[t]
            if len(post) > MAX_POSTING:
                continue
            for j in post:
                if j > i and rows[j][0] != rows[i][0]:
                    shared[j] += 1
        for j, n in shared.items():
            if find(i) == find(j):
                continue  # already one issue: nothing to compare
            if n >= 2 or (terms[j] and terms[j][0] == ts[0] and (
                    rows[i][2] == rows[j][2] or fuzz.token_set_ratio(rows[i][2], rows[j][2]) >= 85)):
                union(i, j)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        clusters[find(i)].append(i)
    mapping: dict[tuple[str, str], str] = {}
    corpus: list[tuple[Any, ...]] = []
    for members in clusters.values():
        root = min(keys[i] for i in members)
        # 64 bits: ids of ten hex digits collided among the two million issues of a 10^7-quote store
        cid = "c" + hashlib.sha1(f"{root[0]}\x00{root[1]}".encode()).hexdigest()[:16]
        labels = Counter(rows[i][2] for i in members)
        term_count: Counter[str] = Counter(t for i in members for t in terms[i])
        label = max(labels.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]
        for i in members:
            mapping[keys[i]] = cid
        corpus.append((cid, label, [t for t, _ in term_count.most_common(6)], len({keys[i][0] for i in members}),
                       sum(int(rows[i][4] or 0) for i in members)))
    corpus.sort(key=lambda r: r[0])
    return mapping, corpus
