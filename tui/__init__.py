"""The Textual app and the command line. Imports `storage`'s heavy modules lazily (fast start)."""
