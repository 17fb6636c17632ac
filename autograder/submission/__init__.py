"""The prepare stage: a submission (a folder, an archive, notebooks) becomes a scratch folder the worker
runs in, holding only the student's regular files, within bounds (prepare.py), and what the grader must
know of it before any test runs (findings.py, provided.py). Nothing here runs student code."""
