"""Layers are enforced, not hoped for: tui -> storage -> models, and a light `storage.probe`.

Two checks, because each misses something the other sees: importing every module in a fresh
interpreter catches imports done indirectly; reading the source catches imports inside
functions that the first check never runs.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Alembic's env script runs migrations when imported; it is only ever loaded by Alembic.
NOT_IMPORTABLE = {"storage.migrations.env"}


def run_python(script: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


WALK = """
import importlib, json, pkgutil, sys
skip = set({skip!r})
imported = []
for package_name in {packages!r}:
    package = importlib.import_module(package_name)
    imported.append(package_name)
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        if info.name not in skip:
            importlib.import_module(info.name)
            imported.append(info.name)
print(json.dumps({{"imported": imported, "loaded": sorted(sys.modules)}}))
"""


def loaded_after_importing(*packages: str) -> dict[str, list[str]]:
    return run_python(WALK.format(skip=sorted(NOT_IMPORTABLE), packages=list(packages)))


def top_level(names: list[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def test_models_and_storage_never_load_textual_or_tui() -> None:
    result = loaded_after_importing("models", "storage")
    # the walk really found the modules, nested packages included
    assert "storage.formats.seamwork_json.document" in result["imported"]
    assert "storage.migrations.versions.0001_initial" in result["imported"]
    assert not top_level(result["loaded"]) & {"textual", "tui"}


def test_models_never_load_storage() -> None:
    result = loaded_after_importing("models")
    assert "models.findings" in result["imported"]
    assert "storage" not in top_level(result["loaded"])
    assert not top_level(result["loaded"]) & {"textual", "tui"}


def test_probe_alone_stays_light() -> None:
    """The app paints its first frame from the probe before the heavy imports finish."""
    result = run_python(
        "import json, sys\n"
        "import storage.probe, storage.paths, storage.errors\n"
        "print(json.dumps({'loaded': sorted(sys.modules)}))"
    )
    assert not top_level(result["loaded"]) & {"sqlalchemy", "sqlmodel", "pydantic", "alembic"}


# --- static: what each layer's source may import --------------------------------------------

FORBIDDEN = {
    "models": {"storage", "tui", "textual"},
    "storage": {"tui", "textual"},
}


CHECKING = {"TYPE_CHECKING", "typing.TYPE_CHECKING"}


def imported_names(path: Path, *, type_hints: bool = True) -> set[str]:
    """Dotted names a file imports anywhere in it, functions included (`pydantic`,
    `pydantic.ValidationError`); without `type_hints`, not those under `if TYPE_CHECKING:`."""
    names: set[str] = set()
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"), str(path))]
    while stack:
        node = stack.pop()
        if not type_hints and isinstance(node, ast.If) and ast.unparse(node.test) in CHECKING:
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def imported_roots(path: Path) -> set[str]:
    """Top-level packages a file imports, anywhere in it (functions included)."""
    return {name.split(".")[0] for name in imported_names(path)}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_source_imports_respect_the_layers(layer: str) -> None:
    files = sorted((ROOT / layer).rglob("*.py"))
    assert len(files) >= 4
    offences = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[layer])
        for path in files
        if imported_roots(path) & FORBIDDEN[layer]
    }
    assert offences == {}


def test_the_static_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from textual.app import App\n    import tui.cli\n")
    assert imported_roots(sample) == {"textual", "tui"}


# --- static: the tui catches storage's errors, never the libraries' -------------------------

# Their exceptions stop at storage's functions (`storage.boundary`). Imports for type hints
# only (`Session` under `if TYPE_CHECKING:`) cannot be caught, so they are allowed.
LIBRARIES = {"pydantic", "pydantic_core", "sqlalchemy", "sqlmodel", "sqlite3"}


def library_imports(path: Path) -> list[str]:
    return sorted(
        name for name in imported_names(path, type_hints=False) if name.split(".")[0] in LIBRARIES
    )


def test_the_tui_never_imports_the_libraries_whose_errors_storage_converts() -> None:
    """So no `except` in the tui can name pydantic's or SQLAlchemy's exceptions."""
    files = sorted((ROOT / "tui").rglob("*.py"))
    assert len(files) >= 20
    offences = {
        str(path.relative_to(ROOT)): library_imports(path)
        for path in files
        if library_imports(path)
    }
    assert offences == {}


def test_the_library_check_sees_lazy_imports_and_spares_type_hints(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from sqlmodel import Session\n"
        "def save():\n"
        "    from pydantic import ValidationError\n"
        "    try:\n        pass\n"
        "    except ValidationError:\n        pass\n"
        "    import sqlalchemy.exc\n"
    )
    assert library_imports(sample) == ["pydantic.ValidationError", "sqlalchemy.exc"]


# --- static: storage's rooms ----------------------------------------------------------------


def storage_rooms() -> dict[str, tuple[list[Path], tuple[str, ...]]]:
    """Each room of storage: its files, and the rooms above it that it may not import."""
    storage = ROOT / "storage"
    lifecycle = [path for path in sorted(storage.glob("*.py")) if path.name != "demo.py"]
    return {
        "lifecycle": (lifecycle, ("storage.queries", "storage.formats", "storage.demo")),
        "queries": (
            sorted((storage / "queries").rglob("*.py")),
            ("storage.formats", "storage.demo"),
        ),
        "formats": (sorted((storage / "formats").rglob("*.py")), ("storage.demo",)),
    }


@pytest.mark.parametrize("room", ["lifecycle", "queries", "formats"])
def test_storage_rooms_import_only_the_rooms_below(room: str) -> None:
    """The file lifecycle knows nothing of queries; queries know nothing of formats."""
    files, above = storage_rooms()[room]
    assert len(files) >= 5
    offences = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_names(path) if name.startswith(above)
        )
        for path in files
    }
    assert {path: names for path, names in offences.items() if names} == {}
