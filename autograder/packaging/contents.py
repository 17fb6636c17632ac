"""What a package of one selected assignment holds, as {path in the zip: bytes},
and the zip writer both packages share.

A selection ships only what its functions' tests need: the suites that grade
one of its functions, the modules of the assignment's packages (hints/, shared/) those
suites import, the stand-in files whose names they use, the fixtures they name, and a
manifest that lists only the selected functions and makes the selection the default
assignment.
"""
import ast
import json
import os
import re
import zipfile

from autograder.grading.suites import suite_functions

ENGINE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROJECT = os.path.dirname(ENGINE)
# 1980-01-01, the earliest time a zip can store: the same inputs always give the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SKIPPED_PARTS = {"__pycache__", ".hypothesis", ".pytest_cache"}


def tree_files(folder, prefix, suffixes=(".py",)):
    """{prefix/relative path: bytes} of the files under folder with one of these suffixes (no caches)."""
    files = {}
    for directory, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f not in SKIPPED_PARTS and not f.startswith("."))
        for name in sorted(names):
            if name.endswith(suffixes):
                path = os.path.join(directory, name)
                with open(path, "rb") as handle:
                    files[f"{prefix}/{os.path.relpath(path, folder)}".replace(os.sep, "/")] = handle.read()
    return files


def engine_files(prefix="autograder"):
    return tree_files(ENGINE, prefix)


def string_constants(source):
    return {node.value for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def packages_imported(source, folder):
    """{(package, module)} of the modules of the assignment's own packages (folders of `folder` with an
    __init__.py, such as hints/) that a suite imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and "." not in node.module:
            found |= {(node.module, alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(tuple(node.module.split(".")[:2]))
        elif isinstance(node, ast.Import):
            found |= {tuple(alias.name.split(".")[:2]) for alias in node.names if "." in alias.name}
    return {(package, module) for package, module in found
            if os.path.isfile(os.path.join(folder, package, "__init__.py"))
            and os.path.isfile(os.path.join(folder, package, f"{module}.py"))}


def package_modules(texts, folder):
    """{(package, module)} that the sources import from the assignment's packages, directly or through
    one another (a shared/ module imports its hints/ texts)."""
    found, todo = set(), list(texts)
    while todo:
        for package, module in packages_imported(todo.pop(), folder) - found:
            found.add((package, module))
            todo.append(read(os.path.join(folder, package, f"{module}.py")).decode("utf-8"))
    return found


def standin_names(source):
    """The keys of a stand-in file's STANDINS dict."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "STANDINS" for t in node.targets) \
                and isinstance(node.value, ast.Dict):
            return {key.value for key in node.value.keys if isinstance(key, ast.Constant)}
    return set()


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def assignment_files(assignment, tiers=("public", "hidden"), prefix="assignment", manifest_changes=None):
    """{path: bytes} of the selected assignment's folder: suites of these tiers, the package modules they import,
    stand-ins and fixtures, rubric entries and a manifest pruned to the selection."""
    folder = assignment.folder
    by_suite = suite_functions(assignment)
    suites = sorted(suite for suite, functions in by_suite.items()
                    if suite.split("/")[0] in tiers and functions & set(assignment.functions))
    # A shipped suite may also test functions outside the selection: the manifest names them, so that
    # the suite's metadata checks, and the selection deselects their tests.
    tagged = set().union(*(by_suite[suite] for suite in suites))
    files = {f"{prefix}/{suite}": read(os.path.join(folder, suite)) for suite in suites}
    for package, module in sorted(package_modules([data.decode("utf-8") for data in files.values()], folder)):
        for name in ("__init__", module):
            files[f"{prefix}/{package}/{name}.py"] = read(os.path.join(folder, package, f"{name}.py"))
    # The names of stand-ins and fixtures, in the suites or in the modules they import (shared/).
    used = set().union(*(string_constants(data.decode("utf-8")) for data in files.values()))
    standins = [path for path in assignment.manifest.get("standins", [])
                if standin_names(read(os.path.join(folder, path)).decode("utf-8")) & used]
    for path in standins:
        files[f"{prefix}/{path}"] = read(os.path.join(folder, path))
    fixtures = os.path.join(folder, "fixtures")
    for name in sorted(used):
        if re.fullmatch(r"[\w.-]+\.json", name) and os.path.isfile(os.path.join(fixtures, name)):
            files[f"{prefix}/fixtures/{name}"] = read(os.path.join(fixtures, name))
    rubric = {test: fields for test, fields in assignment.rubric.items() if test.split("::")[0] in suites}
    if rubric:
        files[f"{prefix}/rubric.json"] = json_bytes({"tests": rubric})
    files[f"{prefix}/manifest.json"] = json_bytes(selected_manifest(assignment, tagged, standins, manifest_changes))
    return files


def selected_manifest(assignment, tagged, standins, changes=None):
    """The manifest of a package: the selected functions and those the shipped suites tag (tagged),
    the selection as its one assignment."""
    manifest = dict(assignment.manifest)
    spec = assignment.selections.get(assignment.selection)
    manifest["functions"] = {f: aliases[1:] for f, aliases in assignment.all_functions.items()
                             if f in assignment.functions or f in tagged}
    manifest["standins"] = standins
    manifest["written"] = [f for f in manifest.get("written", []) if f in manifest["functions"]] or None
    if spec is None:
        manifest.pop("components", None)
        manifest.pop("assignments", None)
        manifest.pop("default_assignment", None)
    else:
        named = [*spec.get("components", []), *spec.get("weights", {})]
        manifest["components"] = {name: [f for f in functions if f in assignment.functions]
                                  for name, functions in assignment.components.items() if name in named}
        # The package's top-level "support" is the selection's already (see `changes`), at the package's paths.
        manifest["assignments"] = {assignment.selection: {k: v for k, v in spec.items() if k != "support"}}
        manifest["default_assignment"] = assignment.selection
        manifest["other_assignments"] = assignment.other_assignments() or None  # to tell a wrong upload
    manifest.update(changes or {})
    return {key: value for key, value in manifest.items() if value is not None}


def selected_files(assignment):
    """The student files (canonical names) of the selected functions, in the manifest's order."""
    return list(dict.fromkeys(function.split(":")[0] for function in assignment.functions))


# What the stub of a function to write says when the selection does not grade it.
NOT_GRADED = "optional, not graded in this assignment, but other code of this file uses it: "
NEEDED = "not graded itself, but the graded functions of this file call it: "


def _top_level_defs(tree):
    return [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))]


def _names_used(trees, outside):
    """The names that the trees use (read, look up as attributes, import), outside the nodes given."""
    found = set()

    def visit(node):
        if node in outside:
            return
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.name.split(".")[-1])
        for child in ast.iter_child_nodes(node):
            visit(child)

    for tree in trees:
        visit(tree)
    return found


def handout_sources(assignment):
    """{student file: the reference source its handout stub is made from}, for the selection alone, and
    {student file: the names of the functions graded there}.

    A selected function whose file would hold nothing else of the selection, and whose alias names a
    function to write in another shipped file, is written there (CS224n's sigmoid in word2vec.py): its
    own file is not shipped. In a shipped file, a function to write that the selection does not grade
    is left out, or, when other code of the file uses it, kept with its stub marked NEEDED (a graded
    function calls it) or NOT_GRADED.
    """
    reference = assignment.reference_dir
    sources = {name: contents for name in selected_files(assignment)
               if (contents := _read_text(os.path.join(reference, name))) is not None}
    trees = {name: ast.parse(text) for name, text in sources.items()}
    writable = {name: {node.name for node in _top_level_defs(tree) if _holds_region(sources[name], node)}
                for name, tree in trees.items()}
    home = {}  # selected function id -> (file, top-level name) where the handout has it written
    for function, aliases in assignment.functions.items():
        file, name = function.split(":")
        home[function] = (file, name.split(".")[0])
        elsewhere = [alias.split(":") for alias in aliases[1:]]
        elsewhere = [(f, n) for f, n in elsewhere if f != file and n.split(".")[0] in writable.get(f, ())]
        alone = all(other.split(":")[0] != file for other in assignment.functions if other != function)
        if elsewhere and alone:
            home[function] = (elsewhere[0][0], elsewhere[0][1].split(".")[0])
    graded = {}
    for file, name in home.values():
        graded.setdefault(file, set()).add(name)
    kept = {}
    for name in [n for n in sources if n in graded]:
        ungraded = [node for node in _top_level_defs(trees[name])
                    if node.name in writable[name] - graded[name]]
        lines = sources[name].splitlines(keepends=True)
        for node in sorted(ungraded, key=lambda n: -n.lineno):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            end = node.end_lineno  # and the indented comments after its last statement (# END SOLUTION)
            while end < len(lines) and (not lines[end].strip() or re.match(r"\s+#", lines[end])):
                end += 1
            if node.name in _names_used([trees[name]], {node}):
                note = NEEDED if node.name in _needed(trees[name], graded[name]) else NOT_GRADED
                lines[first:end] = [re.sub(r"\((full )?hint: ", rf"\g<0>{note}", line)
                                    for line in lines[first:end]]
            else:
                del lines[first:end]
        kept[name] = re.sub(r"\n{4,}", "\n\n\n", "".join(lines))
    return kept, graded


def _needed(tree, graded):
    """The top-level names that the graded functions of a module tree call, directly or through others."""
    defs = {node.name: node for node in _top_level_defs(tree)}
    needed, todo = set(), [defs[name] for name in graded if name in defs]
    while todo:
        for name in _names_used([todo.pop()], ()) & set(defs) - needed - set(graded):
            needed.add(name)
            todo.append(defs[name])
    return needed


def _read_text(path):
    return open(path, encoding="utf-8").read() if os.path.isfile(path) else None


def _holds_region(source, node):
    """Whether a solution marker lies inside the node."""
    return any("# BEGIN SOLUTION" in line for line in source.splitlines()[node.lineno - 1:node.end_lineno])


def json_bytes(data):
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


def write_zip(path, files, executables=()):
    """Write {name: bytes} to a zip at path, names sorted, fixed timestamps; return its size in bytes."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = (0o100755 if name in executables else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return os.path.getsize(path)


def reference_files(assignment, suites_text, prefix="reference"):
    """{path: bytes} of the reference: the selected files, those the suites name, and the support modules."""
    folder = assignment.reference_dir
    named = {name for text in suites_text for name in string_constants(text) if name.endswith(".py")}
    files = {}
    for name in sorted(set(selected_files(assignment)) | named):
        if os.path.isfile(os.path.join(folder, name)):
            files[f"{prefix}/{name}"] = read(os.path.join(folder, name))
    for path in assignment.support_paths:
        files.update(support_files(path, f"{prefix}/{os.path.relpath(path, folder)}".replace(os.sep, "/")))
    return files


def support_files(path, name):
    """{name/...: bytes} of a support folder, or {name: bytes} of a support module (a .py file)."""
    return tree_files(path, name) if os.path.isdir(path) else {name: read(path)}
