"""No module over 400 lines and no function over 60, tests, suites, reference, demos and bench
included: a reader takes in each in one sitting. Left out, and only these: starter/ (generated from
reference/ by `make starter`) and tests/compat/ (files as students of the original courses wrote them,
kept as they are because they are the data those tests grade)."""
import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LEFT_OUT = ("starter", "tests/compat")
NOT_SOURCE = (".venv", ".git", "out", "dist", "build", ".replay", ".hypothesis", "__pycache__")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def python_files():
    for path in sorted(PROJECT.rglob("*.py")):
        relative = path.relative_to(PROJECT)
        if set(relative.parts) & set(NOT_SOURCE) or relative.as_posix().startswith(LEFT_OUT):
            continue
        yield relative


def test_the_count_reaches_every_part_of_the_project():
    tops = {path.parts[0] for path in python_files()}
    assert {"autograder", "assignment", "reference", "tests", "bench", "demos"} <= tops, tops
    assert Path("autograder/sandbox/calls.py") in set(python_files())


def test_no_module_over_400_lines():
    long = {str(p): n for p in python_files() if (n := len((PROJECT / p).read_text().splitlines())) > MAX_MODULE_LINES}
    assert not long, f"split these by subject (at most {MAX_MODULE_LINES} lines each): {long}"


def test_no_function_over_60_lines():
    long = []
    for path in python_files():
        for node in ast.walk(ast.parse((PROJECT / path).read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1  # decorators aside, docstring and body included
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path}:{node.lineno} {node.name} ({length} lines)")
    assert not long, f"split these (at most {MAX_FUNCTION_LINES} lines each):\n" + "\n".join(long)
