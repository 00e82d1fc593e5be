"""The corpus store: DuckDB tables for documents, segments, speakers, quotes, persons, rejects."""

from .store import SCHEMA_VERSION, Store, open_store

__all__ = ["SCHEMA_VERSION", "Store", "open_store"]
