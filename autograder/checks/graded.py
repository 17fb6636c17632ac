"""The decorators of a graded test."""
from gradescope_utils.autograder_utils.decorators import number, tags, weight


def graded(points, test_number, function_id, *more_tags):
    """Gradescope's @weight(points), @number(test_number) and @tags(function_id, *more_tags)
    in one decorator: the first tag, function_id ('file.py:name'), is the graded function."""
    def decorate(test):
        return weight(points)(number(test_number)(tags(function_id, *more_tags)(test)))
    return decorate


def counts_with(*test_ids):
    """The test's points count only when these tests ('tier/file.py::test_name') pass too.

    For checks that a stub can pass alone (inputs left unchanged, a property a constant
    has, self-consistency of a constant loss): gate them on a check of the function's
    values. A gated test that passes while a gate fails is reported as failed, with why.
    """
    def decorate(test):
        test.__counts_with__ = tuple(test_ids)
        return test
    return decorate
