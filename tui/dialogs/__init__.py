"""Modal dialogs. Each returns a typed result through `dismiss`, awaited with a callback."""
