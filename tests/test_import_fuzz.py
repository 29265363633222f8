"""Fuzzing `seamwork import` (issue 12): hostile and broken `seamwork/1` files never end in a
traceback, a refusal is one sentence on stderr with exit status 2 and leaves the target exactly
as it was (or absent), and whatever is accepted then exports to every format.

Two kinds of input: documents of the right shape whose strings, numbers and dates are hostile
(control and ESC sequences, non-characters, bidirectional overrides, zero-width characters,
dates at the ends of time, huge numbers), and documents mutated out of shape (a node replaced
by junk, deep nesting, truncation, a broken encoding). The command line is run in process, as
the console script runs it, so an uncaught exception fails the test. Derandomised, so CI sees
the same examples every run.

On a PostgreSQL server workshop too, with fewer examples (each merges into one workshop of the
module's own): what the server stores may differ from SQLite (text, numbers, dates at the ends
of time), and a refusal found while merging must roll back there as well. A refusal into a new
server workshop leaving nothing is test_cli's; mutated documents are refused before any
workshop is opened, the same code on either engine.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import engines
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from seamwork_files import digest, sidecars
from workshop_templates import cached

from models.characters import for_terminal
from storage.formats.export import FORMATS, export
from storage.formats.seamwork_json.keys import FORMAT
from storage.formats.seamwork_json.parse import MAX_DEPTH
from storage.workshop_file import open_workshop
from tui.cli import main

EXAMPLES = 300  # per test; two tests, so 600 inputs in all

SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE = (
    "\x00", "\x07", "\x1b[31m", "\x1b]0;pwned\x07", "\x1b[2J", "\x9b2J", "\x7f", "\x85",
    "\r\n", "\r", "\t", "\n", "\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\U0001fffe",
    "\u202e", "\u2066", "\u200b", "\u200d", "\u200c", "\ufeff", "\u00ad", "\u2028", "\u2029",
    "\U000e0041", "\ud800", "\udfff", "A\u0301", "\u00c1", "=HYPERLINK(\"x\")", "+1",
    "@SUM(A1)", "<script>", "[red]", "[/", "[@click=app.quit]", "|", "`", "-->", " -> ", ": ",
    "Shopify", "Sage X3", " ", "",
)  # fmt: skip

# Text made of ordinary characters and the hostile pieces above (surrogates come in escapes,
# see `_encode`).
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)), max_size=6).map(
    "".join
)
names = st.one_of(st.sampled_from(("Shopify", "Sage X3", "Stock", "Orders")), hostile_text)
FAIR = (
    "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "<script>alert(1)</script>", "&amp;", "[red]",
    "[/", "[@click=app.quit]", "| a |", "*b*", "`x`", "-->", "%%", "é", "A\u0301", "\u05e9\u05dc",
    "\u0645\u0631", "\U0001f600", "\U0001f468\u200d\U0001f4bb", "\t", "\n", "\r\n", " ", "\u00a0",
    "\ue000", "\\", "\"", "'", "Shopify", "Sage X3",
)  # fmt: skip
fair_text = st.lists(st.sampled_from(FAIR), max_size=4).map("".join)
# The first 19 pieces: a name refuses the ZWJ, tab and line breaks that follow.
fair_names = st.one_of(
    st.sampled_from(("Shopify", "Sage X3", "Stock", "Orders")),
    st.lists(st.sampled_from(FAIR[:19]), min_size=1, max_size=3).map("".join),
)
numbers = st.one_of(
    st.integers(min_value=-3, max_value=8),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from((1e308, -1e308, 2**63, 2**63 - 1, -(2**63) - 1)),
)
timestamps = st.one_of(
    st.sampled_from(
        (
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59+00:00",
            "0001-01-01T00:00:00Z",
            "2025-03-11T10:15:00",
            "2025-02-30T10:15:00+00:00",
            "2025-03-11T10:15:00+24:00",
        )
    ),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    hostile_text,
)
dates = st.one_of(
    st.sampled_from(("2026-03-02", "0001-01-01", "9999-12-31", "2026-02-30", "")),
    st.dates().map(str),
    hostile_text,
)
flags = st.one_of(st.booleans(), st.none(), st.integers(0, 1))


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


def _entries(
    required: dict[str, st.SearchStrategy[Any]], max_size: int, **optional: st.SearchStrategy[Any]
) -> st.SearchStrategy[list[dict[str, Any]]]:
    """A list of entries with the `required` keys and any of the `optional` ones."""
    return st.lists(st.fixed_dictionaries(required, optional=optional), max_size=max_size)


def _ref(parts: list[str]) -> str:
    return f"{parts[0]} -> {parts[1]}: {parts[2]}"


def _documents(
    hostile_text: st.SearchStrategy[str],
    names: st.SearchStrategy[str],
    numbers: st.SearchStrategy[Any] = numbers,
    timestamps: st.SearchStrategy[Any] = timestamps,
    dates: st.SearchStrategy[Any] = dates,
    flags: st.SearchStrategy[Any] = flags,
) -> st.SearchStrategy[dict[str, Any]]:
    """A document of the right shape: every section, with `hostile_text` where text goes,
    `names` where names go, and the other strategies for values. Names repeat from a small pool
    often enough that references resolve."""
    flow_refs = st.one_of(st.lists(names, min_size=3, max_size=3).map(_ref), hostile_text)
    concerns = st.lists(
        st.one_of(
            st.fixed_dictionaries({"system": names}),
            st.fixed_dictionaries({"flow": flow_refs}),
            st.fixed_dictionaries({"kpi": names}),
        ),
        max_size=2,
    )
    sessions = st.lists(
        st.fixed_dictionaries(
            {"date": dates},
            optional={
                "title": hostile_text,
                "attendees": st.lists(
                    st.fixed_dictionaries({"name": names}, optional={"role": hostile_text}),
                    max_size=2,
                ),
                "agenda": st.lists(
                    st.fixed_dictionaries({"title": hostile_text}, optional={"minutes": numbers}),
                    max_size=2,
                ),
                "decisions": st.lists(
                    st.fixed_dictionaries({"text": hostile_text}, optional={"concerns": concerns}),
                    max_size=2,
                ),
                "actions": _entries(
                    {"text": hostile_text}, 2, owner=names, due=dates, done=flags, concerns=concerns
                ),
                "parking_lot": st.lists(
                    st.fixed_dictionaries({"text": hostile_text}, optional={"answered": flags}),
                    max_size=1,
                ),
            },
        ),
        max_size=1,
    )

    return st.fixed_dictionaries(
        {"format": st.just(FORMAT)},
        optional={
            "workshop": _optional(name=names, client=hostile_text, notes=hostile_text),
            "systems": _entries(
                {"name": names},
                4,
                category=st.sampled_from(("erp", "crm", "ERP", "nope")),
                notes=hostile_text,
                vendor=hostile_text,
                criticality=numbers,
            ),
            "data_objects": st.lists(
                st.fixed_dictionaries(
                    {"name": names},
                    optional={
                        "source_of_truth": names,
                        "definition": hostile_text,
                        "definitions": st.lists(
                            st.fixed_dictionaries({"department": names, "text": hostile_text}),
                            max_size=2,
                        ),
                    },
                ),
                max_size=3,
            ),
            "flows": st.lists(
                st.fixed_dictionaries(
                    {"source": names, "target": names, "data_object": names},
                    optional={
                        "owner": hostile_text,
                        "volume_per_day": numbers,
                        "manual_hours_per_week": numbers,
                        "monitored": flags,
                    },
                ),
                max_size=3,
            ),
            "scenarios": st.lists(
                st.fixed_dictionaries(
                    {"title": names},
                    optional={"category": hostile_text, "description": hostile_text},
                ),
                max_size=2,
            ),
            "checks": st.lists(
                st.fixed_dictionaries(
                    {"flow": flow_refs, "scenario": names},
                    optional={
                        "status": st.sampled_from(("open", "gap", "handled", "Gap", "x")),
                        "note": hostile_text,
                        "updated_at": timestamps,
                    },
                ),
                max_size=2,
            ),
            "criteria": st.lists(
                st.fixed_dictionaries({"name": names}, optional={"weight": numbers}), max_size=2
            ),
            "candidates": st.lists(
                st.fixed_dictionaries(
                    {"name": names},
                    optional={
                        "phase": numbers,
                        "flows": st.lists(flow_refs, max_size=2),
                        "scores": st.dictionaries(names, numbers, max_size=2),
                        "rationales": st.dictionaries(names, hostile_text, max_size=2),
                    },
                ),
                max_size=2,
            ),
            "kpis": st.lists(
                st.fixed_dictionaries(
                    {"name": names},
                    optional={"baseline": numbers, "target": numbers, "unit": hostile_text},
                ),
                max_size=2,
            ),
            "sessions": sessions,
        },
    )


# A third of the documents hold anything; a third hold text the rules accept (markup, formulas,
# other scripts, line breaks) and odd values elsewhere, so validation gets past the text to the
# numbers and dates; a third are fair throughout, so enough are imported to exercise every export.
documents = st.one_of(
    _documents(hostile_text, names),
    _documents(fair_text, fair_names),
    _documents(
        fair_text,
        fair_names,
        numbers=st.integers(1, 5),
        timestamps=st.sampled_from(("9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00")),
        dates=st.dates().map(str),
        flags=st.booleans(),
    ),
)


junk = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, hostile_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(hostile_text, inner, max_size=3)
    ),
    max_leaves=8,
)


DEEP = "<deeply nested>"


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every node below the top."""
    found = [path] if path else []
    children = (
        value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list)
        else ()
    )  # fmt: skip
    for key, child in children:
        found += _nodes(child, (*path, key))
    return found


def _replace(document: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = (dict if isinstance(document, dict) else list)(document)
    copy[path[0]] = _replace(document[path[0]], path[1:], new)
    return copy


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A well-shaped document with one node replaced: by junk, by a deep nest, or removed."""
    document = draw(documents)
    nodes = _nodes(document)
    if not nodes:
        return document
    path = draw(st.sampled_from(nodes))
    kind = draw(st.sampled_from(("junk", "deep", "unknown key")))
    if kind == "junk":
        return _replace(document, path, draw(junk))
    if kind == "deep":  # built in the text (`_encode`): json.dumps would recurse too deeply
        return _replace(document, path, DEEP)
    return {**document, draw(hostile_text): draw(junk)}


def _encode(document: Any, style: str, depth: int = 0) -> bytes:
    """The document as the bytes of a file, in one of several ways a file can be (or break);
    `DEEP` in it becomes a list nested `depth` levels deep."""
    if style == "raw":  # non-ASCII as it is; a lone surrogate cannot be UTF-8, so it breaks
        text = json.dumps(document, ensure_ascii=False)
        return text.replace(f'"{DEEP}"', "[" * depth + "]" * depth).encode("utf-8", "surrogatepass")
    text = json.dumps(document, ensure_ascii=True)  # lone surrogates as \\ud800 escapes
    text = text.replace(f'"{DEEP}"', "[" * depth + "]" * depth)
    if style == "truncated":
        return text[: max(1, len(text) * 2 // 3)].encode()
    if style == "bom":
        return ("\ufeff" + text).encode()
    if style == "huge number":
        return text.replace(FORMAT + '"', FORMAT + '", "n": ' + "9" * 5000, 1).encode()
    return text.encode()


def _template(path: Path | str) -> None:
    """The target: a small estate, so imports merge into names that already exist."""
    with open_workshop(path) as workshop, workshop.session() as session:
        from storage.formats.seamwork_json.document import import_json

        estate = {
            "format": FORMAT,
            "systems": [{"name": "Shopify"}, {"name": "Sage X3"}],
            "data_objects": [{"name": "Stock"}],
            "flows": [{"source": "Sage X3", "target": "Shopify", "data_object": "Stock"}],
        }
        import_json(session, json.dumps(estate))


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _import_then_export(source: bytes, existing: bool, server: str | None = None) -> bool:
    """Import `source` as the command line does; check what a refusal and an acceptance owe.
    Returns whether it was accepted. `server`: the URL of an existing server workshop to
    import into instead of a file."""
    with tempfile.TemporaryDirectory() as folder:
        target: Path | str = Path(folder) / "target.seamwork"
        if server is not None:
            target = server
            before = engines.fingerprint(server)
        elif existing:
            cached(target, _template)
            before = digest(target)
        file = Path(folder) / "in.json"
        file.write_bytes(source)
        code, out, err = _run("import", str(target), str(file))
        assert "Traceback" not in err
        if code != 0:
            assert code == 2, err
            assert out == ""
            assert err.startswith("seamwork: ") and err.endswith("\n")
            assert "\n" not in err[:-1], err
            assert err == for_terminal(err), err
            if isinstance(target, str):
                assert engines.fingerprint(target) == before
            elif existing:
                assert digest(target) == before
            else:
                assert not target.exists()
            if isinstance(target, Path):
                assert not sidecars(target)
            event("refused")  # --hypothesis-show-statistics shows the share
            return False
        event("accepted")
        with open_workshop(target, read_only=True) as workshop, workshop.session() as session:
            for fmt in FORMATS:
                destination = None if fmt in ("md", "json", "mermaid") else Path(folder) / fmt
                result = export(session, fmt, destination)
                if isinstance(result, str):
                    assert result == for_terminal(result), fmt  # nothing a terminal acts on
                else:
                    assert result.exists()
        return True


@SETTINGS
@given(
    document=documents,
    existing=st.booleans(),
    style=st.sampled_from(("ascii", "ascii", "raw", "bom")),
)
def test_hostile_values_are_refused_cleanly_or_exported_everywhere(
    document: dict[str, Any], existing: bool, style: str
) -> None:
    _import_then_export(_encode(document, style), existing)


@SETTINGS
@given(
    document=mutated(),
    existing=st.booleans(),
    style=st.sampled_from(("ascii", "raw", "truncated", "huge number")),
    depth=st.sampled_from((MAX_DEPTH - 4, MAX_DEPTH + 1, 200, 1000, 100_000)),
)
def test_broken_documents_are_refused_cleanly(
    document: Any, existing: bool, style: str, depth: int
) -> None:
    _import_then_export(_encode(document, style, depth), existing)


SERVER_EXAMPLES = 25


@pytest.fixture(scope="module")
def server_target(postgres: Any) -> Iterator[str]:
    """The estate `_template` writes, in a database of this module's own on the test server."""
    base = postgres.database()
    where = f"{base}?workshop=target"
    _template(where)
    yield where
    postgres.drop(base)


@settings(SETTINGS, max_examples=SERVER_EXAMPLES)
@given(document=documents, style=st.sampled_from(("ascii", "raw", "bom")))
def test_hostile_values_on_a_server_workshop(
    server_target: str, document: dict[str, Any], style: str
) -> None:
    _import_then_export(_encode(document, style), True, server=server_target)
