"""Public checks of count.py."""
from gradescope_utils.autograder_utils.decorators import number, tags, weight

from autograder.checks import standin

COUNT = "count.py:count_calls"


@weight(2)
@number("2.1")
@tags(COUNT)
def test_count_calls_stand_in(student):
    """count_calls(f, 3) calls f three times"""
    count_calls = student.function(COUNT)
    reply = count_calls.run(standin("counter", slot="f"), 3)
    assert reply.records["f"]["calls"] == 3, f"{count_calls.last} called f {reply.records['f']['calls']} times"
    assert reply.value == [1, 2, 3], f"{count_calls.last} returned {reply.value!r}"
