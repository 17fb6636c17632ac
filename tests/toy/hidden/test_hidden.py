"""Hidden checks, against the reference solution."""
from gradescope_utils.autograder_utils.decorators import number, tags, weight

from autograder.checks import standin

DOUBLE, COUNT = "double.py:double", "count.py:count_calls"


@weight(1)
@number("3.1")
@tags(DOUBLE)
def test_double_matches_reference(student, reference):
    """double agrees with the reference"""
    double = student.function(DOUBLE)
    for x in (0, 7, -1.5):
        assert double(x) == reference("double.py").double(x), f"{double.last} disagrees with the reference"


@weight(1)
@number("3.2")
@tags(COUNT)
def test_count_zero(student):
    """count_calls(f, 0) never calls f"""
    count_calls = student.function(COUNT)
    reply = count_calls.run(standin("counter", slot="f"), 0)
    assert reply.records["f"]["calls"] == 0, f"{count_calls.last} called f {reply.records['f']['calls']} times, not 0"
