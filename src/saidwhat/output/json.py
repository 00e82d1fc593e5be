"""The `saidwhat/2` JSON output: one object per document."""

from __future__ import annotations

import json as _json

from ..records import Analysis


def analysis_json(analysis: Analysis, *, include_text: bool = False, indent: int | None = None) -> str:
    return _json.dumps(analysis.to_dict(include_text=include_text), ensure_ascii=False, indent=indent)

