"""Reading and editing the open workshop, one module per kind of entity.

Every function takes the session first and keyword-only arguments after it
(`create_system(session, *, data)`), so the app, the command line and the tests call the same
code. Writes commit at once and go through the ORM, so the audit hook records them.

- `systems`, `data_objects`, `flows`, `scenarios` (with their checks), `priorities` (criteria,
  candidates, scores, KPIs, the roadmap): the entities the screens edit;
- `cascade`: what a delete takes with it, shared by the modules above;
- `snapshot`: the whole workshop read into plain values, and the pure rules run on it
  (findings, suggested candidates); `readiness`: the Overview's counts and findings;
- `changes`: what was added, changed or removed since a day, read from the audit table;
- `undo`: undo, redo and the history, replayed from the audit table's steps for every entity.
"""
