#!/usr/bin/env python3
"""host_cli_crosscheck.py - check host_oracle.py's model of each host against
the hosts' real command-line programs, on the recorded goldens.

    python3 tests/oracle/host_cli_crosscheck.py

For every golden in tests/goldens/hosts/index.json whose host is alembic,
gunicorn or uvicorn (except --existing runs), the real
program is run on a copy of the fixture in an empty directory:

* alembic:  `alembic init -t generic <script_location>` (so env.py is the
  template's), then `alembic -c FILE current`;
* gunicorn: `gunicorn --log-config /abs/FILE --bind 127.0.0.1:0 nosuch:app`
  (the arbiter configures logging before it binds; with a config that loads,
  the worker fails to import `nosuch` and the arbiter exits);
* uvicorn:  `uvicorn --log-config FILE nosuch:app` (logging is configured,
  then importing `nosuch` fails).

When the golden has an exception raised by fileConfig, the program's stderr
must end its traceback with the same `Type: message` line (the type as the
traceback prints it); when the golden loads, that program must not die inside
fileConfig (no `logging/config.py` frame in its traceback). pserve is not
checked (Pyramid is not in the host venv).  alembic runs are skipped for
files without a usable `[alembic] script_location` (the real CLI stops there
with a CommandError before env.py; host_oracle.py models env.py's fileConfig
only). Runs under `unshare --mount` with a
private /tmp when possible. Prints one line per check and exits 1 on a
mismatch.  Takes ~1-2 minutes.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def last_exception_line(text):
    lines = [l for l in text.splitlines() if l and not l.startswith(" ")]
    for line in reversed(lines):
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|NotFound|Interrupt)\b.*", line) or \
           re.match(r"^[A-Za-z_][\w.]*: ", line) and "Error" in line.split(":")[0]:
            return line
    return None


def expected_line(exc):
    return "%s: %s" % (exc["type"], exc["message"])


def script_location(path):
    import configparser
    parser = configparser.ConfigParser({"here": "."}, strict=False)
    try:
        parser.read(path, encoding="utf-8")
        return parser.get("alembic", "script_location")
    except Exception:
        return None


def run_cli(bindir, run, work):
    fixture = os.path.join(REPO, run["fixture"])
    name = os.path.basename(fixture)
    shutil.copyfile(fixture, os.path.join(work, name))
    host = run["host"]
    if host == "alembic":
        location = script_location(os.path.join(work, name))
        if not location or os.path.isabs(location) or ":" in location:
            return None
        location = os.path.normpath(location.replace("%(here)s", "."))
        subprocess.run([os.path.join(bindir, "alembic"), "init", "-t", "generic", location],
                       cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.replace(os.path.join(work, name), os.path.join(work, "the.ini"))
        shutil.copyfile(fixture, os.path.join(work, name))
        command = [os.path.join(bindir, "alembic"), "-c", name, "current"]
    elif host == "gunicorn":
        target = os.path.join(work, name) if "absolute" in run["args"] else name
        command = [os.path.join(bindir, "gunicorn"), "--log-config", target,
                   "--bind", "127.0.0.1:0", "--workers", "1", "nosuch:app"]
    elif host == "uvicorn":
        command = [os.path.join(bindir, "uvicorn"), "--log-config", name, "nosuch:app"]
    else:
        return None
    proc = subprocess.run(command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=60, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    return proc.stdout


def main():
    if os.environ.get("LOGCHECK_CROSSCHECK_INNER") is None and shutil.which("unshare"):
        command = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                   'mount -t tmpfs logcheck-cli-tmp /tmp && exec "$@"', "sh",
                   sys.executable, os.path.abspath(__file__)]
        env = dict(os.environ, LOGCHECK_CROSSCHECK_INNER="1", TMPDIR="/tmp")
        return subprocess.run(command, env=env, cwd="/").returncode
    venv = subprocess.run([sys.executable, os.path.join(HERE, "host_venv.py")],
                          stdout=subprocess.PIPE, text=True)
    if venv.returncode != 0:
        return 1
    bindir = os.path.dirname(venv.stdout.strip())
    with open(os.path.join(REPO, "tests", "goldens", "hosts", "index.json"), encoding="utf-8") as fh:
        index = json.load(fh)
    failures = 0
    for run in index["runs"]:
        if run["host"] not in ("alembic", "gunicorn", "uvicorn"):
            continue
        if "--existing" in run["args"]:
            continue
        work = tempfile.mkdtemp(prefix="logcheck-cli-")
        try:
            output = run_cli(bindir, run, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        label = "%s %s %s" % (run["host"], " ".join(run["args"]), run["fixture"])
        if output is None:
            print("skip      %s (no usable script_location)" % label)
            continue
        exc = run["exception"]
        if exc is not None and exc["stage"] == "fileConfig":
            # the path in messages is the sandbox's: compare with <cwd> put back
            got = last_exception_line(output.replace(work, "<cwd>"))
            want = expected_line(exc)
            fine = got == want
            print("%s %s\n          want %s\n          got  %s" % ("ok      " if fine else "MISMATCH", label,
                                                               want, got))
        elif exc is None:
            fine = "logging/config.py" not in output
            print("%s %s (loads)" % ("ok      " if fine else "MISMATCH", label))
        else:
            print("skip      %s (golden raised at host stage)" % label)
            continue
        failures += 0 if fine else 1
    print("%d mismatches" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
