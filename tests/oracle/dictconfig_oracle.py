#!/usr/bin/env python3
"""Oracle for logcheck's dictConfig verdict (src/dictconfig/verdict.rs).

Reads a JSON list of config objects on stdin. Each one is passed to
``logging.config.dictConfig`` in a forked child (a fresh logging state: no
loggers, handlers or named handlers from an earlier case), in the working
directory given as argv[1] (default: a new temporary directory). Prints a
JSON list, one result per case:

    {"ok": true} or
    {"ok": false, "type": ..., "message": ..., "cause": {"type", "message"} | null}

``type`` is spelled as a traceback's last line names it (``ValueError``,
``io.UnsupportedOperation``).
"""
import json
import os
import sys
import tempfile


def type_name(exc):
    t = type(exc)
    mod = t.__module__
    if mod in ("builtins", "__main__"):
        return t.__qualname__
    return "%s.%s" % (mod, t.__qualname__)


def run_one(config):
    import logging.config

    try:
        logging.config.dictConfig(config)
    except Exception as e:  # noqa: BLE001 - every exception is the verdict
        cause = e.__cause__
        return {
            "ok": False,
            "type": type_name(e),
            "message": str(e),
            "cause": None
            if cause is None
            else {"type": type_name(cause), "message": str(cause)},
        }
    return {"ok": True}


def in_child(config):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            out = json.dumps(run_one(config))
        except BaseException as e:  # noqa: BLE001
            out = json.dumps({"ok": False, "type": "oracle-crash", "message": repr(e), "cause": None})
        with os.fdopen(w, "w") as f:
            f.write(out)
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as f:
        data = f.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def main():
    cwd = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="dictcfg-")
    os.chdir(cwd)
    import logging.config  # noqa: F401 - imported before forking, as a service has it

    cases = json.load(sys.stdin)
    json.dump([in_child(c) for c in cases], sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
