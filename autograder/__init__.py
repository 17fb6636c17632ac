"""The grading engine. Its own processes (`python -m autograder...`) find it wherever they are started from
with child_environment()."""
import os

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def child_environment() -> dict:
    """This process's environment, with the project first on PYTHONPATH: a grader's own child process
    imports this engine even when its working folder is the caller's, not the project."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": PROJECT + (os.pathsep + path if path else "")}
