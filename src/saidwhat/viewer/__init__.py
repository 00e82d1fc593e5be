"""The read-only web viewer (`saidwhat serve`): FastAPI pages and JSON API over a store."""

from .app import create_app

__all__ = ["create_app"]
