"""The sandbox used directly: batches, unreadable values, per-test isolation."""
import numpy as np
import pytest

from autograder.assignment import Assignment
from autograder.sandbox import limits, process
from autograder.sandbox.calls import Sandbox
from autograder.sandbox.replies import Unreadable
from autograder.submission.prepare import prepare
from tests.test_grading import PROJECT

SOFTMAX = "softmax.py:softmax"


@pytest.fixture
def sandbox(tmp_path):
    (tmp_path / "softmax.py").write_text(
        "import numpy as np\n"
        "def softmax(x):\n"
        "    if np.sum(x) < 0:\n"
        "        return object()\n"
        "    return x * 2\n")
    (tmp_path / "sigmoid.py").write_text(
        "CALLS = []  # module state, which must not outlive a test\n"
        "def sigmoid(x):\n"
        "    CALLS.append(x)\n"
        "    return float(len(CALLS))\n")
    assignment = Assignment(str(PROJECT / "assignment"))
    scratch = prepare(str(tmp_path), assignment, process.sandbox_user())
    box = Sandbox(scratch, assignment, limits.resolve())
    yield box
    box.close()
    scratch.remove()


def test_batch_returns_values_in_order_and_reports_unreadable_ones(sandbox):
    with sandbox.test("batch") as session:
        softmax = session.function(SOFTMAX)
        assert [float(v) for v in softmax.batch([(np.array(1.0),), (np.array(2.0),)])] == [2.0, 4.0]
        with pytest.raises(Unreadable, match="object of type object"):
            softmax.batch([(np.array(1.0),), (np.array(-1.0),)])
        assert softmax.last.args[0] == -1.0  # the message names the call that failed


def test_each_test_starts_from_a_fresh_process(sandbox):
    for name in ("first", "second"):
        with sandbox.test(name) as session:
            sigmoid = session.function("sigmoid.py:sigmoid")
            assert [sigmoid(0.0), sigmoid(0.0)] == [1.0, 2.0]
