"""Part floors: what one grading of the whole reference cannot cost less than on this machine, in
CPU-seconds, whatever the engine does, while every test runs in a fresh child of the worker and the
submission's own code runs (issue 25's whole-grading target is set against it). The sum of
  - the grader's interpreter start and imports (pytest, hypothesis, numpy), a whole process;
  - a worker's start (an isolated interpreter importing numpy), once per grading process;
  - a fork, exit and wait of a process with numpy loaded, once per graded test;
  - the reference's own check of the loss derivative (checking.py:check_output_derivatives, 1,000
    centred differences) on the smallest model the suites can give it, in this process, once per
    call of check_gradients in a grading that printed "The loss derivative looks OK." (so ran all
    1,000; counted from `grade --record`).
Everything else a grading does (the checker's checks of the parameters, the other functions' own
code, round trips, hypothesis, the checks, preparing the copy) comes on top: the sum is a lower bound."""
import contextlib
import importlib.util
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

from bench.timing import PROJECT, PYTHON, REFERENCE, Case, median, row, target_text

CHECKER = "checking.py:check_gradients"
PASSED = "The loss derivative looks OK."
FORKS = 300


def floor_cases():
    """The whole-process cases this part times beside the reference's grading."""
    return {"import": Case("import", [PYTHON, "-c", "import autograder.cli, autograder.grading.suites"]),
            "worker start": Case("worker start", [PYTHON, "-I", "-B", "-c", "import numpy, numpy.random"])}


def _cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def fork_seconds(count=FORKS):
    """CPU-seconds of one fork + exit + wait of this process, numpy loaded (the mean of `count`)."""
    import numpy  # noqa: F401  (the worker's children are forked with it loaded)
    started = _cpu()
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    return (_cpu() - started) / count


def checker_calls():
    """The calls of check_gradients in one grading of the reference's checking.py that passed the loss
    derivative, from its --record file."""
    with tempfile.TemporaryDirectory(prefix="bench-floors-") as scratch:
        record = os.path.join(scratch, "calls.json")
        subprocess.run([PYTHON, "-m", "autograder", "grade", "--submission", REFERENCE, "--only", "checking.py",
                        "--results", os.path.join(scratch, "results.json"), "--quiet", "--record", record],
                       cwd=PROJECT, check=True, capture_output=True)
        with open(record, encoding="utf-8") as handle:
            return sum(call["function"] == CHECKER and call["printed"].startswith(PASSED) for call in json.load(handle))


def checker_seconds(runs=5):
    """Median CPU-seconds of the reference's check of the loss derivative on the smallest model the suites
    can give it (hidden/test_checking_reference.py:spoilt_models: V = 3, D = 1, N_H = 1, one case)."""
    sys.path[:0] = [os.path.join(PROJECT, "assignment"), REFERENCE]
    from shared.checking import model_data
    spec = importlib.util.spec_from_file_location("standin_checking",
                                                  os.path.join(PROJECT, "assignment", "standins", "checking.py"))
    standins = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(standins)
    checking = importlib.import_module("checking")
    inputs, targets = np.array([[0, 1, 2]]), np.array([1])
    model = standins.CheckedModel(**model_data(0, vocab_size=3, embedding_dim=1, num_hid=1, inputs=inputs,
                                               targets=targets))
    seconds = []
    for _ in range(runs):
        started = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            checking.check_output_derivatives(model, inputs.copy(), targets.copy())
        seconds.append(time.process_time() - started)
        assert printed.getvalue().startswith(PASSED), printed.getvalue()
    return median(seconds)


def report_floors(cases, report):
    """The floor of one grading of the whole reference, part by part, against the whole-grading CPU target."""
    document = cases["reference"].documents[-1]
    tests, processes = len(document["tests"]), document.get("extra_data", {}).get("processes", 1)
    calls = checker_calls()
    parts = {"python start + imports": median(cases["import"].cpu),
             f"worker start x {processes}": processes * median(cases["worker start"].cpu),
             f"fork + exit + wait x {tests} tests": tests * fork_seconds(),
             f"loss derivative checks x {calls}": calls * checker_seconds()}
    print("floors of one grading of the whole reference (CPU-seconds; a lower bound: see bench/floors.py)")
    for label, seconds in parts.items():
        row(label, seconds, "CPU-s")
    total = sum(parts.values())
    row("floor", total, "CPU-s", target_text("whole CPU", total))
    row("measured (whole reference)", median(cases["reference"].cpu), "CPU-s")
    report["floors"] = {"parts_cpu_s": parts, "floor_cpu_s": total, "measured_cpu_s": median(cases["reference"].cpu)}
