"""What graded suites use: checks whose failure messages say what was called,
with what input, what was expected, what came back and what to check; stand-ins;
numerical gradients; named tolerances. Suites import from here only:

    from autograder.checks import expect_close, standin, FLOAT64

Also here, as modules: diagnose (named mistakes), strategies (hypothesis inputs),
stats (sample sizes of statistical tests).
"""
from autograder.checks.compare import (
                                       call_text,
                                       expect_array,
                                       expect_close,
                                       expect_entries,
                                       expect_exact,
                                       expect_parts,
                                       expect_true,
                                       expect_tuple,
                                       failure,
)
from autograder.checks.graded import counts_with, graded
from autograder.checks.gradients import centred_differences
from autograder.checks.standins import StandIns, standin
from autograder.checks.tolerances import (
                                       CENTRED_DIFFERENCE,
                                       DEFAULT,
                                       EXACT,
                                       FLOAT32,
                                       FLOAT64,
                                       KNOWN_ANSWER,
                                       ROUND_OFF,
                                       SAME_STEPS,
                                       Tolerance,
                                       for_dtype,
)
from autograder.sandbox.replies import SubmissionProblem  # a call into the submission that gave no value
from autograder.sandbox.show import show

__all__ = ["call_text", "expect_array", "expect_close", "expect_entries", "expect_exact", "expect_parts", "expect_true",
           "expect_tuple", "failure",
           "centred_differences", "counts_with", "SubmissionProblem",
           "graded", "StandIns", "standin", "show", "Tolerance", "for_dtype",
           "CENTRED_DIFFERENCE", "DEFAULT", "EXACT", "FLOAT32", "FLOAT64", "KNOWN_ANSWER", "ROUND_OFF",
           "SAME_STEPS"]
