"""Workshop files: opening, migrating, querying, importing and exporting.

Three rooms, each using only the ones above it (and `models`):

- here, the file and its lifecycle: `probe` (a light look with the standard library alone),
  `paths`, `errors`, `workshop_file` (open, create, migrate with `migrations/`), `audit` (the
  session that records every change, each committed transaction one undo step) with `steps`
  (what a step is called), `peek`, `atomic`, and `boundary` (library errors become `errors`);
- `queries/`: reading and editing the open workshop, a module per kind of entity;
- `formats/`: the workshop in other formats, each format's reader and writer together.

`demo` stands above all three: it writes a sample workshop by importing a `seamwork/1` file.

Kept import-light on purpose: `storage.probe`, `storage.paths` and `storage.errors` load without
SQLAlchemy or pydantic, so the app can paint its first frame before the heavy imports finish.
Import the submodules you need.
"""
