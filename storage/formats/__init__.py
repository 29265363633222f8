"""The workshop in other formats: one module per format, its reader and writer together.

- `export`: every format behind one function (`export`), for the command line and the Export
  dialog; it imports only the standard library until it runs, so the dialog can list formats
  without loading SQLAlchemy;
- `summary`: the session summary as plain blocks, rendered by `markdown` and `html` (with the
  flow map drawn by `flow_svg`), and the workshop as one table per entity for `csv` and `xlsx`;
- `mermaid`: the flow map as a Mermaid chart;
- `seamwork_json`: the `seamwork/1` file, the one format that is read as well as written.

A new importer (an Archi model, a spreadsheet of systems) belongs here beside its format's writer.
Module names such as `csv` and `html` are safe: imports are absolute, so `import csv` inside
this package is still the standard library's.
"""
