"""The top-level screens, one per module; the app switches between them as modes."""
