#!/usr/bin/env python3
"""host_venv.py - create (or reuse) the virtual environment holding the real
host packages that tests/oracle/host_oracle.py runs: alembic,
plaster_pastedeploy (+ plaster, PasteDeploy), gunicorn, uvicorn, PyYAML, at
the versions pinned in tests/oracle/host-requirements.txt.

    python3 tests/oracle/host_venv.py            # prints the venv's python path
    python3 tests/oracle/host_venv.py --check    # only report; exit 1 if not ready

Location: $LOGCHECK_HOST_VENV if set, else <repo>/target/host-venv.
The venv is reused when it already has exactly the pinned versions (a stamp
file holding the requirements text is compared); otherwise it is (re)built.
Only stdout carries the python path; progress and errors go to stderr.
Exit status: 0 ready, 1 PyPI unreachable / pip failed, 2 usage error.
"""

import os
import subprocess
import sys
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
REQUIREMENTS = os.path.join(HERE, "host-requirements.txt")
STAMP = "logcheck-host-requirements.txt"


def venv_dir():
    return os.environ.get("LOGCHECK_HOST_VENV") or os.path.join(REPO, "target", "host-venv")


def venv_python(path):
    if os.name == "nt":
        return os.path.join(path, "Scripts", "python.exe")
    return os.path.join(path, "bin", "python")


def say(text):
    sys.stderr.write("host_venv: %s\n" % text)
    sys.stderr.flush()


def up_to_date(path, wanted):
    stamp = os.path.join(path, STAMP)
    if not (os.path.isfile(stamp) and os.path.isfile(venv_python(path))):
        return False
    with open(stamp, encoding="utf-8") as fh:
        return fh.read() == wanted


def build(path, wanted):
    python = venv_python(path)
    if not os.path.isfile(python):
        say("creating %s" % path)
        venv.EnvBuilder(with_pip=True, clear=False).create(path)
    say("installing pinned host packages (pip install -r %s)" % os.path.relpath(REQUIREMENTS))
    command = [python, "-m", "pip", "install", "--disable-pip-version-check",
               "--no-input", "--retries", "1", "--timeout", "20", "-q", "-r", REQUIREMENTS]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        say("pip failed (exit %d). Is PyPI reachable? pip said:" % proc.returncode)
        sys.stderr.write(proc.stdout[-4000:] + "\n")
        return False
    check = subprocess.run([python, "-c",
                            "import alembic, plaster_pastedeploy, paste.deploy, gunicorn, uvicorn, yaml"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if check.returncode != 0:
        say("packages installed but do not import:\n" + check.stdout)
        return False
    with open(os.path.join(path, STAMP), "w", encoding="utf-8") as fh:
        fh.write(wanted)
    return True


def main(argv):
    if argv not in ([], ["--check"]):
        sys.stderr.write(__doc__)
        return 2
    path = os.path.abspath(venv_dir())
    with open(REQUIREMENTS, encoding="utf-8") as fh:
        wanted = fh.read()
    if not up_to_date(path, wanted):
        if argv == ["--check"]:
            say("%s is missing or not at the pinned versions" % path)
            return 1
        if not build(path, wanted):
            return 1
    print(venv_python(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
