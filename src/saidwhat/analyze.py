"""The analyzer: documents in, plain `Analysis` records out.

    read -> split_segments -> nlp.pipe (one pass, all segments of a batch) -> find_candidates
         -> SpeakerResolver -> records_from_candidates -> enrich (issues, relations, dates, readers)
    (plain records; no spaCy object past here)

`analyze_batch` is the pure batch function every runner calls.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice

from spacy.tokens import Doc

from .enrich import enrich
from .errors import ModelError, SaidwhatError
from .lang import available as available_languages
from .names import speaker_name
from .ingest import document_from_text
from .nlp import load_pipeline, one_blas_thread
from .quotes import MAX_SENTENCE_TOKENS, Candidate, find_candidates, load_lexicon, long_sentences, speech_only
from .records import Analysis, Document, Failure, Quote, Segment, Speaker, SpeakerRef, TextSpan
from .segment import MAX_SEGMENT_CHARS, split_segments
from .settings import DEFAULT_SETTINGS, Settings
from .speakers import ResolvedSpeaker, SpeakerResolver

log = logging.getLogger(__name__)


def analyze(text: str, date: str | None = None, *, doc_id: str = "doc",
            settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """Analyse one text. A leading `date YYYY-MM-DD` line sets the date when `date` is None.

    Raises:
        InputError: the text is empty.
    """
    from .errors import InputError

    doc = document_from_text(text, doc_id=doc_id, date=date)
    if isinstance(doc, Failure):
        raise InputError(doc.source, doc.reason, doc_id=doc_id)
    return analyze_document(doc, settings=settings)


def analyze_document(doc: Document, *, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    result = analyze_batch([doc], settings=settings, catch=False)[0]
    assert isinstance(result, Analysis)
    return result


def analyze_batch(docs: list[Document], *, settings: Settings = DEFAULT_SETTINGS,
                  catch: bool = True) -> list[Analysis | Failure]:
    """Analyse a batch of documents, parsing the segments of all of them with `nlp.pipe`.

    With `catch` (the default for runners), a document that fails for any reason, in the parser
    too, becomes a `Failure` naming it, and the others are unaffected. Segments are parsed in
    groups of at most `settings.batch_size` texts and PIPE_CHARS characters, and each document is
    analysed as soon as its last segment is parsed, so memory stays bounded by the longest
    segment (see `segment.MAX_SEGMENT_CHARS`), not by the batch or the document.
    """
    nlp = load_pipeline(settings.model)
    if settings.language not in available_languages():
        raise ModelError(f"no word lists for language {settings.language!r} (saidwhat/lang/{settings.language}/); "
                         f"available: {', '.join(available_languages())}")
    max_chars = min(MAX_SEGMENT_CHARS, nlp.max_length - 1)  # spaCy refuses longer texts (E088)
    results: list[Analysis | Failure | None] = [None] * len(docs)
    plans: dict[int, tuple[Document, list[Segment]]] = {}
    for k, doc in enumerate(docs):
        if len(doc.text) > settings.max_doc_chars:
            results[k] = Failure(source=doc.source or doc.id, doc_id=doc.id,
                                 reason=f"document too long ({len(doc.text):,} characters; limit {settings.max_doc_chars:,})")
            continue
        try:
            plans[k] = (doc, split_segments(doc, max_chars=max_chars, lang=settings.language))
        except Exception as exc:
            if not catch:
                raise
            results[k] = _internal_failure(doc, exc)
    parsed: dict[int, list[Doc]] = {k: [] for k in plans}

    def finish(k: int) -> None:
        doc, segs = plans.pop(k)
        sdocs = parsed.pop(k)
        if results[k] is not None:  # its parse failed
            return
        try:
            results[k] = analysis_from_docs(doc, segs, sdocs, settings=settings)
        except Exception as exc:
            if not catch:
                raise
            results[k] = _internal_failure(doc, exc)

    tasks = ((doc.text[seg.start:seg.end], k) for k, (doc, segs) in list(plans.items()) for seg in segs)
    for group in _groups(tasks, settings.batch_size, PIPE_CHARS):
        for k, sdoc in _parse(nlp, group, catch=catch):
            if isinstance(sdoc, Exception):
                if results[k] is None:
                    results[k] = _internal_failure(plans[k][0], sdoc, stage="parsing")
                continue
            parsed[k].append(sdoc)
        last = group[-1][1]
        for k in [k for k in plans if k < last or (k == last and len(parsed[k]) == len(plans[k][1]))]:
            finish(k)
    for k in list(plans):  # documents with no segment to parse
        finish(k)
    return [r for r in results if r is not None]


# The most characters handed to one `nlp.pipe` call: the parser holds memory for a whole batch.
PIPE_CHARS = 200_000


def _groups(tasks: Iterable[tuple[str, int]], max_items: int, max_chars: int) -> Iterator[list[tuple[str, int]]]:
    group: list[tuple[str, int]] = []
    size = 0
    for task in tasks:
        if group and (len(group) >= max_items or size + len(task[0]) > max_chars):
            yield group
            group, size = [], 0
        group.append(task)
        size += len(task[0])
    if group:
        yield group


def _parse(nlp, group: list[tuple[str, int]], *, catch: bool) -> Iterator[tuple[int, Doc | Exception]]:
    """Parse a group of (text, document index) in one `nlp.pipe` call. Should the call fail, each
    text is parsed alone, and only the documents whose text fails get the exception."""
    try:
        with one_blas_thread():
            docs = list(nlp.pipe(group, as_tuples=True, batch_size=len(group)))
    except Exception:
        if not catch:
            raise
        log.warning("nlp.pipe failed on a batch of %d texts; parsing them one by one", len(group))
    else:
        yield from ((k, sdoc) for sdoc, k in docs)
        return
    for text, k in group:
        try:
            with one_blas_thread():
                sdoc = nlp(text)
            yield k, sdoc
        except Exception as exc:
            yield k, exc


def analyze_documents(docs: Iterable[Document | Failure], *, settings: Settings = DEFAULT_SETTINGS
                      ) -> Iterator[Analysis | Failure]:
    """Stream documents through `analyze_batch`, `settings.batch_size` at a time, in order.
    Failures from the readers pass through in their place."""
    it = iter(docs)
    while True:
        chunk = list(islice(it, settings.batch_size))
        if not chunk:
            return
        good = [d for d in chunk if isinstance(d, Document)]
        done = iter(analyze_batch(good, settings=settings)) if good else iter(())
        for item in chunk:
            yield item if isinstance(item, Failure) else next(done)


def _internal_failure(doc: Document, exc: Exception, *, stage: str = "analysing") -> Failure:
    if isinstance(exc, SaidwhatError):
        reason = str(exc)
    else:
        log.error("%s %s failed", stage, doc.id, exc_info=exc)
        reason = f"internal error while {stage} ({type(exc).__name__}: {str(exc)[:300]})"
    return Failure(source=doc.source or doc.id, doc_id=doc.id, reason=reason)


def analysis_from_docs(doc: Document, segments: list[Segment], sdocs: list[Doc], *,
                       settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """Turn the parsed segments of one document into a plain `Analysis`."""
    lex = load_lexicon(settings.language)
    resolver = SpeakerResolver(lang=settings.language, people=settings.people, date=doc.date)
    found: list[tuple[int, Segment, Candidate, ResolvedSpeaker]] = []
    skipped: list[int] = []
    for s, (seg, sdoc) in enumerate(zip(segments, sdocs)):
        cands = find_candidates(sdoc, lex=lex, context_window=settings.context_window)
        skipped += long_sentences(sdoc)
        if not settings.include_thoughts:
            cands = speech_only(cands, lex)
        if seg.kind == "comment":
            # A reader's own words are theirs, never a quote of the article's speakers ("Brezko was
            # just repeating talking points"); what a reader puts in quotation marks may be the
            # article quoted back, which enrich links to the quote it repeats (`requote_of`).
            cands = [c for c in cands if c.type in ("direct", "mixed")]
        resolved = resolver.add_segment(s, sdoc, seg.start, cands, comment=seg.kind == "comment")
        found.extend((s, seg, c, r) for c, r in zip(cands, resolved))
    if skipped:
        where = doc.id if not doc.source or doc.source == doc.id else f"{doc.source} ({doc.id})"
        log.warning("%s: %d sentence(s) of over %d words (longest %d) not read for reported speech",
                    where, len(skipped), MAX_SENTENCE_TOKENS, max(skipped))
    analysis = records_from_candidates(doc, segments, found)
    if not settings.enrich:
        return analysis
    return replace(analysis, **enrich(analysis, segments, sdocs, lang=settings.language).fields())


def records_from_candidates(doc: Document, segments: list[Segment],
             found: list[tuple[int, Segment, Candidate, ResolvedSpeaker]]) -> Analysis:
    text = doc.text
    ids: dict[int, str] = {}
    speakers: list[Speaker] = []
    quotes: list[Quote] = []
    names: dict[int, str] = {}  # cluster id -> its name as reported, made once
    for n, (s, seg, cand, res) in enumerate(found, start=1):
        ref = None
        if res.cluster is not None:
            cid = res.cluster.cid
            if cid not in names:
                names[cid] = speaker_name(res.cluster.best_name)
            if names[cid]:
                if cid not in ids:
                    ids[cid] = f"s{len(ids) + 1}"
                ref = SpeakerRef(ids[cid], names[cid])
        mention = TextSpan(res.mention[0], res.mention[1], text[res.mention[0]:res.mention[1]]) if res.mention else None
        cue = None
        # A quote attributed by context reports the cue (and mention) of the quote it continues.
        source = cand.context_of if cand.attributed_by == "context" and cand.context_of is not None else cand
        span = source.cue_span()
        if span is not None and cand.attributed_by in ("cue", "context"):
            cue = TextSpan(span[0] + seg.start, span[1] + seg.start, text[span[0] + seg.start:span[1] + seg.start])
        attributed_by = cand.attributed_by if ref is not None or cand.attributed_by == "cue" else None
        for ps, pe in cand.pieces:
            start, end = ps + seg.start, pe + seg.start
            quotes.append(Quote(start=start, end=end, text=text[start:end], type=cand.type,  # type: ignore[arg-type]
                                act=cand.act, speaker=ref, speaker_mention=mention, cue=cue,  # type: ignore[arg-type]
                                segment=s, attributed_by=attributed_by, group=f"q{n}",  # type: ignore[arg-type]
                                resolved_by=res.via if ref is not None else None))
    by_cid = {c.cid: c for c in (r.cluster for *_, r in found) if c is not None}
    for cid, sid in ids.items():
        c = by_cid[cid]
        name = names[cid]
        aliases = tuple(dict.fromkeys(a for a in map(speaker_name, c.surfaces) if a and a != name))
        speakers.append(Speaker(id=sid, name=name, aliases=aliases, role=c.role, kind=c.kind,  # type: ignore[arg-type]
                                qid=c.qid))
    quotes.sort(key=lambda q: (q.start, q.end))
    return Analysis(id=doc.id, text=text, date=doc.date, segments=tuple(segments), quotes=tuple(quotes),
                    speakers=tuple(speakers), title=doc.title, url=doc.url, warnings=doc.warnings)
