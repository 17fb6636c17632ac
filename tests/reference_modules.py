"""The reference files the project's tests check (reference/), imported under private module names
so that they never clash with a student's or the starter's modules of the same names."""
import contextlib
import importlib.util
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(REPO, "reference")


def _is_utils(name):
    return name == "utils" or name.startswith("utils.")


@contextlib.contextmanager
def _reference_utils_first():
    """Let `import utils...` find reference/utils while the block runs; restore
    sys.path and any other `utils` modules afterwards."""
    saved = {n: m for n, m in sys.modules.items() if _is_utils(n)}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, REFERENCE)
    try:
        yield
    finally:
        sys.path.remove(REFERENCE)
        for name in [n for n in sys.modules if _is_utils(n)]:
            del sys.modules[name]
        sys.modules.update(saved)


def load(name, path):
    """Import the file at path (a str) under the private module name `name`, with reference/utils
    importable as `utils`."""
    with _reference_utils_first():
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


w2v = load("_reference_word2vec_under_test", os.path.join(REFERENCE, "word2vec.py"))
sgd_mod = load("_reference_sgd_under_test", os.path.join(REFERENCE, "sgd.py"))
treebank = load("_reference_treebank_under_test", os.path.join(REFERENCE, "utils", "treebank.py"))
gradcheck_mod = load("_reference_utils_gradcheck_under_test", os.path.join(REFERENCE, "utils", "gradcheck.py"))
optim = load("_reference_optim_under_test", os.path.join(REFERENCE, "optim.py"))
