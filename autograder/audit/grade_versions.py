"""`autograder audit`: test the tests.

Grades, on one profile and `jobs` gradings at a time: the reference (full marks
expected; its calls are recorded), the starter generated from it (0), the hand-written
mutants (each loses points on the functions it names and on no other function of its
file, and is told what it declares), the correct variants (full marks on their file),
the degenerate versions of every graded function (0 on that function) and the generated
mutants of the solution regions (killed: some test of their function fails). Writes
audit.md and returns the number of defects. Degenerate and generated versions are judged on
the points of their functions' tests alone: their gradings run only those tests (and their
gates), and a failing one stops at its first failing example, unshrunk, which a failing replay
decides (the same verdicts: tests/test_replay.py); the hand-written mutants and variants are
graded as students are.

Why bundling is sound. No student file imports another (the corpus bundles rely on it),
so a grading `--only` some files judges each file's edit on that file's tests alone.
Generated versions of several functions of one file share a grading when no test calls
two of them (the reference's recorded calls say which functions each test calls) and
the reference of neither calls the other; a degenerate body calls nothing at all.
"""
import collections
import json
import os
import tempfile
import time

from autograder.audit import corpus, degenerate, generate, mutate
from autograder.batch.grade_class import grade_all
from autograder.packaging import starter
from autograder.pipeline import usable_cores

KNOWN_MISTAKE = "matches a known mistake"


class Audit:
    def __init__(self, assignment, mutants_dir=None, variants_dir=None, profile="quick", jobs=None, cap=None,
                 min_kill_rate=0.95, work=None, log=print, only=(), cluster=None):
        """cluster: the address of a Dask scheduler to grade on (None: this machine, `jobs` at a time)."""
        self.assignment, self.profile, self.jobs, self.cap = assignment, profile, jobs or usable_cores(), cap
        self.cluster = cluster
        self.min_kill_rate, self.log = min_kill_rate, log
        self.only = set(only)
        self.mutants = self._chosen(corpus.load(mutants_dir, "MUTANTS") if mutants_dir else [])
        self.variants = self._chosen(corpus.load(variants_dir, "VARIANTS") if variants_dir else [])
        self.work = work or tempfile.mkdtemp(prefix="autograder-audit-")
        self.reference = assignment.reference_dir
        self.files = sorted({f.split(":")[0] for f in assignment.functions
                             if not self.only or f.split(":")[0] in self.only})
        self.functions = {f: a for f, a in assignment.functions.items() if f.split(":")[0] in self.files}
        path = os.path.join(assignment.folder, "equivalent_mutants.json")
        self.equivalent = json.load(open(path, encoding="utf-8")) if os.path.isfile(path) else {}
        self.defects, self.notes, self.timings = [], [], {}

    def _options(self):
        """Every grading's keywords (api.grade's): this assignment, the profile, one process (the audit runs
        `jobs` at once)."""
        return {"assignment_dir": self.assignment.folder, "assignment": getattr(self.assignment, "selection", None),
                "profile": self.profile, "jobs": 1}

    @property
    def where(self):
        """Where the gradings run, for the log and audit.md."""
        return f"on the Dask cluster at {self.cluster}" if self.cluster else f"{self.jobs} gradings at a time"

    def _chosen(self, items):
        return [item for item in items if not self.only or item.file in self.only]

    # ---- grading ----------------------------------------------------------------------------------

    def _grade(self, submissions, only, points_only):
        """{name: results} for {name: folder}, each --only the files only[name] gives; points_only: {name: the
        tests judged}, for versions judged on those tests' points alone (not shrunk; None: all tests of the files)."""
        def options_for(name):
            if name not in points_only:
                return {"only": only[name]}
            return {"only": only[name], "shrink": False, "select": points_only[name] or []}
        return grade_all(submissions, os.path.join(self.work, "results"), jobs=self.jobs, options=self._options(),
                         options_for=options_for, cluster=self.cluster)

    def _add_generated(self, submissions, only, conflicting):
        """Add the bundles of degenerate and generated versions to submissions and only; return {name: the
        tests judged} for them (_grade's points_only)."""
        by_kind = collections.defaultdict(list)
        for item in self.degenerate:
            by_kind[item.kind].append(item)
        bundles = [b for kind in sorted(by_kind) for b in generate.bundle(by_kind[kind], conflicting)]
        bundles += generate.bundle(self.generated, conflicting)
        # They are judged on the points of their functions' tests alone; hand-written mutants and variants on every
        # test of their file and on what they are told (from a shrunk example).
        points_only = {}
        for i, bundle in enumerate(bundles):
            name = f"generated{i:03d}"
            generate.write(self.reference, bundle, os.path.join(self.work, name))
            points_only[name] = self._judged_tests({g.unit for g in bundle})
            submissions[name], only[name], self.members[name] = os.path.join(self.work, name), \
                sorted({g.file for g in bundle}), bundle
        return points_only

    def _judged_tests(self, units):
        """The ids of the reference's tests of these functions (None when a unit is a whole file or has none)."""
        ids = self.base["reference"].get("extra_data", {}).get("test_ids", [])
        tests = [(t["tags"][0], test_id) for t, test_id in zip(self.base["reference"]["tests"], ids)]
        chosen = [[test_id for function, test_id in tests if function == unit] for unit in sorted(units)]
        if len(ids) != len(self.base["reference"]["tests"]) or not all(chosen):
            return None
        return sorted(test_id for found in chosen for test_id in found)

    def run(self):
        started = time.monotonic()
        record = os.path.join(self.work, "reference-calls.json")
        starter_dir = os.path.join(self.work, "starter")
        for relative, data in starter.expected_files(self.reference).items():
            os.makedirs(os.path.dirname(os.path.join(starter_dir, relative)), exist_ok=True)
            with open(os.path.join(starter_dir, relative), "wb") as handle:
                handle.write(data)
        self.log(f"grading the reference (recording its calls) and the starter, {self.profile} profile")
        self.base = grade_all({"reference": self.reference, "starter": starter_dir},
                              os.path.join(self.work, "results"), jobs=self.jobs,
                              options=self._options(),
                              options_for=lambda name: {"record": record} if name == "reference" else {},
                              cluster=self.cluster)
        self.timings["reference and starter"] = time.monotonic() - started
        calls = json.load(open(record, encoding="utf-8")) if os.path.isfile(record) else []
        sources = generate.read_sources(self.reference, [f for f in self.files
                                                         if os.path.isfile(os.path.join(self.reference, f))])
        conflicting = generate.conflicts(calls, sources, self.assignment.functions)
        support = tuple(os.path.basename(p) + ("/" if os.path.isdir(p) else "")  # the handout's own code: no alias
                        for p in self.assignment.support_paths)
        alias_files = {c.split(":")[0] for ids in self.functions.values() for c in ids[1:]} - set(sources)
        aliases = generate.read_sources(self.reference, [f for f in alias_files if not f.startswith(support or ("\0",))
                                                         and os.path.isfile(os.path.join(self.reference, f))])
        self.degenerate = degenerate.degenerate(sources, self.functions, calls, aliases)
        self.generated = mutate.mutants(sources, self.functions, self.cap)

        submissions, only, self.members = {}, {}, {}
        for i, bundle in enumerate(corpus.bundles(self.mutants)):
            name = f"mutants{i:03d}"
            corpus.build_bundle(bundle, os.path.join(self.work, name), self.reference)
            submissions[name], only[name], self.members[name] = os.path.join(self.work, name), \
                sorted({m.file for m in bundle}), bundle
        for i, bundle in enumerate(corpus.bundles(self.variants)):
            name = f"variants{i:03d}"
            corpus.build_bundle(bundle, os.path.join(self.work, name), self.reference)
            submissions[name], only[name], self.members[name] = os.path.join(self.work, name), \
                sorted({v.file for v in bundle}), bundle
        points_only = self._add_generated(submissions, only, conflicting)
        self.log(f"grading {len(submissions)} submissions: {len(self.mutants)} hand-written mutants, "
                 f"{len(self.variants)} correct variants, {len(self.degenerate)} degenerate versions and "
                 f"{len(self.generated)} generated mutants, {self.where}")
        phase = time.monotonic()
        self.graded = self._grade(submissions, only, points_only)
        self.timings["corpora"] = time.monotonic() - phase
        self.timings["total"] = time.monotonic() - started
        self._judge()
        return len(self.defects)

    # ---- judging ----------------------------------------------------------------------------------

    def _tests_of(self, name, unit):
        file = unit.split(":")[0]
        return [t for t in self.graded[name]["tests"]
                if t["tags"][0] == unit or (unit.endswith(":*") and t["tags"][0].split(":")[0] == file)]

    def _judge(self):
        reference, starter_results = self.base["reference"], self.base["starter"]
        self.tests = {t["number"]: {"name": t["name"], "function": t["tags"][0], "points": t["max_score"],
                                    "killed_by": [], "degenerate_passes": [], "variant_fails": []}
                      for t in reference["tests"] if t["tags"][0].split(":")[0] in self.files}
        possible = sum(t["max_score"] for t in reference["tests"])
        self.scores = {"reference": (reference["score"], possible), "starter": (starter_results["score"], possible)}
        if not reference["tests"] or reference["score"] < possible:
            self.defects.append(f"the reference scores {reference['score']:g} / {possible:g}: "
                                + "; ".join(f"{t['number']} {t['name']}" for t in reference["tests"]
                                            if t["score"] < t["max_score"])[:2000])
        if starter_results["score"] > 0:
            self.defects.append(f"the starter scores {starter_results['score']:g}: "
                                + ", ".join(t["number"] for t in starter_results["tests"] if t["score"] > 0))
        self.function_stats = collections.defaultdict(lambda: collections.Counter())
        self.variant_outcomes, self.survivors, self.degenerate_passing = [], [], []
        for name, members in self.members.items():
            self._judge_harness_errors(name)
            for member in members:
                if isinstance(member, corpus.Mutant):
                    self._judge_mutant(name, member)
                elif isinstance(member, corpus.Variant):
                    self._judge_variant(name, member)
                elif member.id.split("|")[1:2] == ["degenerate"]:
                    self._judge_degenerate(name, member)
                else:
                    self._judge_generated(name, member)
        generated_ids = {g.id for g in self.generated}
        stale = sorted(i for i in set(self.equivalent) - generated_ids if i.split(":")[0] in self.files)
        if stale and not self.cap:
            self.notes.append(f"{len(stale)} entries of equivalent_mutants.json match no generated mutant "
                              f"(the reference changed?): {', '.join(stale[:10])}")
        for file in self.files:
            stats = collections.Counter()
            for function, counts in self.function_stats.items():
                if function.split(":")[0] == file:
                    stats.update(counts)
            judged = stats["generated"] - stats["equivalent"]
            if judged and stats["generated killed"] / judged < self.min_kill_rate:
                self.defects.append(f"{file}: {stats['generated killed']} of {judged} non-equivalent generated "
                                    f"mutants killed ({100 * stats['generated killed'] / judged:.1f}% < "
                                    f"{100 * self.min_kill_rate:g}%)")

    def _judge_mutant(self, name, m):
        tests = [t for t in self.graded[name]["tests"] if t["tags"][0].split(":")[0] == m.file]
        failed = [t for t in tests if t["score"] < t["max_score"]]
        for t in failed:
            if t["number"] in self.tests:
                self.tests[t["number"]]["killed_by"].append(m.name)
        for function in m.loses:
            self.function_stats[function]["hand-written"] += 1
            if not any(t["tags"][0] == function for t in failed):
                self.defects.append(f"hand-written mutant {m.name} keeps full marks on {function}")
            else:
                self.function_stats[function]["hand-written killed"] += 1
        collateral = sorted({t["tags"][0] for t in failed} - set(m.loses))
        if collateral:
            self.defects.append(f"hand-written mutant {m.name} also loses points on {', '.join(collateral)}")
        outputs = [t["output"] for t in failed]
        if m.told and not any(m.told in o for o in outputs):
            self.defects.append(f"hand-written mutant {m.name} is not told {m.told!r}")
        if m.mistake and not any(f"{KNOWN_MISTAKE}: {m.mistake}" in o for o in outputs):
            self.defects.append(f"hand-written mutant {m.name} is not named the known mistake {m.mistake!r}")

    def _judge_variant(self, name, v):
        tests = [t for t in self.graded[name]["tests"] if t["tags"][0].split(":")[0] == v.file]
        failed = [t for t in tests if t["score"] < t["max_score"]]
        named = [t for t in tests if KNOWN_MISTAKE in t["output"]]
        for t in failed:
            if t["number"] in self.tests:
                self.tests[t["number"]]["variant_fails"].append(v.name + (" (expected)" if v.xfail else ""))
        if not tests:
            outcome = "NOT GRADED"
            self.defects.append(f"correct variant {v.name}: no test of {v.file} ran")
        elif failed and v.xfail:
            outcome = "expected failure"
        elif failed:
            outcome = "FAILS"
            self.defects.append(f"correct variant {v.name} loses points: " + "; ".join(
                f"{t['number']} {t['name']}: {t['output'][:300]}" for t in failed))
        elif v.xfail:
            outcome = "PASSES (marked as an expected failure: remove the mark)"
            self.defects.append(f"correct variant {v.name} now gets full marks: remove its xfail ({v.xfail})")
        else:
            outcome = "full marks"
        if named:
            self.defects.append(f"correct variant {v.name} is told a known mistake: "
                                + "; ".join(f"{t['number']}: {t['output'][:300]}" for t in named))
        score = sum(t["score"] for t in tests), sum(t["max_score"] for t in tests)
        self.variant_outcomes.append((v, outcome, score, [t["number"] for t in failed]))

    def _judge_harness_errors(self, name):
        """A version's mistake that the grader reports as its own fault (a suite that reads a value before
        checking its type, a record it trusts) is a defect of the suites, whatever the version."""
        for error in self.graded[name].get("extra_data", {}).get("harness_errors", []):
            raised = [line for line in (error.get("traceback") or "").splitlines() if line[:1].isalpha()] or ["?"]
            self.defects.append(f"grading {name}, the grader failed on {error.get('test')} ({raised[-1][:160]}): "
                                "a mistake of the submission reported as the grader's own")

    def _judge_degenerate(self, name, g):
        tests = self._tests_of(name, g.unit)
        self.function_stats[g.unit]["degenerate"] += 1
        passing = [t for t in tests if t["score"] > 0]
        for t in passing:
            self.tests[t["number"]]["degenerate_passes"].append(g.kind)
        if passing or not tests:
            self.degenerate_passing.append((g, passing))
            self.defects.append(f"degenerate {g.unit} ({g.kind}: {g.description[:120]}) earns "
                                f"{sum(t['score'] for t in passing):g} points on "
                                + (", ".join(t["number"] for t in passing) or "(no test ran)"))

    def _judge_generated(self, name, g):
        tests = self._tests_of(name, g.unit)
        stats = self.function_stats[g.unit]
        stats["generated"] += 1
        failed = [t for t in tests if t["score"] < t["max_score"]]
        for t in failed:
            self.tests[t["number"]]["killed_by"].append(g.id)
        if failed:
            stats["generated killed"] += 1
        elif g.id in self.equivalent:
            stats["equivalent"] += 1
        else:
            self.survivors.append(g)

    # ---- the report -------------------------------------------------------------------------------

    def markdown(self):
        lines = ["# Audit of the graded tests", "",
                 f"Profile `{self.profile}`, {self.where}; "
                 f"{self.timings['total']:.0f} s in all ({self.timings['reference and starter']:.0f} s for the "
                 f"reference and the starter, {self.timings['corpora']:.0f} s for the corpora).", "",
                 f"- reference: {self.scores['reference'][0]:g} / {self.scores['reference'][1]:g}",
                 f"- starter: {self.scores['starter'][0]:g} / {self.scores['starter'][1]:g}",
                 f"- hand-written mutants: {len(self.mutants)}; correct variants: {len(self.variants)}; "
                 f"degenerate versions: {len(self.degenerate)}; generated mutants: {len(self.generated)}"
                 + (f" (at most {self.cap} per function)" if self.cap else ""),
                 f"- defects: {len(self.defects)}", ""]
        if self.defects:
            lines += ["## Defects", ""] + [f"- {d}" for d in self.defects] + [""]
        lines += ["## Per graded test", "",
                  "| test | function | points | mutants killed | degenerate versions passing "
                  "| correct variants failing |",
                  "|---|---|---|---|---|---|"]
        for number, t in sorted(self.tests.items(), key=lambda item: [int(p) if p.isdigit() else p
                                                                      for p in item[0].split(".")]):
            lines.append(f"| {number} {t['name'][:70]} | `{t['function']}` | {t['points']:g} | {len(t['killed_by'])} | "
                         f"{', '.join(sorted(set(t['degenerate_passes']))) or 'none'} | "
                         f"{', '.join(t['variant_fails']) or 'none'} |")
        lines += ["", "## Per function", "",
                  "| function | hand-written killed | degenerate at 0 | generated killed / non-equivalent | "
                  "equivalent | kill rate |", "|---|---|---|---|---|---|"]
        for function in sorted(set(self.functions) | set(self.function_stats)):
            s = self.function_stats[function]
            judged = s["generated"] - s["equivalent"]
            bad = sum(1 for g, _ in self.degenerate_passing if g.unit == function)
            rate = f"{100 * s['generated killed'] / judged:.0f}%" if judged else "-"
            lines.append(f"| `{function}` | {s['hand-written killed']} / {s['hand-written']} | "
                         f"{s['degenerate'] - bad} / {s['degenerate']} | {s['generated killed']} / {judged} | "
                         f"{s['equivalent']} | {rate} |")
        lines += ["", "## Correct variants", "", "| variant | file | outcome | points | why expected to fail |",
                  "|---|---|---|---|---|"]
        for v, outcome, score, failed in self.variant_outcomes:
            lines.append(f"| {v.name} | {v.file} | {outcome}{' (' + ', '.join(failed) + ')' if failed else ''} | "
                         f"{score[0]:g} / {score[1]:g} | {v.xfail} |")
        if self.survivors:
            lines += ["", "## Surviving generated mutants", "",
                      "Kill each with a sharper check, or list it in the assignment's `equivalent_mutants.json` "
                      "(`{\"id\": \"why no test can tell it from the reference\"}`).", ""]
            lines += [f"- `{g.id}` ({g.unit}): {g.description}" for g in self.survivors]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"

