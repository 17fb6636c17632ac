"""The handout notebook: homework.ipynb, built with nbformat from the starter files.

Per student file: a markdown cell with its task (the module's docstring) and the
signature and docstring (arguments and shapes) of each function to write; then, in
the file's order, one code cell per function to fill in and a code cell for the
provided code between them (imports, constants, provided functions). Every code cell is tagged `file:X.py` (and
`function:NAME` for a function to write), which is how the grader turns a
submitted notebook back into X.py (autograder/submission/notebook_modules.py). The last
cell runs the local checks on the saved notebook.
"""
import ast
from pathlib import Path

import nbformat

from autograder.packaging import contents, starter

CHECKS = '''# The public checks, as Gradescope shows them, of this notebook as last saved: save it first (Ctrl-S).
import glob
import os
import shutil
import subprocess
import tempfile

if not os.path.exists("check"):
    print("This notebook must be in the handout's folder (where ./check and ./setup are): move it there, "
          "reopen it and run this cell again.")
else:
    with tempfile.TemporaryDirectory() as folder:
        for notebook in glob.glob("*.ipynb"):
            shutil.copy(notebook, folder)
        done = subprocess.run(["./check", folder], capture_output=True, text=True)
    print(done.stdout + done.stderr if done.stdout or done.stderr else f"./check exited {done.returncode} "
          "without a word: run it in a terminal in this folder to see why.")'''


def is_main_guard(node):
    return isinstance(node, ast.If) and "__name__" in ast.unparse(node.test)


def segments(source, graded):
    """[(function name or None, code)] in the file's order: one segment per graded function, and
    the provided code between them (imports, constants, provided functions) grouped; order
    matters, as a default argument may name a function defined above it."""
    lines = source.splitlines()
    tree = ast.parse(source)
    found = []
    body = tree.body[1:] if tree.body and isinstance(tree.body[0], ast.Expr) \
        and isinstance(tree.body[0].value, ast.Constant) else tree.body  # the docstring goes to markdown
    for node in body:
        if is_main_guard(node):  # a script's sanity checks: in a notebook __name__ is "__main__"
            continue
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        code = "\n".join(lines[start - 1:node.end_lineno])
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in graded:
            found.append((node.name, code))
        elif found and found[-1][0] is None:
            found[-1] = (None, found[-1][1] + "\n\n" + code)
        else:
            found.append((None, code))
    return found


def to_write(assignment, name, reference_source):
    """The top-level functions and classes of a student file that get a cell of their own: those
    graded (a graded method's class), and any other that holds a solution region (word2vec.py's
    own sigmoid, say)."""
    regions = starter.render_regions(reference_source, name)[1]
    return {f.split(":")[1].split(".")[0] for f in assignment.functions if f.split(":")[0] == name} | {
        qualname.split(".")[0] for _, qualname in regions}


def task(name, source, graded):
    """The markdown of one student file: its task, and each function's signature and docstring."""
    tree = ast.parse(source)
    parts = [f"## `{name}`", ast.get_docstring(tree) or ""]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in graded:
            parts += [f"### `{node.name}({ast.unparse(node.args)})`", f"```text\n{ast.get_docstring(node) or ''}\n```"]
        elif isinstance(node, ast.ClassDef) and node.name in graded:
            parts += [f"### class `{node.name}`", f"```text\n{ast.get_docstring(node) or ''}\n```"]
    return "\n\n".join(parts)


def tagged_cell(code, file, function=None):
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["tags"] = [f"file:{file}"] + ([f"function:{function}"] if function else [])
    return cell


def build_notebook(assignment, hints):
    reference = Path(assignment.reference_dir)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    sources, graded_names = contents.handout_sources(assignment)
    graded_list = "; ".join(f"`{file}`: " + ", ".join(f"`{n}`" for n in sorted(names))
                            for file, names in graded_names.items() if file in sources)
    cells = [nbformat.v4.new_markdown_cell(
        f"# {assignment.title}\n\nWhat is graded: {graded_list}. Fill in the `# YOUR CODE HERE` of those "
        "functions (and of any stub whose hint starts \"not graded itself\": graded functions call it), run the "
        "cells, save the notebook, then the last cell runs the public checks. Keep this notebook in the handout "
        "folder (it imports `utils/` and runs `./check`; set up once with `./setup` in a terminal there). "
        "Each code cell is tagged with the file it belongs to: the grader builds the files from the tagged "
        "cells, and runs nothing else but the definitions of the cells you add.")]
    for name, original in sources.items():
        graded = to_write(assignment, name, original)
        source = starter.render(original, str(reference / name), hints)
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


def text(assignment, hints):
    """The notebook's JSON text."""
    return nbformat.writes(build_notebook(assignment, hints))
