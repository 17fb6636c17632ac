"""The handout's code is never the student's: a graded function that is a provided
implementation up to comments, names, docstrings and annotations, or that only
delegates to one, earns nothing; a student's own code, wherever it lives, counts."""
import json
import shutil
import textwrap

import pytest

from autograder.batch.grade_class import grade_all
from autograder.submission.provided import provided_functions
from tests.conftest import QUICK, grading_jobs
from tests.mutants import REFERENCE
from tests.test_mutants import points_by_function

# One xdist group: the module's fixture grades once, on one worker.
pytestmark = pytest.mark.xdist_group("test_handout_code")

SUPPORT = REFERENCE / "utils"
FUNCTIONS = {canonical: [canonical, *aliases] for canonical, aliases in
             json.loads((REFERENCE.parent / "assignment" / "manifest.json").read_text())["functions"].items()}
PROVIDED_UTILS = (SUPPORT / "utils.py").read_text()
PROVIDED_GRADCHECK = (SUPPORT / "gradcheck.py").read_text()
OWN_SOFTMAX = '''
def softmax(x):
    """My softmax."""
    x = np.asarray(x, dtype=float)
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)
'''

# The provided softmax with a comment, renamed arguments and locals, another docstring and annotations.
EDITED_PROVIDED = '''
import numpy as np


def softmax(scores: np.ndarray) -> np.ndarray:  # mine
    """My own softmax, written from scratch."""
    # I wrote this
    scores = np.asarray(scores)
    if not np.issubdtype(scores.dtype, np.floating):
        scores = scores.astype(np.float64)
    e: np.ndarray = np.exp(scores - np.max(scores, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
'''


def judge(tmp_path, files: dict) -> dict:
    """provided_functions over a submission made of `files` {relative path: text}."""
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(textwrap.dedent(text))
    return provided_functions(str(tmp_path), [str(SUPPORT)], FUNCTIONS)


def test_the_provided_file_plus_a_comment_is_provided(tmp_path):
    found = judge(tmp_path, {"utils/utils.py": PROVIDED_UTILS + "# my work\n",
                             "utils/gradcheck.py": "# mine\n" + PROVIDED_GRADCHECK})
    assert "handout's provided softmax (utils/utils.py)" in found["utils/utils.py:softmax"]
    assert "write your own softmax" in found["utils/utils.py:softmax"]
    assert "provided gradcheck_naive" in found["utils/gradcheck.py:gradcheck_naive"]


def test_renamed_arguments_and_locals_another_docstring_and_annotations_are_still_provided(tmp_path):
    found = judge(tmp_path, {"softmax.py": EDITED_PROVIDED})
    assert "is the handout's provided softmax" in found["softmax.py:softmax"]


@pytest.mark.parametrize("text", [
    "from utils.utils import softmax as theirs\ndef softmax(x):\n    return theirs(x)\n",
    "import utils.utils\ndef softmax(x):\n    '''Mine.'''\n    return utils.utils.softmax(x)\n",
    "from utils import utils as u\ndef softmax(scores, axis=-1):\n    return u.softmax(scores)\n",
    "def softmax(x):\n    from utils.utils import softmax as s\n    return s(x)\n",
])
def test_a_one_line_wrapper_is_provided(tmp_path, text):
    assert "only calls the handout's provided softmax" in judge(tmp_path, {"softmax.py": text})["softmax.py:softmax"]


@pytest.mark.parametrize("text", [
    "import utils.utils\nsoftmax = utils.utils.softmax\n",
    "from utils.utils import softmax\n",
    "from utils.utils import normalizeRows, softmax  # re-exported\n",
])
def test_an_alias_or_a_reexport_is_provided(tmp_path, text):
    assert "the handout's provided softmax" in judge(tmp_path, {"softmax.py": text})["softmax.py:softmax"]


def test_a_wrapper_of_the_students_own_unchanged_copy_is_provided(tmp_path):
    found = judge(tmp_path, {"gradcheck.py": "from utils.gradcheck import gradcheck_naive as g\n"
                                             "def gradcheck_naive(f, x, gradientText=''):\n"
                                             "    return g(f, x, gradientText)\n",
                             "utils/gradcheck.py": PROVIDED_GRADCHECK})
    assert "only calls gradcheck_naive in utils/gradcheck.py, which is the handout's provided" \
        in found["gradcheck.py:gradcheck_naive"]


@pytest.mark.parametrize("text", [
    "import numpy as np\n" + OWN_SOFTMAX,
    # The same calls as the provided softmax, but a different computation (no shift by the maximum).
    "import numpy as np\ndef softmax(x):\n    e = np.exp(x)\n    return e / np.sum(e, axis=-1, keepdims=True)\n",
    # Delegating to a provided function of another name is not handing in the handout's softmax.
    "from utils.utils import normalizeRows\ndef softmax(x):\n    return normalizeRows(x)\n",
])
def test_a_different_implementation_is_not_provided(tmp_path, text):
    assert "softmax.py:softmax" not in judge(tmp_path, {"softmax.py": text})


def test_a_students_own_softmax_in_utils_counts_and_so_does_importing_it(tmp_path):
    """CS224d style: the student writes softmax in utils/utils.py; softmax.py may re-export it."""
    own = PROVIDED_UTILS[:PROVIDED_UTILS.index("def softmax")] + OWN_SOFTMAX
    found = judge(tmp_path, {"utils/utils.py": own, "softmax.py": "from utils.utils import softmax\n"})
    assert "utils/utils.py:softmax" not in found and "softmax.py:softmax" not in found
    assert "word2vec.py:normalizeRows" not in found  # the file is absent: nothing to judge


def test_a_file_too_large_to_parse_cheaply_is_refused(tmp_path):
    found = judge(tmp_path, {"softmax.py": OWN_SOFTMAX + "x = 1\n" * 70_000})
    assert "too large for the grader to check" in found["softmax.py:softmax"]


def test_an_unparseable_file_is_left_to_the_worker(tmp_path):
    assert judge(tmp_path, {"softmax.py": "def softmax(x)\n    return x\n"}) == {}


# Whole gradings: the handout's code earns nothing on its function, with the message; the reference keeps full marks.
GRADED = ("softmax.py:softmax", "gradcheck.py:gradcheck_naive")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("handout-code")
    comment, wrapper, own = root / "comment", root / "wrapper", root / "own"
    for folder in (comment, wrapper, own):
        shutil.copytree(REFERENCE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("softmax.py", "gradcheck.py"):  # found as utils/utils.py:softmax and utils/gradcheck.py:...
        (comment / name).unlink()
    (comment / "utils" / "utils.py").write_text(PROVIDED_UTILS + "# my work\n")
    (comment / "utils" / "gradcheck.py").write_text("# mine\n" + PROVIDED_GRADCHECK)
    (wrapper / "softmax.py").write_text("from utils.utils import softmax as s\n\n\ndef softmax(x):\n    return s(x)\n")
    (wrapper / "gradcheck.py").write_text("import utils.gradcheck\n\n\ndef gradcheck_naive(f, x, gradientText=''):\n"
                                          "    return utils.gradcheck.gradcheck_naive(f, x, gradientText)\n")
    (own / "softmax.py").unlink()
    reference_softmax = (REFERENCE / "softmax.py").read_text()
    (own / "utils" / "utils.py").write_text(PROVIDED_UTILS[:PROVIDED_UTILS.index("def softmax")]
                                            + reference_softmax[reference_softmax.index("def softmax"):])
    folders = {"reference": REFERENCE, "comment": comment, "wrapper": wrapper, "own": own}
    return grade_all({name: str(folder) for name, folder in folders.items()}, str(root / "results"),
                     jobs=grading_jobs(), options={"only": ["softmax.py", "gradcheck.py"], **QUICK})


@pytest.mark.slow
@pytest.mark.parametrize("name", ["comment", "wrapper"])
def test_the_handouts_code_earns_nothing_and_is_told_so(graded, name):
    points = points_by_function(graded[name])
    for function in GRADED:
        assert points[function][1] > 0 and points[function][0] == 0, (function, points[function])
    outputs = [t["output"] for t in graded[name]["tests"] if t["tags"][0] in GRADED]
    assert all("the handout's provided" in o and "write your own" in o for o in outputs), outputs


@pytest.mark.slow
@pytest.mark.parametrize("name", ["reference", "own"])
def test_the_students_own_code_keeps_full_marks(graded, name):
    points = points_by_function(graded[name])
    for function in GRADED:
        assert points[function][1] > 0 and points[function][0] == points[function][1], (function, points[function])
