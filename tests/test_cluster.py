"""A class graded on a Dask cluster (`batch --cluster`): a LocalCluster of two worker processes gives
the same grades.csv rows, results, reports and feedback as `--jobs 2`; a worker killed mid-grading
costs nothing but a second run of that grading; what is shipped to a worker is graded as the folder
itself would be; and the cluster's problems (no Dask, no scheduler, another project version, a path
outside the project) are said in one sentence."""
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from autograder import cli
from autograder.batch import cluster, grade_class
from autograder.batch.shipment import pack, unpack
from autograder.submission import prepare
from tests.toy_grading import REFERENCE, SUBMISSIONS, TOY

pytestmark = pytest.mark.xdist_group("test_cluster")
PROJECT = Path(__file__).resolve().parents[1]
TIMES = ("execution_time", "phases", "test_seconds")  # what differs between any two gradings of one submission


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A LocalCluster of two worker processes (one thread each), its gradings' temporary folders in a
    folder of the test's (a killed worker leaves its grading's there)."""
    temporary = tmp_path_factory.mktemp("cluster-tmp")
    temporary.chmod(0o755)  # as root, student code runs under a uid of its own, which passes through here
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      env={"TMPDIR": str(temporary)}) as local:
        yield local


def a_class(root):
    """Seven submissions of the toy assignment, one of each shape a class holds."""
    good = root / "good"
    shutil.copytree(REFERENCE, good)
    (root / "wrong").mkdir()
    (root / "wrong" / "double.py").write_text("def double(x):\n    return 3 * x\n")
    (root / "wrong" / "link.py").symlink_to("/etc/passwd")  # left out, not followed, here as there
    with open(root / "wrong" / "notes.txt", "wb") as handle:  # sparse, past the grader's 20 MB a file
        handle.truncate(prepare.MAX_FILE_BYTES + 1)
    (root / "broken").mkdir()
    (root / "broken" / "double.py").write_text("def double(x)\n    return 2 * x\n")
    (root / "broken" / "count.py").write_text("import os\n\n\ndef count_calls(f, n):\n    os._exit(3)\n")
    shutil.copytree(SUBMISSIONS / "alias_wrong", root / "alias_wrong")
    shutil.copytree(REFERENCE, root / "nested" / "hw2")  # a zipped folder, graded from inside
    with zipfile.ZipFile(root / "zipped.zip", "w") as archive:
        for path in sorted(REFERENCE.glob("*.py")):
            archive.write(path, path.name)
    (root / "empty").mkdir()
    return root


def without_times(document):
    if isinstance(document, dict):
        return {key: without_times(value) for key, value in document.items() if key not in TIMES}
    if isinstance(document, list):
        return [without_times(value) for value in document]
    return document


def without_slowest(report):
    """report.md less its table of the slowest submissions (wall times)."""
    head, _, rest = report.partition("## Slowest submissions")
    return head + rest[rest.find("\n## "):] if "\n## " in rest else head


def rows(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_a_class_on_a_cluster_gets_the_outputs_of_jobs_2(tmp_path, dask_cluster):
    root = a_class(tmp_path / "class")
    options = ["--assignment-dir", str(TOY), "--no-progress"]
    assert cli.main(["batch", str(root), str(tmp_path / "local"), "--jobs", "2", *options]) == 0
    assert cli.main(["batch", str(root), str(tmp_path / "remote"), "--cluster", dask_cluster.scheduler_address,
                     *options]) == 0
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert rows(remote) == rows(local)
    table = {row["submission"]: row for row in rows(remote)}
    assert {name: row["total"] for name, row in table.items()} == {
        "good": "8", "nested": "8", "zipped": "8", "alias_wrong": "5", "wrong": "0", "broken": "0", "empty": "0"}
    assert (table["empty"]["status"], table["broken"]["status"]) == ("not graded", "graded")
    for name in table:
        there = json.loads((remote / "students" / name / "results.json").read_text(encoding="utf-8"))
        here = json.loads((local / "students" / name / "results.json").read_text(encoding="utf-8"))
        assert without_times(there) == without_times(here), name
        assert (remote / "students" / name / "report.txt").read_bytes() == \
            (local / "students" / name / "report.txt").read_bytes(), name
        assert (remote / "feedback" / f"{name}.txt").read_bytes() == (local / "feedback" / f"{name}.txt").read_bytes()
    skipped = json.loads((remote / "students" / "wrong" / "results.json").read_text())["extra_data"]["skipped_files"]
    assert "link.py: not a regular file" in skipped and "notes.txt: larger than 20 MB" in skipped
    assert without_slowest((remote / "report.md").read_text()) == without_slowest((local / "report.md").read_text())
    assert (remote / "histogram.png").stat().st_size > 0


@pytest.mark.slow
def test_an_audits_gradings_on_a_cluster_bring_back_the_recorded_calls(tmp_path, dask_cluster):
    records = {}
    for where, address in (("local", None), ("remote", dask_cluster.scheduler_address)):
        records[where] = tmp_path / f"{where}-calls.json"
        graded = grade_class.grade_all({"reference": str(REFERENCE)}, str(tmp_path / where), jobs=1,
                                 options={"assignment_dir": str(TOY), "profile": "quick"},
                                 options_for=lambda name, path=records[where]: {"record": str(path)},
                                 cluster=address)
        assert graded["reference"]["score"] == 8, graded["reference"]["output"]
    calls = json.loads(records["remote"].read_text())
    assert calls and calls == json.loads(records["local"].read_text())


SLOW = '''import time

time.sleep(1.5)  # at every import of the module: a grading of several seconds


def double(x):
    return 2 * x
'''


@pytest.mark.slow
def test_a_worker_killed_mid_grading_costs_only_a_second_run_of_that_grading(tmp_path, dask_cluster):
    root = tmp_path / "class"
    for name in ("a_fast", "c_fast"):
        shutil.copytree(REFERENCE, root / name)
    shutil.copytree(REFERENCE, root / "b_slow")
    (root / "b_slow" / "double.py").write_text(SLOW)
    finished = {}
    grading = threading.Thread(target=lambda: finished.update(code=cli.main(
        ["batch", str(root), str(tmp_path / "out"), "--assignment-dir", str(TOY), "--no-progress",
         "--cluster", dask_cluster.scheduler_address])))
    def running_slow(watcher):
        """The addresses of the workers running the slow grading."""
        return [worker for worker, keys in watcher.processing().items()
                if any(str(key).startswith("grade-b_slow-") for key in keys)]

    with Client(dask_cluster.scheduler_address, set_as_default=False) as watcher:
        grading.start()
        killed, rerun, deadline = None, [], time.monotonic() + 60
        while not rerun and grading.is_alive() and time.monotonic() < deadline:
            busy = running_slow(watcher)
            if busy and killed is None:
                time.sleep(1.0)  # into the grading, past unpacking the submission
                killed = busy[0]
                os.kill(watcher.run(os.getpid, workers=[killed])[killed], signal.SIGKILL)
            elif killed:
                rerun = [worker for worker in busy if worker != killed]
            time.sleep(0.05)
        grading.join(120)
    assert killed, "the slow grading was never seen running, so no worker was killed"
    assert rerun, "the slow grading was never seen running again after its worker was killed"
    assert finished == {"code": 0}
    table = {row["submission"]: row for row in rows(tmp_path / "out")}
    assert {name: (row["status"], row["total"]) for name, row in table.items()} == {
        "a_fast": ("graded", "8"), "b_slow": ("graded", "8"), "c_fast": ("graded", "8")}


# -- what a worker is sent ------------------------------------------------------

def test_a_shipped_folder_is_copied_by_the_grader_as_the_folder_itself(tmp_path):
    source = tmp_path / "source"
    (source / "pkg" / "deeper").mkdir(parents=True)
    (source / "double.py").write_text("def double(x):\n    return 2 * x\n")
    (source / "pkg" / "deeper" / "util.py").write_bytes(b"\xff\xfe not UTF-8")
    (source / "pkg" / "empty").mkdir()
    (source / "__pycache__").mkdir()
    (source / "__pycache__" / "double.pyc").write_bytes(b"cache")
    (source / "link.py").symlink_to("double.py")
    (source / "folder_link").symlink_to("pkg")
    os.mkfifo(source / "pipe")
    with open(source / "big.bin", "wb") as handle:
        handle.truncate(prepare.MAX_FILE_BYTES + 1)
    deep = source.joinpath(*[f"d{n}" for n in range(prepare.MAX_DEPTH + 1)])
    deep.mkdir(parents=True)
    (deep / "lost.py").write_text("x = 1\n")
    shipment = pack(str(source))
    assert sorted(shipment["files"]) == ["double.py", "pkg/deeper/util.py"]
    assert shipment["sizes"] == {"big.bin": prepare.MAX_FILE_BYTES + 1}
    assert sorted(shipment["others"]) == ["link.py", "pipe"]
    (tmp_path / "worker").mkdir()
    received = Path(unpack(shipment, str(tmp_path / "worker")))
    assert received == tmp_path / "worker" / "source"
    copies = {}
    for name, folder in (("here", source), ("there", received)):
        skipped = []
        prepare.copy_submission(str(folder), str(tmp_path / name), skipped)
        copies[name] = (skipped, {str(p.relative_to(tmp_path / name)): p.read_bytes() if p.is_file() else None
                                  for p in sorted((tmp_path / name).rglob("*"))})
    assert copies["there"] == copies["here"]
    assert copies["here"][1]["pkg/deeper/util.py"] == b"\xff\xfe not UTF-8"
    assert any("deeper than" in why for why in copies["here"][0])


def test_an_archive_is_shipped_as_its_bytes_or_past_the_limit_by_its_size(tmp_path):
    small = tmp_path / "hw.zip"
    small.write_bytes(b"PK\x05\x06" + bytes(18))
    big = tmp_path / "big.tar.gz"
    with open(big, "wb") as handle:
        handle.truncate(prepare.MAX_TOTAL_BYTES + 1)
    assert pack(str(small)) == {"name": "hw.zip", "archive": small.read_bytes(), "size": 22}
    shipment = pack(str(big))
    assert (shipment["archive"], shipment["size"]) == (None, prepare.MAX_TOTAL_BYTES + 1)
    (tmp_path / "worker").mkdir()
    there = Path(unpack(shipment, str(tmp_path / "worker")))
    assert there.name == "big.tar.gz" and there.stat().st_size == prepare.MAX_TOTAL_BYTES + 1


@pytest.mark.parametrize("name", ["", ".", "..", "a/b"])
def test_a_shipment_named_as_no_file_is_refused_by_the_worker(tmp_path, name):
    with pytest.raises(ValueError, match="is not a file name"):
        unpack({"name": name, "archive": b"", "size": 0}, str(tmp_path))


@pytest.mark.parametrize("relative", ["/etc/x", "../x", "a/../../x", "a//b", "./a"])
def test_a_path_that_leaves_the_submission_is_refused_by_the_worker(tmp_path, relative):
    shipment = {"name": "s", "zip": b"", "files": [], "folders": [relative], "sizes": {}, "others": []}
    with pytest.raises(ValueError, match="not a path below"):
        unpack(shipment, str(tmp_path))


def test_path_options_are_sent_as_files_and_project_folders(tmp_path):
    metadata = tmp_path / "submission_metadata.json"
    metadata.write_text('{"created_at": "2024-02-01T00:00:00Z"}')
    sent, inputs, outputs = cluster.worker_options(
        {"profile": "quick", "assignment_dir": str(TOY), "assignment": None, "metadata": str(metadata),
         "record": str(tmp_path / "calls.json"), "only": ["double.py"]})
    assert sent == {"profile": "quick", "assignment_dir": ["project", "tests/toy"], "assignment": None,
                    "metadata": ["input", "0"], "record": ["output", "1"], "only": ["double.py"]}
    assert inputs == {"0": metadata.read_bytes()} and outputs == {"1": str(tmp_path / "calls.json")}
    with pytest.raises(grade_class.BatchError, match="must be inside the project, which .* is not; copy it"):
        cluster.worker_options({"assignment_dir": str(tmp_path)})


def test_a_worker_with_another_version_of_the_project_refuses_to_grade(tmp_path):
    reply = cluster.grade_task({"name": "s", "archive": b"", "size": 0}, {}, {}, 10, False,
                               {"folders": ["autograder"], "digest": "0" * 64})
    assert reply["returncode"] is None and "another version of the project" in reply["problem"]
    job = ("s", str(tmp_path / "results.json"), {}, 10, None)
    outcome = cluster.received(reply, job, {})
    assert outcome.status == grade_class.HARNESS_ERROR and "install the client's commit" in outcome.reason
    assert json.loads((tmp_path / "results.json").read_text())["score"] == 0


def test_without_dask_the_cluster_option_names_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    (tmp_path / "class" / "a").mkdir(parents=True)
    with pytest.raises(grade_class.BatchError, match=r"--cluster needs Dask.*pip install \.\[cluster\]"):
        cluster.connect("tcp://127.0.0.1:1")


def test_an_unreachable_scheduler_is_one_sentence_and_exit_status_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    (tmp_path / "class" / "a").mkdir(parents=True)
    code = cli.main(["batch", str(tmp_path / "class"), str(tmp_path / "out"), "--assignment-dir", str(TOY),
                     "--no-progress", "--cluster", "tcp://127.0.0.1:1"])
    error = capsys.readouterr().err
    assert code == 2 and error.startswith("autograder batch: cannot reach a Dask scheduler at tcp://127.0.0.1:1 (")
    assert error.count("\n") == 1 and "start one with `dask scheduler`" in error


def test_dask_is_imported_only_under_the_cluster_option():
    done = subprocess.run([sys.executable, "-c", "import sys; import autograder.cli, autograder.batch.grade_class, "
                           "autograder.batch.cluster, autograder.audit.grade_versions; "
                           "print(sorted({'dask', 'distributed'} & set(sys.modules)))"],
                          capture_output=True, text=True, check=False, cwd=PROJECT)
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr
