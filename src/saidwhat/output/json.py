"""The `saidwhat/2` JSON output: one object per document."""

from __future__ import annotations

import json as _json
from typing import Any

from ..records import Analysis, Failure


def analysis_json(analysis: Analysis, *, include_text: bool = False, indent: int | None = None) -> str:
    return _json.dumps(analysis.to_dict(include_text=include_text), ensure_ascii=False, indent=indent)


def failure_dict(failure: Failure) -> dict[str, Any]:
    return {"schema": "saidwhat/2", "id": failure.doc_id, "error": failure.reason, "source": failure.source,
            "line": failure.line}
