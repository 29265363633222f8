"""Reusable widgets: they know Textual, not the workshop."""
