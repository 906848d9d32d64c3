#!/usr/bin/env python3
"""samples.py - the seed-notes experiments and the verdicts of everything in samples/.

    python3 tests/oracle/samples.py goldens [VER=PYTHON ...]

1. Writes samples/seed/experiments/: the notes' base configuration (with
   'd:/logs.txt' made relative: 'logs.txt', and the format the author actually
   ran - '(asctime)s' without '%', which is what the printed output shows),
   experiments 1-6, 6b (handler01 on stderr) and the extra runs A-D, each as
   <name>.conf plus <name>.calls.json (the oracle's calls format).  Calls follow
   the notes' script test2.py: logger.debug() ... logger.critical() on
   getLogger('<name>'), lines 7-11, the notes' exact messages.
   printed-code.calls.json is the script exactly as printed (module-level
   logging.debug() ..., which always log through root).
2. Runs the oracle (batch mode, working directory = samples/) and writes
   tests/goldens/seed/<name>.json: {"config", "calls", "oracle" (3.11.7 result),
   "same_on": [versions giving the identical result], "notes_claim": what the
   notes print (or null where they print nothing), "matches_notes", "difference"}.
3. Writes tests/goldens/samples.json: for every samples/**/*.conf (except the
   generated experiments) {"python_error": {VER: ...}, "oracle": 3.11.7 result}.
   Convention: oracle run from samples/ with the path relative to samples/
   (e.g. "broken/worker-broken.conf"), in an empty sandbox (<cwd>), no --define.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SAMPLES = os.path.join(REPO, "samples")
EXPERIMENTS = os.path.join(SAMPLES, "seed", "experiments")
SEED_GOLDENS = os.path.join(REPO, "tests", "goldens", "seed")
SAMPLES_GOLDEN = os.path.join(REPO, "tests", "goldens", "samples.json")
sys.path.insert(0, HERE)
from cases import DEFAULT_PYTHONS, oracle_batch, write_json  # noqa: E402

PRIMARY = "3.11.7"

# The notes' D:/log.conf as printed, with d:/logs.txt -> logs.txt and the typo the
# author ran ('(asctime)s' without '%').
SEED_BASE = """\
[loggers]
keys=root,eg01,eg02
[logger_root]
level=NOTSET
handlers=handler01, handler02
[logger_eg01]
handlers=handler01
qualname=eg01
propagate=0
[logger_eg02]
handlers=handler02
qualname=eg02
propagate=0
[handlers]
keys=handler01,handler02
[handler_handler01]
class=StreamHandler
level=WARNING
formatter=form01
args=(sys.stdout,)
[handler_handler02]
class=FileHandler
level=ERROR
formatter=form02
args=('logs.txt', 'a')
[formatters]
keys=form01,form02
[formatter_form01]
format=%(name)s: (asctime)s %(filename)s[line:%(lineno)d] %(levelname)s %(message)s
datefmt=%a, %d %b %Y %H:%M:%S
[formatter_form02]
format=%(name)-12s: %(levelname)-8s %(message)s
datefmt=
"""

MESSAGES = [("DEBUG", "this is a debug level message"), ("INFO", "this is info level message"),
            ("WARNING", "this is warning level message"), ("ERROR", "this is error level message"),
            ("CRITICAL", "this is critical level message")]


def edit(text, old, new):
    if old not in text:
        raise SystemExit("edit target %r not found" % old)
    return text.replace(old, new, 1)


def calls_for(logger, via="logger"):
    calls = []
    for lineno, (level, msg) in enumerate(MESSAGES, 7):
        call = {"level": level, "msg": msg, "pathname": "test2.py", "lineno": lineno}
        if via == "module":
            call["via"] = "module"
        else:
            call["logger"] = logger
        calls.append(call)
    return calls


def console(name, levels):
    by_level = {level: (lineno, msg) for lineno, (level, msg) in enumerate(MESSAGES, 7)}
    return ["%s: (asctime)s test2.py[line:%d] %s %s" % (name, by_level[l][0], l, by_level[l][1])
            for l in levels]


def logs_txt(name, levels):
    by_level = dict(MESSAGES)
    return ["%-12s: %-8s %s" % (name, l, by_level[l]) for l in levels]


WEC = ["WARNING", "ERROR", "CRITICAL"]
EC = ["ERROR", "CRITICAL"]
ALL = [l for l, _ in MESSAGES]


def experiments():
    """(name, title, config text, logger, notes claim or None)."""
    base = SEED_BASE
    exp3 = edit(base, "[logger_eg01]\n", "[logger_eg01]\nlevel=DEBUG\n")
    exp4 = edit(edit(exp3, "level=WARNING\nformatter=form01\n", "formatter=form01\n"),
                "[logger_root]\nlevel=NOTSET\n", "[logger_root]\nlevel=INFO\n")
    exp5 = edit(exp4, "[logger_eg01]\nlevel=DEBUG\n", "[logger_eg01]\n")
    exp6 = edit(exp5, "handlers=handler02\nqualname=eg02", "handlers=handler02,handler01\nqualname=eg02")
    exp6b = edit(exp6, "args=(sys.stdout,)", "args=(sys.stderr,)")
    claim = lambda out, logs, stream="stdout": {"stream": stream, "console": out, "logs.txt": logs}
    return [
        ("base", "the notes' configuration, code logging through root", base, "root",
         claim(console("root", WEC), logs_txt("root", EC))),
        ("base-root-debug", "base with [logger_root] level=DEBUG ('output unchanged')",
         edit(base, "[logger_root]\nlevel=NOTSET\n", "[logger_root]\nlevel=DEBUG\n"), "root",
         claim(console("root", WEC), logs_txt("root", EC))),
        ("exp1", "experiment 1: code uses getLogger('eg01')", base, "eg01",
         claim(console("eg01", WEC), [])),
        ("exp2", "experiment 2: code uses getLogger('eg02')", base, "eg02",
         claim([], logs_txt("eg02", EC))),
        ("exp3", "experiment 3: [logger_eg01] level=DEBUG", exp3, "eg01",
         claim(console("eg01", WEC), None)),
        ("exp4", "experiment 4: handler01 level removed, root level=INFO", exp4, "eg01",
         claim(console("eg01", ALL), None)),
        ("exp5", "experiment 5: eg01 level removed", exp5, "eg01",
         claim(console("eg01", ALL[1:]), None)),
        ("exp6", "experiment 6: [logger_eg02] handlers=handler02,handler01, code uses eg02", exp6,
         "eg02", claim(console("eg02", ALL[1:]), logs_txt("eg02", EC))),
        ("exp6b", "experiment 6 (second): handler01 args=(sys.stderr,)", exp6b, "eg02",
         claim(console("eg02", ALL[1:]), None, "stderr")),
        ("base-asctime", "base with the format corrected to %(asctime)s (what the notes meant)",
         edit(base, ": (asctime)s", ": %(asctime)s"), "root", None),
        ("extra-a", "extra A: base + [logger_eg01] level=ERROR (logger level is not overridden)",
         edit(base, "[logger_eg01]\n", "[logger_eg01]\nlevel=ERROR\n"), "eg01", None),
        ("extra-b", "extra B: base + [logger_eg01] propagate=1 (duplicates via root's handlers)",
         edit(base, "qualname=eg01\npropagate=0", "qualname=eg01\npropagate=1"), "eg01", None),
        ("extra-c", "extra C: experiment 5 without [logger_root] level (root keeps WARNING)",
         edit(exp5, "[logger_root]\nlevel=INFO\n", "[logger_root]\n"), "eg01", None),
        ("extra-d", "extra D: experiment 5 + [logger_eg01] level=NOTSET (inherit from root)",
         edit(exp5, "[logger_eg01]\n", "[logger_eg01]\nlevel=NOTSET\n"), "eg01", None),
    ]


def lines(text):
    return text.splitlines()


def compare_with_notes(result, claim):
    if claim is None:
        return None, "the notes print nothing for this run"
    if "error" in result:
        return False, "fileConfig raised %s" % result["error"]
    problems = []
    other = "stderr" if claim["stream"] == "stdout" else "stdout"
    if lines(result["streams"][claim["stream"]]) != claim["console"]:
        problems.append("console (%s) differs" % claim["stream"])
    if result["streams"][other]:
        problems.append("unexpected output on %s" % other)
    if claim["logs.txt"] is not None and lines(result["files"].get("logs.txt", "")) != claim["logs.txt"]:
        problems.append("logs.txt differs")
    return not problems, "; ".join(problems)


def write_experiments():
    os.makedirs(EXPERIMENTS, exist_ok=True)
    for name, _title, text, logger, _claim in experiments():
        with open(os.path.join(EXPERIMENTS, name + ".conf"), "w", encoding="utf-8") as fh:
            fh.write(text)
        write_json(os.path.join(EXPERIMENTS, name + ".calls.json"), calls_for(logger))
    write_json(os.path.join(EXPERIMENTS, "printed-code.calls.json"), calls_for(None, "module"))


def sample_paths():
    found = []
    for directory, subdirs, names in os.walk(SAMPLES):
        subdirs[:] = sorted(d for d in subdirs if os.path.join(directory, d) != EXPERIMENTS)
        for name in sorted(names):
            if name.endswith(".conf"):
                found.append(os.path.relpath(os.path.join(directory, name), SAMPLES))
    return sorted(found)


def goldens(pythons):
    write_experiments()
    exps = experiments()
    requests = []
    for name, _title, _text, _logger, _claim in exps:
        requests.append({"id": name, "config": "seed/experiments/%s.conf" % name,
                         "calls_file": "seed/experiments/%s.calls.json" % name})
    for name in ("base", "exp1", "exp2"):
        requests.append({"id": name + "+printed-code", "config": "seed/experiments/%s.conf" % name,
                         "calls_file": "seed/experiments/printed-code.calls.json"})
    paths = sample_paths()
    requests += [{"id": path, "config": path} for path in paths]
    results = {version: oracle_batch(python, requests, SAMPLES) for version, python in pythons}
    primary = results[PRIMARY]

    os.makedirs(SEED_GOLDENS, exist_ok=True)
    titles = {name: (title, claim) for name, title, _t, _l, claim in exps}
    for request in requests[:len(exps) + 3]:
        name = request["id"]
        base_name = name.split("+")[0]
        title, claim = titles[base_name]
        result = primary[name]
        if name.endswith("+printed-code"):
            title = title + " - calls exactly as printed (module-level logging.*)"
        matches, difference = compare_with_notes(result, claim)
        with open(os.path.join(SAMPLES, request["calls_file"]), encoding="utf-8") as fh:
            calls = json.load(fh)
        write_json(os.path.join(SEED_GOLDENS, name + ".json"), {
            "name": name, "title": title, "config": request["config"],
            "calls": request["calls_file"], "calls_list": calls,
            "oracle": result,
            "same_on": [v for v in results if results[v][name] == result],
            "notes_claim": claim, "matches_notes": matches, "difference": difference})
        print("seed %-22s matches_notes=%-5s %s" % (name, matches, difference))

    verdicts = {}
    for path in paths:
        verdicts[path] = {
            "python_error": {v: results[v][path].get("error") for v in results},
            "oracle": primary[path],
        }
        print("sample %-36s %s" % (path, verdicts[path]["python_error"][PRIMARY]))
    write_json(SAMPLES_GOLDEN, {"python": PRIMARY, "cwd": "samples/", "samples": verdicts})


def main(argv):
    if not argv or argv[0] != "goldens":
        raise SystemExit(__doc__)
    pythons = [tuple(a.split("=", 1)) for a in argv[1:]] or DEFAULT_PYTHONS
    if PRIMARY not in dict(pythons):
        raise SystemExit("the %s interpreter is required" % PRIMARY)
    goldens(pythons)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
