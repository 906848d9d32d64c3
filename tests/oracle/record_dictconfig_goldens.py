#!/usr/bin/env python3
"""Record tests/goldens/dictconfig.json: CPython's dictConfig verdict on a
fixed list of tricky documents, for every interpreter given.

Usage (from the repository root):
    python3 tests/oracle/record_dictconfig_goldens.py \\
        3.11.7=~/.pyenv/versions/3.11.7/bin/python3 3.12.1=... 3.13.0=...
With no arguments, every ~/.pyenv/versions/3.{8..13}.*/bin/python3 is used.
Each document runs in a forked child (dictconfig_oracle.py) in the working
directory CWD below, which the suite's `dictconfig_goldens` test passes to
logcheck (file paths in messages are absolute).
"""
import glob
import json
import os
import subprocess
import sys

CWD = "/tmp/logcheck-dictconfig-goldens"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "goldens", "dictconfig.json")

SH = "logging.StreamHandler"
MEM = "logging.handlers.MemoryHandler"
QH = "logging.handlers.QueueHandler"


def h(cls, **kw):
    d = {"class": cls}
    d.update(kw)
    return d


def doc(**sections):
    d = {"version": 1}
    d.update(sections)
    return d


CASES = [
    # version
    {},
    {"version": 2},
    {"version": "1"},
    {"version": 1.0},
    {"version": True},
    {"version": None},
    {"version": [1]},
    # top level that is not a dict
    [],
    [["version", 1]],
    ["ab"],
    [1],
    "abc",
    5,
    None,
    # loads
    doc(),
    doc(handlers={"console": h(SH, stream="ext://sys.stdout", level="INFO")},
        root={"level": "DEBUG", "handlers": ["console"]}),
    # handler class
    doc(handlers={"h": {}}),
    doc(handlers={"h": {"class": 5}}),
    doc(handlers={"h": h("StreamHandler")}),
    doc(handlers={"h": h("nosuch.Handler")}),
    doc(handlers={"h": h("logging.handlers.NoSuch")}),
    doc(handlers={"h": h("logging.NoSuch")}),
    doc(handlers={"h": h("ext://logging.StreamHandler")}),
    doc(handlers={"h": h("logging.DEBUG")}),
    doc(handlers={"h": h("")}),
    # kwargs
    doc(handlers={"h": h(SH, foo=1)}),
    doc(handlers={"h": h(SH, nam=1)}),
    doc(handlers={"h": h("logging.FileHandler")}),
    doc(handlers={"h": h("logging.FileHandler", filename="missing/app.log")}),
    doc(handlers={"h": h("logging.FileHandler", filename="app.log", stream="x")}),
    doc(handlers={"h": h(SH, **{"max-bytes": 1})}),
    doc(handlers={"h": h(SH, stream="ext://sys.nope")}),
    doc(handlers={"h": h(SH, stream="ext://nosuch.x")}),
    doc(handlers={"h": h(SH, stream="cfg://nope")}),
    doc(handlers={"h": h(SH, stream="cfg://handlers[h].nope")}),
    doc(handlers={"h": h(SH, stream="cfg://")}),
    doc(handlers={"h": h(SH, stream="cfg://x[my-key]")}, x={"my-key": "ext://sys.stderr"}),
    doc(handlers={"h": h(SH, **{".": [1]})}),
    doc(handlers={"h": h(SH, **{".": {"name2": 1}})}),
    # levels
    doc(handlers={"h": h(SH, level="info")}),
    doc(handlers={"h": h(SH, level=1.5)}),
    doc(handlers={"h": h(SH, level=True)}),
    doc(loggers={"app": {"level": "info"}}),
    doc(loggers={"app": {"level": [10]}}),
    doc(root={"level": "NOPE"}),
    # formatter references and formatters
    doc(handlers={"h": h(SH, formatter="x")}),
    doc(formatters={"f": {}}, handlers={"h": h(SH, formatter="x")}),
    doc(formatters={"f": {"style": "x"}}),
    doc(formatters={"f": {"style": ["%"]}}),
    doc(formatters={"f": {"format": "no fields"}}),
    doc(formatters={"f": {"format": "no fields", "validate": False}}),
    doc(formatters={"f": {"format": "{levelname!x}", "style": "{"}}),
    doc(formatters={"f": {"format": "${message", "style": "$"}}),
    doc(formatters={"f": {"format": 5}}),
    doc(formatters={"f": {"format": "%(message)s", "defaults": {"u": "-"}}}),
    doc(formatters={"f": {"class": "nosuch.Formatter"}}),
    doc(formatters={"f": {"class": "logging.DEBUG"}}),
    doc(formatters={"f": {"class": "ext://logging.Formatter"}}),
    doc(formatters={"f": {"()": "nosuch.factory"}}),
    doc(formatters={"f": []}),
    doc(formatters={"f": 5}),
    doc(formatters=None),
    doc(formatters=5),
    # filters
    doc(filters={"x": {"name": 5}}),
    doc(filters={"x": {"()": "logging.nope"}}),
    doc(handlers={"h": h(SH, filters=["nosuch"])}),
    doc(filters={}, handlers={"h": h(SH, filters=["nosuch"])}),
    doc(filters={"x": {}}, handlers={"h": h(SH, filters="x")}),
    doc(handlers={"h": h(SH, filters=5)}),
    # MemoryHandler targets
    doc(handlers={"m": h(MEM, capacity=1, target="nosuch")}),
    doc(handlers={"a": h(MEM, capacity=1, target="z"), "z": h(SH)}),
    doc(handlers={"a": h(MEM, capacity=1, target="b"), "b": h(MEM, capacity=1, target="a")}),
    doc(handlers={"a": h(MEM, capacity=1, target="b"), "b": h(MEM, capacity=1, target="c"), "c": h(SH)}),
    doc(handlers={"m": h(MEM, capacity=1, target=["console"])}),
    doc(handlers={"m": h(MEM, capacity=1, flushLevel="ERROR")}),
    doc(handlers={"m": h(MEM, capacity=1, flushLevel="nope")}),
    doc(handlers={"m": h(MEM, target="z"), "z": h(SH)}),
    # handler entries that are not dicts
    doc(handlers={"h": "x"}),
    doc(handlers={"h": ""}),
    doc(handlers={"h": []}),
    doc(handlers={"h": 3}),
    # loggers and root
    doc(root={"handlers": ["ghost"]}),
    doc(loggers={"app": {"handlers": ["ghost"]}}),
    doc(handlers={"console": h(SH)}, loggers={"app": {"handlers": "console"}}),
    doc(loggers={"app": None}),
    doc(loggers={"app": "x"}),
    doc(root="x"),
    doc(root={}),
    doc(loggers={"app": {"filters": ["ghost"]}}),
    # incremental
    doc(incremental=True, handlers={"h": {"level": "DEBUG"}}),
    doc(incremental=True, loggers={"app": {"level": "nope"}}),
    doc(incremental=True, root={"level": "DEBUG", "handlers": ["ghost"]}),
    doc(incremental=False, disable_existing_loggers=False),
    # formatter classes that are handler classes; handler factories
    doc(formatters={"f": {"class": "logging.StreamHandler"}}),
    doc(formatters={"f": {"class": "logging.handlers.MemoryHandler", "defaults": {"a": 1}}}),
    doc(handlers={"h": {"()": "nosuch.make", "level": "INFO"}}),
    doc(handlers={"h": {"()": 7}}),
    doc(handlers={"h": {"()": "logging.DEBUG"}}),
    doc(handlers={"h": {"()": "logging.nope", "bad-key": 1}}),
    doc(handlers={"h": h(SH, stream="ext://sys.stdout", mode="w")}),
    doc(version="ext://logging.DEBUG"),
    doc(version="cfg://nope"),
    # QueueHandler (3.12+ is not modelled: the verdict rests on an assumption there)
    doc(handlers={"q": h(QH)}),
    doc(handlers={"q": h(QH, handlers=[])}),
    doc(handlers={"q": h(QH, handlers=["ghost"])}),
    doc(handlers={"a": h(QH, handlers=["z"]), "z": h(SH)}),
    doc(handlers={"a": h(QH, handlers=["b"]), "b": h(QH, handlers=["a"])}),
    doc(handlers={"q": h(QH, handlers=[], queue=5)}),
    doc(handlers={"q": h(QH, handlers=[], queue={"a": 1})}),
    doc(handlers={"q": h(QH, handlers=[], queue="logging.DEBUG")}),
    doc(handlers={"q": h(QH, handlers=[], listener="logging.StreamHandler")}),
    doc(handlers={"q": h(QH, handlers=[], listener="logging.handlers.QueueListener")}),
    doc(handlers={"q": h(QH, handlers=[], listener=5)}),
    doc(handlers={"q": h(QH, handlers=[], foo=1)}),
    doc(handlers={"q": h(QH, handlers=[], respect_handler_level=True)}),
]


def interpreters(argv):
    if argv:
        return [a.split("=", 1) for a in argv]
    found = []
    for path in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3"))):
        version = path.split("/versions/")[1].split("/")[0]
        minor = int(version.split(".")[1])
        if 8 <= minor <= 13:
            found.append((version, path))
    return found


def main():
    os.makedirs(CWD, exist_ok=True)
    oracle = os.path.join(HERE, "dictconfig_oracle.py")
    results = {}
    for version, python in interpreters(sys.argv[1:]):
        out = subprocess.run(
            [os.path.expanduser(python), oracle, CWD],
            # sorted keys: the suite reads the cases with serde_json, whose
            # maps are sorted, so CPython must see the same key order
            input=json.dumps(CASES, sort_keys=True).encode(),
            capture_output=True,
            check=True,
        )
        results[version] = json.loads(out.stdout)
    with open(OUT, "w") as f:
        json.dump({"cwd": CWD, "cases": CASES, "results": results}, f, indent=1, sort_keys=True)
        f.write("\n")
    print("recorded %d cases for %s" % (len(CASES), ", ".join(results)))


if __name__ == "__main__":
    main()
