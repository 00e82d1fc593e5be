"""The one pure batch function every engine runs: documents (or reader failures) in, table rows out.

It sits with the engines, not the store: the store writes rows and never runs the analyzer, so
the data flows one way (readers -> analyzer -> rows -> store).
"""

from __future__ import annotations

from typing import Any

from ..analyze import analyze_batch
from ..records import Document, Failure
from ..settings import DEFAULT_SETTINGS, Settings
from ..store.rows import merge_rows, rows_from_analysis, rows_from_failure


def analyze_rows(docs: list[Document | Failure], *, settings: Settings | None = None
                 ) -> dict[str, list[tuple[Any, ...]]]:
    """Documents (or Failures from the readers) in, rows of every table out, in input order."""
    settings = settings or DEFAULT_SETTINGS
    good = [d for d in docs if isinstance(d, Document)]
    results = iter(analyze_batch(good, settings=settings)) if good else iter(())
    parts = []
    for d in docs:
        if isinstance(d, Failure):
            parts.append(rows_from_failure(d))
            continue
        r = next(results)
        parts.append(rows_from_failure(r) if isinstance(r, Failure) else rows_from_analysis(r, source=d.source))
    return merge_rows(parts)
