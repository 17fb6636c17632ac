"""The handout notebook: homework.ipynb, built with nbformat from the starter files.

Per student file: a markdown cell with its task (the module's docstring) and the
signature and docstring (arguments and shapes) of each function to write; a code
cell of the file's provided code (imports, constants, provided functions); one
code cell per function to fill in. Every code cell is tagged `file:X.py` (and
`function:NAME` for a function to write), which is how the grader turns a
submitted notebook back into X.py (autograder/submission/notebooks.py). The last
cell runs the local checks on the saved notebook.
"""
import ast
from pathlib import Path

import nbformat

from autograder.packaging import contents, starter

CHECKS = '''# The public checks, as Gradescope shows them, on this notebook as last saved: save it first.
import glob
import shutil
import subprocess
import tempfile

folder = tempfile.mkdtemp()
for notebook in glob.glob("*.ipynb"):
    shutil.copy(notebook, folder)
print(subprocess.run(["./check", folder], capture_output=True, text=True).stdout)'''


def is_main_guard(node):
    return isinstance(node, ast.If) and "__name__" in ast.unparse(node.test)


def segments(source, graded):
    """[(function name or None, code)]: the file's provided code, then one segment per graded function."""
    lines = source.splitlines()
    tree = ast.parse(source)
    provided, functions = [], []
    body = tree.body[1:] if tree.body and isinstance(tree.body[0], ast.Expr) \
        and isinstance(tree.body[0].value, ast.Constant) else tree.body  # the docstring goes to markdown
    for node in body:
        if is_main_guard(node):  # a script's sanity checks: in a notebook __name__ is "__main__"
            continue
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        code = "\n".join(lines[start - 1:node.end_lineno])
        if isinstance(node, ast.FunctionDef) and node.name in graded:
            functions.append((node.name, code))
        else:
            provided.append(code)
    return [(None, "\n\n".join(provided))] + functions


def task(name, source, graded):
    """The markdown of one student file: its task, and each function's signature and docstring."""
    tree = ast.parse(source)
    parts = [f"## `{name}`", ast.get_docstring(tree) or ""]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in graded:
            parts += [f"### `{node.name}({ast.unparse(node.args)})`", f"```text\n{ast.get_docstring(node) or ''}\n```"]
    return "\n\n".join(parts)


def tagged_cell(code, file, function=None):
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["tags"] = [f"file:{file}"] + ([f"function:{function}"] if function else [])
    return cell


def build_notebook(assignment, hints):
    reference = Path(assignment.reference_dir)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = [nbformat.v4.new_markdown_cell(
        f"# {assignment.title}\n\nFill in every `# YOUR CODE HERE`, run the cells, then the last cell runs the "
        "public checks. Keep this notebook in the handout folder (it imports `utils/` and runs `./check`). "
        "Each code cell is tagged with the file it belongs to: the grader builds the files from the tagged "
        "cells, and runs nothing else but the definitions of the cells you add.")]
    for name in contents.selected_files(assignment):
        graded = {f.split(":")[1] for f in assignment.functions if f.split(":")[0] == name}
        source = starter.render((reference / name).read_text(encoding="utf-8"), str(reference / name), hints)
        cells.append(nbformat.v4.new_markdown_cell(task(name, source, graded)))
        for function, code in segments(source, graded):
            if code.strip():
                cells.append(tagged_cell(code, name, function))
    cells.append(nbformat.v4.new_code_cell(CHECKS))
    for number, cell in enumerate(cells):  # nbformat's ids are random: the same handout, the same bytes
        cell["id"] = f"cell-{number + 1}"
    notebook.cells = cells
    nbformat.validate(notebook)
    return notebook


def build(assignment, path, hints):
    """Write the notebook to path; return its size in bytes."""
    text = nbformat.writes(build_notebook(assignment, hints))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))
