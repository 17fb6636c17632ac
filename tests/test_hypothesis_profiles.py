"""The hypothesis configuration of autograder/checks/profiles.py takes effect: a property
test generates the same inputs in two processes that load different local modules (whose
literals hypothesis would otherwise mix into the inputs) and run other tests before it,
and the hypothesis the grader runs is the pinned one."""
import json
import re
import subprocess
import sys
from pathlib import Path

import hypothesis

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = '''
import json, sys
sys.path.insert(0, sys.argv[1])
from autograder.checks import profiles
from hypothesis import given, strategies as st
if sys.argv[2] == "with constants":
    import many_constants  # a local module full of integer and float literals
profiles.use("quick")
seen = []

@given(st.integers(0, 10 ** 6))
def test_before(n):
    pass

@given(st.lists(st.integers(0, 10 ** 6), min_size=40, max_size=40), st.floats(0, 10 ** 6))
def test_values(numbers, number):
    seen.append([numbers, number])

if sys.argv[2] == "with constants":
    test_before()
test_values()
print(json.dumps(seen))
'''


def generated(tmp_path, mode):
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(ROOT), mode], cwd=tmp_path, capture_output=True,
                          text=True, check=False, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_inputs_do_not_depend_on_the_process_the_modules_or_the_order(tmp_path):
    literals = ", ".join(f"{n}, {n}.5" for n in range(1000, 10 ** 6, 19_997))  # under its limit of 1,024
    (tmp_path / "many_constants.py").write_text(f"VALUES = [{literals}]\n")
    plain, mined = generated(tmp_path, "alone"), generated(tmp_path, "with constants")
    assert len(plain) == 8  # the quick profile's examples, derandomised
    assert plain == mined


def test_the_pinned_hypothesis_is_the_one_installed():
    pins = [re.search(r"hypothesis==([\w.]+)", (ROOT / name).read_text()) for name in
            ("requirements-grading.txt", "pyproject.toml")]
    assert all(pins) and {pin.group(1) for pin in pins} == {hypothesis.__version__}


UNSHRUNK_PROGRAM = '''
import json, sys
sys.path.insert(0, sys.argv[1])
from autograder.checks import profiles
from hypothesis import given, strategies as st
profiles.use("quick", shrink=sys.argv[2] == "shrink")
seen = []

@given(st.integers(0, 10 ** 6))
def test_small(n):
    seen.append(n)
    assert n < 1000

try:
    test_small()
except AssertionError:
    print(json.dumps([profiles.current(), seen]))
'''


def test_the_unshrunk_twin_generates_the_same_inputs_and_stops_at_the_first_failing_one(tmp_path):
    runs = {}
    for mode in ("shrink", "no shrink"):
        done = subprocess.run([sys.executable, "-c", UNSHRUNK_PROGRAM, str(ROOT), mode], cwd=tmp_path, text=True,
                              capture_output=True, check=False, env={"PATH": "/usr/bin:/bin"})
        assert done.returncode == 0 and done.stdout, done.stderr
        runs[mode] = json.loads(done.stdout)
    (shrunk_name, shrunk), (unshrunk_name, unshrunk) = runs["shrink"], runs["no shrink"]
    assert shrunk_name == unshrunk_name == "quick"  # the same replay cache
    first = next(i for i, n in enumerate(shrunk) if n >= 1000)
    assert unshrunk[:first + 1] == shrunk[:first + 1]  # the same examples, up to the first failing one
    assert unshrunk[-1] == shrunk[first] != 1000  # not shrunk: the last one run is the first failing one
    assert shrunk[-1] == 1000  # shrunk to the smallest failing input
