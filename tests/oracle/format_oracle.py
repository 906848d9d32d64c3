#!/usr/bin/env python3
"""format_oracle.py - what CPython's logging.Formatter does with formatter cases.

Reads a JSON list of cases on stdin, prints a JSON list of answers:
  case   = {"fmt": str|null, "datefmt": str|null, "style": "%"|"{"|"$",
            "defaults": dict|null, "created_ns": int, "msg": any, "args": list,
            "extra": dict|null, "name": str, "levelno": int, "pathname": str, "lineno": int}
  answer = {"init_error": "Type: msg"} | {"text": str} | {"emit_error": "Type: msg"}
The formatter is built as fileConfig builds it (empty fmt/datefmt = None,
validate on; defaults only on 3.12+). Records are built like oracle.py builds
them: TZ=UTC, frozen clock (created and _startTime = created_ns), process
4242, thread 1, func "<module>".
"""
import json, os, sys, time
from fractions import Fraction

os.environ["TZ"] = "UTC"
time.tzset()
import logging


def exc_line(e):
    t = type(e)
    name = t.__qualname__ if t.__module__ in ("builtins", "__main__") else t.__module__ + "." + t.__qualname__
    s = str(e)
    return name + ": " + s if s else name


def run(case):
    ns = case["created_ns"]
    when = float(Fraction(ns, 10**9))
    time.time = lambda: when
    time.time_ns = lambda: ns
    logging._startTime = ns if isinstance(logging._startTime, int) else when
    kw = {}
    if case.get("defaults") is not None and sys.version_info >= (3, 12):
        kw["defaults"] = case["defaults"]
    try:
        f = logging.Formatter(case.get("fmt") or None, case.get("datefmt") or None,
                              case.get("style", "%"), **kw)
    except Exception as e:
        return {"init_error": exc_line(e)}
    rec = logging.LogRecord(case.get("name", "app"), case.get("levelno", 20),
                            case.get("pathname", "app.py"), case.get("lineno", 1),
                            case.get("msg", "hello"), tuple(case.get("args", [])), None,
                            func="<module>")
    rec.process = 4242
    rec.thread = 1
    for k, v in (case.get("extra") or {}).items():
        rec.__dict__[k] = v
    try:
        return {"text": f.format(rec)}
    except Exception as e:
        return {"emit_error": exc_line(e)}


json.dump([run(c) for c in json.load(sys.stdin)], sys.stdout, ensure_ascii=False)
