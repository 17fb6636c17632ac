"""Grade a class on a Dask cluster: `autograder batch SUBMISSIONS OUT --cluster ADDRESS` (and
`autograder audit --cluster ADDRESS`), for when one machine is not enough.

Each grading is one Dask task. The client (this machine) packs the submission's files
into a zip, in memory, as plain bytes; the task, on a worker machine, writes them into
a folder of its own and runs there the very grading a local batch runs (api.grade with
the same keywords, forked from a warm process of that worker, preforked.py, with the same
sandbox, timeout and clean-up), then sends back results.json and report.txt as bytes, each
capped in size. The client writes them where a local batch would have, and reads
results.json as JSON with the local batch's own code (outcome.judged), so the class's
grades.csv, report.md, histogram and per-student files are the same. Dask pickles
task arguments and results between its processes: here both are only bytes, str,
numbers, None and lists and dicts of them, made by the grader's own code on either
side, so nothing a student controls is ever unpickled as an object; the student's
bytes are parsed as JSON on the client, as locally, or only copied.

A worker that dies (its machine lost, the process killed) costs only the grading it was
running: the scheduler runs it again on another worker (Dask's
distributed.scheduler.allowed-failures, 3 by default, bounds how often), and a task that
raises (a full disk on one worker, say) is run once more (retries=1), wherever the scheduler
places it. A
grading that still fails, like a grading that fails locally, is a harness-error row
saying why, and the class goes on.

Every worker grades with its own copy of the project (the engine and the assignment,
found under its own project folder), which must be the client's version: the client
sends a digest of autograder/ and the assignment's folders, and a worker whose copy
differs refuses to grade. Dask is an optional extra (`pip install .[cluster]`),
imported only here.
"""
import os
import re
import socket
import tempfile
import time
import uuid

from autograder import PROJECT
from autograder.batch.outcome import GRADING_TIMEOUT, BatchError, PreforkedGraders, failed, grading, judged, run_grading
from autograder.batch.preforked import remove_tree
from autograder.batch.shipment import ShipError, capped, checked_relative, digest, pack, read_capped, unpack
from autograder.report import results_json
from autograder.report.classout import one_line

INSTALL = "pip install .[cluster] (or pip install -r requirements.txt) in the project's venv"
CONNECT_SECONDS = 30      # to reach the scheduler
WORKER_WAIT_SECONDS = 60  # for a first worker to join it
RESULTS_CAP = 32 * 2**20  # bytes of results.json a worker sends back; the grader caps every message far below
REPORT_CAP = 8 * 2**20    # bytes of report.txt sent back; past it the report is cut
RECORD_CAP = 64 * 2**20   # bytes of an audit's record file sent back (the reference's recorded calls)
INPUT_CAP = 2**20         # bytes of an input file a keyword names (metadata: a few hundred)
IN_FLIGHT_PER_THREAD = 2  # tasks handed to the scheduler per worker thread: the rest wait here, packed later
# api.grade's keywords whose value is a path: the assignment folder, found in each worker's own project;
# a file the grading reads, sent along; a file it writes, sent back.
PATH_OPTIONS = {"assignment_dir": "project", "metadata": "input", "record": "output"}


# -- the client ----------------------------------------------------------------

def outcomes(address, work, common=None):
    """Yield (key, Outcome) as each grading of `work` ends on the workers of the Dask scheduler at `address`.

    work: {key: (submission path, results path, options, timeout, report path or None)}, options being
    api.grade's keywords; common: the keywords every grading has (assignment_dir, assignment), to check
    the workers grade that assignment.
    Raise BatchError (before any grading) when the scheduler cannot be reached, has no worker, or a
    worker's project is not this one's version."""
    client = connect(address)
    try:
        expected = {"folders": project_folders(common), "digest": ""}
        expected["digest"] = digest(PROJECT, expected["folders"])
        for where, run in (("scheduler", client.run_on_scheduler), ("workers", client.run)):
            try:  # the scheduler too unpickles each task, and so imports this module
                digests = run(worker_digest, expected["folders"])
            except Exception as error:  # as Dask re-raises the failure there: most often, no autograder there
                raise BatchError(f"Dask's {where} cannot run the grader ({one_line(error, 200).rstrip('.')}); "
                                 f"start the {where} in the project folder with PYTHONPATH set to it (see README)") \
                    from None
        differing = sorted(host for host, theirs in digests.items() if theirs != expected["digest"])
        if differing:
            raise BatchError(f"the Dask worker {differing[0]} grades with another version of the project than "
                             f"this machine (autograder/ or {', '.join(expected['folders'][1:])} differ); install "
                             "this commit on every worker machine and restart its workers")
        yield from graded_on(client, work, expected)
    finally:
        client.close()


def connect(address):
    """A distributed.Client of the scheduler at address, with at least one worker; BatchError otherwise."""
    try:
        import distributed
    except ImportError:
        raise BatchError(f"--cluster needs Dask, which this interpreter lacks; install it with {INSTALL}") from None
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise BatchError(f"cannot reach a Dask scheduler at {address} ({one_line(error, 200).rstrip('.')}); start "
                         "one with `dask scheduler` and pass the address it prints, such as tcp://HOST:8786") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except (OSError, TimeoutError):
        client.close()
        raise BatchError(f"no Dask worker joined the scheduler at {address} within {WORKER_WAIT_SECONDS} s; start "
                         f"workers on each grading machine with `dask worker {address} --nworkers N "
                         "--nthreads 1` (see README)") from None
    return client


def graded_on(client, work, expected):
    """Yield (key, Outcome) of every job of work, keeping a few tasks per worker thread in flight."""
    import distributed
    token, waiting = uuid.uuid4().hex[:8], iter(enumerate(work.items()))
    running, jobs = distributed.as_completed(loop=client.loop), {}
    window = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))

    def submit_next():
        for number, (key, job) in waiting:
            submission, results_path, options, timeout, report_path = job
            try:
                shipment = pack(submission)
                sent, inputs, outputs = worker_options(options)
            except (ShipError, BatchError) as error:
                yield key, failed(str(error), results_path)
                continue
            except OSError as error:  # it changed while it was read
                yield key, failed(f"the submission {submission} could not be read on this machine "
                                  f"({error.strerror or error}); check it is still there and grade again", results_path)
                continue
            label = re.sub(r"[^A-Za-z0-9_.-]", "_", os.path.basename(os.path.normpath(submission)))[:60]
            future = client.submit(grade_task, shipment, sent, inputs, timeout, report_path is not None, expected,
                                   key=f"grade-{label}-{number}-{token}", pure=False, retries=1)
            jobs[future.key] = (key, job, outputs)
            running.add(future)
            return

    for _ in range(window):
        yield from submit_next()
    for future in running:
        key, job, outputs = jobs.pop(future.key)
        try:
            reply = future.result()
        except Exception as error:  # the worker died too often, the scheduler went away, the task raised twice
            reply = {"problem": f"the cluster could not run this grading ({type(error).__name__}: "
                                f"{one_line(error, 500).rstrip('.')})"}
        future.release()
        yield key, received(reply, job, outputs)
        yield from submit_next()


def received(reply, job, outputs):
    """The Outcome of a worker's reply (grade_task's dict) to `job`; its files written where a local batch
    writes them."""
    submission, results_path, _, timeout, report_path = job
    if os.path.exists(results_path):
        os.remove(results_path)  # what is read below is this grading's, never an earlier one's
    if not isinstance(reply, dict):
        return failed(f"the Dask worker answered a {type(reply).__name__}, not a grading's reply", results_path)
    for name, path in outputs.items():
        data = (reply.get("outputs") or {}).get(name)
        if isinstance(data, bytes):
            with open(path, "wb") as handle:
                handle.write(data)
    if report_path:
        report = reply.get("report") if isinstance(reply.get("report"), bytes) else b""
        if isinstance(reply.get("submission"), str):  # its first line names the folder graded: this one's
            first, newline, rest = report.partition(b"\n")
            report = first.replace(os.fsencode(reply["submission"]),
                                   os.fsencode(os.path.abspath(submission))) + newline + rest
        with open(report_path, "wb") as handle:
            handle.write(report)
            if reply.get("report_cut"):
                handle.write(f"\n[the report was cut at {REPORT_CAP // 2**20} MB on the worker]\n".encode())
    if reply.get("problem"):
        return failed(str(reply["problem"]), results_path)
    if isinstance(reply.get("results"), bytes):
        with open(results_path, "wb") as handle:
            handle.write(reply["results"])
    returncode = reply.get("returncode")
    outcome = judged(returncode if isinstance(returncode, int) else None, str(reply.get("stderr", "")),
                     results_path, timeout if isinstance(timeout, (int, float)) else GRADING_TIMEOUT)
    extra = outcome.document.get("extra_data")
    if isinstance(extra, dict) and extra.get("submission") == reply.get("submission"):
        extra["submission"] = os.path.abspath(submission)  # the folder graded, as a local batch names it
        results_json.write_results(outcome.document, results_path)
    seconds = reply.get("seconds")
    outcome.seconds = float(seconds) if isinstance(seconds, (int, float)) else 0.0
    return outcome


def project_folders(common):
    """The folders, relative to the project, that a grading with the keywords `common` reads: the engine,
    the assignment folder and the reference and support folders its manifest names. BatchError when one
    is outside the project, where a worker would not find it."""
    from autograder.assignment import Assignment, AssignmentError
    folder, selection = (common or {}).get("assignment_dir"), (common or {}).get("assignment")
    try:
        assignment = Assignment(folder or os.path.join(PROJECT, "assignment"), selection)
    except AssignmentError as error:
        raise BatchError(str(error).rstrip(".")) from None
    folders = ["autograder"]
    for path in (assignment.folder, assignment.reference_dir, *assignment.support_paths):
        if path:
            relative = project_relative(path, "the assignment's folders")
            if not any(relative == f or relative.startswith(f + os.sep) for f in folders):
                folders.append(relative)
    return folders


def project_relative(path, what):
    """path relative to the project; BatchError when it is outside."""
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(PROJECT))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise BatchError(f"--cluster grades with each worker's copy of the project, so {what} must be inside "
                         f"the project, which {path} is not; copy it into the project on every machine")
    return relative


def worker_options(options):
    """(the keywords as a worker takes them, {name: bytes} of the input files they name, {name: path here}
    of the output files they name): a path keyword's value becomes [kind, name] (PATH_OPTIONS), which the
    worker replaces with a path of its own."""
    sent, inputs, outputs = {}, {}, {}
    for keyword, value in (options or {}).items():
        kind = PATH_OPTIONS.get(keyword)
        shown = "--" + keyword.replace("_", "-")  # as the command line names it
        if kind is None or value is None:
            sent[keyword] = value
        elif kind == "project":
            sent[keyword] = ["project", project_relative(value, shown)]
        else:
            name = str(len(inputs) + len(outputs))
            if kind == "output":
                outputs[name] = value
            else:
                inputs[name] = read_capped(value, INPUT_CAP, f"the file of {shown}")
            sent[keyword] = [kind, name]
    return sent, inputs, outputs


# -- the worker ------------------------------------------------------------------

WORKER = {"graders": None, "digests": {}}  # this worker process's warm graders and project digests


def grade_task(shipment, options, inputs, timeout, want_report, expected):
    """A Dask task, on a worker: grade one submission (shipment.pack's shipment) with `options` (worker_options's
    keywords) and `inputs` ({name: bytes}), killed past `timeout` seconds; with want_report, keep its
    terminal report. expected: {"folders", "digest"} of the client's project.

    Return {"host", "submission" (its path here), "returncode" (None: killed at the timeout), "stderr" (its
    end), "results" (bytes or None), "report" (bytes or None), "report_cut", "outputs" ({name: bytes}),
    "seconds", "problem" (why nothing could be graded, or None)}."""
    reply = {"host": socket.gethostname(), "submission": None, "returncode": None, "stderr": "", "results": None,
             "report": None, "report_cut": False, "outputs": {}, "seconds": 0.0, "problem": None}
    if worker_digest(expected["folders"]) != expected["digest"]:
        reply["problem"] = (f"the Dask worker {reply['host']} grades with another version of the project than the "
                            "client; install the client's commit on that machine and restart its workers")
        return reply
    folder = tempfile.mkdtemp(prefix="autograder-cluster-")
    try:
        submission = reply["submission"] = unpack(shipment, folder)
        keywords, outputs = {}, {}
        for keyword, value in options.items():
            if keyword not in PATH_OPTIONS or value is None:
                keywords[keyword] = value
                continue
            kind, name = value
            path = os.path.join(PROJECT, checked_relative(name)) if kind == "project" else \
                os.path.join(folder, f"{kind}-{int(name)}")
            if kind == "input":
                with open(path, "xb") as handle:
                    handle.write(inputs[name])
            elif kind == "output":
                outputs[name] = path
            keywords[keyword] = path
        results = os.path.join(folder, "results.json")
        report = os.path.join(folder, "report.txt") if want_report else None
        if WORKER["graders"] is None:  # one warm process per worker thread, for the worker's life
            WORKER["graders"] = PreforkedGraders(cwd=PROJECT)
        started = time.monotonic()
        reply["returncode"], reply["stderr"] = run_grading(grading(submission, results, keywords),
                                                           report, timeout, WORKER["graders"].mine())
        reply["seconds"] = time.monotonic() - started
        reply["results"], cut = capped(results, RESULTS_CAP)
        if cut:
            reply["results"] = None
            reply["problem"] = (f"the grading's results.json is larger than {RESULTS_CAP // 2**20} MB, more than a "
                                "cluster worker sends back; grade this submission without --cluster")
        if report:
            reply["report"], reply["report_cut"] = capped(report, REPORT_CAP)
        for name, path in outputs.items():
            data, cut = capped(path, RECORD_CAP)
            if data is not None and not cut:
                reply["outputs"][name] = data
        return reply
    finally:
        remove_tree(folder)


def worker_digest(folders):
    """digest() of this worker's project, computed once per worker process."""
    key = tuple(folders)
    if key not in WORKER["digests"]:
        WORKER["digests"][key] = digest(PROJECT, folders)
    return WORKER["digests"][key]


