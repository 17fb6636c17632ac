"""The student handout of one selected assignment: dist/student.zip and dist/homework.ipynb.

student.zip, unpacked, is the folder a student works in:

    README.md, check                the set-up command, and the local checks (./check)
    softmax.py, ..., utils/         the starter files of the selected functions, and the support modules
    grader/                         the engine, the public suites with their hints, stand-ins and
                                    fixtures, the grader's own copy of the support modules, and the
                                    runtime requirements

It holds no reference solution and no hidden test: the grader's manifest names
no reference folder, so only the public tier can run.
"""
import os
from pathlib import Path

from autograder.assignment import AssignmentError
from autograder.packaging import HINT_LEVELS, contents, notebook, starter

GRADER = "grader"
SETUP = "python3 -m venv .venv && .venv/bin/pip install -r grader/requirements.txt"

CHECK = """#!/usr/bin/env bash
# The public checks of the files in this folder, as Gradescope will show them:
#   ./check                   prints the report
#   ./check --results FILE    also writes Gradescope's results.json to FILE
#   ./check FOLDER            checks the files in FOLDER instead
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
folder="$here"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then folder="$(cd "$1" && pwd)" || exit 2; shift; fi
python="${AUTOGRADER_PYTHON:-$here/.venv/bin/python}"
if [ ! -x "$python" ]; then
    echo "Set up first, once, in this folder: %(setup)s" >&2
    exit 2
fi
arguments=()
while [ $# -gt 0 ]; do
    # The checks run from grader/: a relative results path is made absolute first.
    case "$1" in
        --results) file="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
        --results=*) file="${1#--results=}"; shift ;;
        *) arguments+=("$1"); shift; continue ;;
    esac
    case "$file" in /*) ;; *) file="$PWD/$file" ;; esac
    arguments+=(--results "$file")
done
cd "$here/%(grader)s" || exit 2
exec env PYTHONDONTWRITEBYTECODE=1 "$python" -m autograder check "$folder" ${arguments[@]+"${arguments[@]}"}
"""

README = """# %(title)s

Your files: %(files)s. Fill in every `# YOUR CODE HERE` (each function's docstring says
what it takes and returns, with the shapes), then run the checks here. `utils/` holds
modules the course provides: use them, do not edit them.

Set up once, in this folder (Python 3.10 to 3.12):

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
If you prefer a notebook, `homework.ipynb` holds the same functions: fill in its
cells and upload the notebook instead; its last cell runs these checks.
"""


def files(assignment, hints):
    """{path in student.zip: bytes}."""
    reference = Path(assignment.reference_dir)
    package = {}
    for name in contents.selected_files(assignment):
        source = (reference / name).read_text(encoding="utf-8")
        package[name] = starter.render(source, str(reference / name), hints).encode("utf-8")
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
    package["check"] = (CHECK % {"setup": SETUP, "grader": GRADER}).encode("utf-8")
    package["README.md"] = (README % {"title": assignment.title, "setup": SETUP,
                                      "files": ", ".join(f"`{n}`" for n in contents.selected_files(assignment))}
                            ).encode("utf-8")
    return package


def build(assignment, out, hints=None):
    """Write out/student.zip and out/homework.ipynb; return [(path, size in bytes)]."""
    hints = hints or assignment.manifest.get("hints", "short")
    if hints not in HINT_LEVELS:
        raise AssignmentError(f"hints {hints!r} is not one of {', '.join(HINT_LEVELS)}; "
                              "set \"hints\" in the manifest to one of them")
    zip_path = os.path.join(out, "student.zip")
    built = [(zip_path, contents.write_zip(zip_path, files(assignment, hints), executables={"check"}))]
    notebook_path = os.path.join(out, "homework.ipynb")
    built.append((notebook_path, notebook.build(assignment, notebook_path, hints)))
    return built
