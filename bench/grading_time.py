"""Benchmark: wall time of grading the reference, whole process, full hidden
profile. Prints the median of N runs (default 5) and each run, and, as a
baseline in the same run, the median time of the public tier alone.

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
    full = time_grading([], runs)
    public = time_grading(["--public-only"], runs)
    print(f"grading the reference, full hidden profile: median {statistics.median(full):.2f} s "
          f"over {runs} runs ({', '.join(f'{t:.2f}' for t in full)})")
    print(f"public tier only (baseline):                median {statistics.median(public):.2f} s")
    print(f"ratio full / public: {statistics.median(full) / statistics.median(public):.2f}")


if __name__ == "__main__":
    main()
