"""The benchmark's parts that time more than one grading of a submission: a class graded with
`autograder batch` (--jobs 1 and 2, or on a Dask LocalCluster) and the README's demos."""
import json
import os
import resource
import subprocess
import sys
import time

from autograder.packaging.edits import build_edited
from bench.timing import (
    PROJECT,
    PYTHON,
    REFERENCE,
    TARGETS,
    Case,
    check_score,
    median,
    row,
    run_once,
    runs_text,
    target_text,
)
from tests.mutants import all_mutants

# The README's demo commands (demos/ scripts and their arguments), as it states their times.
DEMOS = (("train_word2vec.py", "--iterations", "5000"), ("optim_experiment.py",), ("sentiment.py",),
         ("train_language_model.py",))
BATCH_COUNT = 40


def class_of(count, folder, files=()):
    """`count` submissions in folder: the reference, then one mutant of tests/mutants each (cycling), of
    `files` only when given."""
    mutants = [m for m in all_mutants() if not files or m.file in files]
    expected = {}
    for number in range(count):
        name = f"s{number:03d}"
        if number == 0:
            build_edited(REFERENCE, [], os.path.join(folder, name))
            expected[name] = "full"
        else:
            mutant = mutants[(number - 1) % len(mutants)]
            build_edited(REFERENCE, [mutant.edit()], os.path.join(folder, name))
            expected[name] = "partial"
    return expected


def batch_time(submissions, out, jobs, expected, profile, files, cluster=None):
    """Seconds of one `autograder batch SUBMISSIONS OUT --jobs N --profile P [--only FILE]...` (with
    `--cluster ADDRESS` instead of --jobs when given); checks every score."""
    where = ["--cluster", cluster] if cluster else ["--jobs", str(jobs)]
    case = Case(f"batch {' '.join(where)}", [PYTHON, "-m", "autograder", "batch", submissions, out, *where,
                                             "--profile", profile, *(o for f in files for o in ("--only", f)),
                                             "--no-progress"])
    run_once(case)
    for name, expect in expected.items():
        with open(os.path.join(out, "students", name, "results.json"), encoding="utf-8") as handle:
            check_score(f"batch {name}", json.load(handle), expect)
    return case.timings[0]


def measure_batch(scratch, runs, report, count=BATCH_COUNT, profile="full", files=()):
    """Part batch: `count` submissions (the reference and mutants) graded with --jobs 1 and --jobs 2, interleaved."""
    submissions = os.path.join(scratch, "batch")
    expected = class_of(count, submissions, files)
    timings = {1: [], 2: []}
    for round_ in range(runs):
        for jobs in ([1, 2] if round_ % 2 == 0 else [2, 1]):
            out = os.path.join(scratch, f"batch-out-{round_}-{jobs}")
            timings[jobs].append(batch_time(submissions, out, jobs, expected, profile, files))
            print(f"  round {round_ + 1}/{runs}: batch --jobs {jobs} {timings[jobs][-1]:.2f} s",
                  file=sys.stderr, flush=True)
    print(f"batch of {count} submissions (the reference and {count - 1} mutants), {profile} profile, "
          f"{'only ' + ', '.join(files) if files else 'every file'}, on {os.cpu_count()} cores")
    for jobs in (1, 2):
        wall = median(timings[jobs])
        rate = 60 * count / wall
        row(f"--jobs {jobs}", wall, note=f"{rate:6.1f} submissions/minute  "
            + (target_text("batch rate", rate) + "  " if jobs == 2 else "") + runs_text(timings[jobs]))
    speed_up = median(timings[1]) / median(timings[2])
    row("speed-up --jobs 2 over --jobs 1", speed_up, "x", target_text("batch speed-up", speed_up))
    report["batch"] = {"submissions": count, "jobs_1_s": timings[1], "jobs_2_s": timings[2],
                       "per_minute_jobs_2": 60 * count / median(timings[2]), "speed_up": speed_up,
                       "target": TARGETS["batch speed-up"][1]}


def measure_cluster(scratch, runs, report, count=BATCH_COUNT, profile="full", files=()):
    """Part cluster: the class of part batch graded with --cluster on a LocalCluster of two worker processes
    and with --jobs 2, interleaved."""
    try:
        from distributed import LocalCluster
    except ImportError:
        print("cluster: skipped, since Dask is not installed (pip install .[cluster])")
        report["cluster"] = None
        return
    submissions = os.path.join(scratch, "cluster-class")
    expected = class_of(count, submissions, files)
    timings = {"cluster": [], "jobs 2": []}
    # The workers import the grader from the project (the scheduler, in this process, unpickles its tasks too).
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        for round_ in range(runs):
            for kind in (["cluster", "jobs 2"] if round_ % 2 == 0 else ["jobs 2", "cluster"]):
                out = os.path.join(scratch, f"cluster-out-{round_}-{kind.replace(' ', '')}")
                timings[kind].append(batch_time(submissions, out, 2, expected, profile, files,
                                                local.scheduler_address if kind == "cluster" else None))
                print(f"  round {round_ + 1}/{runs}: batch {kind} {timings[kind][-1]:.2f} s", file=sys.stderr,
                      flush=True)
    print(f"cluster: the class of {count} on a Dask LocalCluster of 2 worker processes, {profile} profile")
    for kind, label in (("cluster", "--cluster (2 workers x 1 thread)"), ("jobs 2", "--jobs 2")):
        wall = median(timings[kind])
        row(label, wall, note=f"{60 * count / wall:6.1f} submissions/minute  {runs_text(timings[kind])}")
    ratio = median(timings["cluster"]) / median(timings["jobs 2"])
    row("--cluster over --jobs 2", ratio, "x")
    report["cluster"] = {"submissions": count, "cluster_s": timings["cluster"], "jobs_2_s": timings["jobs 2"],
                         "per_minute_cluster": 60 * count / median(timings["cluster"]), "over_jobs_2": ratio}


def measure_demos(report):
    """Run each demo once, as the README's Demos section does; print and report its wall and CPU seconds."""
    print("demos, one run each (the README's Demos section states their CPU seconds)")
    for demo in DEMOS:
        before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
        subprocess.run([sys.executable, os.path.join(PROJECT, "demos", demo[0]), *demo[1:]], cwd=PROJECT,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, after = time.monotonic() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        row(" ".join(demo), wall, note=f"{cpu:.1f} s of CPU")
        report.setdefault("demos", {})[" ".join(demo)] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}
