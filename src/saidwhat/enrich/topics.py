"""Issues: a document's quotes grouped by what they are about, labelled from the text itself.

Each quote becomes a bag of content lemmas (nouns and proper nouns of the quote, and at half
weight of the sentence that introduces it; speakers' names, dates and generic nouns left out),
weighted by tf-idf over the document's quotes. Quotes are grouped by centroid-linkage
agglomerative clustering on cosine similarity (Manning, Raghavan & Schütze 2008, ch. 17);
a quote continued by context starts in the cluster of the quote it continues, and a quote with
no content word of its own ("Nobody has moved anything") joins the issue being discussed just
before it. An issue's label is made of its most frequent key noun phrases.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter

import numpy as np

from spacy.tokens import Span

from ..lang import load
from ..records import Quote, Speaker
from .parsed import Parsed

LINK_THRESHOLD = 0.12
PARAGRAPH_WEIGHT = 1.2  # of the quote's strongest term
BLOCK_QUOTES = 300  # quotes clustered together at most; a longer document is clustered block by block
_PARAGRAPH_BREAK = re.compile(r"\n\n")
_STRIP = {"det", "poss", "predet", "nummod", "case", "punct", "advmod", "cc"}


def quote_groups(quotes: tuple[Quote, ...], article: set[int]) -> dict[str, list[Quote]]:
    groups: dict[str, list[Quote]] = {}
    for q in quotes:
        if q.segment in article:
            groups.setdefault(q.group, []).append(q)
    return groups


def terms_of(parsed: Parsed, pieces: list[Quote], *, generic: set[str], names: set[str]
             ) -> tuple[Counter[str], list[Span]]:
    """Weighted content lemmas of one quote, leaving out generic nouns (by lemma) and the
    speakers' name words (as written), and the noun chunks they come from."""
    bag: Counter[str] = Counter()
    chunks: list[Span] = []
    seen: set[int] = set()
    spans: list[tuple[Span, float]] = []
    for q in pieces:
        sp = parsed.span(q.start, q.end, q.segment)
        if sp is not None:
            spans.append((sp, 1.0))
    q0 = pieces[0]
    if q0.cue is not None:
        cue = parsed.span(q0.cue.start, q0.cue.end, q0.segment)
        if cue is not None:
            spans.append((parsed.sent(q0.segment, cue.start), 0.5))
    for span, weight in spans:
        for tok in span:
            if tok.i in seen and weight < 1:
                continue
            seen.add(tok.i)
            if tok.pos_ not in ("NOUN", "PROPN") or not tok.is_alpha or len(tok) < 3 or tok.is_stop:
                continue
            lemma = term_of(tok)
            if lemma in generic or tok.lower_ in names or tok.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL"):
                continue
            bag[lemma] += weight
        chunks.extend(parsed.chunks(q0.segment, span))
    return bag, chunks


def term_of(tok) -> str:
    """The term a noun stands for: its lemma, without a gerund's -ing ("fishing" and "fished" are
    about the same thing)."""
    lemma = tok.lemma_.lower()
    if lemma.endswith("ing") and len(lemma) > 6 and tok.pos_ == "NOUN":
        return lemma[:-3]
    return lemma


def group_issues(parsed: Parsed, quotes: tuple[Quote, ...], speakers: tuple[Speaker, ...],
                 article: set[int], *, must_link: list[tuple[str, str]] = (),  # type: ignore[assignment]
                 lang: str = "en") -> tuple[list[list[str]], dict[str, Counter[str]], dict[str, list[Span]]]:
    """Clusters of quote group ids (in document order), each quote's term bag and noun chunks.
    `must_link`: pairs of quote groups known to be on one issue (a reply to the quote it answers).

    Every quote gets a bag and an issue. Clustering runs over consecutive blocks of at most
    BLOCK_QUOTES quotes, so its cost grows linearly with a long transcript or live blog (an
    issue there is discussed within a stretch of the text, not across hundreds of quotes)."""
    groups = quote_groups(quotes, article)
    order = list(groups)
    bags: dict[str, Counter[str]] = {}
    chunks: dict[str, list[Span]] = {}
    generic = set(load(lang, "debate")["generic_nouns"])
    names = {w.lower() for s in speakers for n in (s.name, *s.aliases) for w in n.split()}
    for g in order:
        bags[g], chunks[g] = terms_of(parsed, groups[g], generic=generic, names=names)
    text = parsed.text or ""
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] if text else []
    clusters: list[list[str]] = []
    for b in range(0, len(order), BLOCK_QUOTES):
        block = order[b:b + BLOCK_QUOTES]
        clusters.extend(_cluster_block(block, groups, bags, breaks, bool(text), must_link))
    return clusters, bags, chunks


def _cluster_block(order: list[str], groups: dict[str, list[Quote]], bags: dict[str, Counter[str]],
                   breaks: list[int], has_text: bool, must_link) -> list[list[str]]:
    df = Counter(t for g in order for t in bags[g])
    n = len(order)
    vecs = {g: {t: w * (math.log((n + 1) / (df[t] + 1)) + 1) for t, w in bags[g].items()} for g in order}
    # Quotes of one paragraph are most often about one thing ("On the estuary, X said ... 'Our boats
    # ...'"): they share a paragraph pseudo-term, which pulls them together without forcing it.
    for i, g in enumerate(order):
        par = bisect_left(breaks, groups[g][0].start) if has_text else i
        if vecs[g]:
            vecs[g][f"\x00par{par}"] = PARAGRAPH_WEIGHT * max(vecs[g].values())
    clusters: list[list[str]] = []
    where: dict[str, int] = {}
    for i, g in enumerate(order):
        q = groups[g][0]
        prev = order[i - 1] if i else None
        continues = q.attributed_by == "context" and prev is not None
        empty = not vecs[g] and prev is not None
        if continues or empty:
            assert prev is not None
            clusters[where[prev]].append(g)
            where[g] = where[prev]
        else:
            where[g] = len(clusters)
            clusters.append([g])
    for a, b in must_link:
        if a in where and b in where and where[a] != where[b]:
            keep, gone = sorted((where[a], where[b]))
            clusters[keep].extend(clusters[gone])
            clusters[gone] = []
            for g in clusters[keep]:
                where[g] = keep
    clusters = [c for c in clusters if c]
    return _agglomerate(clusters, vecs)


def _agglomerate(clusters: list[list[str]], vecs: dict[str, dict[str, float]]) -> list[list[str]]:
    """Merge the two most similar clusters (cosine of their summed term vectors: centroid
    linkage) until no pair reaches LINK_THRESHOLD. Ties go to the first pair in row order.
    O(n^2 * terms) with numpy: the similarity row of a merged cluster is recomputed, no other."""
    clusters = [list(c) for c in clusters]
    if len(clusters) > 1:
        vocab: dict[str, int] = {}
        for c in clusters:
            for g in c:
                for t in vecs[g]:
                    vocab.setdefault(t, len(vocab))
        cents = np.zeros((len(clusters), max(len(vocab), 1)))
        for i, c in enumerate(clusters):
            for g in c:
                for t, w in vecs[g].items():
                    cents[i, vocab[t]] += w
        norms = np.linalg.norm(cents, axis=1)
        alive = np.ones(len(clusters), dtype=bool)
        sims = _cosines(cents, cents, norms, norms)
        sims[~np.triu(np.ones_like(sims, dtype=bool), k=1)] = -np.inf  # each pair once, as (i < j)
        while True:
            i, j = divmod(int(np.argmax(sims)), sims.shape[1])
            if not sims[i, j] > LINK_THRESHOLD:
                break
            clusters[i].extend(clusters[j])
            clusters[j] = []
            alive[j] = False
            cents[i] += cents[j]
            norms[i] = np.linalg.norm(cents[i])
            row = _cosines(cents, cents[i:i + 1], norms, norms[i:i + 1])[:, 0]
            row[~alive] = -np.inf
            sims[j, :] = sims[:, j] = -np.inf
            sims[:i, i] = row[:i]
            sims[i, i + 1:] = row[i + 1:]
        clusters = [c for c in clusters if c]
    order = {g: k for k, g in enumerate(g for c in clusters for g in c)}
    for c in clusters:
        c.sort(key=lambda g: int(g[1:]) if g[1:].isdigit() else order[g])
    clusters.sort(key=lambda c: int(c[0][1:]) if c[0][1:].isdigit() else 0)
    return clusters


def _cosines(a: np.ndarray, b: np.ndarray, na: np.ndarray, nb: np.ndarray) -> np.ndarray:
    """Cosine of each row of `a` with each row of `b` (0 where either is all zeros)."""
    denom = np.outer(na, nb)
    return np.divide(a @ b.T, denom, out=np.zeros_like(denom), where=denom > 0)


def label_issue(members: list[str], bags: dict[str, Counter[str]], chunks: dict[str, list[Span]],
                df: Counter[str], n: int, *, max_phrases: int = 2) -> tuple[str, tuple[str, ...]]:
    """A short label from the cluster's key noun phrases, and its key terms (best first)."""
    score: Counter[str] = Counter()
    for g in members:
        for t, w in bags[g].items():
            score[t] += w * (math.log((n + 1) / (df[t] + 1)) + 1)
    terms = tuple(t for t, _ in score.most_common(6))
    phrases: Counter[str] = Counter()
    for g in members:
        for nc in chunks[g]:
            root = term_of(nc.root)
            if root in terms[:4]:
                phrase = _phrase(nc)
                if phrase:
                    phrases[phrase] += 1 + score[root]
    picked: list[str] = []
    used_roots: set[str] = set()
    for phrase, _ in phrases.most_common():
        root = phrase.split()[-1]
        if root in used_roots or any(phrase in p or p in phrase for p in picked):
            continue
        picked.append(phrase)
        used_roots.add(root)
        if len(picked) == max_phrases:
            break
    if not picked:
        picked = list(terms[:2])
    return (" · ".join(picked) if picked else "(no key words)"), terms


def _phrase(nc: Span) -> str:
    toks = [t for t in nc if t.dep_ not in _STRIP and not t.is_punct and t.pos_ not in ("PRON", "DET", "NUM")]
    while toks and toks[0].pos_ in ("ADJ",) and toks[0].lower_ in ("other", "same", "such", "many", "several", "new", "next", "last", "first"):
        toks = toks[1:]
    if not toks or len(toks) > 4:
        return ""
    words = [t.text if t.pos_ == "PROPN" else t.lower_ for t in toks]
    return " ".join(words)


def document_frequencies(bags: dict[str, Counter[str]]) -> Counter[str]:
    return Counter(t for b in bags.values() for t in b)


def speakers_of(members: list[str], by_group: dict[str, Quote]) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    for g in members:
        q = by_group[g]
        if q.speaker is not None:
            counts[q.speaker.id] += 1
    return tuple(s for s, _ in counts.most_common())

