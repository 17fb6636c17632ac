"""How hypothesis generates graded inputs: the grader's settings profiles, in one place.

    from autograder.checks import profiles
    profiles.use("full")          # before the suites run; "quick" for batch and audit runs
    profiles.use("quick", shrink=False)   # verdicts only: a failing test ends at its first failing example

Every profile is derandomised (a test's inputs are a function of the test alone), keeps no
example database, has no deadline and no health checks (a slow student function is the
sandbox's business, not hypothesis's), and skips the explain phase (it costs seconds and
its text is never shown). Each has a twin without the shrink phase, for runs that read
only whether a test passed (the audit's generated versions): a failing test then ends at
its first failing example, with the same verdict and points, and is not shrunk to a
smaller one, the part of a failure that costs most.

The hypothesis version is pinned (requirements-grading.txt, pyproject.toml):
`tests/test_same_inputs.py` fails when an upgrade changes what a test generates, whichever
process and order it runs in.

One setting has no public switch in hypothesis: since 6.131 its provider mixes into the
inputs the literals of every "local" module loaded in the process (and caches them under
.hypothesis/), so a test's inputs would depend on which suites, hints and reference files
were imported before it (--select, --only, the public tier on a student's machine). The
grader turns that source off below; `check_constants_off` says, at import, when a
hypothesis upgrade moves the hook, so the grader stops with that sentence instead of
generating other inputs silently.
"""
from hypothesis import HealthCheck, Phase, settings
from hypothesis.internal.conjecture import providers as _providers
from hypothesis.internal.constants_ast import Constants

EXAMPLES = {"full": 20, "quick": 8}  # generated examples per property test, by profile name
NAMES = tuple(EXAMPLES)
UNSHRUNK = "-unshrunk"  # the suffix of each profile's twin without the shrink phase


def _register():
    for name, examples in EXAMPLES.items():
        phases = [p for p in Phase if p is not Phase.explain]
        settings.register_profile(name, max_examples=examples, derandomize=True, deadline=None, database=None,
                                  print_blob=False, report_multiple_bugs=False, phases=phases,
                                  suppress_health_check=list(HealthCheck))
        settings.register_profile(name + UNSHRUNK, settings.get_profile(name),
                                  phases=[p for p in phases if p is not Phase.shrink])


def check_constants_off() -> None:
    """Turn off hypothesis's mining of local modules' constants; RuntimeError if this hypothesis has no
    such hook (an upgrade past the pinned version: see the module docstring)."""
    if not callable(getattr(_providers, "_get_local_constants", None)):
        raise RuntimeError("this hypothesis has no _get_local_constants: install the pinned version "
                           "(requirements-grading.txt), or port autograder/checks/profiles.py to the new one")
    empty = Constants()
    _providers._get_local_constants = lambda: empty


def use(name: str, shrink: bool = True) -> None:
    """Make profile `name` ("full" or "quick") the one graded tests run with; shrink=False: its twin
    without the shrink phase (see the module docstring)."""
    settings.load_profile(name if shrink else name + UNSHRUNK)


def shrinks() -> bool:
    """Whether the profile in force shrinks a failing test's example (False for the twins)."""
    return not settings.get_current_profile_name().endswith(UNSHRUNK)


def current() -> str:
    """The name of the profile in force, "full" or "quick", whether or not it shrinks: what the examples
    it generates depend on (the replay cache's key)."""
    return settings.get_current_profile_name().removesuffix(UNSHRUNK)


def settings_text(name: str) -> str:
    """The settings of profile `name`, as text (a change in them changes what tests generate)."""
    return repr(settings.get_profile(name))


check_constants_off()
_register()
