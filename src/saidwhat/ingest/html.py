"""HTML pages: main text and reader comments through trafilatura.

The analysed text is the extracted main text, a blank line, then the comments, one paragraph
each; offsets refer to that text, which `--format json --include-text` returns alongside.
"""

from __future__ import annotations

from pathlib import Path

from ..records import Document, Failure
from .text import checked_date, decode_text

COMMENTS_HEADING = "Comments"


def read_html(data: bytes, *, source: str, doc_id: str | None = None) -> Document | Failure:
    doc_id = doc_id or Path(source).stem
    try:
        import trafilatura  # the one module that needs it
    except ImportError as exc:  # a broken install costs the HTML documents, each with the reason
        return Failure(source=source, doc_id=doc_id,
                       reason=f"reading HTML needs trafilatura and lxml_html_clean ({exc}); "
                              "reinstall saidwhat with `pip install -e .`")
    html = decode_text(data, source=source, doc_id=doc_id)
    if isinstance(html, Failure):
        return html
    if "<" not in html:
        return Failure(source=source, doc_id=doc_id, reason="no HTML markup found")
    try:
        extracted = trafilatura.bare_extraction(html, include_comments=True, with_metadata=True)
    except ImportError as exc:  # lxml.html.clean lives in its own package since lxml 5.2
        return Failure(source=source, doc_id=doc_id,
                       reason=f"reading HTML needs lxml_html_clean ({exc}); reinstall saidwhat with `pip install -e .`")
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
    date, problem = checked_date(extracted.date if isinstance(extracted.date, str) else None)
    return Document(id=doc_id, text=text, date=date, title=extracted.title, url=extracted.url,
                    source=source, comment_spans=spans, warnings=(problem,) if problem else ())


def _paragraphs(text: str) -> str:
    # trafilatura separates paragraphs with one newline; blank lines make them unambiguous.
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
