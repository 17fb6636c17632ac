"""Part floors: what one grading of the whole reference cannot cost less than on this machine, in
CPU-seconds, whatever the engine does, while every test runs in a fresh child of the worker and the
submission's own code runs (issue 25's whole-grading target is set against it). The sum of
  - the grader's interpreter start and imports (pytest, hypothesis, numpy), a whole process;
  - a worker's start (an isolated interpreter importing numpy), once per grading process;
  - a fork, exit and wait of a process with numpy loaded, once per graded test;
  - the reference's own check_gradients (checking.py), in this process, on the two models with every
    derivative right that every full grading gives it (two of its eight calls: checker_seconds).
Everything else a grading does (the checker's six other calls, the other functions' own code,
round trips, hypothesis, the checks, preparing the copy) comes on top: the sum is a lower bound.
A batch's gradings, forked from a warm process (batch/preforked.py) and one process each, pay all but
the first, with one worker: at most 60 x cores / that of them a minute."""
import contextlib
import importlib.util
import io
import os
import resource
import sys
import time

from bench.timing import PROJECT, PYTHON, REFERENCE, Case, median, row, target_text

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


def checker_seconds(runs=3):
    """Median CPU-seconds of the reference's check_gradients on the two models, every derivative right, that
    every full grading gives the submission's: test 8.4's (public/test_checking.py) and test 8.20's given
    example (hidden/test_checking_reference.py). Each runs all 6,000 checks with two loss evaluations each."""
    sys.path[:0] = [os.path.join(PROJECT, "assignment"), REFERENCE]
    from hidden.test_checking_reference import ONE_SIDED_SHOWS
    from public.test_checking import INPUTS, SMALL, TARGETS

    from shared.checking import model_data
    spec = importlib.util.spec_from_file_location("standin_checking",
                                                  os.path.join(PROJECT, "assignment", "standins", "checking.py"))
    standins = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(standins)
    checking = importlib.import_module("checking")
    arguments, inputs, targets = ONE_SIDED_SHOWS
    models = [(model_data(**arguments, inputs=inputs, targets=targets), inputs, targets),
              (model_data(85, **SMALL, inputs=INPUTS, targets=TARGETS, weight=1e7), INPUTS, TARGETS)]
    seconds = []
    for _ in range(runs):
        started = time.thread_time()  # this thread's alone: numpy's BLAS threads may spin beside it
        for data, inputs, targets in models:
            with contextlib.redirect_stdout(io.StringIO()) as printed:
                checking.check_gradients(standins.CheckedModel(**data), inputs.copy(), targets.copy())
            assert printed.getvalue().count("looks OK.") == 6, printed.getvalue()
        seconds.append(time.thread_time() - started)
    return median(seconds)


def report_floors(cases, report):
    """The floor of one grading of the whole reference, part by part, against the whole-grading CPU target."""
    document = cases["reference"].documents[-1]
    tests, processes = len(document["tests"]), document.get("extra_data", {}).get("processes", 1)
    worker = median(cases["worker start"].cpu)
    parts = {"python start + imports": median(cases["import"].cpu),
             f"worker start x {processes}": processes * worker,
             f"fork + exit + wait x {tests} tests": tests * fork_seconds(),
             "reference check_gradients x 2": checker_seconds()}
    print("floors of one grading of the whole reference (CPU-seconds; a lower bound: see bench/floors.py)")
    for label, seconds in parts.items():
        row(label, seconds, "CPU-s")
    total = sum(parts.values())
    row("floor", total, "CPU-s", target_text("whole CPU", total))
    row("measured (whole reference)", median(cases["reference"].cpu), "CPU-s")
    in_batch = total - parts["python start + imports"] - (processes - 1) * worker
    rate = 60 * os.cpu_count() / in_batch
    row(f"batch: at most, on {os.cpu_count()} cores", rate, "/min", target_text("batch rate", rate)
        + f" ({in_batch:.2f} CPU-s a grading)")
    report["floors"] = {"parts_cpu_s": parts, "floor_cpu_s": total, "measured_cpu_s": median(cases["reference"].cpu),
                        "batch_floor_cpu_s": in_batch, "batch_rate_bound_per_min": rate}
