"""Hints and named-mistake texts, one module per student file, shared by the
public and the hidden suites:

    from hints import optim as HINTS
    expect_close(got, expected, call, hint=HINTS.ADAM)

The grader puts the assignment folder on sys.path while grading.
"""
