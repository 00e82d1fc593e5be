"""A synthetic store of N quotes for the benchmarks, written through the store's own writer.

No analysis runs (it would take hours for a million quotes): each document is a few paragraphs
whose quoted sentences are the quotes, with correct offsets, speakers, an issue per topic word,
a comment or two with a stance, so every page of the viewer has real rows to show. Quote text is
drawn from 20,000 pseudo-words with Zipf-like frequencies plus one of 26 topic words per quote
(each in about 4% of quotes).
"""

from __future__ import annotations

import itertools
import random

from saidwhat.store.rows import TABLES

TOPICS = ("border crossing ceasefire budget harbour tariff election vote minister reform strike bridge "
          "energy prices water school rail talks treaty sanctions deadline summit council court health tax").split()
NAMES = ["Anna Berg", "Omar Haddad", "Ines Lund", "Paul Ridge", "Sergey Lavrov", "Helena Varga", "Karl Dessen"]


def vocabulary(rng: random.Random, n: int = 20000) -> list[str]:
    """Pseudo-words with a Zipf-like frequency, like the words of real news."""
    letters = "abcdefghijklmnoprstuvw"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(n)]


def fill(store, n_quotes: int, per_doc: int = 10, seed: int = 5) -> int:
    """Write about `n_quotes` quotes in documents of `per_doc`; returns the number of documents."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    cum = list(itertools.accumulate(1 / (r + 1) for r in range(len(vocab))))
    n_docs = max(1, n_quotes // per_doc)
    batch: dict[str, list] = {t: [] for t in TABLES}
    for d in range(n_docs):
        doc_id = f"b{d}"
        date = f"{2010 + d % 15}-{1 + d % 12:02d}-{1 + d % 28:02d}"
        names = rng.sample(NAMES, 3)
        topic_a, topic_b = rng.sample(TOPICS, 2)
        parts: list[str] = []
        pos = 0
        quotes = []
        for q in range(per_doc):
            words = rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 25))
            topic = topic_a if q < per_doc // 2 else topic_b
            words[rng.randrange(len(words))] = topic
            text = " ".join(words)
            s = 1 + q % 3
            lead = '"'
            tail = f'," {names[s - 1].split()[-1]} said.\n\n'
            start = pos + len(lead)
            parts.append(lead + text + tail)
            quotes.append((q, start, start + len(text), text, s, topic))
            pos += len(lead) + len(text) + len(tail)
        article_end = pos
        comment = f"{names[0].split()[-1]} is right about the {topic_a}."
        parts.append("Comments\n\nreader_1\n" + comment)
        comment_start = pos + len("Comments\n\nreader_1\n")
        body = "".join(parts)
        batch["documents"].append((doc_id, f"h{d}", "bench", date, f"Report {d} on {topic_a} and {topic_b}", None,
                                   len(body), per_doc, 1, body))
        batch["segments"].append((doc_id, 0, "article", 0, article_end, None, None))
        batch["segments"].append((doc_id, 1, "comment", comment_start, len(body), "reader_1", None))
        for s, name in enumerate(names, start=1):
            batch["speakers"].append((doc_id, f"s{s}", name, [name.split()[-1]], "Minister" if s == 1 else None,
                                      "person", None))
        for issue, topic in ((1, topic_a), (2, topic_b)):
            batch["issues"].append((doc_id, f"i{issue}", topic, [topic], per_doc // 2, ["s1", "s2", "s3"], None))
        for q, start, end, text, s, topic in quotes:
            issue = "i1" if topic == topic_a else "i2"
            batch["quotes"].append((f"{doc_id}#{q}", doc_id, q, start, end, text, rng.choice(("direct", "indirect", "mixed")),
                                    "speech", f"s{s}", names[s - 1], None, names[s - 1].split()[-1], "said", 0, "article",
                                    "cue", f"q{q + 1}", issue, None, date))
        batch["positions"].append((doc_id, "i1", "s1", quotes[0][3][:80], "q1"))
        batch["relations"].append((doc_id, "disagrees", "s2", "s1", "i1", "q2", "cue: rejected", "rejected"))
        batch["reactions"].append((doc_id, 1, "reader_1", "positive", 0.4, 0, ["i1"], None))
        batch["stances"].append((doc_id, 1, "s1", "support", 0.5))
        if len(batch["quotes"]) >= 50_000:
            store.write(batch)
            batch = {t: [] for t in TABLES}
    store.write(batch)
    return n_docs
