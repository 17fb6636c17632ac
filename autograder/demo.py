"""`make demo`: grade the instructor's reference and a bundled buggy
submission, and print both score tables."""
import os
import sys
import tempfile

from autograder.cli import PROJECT, main

EXAMPLES = [("the reference solution", "reference"), ("a buggy submission", os.path.join("examples", "buggy"))]


def demo():
    with tempfile.TemporaryDirectory() as out:
        for title, folder in EXAMPLES:
            print(f"=== Grading {title} ({folder}/) ===", flush=True)
            main(["--submission", os.path.join(PROJECT, folder), "--results", os.path.join(out, "results.json")])
            print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(demo())
