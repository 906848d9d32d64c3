#!/bin/sh
# regen_goldens.sh - regenerate every oracle-derived fixture and golden of logcheck.
#
# Needs the four reference interpreters (override with PY3112=..., PY3117=..., PY3121=..., PY3130=...):
#   3.11.2 /usr/bin/python3.11, 3.11.7 / 3.12.1 / 3.13.0 under ~/.pyenv/versions.
# Writes (all committed; tests read them, never the interpreters):
#   tests/fixtures/fileconfig/{<ID>.ini,F05.dir/,cases.json}   (cases.py materialise)
#   tests/goldens/fileconfig/{<ID>.json,python_errors.json}    (4 versions each)
#   tests/fixtures/realworld/verdicts.json  (python_error re-verified with 3.11.7; fails on drift)
#   samples/seed/experiments/*, tests/goldens/seed/*.json, tests/goldens/samples.json
# Usage: sh tests/oracle/regen_goldens.sh    (from anywhere; ~10 s)
set -eu
cd "$(dirname "$0")/../.."
PY3112=${PY3112:-/usr/bin/python3.11}
PY3117=${PY3117:-$HOME/.pyenv/versions/3.11.7/bin/python3}
PY3121=${PY3121:-$HOME/.pyenv/versions/3.12.1/bin/python3}
PY3130=${PY3130:-$HOME/.pyenv/versions/3.13.0/bin/python3}
export LC_ALL=C.UTF-8 PYTHONIOENCODING=utf-8
unset TMPDIR

"$PY3117" tests/oracle/cases.py goldens \
    3.11.2="$PY3112" 3.11.7="$PY3117" 3.12.1="$PY3121" 3.13.0="$PY3130"
"$PY3117" tests/oracle/realworld.py verify
"$PY3117" tests/oracle/samples.py goldens \
    3.11.2="$PY3112" 3.11.7="$PY3117" 3.12.1="$PY3121" 3.13.0="$PY3130"
echo "regen_goldens: done"
