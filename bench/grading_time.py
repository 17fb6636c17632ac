"""Benchmark: wall time of grading the reference, whole process, full hidden
profile: the whole assignment (target: under 15 s on 2 cores) and the first
components, softmax, sigmoid and gradcheck (target: under 10 s). Prints the
median of N runs (default 5) and each run, and, as a baseline in the same
run, the public tier alone.

    python bench/grading_time.py [--runs N]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def time_grading(extra, runs):
    timings = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "autograder", "--submission", os.path.join(PROJECT, "reference"),
                            "--results", os.path.join(out, "r.json"), "--quiet", *extra], check=True, cwd=PROJECT)
            timings.append(time.perf_counter() - started)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    first = ["--only", "softmax.py", "--only", "sigmoid.py", "--only", "gradcheck.py"]
    for label, extra in [("whole assignment, full hidden profile", []),
                         ("softmax, sigmoid, gradcheck, full profile", first),
                         ("public tier only (baseline)", ["--public-only"])]:
        timings = time_grading(extra, runs)
        print(f"{label:45s} median {statistics.median(timings):6.2f} s over {runs} runs "
              f"({', '.join(f'{t:.2f}' for t in timings)})", flush=True)


if __name__ == "__main__":
    main()
