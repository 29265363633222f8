"""Workshop files: opening, migrating, querying, importing and exporting.

Kept import-light on purpose: `storage.probe` must load without SQLAlchemy so the app can paint
its first frame before the heavy imports finish. Import the submodules you need.
"""
