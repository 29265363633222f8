"""Seamwork's domain: SQLModel tables and pure rules. Imports neither `storage` nor `tui`."""
