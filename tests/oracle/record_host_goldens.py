#!/usr/bin/env python3
"""record_host_goldens.py - run tests/oracle/host_oracle.py (with the host
venv's python) on the template fixtures, the host-trap fixtures and a
selection of real-world files, and write one golden per run to
tests/goldens/hosts/<path under tests/fixtures>.<host>[.<variant>].json,
plus tests/goldens/hosts/index.json listing every run.  Prints a verdict
table (file x host).

    python3 tests/oracle/record_host_goldens.py [--check] [--jobs N]

--check: compare with the committed goldens instead of writing (exit 1 on
a difference).  Needs the venv (tests/oracle/host_venv.py builds it), Linux
and `unshare` (every run uses host_oracle.py --private-tmp, so handlers that
write to /tmp write into a throw-away tmpfs).

Which runs:
* templates (tests/fixtures/templates/**): the detected host, and `plain`
  when that differs; gunicorn/logging.conf also under `gunicorn`; the alembic
  generic template also under alembic with --existing myapp.
* host traps (tests/fixtures/hosts/*): every host.
* real-world (REALWORLD below): every host.
gunicorn gets the absolute path (--path absolute) except in the
`relative` variant of here-in-args.ini: with a bare file name gunicorn sets
here='' and '%(here)s/x' becomes '/x' - at the filesystem root.
"""

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, "tests", "fixtures")
GOLDENS = os.path.join(REPO, "tests", "goldens", "hosts")
HOSTS = ("plain", "alembic", "pserve", "gunicorn", "uvicorn")
REALWORLD = [
    "001_ARM-software_lisa_logging.conf",
    "009_264768502_LogView_logging.conf",
    "011_AppEnlight_appenlight_development.ini",
    "012_4dn-dcic_fourfront_development.ini",
    "014_ArnholdInstitute_osm-tasking-manager2_production.ini",
    "035_Telefonica_toolium-examples_logging.conf",
    "038_DarkDNA_Schongo_logging.cfg",
    "057_0djentd_omoidasu-backend_alembic.ini",
    "058_0legRogovenko_QRkot-spreadsheets_alembic.ini",
    "060_ActiDoo_gamification-engine-dokku_production.ini",
    "063_Belphemur_TVFlix_production.ini",
    "067_192dot_python_logging_example_logging_config.ini",
    "080_TartuNLP_translation-worker_logging.ini",
    "082_Qwant_idunn_gunicorn_logging.conf",
    "086_Kotti_Kotti_testing.ini",
]


def detect_host(path):
    """The issue-12 rule: [alembic] -> alembic; [app:|server:|pipeline:|composite:] -> pserve."""
    import re
    with open(path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    heads = [m.group(1).strip() for m in re.finditer(r"^\[([^\]\n]*)\]", text, re.M)]
    if "alembic" in heads:
        return "alembic"
    if any(h.split(":", 1)[0].strip() in ("app", "server", "pipeline", "composite")
           and ":" in h for h in heads):
        return "pserve"
    return "plain"


def plan():
    runs = []

    def add(rel, host, args=(), variant=None, kind=""):
        if host == "gunicorn" and "--path" not in args:
            args = tuple(args) + ("--path", "absolute")
        name = rel + "." + host + ("." + variant if variant else "") + ".json"
        runs.append({"fixture": "tests/fixtures/" + rel, "host": host, "args": list(args),
                     "golden": "tests/goldens/hosts/" + name, "kind": kind})

    templates = os.path.join(FIXTURES, "templates")
    for directory, subdirs, names in os.walk(templates):
        subdirs.sort()
        for name in sorted(names):
            if name.endswith(".md"):
                continue
            rel = os.path.relpath(os.path.join(directory, name), FIXTURES).replace(os.sep, "/")
            detected = detect_host(os.path.join(directory, name))
            add(rel, detected, kind="template")
            if detected != "plain":
                add(rel, "plain", kind="template")
            if rel == "templates/gunicorn/logging.conf":
                add(rel, "gunicorn", kind="template")
            if rel == "templates/alembic/generic.alembic.ini":
                add(rel, "alembic", ("--existing", "myapp"), "existing-myapp", kind="template")
    for name in sorted(os.listdir(os.path.join(FIXTURES, "hosts"))):
        if name.endswith(".md"):
            continue
        rel = "hosts/" + name
        for host in HOSTS:
            add(rel, host, kind="trap")
        if name == "here-in-args.ini":
            add(rel, "gunicorn", ("--path", "relative"), "relative", kind="trap")
            add(rel, "pserve", ("--mkdir", "logs"), "mkdir-logs", kind="trap")
            add(rel, "gunicorn", ("--mkdir", "logs"), "mkdir-logs", kind="trap")
        if name == "alembic-root-only.ini":
            add(rel, "alembic", ("--existing", "myapp"), "existing-myapp", kind="trap")
    for name in REALWORLD:
        for host in HOSTS:
            add("realworld/" + name, host, kind="realworld")
    for run in runs:
        run["detected"] = detect_host(os.path.join(REPO, run["fixture"]))
    return runs


def execute(python, run):
    command = [python, os.path.join(HERE, "host_oracle.py"), "--private-tmp",
               "--host", run["host"]] + run["args"] + [os.path.join(REPO, run["fixture"])]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=120)
    if proc.returncode != 0:
        raise SystemExit("host_oracle failed on %s under %s:\n%s" % (run["fixture"], run["host"],
                                                                     proc.stderr))
    return json.loads(proc.stdout)


def verdict(result):
    exc = result["exception"]
    if exc is None:
        disabled = sorted(n for n, l in result["loggers"].items() if l["disabled"])
        text = "ok"
        if not result["fileconfig_called"]:
            text += " (no fileConfig)"
        if disabled:
            text += " (%d disabled)" % len(disabled)
        return text
    short = exc["type"].rsplit(".", 1)[-1]
    message = exc["message"].replace("\n", " ")
    if len(message) > 60:
        message = message[:57] + "..."
    return "%s: %s" % (short, message)


def verdict_matrix(runs, results):
    """Markdown: one row per fixture, one column per host (variants in the cell)."""
    rows = {}
    for run, result in zip(runs, results):
        fixture = run["fixture"][len("tests/fixtures/"):]
        cell = verdict(result).replace("|", "\\|")
        if result["exception"] is not None and result["exception"]["stage"] == "host":
            cell += " [host]"
        extra = [a for a in run["args"] if a not in ("--path", "absolute")]
        if extra:
            cell = "(%s) %s" % (" ".join(extra), cell)
        rows.setdefault(fixture, {"detected": run["detected"], "cells": {}})
        rows[fixture]["cells"].setdefault(run["host"], []).append(cell)
    lines = ["# Host verdicts (generated by tests/oracle/record_host_goldens.py; do not edit)",
             "",
             "What the real host code raises for each fixture. `ok (N disabled)`: loaded, N",
             "pre-existing loggers left disabled. `[host]`: raised by the host before fileConfig.",
             "gunicorn is given the absolute path unless `(--path relative)`. Empty: not run.",
             "",
             "| fixture | detected | " + " | ".join(HOSTS) + " |",
             "|---|---|" + "---|" * len(HOSTS)]
    for fixture, row in rows.items():
        cells = ["<br>".join(row["cells"].get(host, [])) for host in HOSTS]
        lines.append("| `%s` | %s | %s |" % (fixture, row["detected"], " | ".join(cells)))
    return "\n".join(lines) + "\n"


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args(argv)
    venv = subprocess.run([sys.executable, os.path.join(HERE, "host_venv.py")],
                          stdout=subprocess.PIPE, text=True)
    if venv.returncode != 0:
        return 1
    python = venv.stdout.strip()
    runs = plan()
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        results = list(pool.map(lambda run: execute(python, run), runs))
    differ = []
    index = []
    for run, result in zip(runs, results):
        text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
        path = os.path.join(REPO, run["golden"])
        if options.check:
            try:
                with open(path, encoding="utf-8") as fh:
                    same = fh.read() == text
            except FileNotFoundError:
                same = False
            if not same:
                differ.append(run["golden"])
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        entry = dict(run)
        entry["ok"] = result["ok"]
        entry["exception"] = result["exception"]
        index.append(entry)
    index_text = json.dumps({"python": results[0]["python"] if results else None,
                             "packages": next((r["packages"] for r in results if r["packages"]), {}),
                             "runs": index}, indent=1, ensure_ascii=False) + "\n"
    index_path = os.path.join(GOLDENS, "index.json")
    if options.check:
        try:
            with open(index_path, encoding="utf-8") as fh:
                if fh.read() != index_text:
                    differ.append("tests/goldens/hosts/index.json")
        except FileNotFoundError:
            differ.append("tests/goldens/hosts/index.json")
    else:
        with open(index_path, "w", encoding="utf-8") as fh:
            fh.write(index_text)
    matrix_text = verdict_matrix(runs, results)
    matrix_path = os.path.join(GOLDENS, "VERDICTS.md")
    if options.check:
        try:
            with open(matrix_path, encoding="utf-8") as fh:
                if fh.read() != matrix_text:
                    differ.append("tests/goldens/hosts/VERDICTS.md")
        except FileNotFoundError:
            differ.append("tests/goldens/hosts/VERDICTS.md")
    else:
        with open(matrix_path, "w", encoding="utf-8") as fh:
            fh.write(matrix_text)
    width = max(len(r["fixture"]) for r in runs) - len("tests/fixtures/")
    for run, result in zip(runs, results):
        label = run["host"] + ("(" + " ".join(run["args"]) + ")" if run["args"] else "")
        print("%-*s  %-38s  %s" % (width, run["fixture"][len("tests/fixtures/"):], label,
                                   verdict(result)))
    print("%d runs" % len(runs))
    if differ:
        print("DIFFERENT from the committed goldens:\n  " + "\n  ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
