"""The packages at work, built and used with the README's commands.

An instructor's commands (README, "From a clone to Gradescope": `make gradescope`,
`make gradescope ASSIGNMENT=cs224d-pset1`, `make handout ASSIGNMENT=cs224d-pset1`)
run in a copy of the project, with a venv of its own that sees the tests' packages; make
installs the project into it, and its `autograder` command must then work from another folder.
Each Gradescope zip is unpacked into a scratch root laid
out like Gradescope's (`source/`, `submission/`, `results/`, `run_autograder` copied to
the root); the full homework's `setup.sh` builds the grading venv from the system
interpreter (pip installs `requirements-grading.txt` from the package registry, with
pip's own cache), and `run_autograder`, with no arguments as Gradescope runs it, grades
the reference (full marks) and the starter (0) of the full homework, and a buggy
submission with the other selection's zip (CS224d's problem set 1). run_autograder
passes options through only with the whole command line (`--submission`, `--results`),
so these gradings use the full profile, as Gradescope does.

A student's commands (README, "For students"): `unzip student.zip -d homework`, then,
in that folder, `./check --results results.json`. The set-up command in between, `./setup`,
would build with the same pins (the test asserts the files are the same bytes) the venv that
setup.sh has just built, so `.venv` is a link to that one: the pins are downloaded once, not
twice (tests/test_handout_end_to_end.py runs `./setup` itself). `./check` must show exactly the public tests
that the Gradescope run shows a student: names, numbers, points, statuses, messages,
visibility and tags.

One setup (a minute or two, most of it pip) and three gradings; the tests share one
xdist group, so the venv is built once.
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import jsonschema
import pytest

from autograder.assignment import Assignment
from autograder.packaging import contents, handout
from tests.conftest import open_area_parent
from tests.mutants import REFERENCE, all_mutants, build_bundle
from tests.test_mutants import points_by_function
from tests.test_packaging import NEVER, leaks

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("test_packages_installed")]

PROJECT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((PROJECT / "tests" / "data" / "results.schema.json").read_text())
SELECTION = "cs224d-pset1"
# A submission of the selection with a bug in each of five files: failures in public and hidden tests.
MUTANTS = ("softmax_no_max_subtraction", "sigmoid_grad_sign_flipped", "gradcheck_divides_by_h",
           "naive_plus_y", "sgd_ascends")
# What a student sees of a test, and what must be the same locally and on Gradescope.
SHOWN = ("name", "number", "score", "max_score", "status", "output", "visibility", "tags")
TIMEOUT = 900


def base_python():
    """The system interpreter, as on Gradescope; else the one this venv was built from."""
    if os.path.exists("/usr/bin/python3"):
        return "/usr/bin/python3"
    return getattr(sys, "_base_executable", None) or os.path.join(sys.base_prefix, "bin", "python3")


def unpack(zip_path, folder):
    """Unpack as unzip does: with the modes the zip stores (zipfile alone drops them)."""
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
        for info in archive.infolist():
            mode = stat.S_IMODE(info.external_attr >> 16)
            if mode and not info.is_dir():
                os.chmod(os.path.join(folder, info.filename), mode)


def run(command, cwd, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("AUTOGRADER_PYTHON", "VIRTUAL_ENV")}
    result = subprocess.run(command, cwd=cwd, env={**environment, **env}, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stdout[-3000:]}" \
                                   f"\n{result.stderr[-3000:]}"
    return result


def check_zip(path, selection):
    """The zip's contents: scripts at the root, nothing grading does not need, under 1 MB."""
    size = path.stat().st_size
    print(f"{path.name} of {selection}: {size} bytes ({size / 1024:.0f} KB)")
    with zipfile.ZipFile(path) as archive:
        zipped = archive.namelist()
    assert {"setup.sh", "run_autograder"} <= set(zipped)
    assert not [n for n in zipped if any(f"/{never}" in f"/{n}" for never in NEVER)]
    assert size < 1024 * 1024


class Layout:
    """A Gradescope root: the zip unpacked in source/, run_autograder at the root, submission/, results/."""

    def __init__(self, root, zip_path, venv):
        self.root, self.venv = root, venv
        root.mkdir()
        unpack(zip_path, root / "source")
        shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")  # as Gradescope does
        (root / "results").mkdir()

    def grade(self, submission):
        """run_autograder with no arguments on a copy of submission: the results.json it writes."""
        shutil.rmtree(self.root / "submission", ignore_errors=True)
        shutil.copytree(submission, self.root / "submission", ignore=shutil.ignore_patterns("__pycache__"))
        results = self.root / "results" / "results.json"
        results.unlink(missing_ok=True)
        run([str(self.root / "run_autograder")], self.root, AUTOGRADER_ROOT=str(self.root),
            AUTOGRADER_VENV=str(self.venv))
        document = json.loads(results.read_text())
        jsonschema.validate(document, SCHEMA)
        return document


# An instructor's commands (README, "From a clone to Gradescope"), run in a copy of the project.
INSTRUCTOR = {"full": [["make", "gradescope"]],
              SELECTION: [["make", "gradescope", f"ASSIGNMENT={SELECTION}"],
                          ["make", "handout", f"ASSIGNMENT={SELECTION}"]]}
# A student's commands (README, "For students"), the set-up command between them aside.
UNZIP, CHECK = ["unzip", "student.zip", "-d", "homework"], ["./check", "--results", "results.json"]
NOT_COPIED = shutil.ignore_patterns(".venv", ".git", "dist", "out", "__pycache__", ".hypothesis", ".pytest_cache",
                                    ".ruff_cache", "*.egg-info")


def overlay_venv(folder):
    """A venv of its own that sees this test's packages (a .pth file names their folder), so that what make
    installs into it (the project, in editable mode) goes there, not into the venv the tests run in."""
    assert (Path(sys.prefix) / "bin" / "python").exists(), "the tests run in the project's venv"
    subprocess.run([base_python(), "-m", "venv", "--without-pip", str(folder)], check=True)
    packages = [path for path in sys.path if path.endswith("site-packages") and path.startswith(sys.prefix)]
    own = subprocess.run([str(folder / "bin" / "python"), "-c", "import site; print(site.getsitepackages()[0])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    Path(own, "tests-packages.pth").write_text("\n".join(packages) + "\n")
    return folder


def build_packages(folder):
    """Run the instructor's commands in a copy of the project with a venv of its own: {selection: dist}.
    The first make installs the project into that venv: its `autograder` command works from any folder."""
    project = folder / "project"
    shutil.copytree(PROJECT, project, ignore=NOT_COPIED)
    (project / ".venv").symlink_to(overlay_venv(folder / "instructor-venv"))
    dist = {}
    for selection, commands in INSTRUCTOR.items():
        for command in commands:
            run(command, project, MAKEFLAGS="", MAKELEVEL="", MFLAGS="")
        dist[selection] = folder / f"dist-{selection}"
        shutil.move(project / "dist", dist[selection])
    for command in ([str(project / ".venv" / "bin" / "autograder"), "--help"],
                    [str(project / ".venv" / "bin" / "python"), "-m", "autograder", "--help"]):
        assert "{grade,check,batch,build,package,audit}" in run(command, folder).stdout, command
    return dist


@pytest.fixture(scope="module")
def scratch():
    """A folder the sandbox uid can enter, with the packages built and the grading venv set up
    by the full homework's setup.sh: (folder, {selection: dist folder}, venv)."""
    python = base_python()
    probe = subprocess.run([python, "-c", "import ensurepip, venv"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"{python} has no venv/ensurepip module: setup.sh would apt-get install python3-venv, "
                    "which a test does not do")
    folder = Path(tempfile.mkdtemp(prefix="packages-", dir=open_area_parent()))
    os.chmod(folder, 0o755)  # the student's uid runs the venv's interpreter and reads the handout's engine
    try:
        dist = build_packages(folder)
        setup = folder / "setup"
        unpack(dist["full"] / "autograder.zip", setup)
        venv = folder / "venv"
        run([str(setup / "setup.sh")], setup, AUTOGRADER_VENV=str(venv), AUTOGRADER_BASE_PYTHON=python)
        yield folder, dist, venv
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_full_homework_zip_grades_the_reference_and_the_starter_in_gradescopes_layout(scratch):
    folder, dist, venv = scratch
    check_zip(dist["full"] / "autograder.zip", "full")
    layout = Layout(folder / "full", dist["full"] / "autograder.zip", venv)
    functions = set(Assignment(str(PROJECT / "assignment"), "full").functions)

    reference = layout.grade(REFERENCE)
    failed = [f"{t['name']}: {t['output']}" for t in reference["tests"] if t["status"] != "passed"]
    assert reference["tests"] and not failed, failed[:3]
    assert reference["score"] == pytest.approx(sum(t["max_score"] for t in reference["tests"]))
    assert {t["tags"][0] for t in reference["tests"]} == functions

    starter = layout.grade(PROJECT / "starter")
    assert starter["score"] == 0 and len(starter["tests"]) == len(reference["tests"])


def test_the_handouts_checks_show_what_gradescope_shows_for_the_public_tests(scratch):
    folder, dist, venv = scratch
    assignment = Assignment(str(PROJECT / "assignment"), SELECTION)
    autograder_zip, student_zip = dist[SELECTION] / "autograder.zip", dist[SELECTION] / "student.zip"
    check_zip(autograder_zip, SELECTION)
    leaked = leaks(student_zip)
    assert not leaked, leaked[:5]
    mutants = [m for m in all_mutants() if m.name in MUTANTS]
    build_bundle(mutants, folder / "mutant")

    # On Gradescope: the selection's zip, run_autograder with no arguments.
    graded = Layout(folder / SELECTION, autograder_zip, venv).grade(folder / "mutant")
    table = points_by_function(graded)
    losers = {function for m in mutants for function in m.loses}
    assert set(table) == set(assignment.functions)
    assert {f for f, (score, maximum) in table.items() if score < maximum} == losers

    # A student: student.zip unpacked in a fresh folder, set up, the buggy files in place, ./check.
    (folder / "class").mkdir()
    shutil.copy(student_zip, folder / "class" / "student.zip")
    student = folder / "class" / "homework"
    if shutil.which("unzip"):  # the README's command
        run(UNZIP, folder / "class")
    else:
        unpack(student_zip, student)
    with zipfile.ZipFile(student_zip) as archive, zipfile.ZipFile(autograder_zip) as package:
        assert archive.read("grader/requirements.txt") == package.read("requirements-grading.txt")
        assert f"```sh\n{handout.SETUP}\n```" in archive.read("README.md").decode()
    (student / ".venv").symlink_to(venv)  # what the set-up command builds: see the module's docstring
    for name in contents.selected_files(assignment):
        shutil.copy(folder / "mutant" / name, student / name)
    run(CHECK, student)
    checked = json.loads((student / "results.json").read_text())
    jsonschema.validate(checked, SCHEMA)

    def shown(document):
        return sorted(({k: t.get(k) for k in SHOWN} for t in document["tests"]), key=lambda t: (t["number"], t["name"]))

    visible = [t for t in shown(graded) if t["visibility"] == "visible"]
    assert shown(checked) == visible
    assert len({t["tags"][0] for t in visible if t["status"] != "passed"}) >= 4  # messages are compared too
    assert checked["score"] == pytest.approx(sum(t["score"] for t in visible))
