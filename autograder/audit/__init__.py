"""Test the tests: `autograder audit` (grade_versions.py) grades the reference, the starter, corpora
of hand-written mutants and correct variants (corpus.py), and degenerate versions and
mutants generated from the reference (degenerate.py, mutate.py, generate.py)."""
