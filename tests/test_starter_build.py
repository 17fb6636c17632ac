"""Tests of the starter build (autograder/packaging/starter.py): render() turns solution regions
into stubs at each hint level, and build(), differences() and main() write and check a starter/."""
import pytest

from autograder.packaging import starter
from autograder.packaging.starter import RegionError, render, render_regions

# ---------------------------------------------------------------- render()

SIMPLE = '''\
import numpy as np


def double(x):
    """Doubles x."""
    x = np.asarray(x)
    # BEGIN SOLUTION (hint: multiply by 2)
    y = 2 * x
    # END SOLUTION
    return y
'''


def test_region_is_replaced_by_a_stub_that_carries_the_hint():
    assert render(SIMPLE) == '''\
import numpy as np


def double(x):
    """Doubles x."""
    x = np.asarray(x)
    # YOUR CODE HERE (hint: multiply by 2)
    raise NotImplementedError("double: multiply by 2")
    # END YOUR CODE
    return y
'''


def test_source_without_regions_is_unchanged():
    source = "def f(x):\n    return x  # BEGIN with a comment that is no marker\n"
    assert render(source) == source


def test_innermost_function_names_the_stub_and_indentation_is_kept():
    source = '''\
class Model:
    def fit(self, data):
        def helper(row):
            for value in row:
                # BEGIN SOLUTION (hint: use f(x) (twice))
                value += 1
                # END SOLUTION
            return row
        # BEGIN SOLUTION (hint: call "helper")
        return [helper(r) for r in data]
        # END SOLUTION
'''
    text, functions = render_regions(source)
    assert functions == [("helper", "Model.fit.<locals>.helper"), ("fit", "Model.fit")]
    lines = text.splitlines()
    assert lines[4] == "                # YOUR CODE HERE (hint: use f(x) (twice))"
    assert lines[5] == '                raise NotImplementedError("helper: use f(x) (twice)")'
    assert lines[6] == "                # END YOUR CODE"
    assert lines[9] == '        raise NotImplementedError("fit: call \\"helper\\"")'
    namespace = {}
    exec(compile(text, "<starter>", "exec"), namespace)
    with pytest.raises(NotImplementedError, match='^fit: call "helper"$'):
        namespace["Model"]().fit([[1]])


def test_provided_code_is_kept_byte_for_byte():
    source = SIMPLE.replace("\n", "\r\n")
    text = render(source)
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert text.startswith('import numpy as np\r\n\r\n\r\ndef double(x):\r\n    """Doubles x."""\r\n')
    assert text.endswith("    # END YOUR CODE\r\n    return y\r\n")
    assert "2 * x" not in text


def test_several_regions_in_one_function():
    source = ("def f(x):\n"
              "    # BEGIN SOLUTION (hint: one)\n    a = 1\n    # END SOLUTION\n"
              "    b = 2\n"
              "    # BEGIN SOLUTION (hint: two)\n    c = 3\n    # END SOLUTION\n"
              "    return a + b + c\n")
    text = render(source)
    assert "    b = 2\n" in text and "a = 1" not in text and "c = 3" not in text
    assert text.count("raise NotImplementedError") == 2
    assert 'raise NotImplementedError("f: two")' in text


@pytest.mark.parametrize("source, line, words", [
    ("def f():\n    x = 1\n    # BEGIN SOLUTION (hint: h)\n    return x\n", 3, "without a matching"),
    ("def f():\n    # BEGIN SOLUTION (hint: a)\n    x = 1\n    # BEGIN SOLUTION (hint: b)\n"
     "    y = 2\n    # END SOLUTION\n", 4, "nested"),
    ("def f():\n    x = 1\n    # END SOLUTION\n    return x\n", 3, "without a matching"),
    ("def f():\n    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION\n", 2, "malformed"),
    ("def f():\n    #BEGIN SOLUTION (hint: h)\n    x = 1\n    # END SOLUTION\n", 2, "malformed"),
    ("def f():\n    x = 1  # BEGIN SOLUTION (hint: h)\n    # END SOLUTION\n", 2, "malformed"),
    ("def f():\n    # BEGIN SOLUTION (hint: h)\n    x = 1\n  # END SOLUTION\n    return x\n", 4,
     "not indented like"),
    ("# BEGIN SOLUTION (hint: h)\nX = 1\n# END SOLUTION\n", 1, "not inside a function"),
])
def test_malformed_region_errors_name_the_file_and_line(source, line, words):
    with pytest.raises(RegionError) as error:
        render(source, "example.py")
    assert str(error.value).startswith(f"example.py:{line}:")
    assert words in str(error.value)


def test_region_that_breaks_the_syntax_is_an_error():
    source = "def f():\n    return g(\n        # BEGIN SOLUTION (hint: h)\n        1,\n" \
             "        # END SOLUTION\n    )\n"
    with pytest.raises(RegionError, match="^example.py:"):
        render(source, "example.py")


# ---------------------------------------------------------------- build(), differences(), main()

def test_build_writes_renders_copies_and_deletes(tmp_path):
    reference, built = tmp_path / "reference", tmp_path / "starter"
    (reference / "pkg").mkdir(parents=True)
    (reference / "double.py").write_text(SIMPLE)
    (reference / "pkg" / "__init__.py").write_text("")
    (reference / "pkg" / "plain.py").write_text("VALUE = 1  # provided\n")
    (reference / "notes.txt").write_text("not Python\n")
    (reference / "__pycache__").mkdir()
    (reference / "__pycache__" / "junk.py").write_text("junk\n")
    (built / "old").mkdir(parents=True)
    (built / "old" / "gone.py").write_text("x = 1\n")
    (built / "stale.txt").write_text("x\n")

    assert len(starter.differences(reference, built)) == 5
    starter.build(reference, built)
    assert starter.differences(reference, built) == []
    assert sorted(p.relative_to(built).as_posix() for p in built.rglob("*")) == \
        ["double.py", "pkg", "pkg/__init__.py", "pkg/plain.py"]
    assert (built / "double.py").read_text() == render(SIMPLE)
    assert (built / "pkg" / "plain.py").read_text() == "VALUE = 1  # provided\n"

    (built / "pkg" / "plain.py").write_text("VALUE = 2\n")
    assert starter.main(["--check", "--reference", str(reference), "--starter", str(built)]) == 1
    assert (built / "pkg" / "plain.py").read_text() == "VALUE = 2\n"
    assert starter.main(["--reference", str(reference), "--starter", str(built)]) == 0
    assert starter.main(["--check", "--reference", str(reference), "--starter", str(built)]) == 0


def test_check_prints_one_line_per_file_and_how_to_fix(tmp_path, capsys):
    reference, built = tmp_path / "reference", tmp_path / "starter"
    reference.mkdir()
    (reference / "a.py").write_text(SIMPLE)
    (reference / "b.py").write_text("B = 1\n")
    assert starter.main(["--check", "--reference", str(reference), "--starter", str(built)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].endswith("a.py: missing") and lines[1].endswith("b.py: missing")
    assert "make starter" in lines[2]


def test_build_with_a_malformed_region_writes_nothing(tmp_path):
    reference, built = tmp_path / "reference", tmp_path / "starter"
    reference.mkdir()
    (reference / "a.py").write_text("A = 1\n")
    (reference / "z.py").write_text("def f():\n    # BEGIN SOLUTION (hint: h)\n    return 1\n")
    with pytest.raises(RegionError, match=r"z\.py:2:"):
        starter.build(reference, built)
    assert not built.exists() or not any(built.iterdir())
    assert starter.main(["--reference", str(reference), "--starter", str(built)]) == 2


# ---------------------------------------------------------------- hint levels

LEVELS = '''\
def f(x):
    # BEGIN SOLUTION (hint: scale x) (full hint: y = 2 * x (twice))
    y = 2 * x
    # END SOLUTION
    return y
'''


@pytest.mark.parametrize("level, comment, message", [
    ("none", "# YOUR CODE HERE", "f: write your code here"),
    ("short", "# YOUR CODE HERE (hint: scale x)", "f: scale x"),
    ("full", "# YOUR CODE HERE (hint: y = 2 * x (twice))", "f: y = 2 * x (twice)"),
])
def test_the_hint_level_chooses_what_the_stub_says(level, comment, message):
    lines = render(LEVELS, hints=level).splitlines()
    assert lines[1] == f"    {comment}"
    assert lines[2] == f'    raise NotImplementedError("{message}")'


def test_a_region_without_a_full_hint_gives_its_hint_at_every_level_but_none():
    assert 'NotImplementedError("double: multiply by 2")' in render(SIMPLE, hints="full")
