"""The package's layers point one way: no import circles, models at the bottom, `check` without drawing code.

The graph is read from the source with `ast` (no import runs), and counts every import: module level, inside a
function, and under TYPE_CHECKING, because a circle through a lazy import is still two modules that each need
the other.
"""

import ast
import subprocess
import sys
from pathlib import Path

import handouts

PACKAGE = Path(handouts.__file__).parent
# The public facade imports everything (lazily) and nothing imports it but for __version__.
FACADE = "handouts"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Return each handouts module and the handouts modules it imports."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "_default" not in p.parts}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        is_package = path.name == "__init__.py"
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                # `from handouts.x import y` imports the module handouts.x.y when there is one.
                found |= {f"{target}.{a.name}" if f"{target}.{a.name}" in paths else target for a in node.names}
        graph[name] = {m for m in found if m in paths and m != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

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
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_graph_reader_sees_a_circle():
    # The check itself must be able to fail: two modules importing each other are one circle.
    assert circles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    graph = import_graph()
    assert "handouts.content.models.pose" in graph["handouts.content.models.exercise"]
    assert "handouts.content.load" in graph["handouts.cli"]  # a lazy import inside a command counts


def test_no_import_circles():
    graph = import_graph()
    # Modules that only take __version__ from the facade do not make it depend on them.
    for deps in graph.values():
        deps.discard(FACADE)
    assert circles(graph) == []


def test_models_import_nothing_above_them():
    graph = import_graph()
    allowed = ("handouts.content.models", "handouts.errors")
    wrong = {
        name: sorted(m for m in deps if not m.startswith(allowed))
        for name, deps in graph.items()
        if name.startswith("handouts.content.models")
    }
    assert {name: deps for name, deps in wrong.items() if deps} == {}


def test_mail_does_not_import_the_pack_builder():
    graph = import_graph()
    for mail in ("sender", "message", "smtp", "ledger"):
        mail = f"handouts.delivery.{mail}"
        assert "handouts.rendering.pack" not in graph[mail], mail


# The pipeline, bottom to top: a module may import its own layer and those below it, never one above.
# Delivery and the authoring tools are side by side at the top: neither imports the other.
LAYERS = {
    "handouts.errors": 0, "handouts.files": 0, "handouts.fonts": 0,
    "handouts.content": 1,
    "handouts.drawing": 2,
    "handouts.handouts": 3,
    "handouts.rendering": 4,
    "handouts.delivery": 5, "handouts.authoring": 5,
    "handouts.cli": 6, "handouts.__main__": 6,
}


def layer_of(module: str) -> str:
    return max((prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")), key=len)


def test_every_module_sits_in_a_layer():
    assert [m for m in import_graph() if m != FACADE and not any(
        m == p or m.startswith(p + ".") for p in LAYERS)] == []


def test_layers_point_one_way():
    graph = import_graph()
    upward = sorted(
        f"{name} -> {dep}"
        for name, deps in graph.items() if name != FACADE
        for dep in deps if dep != FACADE
        if LAYERS[layer_of(dep)] > LAYERS[layer_of(name)]
        or {layer_of(name), layer_of(dep)} == {"handouts.delivery", "handouts.authoring"}
    )
    assert upward == []


def test_the_layer_check_can_fail():
    assert LAYERS[layer_of("handouts.content.models.pose")] < LAYERS[layer_of("handouts.drawing.figures.render")]
    assert layer_of("handouts.handouts.musclemap") == "handouts.handouts"  # not mistaken for handouts.drawing


# What `handouts check` must not load: the PDF engine and the drawing code (only the atlas's ids are read).
DRAWING = ("weasyprint", "cairosvg", "svgelements", "handouts.drawing")


def test_check_imports_no_drawing_or_weasyprint(make_project):
    root = make_project()
    probe = (
        "import sys\n"
        "from handouts.cli import main\n"
        "sys.argv = ['handouts', 'check']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "print('EXIT', code)\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=root)
    assert "EXIT 0" in result.stdout, result.stdout + result.stderr
    modules = result.stdout.split("MODULES ", 1)[1].split()
    assert "handouts.content.load" in modules  # the probe did run the check
    assert [m for m in modules if m.startswith(DRAWING)] == []
