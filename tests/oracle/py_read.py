#!/usr/bin/env python3
"""Oracle for src/ini: read INI files exactly as logging.config.fileConfig does
(configparser.ConfigParser(defaults), cp.read(path, encoding="utf-8")) and print
what was read as JSON, keyed by file stem (or by the manifest's keys).

Regenerate the committed goldens (from the repository root, with python3 = 3.11.7):

    python3 tests/oracle/py_read.py tests/fixtures/ini-corpus/*.ini > tests/goldens/ini_corpus.json

Output per file:
  error:    null, or {type: type(e).__name__, message: str(e), line?: e.lineno,
            lines?: [line numbers of a ParsingError's bad lines]}
  defaults: [{name, raw, interp}] for cp.defaults() (null after an error)
  sections: [{name, own: [{name, raw}], merged: [{name, raw, interp}]}] for
            cp.sections(); own = the section's own options, merged = cp.options(s)
            (own, then DEFAULT), interp = cp.get(s, k) or {"error": {type, message}}
  fileconfig_precheck: only for a 0-byte file, fileConfig's own refusal.

Usage:
  py_read.py FILE...                 keys = file stems, no defaults
  py_read.py --manifest CASES.json   CASES = [{"key", "path", "defaults": [[k, v], ...] | null}]
                                     defaults are passed as ConfigParser(dict(pairs)),
                                     as fileConfig(defaults=...) does
"""
import configparser
import json
import os
import sys


def describe(exc):
    out = {"type": type(exc).__name__, "message": str(exc)}
    lineno = getattr(exc, "lineno", None)
    if lineno is not None:
        out["line"] = lineno
    if isinstance(exc, configparser.ParsingError) and not isinstance(
        exc, configparser.MissingSectionHeaderError
    ):
        out["lines"] = [n for n, _ in exc.errors]
    return out


def interpolated(cp, section, option):
    try:
        return cp.get(section, option)
    except Exception as exc:  # interpolation errors are reported, not raised
        return {"error": describe(exc)}


def read_one(path, defaults=None):
    result = {"error": None, "defaults": None, "sections": None}
    if os.path.getsize(path) == 0:
        result["fileconfig_precheck"] = "RuntimeError: %s is an empty file" % os.path.basename(path)
    try:
        cp = configparser.ConfigParser(dict(defaults) if defaults else None)
        cp.read(path, encoding="utf-8")
    except Exception as exc:
        result["error"] = describe(exc)
        return result
    result["defaults"] = [
        {
            "name": k,
            "raw": cp.get(cp.default_section, k, raw=True),
            "interp": interpolated(cp, cp.default_section, k),
        }
        for k in cp.defaults()
    ]
    result["sections"] = [
        {
            "name": s,
            "own": [{"name": k, "raw": v} for k, v in cp._sections[s].items()],
            "merged": [
                {"name": k, "raw": cp.get(s, k, raw=True), "interp": interpolated(cp, s, k)}
                for k in cp.options(s)
            ],
        }
        for s in cp.sections()
    ]
    return result


def main(argv):
    out = {}
    if argv[:1] == ["--manifest"]:
        with open(argv[1], encoding="utf-8") as f:
            cases = json.load(f)
        for case in cases:
            out[case["key"]] = read_one(case["path"], case.get("defaults"))
    else:
        for path in argv:
            out[os.path.splitext(os.path.basename(path))[0]] = read_one(path)
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
