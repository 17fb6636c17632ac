"""Hints and named-mistake texts, one module per student file, shared by the
public and the hidden suites:

    from hints import optim as HINTS
    expect_close(got, expected, call, hint=HINTS.ADAM)

Texts only, and what the known mistakes of the written answers give (answers_mistakes.py);
code both tiers share (ids, generated inputs, stand-in requests, layouts) is in shared/.
The grader puts the assignment folder on sys.path while grading.
"""
