"""Code that the public and the hidden suites share, one module per student file:
the graded functions' ids, generated inputs (hypothesis strategies, fixed-seed arrays),
requests for stand-ins, the layout of flat parameter vectors, and the checks built on
them. Texts (hints and named mistakes) live in hints/.

    from shared import optim as SHARED
    SGD, MOMENTUM, ADAM, ADAMW, MINIMIZE, DROPOUT = SHARED.FUNCTION_IDS

The grader puts the assignment folder on sys.path while grading. The handout ships the
modules its public suites import: none may compute a graded function's answer
(tests/test_handout_tells_nothing.py tries every function here as one).
"""
