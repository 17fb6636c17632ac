"""What the engine's source may contain, read with ast: it names no content of
the real assignment, and its trust boundary (the code that runs in or talks to
the worker) is small and imports nothing third-party but numpy."""
import ast
import json
import re
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
ENGINE = PROJECT / "autograder"
ASSIGNMENT = PROJECT / "assignment"
# The trust boundary: everything that starts, confines, talks to or cleans up after the worker (every file of
# the sandbox package, show.py included, which shows values in messages), and the module outside it that it imports
# (faults.py, the exception families its exceptions belong to).
BOUNDARY = sorted((ENGINE / "sandbox").glob("*.py")) + [ENGINE / "faults.py"]
# About 1,930 today: calls sent ahead in one frame added 60; removing System V objects, charging a worker
# that the submission spoilt to the submission, and reading records only in declared shapes added 80.
MAX_BOUNDARY_LINES = 1950
CONTENT_PACKAGES = {"assignment", "reference", "starter"}


def docstring_nodes(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                yield first.value


def imported_modules(tree):
    """(line, absolute module name) of every import."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.lineno, node.module


def assignment_names():
    """The real assignment's function ids, files, modules and function names (aliases too),
    and its suite files, from assignment/manifest.json and its folders."""
    manifest = json.loads((ASSIGNMENT / "manifest.json").read_text())
    support = tuple(Path(path).name + "/" for path in manifest["support"])  # the handout's, not content ids
    names = set()
    for canonical, aliases in manifest["functions"].items():
        for function_id in [canonical, *aliases]:
            path, function = function_id.split(":")
            if path.startswith(support):
                continue
            names |= {function_id, path, Path(path).name, Path(path).stem, function}
    names |= {suite.name for tier in ("public", "hidden") for suite in (ASSIGNMENT / tier).glob("test_*.py")}
    names |= set(manifest["standins"])
    return names


def test_the_names_are_derived():
    names = assignment_names()
    assert {"softmax", "word2vec.py", "sgd.py", "sigmoid.py:sigmoid", "test_softmax.py"} <= names


WORD = re.compile(r"[\w/]+\.py:\w+|[\w/]+\.py|\w+\.py|\w+")


def content_named(source, where, names):
    """'where:line: ...' for each import of assignment content and each string (not a
    docstring) that names one of `names`."""
    stems = {name for name in names if re.fullmatch(r"\w+", name)}
    found = []
    tree = ast.parse(source)
    for line, module in imported_modules(tree):
        top = module.split(".")[0]
        if top in CONTENT_PACKAGES or top in stems:
            found.append(f"{where}:{line}: imports {module}")
    docstrings = {id(node) for node in docstring_nodes(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            words = set(WORD.findall(node.value)) | set(re.findall(r"\w+\.py|\w+", node.value))
            named = sorted(words & names)
            if named:
                found.append(f"{where}:{node.lineno}: names {', '.join(named)} in {node.value[:80]!r}")
    return found


def test_the_check_finds_what_it_looks_for():
    names = assignment_names()
    source = ('"""softmax.py in a docstring is fine."""\nimport reference.softmax\nfrom starter import sgd\n'
              'import softmax\nHELP = "e.g. public/test_softmax.py::test_rows"\nID = "word2vec.py:skipgram"\n'
              'x = f"{1} calls sigmoid"\n')
    found = content_named(source, "x.py", names)
    assert [f.split(": ")[0] for f in found] == ["x.py:2", "x.py:3", "x.py:4", "x.py:5", "x.py:6", "x.py:7"], found


def test_engine_names_no_assignment_content():
    names = assignment_names()
    found = []
    for path in sorted(ENGINE.rglob("*.py")):
        found += content_named(path.read_text(), path.relative_to(PROJECT), names)
    assert not found, "the engine names the assignment's content:\n" + "\n".join(found)


def test_trust_boundary_is_small():
    """Every line of every file counts, docstrings and comments too: an auditor reads them all."""
    assert {path.name for path in BOUNDARY} >= {"worker.py", "process.py", "confine.py", "calls.py", "show.py"}
    sizes = {path.name: len(path.read_text().splitlines()) for path in BOUNDARY}
    assert sum(sizes.values()) <= MAX_BOUNDARY_LINES, sizes


def test_trust_boundary_imports_only_the_standard_library_numpy_and_itself():
    siblings = {path.stem for path in BOUNDARY}  # the worker imports wire and resolve by file name
    found = []
    for path in BOUNDARY:
        for line, module in imported_modules(ast.parse(path.read_text())):
            top = module.split(".")[0]
            allowed = (top in sys.stdlib_module_names or top == "numpy" or top in siblings
                       or module == "autograder.sandbox" or module.startswith("autograder.sandbox.")
                       or module == "autograder.faults")
            if not allowed:
                found.append(f"{path.name}:{line}: imports {module}")
    assert not found, "\n".join(found)


def test_suites_use_only_the_checks_face_of_the_engine():
    """Suites import autograder.checks alone: the engine's inside can change without touching them."""
    found = []
    suites = [path for folder in ("assignment", "tests/toy") for tier in ("public", "hidden")
              for path in sorted((PROJECT / folder / tier).glob("*.py"))]
    for path in suites:
        for line, module in imported_modules(ast.parse(path.read_text())):
            if module.split(".")[0] == "autograder" and not module.startswith("autograder.checks"):
                found.append(f"{path.relative_to(PROJECT)}:{line}: imports {module}")
    assert not found, "\n".join(found)
