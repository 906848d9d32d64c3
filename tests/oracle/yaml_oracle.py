#!/usr/bin/env python3
"""yaml_oracle.py - what PyYAML's `yaml.safe_load` (the pure-Python
SafeLoader, as uvicorn calls it) makes of each text, for logcheck's YAML
front end (src/dictconfig/yaml.rs).

    python tests/oracle/yaml_oracle.py < texts.json

stdin: a JSON list of strings. stdout: a JSON list, one entry per text:
  {"value": V}  where V is the tagged dump of the result:
      {"t": "null"} | {"t": "bool", "v": b} | {"t": "int", "v": "digits"}
      {"t": "float", "v": repr} | {"t": "str", "v": s}
      {"t": "list", "v": [V...]} | {"t": "map", "v": [[K, V]...]}
      {"t": "other", "v": repr}   (dates, bytes, tuples lists; a set is its
       element reprs sorted; a reference to a list/dict being dumped is
       "[...]" / "{...}" as repr writes it)
  {"error": {"type": T, "message": str(e), "problem": P, "line": L, "column": C}}
      T is the class as a traceback names it (yaml.scanner.ScannerError,
      ValueError); P, L, C (0-based) are the problem and its mark for a
      MarkedYAMLError (the context mark when there is no problem mark),
      else null.
Needs PyYAML (the host venv: tests/oracle/host_venv.py).
"""

import json
import sys

import yaml


def dump(v, stack):
    if v is None:
        return {"t": "null"}
    if isinstance(v, bool):
        return {"t": "bool", "v": v}
    if isinstance(v, int):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float):
        return {"t": "float", "v": repr(v)}
    if isinstance(v, str):
        return {"t": "str", "v": v}
    if isinstance(v, (list, dict)):
        if id(v) in stack:
            return {"t": "other", "v": "[...]" if isinstance(v, list) else "{...}"}
        stack = stack | {id(v)}
        if isinstance(v, list):
            if v and all(isinstance(x, tuple) for x in v):
                return {"t": "other", "v": repr(v)}
            return {"t": "list", "v": [dump(x, stack) for x in v]}
        return {"t": "map", "v": [[dump(k, stack), dump(x, stack)] for k, x in v.items()]}
    if isinstance(v, set):
        if not v:
            return {"t": "other", "v": "set()"}
        return {"t": "other", "v": "{" + ", ".join(sorted(repr(x) for x in v)) + "}"}
    return {"t": "other", "v": repr(v)}


def type_name(e):
    cls = type(e)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return cls.__module__ + "." + cls.__qualname__


def error(e):
    out = {"type": type_name(e), "message": str(e), "problem": None, "line": None, "column": None}
    if isinstance(e, yaml.MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        out["problem"] = e.problem
        if mark is not None:
            out["line"], out["column"] = mark.line, mark.column
    return out


def run(text):
    try:
        return {"value": dump(yaml.load(text, Loader=yaml.SafeLoader), frozenset())}
    except RecursionError as e:
        return {"error": {"type": "RecursionError", "message": str(e), "problem": None, "line": None, "column": None}}
    except Exception as e:  # noqa: BLE001 - every exception is an answer
        return {"error": error(e)}


def main():
    texts = json.load(sys.stdin)
    json.dump([run(t) for t in texts], sys.stdout)


if __name__ == "__main__":
    main()
