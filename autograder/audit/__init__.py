"""Test the tests: `autograder audit` (run.py) grades the reference, the starter, corpora
of hand-written mutants and correct variants (corpus.py), and degenerate versions and
mutants generated from the reference (generate.py)."""
