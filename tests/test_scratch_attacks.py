"""Submissions that attack the scratch folder they run in: they try to swap the
grader's files for links and FIFOs, to move their own folder, and to reach the
grader's files through links, then kill their worker so that the grader restarts
it. None gains a point, and the grader follows none of their links."""
import os
import pathlib
import shutil
import tempfile

import pytest

from autograder.batch.grade_class import grade_all
from autograder.packaging.edits import build_edited
from autograder.sandbox import confine
from tests.conftest import open_area_parent
from tests.mutants import REFERENCE
from tests.test_mutants import points_by_function

# One xdist group: the module's fixture grades once, on one worker.
pytestmark = [pytest.mark.xdist_group("test_scratch_attacks"),
              pytest.mark.skipif(os.geteuid() != 0,
                                 reason="the worker runs as another uid only when the grader is root")]

TAMPERS = '''
import os, signal
ATTEMPTS = {{
    "link the log": lambda: (os.remove("../worker.log"), os.symlink({marker!r}, "../worker.log")),
    "fifo the log": lambda: os.mkfifo("../worker.log.fifo"),
    "edit the worker": lambda: open("../harness/worker.py", "a").write("import os; os.system('touch {marker}')"),
    "move the submission": lambda: os.rename("../submission", "../moved"),
    "link the support": lambda: os.symlink({secret!r}, "../support/secret"),
}}


def outcomes():
    seen = {{}}
    for name, attempt in ATTEMPTS.items():
        try:
            attempt()
            seen[name] = "done"
        except OSError as error:
            seen[name] = type(error).__name__
    return seen


def softmax(x):
    seen = outcomes()
    if os.environ.get("HOME", "").endswith("submission"):
        os.kill(os.getppid(), signal.SIGKILL)  # the worker: the grader must restart it
    raise RuntimeError(f"attempts: {{seen}}")
'''

LOCKS = '''
import os, signal


def softmax(x):
    try:
        os.chmod(os.getcwd(), 0)  # where its uid owns the folder, no later worker could enter it
    except OSError:
        pass
    os.kill(os.getppid(), signal.SIGKILL)
'''

IPC_KEY = 388817  # the System V key the submission below leaves its objects under
LEAVES_IPC = f'''
import ctypes

libc = ctypes.CDLL(None)


def softmax(x):
    # Shared memory, a semaphore set and a message queue that every user may open: without an IPC
    # namespace of the worker's own they outlive the grading unless the grader removes them.
    libc.shmget({IPC_KEY}, 4096, 0o1666)
    libc.semget({IPC_KEY}, 1, 0o1666)
    libc.msgget({IPC_KEY}, 0o1666)
    # A POSIX message queue, which the grader could not find to remove: it must not be made at all.
    rt = ctypes.CDLL("librt.so.1")
    rt.mq_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_void_p]
    queue = rt.mq_open(b"/autograder-leftover", 0o102, 0o666, None)  # O_CREAT | O_RDWR
    raise RuntimeError(f"left its objects; mq_open gave {{queue}}")
'''

PEEKS = '''
import importlib.util

spec = importlib.util.spec_from_file_location("the_reference", {reference!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
softmax = module.softmax
'''


@pytest.fixture(scope="module", params=["namespaces", "no namespaces"])
def attacked(request, tmp_path_factory):
    """Graded in both confinements (confine.py): (results by name, the marker a followed link would write, mode)."""
    if request.param == "namespaces" and not confine.namespaces_available():
        pytest.skip("this machine gives root no namespaces")
    root = tmp_path_factory.mktemp("scratch-attacks")
    open_area = pathlib.Path(tempfile.mkdtemp(prefix="scratch-open-", dir=open_area_parent()))
    os.chmod(open_area, 0o777)
    secret = root / "grader-source"
    secret.mkdir(mode=0o700)
    shutil.copy(REFERENCE / "softmax.py", secret / "softmax.py")
    marker = open_area / "followed.marker"
    tamper, linker = root / "tamper", root / "linker"
    build_edited(REFERENCE, [], tamper)
    (tamper / "softmax.py").write_text(TAMPERS.format(marker=str(marker), secret=str(secret)))
    build_edited(REFERENCE, [], linker)
    (linker / "softmax.py").unlink()
    (linker / "softmax.py").symlink_to(secret / "softmax.py")
    peeker = root / "peeker"
    build_edited(REFERENCE, [], peeker)
    (peeker / "softmax.py").write_text(PEEKS.format(reference=str(REFERENCE / "softmax.py")))
    locker = root / "locker"
    build_edited(REFERENCE, [], locker)
    (locker / "softmax.py").write_text(LOCKS)
    ipc = root / "ipc"
    build_edited(REFERENCE, [], ipc)
    (ipc / "softmax.py").write_text(LEAVES_IPC)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUTOGRADER_NAMESPACES", "1" if request.param == "namespaces" else "0")
        graded = grade_all({"tamper": str(tamper), "linker": str(linker), "peeker": str(peeker),
                            "locker": str(locker), "ipc": str(ipc)},
                           str(root / "results"), options={"only": ["softmax.py"], "profile": "quick"})
    yield graded, marker, request.param
    shutil.rmtree(open_area, ignore_errors=True)


def test_every_tampering_is_refused_and_nothing_is_followed(attacked):
    graded, marker, _ = attacked
    results = graded["tamper"]
    assert points_by_function(results)["softmax.py:softmax"][0] == 0
    attempts = [t["output"] for t in results["tests"] if "attempts:" in t["output"]]
    assert attempts, [t["output"] for t in results["tests"]]
    assert "'done'" not in attempts[0], attempts[0]
    assert not marker.exists(), "the grader followed a link the student made"


def test_a_link_into_the_graders_files_is_not_copied(attacked):
    results = attacked[0]["linker"]
    assert points_by_function(results)["softmax.py:softmax"][0] == 0
    assert all("could not call softmax.py:softmax" in t["output"] for t in results["tests"])
    assert any("softmax.py: not a regular file" in s for s in results["extra_data"]["skipped_files"])


def test_the_projects_reference_is_out_of_reach_of_student_code(attacked):
    graded, _, mode = attacked
    if mode != "namespaces":
        pytest.skip("without namespaces only permissions hide the project: tests/test_gradescope_layout.py")
    results = graded["peeker"]
    assert points_by_function(results)["softmax.py:softmax"][0] == 0
    assert all("FileNotFoundError" in t["output"] for t in results["tests"]), results["tests"][0]["output"]


def test_a_submission_that_spoils_its_folder_is_charged_not_the_grader(attacked):
    """Its first call locks the folder its uid owns (without namespaces) and kills the worker: every later
    worker fails to start, and those failures are the submission's crashes, not the grader's faults."""
    results = attacked[0]["locker"]
    assert points_by_function(results)["softmax.py:softmax"][0] == 0
    assert results["extra_data"]["harness_errors"] == [], results["extra_data"]["harness_errors"][:1]
    assert len(results["tests"]) > 1 and all(t["score"] == 0 for t in results["tests"])


def test_system_v_objects_do_not_outlive_the_grading(attacked):
    """Shared memory, semaphores and message queues (System V and POSIX) would carry data from one grading
    to the next."""
    assert any("left its objects; mq_open gave -1" in t["output"] for t in attacked[0]["ipc"]["tests"])
    for kind in ("shm", "sem", "msg"):
        with open(f"/proc/sysvipc/{kind}") as table:
            keys = [line.split()[0] for line in list(table)[1:]]
        assert str(IPC_KEY) not in keys, f"a System V {kind} object of the submission is left"
