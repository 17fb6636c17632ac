"""The student handout of one selected assignment: dist/student.zip and dist/homework.ipynb.

student.zip, unpacked, is the folder a student works in:

    README.md, setup, check         what is graded, the set-up command (./setup), the local checks (./check)
    softmax.py, ..., utils/         the starter files of the selected functions, and the support modules
    homework.ipynb                  the same functions as a notebook, whose last cell runs ./check
    grader/                         the engine, the public suites with their hints, stand-ins and
                                    fixtures, the grader's own copy of the support modules, and the
                                    runtime requirements

It holds no reference solution and no hidden test: the grader's manifest names
no reference folder, so only the public tier can run.
"""
import os
from pathlib import Path

from autograder.assignment import AssignmentError
from autograder.packaging import HINT_LEVELS, contents, homework_notebook, starter

NOTEBOOK = "homework.ipynb"

GRADER = "grader"
SETUP = "./setup"

# The handout's two commands, shipped as they are (they hold the handout's grader/ folder and ./setup by name).
SCRIPTS = Path(__file__).resolve().parent / "scripts"

README = """# %(title)s

Graded: fill in the `# YOUR CODE HERE` of these functions (each one's docstring says what it takes
and returns, with the shapes), then run the checks here.

%(graded)s

A stub whose hint starts "not graded itself" is called by graded functions: write it too; one that
starts "optional" is not graded. `utils/` holds modules the course provides: use them, do not edit them.

Set up once, in this folder (it finds a Python 3.10 to 3.12 and installs what the checks need in
`.venv`; `./setup PYTHON` to choose the interpreter):

```sh
%(setup)s
```

Then check your work as often as you like:

```sh
./check                         # the public checks, with the points and messages Gradescope shows for them
./check --results results.json  # the same, and Gradescope's results.json
```

Gradescope also runs hidden tests after the due date, so passing every check here is
necessary but not sufficient. Upload your `.py` files (not this folder's `grader/`).
If you prefer a notebook, `homework.ipynb` (in this folder) holds the same functions: fill in its
cells, save it, and run its last cell, which runs these checks on the notebook; then upload the notebook
instead of the `.py` files.
"""


def graded_text(graded):
    """One line per file, in the handout's order: "- `word2vec.py`: `sigmoid`, `skipgram`"."""
    return "\n".join(f"- `{file}`: " + ", ".join(f"`{name}`" for name in sorted(names))
                      for file, names in graded.items())


def files(assignment, hints):
    """{path in student.zip: bytes}, homework.ipynb included."""
    reference = Path(assignment.reference_dir)
    sources, graded = contents.handout_sources(assignment)
    package = {name: starter.render(source, str(reference / name), hints).encode("utf-8")
               for name, source in sources.items()}
    support = []
    for path in assignment.support_paths:
        name = os.path.basename(path)
        # Next to the student's files, where the handout had them, and the grader's own copy.
        beside = os.path.relpath(path, assignment.reference_dir).replace(os.sep, "/")
        package.update(contents.support_files(path, beside))
        package.update(contents.support_files(path, f"{GRADER}/support/{name}"))
        support.append(f"../support/{name}")
    changes = {"reference": None, "support": support or None}
    package.update(contents.assignment_files(assignment, ("public",), f"{GRADER}/assignment", changes))
    package.update(contents.engine_files(f"{GRADER}/autograder"))
    package[f"{GRADER}/requirements.txt"] = contents.read(os.path.join(contents.PROJECT, "requirements-grading.txt"))
    for script in ("setup", "check"):
        package[script] = (SCRIPTS / script).read_bytes()
    package["README.md"] = (README % {"title": assignment.title, "setup": SETUP,
                                      "graded": graded_text({f: graded[f] for f in sources})}).encode("utf-8")
    package[NOTEBOOK] = homework_notebook.text(assignment, hints).encode("utf-8")
    return package


def build(assignment, out, hints=None):
    """Write out/student.zip and out/homework.ipynb; return [(path, size in bytes)]."""
    hints = hints or assignment.manifest.get("hints", "short")
    if hints not in HINT_LEVELS:
        raise AssignmentError(f"hints {hints!r} is not one of {', '.join(HINT_LEVELS)}; "
                              "set \"hints\" in the manifest to one of them")
    zip_path = os.path.join(out, "student.zip")
    package = files(assignment, hints)
    built = [(zip_path, contents.write_zip(zip_path, package, executables={"check", "setup"}))]
    notebook_path = os.path.join(out, NOTEBOOK)
    Path(notebook_path).write_bytes(package[NOTEBOOK])
    built.append((notebook_path, len(package[NOTEBOOK])))
    return built
