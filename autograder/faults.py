"""Four kinds of fault, one exception family and one exit status each.

| kind                                              | family              | exit status |
|---------------------------------------------------|---------------------|-------------|
| the student's code (a call crashed, timed out...) | StudentCodeFault    | 0: graded, charged to that test |
| the grader's own fault                            | GraderFault         | 1 |
| the instructor's configuration or command line    | ConfigurationError  | 2 |
| the student's input holds nothing gradable        | SubmissionError     | 3 |

A StudentCodeFault never ends a grading: the test whose call it was fails, and grading goes
on, so a grading that ends is graded (0) or ended by one of the three others. Every module's
exception that leaves it belongs to one family (AssignmentError and BatchError are
ConfigurationErrors; SuiteError, HarnessFault and WarmGraderDied GraderFaults); exceptions
that never leave their module (the wire's, the channel's, the archive reader's) are turned
into one of these where they are caught. str() of each is one sentence that says what to do.
A grading that ends in a fault attaches the results document that says so (`document`),
which is written as results.json wherever one can be, since Gradescope reads that whatever
the exit status.
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
