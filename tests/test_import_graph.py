"""The engine's modules import one another without a cycle: the command line sits on the API,
the API on the pipeline, batch grading and the audit, and nothing below imports back up.

Every import statement counts, those inside functions too (a lazy import is deferred, not
gone: a cycle through one still ties the modules together). An import of a package's module
is an edge to that module; the implicit import of the packages above it is not counted
(a package's __init__ that imports its own modules is the usual layout, not a cycle)."""
import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "autograder"


def module_names():
    """{dotted module name: its file} of every module of the engine."""
    names = {}
    for path in ENGINE.rglob("*.py"):
        parts = path.relative_to(ENGINE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def imported(node, module, is_package, names):
    """The dotted names an Import or ImportFrom node of `module` names (`from a import b`: the module a.b
    when there is one, else a)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[:len(package) - node.level + 1]
        base = ".".join(package + ([base] if base else []))
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in names else base for alias in node.names]


def graph():
    """{module: the engine's modules it imports}, every import statement of its file counted."""
    names = module_names()
    edges = {}
    for module, path in names.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for name in imported(node, module, path.name == "__init__.py", names):
                    while name and name not in names:  # `from a import function`: the module a
                        name = name.rpartition(".")[0]
                    if name and name != module:
                        found.add(name)
        edges[module] = found
    return edges


def cycle(edges):
    """One cycle of the graph as [a, b, ..., a], or None (a depth-first search for a back edge)."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_engines_imports_have_no_cycle():
    edges = graph()
    assert {"autograder.cli", "autograder.api", "autograder.pipeline", "autograder.batch.grade_class"} <= set(edges)
    found = cycle(edges)
    assert found is None, "an import cycle: " + " -> ".join(found)


def test_the_command_line_is_above_the_api_and_nothing_imports_the_command_line():
    edges = graph()
    assert "autograder.api" in edges["autograder.cli"]
    importers = sorted(module for module, targets in edges.items()
                       if "autograder.cli" in targets and module != "autograder.__main__")
    assert importers == ["autograder.demo"], importers  # the demo runs the command line, as a user would


def test_the_cycle_finder_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
