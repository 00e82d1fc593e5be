"""saidwhat: who said what, about what, against whom, and how readers reacted."""

from __future__ import annotations

import logging

from .analyze import analyze, analyze_batch, analyze_document, analyze_documents
from .errors import GoldFormatError, InputError, ModelError, SaidwhatError
from .records import SCHEMA, Analysis, Document, Failure, Quote, Segment, Speaker

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"

__all__ = [
    "SCHEMA", "Analysis", "Document", "Failure", "Quote", "Segment", "Speaker",
    "analyze", "analyze_batch", "analyze_document", "analyze_documents",
    "SaidwhatError", "InputError", "ModelError", "GoldFormatError", "__version__",
]
