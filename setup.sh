#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# The engine runs in its own virtual environment: replacing the system python3
# would break Gradescope's own tools.
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q python3 python3-venv
python3 -m venv /opt/autograder/venv
/opt/autograder/venv/bin/pip install --quiet -r "$source_dir/requirements.txt"
