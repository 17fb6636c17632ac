"""Shared checks for graded suites. Each raises AssertionError with a message
that says what was called, with what input, what was expected, what came back
and what to check."""
from autograder.checks.compare import expect_array, expect_close, expect_true, failure

__all__ = ["expect_array", "expect_close", "expect_true", "failure"]
