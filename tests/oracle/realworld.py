#!/usr/bin/env python3
"""realworld.py - re-verify tests/fixtures/realworld/verdicts.json with the oracle.

    python3 tests/oracle/realworld.py verify [--update]

verdicts.json is the source of truth for the real-world corpus (106 files, see
SOURCES.md for attribution): per file its CPython verdict "python_error"
({type, message}, null = loads, "not_run" = never executed), the "define"
entries fileConfig(defaults=) needs, "mistakes" (free text), "notes".

`verify` runs fileconfig_oracle.py --batch in check-only mode from
tests/fixtures/realworld (so messages name the bare file) on every file whose
python_error is not "not_run", with its "define", and compares the reported
exception with python_error.  Files marked "not_run" are NEVER executed (they
write to absolute paths outside /tmp, reach non-local hosts or call open()).
Exits 1 on a disagreement; `--update` rewrites python_error instead.  Run it
with the interpreter whose verdicts you want (the file records 3.11.7).
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(REPO, "tests", "fixtures", "realworld")
VERDICTS = os.path.join(CORPUS, "verdicts.json")
ORACLE = os.path.join(HERE, "fileconfig_oracle.py")
# absolute paths some runnable files write to; removed afterwards if we created them
STRAY_OUTPUTS = ["/tmp/vicn.log"]


def main(argv):
    if not argv or argv[0] != "verify":
        raise SystemExit(__doc__)
    update = "--update" in argv[1:]
    with open(VERDICTS, encoding="utf-8") as fh:
        doc = json.load(fh)
    runnable = [e for e in doc["files"] if e["python_error"] != "not_run"]
    requests = [{"id": e["file"], "config": e["file"], "check_only": True,
                 **({"define": e["define"]} if e["define"] else {})} for e in runnable]
    preexisting = {p for p in STRAY_OUTPUTS if os.path.exists(p)}
    env = dict(os.environ, LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("TMPDIR", None)
    try:
        proc = subprocess.run([sys.executable, ORACLE, "--batch", "-"], input=json.dumps(requests),
                              capture_output=True, text=True, cwd=CORPUS, env=env, check=False)
    finally:
        for path in STRAY_OUTPUTS:
            if path not in preexisting and os.path.exists(path):
                os.remove(path)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    results = {}
    for line in proc.stdout.splitlines():
        item = json.loads(line)
        results[item["id"]] = item["result"]
    disagreements = 0
    for entry in runnable:
        result = results[entry["file"]]
        if "oracle_failure" in result:
            raise SystemExit("%s: %s" % (entry["file"], result["oracle_failure"]))
        if result["error"] != entry["python_error"]:
            disagreements += 1
            print("%s:\n  recorded: %r\n  oracle:   %r" % (entry["file"], entry["python_error"],
                                                          result["error"]))
            if update:
                entry["python_error"] = result["error"]
    version = "%d.%d.%d" % sys.version_info[:3]
    print("realworld: %d files run under %s, %d not run, %d disagreements"
          % (len(runnable), version, len(doc["files"]) - len(runnable), disagreements))
    if update:
        doc["python"] = version
        with open(VERDICTS, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        return 0
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
