"""Hostile submissions: none gains a point, none stops results.json from being
written, none changes another function's verdict, and nothing they send is
unpickled or trusted. Each replaces softmax.py of an otherwise correct
submission, so every other graded function must keep full marks."""
import json
import os
import pathlib
import select
import shutil
import stat
import tempfile
import time

import pytest

from autograder.batch.grade_class import grade_all
from autograder.packaging.edits import build_edited
from tests.conftest import QUICK, open_area_parent, under_xdist
from tests.mutants import REFERENCE
from tests.test_mutants import points_by_function

# Each case attacks softmax.py; the functions graded alongside it show that nothing else is harmed.
# They are quick ones, so a loaded machine never turns the short call timeout into a verdict.
ALONGSIDE = {"only": ["softmax.py", "sigmoid.py", "gradcheck.py", "sgd.py"]}

pytestmark = pytest.mark.slow

CASES = {
    "sys_exit_at_import": "import sys\nsys.exit(3)\n",
    "os_exit_in_call": "import os\ndef softmax(x):\n    os._exit(0)\n",
    "endless_loop": "def softmax(x):\n    while True:\n        pass\n",
    "memory_bomb": "def softmax(x):\n    blocks = []\n    while True:\n        blocks.append(bytearray(64 << 20))\n",
    "numpy_memory_bomb": "import numpy as np\ndef softmax(x):\n    return np.ones(10 ** 11)\n",
    "segfault": "import ctypes\ndef softmax(x):\n    return ctypes.string_at(0)\n",
    "kills_its_parent": "import os, signal\ndef softmax(x):\n    os.kill(os.getppid(), signal.SIGKILL)\n",
    "garbage_on_every_descriptor": (
        "import os\ndef softmax(x):\n    for fd in range(3, 64):\n        try:\n"
        "            os.write(fd, b'\\xff' * 64 + b'{{\"ok\": true, \"value\": 1}}')\n"
        "        except OSError:\n            pass\n    return x\n"),
    "fork_bomb": (
        "import os\ndef softmax(x):\n    while True:\n        try:\n            os.fork()\n"
        "        except OSError:\n            pass\n"),
    "returns_pickle_bomb": (
        "import os\nclass Bomb:\n    def __reduce__(self):\n"
        "        return (os.system, ('touch {marker}',))\n"
        "def softmax(x):\n    return Bomb()\n"),
    "monkeypatches_numpy": (
        "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
        "np.isclose = lambda a, b, **k: np.ones(np.shape(b), bool)\n"
        "np.testing.assert_allclose = lambda *a, **k: None\n"
        "def softmax(x):\n    np.exp = lambda v: v * 0\n    return np.zeros_like(x)\n"),
    "writes_results_at_import": (
        "import json\nfor path in ({results!r}, '/autograder/results/results.json'):\n    try:\n"
        "        open(path, 'w').write(json.dumps({{'score': 1000, 'tests': [], 'fake': True}}))\n"
        "    except OSError:\n        pass\n"
        "def softmax(x):\n    return x\n"),
    "fork_keeps_writing_results": (
        "import json, os, time\ndef softmax(x):\n    if os.fork() == 0:\n"
        "        open({marker!r}, 'a').write(f'{{os.getpid()}} ')\n"
        "        os.setsid()\n"
        "        for _ in range(3000):\n            try:\n"
        "                open({results!r}, 'w').write(json.dumps({{'score': 1000, 'fake': True}}))\n"
        "            except OSError:\n                pass\n            time.sleep(0.01)\n        os._exit(0)\n"
        "    return x\n"),
    "prints_fake_json": (
        "import json, os\nFAKE = json.dumps({{'score': 1000, 'tests': [], 'fake': True}})\nprint(FAKE)\n"
        "def softmax(x):\n    print(FAKE)\n    os.write(1, FAKE.encode())\n    return x\n"),
    "gigabytes_of_printing": "import sys\ndef softmax(x):\n    while True:\n        sys.stdout.write('x' * 1000000)\n",
    "gigabytes_to_stdout_fd": "import os\ndef softmax(x):\n    while True:\n        os.write(1, b'x' * 1000000)\n",
    "syntax_error": "def softmax(x)\n    return x\n",
    "python2_file": "import numpy as np\n\ndef softmax(x):\n    print \"computing\"\n    return x\n",
    "forked_child_leaves_the_call": (
        "import os\ndef softmax(x):\n    if os.fork() == 0:\n        raise RuntimeError('the child')\n"
        "    os.wait()\n    return x\n"),
    "reads_grader_files": "def softmax(x):\n    return open({secret!r}).read()\n",
}

MESSAGES = {
    "sys_exit_at_import": "importing softmax.py raised SystemExit",
    "os_exit_in_call": "ended the process running it",
    "endless_loop": "did not finish within",
    "segfault": "SIGSEGV",
    "returns_pickle_bomb": "cannot read",
    "syntax_error": "syntax error at line 1",
    "python2_file": "looks like Python 2 (line 4 uses a print statement)",
}


class Hostile:
    """The cases' results, each case graded once per test process (on the quick profile,
    with 2-second calls), never two at once in one process.

    Alone, the first request grades every case; on an xdist worker, a case is
    graded when one of its tests asks for it (the tests of a case share an
    xdist_group, so they run on the same worker)."""

    def __init__(self, root, open_area):
        # Hostile code runs as another user when the tests run as root: these two
        # folders are open to it. Even so, the final results must be the grader's.
        self.root, self.shared, self.results_dir = root, open_area / "shared", open_area / "results"
        for folder in (open_area, self.shared, self.results_dir):
            folder.mkdir(exist_ok=True)
            os.chmod(folder, 0o777)
        self.secret = open_area / "grader-source" / "secret.txt"
        self.secret.parent.mkdir(mode=0o700)
        self.secret.write_text("TOP-SECRET-REFERENCE")
        self.graded = {}

    def __getitem__(self, case):
        if case not in self.graded:
            self._grade([case] if under_xdist() else sorted(CASES))
        return self.graded[case]

    def _grade(self, cases):
        folders = {}
        for name in cases:
            folders[name] = self.root / name
            build_edited(REFERENCE, [], folders[name])
            (folders[name] / "softmax.py").write_text(CASES[name].format(
                marker=str(self.shared / f"{name}.marker"), results=str(self.results_dir / f"{name}.json"),
                secret=str(self.secret)))
        # One at a time here: a fork bomb starving a neighbour's calls would test the machine, not the sandbox.
        self.graded.update(grade_all({name: str(folder) for name, folder in folders.items()}, str(self.results_dir),
                                     jobs=1, options={"call_timeout": 2, **QUICK, **ALONGSIDE}))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Graded with the weaker confinement, Gradescope's (uid, file permissions and rlimits; no namespaces),
    where the open area is within the worker's reach: every attack here must fail with that alone.
    tests/test_deny_by_default.py grades in both confinements."""
    open_area = pathlib.Path(tempfile.mkdtemp(prefix="hostile-open-", dir=open_area_parent()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUTOGRADER_NAMESPACES", "0")  # read by the grading processes grade_all starts
        yield Hostile(tmp_path_factory.mktemp("hostile"), open_area)
    shutil.rmtree(open_area, ignore_errors=True)


def of_case(*cases):
    """Parameters `case` of the tests of these cases, each in its case's xdist_group."""
    return [pytest.param(case, marks=pytest.mark.xdist_group(f"hostile-{case}")) for case in cases]


@pytest.mark.parametrize("case", of_case(*sorted(CASES)))
def test_hostile_submission_gains_nothing_and_harms_nothing(hostile, case):
    results = hostile[case]
    on_disk = json.loads((hostile.results_dir / f"{case}.json").read_text())
    assert "fake" not in on_disk and on_disk["tests"], f"{case}: results.json is not the grader's"
    table = points_by_function(results)
    assert table["softmax.py:softmax"][0] == 0, f"{case} gained points on softmax"
    harmed = [t for t in results["tests"] if t["tags"][0] != "softmax.py:softmax" and t["status"] == "failed"]
    assert not harmed, f"{case} changed other verdicts: " + "\n".join(f"{t['name']}: {t['output']}" for t in harmed)


@pytest.mark.parametrize("case", of_case(*sorted(MESSAGES)))
def test_student_is_told_what_happened(hostile, case):
    outputs = [t["output"] for t in hostile[case]["tests"] if t["tags"][0] == "softmax.py:softmax"]
    assert any(MESSAGES[case] in output for output in outputs), outputs[0]


@pytest.mark.parametrize("case", of_case("returns_pickle_bomb"))
def test_nothing_from_the_worker_is_unpickled(hostile, case):
    assert hostile[case]["tests"]
    assert not (hostile.shared / f"{case}.marker").exists()


def ended_within(pid, seconds):
    """Whether process `pid` has ended or ends within `seconds` (waits on a pidfd, no polling)."""
    try:
        descriptor = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([descriptor], [], [], seconds)[0])
    finally:
        os.close(descriptor)


@pytest.mark.parametrize("case", of_case("fork_keeps_writing_results"))
def test_forked_writers_are_killed(hostile, case):
    results = hostile[case]
    pids = [int(pid) for pid in (hostile.shared / f"{case}.marker").read_text().split()]
    deadline = time.monotonic() + 5
    assert pids and all(ended_within(pid, max(0.0, deadline - time.monotonic())) for pid in pids), \
        "a forked writer outlived the grading run"
    # Every writer is gone, so results.json stays what the grader wrote last.
    assert json.loads((hostile.results_dir / f"{case}.json").read_text()) == results


@pytest.mark.skipif(os.geteuid() != 0, reason="the worker runs as another user only when the grader is root")
@pytest.mark.parametrize("case", of_case("reads_grader_files"))
def test_worker_cannot_read_grader_files(hostile, case):
    outputs = [t["output"] for t in hostile[case]["tests"]]
    assert not any("TOP-SECRET" in output for output in outputs)
    assert any("PermissionError" in output for output in outputs)
    assert stat.S_IMODE(os.stat(hostile.results_dir).st_mode) == 0o777  # the fixture really left it writable


@pytest.mark.skipif(os.geteuid() != 0, reason="the worker runs as another user only when the grader is root")
def test_worker_runs_unprivileged(tmp_path):
    folder = tmp_path / "whoami"
    build_edited(REFERENCE, [], folder)
    (folder / "softmax.py").write_text("import os\ndef softmax(x):\n    raise RuntimeError(f'uid={os.getuid()}')\n")
    results = grade_all({"whoami": str(folder)}, str(tmp_path / "out"), options={"public_only": True})["whoami"]
    outputs = [t["output"] for t in results["tests"] if t["tags"][0] == "softmax.py:softmax"]
    assert all("uid=" in o and "uid=0" not in o for o in outputs), outputs
