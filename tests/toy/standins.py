"""The toy assignment's stand-ins (built in the worker, by name)."""


class Counter:
    """f() -> how many times it has been called, counting this call."""

    def __init__(self, start=0):
        self.calls = start

    def __call__(self):
        self.calls += 1
        return self.calls

    def report(self):
        return {"calls": self.calls}


STANDINS = {"counter": Counter}
# What each stand-in's report() holds: the grader reads a record only in this shape.
RECORDS = {"counter": {"calls": int}}
