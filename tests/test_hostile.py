"""Hostile submissions: none gains a point, none stops results.json from being
written, none changes another function's verdict, and nothing they send is
unpickled or trusted. Each replaces softmax.py of an otherwise correct
submission, so every other graded function must keep full marks."""
import json
import os
import pathlib
import shutil
import stat
import tempfile
import time

import pytest

from autograder.batch import grade_all
from autograder.packaging.edits import build_edited
from tests.mutants import REFERENCE
from tests.test_mutants import points_by_function


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
        "import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.isclose = lambda a, b, **k: np.ones(np.shape(b), bool)\n"
        "np.testing.assert_allclose = lambda *a, **k: None\n"
        "def softmax(x):\n    np.exp = lambda v: v * 0\n    return np.zeros_like(x)\n"),
    "writes_results_at_import": (
        "import json\nfor path in ({results!r}, '/autograder/results/results.json'):\n    try:\n"
        "        open(path, 'w').write(json.dumps({{'score': 1000, 'tests': [], 'fake': True}}))\n"
        "    except OSError:\n        pass\n"
        "def softmax(x):\n    return x\n"),
    "fork_keeps_writing_results": (
        "import json, os, time\ndef softmax(x):\n    if os.fork() == 0:\n"
        "        open({marker!r}, 'w').write(str(os.getpid()))\n"
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


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Grade every case once; return (results by case, shared folder, results paths)."""
    root = tmp_path_factory.mktemp("hostile")
    # Hostile code runs as another user when the tests run as root: these two
    # folders are open to it. Even so, the final results must be the grader's.
    open_area = pathlib.Path(tempfile.mkdtemp(prefix="hostile-open-"))
    shared, results_dir = open_area / "shared", open_area / "results"
    for folder in (open_area, shared, results_dir):
        folder.mkdir(exist_ok=True)
        os.chmod(folder, 0o777)
    secret_dir = root / "grader-source"
    secret_dir.mkdir(mode=0o700)
    (secret_dir / "secret.txt").write_text("TOP-SECRET-REFERENCE")
    folders = {}
    for name, code in CASES.items():
        folder = root / name
        build_edited(REFERENCE, [], folder)
        (folder / "softmax.py").write_text(code.format(
            marker=str(shared / f"{name}.marker"), results=str(results_dir / f"{name}.json"),
            secret=str(secret_dir / "secret.txt")))
        folders[name] = str(folder)
    started = time.monotonic()
    # One at a time: a fork bomb starving a neighbour's calls would test the machine, not the sandbox.
    graded = grade_all(folders, str(results_dir), jobs=1, options=["--call-timeout", "2"])
    yield graded, shared, results_dir, time.monotonic() - started
    shutil.rmtree(open_area, ignore_errors=True)


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_submission_gains_nothing_and_harms_nothing(hostile, case):
    graded, _, results_dir, _ = hostile
    results = graded[case]
    on_disk = json.loads((results_dir / f"{case}.json").read_text())
    assert "fake" not in on_disk and on_disk["tests"], f"{case}: results.json is not the grader's"
    table = points_by_function(results)
    assert table["softmax.py:softmax"][0] == 0, f"{case} gained points on softmax"
    harmed = [t for t in results["tests"] if t["tags"][0] != "softmax.py:softmax" and t["status"] == "failed"]
    assert not harmed, f"{case} changed other verdicts: " + "\n".join(f"{t['name']}: {t['output']}" for t in harmed)


@pytest.mark.parametrize("case", sorted(MESSAGES))
def test_student_is_told_what_happened(hostile, case):
    graded = hostile[0]
    outputs = [t["output"] for t in graded[case]["tests"] if t["tags"][0] == "softmax.py:softmax"]
    assert any(MESSAGES[case] in output for output in outputs), outputs[0]


def test_nothing_from_the_worker_is_unpickled(hostile):
    assert not (hostile[1] / "returns_pickle_bomb.marker").exists()


def test_forked_writer_is_killed(hostile):
    marker = hostile[1] / "fork_keeps_writing_results.marker"
    pid = int(marker.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}"):
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{pid}"), "the forked writer outlived the grading run"
    path = hostile[2] / "fork_keeps_writing_results.json"
    before = path.stat().st_mtime
    time.sleep(0.3)
    assert path.stat().st_mtime == before and "fake" not in json.loads(path.read_text())


@pytest.mark.skipif(os.geteuid() != 0, reason="the worker runs as another user only when the grader is root")
def test_worker_cannot_read_grader_files(hostile):
    outputs = [t["output"] for t in hostile[0]["reads_grader_files"]["tests"]]
    assert not any("TOP-SECRET" in output for output in outputs)
    assert any("PermissionError" in output for output in outputs)
    assert stat.S_IMODE(os.stat(hostile[2]).st_mode) == 0o777  # the fixture really left it writable


@pytest.mark.skipif(os.geteuid() != 0, reason="the worker runs as another user only when the grader is root")
def test_worker_runs_unprivileged(tmp_path):
    folder = tmp_path / "whoami"
    build_edited(REFERENCE, [], folder)
    (folder / "softmax.py").write_text("import os\ndef softmax(x):\n    raise RuntimeError(f'uid={os.getuid()}')\n")
    results = grade_all({"whoami": str(folder)}, str(tmp_path / "out"), options=["--public-only"])["whoami"]
    outputs = [t["output"] for t in results["tests"] if t["tags"][0] == "softmax.py:softmax"]
    assert all("uid=" in o and "uid=0" not in o for o in outputs), outputs
