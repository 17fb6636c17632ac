"""The decorator of a graded test."""
from gradescope_utils.autograder_utils.decorators import number, tags, weight


def graded(points, test_number, function_id, *more_tags):
    """Gradescope's @weight(points), @number(test_number) and @tags(function_id, *more_tags)
    in one decorator: the first tag, function_id ('file.py:name'), is the graded function."""
    def decorate(test):
        return weight(points)(number(test_number)(tags(function_id, *more_tags)(test)))
    return decorate
