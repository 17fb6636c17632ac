"""Generate starter/ (the student handout's code) from reference/ (the instructor solution).

Each solution region of a reference file,

    <indent># BEGIN SOLUTION (hint: <hint>) (full hint: <full hint>)
    ... solution lines ...
    <indent># END SOLUTION

becomes, in the starter file,

    <indent># YOUR CODE HERE (hint: <hint>)
    <indent>raise NotImplementedError("<function>: <hint>")
    <indent># END YOUR CODE

where <function> is the innermost function that encloses the region. The hint
level chooses what the stub says: "short" (the default) the hint, which must not
spell out a solution line; "full" the full hint (the hint where none is given),
which may; "none" no hint. Files without regions are copied verbatim. starter/
gets every *.py file of reference/ (same relative paths), with short hints, and
nothing else: any other file in it is deleted.

From the repository root:

    python -m autograder.packaging.starter           rewrite starter/
    python -m autograder.packaging.starter --check   write nothing; exit 1 if starter/ is stale
"""
import argparse
import ast
import io
import re
import shutil
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = ROOT / "reference"
STARTER_DIR = ROOT / "starter"

BEGIN_RE = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION \(hint: (?P<hint>.+?)\)"
                      r"(?: \(full hint: (?P<full>.+)\))?[ \t]*$")
END_RE = re.compile(r"^(?P<indent>[ \t]*)# END SOLUTION[ \t]*$")
# Any comment that looks like a marker must be a well-formed one, so that a typo
# cannot leak a solution into the handout.
MARKER_RE = re.compile(r"#\s*(BEGIN|END)[\s_-]*SOLUTION", re.IGNORECASE)
PLACEHOLDER = "__starter_region_{}__"
NO_HINT = "write your code here"
SKIPPED_PARTS = {"__pycache__"}


class RegionError(ValueError):
    """A malformed solution region; the message starts with 'file:line:'."""


@dataclass(frozen=True)
class Region:
    """One solution region: 1-based line numbers of its markers, indent, hint and full hint."""
    begin: int
    end: int
    indent: str
    hint: str
    full: str

    def text(self, level):
        """The hint a stub of this level shows (None: no hint)."""
        return {"none": None, "short": self.hint, "full": self.full}[level]


def _lines(source):
    """Split source into lines that keep their line endings (split at '\\n' only)."""
    return io.StringIO(source).readlines()


def _comment_lines(source, filename):
    """Line numbers and texts of the comments of a Python source."""
    try:
        ast.parse(source, filename)
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (SyntaxError, tokenize.TokenError) as error:
        raise RegionError(f"{filename}: not valid Python: {error}") from error
    return [(tok.start[0], tok.string) for tok in tokens if tok.type == tokenize.COMMENT]


def find_regions(source, filename="<source>"):
    """Return the solution regions of a Python source as a list of Region.

    Raises RegionError (naming filename and the line) for a malformed marker, a
    BEGIN without END, a nested BEGIN, an END without BEGIN, or an END whose
    indentation differs from its BEGIN's.
    """
    lines = _lines(source)
    regions, open_begin = [], None
    for number, comment in _comment_lines(source, filename):
        if not MARKER_RE.match(comment):
            continue
        text = lines[number - 1].rstrip("\r\n")
        begin, end = BEGIN_RE.match(text), END_RE.match(text)
        if begin and begin.group("hint").strip():
            if open_begin is not None:
                raise RegionError(f"{filename}:{number}: nested '# BEGIN SOLUTION' (the region "
                                  f"opened at line {open_begin[0]} has no '# END SOLUTION' yet)")
            hint = begin.group("hint").strip()
            open_begin = (number, begin.group("indent"), hint, (begin.group("full") or hint).strip())
        elif end:
            if open_begin is None:
                raise RegionError(f"{filename}:{number}: '# END SOLUTION' without a "
                                  f"matching '# BEGIN SOLUTION'")
            start, indent, hint, full = open_begin
            if end.group("indent") != indent:
                raise RegionError(f"{filename}:{number}: '# END SOLUTION' is not indented like "
                                  f"its '# BEGIN SOLUTION' at line {start}")
            regions.append(Region(start, number, indent, hint, full))
            open_begin = None
        else:
            raise RegionError(f"{filename}:{number}: malformed solution marker {text.strip()!r}; "
                              f"expected a line of its own, exactly '# BEGIN SOLUTION "
                              f"(hint: <hint>)' or '# END SOLUTION'")
    if open_begin is not None:
        raise RegionError(f"{filename}:{open_begin[0]}: '# BEGIN SOLUTION' without a "
                          f"matching '# END SOLUTION'")
    return regions


def _functions(tree):
    """(first line, last line, name, qualname) of every function of a module tree."""
    found = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                qualname = prefix + child.name
                found.append((child.lineno, child.end_lineno, child.name, qualname))
                visit(child, qualname + ".<locals>.")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def _string_literal(text):
    """A double-quoted Python string literal of text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.encode("ascii", "backslashreplace").decode("ascii") + '"'


def render_regions(source, filename="<source>", hints="short"):
    """Render a reference source into its starter form, with hints of this level (HINT_LEVELS).

    Returns:
    - text: the starter source (equal to source when it has no regions).
    - functions: one (name, qualname) pair per region, in order: the innermost
      function enclosing it.

    Raises RegionError for malformed regions, a region outside any function, or
    a result that is not valid Python.
    """
    regions = find_regions(source, filename)
    if not regions:
        return source, []
    lines = _lines(source)
    out, raises, previous = [], [], 0
    for number, region in enumerate(regions):
        out.extend(lines[previous:region.begin - 1])
        marker = lines[region.begin - 1]
        newline = marker[len(marker.rstrip("\r\n")):] or "\n"
        hint = region.text(hints)
        out.append(f"{region.indent}# YOUR CODE HERE{f' (hint: {hint})' if hint else ''}{newline}")
        raises.append((len(out), newline))
        out.append(f"{region.indent}raise NotImplementedError(\"{PLACEHOLDER.format(number)}\"){newline}")
        out.append(f"{region.indent}# END YOUR CODE{newline}")
        previous = region.end
    out.extend(lines[previous:])

    try:
        tree = ast.parse("".join(out), filename)
    except SyntaxError as error:
        raise RegionError(f"{filename}:{error.lineno}: the starter made from this file is not "
                          f"valid Python ({error.msg}); is a region inside an expression?") from error
    functions = _functions(tree)
    names = []
    for region, (index, newline) in zip(regions, raises):
        enclosing = [f for f in functions if f[0] <= index + 1 <= f[1]]
        if not enclosing:
            raise RegionError(f"{filename}:{region.begin}: solution region is not inside a function")
        _, _, name, qualname = max(enclosing, key=lambda f: f[0])
        names.append((name, qualname))
        message = _string_literal(f"{name}: {region.text(hints) or NO_HINT}")
        out[index] = f"{region.indent}raise NotImplementedError({message}){newline}"
    text = "".join(out)
    try:
        compile(text, filename, "exec")
    except SyntaxError as error:
        raise RegionError(f"{filename}:{error.lineno}: the starter made from this file does not "
                          f"compile ({error.msg})") from error
    return text, names


def render(source, filename="<source>", hints="short"):
    """Return the starter form of a reference source (see render_regions)."""
    return render_regions(source, filename, hints)[0]


def _is_skipped(relative):
    return any(part in SKIPPED_PARTS or part.startswith(".") for part in relative.parts) \
        or relative.suffix == ".pyc"


def expected_files(reference_dir, hints="short"):
    """Map each starter file's relative Path to the bytes the build gives it."""
    reference_dir = Path(reference_dir)
    files = {}
    for path in sorted(reference_dir.rglob("*.py")):
        relative = path.relative_to(reference_dir)
        if _is_skipped(relative) or not path.is_file():
            continue
        data = path.read_bytes()
        source = data.decode("utf-8")
        text = render(source, str(path), hints)
        files[relative] = data if text == source else text.encode("utf-8")
    return files


def _present_files(starter_dir):
    """Relative Paths of the files now in starter_dir (caches excluded)."""
    starter_dir = Path(starter_dir)
    if not starter_dir.is_dir():
        return []
    return sorted(p.relative_to(starter_dir) for p in starter_dir.rglob("*")
                  if p.is_file() and not _is_skipped(p.relative_to(starter_dir)))


def _shown(path):
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def differences(reference_dir=REFERENCE_DIR, starter_dir=STARTER_DIR):
    """One line per starter file that differs from what build() would write (empty if none)."""
    starter_dir = Path(starter_dir)
    expected = expected_files(reference_dir)
    present = set(_present_files(starter_dir))
    lines = []
    for relative in sorted(set(expected) | present):
        shown = _shown(starter_dir / relative)
        if relative not in expected:
            lines.append(f"{shown}: not in {_shown(reference_dir)}/ (would be deleted)")
        elif relative not in present:
            lines.append(f"{shown}: missing")
        elif (starter_dir / relative).read_bytes() != expected[relative]:
            lines.append(f"{shown}: differs from the build of {_shown(Path(reference_dir) / relative)}")
    return lines


def build(reference_dir=REFERENCE_DIR, starter_dir=STARTER_DIR):
    """Rewrite starter_dir from reference_dir. Returns the list of changes made, one line each.

    Every file is rendered before anything is written, so a malformed region
    leaves starter_dir untouched.
    """
    starter_dir = Path(starter_dir)
    expected = expected_files(reference_dir)
    changes = []
    for relative in _present_files(starter_dir):
        if relative not in expected:
            (starter_dir / relative).unlink()
            changes.append(f"deleted {_shown(starter_dir / relative)}")
    for relative, data in expected.items():
        target = starter_dir / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changes.append(f"wrote {_shown(target)}")
    # Drop directories left with nothing but caches.
    for directory in sorted((d for d in starter_dir.rglob("*") if d.is_dir()),
                            key=lambda d: len(d.parts), reverse=True):
        if not directory.exists() or directory.name in SKIPPED_PARTS:
            continue
        if all(child.name in SKIPPED_PARTS and child.is_dir() for child in directory.iterdir()):
            shutil.rmtree(directory)
    return changes


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.packaging.starter",
                                     description="Generate starter/ from reference/.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if starter/ differs from the build")
    parser.add_argument("--reference", type=Path, default=REFERENCE_DIR, help=argparse.SUPPRESS)
    parser.add_argument("--starter", type=Path, default=STARTER_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.check:
            lines = differences(args.reference, args.starter)
            for line in lines:
                print(line)
            if lines:
                print(f"{_shown(args.starter)}/ is out of date: run `make starter` "
                      f"(python -m autograder.packaging.starter)")
                return 1
            return 0
        changes = build(args.reference, args.starter)
    except (RegionError, UnicodeDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for line in changes:
        print(line)
    print(f"{_shown(args.starter)}/ is up to date with {_shown(args.reference)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
