"""No import cycles between the project's own modules.

A cycle makes the import order matter (a module half-initialised when its partner asks for a
name) and means two modules cannot be read, or moved, apart. The graph is read from the source
with `ast`, so imports inside functions count as much as those at the top: a lazy import only
hides a cycle until the function runs. `import_module("a.b")` with the name written out counts
too (a name computed at run time cannot be seen). Imports under `if TYPE_CHECKING:` never run,
so they do not count.

Resolution follows Python's: `from storage.queries import flows` is an edge to the module
`storage.queries.flows`; `from storage.queries.flows import list_flows` to `storage.queries.flows`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Every package of the project, read to build the graph.
PROJECT = ("models", "storage", "tui")
# Packages that must be free of cycles; tui joins once its app access is restructured.
ACYCLIC = ("models", "storage", "tui")

Graph = dict[str, set[str]]


def module_files(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """Dotted module name -> file, for every `.py` file under `packages` (in `root`)."""
    modules: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_named_in_call(node: ast.AST) -> str | None:
    """The module named in `import_module("a.b")` or `importlib.import_module("a.b")`."""
    if not (isinstance(node, ast.Call) and node.args):
        return None
    func, first = node.func, node.args[0]
    named = (isinstance(func, ast.Name) and func.id == "import_module") or (
        isinstance(func, ast.Attribute) and func.attr == "import_module"
    )
    if named and isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> Iterable[str]:
    """Every dotted name imported anywhere, except under `if TYPE_CHECKING:` (whose `else:`
    counts): a module, or a module plus a name from it."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                yield f"{base}.{alias.name}" if alias.name != "*" else base
        elif (named := _module_named_in_call(node)) is not None:
            yield named


def _resolve(name: str, known: Mapping[str, Path]) -> str | None:
    """The longest known module that `name` is, or is a name inside."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph(modules: Mapping[str, Path]) -> Graph:
    """module -> the known modules it imports (outside `if TYPE_CHECKING:`)."""
    graph: Graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges = graph.setdefault(module, set())
        for name in _imported_names(tree, module, path.name == "__init__.py"):
            found = _resolve(name, modules)
            if found is not None:
                edges.add(found)
    return graph


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's strongly connected components (iterative), each sorted, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterable[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def a_cycle(graph: Graph, component: list[str]) -> list[str]:
    """One concrete cycle through the component's first module: `a -> b -> ... -> a`."""
    members = set(component)
    start = component[0]
    paths: dict[str, list[str]] = {start: [start]}
    queue = [start]
    while queue:  # breadth first: the shortest way back to the start
        node = queue.pop(0)
        for child in sorted(graph[node] & members):
            if child == start:
                return [*paths[node], start]
            if child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    raise AssertionError(f"{component} is not a cycle")


def cycles(graph: Graph, packages: Iterable[str] | None = None) -> list[str]:
    """Each cycle as `a -> b -> a`, limited to those touching `packages` when given."""
    roots = set(packages) if packages is not None else None
    found = []
    for component in strongly_connected(graph):
        if len(component) == 1 and component[0] not in graph[component[0]]:
            continue
        if roots is not None and not {name.split(".")[0] for name in component} & roots:
            continue
        found.append(" -> ".join(a_cycle(graph, component)))
    return found


@pytest.fixture(scope="module")
def project_graph() -> Graph:
    return import_graph(module_files(ROOT, PROJECT))


@pytest.mark.parametrize("package", ACYCLIC)
def test_no_import_cycles(project_graph: Graph, package: str) -> None:
    assert any(module.startswith(f"{package}.") for module in project_graph)
    assert cycles(project_graph, [package]) == []


def test_the_graph_sees_lazy_and_submodule_imports(project_graph: Graph) -> None:
    """`from storage.queries.snapshot import suggest` inside a method is an edge to the module."""
    assert "storage.queries.snapshot" in project_graph["tui.dialogs.suggest_candidates"]
    assert "storage.probe" in project_graph["storage.workshop_file"]


# --- the checker itself ---------------------------------------------------------------------


def write_package(root: Path, files: Mapping[str, str]) -> dict[str, Path]:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return module_files(root, ["pkg"])


def test_the_checker_finds_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    modules = write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import helper\n",
            "pkg/b.py": "def helper():\n    from pkg import c\n",
            "pkg/c.py": "import importlib\nimportlib.import_module('pkg.a')\n",
            "pkg/d.py": "from . import a\n",  # relative: into the cycle, not part of it
        },
    )
    graph = import_graph(modules)
    assert graph["pkg.b"] == {"pkg.c"}
    assert graph["pkg.d"] == {"pkg.a"}
    assert cycles(graph) == ["pkg.a -> pkg.b -> pkg.c -> pkg.a"]
    assert cycles(graph, ["other"]) == []


def test_type_checking_imports_do_not_count(tmp_path: Path) -> None:
    modules = write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "import pkg.b\n",
            "pkg/b.py": (
                "from typing import TYPE_CHECKING\n"
                "import typing\n"
                "if TYPE_CHECKING:\n    from pkg.a import A\n"
                "if typing.TYPE_CHECKING:\n    import pkg.a\n"
                "else:\n    import pkg.c\n"
            ),
            "pkg/c.py": "",
        },
    )
    graph = import_graph(modules)
    assert graph["pkg.b"] == {"pkg.c"}
    assert cycles(graph) == []


def test_a_module_importing_itself_is_a_cycle(tmp_path: Path) -> None:
    modules = write_package(tmp_path, {"pkg/__init__.py": "from pkg import x\n", "pkg/x.py": ""})
    graph = import_graph(modules)
    assert cycles(graph) == []
    modules = write_package(tmp_path, {"pkg/x.py": "def f():\n    import pkg.x\n"})
    assert cycles(import_graph(modules)) == ["pkg.x -> pkg.x"]
