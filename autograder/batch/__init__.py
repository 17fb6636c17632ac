"""Many submissions: a class graded here or on a Dask cluster, each grading in a process of its own.

    grade_class.py  `autograder batch`: find the submissions, grade them, write grades.csv, report.md, ...
    outcome.py      one grading, forked from a preforked process and killed past its timeout, read back
    preforked.py    the process that has imported the grader once and forks one child per grading
    cluster.py      the same gradings as Dask tasks on other machines (shipment.py: what travels)
"""
