"""`make demo`: grade the instructor's reference and the bundled example
submissions, and print the score tables.

An example is a JSON file in examples/: a base folder and edits that turn it
into a realistic submission ({"file", "old", "new", "why"}); it is built in a
temporary folder, so it never drifts from the reference it is based on.
"""
import json
import os
import shutil
import sys
import tempfile

from autograder.cli import PROJECT, main


def build_example(spec, destination):
    """Copy the example's base folder to destination and apply its edits."""
    shutil.copytree(os.path.join(PROJECT, spec["base"]), destination,
                    ignore=shutil.ignore_patterns("__pycache__"))
    for edit in spec["edits"]:
        path = os.path.join(destination, edit["file"])
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        if source.count(edit["old"]) != 1:
            raise ValueError(f"example edit of {edit['file']} ({edit['why']}) no longer matches exactly once; "
                             "update examples/ to the current reference")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(source.replace(edit["old"], edit["new"]))


def grade(title, folder, out):
    print(f"=== Grading {title} ===", flush=True)
    main(["--submission", folder, "--results", os.path.join(out, "results.json")])
    print(flush=True)


def demo():
    examples_dir = os.path.join(PROJECT, "examples")
    with tempfile.TemporaryDirectory() as out:
        grade("the reference solution (reference/)", os.path.join(PROJECT, "reference"), out)
        for name in sorted(os.listdir(examples_dir)):
            with open(os.path.join(examples_dir, name), encoding="utf-8") as handle:
                spec = json.load(handle)
            folder = os.path.join(out, name[:-len(".json")])
            build_example(spec, folder)
            print("Its mistakes: " + "; ".join(edit["why"] for edit in spec["edits"]))
            grade(f"{spec['title']} (examples/{name})", folder, out)
    return 0


if __name__ == "__main__":
    sys.exit(demo())
