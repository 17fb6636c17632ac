"""Four kinds of fault, one exception family and one exit status each: the student's code
(StudentCodeFault, 0: graded, charged to the test whose call it was), the grader's own
(GraderFault, 1), the instructor's configuration or the command line (ConfigurationError, 2),
nothing gradable in the student's input (SubmissionError, 3). Every exception that leaves its
module belongs to one family (AssignmentError, BatchError: ConfigurationErrors; SuiteError,
HarnessFault, PreforkedGraderDied: GraderFaults); those that never leave it (the wire's, the
archive reader's) are turned into one where they are caught. str() is one sentence that says
what to do; a fault that ends a grading carries its results document (`document`), written
as results.json wherever one can be, since Gradescope reads that whatever the exit status.
"""

GRADED = 0


class Fault(Exception):
    """The root of the four families; exit_status: what the command line exits with."""
    exit_status = 1
    document = None  # the results document of a grading this fault ended, when there is one


class StudentCodeFault(Fault):
    """The student's code failed a call (not found, crashed, timed out, raised, answered something
    unreadable): the test of that call fails, and grading goes on."""
    exit_status = GRADED


class GraderFault(Fault):
    """The grader itself failed (a suite does not import, the worker cannot start, a bug): never the
    student's mistake; the student reads one sentence, instructors the traceback."""
    exit_status = 1


class ConfigurationError(Fault):
    """The instructor's configuration (manifest, rubric, suites' selection) or the command line is
    wrong: nothing was graded, and the sentence says what to fix."""
    exit_status = 2


class SubmissionError(Fault):
    """The student's input holds nothing that can be graded (empty, no Python file, an archive that
    cannot be unpacked): nothing was graded, and the sentence says what to upload."""
    exit_status = 3


def outcome(function, **keywords):
    """(function(**keywords), 0), or, when it ends in a fault, (the fault's document, its exit status,
    the fault): how the command line and a batch's gradings turn a grading into an exit status."""
    try:
        return function(**keywords), GRADED, None
    except Fault as fault:
        return fault.document, fault.exit_status, fault
