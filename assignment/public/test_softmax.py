"""Public checks of softmax.py:softmax: properties that need no reference."""
import numpy as np
from gradescope_utils.autograder_utils.decorators import number, tags, weight

from autograder.checks import expect_close

SOFTMAX = "softmax.py:softmax"


@weight(1)
@number("1.1")
@tags(SOFTMAX)
def test_known_answers(student, fixture):
    """matches the handout's sanity checks"""
    softmax = student.function(SOFTMAX)
    for case in fixture("softmax_known_answers.json"):
        x = np.array(case["input"])
        expect_close(softmax(x), case["expected"], softmax.last, rtol=1e-6, atol=1e-8)
