"""The `seamwork/1` JSON file: the workshop people keep, diff and move between machines."""
