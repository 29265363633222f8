"""The `seamwork/1` JSON file: the workshop people keep, diff and move between machines.

Read in the order a file goes through on import, each module depending only on those above it:

- `keys`: the format's name and each entry's keys in file order (all that exporting needs);
- `schema`: the pydantic models (`SystemIn`, `FlowIn`, ...) that check each value on its own;
- `parse`: text to a validated document, or one sentence naming the bad value's path;
- `write`: the open workshop as plain data, one function per top-level key, deterministic, and
  the exported file itself (`export_json`), without loading the import side;
- `check`: a document against itself and the workshop (duplicates, references by name);
- `merge`: a checked document written into the workshop by name, without committing;
- `document`: the `SECTIONS` that tie those together, and the entry points `export_json`,
  `parse_document`, `import_document` and `import_json`.
"""
