"""A generated corpus of news-like documents, written by the project (no dataset text).

Each document is a short report: named officials with roles, direct and split quotes, pronoun
attributions, reported speech, a quote paragraph with no cue, and sometimes reader comments.
"""

from __future__ import annotations

import random

FIRST = ["Anton", "Helena", "Marek", "Sofia", "Tomas", "Ines", "Karl", "Petra", "Omar", "Lucia", "Jonas", "Mira"]
LAST = ["Brezko", "Varga", "Lind", "Osei", "Egge", "Haddad", "Dessen", "Novak", "Ridge", "Feld", "Bram", "Sandvik"]
ROLES = [("Foreign Minister", "the foreign minister"), ("Finance Minister", "the finance minister"),
         ("Mayor", "the mayor"), ("Harbour Master", "the harbour master"), ("Senator", "the senator")]
TOPICS = ["the border crossings", "the new budget", "the harbour repairs", "the water tariffs", "the rail strike",
          "the school reform", "the energy prices", "the bridge closure"]
VERBS = ["said", "added", "told reporters", "insisted", "warned", "pointed out"]
CLAIMS = ["{t} would be settled before the summer", "nobody had been consulted about {t}",
          "the talks on {t} had been frank but useful", "{t} would cost far more than planned",
          "the government would not back down on {t}", "a deal on {t} was still possible"]


def make_document(rng: random.Random, k: int) -> str:
    people = rng.sample(range(len(FIRST)), 2)
    names = [(FIRST[i], LAST[j]) for i, j in zip(people, rng.sample(range(len(LAST)), 2))]
    roles = rng.sample(ROLES, 2)
    topic = rng.choice(TOPICS)
    paras = [f"date 2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {roles[0][0]} {names[0][0]} {names[0][1]} "
             f"and {roles[1][0]} {names[1][0]} {names[1][1]} met on Wednesday to discuss {topic}."]
    for n in range(rng.randint(4, 9)):
        who = n % 2
        first, last = names[who]
        claim = rng.choice(CLAIMS).format(t=topic)
        form = rng.randrange(5)
        if form == 0:
            paras.append(f'"{claim[0].upper() + claim[1:]}," {last} said.')
        elif form == 1:
            paras.append(f"{last} {rng.choice(VERBS)} that {claim}.")
        elif form == 2:
            paras.append(f'"We will not accept this," {"he" if who == 0 else "she"} said. "{claim[0].upper() + claim[1:]}."')
        elif form == 3:
            paras.append(f"{roles[who][1][0].upper() + roles[who][1][1:]} disagreed, insisting that {claim}.")
        else:
            paras.append(f'"{claim[0].upper() + claim[1:]}, and everyone in this room knows it."')
        paras.append(f"The meeting on {topic} lasted {rng.randint(2, 6)} hours and ended without a joint statement.")
    if k % 3 == 0:
        paras.append("Comments")
        paras.append(f"reader_{k}\n{names[0][1]} is dodging again. Nothing will change.")
        paras.append(f"Maxi, I would like to see the numbers on {topic} first.")
    return "\n\n".join(paras) + "\n"


def make_corpus(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [make_document(rng, k) for k in range(n)]
