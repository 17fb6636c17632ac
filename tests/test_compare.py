"""autograder.checks' comparisons on what student code may return."""
import pytest

from autograder.checks import EXACT, expect_close


@pytest.mark.parametrize("got, problem", [(2 ** 70, "wrong value"), (10 ** 400, "infinite"), (-10 ** 400, "infinite")])
def test_an_int_beyond_int64_is_a_wrong_answer_not_a_grader_error(got, problem):
    """A Python int that numpy would hold as an object is compared as the float it rounds to."""
    with pytest.raises(AssertionError, match=problem):
        expect_close(got, 5, "count(3)", EXACT)
    expect_close(2 ** 70, float(2 ** 70), "count(70)", EXACT)
