#!/usr/bin/env python3
"""record_dictconfig_file_goldens.py - load fixed dictConfig files as their
host does (dictconfig_oracle.py --files: json.load / yaml.safe_load then
dictConfig, uvicorn's --log-config, gunicorn's --log-config-json) and write
tests/goldens/dictconfig/files.json ([{"name", "text", "host", "python",
"expect"}]), which tests/suite/dictconfig_check_live.rs checks `logcheck
check` against without Python.

    python3 tests/oracle/record_dictconfig_file_goldens.py

Runs in the host venv (tests/oracle/host_venv.py: PyYAML, uvicorn, gunicorn).
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "tests", "goldens", "dictconfig", "files.json")


def sample(name):
    with open(os.path.join(REPO, "samples", "dictconfig", name), encoding="utf-8") as f:
        return f.read()


SERVICE = sample("service-logging.json")
UVICORN = sample("uvicorn-logging.yaml")
ONLY_LOGGERS = '{"version": 1, "loggers": {"app": {"level": "DEBUG", "handlers": ["console"]}}}\n'
NO_GENERIC = '{"version": 1, "formatters": {"plain": {"format": "%(message)s"}}}\n'
TRACE = "version: 1\nroot:\n  level: TRACE\n"
CASES = [
    ("service-logging.json", SERVICE, "plain"),
    ("service-logging.json", SERVICE, "gunicorn"),
    ("uvicorn-logging.yaml", UVICORN, "plain"),
    ("uvicorn-logging.yaml", UVICORN, "uvicorn"),
    ("loggers-only.json", ONLY_LOGGERS, "plain"),
    ("loggers-only.json", ONLY_LOGGERS, "gunicorn"),
    ("no-generic.json", NO_GENERIC, "gunicorn"),
    ("trace.yaml", TRACE, "plain"),
    ("trace.yaml", TRACE, "uvicorn"),
    ("trailing-comma.json", '{"version": 1,}\n', "plain"),
    ("trailing-comma.json", '{"version": 1,}\n', "gunicorn"),
    ("bom.json", '\ufeff{"version": 1}\n', "plain"),
    ("empty.json", "", "plain"),
    ("empty.yaml", "", "plain"),
    ("list.json", "[1, 2]\n", "gunicorn"),
    ("tab.yaml", 'version: 1\nroot: {"level":\t"INFO"}\n', "uvicorn"),
    ("unclosed.yml", "version: 1\nroot: {level: 'INFO}\n", "plain"),
    ("version2.yaml", "version: 2\n", "plain"),
    ("string-version.json", '{"version": "1"}\n', "gunicorn"),
]


def venv_python():
    out = subprocess.run([sys.executable, os.path.join(HERE, "host_venv.py")],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def main():
    python = venv_python()
    version = subprocess.run([python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    cases = [{"name": n, "text": t, "host": h} for n, t, h in CASES]
    answers = []
    for case in cases:
        # a fresh directory per case: handlers' files never meet each other
        cwd = tempfile.mkdtemp(prefix="dcfile-")
        out = subprocess.run([python, os.path.join(HERE, "dictconfig_oracle.py"), "--files", cwd],
                             input=json.dumps([case]), capture_output=True, text=True, check=True)
        answers.append(json.loads(out.stdout)[0])
    goldens = [dict(c, python=version, expect=a) for c, a in zip(cases, answers)]
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(json.dumps(goldens, indent=1, ensure_ascii=True) + "\n")
    print(f"wrote {len(goldens)} cases to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
