"""Exceptions raised by saidwhat.

    SaidwhatError
    ├── InputError      a document cannot be read (binary, bad encoding, empty, malformed JSONL line)
    ├── ModelError      the spaCy pipeline cannot be loaded
    └── GoldFormatError a gold file for `saidwhat eval` does not follow the documented format

The CLI turns every SaidwhatError into a one-line message; in a batch, a failing document is
recorded with its reason and skipped.
"""

from __future__ import annotations


class SaidwhatError(Exception):
    """Base class of every error saidwhat raises on purpose."""


class InputError(SaidwhatError):
    """A document could not be read.

    Args:
        source: the file (or "<stdin>") the document came from.
        reason: what is wrong, in words a user understands.
        line: the 1-based line of a JSONL file, when the problem is one line.
        doc_id: the document id, when it is known.
    """

    def __init__(self, source: str, reason: str, *, line: int | None = None, doc_id: str | None = None):
        self.source = source
        self.reason = reason
        self.line = line
        self.doc_id = doc_id
        where = source if line is None else f"{source}:{line}"
        if doc_id is not None and doc_id != source:
            where = f"{where} (document {doc_id})"
        super().__init__(f"{where}: {reason}")


class ModelError(SaidwhatError):
    """The spaCy pipeline could not be loaded."""


class GoldFormatError(SaidwhatError):
    """A gold file does not follow the format described in the datasets README."""
