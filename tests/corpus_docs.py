"""Small news-like documents written for the corpus tests."""

from __future__ import annotations

import json

LAVROV_STYLE = [
    ("d1", "2017-04-12", "Foreign Minister Sergey Lavrov met the envoy on Wednesday.\n\n"
                         "\"We will not accept these terms,\" Lavrov said.\n\nHe added that talks would go on."),
    ("d2", "2017-05-03", "Sergei Lavrov spoke to reporters in Geneva.\n\n"
                         "\"The ceasefire must hold,\" Lavrov told them. The envoy said the ceasefire was fragile."),
    ("d3", "2017-06-20", "Lavrov, the foreign minister, insisted that the border deal was final.\n\n"
                         "Mayor Ellen Park said the harbour tax would rise next year."),
]


def filler(k: int) -> tuple[str, str, str]:
    names = ["Anna Berg", "Omar Haddad", "Ines Lund", "Paul Ridge"]
    name = names[k % len(names)]
    last = name.split()[1]
    text = (f"{name} spoke at the council meeting on topic {k}.\n\n"
            f"\"The budget for item {k} is not enough,\" {last} said. "
            f"{last} added that the vote on item {k} would be delayed until autumn.")
    return f"f{k:03d}", f"2018-{1 + k % 12:02d}-{1 + k % 27:02d}", text


def write_jsonl(path, docs) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for doc_id, date, text in docs:
            fh.write(json.dumps({"id": doc_id, "date": date, "text": text}) + "\n")
