"""HTML pages: main text and reader comments through trafilatura.

The analysed text is the extracted main text, a blank line, then the comments, one paragraph
each; offsets refer to that text, which `--format json --include-text` returns alongside.
"""

from __future__ import annotations

from pathlib import Path

from ..records import Document, Failure
from .text import decode_text

COMMENTS_HEADING = "Comments"


def read_html(data: bytes, *, source: str, doc_id: str | None = None) -> Document | Failure:
    import trafilatura  # the one module that needs it

    doc_id = doc_id or Path(source).stem
    html = decode_text(data, source=source, doc_id=doc_id)
    if isinstance(html, Failure):
        return html
    if "<" not in html:
        return Failure(source=source, doc_id=doc_id, reason="no HTML markup found")
    try:
        extracted = trafilatura.bare_extraction(html, include_comments=True, with_metadata=True)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken pages
        return Failure(source=source, doc_id=doc_id, reason=f"HTML could not be parsed ({type(exc).__name__})")
    if extracted is None or not (extracted.text or "").strip():
        return Failure(source=source, doc_id=doc_id, reason="no main text found in the HTML page")
    body = _paragraphs(extracted.text)
    comments = [c.strip() for c in (extracted.comments or "").splitlines() if c.strip()]
    text = body
    spans: tuple[tuple[int, int], ...] = ()
    if comments:
        text = f"{body}\n\n{COMMENTS_HEADING}\n\n"
        start = len(text)
        text += "\n\n".join(comments)
        spans = ((start, len(text)),)
    date = extracted.date if isinstance(extracted.date, str) else None
    return Document(id=doc_id, text=text, date=date, title=extracted.title, url=extracted.url,
                    source=source, comment_spans=spans)


def _paragraphs(text: str) -> str:
    # trafilatura separates paragraphs with one newline; blank lines make them unambiguous.
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
