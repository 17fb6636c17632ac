"""Nothing left behind without namespaces (Gradescope's container, forced here with
AUTOGRADER_NAMESPACES=0): a submission that writes files, folders and a FIFO in the
shared temporary folders and in its TMPDIR leaves nothing once graded. With namespaces
those folders are its own tmpfs and there is no network: tests/test_deny_by_default.py.

Root only (as on Gradescope): as another user the worker runs as that user, and
nothing is isolated (README, "What confines student code")."""
import os
import select
import socket
import uuid

import pytest

from autograder.batch.grade_class import grade_all
from autograder.packaging.edits import build_edited
from autograder.sandbox import process
from tests.mutants import REFERENCE
from tests.test_mutants import points_by_function

# One xdist group: the module's fixture grades once, on one worker.
pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.geteuid() != 0, reason="the worker changes uid only as root"),
              pytest.mark.xdist_group("test_isolation")]

SHARED = ("/tmp", "/var/tmp", "/dev/shm")

LITTERS = '''
import os, socket, tempfile

TAG = {tag!r}


def litter():
    for folder in {shared!r}:
        with open(os.path.join(folder, TAG + "-file"), "w") as handle:
            handle.write("left behind")
        os.makedirs(os.path.join(folder, TAG + "-dir", "inner"), exist_ok=True)
        link = os.path.join(folder, TAG + "-dir", "inner", "link")
        if not os.path.lexists(link):
            os.symlink("/etc/passwd", link)
    if not os.path.lexists("/tmp/" + TAG + "-fifo"):
        os.mkfifo("/tmp/" + TAG + "-fifo")
    with open(os.path.join(tempfile.gettempdir(), TAG + "-private"), "w") as handle:
        handle.write("mine")


def softmax(x):
    try:
        litter()
        littered = "yes"
    except OSError as error:
        littered = repr(error)
    try:
        socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
        reached = "connected"
    except OSError as error:
        reached = "failed " + type(error).__name__
    raise RuntimeError(f"littered={{littered}} tmpdir={{tempfile.gettempdir()}} net={{reached}}")
'''


@pytest.fixture(scope="module")
def littered(tmp_path_factory):
    root = tmp_path_factory.mktemp("isolation")
    tag = f"autograder-litter-{uuid.uuid4().hex[:12]}"
    with socket.create_server(("127.0.0.1", 0)) as listener:
        folder = root / "litters"
        build_edited(REFERENCE, [], folder)
        (folder / "softmax.py").write_text(LITTERS.format(tag=tag, shared=SHARED, port=listener.getsockname()[1]))
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("AUTOGRADER_NAMESPACES", "0")  # read by the grading processes grade_all starts
            options = {"only": ["softmax.py"], "profile": "quick", "call_timeout": 3}
            results = grade_all({"litters": str(folder)}, str(root / "results"), options=options)["litters"]
        listener.setblocking(False)
        reached = bool(select.select([listener], [], [], 0)[0])  # a connection waits in the backlog
    yield results, tag, reached
    for folder in SHARED:  # in case a test fails: leave the machine as it was
        left = {os.lstat(os.path.join(folder, name)).st_uid for name in os.listdir(folder) if name.startswith(tag)}
        for uid in left - {0}:
            process.remove_files_of(uid, [folder])


def outputs_of(results):
    return [t["output"] for t in results["tests"] if t["tags"][0] == "softmax.py:softmax"]


def test_the_submission_gains_nothing_and_harms_nothing(littered):
    results = littered[0]
    assert points_by_function(results)["softmax.py:softmax"][0] == 0
    harmed = [t for t in results["tests"] if t["tags"][0] != "softmax.py:softmax" and t["status"] == "failed"]
    assert not harmed, [t["output"] for t in harmed]
    assert any("littered=yes" in output for output in outputs_of(results)), outputs_of(results)[:1]


def test_nothing_it_wrote_remains(littered):
    results, tag, _ = littered
    left = [os.path.join(folder, name) for folder in SHARED for name in os.listdir(folder) if name.startswith(tag)]
    assert not left, f"left behind: {left}"
    assert os.path.exists("/etc/passwd")  # a link it left was removed, not followed


def test_its_tmpdir_was_private_and_is_gone(littered):
    outputs = [o for o in outputs_of(littered[0]) if "tmpdir=" in o]
    assert outputs
    tmpdir = outputs[0].split("tmpdir=")[1].split()[0]
    assert os.path.basename(tmpdir) == "tmp" and os.path.basename(os.path.dirname(tmpdir)).startswith("autograder-")
    assert not os.path.exists(tmpdir)


def test_without_namespaces_it_reached_the_network_as_the_readme_says(littered):
    """What the README states for Gradescope's container: only the uid, permissions and limits hold there."""
    results, _, reached = littered
    assert results["extra_data"]["isolation"]["own_uid"] and not results["extra_data"]["isolation"]["namespaces"]
    assert any("net=connected" in o for o in outputs_of(results)) and reached


def test_leftovers_of_the_uid_are_removed_without_following_links(tmp_path):
    """The fallback without the privilege: what the sandbox uid owns at the top of the shared folders goes."""
    uid = process.SANDBOX_UID_BASE + os.getpid() + 1  # no process runs as this uid
    shared, outside = tmp_path / "shared", tmp_path / "outside"
    shared.mkdir(mode=0o1777)
    outside.mkdir()
    (outside / "keep.txt").write_text("the grader's")
    (shared / "file").write_text("x")
    (shared / "dir" / "inner").mkdir(parents=True)
    (shared / "dir" / "inner" / "link").symlink_to(outside)
    (shared / "link").symlink_to(outside / "keep.txt")
    os.mkfifo(shared / "fifo")
    (shared / ".X11-unix").mkdir(mode=0o1777)
    os.chmod(shared / ".X11-unix", 0o1777)
    (shared / ".X11-unix" / "socket").write_text("x")
    (shared / "someone-elses").write_text("x")
    for path in ("file", "dir", "dir/inner", "dir/inner/link", "link", "fifo", ".X11-unix/socket"):
        os.lchown(shared / path, uid, uid)
    process.remove_files_of(uid, [str(shared)])
    assert sorted(os.listdir(shared)) == [".X11-unix", "someone-elses"]
    assert not os.listdir(shared / ".X11-unix")
    assert (outside / "keep.txt").read_text() == "the grader's"
