"""Every bad input, through the command line as a subprocess: one sentence that says
what is wrong and what to do, results.json wherever one can be written, and the exit
status of its kind of fault (autograder/faults.py): 3 when the student's input holds
nothing gradable, 2 for the command line or the configuration, 1 when the interpreter
cannot run the grader. Then each of the four kinds through run_autograder itself."""
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a process per case: half a minute in all

PROJECT = Path(__file__).resolve().parents[1]
NOBODY = 65534
BARE_PYTHON = "{bare}"  # an interpreter without numpy and the rest: a venv with nothing installed in it


@dataclasses.dataclass
class Case:
    name: str
    argv: list            # {tmp} is the case's folder, {results} its results.json
    status: int
    said: str             # a text of the one sentence
    results: bool = True  # whether results.json (holding the sentence) is written
    as_user: bool = False  # run as an ordinary user (a root grader reads every file)
    python: str = sys.executable


def write(root: Path, files: dict) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def setup(case: Case, tmp: Path) -> None:
    """The files each case needs under tmp."""
    write(tmp, {"reference_softmax/softmax.py": (PROJECT / "reference" / "softmax.py").read_text(),
                "notes/a.txt": "my notes\n", "bad.zip": "not a zip\n", "locked/softmax.py": "X = 1\n"})
    (tmp / "empty").mkdir()
    (tmp / "results_folder").mkdir()
    with zipfile.ZipFile(tmp / "class.zip", "w") as archive:
        archive.writestr("alice/softmax.py", "X = 1\n")
    os.chmod(tmp / "locked" / "softmax.py", 0)


CASES = [
    Case("a file as the submission", ["grade", "--submission", "{tmp}/reference_softmax/softmax.py"], 2,
         "is a file, not a folder; pass the folder that holds it"),
    Case("a missing submission", ["grade", "--submission", "{tmp}/nowhere"], 2, "does not exist; pass the folder"),
    Case("a zip that is not one", ["grade", "--submission", "{tmp}/bad.zip"], 3,
         "bad.zip is not a zip archive that can be read"),
    Case("an empty folder", ["grade", "--submission", "{tmp}/empty"], 3, "it is empty: upload your Python files"),
    Case("an empty folder, run_autograder's form", ["--submission", "{tmp}/empty"], 3, "it is empty"),
    Case("an empty folder checked by a student", ["check", "{tmp}/empty"], 3, "it is empty"),
    Case("no Python file", ["grade", "--submission", "{tmp}/notes"], 3, "no .py file and no notebook, only a.txt"),
    Case("an unreadable file", ["grade", "--submission", "{tmp}/locked"], 3,
         "none of its files could be read (softmax.py): make them readable", as_user=True),
    Case("a misspelt --only", ["grade", "--submission", "{tmp}/reference_softmax", "--only", "softmx.py"], 2,
         "--only softmx.py: not a graded file (did you mean softmax.py?)"),
    Case("a results path that is a folder", ["grade", "--submission", "{tmp}/reference_softmax",
                                            "--results", "{tmp}/results_folder"], 2,
         "is a folder; give a file path", results=False),
    Case("a results path that cannot be written", ["grade", "--submission", "{tmp}/reference_softmax",
                                                  "--results", "{tmp}/bad.zip/results.json"], 2,
         "part of that path is a file, not a folder", results=False),
    Case("batch on a missing folder", ["batch", "{tmp}/nowhere", "{tmp}/out"], 2,
         "does not exist; pass the folder that holds one folder per student", results=False),
    Case("batch on a zip", ["batch", "{tmp}/class.zip", "{tmp}/out"], 2, "unzip it first", results=False),
    Case("batch on an empty folder", ["batch", "{tmp}/empty", "{tmp}/out"], 2, "holds no submissions",
         results=False),
    Case("batch with an interpreter that lacks the grader's modules", ["batch", "{tmp}", "{tmp}/out"], 1,
         "cannot run the grader (no module", results=False, python=BARE_PYTHON),
    Case("no processes", ["grade", "--submission", "{tmp}/reference_softmax", "--jobs", "0"], 2,
         "autograder grade: --jobs 0: give a number from 1 to", results=False),
    Case("fewer than no processes", ["check", "{tmp}/reference_softmax", "--jobs", "-1"], 2,
         "autograder check: --jobs -1: give a number from 1 to", results=False),
    Case("more processes than cores", ["grade", "--submission", "{tmp}/reference_softmax", "--jobs", "999"], 2,
         "autograder grade: --jobs 999: give a number from 1 to", results=False),
    Case("a batch of no processes", ["batch", "{tmp}", "{tmp}/out", "--jobs", "0"], 2,
         "autograder batch: --jobs 0: give a number from 1 to", results=False),
    Case("run_autograder --batch without --out", ["--batch", "{tmp}/empty"], 2, "say where to write the grades",
         results=False),
]


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bare-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    return str(folder / "bin" / "python")


def run(case: Case, tmp: Path, bare: str):
    results = tmp / "results.json"
    argv = [a.format(tmp=tmp, results=results) for a in case.argv]
    if argv[0] in ("grade", "check", "--submission") and "--results" not in argv:
        argv += ["--results", str(results)]
    command = [case.python.format(bare=bare), "-m", "autograder", *argv]
    if case.as_user and os.geteuid() == 0:
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False, timeout=120,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}), results


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_bad_input_gets_one_sentence_and_a_nonzero_status(case, bare_python):
    # A folder of its own that an ordinary user can use too (the unreadable case runs as one).
    tmp = Path(tempfile.mkdtemp(prefix="autograder-errors-"))
    try:
        os.chmod(tmp, 0o777)
        setup(case, tmp)
        done, results = run(case, tmp, bare_python)
        said = done.stdout + done.stderr
        assert done.returncode == case.status, said
        assert case.said in said, said
        assert "Traceback" not in said, said
        message = [line for line in said.splitlines() if case.said in line][0]
        assert message.count(". ") == 0 and message.endswith("."), message  # one sentence
        if case.results:
            document = json.loads(results.read_text())
            assert case.said in document["output"] and document["score"] == 0 and document["tests"] == []
        else:
            assert not results.exists()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_run_autograder_resolves_paths_against_the_callers_folder():
    tmp = Path(tempfile.mkdtemp(prefix="autograder-paths-"))
    try:
        os.chmod(tmp, 0o777)
        write(tmp, {"ok/softmax.py": (PROJECT / "reference" / "softmax.py").read_text()})
        done = subprocess.run([str(PROJECT / "run_autograder"), "--submission", "ok", "--results", "r.json",
                               "--only", "softmax.py", "--profile", "quick", "--quiet"], cwd=tmp,
                              capture_output=True, text=True, timeout=300,
                              env={**os.environ, "AUTOGRADER_PYTHON": sys.executable})
        assert done.returncode == 0, done.stdout + done.stderr
        document = json.loads((tmp / "r.json").read_text())
        assert document["tests"] and document["score"] == sum(t["max_score"] for t in document["tests"])
        assert not (PROJECT / "r.json").exists()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_run_autograder_in_gradescopes_layout_writes_results_json_without_its_venv(tmp_path):
    import jsonschema
    root = tmp_path / "autograder"
    (root / "source" / "autograder").mkdir(parents=True)
    shutil.copy2(PROJECT / "run_autograder", root / "run_autograder")
    done = subprocess.run([str(root / "run_autograder")], cwd=root, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_VENV": str(tmp_path / "none")})
    assert done.returncode == 1 and "setup.sh did not run or failed" in done.stderr
    document = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(document, json.loads((PROJECT / "tests" / "data" / "results.schema.json").read_text()))
    assert document["score"] == 0 and document["tests"] == [] and "not set up" in document["output"]
    assert document["output"].count(". ") == 0 and document["output"].endswith(".")


def test_each_kind_of_fault_has_its_exit_status_through_run_autograder(tmp_path):
    """The four kinds of fault (autograder/faults.py), each through run_autograder: the student's code is
    charged per test (0, graded), the grader's own fault 1, the configuration or command line 2, nothing
    gradable in the student's input 3; results.json is written for each, since Gradescope reads it whatever
    the status."""
    toy = PROJECT / "tests" / "toy"
    broken = tmp_path / "broken_toy"
    shutil.copytree(toy, broken, ignore=shutil.ignore_patterns("submissions", "__pycache__"))
    (broken / "hidden" / "test_broken.py").write_text("from no_such_module import thing\n")
    write(tmp_path, {"crashing/double.py": "def double(x):\n    raise ValueError('not yet')\n",
                     "crashing/count.py": (toy / "reference" / "count.py").read_text()})
    (tmp_path / "empty").mkdir()
    kinds = {  # kind: (submission, assignment folder, more options, exit status, what results.json says)
        "the student's code": ("crashing", toy, [], 0, "points"),
        "the grader's own fault": ("crashing", broken, [], 1, "The autograder itself failed"),
        "the configuration": ("crashing", toy, ["--assignment", "nosuch"], 2, "there is no assignment 'nosuch'"),
        "the student's input": ("empty", toy, [], 3, "it is empty: upload your Python files"),
    }
    for kind, (submission, assignment, options, status, said) in kinds.items():
        results = tmp_path / f"{status}.json"
        done = subprocess.run([str(PROJECT / "run_autograder"), "--submission", submission, "--results", str(results),
                               "--assignment-dir", str(assignment), "--jobs", "1", "--profile", "quick", *options],
                              cwd=tmp_path, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "AUTOGRADER_PYTHON": sys.executable})
        assert done.returncode == status, (kind, done.stdout, done.stderr)
        document = json.loads(results.read_text())
        assert said in document["output"], (kind, document["output"])
        if status == 0:
            double = [t for t in document["tests"] if t["tags"][0] == "double.py:double" and t["max_score"]]
            assert double and all(t["score"] == 0 and "ValueError" in t["output"] for t in double), double
            assert document["score"] > 0 and document["extra_data"]["harness_errors"] == []
        else:
            assert document["score"] == 0 and document["tests"] == [], kind
