#!/usr/bin/env python3
"""record_convert_goldens.py - re-records tests/goldens/convert/.

For each ``NAME.ini`` there: converts it with ``target/debug/logcheck convert
--to json`` and ``--to yaml`` (build first), runs the original with fileConfig
and both conversions with dictConfig through convert_oracle.py with the calls
below, requires the three results to be identical, and writes ``NAME.json``,
``NAME.yaml`` (the verified conversions) and ``NAME.result.json`` (CPython's
result and version). The suite's ``convert_goldens`` checks that logcheck
still writes exactly the verified conversions.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GOLDENS = os.path.join(ROOT, "tests", "goldens", "convert")
LOGCHECK = os.path.join(ROOT, "target", "debug", "logcheck")
CALLS = [{"logger": lg, "level": lv, "msg": "m %d" % i, "lineno": i + 1}
         for i, (lg, lv) in enumerate([("", 20), ("app", 10), ("app.db", 40), ("yes", 30),
                                      ("other", 50), ("app", 20), ("", 40)])]


def convert(path, to):
    out = subprocess.run([LOGCHECK, "convert", path, "--to", to], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("%s --to %s: %s" % (path, to, out.stderr))
    return out.stdout


def main():
    for name in sorted(f[:-4] for f in os.listdir(GOLDENS) if f.endswith(".ini")):
        ini = os.path.join(GOLDENS, name + ".ini")
        cases = [{"id": "ini", "config": ini, "load": "ini", "calls": CALLS}]
        for to in ("json", "yaml"):
            path = os.path.join(GOLDENS, "%s.%s" % (name, to))
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(convert(ini, to))
            cases.append({"id": to, "config": path, "load": to, "calls": CALLS})
        out = subprocess.run([sys.executable, os.path.join(HERE, "convert_oracle.py")],
                             input=json.dumps(cases), capture_output=True, text=True, check=True)
        results = [json.loads(line)["result"] for line in out.stdout.splitlines()]
        if not all(r == results[0] for r in results):
            sys.exit("%s: the conversions differ from the original:\n%s" % (name, out.stdout))
        record = {"python": "%d.%d.%d" % sys.version_info[:3], "calls": CALLS, "result": results[0]}
        with open(os.path.join(GOLDENS, name + ".result.json"), "w", encoding="utf-8") as fh:
            json.dump(record, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        print("recorded", name)


if __name__ == "__main__":
    main()
