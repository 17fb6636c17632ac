"""Whether this interpreter has exactly the pinned packages of a requirements file.

    python -m autograder.packaging.pins requirements.txt    exit 0 if every `name==version` line
                                                            (and those of its `-r` files) is installed

The Makefile's venv target installs only when this fails, so a venv that already has the
pins (a fresh clone whose files are newer than the venv, a venv shared between clones)
is used as it is. Standard library only: it runs before anything is installed.
"""
import importlib.metadata
import os
import re
import sys

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*(?P<version>[^\s;#]+)")


def pins(path):
    """[(name, version)] of the file and the files it includes with -r."""
    found = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.split(" #")[0].strip()
            if line.startswith(("-r ", "--requirement ")):
                found += pins(os.path.join(os.path.dirname(path), line.split(None, 1)[1]))
            elif (match := PIN.match(line)) is not None:
                found.append((match["name"], match["version"]))
    return found


def missing(path):
    """The pins of the file that this interpreter does not have, as 'name==version (have: ...)'."""
    wrong = []
    for name, version in pins(path):
        try:
            have = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            have = None
        if have != version:
            wrong.append(f"{name}=={version} (have: {have or 'none'})")
    return wrong


def main(argv):
    wrong = [item for path in argv for item in missing(path)]
    if wrong:
        sys.stderr.write("not installed: " + ", ".join(wrong) + "\n")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
