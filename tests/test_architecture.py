"""The package's layers, read from its own imports: no import circle, no import that runs up a layer,
no module over 400 lines.

Every import counts, also one inside a function (the lazy imports that keep `validate` from loading
the document libraries are imports all the same). The order of the layers is declared here, once.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "beiantool"

# Bottom first. A module belongs to the layer of the longest prefix that names it; it may import its
# own layer and the layers below, never one above.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base: errors, problems, enums, dates, privacy, safe writing", ("beiantool", "beiantool.base")),
    ("packet: reading, model, normalising, the read-only view, conditions", ("beiantool.packet",)),
    ("checks: the check functions and their registry", ("beiantool.checks",)),
    ("rules: rule sets, their loading, the engine that runs their checks", ("beiantool.rules",)),
    ("tasks: what the filer must do (checklist, change)", ("beiantool.tasks",)),
    ("api: the library's services", ("beiantool.api",)),
    ("outputs: every document written", ("beiantool.render",)),
    ("cli: the command line", ("beiantool.cli", "beiantool.__main__")),
]

MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's own modules that this module imports, anywhere in its body."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from a.b import c`: the module a.b.c when there is one, else a.b
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import a.b.c` of a name inside a module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _imports(name, path, known) for name, path in known.items()}


def _layer(name: str) -> int:
    """The index of the module's layer; None when no layer names it (the package root names only itself)."""
    best, where = -1, None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            inside = name.startswith(prefix + ".") and prefix != "beiantool"
            if (name == prefix or inside) and len(prefix) > best:
                best, where = len(prefix), index
    return where


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_every_module_has_a_layer():
    assert [name for name in _modules() if _layer(name) is None] == []


def test_no_import_runs_up_a_layer():
    graph = _graph()
    upward = [
        f"{src} ({LAYERS[_layer(src)][0].split(':')[0]}) -> {dst} ({LAYERS[_layer(dst)][0].split(':')[0]})"
        for src, targets in sorted(graph.items())
        for dst in sorted(targets)
        if _layer(src) is not None and _layer(dst) is not None and _layer(dst) > _layer(src)
    ]
    assert upward == []


def test_no_import_circle():
    assert _circles(_graph()) == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_no_module_over_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE.parent)}: {lines} lines"


def test_the_checker_sees_what_it_must():
    """The reader itself: a lazy import inside a function, a `from package import module`, a circle."""
    known = _modules()
    api = _imports("beiantool.api", known["beiantool.api"], known)
    assert "beiantool.rules.engine" in api  # `from beiantool.rules import engine` is the module
    assert "beiantool.base.safeio" in api  # imported inside write_starter only
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _layer("beiantool.cli.site") == len(LAYERS) - 1 and _layer("beiantool.base.safeio") == 0
    assert _layer("beiantool") == 0 and _layer("beiantool.newmodule") is None  # a new module must be given its layer
