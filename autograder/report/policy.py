"""Course policies read from Gradescope's submission_metadata.json: a late penalty
and a resubmission cooldown. Both are off unless rubric.json sets them:

    "late_policy": {"penalty_per_day": 0.1, "max_penalty": 0.5, "grace_minutes": 5,
                    "after_late_due_date": 1.0}
    "cooldown": {"minutes": 60}

Late penalty: a submission created after the assignment's due_date (plus the
grace) loses penalty_per_day of its score per started day late, at most
max_penalty; after the late_due_date (when set) it loses after_late_due_date
(default: max_penalty). The student reads the fraction, never points (points
would tell hidden results).

Cooldown: a submission created less than `minutes` after the last graded one
is not graded; the last graded submission's results stand, with a sentence that
says when the next one will be graded. A submission refused this way is marked
in extra_data.cooldown and does not start a new cooldown.
"""
import copy
import dataclasses
import datetime
import json
import math
import os

from autograder.faults import ConfigurationError

LATE_FIELDS = {"penalty_per_day", "max_penalty", "grace_minutes", "after_late_due_date"}
COOLDOWN_FIELDS = {"minutes"}


class PolicyError(ConfigurationError):
    """A policy in rubric.json, or the metadata it needs, is not usable. str() says why."""


@dataclasses.dataclass
class Decision:
    """What rubric.json's policies make of one submission, read once from its metadata (decide()) before
    grading, and applied once (apply()) by the report stage."""
    policies: dict = dataclasses.field(default_factory=dict)  # rubric.json's {"late_policy": ..., "cooldown": ...}
    metadata: dict | None = None  # Gradescope's submission_metadata.json
    kept: dict | None = None      # the results that stand instead of a grading, during a cooldown
    problem: str | None = None    # why a policy that is set cannot be applied (instructors are told)

    def apply(self, document):
        """The results document with the late penalty applied and any policy problem recorded (in place)."""
        if self.metadata and "late_policy" in self.policies:
            try:
                apply_late_penalty(document, self.metadata, self.policies["late_policy"])
            except PolicyError as error:
                self.problem = str(error)
        if self.problem:  # a policy that cannot be applied is not applied, and instructors are told why
            document.setdefault("extra_data", {})["policy_problem"] = self.problem
        return document


def decide(policies, metadata_path) -> Decision:
    """The Decision for rubric.json's policies ({} when none is set: the metadata is not read) and the
    submission_metadata.json at metadata_path (None or missing: no policy is applied, and that is said)."""
    if not policies:
        return Decision()
    if not metadata_path or not os.path.exists(metadata_path):
        return Decision(policies, problem="rubric.json sets a policy but there is no submission metadata "
                                          "(--metadata FILE)")
    try:
        metadata = read_metadata(metadata_path)
    except PolicyError as error:
        return Decision(policies, problem=str(error))
    kept = None
    if "cooldown" in policies:
        try:
            kept = cooldown_document(metadata, policies["cooldown"])
        except PolicyError:
            pass  # a malformed time: grade rather than refuse
    return Decision(policies, metadata, kept)


def check(name, policy):
    """Raise PolicyError unless `policy` (rubric.json's value for name) is well formed."""
    fields = {"late_policy": LATE_FIELDS, "cooldown": COOLDOWN_FIELDS}[name]
    if not isinstance(policy, dict):
        raise PolicyError(f"rubric.json's {name} must be an object with {', '.join(sorted(fields))}")
    unknown = sorted(set(policy) - fields)
    if unknown:
        raise PolicyError(f"rubric.json's {name} has an unknown field {unknown[0]!r}; "
                          f"its fields are {', '.join(sorted(fields))}")
    for field, value in policy.items():
        fraction = field in ("penalty_per_day", "max_penalty", "after_late_due_date")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (fraction and value > 1):
            raise PolicyError(f"rubric.json's {name}.{field} must be a number" + (" from 0 to 1" if fraction else
                                                                                  " of at least 0"))
    if name == "cooldown" and "minutes" not in policy:
        raise PolicyError("rubric.json's cooldown needs \"minutes\"")


def read_metadata(path):
    """submission_metadata.json as a dict; PolicyError when it cannot be read."""
    try:
        with open(path, encoding="utf-8") as handle:
            metadata = json.load(handle)
    except (OSError, ValueError) as error:
        raise PolicyError(f"{path} cannot be read ({type(error).__name__})") from None
    if not isinstance(metadata, dict):
        raise PolicyError(f"{path} is not Gradescope's submission metadata")
    return metadata


def moment(text, what):
    """An ISO 8601 time of the metadata, as an aware datetime."""
    try:
        value = datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise PolicyError(f"the metadata's {what} {text!r} is not a time") from None
    return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)


def duration(seconds):
    """'2 days 10 hours', '15 minutes'."""
    minutes = int(seconds // 60)
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n) or "less than a minute"


def late_penalty(metadata, policy):
    """(fraction taken off, seconds late, the student's sentence), or None when on time."""
    created = moment(metadata.get("created_at"), "created_at")
    assignment = metadata.get("assignment") or {}
    if not assignment.get("due_date"):
        return None
    due = moment(assignment["due_date"], "due_date")
    late = (created - due).total_seconds()
    if late <= 60 * policy.get("grace_minutes", 0):
        return None
    maximum = policy.get("max_penalty", 1.0)
    late_due = assignment.get("late_due_date")
    if late_due and created > moment(late_due, "late_due_date"):
        fraction = policy.get("after_late_due_date", maximum)
        when = "after the late due date"
    else:
        fraction = min(maximum, policy.get("penalty_per_day", 0.0) * math.ceil(late / 86400))
        when = "after the due date"
    sentence = (f"Submitted {duration(late)} {when}: a late penalty of {fraction:.0%} is taken off your score.")
    return fraction, late, sentence


def apply_late_penalty(document, metadata, policy):
    """Scale the document's score by the late penalty (in place) and say so in its output."""
    found = late_penalty(metadata, policy)
    if found is None:
        document.setdefault("extra_data", {})["late_penalty"] = {"fraction": 0.0}
        return document
    fraction, late, sentence = found
    before = document["score"]
    document["score"] = round(before * (1 - fraction), 6)
    document["output"] = f"{document['output']} {sentence}".strip()
    document.setdefault("extra_data", {})["late_penalty"] = {"fraction": fraction, "late_seconds": round(late),
                                                             "score_before": before}
    return document


def cooldown_document(metadata, policy):
    """The results to keep when this submission comes too soon after the last graded one, else None."""
    created = moment(metadata.get("created_at"), "created_at")
    graded = [p for p in metadata.get("previous_submissions") or [] if isinstance(p, dict)
              and p.get("submission_time")
              and not ((p.get("results") or {}).get("extra_data") or {}).get("cooldown")]
    if not graded:
        return None
    last = max(graded, key=lambda p: moment(p["submission_time"], "submission_time"))
    since = (created - moment(last["submission_time"], "submission_time")).total_seconds()
    wait = policy["minutes"] * 60 - since
    if since < 0 or wait <= 0:
        return None
    document = copy.deepcopy(last.get("results") or {})
    if not isinstance(document.get("tests"), list):
        document = {"score": float(last.get("score") or 0.0), "output": "", "tests": []}
    document["score"] = float(document.get("score", last.get("score") or 0.0))
    document.setdefault("execution_time", 0.0)
    next_time = moment(last["submission_time"], "submission_time") + datetime.timedelta(minutes=policy["minutes"])
    sentence = (f"This submission was not graded: one graded submission per {policy['minutes']:g} minutes is "
                f"allowed and your last came {duration(since)} before it, so its results stand; submit again "
                f"after {next_time.isoformat(timespec='minutes')} (in {duration(wait)}).")
    document["output"] = f"{sentence} {document.get('output') or ''}".strip()
    document["extra_data"] = {"cooldown": {"previous": last["submission_time"], "next": next_time.isoformat()}}
    return document
