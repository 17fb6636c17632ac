"""`make demo`: grade the instructor's reference and the bundled example
submissions, and print the score tables.

An example is a JSON file in examples/: a base folder and edits that turn it
into a realistic submission ({"file", "old", "new", "why"}); it is built in a
temporary folder, so it never drifts from the reference it is based on.

    python -m autograder.demo [grade options, e.g. --profile quick]
"""
import json
import os
import sys
import tempfile

from autograder.cli import PROJECT, main
from autograder.packaging.edits import build_edited


def build_example(spec, destination):
    """Build the example `spec` (a parsed examples/*.json) in destination."""
    build_edited(os.path.join(PROJECT, spec["base"]), spec["edits"], destination)


def grade(title, folder, out, options):
    print(f"=== Grading {title} ===", flush=True)
    main(["--submission", folder, "--results", os.path.join(out, "results.json"), *options])
    print(flush=True)


def demo(options=()):
    """options: more options of `autograder grade` for every grading."""
    examples_dir = os.path.join(PROJECT, "examples")
    with tempfile.TemporaryDirectory() as out:
        grade("the reference solution (reference/)", os.path.join(PROJECT, "reference"), out, options)
        for name in sorted(os.listdir(examples_dir)):
            with open(os.path.join(examples_dir, name), encoding="utf-8") as handle:
                spec = json.load(handle)
            folder = os.path.join(out, name[:-len(".json")])
            build_example(spec, folder)
            print("Its mistakes: " + "; ".join(edit["why"] for edit in spec["edits"]))
            grade(f"{spec['title']} (examples/{name})", folder, out, options)
    return 0


if __name__ == "__main__":
    sys.exit(demo(sys.argv[1:]))
