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

With ``--files CWD`` the input is a list of ``{"name", "text", "host"}``: the
text is written to ``CWD/name`` and loaded as the host loads it ("plain":
``json.load``/``yaml.safe_load`` by the name's suffix, then dictConfig;
"uvicorn": ``uvicorn.config.Config(app=..., log_config=name)``; "gunicorn":
``--log-config-json``, gunicorn's ``glogging.Logger(cfg)``), so the reader's
errors are part of the verdict. YAML and uvicorn need the host venv
(tests/oracle/host_venv.py).
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


def verdict(load, arg):
    """What `load(arg)` raises (type, message, __cause__), or that it returns."""
    try:
        load(arg)
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


def run_one(config):
    import logging.config

    return verdict(logging.config.dictConfig, config)


def load_file(case):
    """Writes the case's file and loads it as its host does."""
    import logging.config

    name = case["name"]
    with open(name, "w", encoding="utf-8", newline="") as f:
        f.write(case["text"])
    if case["host"] == "uvicorn":
        from uvicorn.config import Config

        Config(app="app:app", log_config=name)
    elif case["host"] == "gunicorn":
        from gunicorn.config import Config
        from gunicorn.glogging import Logger

        cfg = Config()
        cfg.set("logconfig_json", name)
        Logger(cfg)
    elif name.endswith(".json"):
        with open(name) as f:
            logging.config.dictConfig(json.load(f))
    else:
        import yaml

        with open(name) as f:
            logging.config.dictConfig(yaml.safe_load(f))


def run_file(case):
    return verdict(load_file, case)


def in_child(config, run=run_one):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            out = json.dumps(run(config))
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
    files = sys.argv[1:2] == ["--files"]
    args = sys.argv[2:] if files else sys.argv[1:]
    cwd = args[0] if args else tempfile.mkdtemp(prefix="dictcfg-")
    os.chdir(cwd)
    import logging.config  # noqa: F401 - imported before forking, as a service has it

    cases = json.load(sys.stdin)
    run = run_file if files else run_one
    json.dump([in_child(c, run) for c in cases], sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
