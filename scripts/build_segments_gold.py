"""Build tests/data/segments_gold.jsonl: comment pages written for the project, in the layouts
comment sections take on real sites, with gold in the web_comments format (article_end, each
comment's own words, author, reply_to). Offsets come from text anchors and are checked by
slicing, so the pages can be edited as text.

    python scripts/build_segments_gold.py
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "segments_gold.jsonl"

PAGES = []


def page(pid: str, text: str, section: str | None, comments: list[tuple[str, str | None, str | None]]) -> None:
    """`section`: the first words of the comment section (None: no comments); each comment:
    (its own words, exactly as in the text; author; reply_to)."""
    article_end = text.index(section) if section else None
    out, pos = [], article_end or 0
    for words, author, reply_to in comments:
        start = text.index(words, pos)
        end = start + len(words)
        assert text[start:end] == words and words == words.strip()
        out.append({"start": start, "end": end, "author": author, "reply_to": reply_to})
        pos = end
    PAGES.append({"id": pid, "text": text, "article_end": article_end, "comments": out})


page("blogger-said", """Harbour ferry fares to rise in May

The Port Alder ferry company will raise fares by ten percent on May 1, its director said on Monday. Season tickets are not affected.

Posted by Island Notes at 9:12 AM

3 comments:

Maren Holt said...

Ten percent for the same rusty boat. Lovely.

The timetable has not changed since 2019 either.

kestrel_77 said...

Maren, it is the fuel, not the boat. Everyone pays more.

Anonymous said...

Season tickets not affected = the commuters will not notice, the tourists will.
""", "3 comments:", [
    ("Ten percent for the same rusty boat. Lovely.\n\nThe timetable has not changed since 2019 either.", "Maren Holt", None),
    ("Maren, it is the fuel, not the boat. Everyone pays more.", "kestrel_77", "Maren"),
    ("Season tickets not affected = the commuters will not notice, the tourists will.", "Anonymous", None),
])

page("wordpress-says", """Library hours cut again

The county library will close on Wednesdays from next month. The board said the savings would pay for new heating.

  1. Tomas R. says:

     Heating for a building nobody can enter on Wednesdays.

     Reply
  2. ines_v says:

     Tomas R., the heating is for the other six days.

     Reply
  3. Paula says:

     I volunteer there. We were told nothing until this morning.

     Reply
""", "1. Tomas R. says:", [
    ("Heating for a building nobody can enter on Wednesdays.", "Tomas R.", None),
    ("Tomas R., the heating is for the other six days.", "ines_v", "Tomas R."),
    ("I volunteer there. We were told nothing until this morning.", "Paula", None),
])

page("thoughts-on", """Snow day

Schools in the valley are closed today. The roads department expects the main pass to reopen by noon.

5 thoughts on “Snow day

  1. riverkid

     Best news all week.

  2. Gran Holloway

     They closed the schools and left the buses out in the yard. Who plans this?

  3. mapleleaf88

     The buses are fine, they are built for it.
""", "5 thoughts on", [
    ("Best news all week.", "riverkid", None),
    ("They closed the schools and left the buses out in the yard. Who plans this?", "Gran Holloway", None),
    ("The buses are fine, they are built for it.", "mapleleaf88", None),
])

page("slashdot-style", """Town council votes to keep paper ballots

The council of Elmsford voted 6-1 on Tuesday to keep paper ballots for the next two elections, citing cost.

12 of 40 comments (clear)

  1. Good call by quietwire · · Score: 4, Insightful

     Paper cannot be patched remotely.

     --
     my other sig is a haiku

     1. Re:Good call by Lena_K · · Score: 2, Funny

        Paper can be patched with a pencil.

  2. Cost? by oldterm · · Score: 3, Interesting

     Counting by hand costs more than the machines within four years.
""", "12 of 40 comments (clear)", [
    ("Paper cannot be patched remotely.", "quietwire", None),
    ("Paper can be patched with a pencil.", "Lena_K", "quietwire"),  # nested "Re:" under it
    ("Counting by hand costs more than the machines within four years.", "oldterm", None),
])

page("reddit-style", """New bridge toll starts Monday

https://example.org/news/bridge-toll
41 upvotes

23 comments sorted by

Best

12

u/harbourlight Mar 3 '24

Four euros to cross a bridge my taxes already paid for.

5

u/dunes_and_dogs Mar 3 '24

The toll ends when the loan is paid. It says so in the article.
""", "23 comments sorted by", [
    ("Four euros to cross a bridge my taxes already paid for.", "u/harbourlight", None),
    ("The toll ends when the loan is paid. It says so in the article.", "u/dunes_and_dogs", None),
])

page("numbered-no-handles", """Why we moved the market to Saturdays

After six months of Thursday markets with half the stalls empty, the traders' committee asked for a change, and the town agreed.

  1. Saturday is better for families, but the parking on Mill Street is a disaster already.

  2. Finally. I could never come on a Thursday.

     Also, please bring back the cheese van.

  3. The committee asked nobody who actually works on Saturdays.
""", "1. Saturday is better", [
    ("Saturday is better for families, but the parking on Mill Street is a disaster already.", None, None),
    ("Finally. I could never come on a Thursday.\n\n     Also, please bring back the cheese van.", None, None),
    ("The committee asked nobody who actually works on Saturdays.", None, None),
])

page("heading-and-handles", """Minister defends hospital merger

Health Minister Dana Kroll said on Friday that merging the two hospitals would shorten waiting lists. "We will have one stronger hospital instead of two weak ones," Kroll said.

Comments

ward_sister_9
I work nights at the north site. Nobody asked us.

pelican
ward_sister_9, I agree. The minister has never done a night shift.

Ottoline
Shorter lists on paper, longer drives in real life.
""", "Comments", [
    ("I work nights at the north site. Nobody asked us.", "ward_sister_9", None),
    ("ward_sister_9, I agree. The minister has never done a night shift.", "pelican", "ward_sister_9"),
    ("Shorter lists on paper, longer drives in real life.", "Ottoline", None),
])

page("runs-straight-on", """Talks on the river border end without a deal

The two foreign ministers met for three hours on Wednesday. "We remain far apart," the Velorian minister said after the talks. Officials said a new round could take place in June
river_watch-88
june?? they said that in january too.. nothing changes

tamsin-k
Talks about talks. Again.
""", "river_watch-88", [
    ("june?? they said that in january too.. nothing changes", "river_watch-88", None),
    ("Talks about talks. Again.", "tamsin-k", None),
])

page("count-reply-report", """Rail strike called off

The drivers' union called off Monday's strike after a late offer from the operator.

4 Comments

Jonas Berg
2 hours ago
Good. My whole week depended on that train.
Reply
Report

Kit M
1 hour ago
Jonas Berg, same here. But the offer expires in March, so see you then.
Reply
Report
""", "4 Comments", [
    ("Good. My whole week depended on that train.", "Jonas Berg", None),
    ("Jonas Berg, same here. But the offer expires in March, so see you then.", "Kit M", "Jonas Berg"),
])

page("signed-after", """Readers weigh in on the stadium vote

We asked our followers what they thought of Tuesday's vote on the new stadium.

Forty million for a stadium and the pool is still closed.

@harbour_dad.

Good. The old one was falling apart and everyone knows it.

@kestrel_fan22.

Follow @CityDesk on Twitter for more of your views.
""", "Forty million for a stadium", [
    ("Forty million for a stadium and the pool is still closed.", "harbour_dad", None),
    ("Good. The old one was falling apart and everyone knows it.", "kestrel_fan22", None),
])

page("no-comments", """Council publishes its five priorities

The council listed its priorities for the year on Tuesday:

  1. Repair the harbour wall before the winter storms.
  2. Reopen the library on Wednesdays.

The mayor said the list would be reviewed in September. "We will report on each one," she said.
""", None, [])


if __name__ == "__main__":
    with OUT.open("w", encoding="utf-8") as fh:
        for p in PAGES:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(f"{OUT}: {len(PAGES)} pages, {sum(len(p['comments']) for p in PAGES)} comments")
