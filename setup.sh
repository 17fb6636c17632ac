#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# The engine runs in its own virtual environment, built from the system interpreter:
# replacing the system python3 would break Gradescope's own tools, and an interpreter
# under /root could not be run by the unprivileged user that student code runs as.
# AUTOGRADER_BASE_PYTHON (default /usr/bin/python3) and AUTOGRADER_VENV (default
# /opt/autograder/venv) move both, for tests.
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base_python="${AUTOGRADER_BASE_PYTHON:-/usr/bin/python3}"
venv="${AUTOGRADER_VENV:-/opt/autograder/venv}"
if ! "$base_python" -c 'import ensurepip, venv' 2>/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q python3 python3-venv
fi
"$base_python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$source_dir/requirements-grading.txt"
# Compile the grader's own modules once, here: run_autograder writes no bytecode, so each grading would
# compile the engine, the suites and the reference again (a tenth of a CPU-second and more).
"$venv/bin/python" -m compileall -q "$source_dir/autograder" "$source_dir/assignment" "$source_dir/reference" >/dev/null || true
# Generate the property tests' inputs once, here, by grading the reference: every grading then replays them
# (autograder/grading/replay.py) instead of paying hypothesis's engine again. If this fails, each grading generates them.
if [ -d "$source_dir/reference" ] && [ -z "${AUTOGRADER_NO_REPLAY:-}" ]; then
    AUTOGRADER_PYTHON="$venv/bin/python" "$source_dir/run_autograder" --submission "$source_dir/reference" \
        --results "$(mktemp)" --quiet >/dev/null 2>&1 || true
fi
