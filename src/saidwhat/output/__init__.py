"""Renderers: JSON, the terminal report and the self-contained HTML page."""
