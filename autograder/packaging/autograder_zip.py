"""The Gradescope autograder zip of one selected assignment:

    setup.sh, run_autograder          at the zip's root, as Gradescope requires
    requirements-grading.txt          the runtime pins setup.sh installs
    autograder/                       the engine
    assignment/                       the selection's suites, hints, stand-ins, fixtures, manifest
    reference/                        the reference files the hidden suites use, and the support modules

Nothing else: no virtual environment, version control, caches, tests or demos.
"""
import os

from autograder.packaging import contents

ROOT_FILES = ("setup.sh", "run_autograder", "requirements-grading.txt")
MAX_BYTES = 1024 * 1024  # a zip past this holds something grading does not need


def files(assignment):
    """{path in the zip: bytes} of the autograder zip of this assignment's selection."""
    package = contents.assignment_files(assignment)
    suites = [data.decode("utf-8") for name, data in package.items() if name.startswith("assignment/hidden/")]
    package.update(contents.engine_files())
    package.update(contents.reference_files(assignment, suites))
    for name in ROOT_FILES:
        package[name] = contents.read(os.path.join(contents.PROJECT, name))
    return package


def build(assignment, path):
    """Write the autograder zip to path; return its size in bytes."""
    return contents.write_zip(path, files(assignment), executables={"setup.sh", "run_autograder"})
